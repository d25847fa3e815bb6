# -*- coding: utf-8 -*-
"""Conversion entries of production postings, finished goods cost, variances, and the
WIP of every order at 0.00 after every posting (DESIGN 4 and 5)."""
from .costing_common import CostingCase


class TestSeedConversion(CostingCase):
    """The seed's case: rate 10 per machine hour x 200 machine hours."""

    @classmethod
    def setUpClass(cls):
        super(TestSeedConversion, cls).setUpClass()
        cls.assembly = cls._workcenter("Seed Assembly")
        cls.routing = cls._routing("Seed routing", [(cls.assembly, 60.0)])
        cls.panel = cls._product("Seed Panel", 5.0)
        # standard 15 = material 5 + conversion 1 h x 10: no variance
        cls.cabinet = cls._product("Seed Cabinet", 15.0)
        cls.bom = cls._bom(cls.cabinet, [(cls.panel, 1)], routing=cls.routing)
        cls._stock(cls.panel, 1000)
        cls.pool = cls._pool("Manufacturing Overhead", "machine_hours", rate=10.0)

    def test_seed_standard_time_200_hours_posts_2000(self):
        production = self._production(self.cabinet, 200)
        self._complete(production, 200)

        # one entry for the posting: its stock valuation, conversion costs and variances
        conversion = self._typed_lines(production, "conversion")
        entry = conversion.mapped("move_id")
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.journal_id, self.backflush_journal)
        self.assertEqual(entry.ref, production.name)
        self.assertEqual(entry.backflush_production_id, production)
        self.assertEqual(entry.stock_move_id.raw_material_production_id, production)
        self.assertEqual(len(conversion), 2)
        debit = conversion.filtered("debit")
        credit = conversion.filtered("credit")
        self.assertEqual((debit.account_id, debit.debit), (self.wip, 2000.0))
        self.assertEqual((credit.account_id, credit.credit), (self.overhead_applied, 2000.0))
        self.assertEqual(credit.backflush_pool_id, self.pool)
        log = production.backflush_cost_line_ids
        self.assertEqual((log.pool_id, log.workcenter_id, log.activity, log.rate, log.amount),
                         (self.pool, self.assembly, 200.0, 10.0, 2000.0))
        # standard 15 = actual 5 + 10: nothing left for variances
        self.assertEqual(production.backflush_move_ids, entry)
        self.assertEqual(production.backflush_move_count, 1)
        self.assertWipCleared(production)
        self.assertAlmostEqual(self._balance(self.account_stock, production),
                               200 * 15.0 - 200 * 5.0)

    def test_seed_time_logs_200_hours_post_2000(self):
        """Time logged on the work orders wins over the standard time (150 h here)."""
        production = self._production(self.cabinet, 150)
        self._log_time(production, 200 * 60)
        self._complete(production, 150)

        conversion = self._typed_lines(production, "conversion")
        self.assertEqual(self._lines(conversion), {self.wip: 2000.0,
                                                   self.overhead_applied: -2000.0})
        self.assertTrue(all(production.workorder_ids.mapped("time_ids.backflush_costed")))
        # standard 150 h x 10 = 1,500: 500 unfavourable efficiency variance clears WIP, on
        # the one variance account the install sets
        variance = self._typed_lines(production, "variance")
        self.assertEqual(self._lines(variance), {
            self.company.backflush_variance_account_id: 500.0, self.wip: -500.0})
        self.assertWipCleared(production)

    def test_analytic_account_on_the_wip_debit(self):
        analytic = self.env["account.analytic.account"].create({"name": "Cabinets line"})
        production = self._production(self.cabinet, 20)
        production.analytic_account_id = analytic
        self._complete(production, 20)
        wip_line = self._typed_lines(production, "conversion").filtered("debit")
        self.assertEqual(wip_line.analytic_account_id, analytic)
        self.assertEqual(sum(analytic.line_ids.mapped("amount")), -200.0)

    def test_smart_button_lists_the_entries_of_the_order(self):
        """Every entry that hits the order's WIP is listed, the valuation of its stock
        moves as well as the backflush's: Dr WIP 2 x 5.00 components + 2 h x 10 = 20.00
        conversion, Cr WIP 2 x 15.00 finished goods: their WIP lines add up to 0."""
        production = self._production(self.cabinet, 2)
        self._complete(production, 2)
        action = production.action_view_backflush_moves()
        listed = self.env["account.move"].search(action["domain"])
        stock_entries = self.env["account.move"].search(
            [("stock_move_id", "in", (production.move_raw_ids
                                      | production.move_finished_ids).ids)])
        self.assertTrue(stock_entries)
        self.assertEqual(listed, stock_entries | production.backflush_move_ids)
        self.assertEqual(production.backflush_move_count, len(listed))
        wip_lines = listed.mapped("line_ids").filtered(lambda line: line.account_id == self.wip)
        self.assertEqual(sum(wip_lines.mapped("debit")), 10.0 + 20.0)
        self.assertEqual(sum(wip_lines.mapped("credit")), 30.0)
        self.assertEqual(action["name"], "Entries of %s" % production.name)


class StandardTableCase(CostingCase):
    """A standard-cost table of 4 legs (3.00) and 1 top (FIFO: 5 at 20.00 then 10 at
    24.00), 1 h at its work center, the variance accounts one per kind; its subclasses
    name the table's standard (TABLE_STANDARD) and add the pools."""
    TABLE_STANDARD = 0.0

    @classmethod
    def setUpClass(cls):
        super(StandardTableCase, cls).setUpClass()
        cls._variance_accounts_per_kind()
        cls.assembly = cls._workcenter("Variance Assembly")
        cls.routing = cls._routing("Variance routing", [(cls.assembly, 60.0)])
        cls.leg = cls._product("Variance Leg", 3.0)
        cls.top = cls._product("Variance Top", 0.0, categ=cls.categ_fifo)
        cls.table = cls._product("Variance Table", cls.TABLE_STANDARD)
        cls.bom = cls._bom(cls.table, [(cls.leg, 4), (cls.top, 1)], routing=cls.routing)
        cls._stock(cls.leg, 100)
        cls._receive(cls.top, 5, 20.0)
        cls._receive(cls.top, 10, 24.0)

    def _complete_ten_with_overuse(self):
        """10 tables completed (Mark as Done) with 42 legs consumed and 12 h logged."""
        production = self._production(self.table, 10)
        self._log_time(production, 12 * 60)
        self._produce(production, 10)
        production.move_raw_ids.filtered(lambda m: m.product_id == self.leg).quantity_done = 42
        production.button_mark_done()
        return production


class TestStandardVariances(StandardTableCase):
    """DESIGN 5.4 on known numbers. Finished standard 45 = 4 legs x 3 + 1 top + 1 h x 10.
    10 units: 42 legs used instead of 40; tops are FIFO, 5 at 20 then 5 at 24 (current
    cost 24); 12 hours logged instead of 10.
      WIP debits: legs 126 + tops 220 + conversion 120 = 466; finished goods 450 -> 16
      material usage  (42 - 40) x 3                          =   6.00
      material price  (126 + 220) - (42 x 3 + 10 x 24)       = -20.00
      efficiency      120 - 10 h x 10                        =  20.00
      revision        (40 x 3 + 10 x 24) + 100 - 450         =  10.00   total 16.00"""
    TABLE_STANDARD = 45.0

    @classmethod
    def setUpClass(cls):
        super(TestStandardVariances, cls).setUpClass()
        cls._pool("Machine overhead", "machine_hours", rate=10.0)

    def test_the_rest_of_wip_is_split_into_four_named_variances(self):
        company = self.company
        production = self._complete_ten_with_overuse()

        self.assertEqual(self._lines(self._typed_lines(production, "conversion")),
                         {self.wip: 120.0, self.overhead_applied: -120.0})
        self.assertEqual(self._lines(self._typed_lines(production, "variance")), {
            company.backflush_material_usage_account_id: 6.0,
            company.backflush_material_price_account_id: -20.0,
            company.backflush_efficiency_account_id: 20.0,
            company.backflush_revision_account_id: 10.0,
            self.wip: -16.0})
        kinds = {line.variance_kind: line.amount for line in production.backflush_cost_line_ids
                 if line.line_type == "variance"}
        self.assertEqual(kinds, {"material_usage": 6.0, "material_price": -20.0,
                                 "conversion_efficiency": 20.0, "standard_revision": 10.0})
        # the report: costs applied and variances are two measures, each row named by
        # its pool or its variance: 120 applied, 6 - 20 + 20 + 10 = 16 of variances
        report = self.env["mrp.backflush.cost.line"].read_group(
            [("production_id", "=", production.id)],
            ["name", "applied_amount", "variance_amount"], ["name"])
        self.assertEqual(
            sorted((group["name"], group["applied_amount"], group["variance_amount"])
                   for group in report),
            [("Conversion efficiency: Machine overhead", 0.0, 20.0),
             ("Machine overhead", 120.0, 0.0),
             ("Material price", 0.0, -20.0), ("Material usage", 0.0, 6.0),
             ("Standard revision", 0.0, 10.0)])
        self.assertWipCleared(production)
        self.assertAlmostEqual(self._balance(self.account_stock, production), 450.0 - 126.0 - 220.0)

    def test_the_entry_reads_top_down_each_line_saying_what_it_books(self):
        """The posting's entry as Odoo lists its journal items (account.move.line's
        order, newest first): components (WIP Dr 42 x 3 + 220 = 346), conversion (WIP
        Dr 12 h x 10 = 120 / Cr the pool 120), finished goods (Dr stock 10 x 45 = 450 / Cr
        WIP 450), variances (6 - 20 + 20 + 10 = 16 / WIP Cr 16); no line labelled with
        the order's name alone."""
        production = self._complete_ten_with_overuse()
        entry = self._typed_lines(production, "conversion").mapped("move_id")
        name = production.name
        listed = [(line.backflush_line_type, line.name, round(line.debit - line.credit, 2))
                  for line in entry.line_ids]
        self.assertEqual([line for line in listed if line[2] > 0 or line[0] != "component"],
                         [
            ("component", "%s \u2013 Components: Variance Leg, Variance Top" % name, 346.0),
            ("conversion", "%s \u2013 Conversion applied: Machine overhead" % name, 120.0),
            ("conversion", "%s \u2013 Overhead applied: Machine overhead" % name, -120.0),
            ("finished", "%s \u2013 Finished goods: Variance Table" % name, 450.0),
            ("finished", "%s \u2013 Finished goods: Variance Table" % name, -450.0),
            ("variance", "%s \u2013 Material usage" % name, 6.0),
            ("variance", "%s \u2013 Material price" % name, -20.0),
            ("variance", "%s \u2013 Conversion efficiency: Machine overhead" % name, 20.0),
            ("variance", "%s \u2013 Standard revision" % name, 10.0),
            ("variance", "%s \u2013 Work in process cleared: Material usage, Material "
             "price, Conversion efficiency, Standard revision" % name, -16.0)])
        # the components' stock valuation credits: 346 in all, between the two components
        credits = [line for line in listed if line[0] == "component" and line[2] < 0]
        self.assertEqual(listed[1:1 + len(credits)], credits)
        self.assertEqual(round(sum(line[2] for line in credits), 2), -346.0)
        self.assertNotIn(name, [line[1] for line in listed])

    def test_partial_postings_each_clear_their_wip(self):
        """4 then 6 tables. First: tops 4 x 20 (cost 20): revision 16 x 3 + 80 + 40 - 180
        = -12. Second: tops 1 x 20 + 5 x 24 = 140 at cost 24: price 140 - 144 = -4,
        revision 24 x 3 + 144 + 60 - 270 = 6."""
        company = self.company
        price = company.backflush_material_price_account_id
        revision = company.backflush_revision_account_id
        production = self._production(self.table, 10)
        self._complete(production, 4, mark_done=False)
        self.assertWipCleared(production)
        self._complete(production, 6)
        first, second = self._typed_lines_per_posting(production, "variance")
        self.assertEqual(self._lines(first), {revision: -12.0, self.wip: 12.0})
        self.assertEqual(self._lines(second), {price: -4.0, revision: 6.0, self.wip: -2.0})
        self.assertEqual([sum(lines.mapped("debit"))
                          for lines in self._typed_lines_per_posting(production, "conversion")],
                         [40.0, 60.0])
        self.assertWipCleared(production)

    def test_components_consumed_ahead_count_in_the_posting_that_receives(self):
        """All legs consumed in a first posting that produced nothing: they wait in WIP,
        then the posting that receives the tables matches them to the standard (no usage
        variance)."""
        company = self.company
        production = self._production(self.table, 10)
        legs = production.move_raw_ids.filtered(lambda m: m.product_id == self.leg)
        legs.quantity_done = 40
        production.post_inventory()
        self.assertEqual(legs.state, "done")
        self.assertEqual(self._order_wip(production), 120.0)
        self._complete(production, 10)
        self.assertEqual(self._lines(self._typed_lines(production, "variance")), {
            company.backflush_material_price_account_id: -20.0,
            company.backflush_revision_account_id: 10.0, self.wip: 10.0})
        self.assertWipCleared(production)

    def test_components_consumed_at_their_operation(self):
        """Legs of policy `operation` are consumed when the work order records production,
        before the posting: the posting that receives the tables clears them (at standard
        quantity: no usage variance)."""
        operation = self.routing.operation_ids
        bom = self._bom(self.table, [(self.leg, 4, {"backflush_policy": "operation",
                                                   "operation_id": operation.id}),
                                     (self.top, 1)], routing=self.routing)
        production = self._production(self.table, 10, bom=bom)
        production.button_plan()
        workorder = production.workorder_ids
        workorder.button_start()
        workorder.qty_producing = 10
        workorder.record_production()
        legs = production.move_raw_ids.filtered(lambda m: m.product_id == self.leg)
        self.assertEqual((legs.state, legs.quantity_done), ("done", 40.0))
        self.assertEqual(self._order_wip(production), 120.0)
        production.button_mark_done()
        lines = self._lines(self._typed_lines(production, "variance"))
        self.assertNotIn(self.company.backflush_material_usage_account_id, lines)
        self.assertWipCleared(production)

    def test_queued_components_leave_wip_when_they_post(self):
        """The backflush queue: 10 tables with 20 legs on hand (40 needed) are received, the
        legs wait; at the posting WIP is cleared with a usage variance of -40 x 3, when the
        legs come the queue consumes them and +120 of usage clears WIP again."""
        company = self.company
        usage = company.backflush_material_usage_account_id
        company.backflush_negative_policy = "queue"
        self.env["stock.quant"]._update_available_quantity(self.leg, self.stock_location, -80)
        production = self._production(self.table, 10)
        self._complete(production, 10)
        self.assertEqual(production.backflush_queued_count, 1)
        self.assertEqual(self._lines(self._typed_lines(production, "variance"))[usage], -120.0)
        self.assertWipCleared(production)
        self._stock(self.leg, 100)
        production.action_backflush_retry()
        self.assertEqual(production.backflush_queued_count, 0)
        late = self._typed_lines_per_posting(production, "after_completion")[-1]
        self.assertEqual(self._lines(late), {usage: 120.0, self.wip: -120.0})
        self.assertWipCleared(production)

    def test_variances_fall_back_on_the_company_variance_account(self):
        company = self.company
        company.backflush_material_usage_account_id = False
        production = self._production(self.table, 10)
        self._produce(production, 10)
        production.move_raw_ids.filtered(lambda m: m.product_id == self.leg).quantity_done = 41
        production.button_mark_done()
        lines = self._lines(self._typed_lines(production, "variance"))
        self.assertEqual(lines[company.backflush_variance_account_id], 3.0)
        self.assertWipCleared(production)


class TestEfficiencyPerPool(StandardTableCase):
    """The conversion efficiency variance is carried by the pools it comes from. 10
    tables (4 legs at 3.00, 1 top: 5 on hand at 20.00 then 10 at 24.00, FIFO; standard
    79.00 = 4 x 3 + 24 + 1 h x 25 + 50 % of the 36.00 material), 42 legs consumed, 12 h
    logged (standard 10 h):
      material usage   (42 - 40) x 3                              =   6.00
      material price   (126 + 100 + 120) - (42 x 3 + 10 x 24)     = -20.00
      efficiency, Labour             12 h x 25 - 10 h x 25        =  50.00
      efficiency, Material overhead  50 % x 346 - 50 % x 360      =  -7.00
      revision         360 + 250 + 180 - 790                      =   0.00
      WIP: 346 + 300 + 173 - 790 = 29 = 6 - 20 + 50 - 7"""
    TABLE_STANDARD = 79.0

    @classmethod
    def setUpClass(cls):
        super(TestEfficiencyPerPool, cls).setUpClass()
        cls.labour = cls._pool("Labour", "labour_hours", rate=25.0, kind="labour")
        cls.material_overhead = cls._pool("Material overhead", "material_cost", rate=50.0)

    def _efficiency(self, lines):
        """{pool: balance} of journal items on the efficiency variance account."""
        account = self.company.backflush_efficiency_account_id
        balances = {}
        for line in lines.filtered(lambda line: line.account_id == account):
            balances[line.backflush_pool_id] = (balances.get(line.backflush_pool_id, 0.0)
                                                + line.balance)
        return balances

    def test_each_pool_carries_its_efficiency_variance(self):
        company = self.company
        production = self._complete_ten_with_overuse()
        variances = self._typed_lines(production, "variance")
        self.assertEqual(self._efficiency(variances),
                         {self.labour: 50.0, self.material_overhead: -7.0})
        self.assertEqual(self._lines(variances), {
            company.backflush_material_usage_account_id: 6.0,
            company.backflush_material_price_account_id: -20.0,
            company.backflush_efficiency_account_id: 43.0,
            self.wip: -29.0})
        labels = sorted(variances.filtered(
            lambda line: line.backflush_pool_id).mapped("name"))
        self.assertEqual(labels, [
            "%s – Conversion efficiency: Labour" % production.name,
            "%s – Conversion efficiency: Material overhead" % production.name])
        # the report grouped by pool: each pool's cost applied beside its variance
        report = self.env["mrp.backflush.cost.line"].read_group(
            [("production_id", "=", production.id)],
            ["pool_id", "applied_amount", "variance_amount"], ["pool_id"])
        self.assertEqual(
            sorted((group["pool_id"] and group["pool_id"][1] or "",
                    group["applied_amount"], group["variance_amount"]) for group in report),
            [("", 0.0, -14.0), ("Labour", 300.0, 50.0), ("Material overhead", 173.0, -7.0)])
        self.assertWipCleared(production)

    def test_an_unbuild_reverses_each_pool_share(self):
        """Unbuilding 4 of the 10 tables reverses 4/10 of each pool's efficiency:
        -50 x 0.4 = -20.00 on Labour, 7 x 0.4 = 2.80 on Material overhead."""
        production = self._complete_ten_with_overuse()
        self._unbuild_order(production, 4)
        unbuild_lines = self._entries(production, "unbuild").mapped("line_ids")
        self.assertEqual(self._efficiency(unbuild_lines),
                         {self.labour: -20.0, self.material_overhead: 2.8})
        reversed_ = {line.pool_id: line.amount for line in production.backflush_cost_line_ids
                     if line.reversal and line.variance_kind == "conversion_efficiency"}
        self.assertEqual(reversed_, {self.labour: -20.0, self.material_overhead: 2.8})


class TestFinishedGoodsAtCost(CostingCase):
    """FIFO and average finished goods are received at (materials + conversion) / qty."""

    @classmethod
    def setUpClass(cls):
        super(TestFinishedGoodsAtCost, cls).setUpClass()
        cls.assembly = cls._workcenter("Cost Assembly")
        cls.routing = cls._routing("Cost routing", [(cls.assembly, 60.0)])
        cls.leg = cls._product("Cost Leg", 3.0)
        cls.top = cls._product("Cost Top", 20.0)
        cls.fifo_table = cls._product("FIFO Table", 0.0, categ=cls.categ_fifo)
        cls.average_table = cls._product("Average Table", 0.0, categ=cls.categ_average)
        for table in (cls.fifo_table, cls.average_table):
            cls._bom(table, [(cls.leg, 4), (cls.top, 1)], routing=cls.routing)
        cls._stock(cls.leg, 1000)
        cls._stock(cls.top, 1000)
        cls._pool("Machine overhead", "machine_hours", rate=10.0)

    def _finished_moves(self, production):
        return production.move_finished_ids.filtered(
            lambda m: m.state == "done" and m.product_id == production.product_id)

    def test_fifo_single_posting_with_rounding(self):
        """3 units: materials 96 + 100 minutes at 10/h = 16.67 -> 112.67, not a multiple of
        3: the receipt still takes it all, WIP is exactly 0."""
        production = self._production(self.fifo_table, 3)
        self._log_time(production, 100)
        self._complete(production, 3)
        finished = self._finished_moves(production)
        self.assertAlmostEqual(finished.price_unit, 112.67 / 3)
        self.assertAlmostEqual(finished.value, 112.67)
        self.assertAlmostEqual(self._balance(self.account_stock, production), 112.67 - 96.0)
        self.assertFalse(self._typed_lines(production, "variance"))
        self.assertWipCleared(production)

    def test_average_single_posting_sets_the_average_cost(self):
        production = self._production(self.average_table, 3)
        self._log_time(production, 100)
        self._complete(production, 3)
        # 112.67 / 3, at the product price precision
        self.assertEqual(self.average_table.standard_price, 37.56)
        self.assertAlmostEqual(self._finished_moves(production).value, 112.67)
        self.assertWipCleared(production)

    def test_partial_postings_cost_each_part_once(self):
        """10 units in two postings (4, then 6) at standard time: 4 h then 6 h, never the
        hours of the first part again; each part received at 32 + 10 = 42."""
        for table in (self.fifo_table, self.average_table):
            production = self._production(table, 10)
            self._complete(production, 4, mark_done=False)
            self.assertWipCleared(production)
            self._complete(production, 6)
            self.assertEqual(
                [sum(lines.mapped("debit"))
                 for lines in self._typed_lines_per_posting(production, "conversion")],
                [40.0, 60.0])
            self.assertEqual(sorted(self._finished_moves(production).mapped("price_unit")),
                             [42.0, 42.0])
            self.assertWipCleared(production)

    def test_partial_postings_cost_the_time_logged_since_the_previous_one(self):
        production = self._production(self.fifo_table, 10)
        self._log_time(production, 180)
        self._complete(production, 4, mark_done=False)
        self._log_time(production, 300)
        self._complete(production, 6)
        amounts = production.backflush_cost_line_ids.sorted("id").mapped("amount")
        self.assertEqual(amounts, [30.0, 50.0])
        self.assertWipCleared(production)


class TestPlannedScrap(CostingCase):
    """Planned scrap is part of the standard: 10 tables need 4 x 10 x 1.10 = 44 legs, and
    the backflush consumes them. Standard 43.20 = 4.4 legs x 3 + 1 top x 20 + 1 h x 10."""

    @classmethod
    def setUpClass(cls):
        super(TestPlannedScrap, cls).setUpClass()
        cls.assembly = cls._workcenter("Scrap Assembly")
        cls.routing = cls._routing("Scrap routing", [(cls.assembly, 60.0)])
        cls.leg = cls._product("Scrap Leg", 3.0)
        cls.top = cls._product("Scrap Top", 20.0)
        cls.table = cls._product("Scrap Table", 43.2)
        cls._bom(cls.table, [(cls.leg, 4, {"scrap_percent": 10.0}), (cls.top, 1)],
                 routing=cls.routing)
        cls._stock(cls.leg, 1000)
        cls._stock(cls.top, 1000)
        cls._pool("Machine overhead", "machine_hours", rate=10.0)

    def test_consuming_the_planned_scrap_is_no_variance(self):
        production = self._production(self.table, 10)
        self.assertEqual(production._backflush_standard_quantities(10.0),
                         {self.leg: 44.0, self.top: 10.0})
        self._complete(production, 10)
        legs = production.move_raw_ids.filtered(lambda m: m.product_id == self.leg)
        self.assertEqual(sum(legs.mapped("quantity_done")), 44.0)
        self.assertTrue(self._typed_lines(production, "conversion"))
        self.assertFalse(self._typed_lines(production, "variance"))
        self.assertWipCleared(production)


class TestPhantomKit(CostingCase):
    """A kit in the BOM: components of the kit consumed and costed at standard, no
    variance when consumption follows the BOM."""

    @classmethod
    def setUpClass(cls):
        super(TestPhantomKit, cls).setUpClass()
        cls.assembly = cls._workcenter("Kit Assembly")
        cls.routing = cls._routing("Kit routing", [(cls.assembly, 30.0)])
        cls.bolt = cls._product("Kit Bolt", 0.5)
        cls.plate = cls._product("Kit Plate", 4.0)
        cls.kit = cls._product("Fixing Kit", 0.0)
        cls._bom(cls.kit, [(cls.bolt, 4), (cls.plate, 1)], bom_type="phantom")
        # standard 2 kits x (4 x 0.5 + 4) + 0.5 h x 10 = 17
        cls.shelf = cls._product("Kit Shelf", 17.0)
        cls._bom(cls.shelf, [(cls.kit, 2)], routing=cls.routing)
        cls._stock(cls.bolt, 1000)
        cls._stock(cls.plate, 1000)
        cls._pool("Machine overhead", "machine_hours", rate=10.0)

    def test_kit_components_no_variance(self):
        production = self._production(self.shelf, 6)
        self.assertEqual(set(production.move_raw_ids.mapped("product_id")),
                         {self.bolt, self.plate})
        self.assertEqual(production._backflush_standard_quantities(6.0),
                         {self.bolt: 48.0, self.plate: 12.0})
        self._complete(production, 6)
        self.assertFalse(self._typed_lines(production, "variance"))
        self.assertEqual(sum(self._typed_lines(production, "conversion").mapped("debit")), 30.0)
        self.assertWipCleared(production)

    def test_scrap_of_a_kit_line_scales_the_kit_components(self):
        shelf = self._product("Scrapped Kit Shelf", 0.0)
        bom = self._bom(shelf, [(self.kit, 2, {"scrap_percent": 50.0})])
        production = self._production(shelf, 1, bom=bom)
        self.assertEqual(production._backflush_standard_quantities(1.0),
                         {self.bolt: 12.0, self.plate: 3.0})
