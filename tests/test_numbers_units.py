# -*- coding: utf-8 -*-
"""Issue 18, section 1: what moved is what the log says, in the component's own unit.

A component's requirement is rounded up in its stock unit, and that exact quantity moves
whatever the unit of the BOM line, the order or the reserved move lines; the Backflush
tab says what the done moves took; Odoo's own proposal (the Produce wizard's 0.5 -> 1) is
trued up like any top-up; the order's To Consume includes the planned scrap.

A Bench (FIFO, valued from its components) is made on a one-operation routing; Unit(s)
are counted whole (rounding 1), grams to 0.01 g, kg to 0.001 kg."""
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .numbers_common import NumbersCase

PATHS = ("produce", "mark_done", "workorders", "wizard", "rpc", "deferred")


class UnitsCase(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(UnitsCase, cls).setUpClass()
        cls.company.write({"backflush_negative_policy": "allow"})
        cls.uom_unit.write({"rounding": 1.0})
        cls.uom_gram.write({"rounding": 0.01})
        cls.box = cls.env["product.uom"].create({
            "name": "Box of 100", "category_id": cls.uom_unit.category_id.id,
            "uom_type": "bigger", "factor_inv": 100.0, "rounding": 1.0})
        cls.screw = cls._product("Units Screw", 0.05)
        cls.glue = cls._product("Units Glue", 0.02, uom=cls.uom_gram)
        cls.panel = cls._product("Units Panel", 12.0)
        cls.bracket = cls._product("Units Bracket", 2.5)
        for component, qty in ((cls.screw, 1000), (cls.glue, 10000), (cls.panel, 100),
                               (cls.bracket, 100)):
            cls._stock(component, qty)
        cls.bench_center = cls._workcenter("Units Bench")
        cls.bench_routing = cls._routing("Units Assemble", [(cls.bench_center, 10.0)])

    def _bench(self, name, lines, qty=1.0):
        """A FIFO bench (cost 0: valued from its components) made of ``lines``."""
        bench = self._product(name, 0.0, categ=self.categ_fifo)
        return self._bom(bench, lines, qty=qty, routing=self.bench_routing)

    def _order(self, bom, qty):
        """A confirmed order of ``qty`` of ``bom``'s product, reserved."""
        return self._production(bom.product_tmpl_id.product_variant_id, qty, bom)

    def _post(self, production, qty, path, event):
        """Post ``qty`` of ``production`` by ``path``: Produce + Post Inventory (Mark as
        Done when the order is complete), Produce + Mark as Done, the work order records
        it then Post Inventory / Mark as Done, Report Completion (the wizard), the
        report_completion call inline or deferred (its queue job run)."""
        complete = qty >= production.product_qty - self._produced(production)
        if path in ("produce", "mark_done"):
            self._produce(production, qty)
            if complete or path == "mark_done":
                production.button_mark_done()
            else:
                production.post_inventory()
        elif path == "workorders":
            if not production.workorder_ids:
                production.button_plan()
            for workorder in production.workorder_ids:
                self._record(workorder, qty)
            if complete:
                production.button_mark_done()
            else:
                production.post_inventory()
        elif path == "wizard":
            self._wizard_report(production, qty)
        else:
            answer = self.env["mrp.production"].report_completion(
                production.name, qty, event, deferred=path == "deferred")
            if path == "deferred":
                Job.load(self.env, answer["job_uuid"]).perform()
                self.env.cache.invalidate()

    def _produced(self, production):
        moves = production.move_finished_ids.filtered(
            lambda move: move.product_id == production.product_id and move.state == "done")
        return sum(moves.mapped("product_qty"))

    def _moved(self, production, product):
        """What the order's done moves of ``product`` took from stock: their move lines'
        done quantities, in its stock unit."""
        lines = production.move_raw_ids.filtered(
            lambda move: move.product_id == product and move.state == "done").mapped(
            "move_line_ids")
        return round(sum(line.product_uom_id._compute_quantity(
            line.qty_done, product.uom_id, round=False) for line in lines), 4)

    def _logged(self, production, product):
        """Consumed per posting, as the Backflush tab says."""
        return [round(qty, 4) for qty in production.backflush_line_ids.filtered(
            lambda line: line.product_id == product).sorted("posting").mapped("consumed_qty")]

    def _finished_value(self, production):
        return round(sum(production.move_finished_ids.filtered(
            lambda move: move.state == "done").mapped("value")), 2)


class TestRequirementInTheStockUnit(UnitsCase):

    def test_box_of_100_line_moves_13_screws_on_every_path(self):
        """0.13 Box of 100 screws (screws in Units) per bench, an order of 1: 0.13 x 100
        = 13 screws on every path. The order's To Consume is 1 Box (0.13 rounded up to
        the Box), which Odoo's Produce wizard and the work order fill in (100 screws):
        their proposal, trued up to 13. Before, the top-up of 13 went on the reserved
        line in Boxes (0.13 rounded to 0) and nothing moved while the log said 13, and
        the proposal of 100 was consumed. Each bench: 13 x 0.05 = 0.65; stock 1000 - 6 x
        13 = 922."""
        bom = self._bench("Units Box Bench", [(self.screw, 0.13, {"product_uom_id": self.box.id})])
        for path in PATHS:
            production = self._order(bom, 1)
            self._post(production, 1, path, "UNITS-BOX-%s" % path)
            self.assertEqual(production.state, "done", path)
            self.assertEqual(self._moved(production, self.screw), 13.0, path)
            self.assertEqual(self._logged(production, self.screw), [13.0], path)
            self.assertEqual(self._finished_value(production), 0.65, path)
        self.assertEqual(self.screw.qty_available, 1000 - 6 * 13)

    def test_update_quantity_after_a_posting_keeps_the_units_straight(self):
        """0.13 Box per bench, an order of 4 (To Consume: 0.52 -> 1 Box). Produce 1 +
        Post Inventory: 13 screws; the rest of the move is in Units now: 100 - 13 = 87.
        Update Quantity to 8: Odoo asks 7 x 0.13 = 0.91 -> 1 Box for the 7 left, which
        is 100 screws on that move (before: 1 screw). Mark as Done of the 7: 0.13 x 8 =
        104 - 13 = 91 more, 104 in all."""
        bom = self._bench("Units Box Bench", [(self.screw, 0.13, {"product_uom_id": self.box.id})])
        production = self._order(bom, 4)
        self._post(production, 1, "produce", False)
        rest = production.move_raw_ids.filtered(lambda move: move.state == "confirmed"
                                                or move.state == "assigned")
        self.assertEqual((rest.product_uom, rest.product_uom_qty), (self.uom_unit, 87.0))
        self.env["change.production.qty"].create(
            {"mo_id": production.id, "product_qty": 8}).change_prod_qty()
        self.assertEqual((rest.product_uom, rest.product_uom_qty), (self.uom_unit, 100.0))
        self._post(production, 7, "produce", False)
        self.assertEqual(self._logged(production, self.screw), [13.0, 91.0])
        self.assertEqual(self._moved(production, self.screw), 104.0)

    def test_kg_line_of_a_gram_component_moves_192_5_g(self):
        """0.035 kg of glue (stocked in g, to 0.01 g) per bench at 10 % scrap, an order of
        5: 0.035 x 5 x 1.1 = 0.1925 kg = 192.50 g (before: 193 g, the top-up rounded on
        a line in kg, to 0.001 kg), valued 192.5 x 0.02 = 3.85 (before 3.86). In two
        postings (Produce 2 + Post Inventory, Produce 3 + Mark as Done): 0.035 x 2 x 1.1
        = 77.00 g, then 192.50 - 77.00 = 115.50 g."""
        bom = self._bench("Units Glue Bench", [(self.glue, 0.035, {
            "product_uom_id": self.uom_kg.id, "scrap_percent": 10.0})])
        for path in PATHS:
            production = self._order(bom, 5)
            self._post(production, 5, path, "UNITS-KG-%s" % path)
            self.assertEqual(self._moved(production, self.glue), 192.5, path)
            self.assertEqual(self._logged(production, self.glue), [192.5], path)
            self.assertEqual(self._finished_value(production), 3.85, path)
        production = self._order(bom, 5)
        self._post(production, 2, "produce", False)
        self._post(production, 3, "produce", False)
        self.assertEqual(self._logged(production, self.glue), [77.0, 115.5])
        self.assertEqual(self._moved(production, self.glue), 192.5)
        self.assertEqual(self.glue.qty_available, 10000 - 7 * 192.5)

    def test_kg_line_never_moves_less_than_required(self):
        """0.048 kg of glue per bench at 21 % scrap, an order of 2: 0.048 x 2 x 1.21 =
        0.11616 kg = 116.16 g, not the 116 g (less than required) a line in kg holds."""
        bom = self._bench("Units Thin Glue Bench", [(self.glue, 0.048, {
            "product_uom_id": self.uom_kg.id, "scrap_percent": 21.0})])
        for path in ("mark_done", "rpc", "workorders"):
            production = self._order(bom, 2)
            self._post(production, 2, path, "UNITS-THIN-%s" % path)
            self.assertEqual(self._moved(production, self.glue), 116.16, path)
            self.assertEqual(self._logged(production, self.glue), [116.16], path)

    def test_a_unit_finer_than_a_move_line_records_is_refused_or_queued(self):
        """Resin stocked in kg, the kg rounded to 0.0001 (Units of Measure), 0.123 kg per
        bench at 10 % scrap: 0.1353 kg required, but a move line stores 3 decimals
        (Product Unit of Measure): 0.135 kg, so 0.0003 kg would not move. allow and
        block: refused, nothing posted; queue: the bench comes in, the resin waits with
        the reason (the retry leaves it there: no stock brings it)."""
        self.uom_kg.write({"rounding": 0.0001})
        resin = self._product("Units Resin", 30.0, uom=self.uom_kg)
        self._stock(resin, 10)
        bom = self._bench("Units Resin Bench", [(resin, 0.123, {"scrap_percent": 10.0})])
        for policy in ("allow", "block"):
            self.company.write({"backflush_negative_policy": policy})
            production = self._order(bom, 1)
            self._produce(production, 1)
            with self.assertRaises(UserError) as refused:
                production.button_mark_done()
            self.assertIn("Units Resin: 0.1353 kg required, but a move records 3 decimals",
                          refused.exception.name)
            self.assertEqual(production.state, "progress")
            self.assertFalse(production.move_raw_ids.filtered(lambda m: m.state == "done"))
        self.company.write({"backflush_negative_policy": "queue"})
        production = self._order(bom, 1)
        self._complete(production, 1)
        self.assertEqual((production.state, self._produced(production)), ("done", 1))
        line = production.backflush_line_ids
        self.assertEqual((line.state, line.queued_qty, line.consumed_qty),
                         ("queued", 0.1353, 0.0))
        self.assertIn("3 decimals", line.reason)
        production.action_backflush_retry()
        self._cron_retry()
        self.assertEqual(line.state, "queued")
        self.assertEqual(self._moved(production, resin), 0.0)
        self.assertEqual(resin.qty_available, 10)

    def test_lot_tracked_gram_component_from_a_kg_line(self):
        """The glue of the 192.5 g bench tracked by lots, 10000 g of LOT-G1 in stock:
        Mark as Done and report_completion each take 192.50 g of LOT-G1, and the
        Backflush tab names the lot: 10000 - 2 x 192.5 = 9615 g left in it."""
        glue = self._product("Units Lot Glue", 0.02, uom=self.uom_gram, tracking="lot")
        lot = self.env["stock.production.lot"].create({"name": "LOT-G1",
                                                       "product_id": glue.id})
        self.env["stock.quant"]._update_available_quantity(
            glue, self.stock_location, 10000, lot_id=lot)
        bom = self._bench("Units Lot Glue Bench", [(glue, 0.035, {
            "product_uom_id": self.uom_kg.id, "scrap_percent": 10.0})])
        for path in ("mark_done", "rpc"):
            production = self._order(bom, 5)
            self._post(production, 5, path, "UNITS-LOT-%s" % path)
            self.assertEqual(self._moved(production, glue), 192.5, path)
            self.assertEqual(self._logged(production, glue), [192.5], path)
            self.assertEqual(production.backflush_line_ids.lot_ids, lot, path)
        self.assertAlmostEqual(lot.product_qty, 10000 - 2 * 192.5)


class TestProposalTruedUp(UnitsCase):
    """A bench takes 1 panel per 2 benches (BOM of 2), panels counted whole."""

    @classmethod
    def setUpClass(cls):
        super(TestProposalTruedUp, cls).setUpClass()
        bench = cls._product("Units Panel Bench", 0.0, categ=cls.categ_fifo)
        cls.panel_bom = cls._bom(bench, [(cls.panel, 1)], qty=2, routing=cls.bench_routing)

    def test_four_postings_of_one_consume_two_panels(self):
        """An order of 4 benches posted as four postings of 1: round_up(0.5) = 1, then
        round_up(1) - 1 = 0, round_up(1.5) - 1 = 1, round_up(2) - 2 = 0: 2 panels, as 4
        at once (before: 3, the Produce wizard's 0.5 -> 1 taken as a person's record
        in the second posting, and a third panel for the third). Through Produce + Post
        Inventory, and through the work order's record production."""
        for path in ("produce", "workorders"):
            production = self._order(self.panel_bom, 4)
            for _index in range(4):
                self._post(production, 1, path, False)
            self.assertEqual(production.state, "done", path)
            self.assertEqual(self._logged(production, self.panel), [1.0, 0.0, 1.0, 0.0], path)
            self.assertEqual(self._moved(production, self.panel), 2.0, path)
            self.assertEqual(self._finished_value(production), 24.0, path)
        self.assertEqual(self.panel.qty_available, 100 - 4)

    def test_what_a_person_types_above_the_requirement_is_consumed(self):
        """Order of 2 benches, Produce 1 (Odoo proposes 1 panel), the person changes the
        panels consumed to 2: the posting consumes the 2 typed (requirement 1); Produce
        1 + Mark as Done: round_up(1) - 1 = 0 more. 2 panels, 24.00."""
        production = self._order(self.panel_bom, 2)
        self._produce(production, 1)
        production.move_raw_ids.quantity_done = 2
        production.post_inventory()
        self._post(production, 1, "produce", False)
        self.assertEqual(self._logged(production, self.panel), [2.0, 0.0])
        line = production.backflush_line_ids.sorted("posting")[0]
        self.assertEqual((line.required_qty, line.recorded_qty), (1.0, 2.0))
        self.assertEqual(self._moved(production, self.panel), 2.0)


class TestScrapStaged(UnitsCase):
    """1 bracket per bench at 5 % scrap."""

    @classmethod
    def setUpClass(cls):
        super(TestScrapStaged, cls).setUpClass()
        bench = cls._product("Units Bracket Bench", 0.0, categ=cls.categ_fifo)
        cls.bracket_bom = cls._bom(bench, [(cls.bracket, 1, {"scrap_percent": 5.0})])

    def _bracket_move(self, production):
        return production.move_raw_ids.filtered(
            lambda move: move.state not in ("done", "cancel"))

    def test_to_consume_and_reservation_include_scrap(self):
        """An order of 20: To Consume 20 x 1.05 = 21, 21 reserved. Update Quantity to
        40: 42, 42 reserved. Mark as Done consumes the 42."""
        production = self._order(self.bracket_bom, 20)
        move = self._bracket_move(production)
        self.assertEqual((move.product_uom_qty, move.reserved_availability), (21.0, 21.0))
        self.env["change.production.qty"].create(
            {"mo_id": production.id, "product_qty": 40}).change_prod_qty()
        move = self._bracket_move(production)
        self.assertEqual((move.product_uom_qty, move.reserved_availability), (42.0, 42.0))
        self._complete(production, 40)
        self.assertEqual(self._moved(production, self.bracket), 42.0)

    def test_after_a_partial_posting_the_rest_asks_what_remains(self):
        """Order of 20, Produce 8 + Post Inventory: 8 x 1.05 = 8.4 -> 9 consumed; the
        rest asks 21 - 9 = 12. Update Quantity to 30: round_up(31.5) = 32 - 9 = 23."""
        production = self._order(self.bracket_bom, 20)
        self._complete(production, 8, mark_done=False)
        self.assertEqual(self._moved(production, self.bracket), 9.0)
        self.assertEqual(self._bracket_move(production).product_uom_qty, 12.0)
        self.env["change.production.qty"].create(
            {"mo_id": production.id, "product_qty": 30}).change_prod_qty()
        self.assertEqual(self._bracket_move(production).product_uom_qty, 23.0)

    def test_a_transfer_to_the_line_stages_the_scrap_and_block_posts(self):
        """Brackets taken from Line 1 (the line's supermarket location), made to order
        from WH/Stock (the MTO route and a rule WH/Stock -> Line 1): the order of 20
        makes a transfer of 21 (20 x 1.05), delivered in full; under block, Mark as Done
        consumes the 21 from Line 1 (before: a transfer of 20, short of the 21 the
        posting takes there)."""
        warehouse = self.env.ref("stock.warehouse0")
        line_1 = self.env["stock.location"].create({
            "name": "Units Line 1", "usage": "internal",
            "location_id": warehouse.view_location_id.id})
        route = self.env["stock.location.route"].create({
            "name": "Units Feed Line 1", "product_selectable": True,
            "pull_ids": [(0, 0, {
                "name": "WH/Stock -> Units Line 1", "action": "move",
                "location_id": line_1.id, "location_src_id": self.stock_location.id,
                "picking_type_id": warehouse.int_type_id.id,
                "procure_method": "make_to_stock", "warehouse_id": warehouse.id})]})
        mto = self.env.ref("stock.route_warehouse0_mto")
        self.bracket.write({"route_ids": [(6, 0, (route | mto).ids)]})
        self.bracket_bom.bom_line_ids.write({"supermarket_location_id": line_1.id})
        self.company.write({"backflush_negative_policy": "block"})
        production = self._order(self.bracket_bom, 20)
        transfer = self.env["stock.move"].search([
            ("product_id", "=", self.bracket.id), ("location_dest_id", "=", line_1.id)])
        self.assertEqual(transfer.product_uom_qty, 21.0)
        transfer.picking_id.action_assign()
        transfer.move_line_ids.write({"qty_done": 21.0})
        transfer.picking_id.action_done()
        self._complete(production, 20)
        self.assertEqual(production.state, "done")
        self.assertEqual(self._moved(production, self.bracket), 21.0)
        self.assertEqual(production.move_raw_ids.mapped("location_id"), line_1)
        self.assertEqual(self.bracket.with_context(location=line_1.id).qty_available, 0.0)
