# -*- coding: utf-8 -*-
"""Issue 11, kind 7: an unbuild returns the components in the quantities and at the
values the order consumed them (share = unbuilt / produced); an unbuild of a whole
order leaves every account as before the order."""
from .numbers_common import NumbersCase


class TestUnbuildAtTheOrdersValues(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestUnbuildAtTheOrdersValues, cls).setUpClass()
        cls.chip = cls._product("UB Chip", 0.0, categ=cls.categ_fifo)
        cls.gadget = cls._product("UB Gadget", 0.0, categ=cls.categ_fifo)
        cls.bom = cls._bom(cls.gadget, [(cls.chip, 1)])
        cls.units_pool = cls._pool("UB overhead per unit", "units", rate=3.0)

    def test_issue_case_chip_comes_back_at_the_orders_10(self):
        """Chips bought 1 at 10.00 then 1 at 20.00. Order 1 consumes the 10.00 chip,
        Gadget 1 = 10 + 3 = 13.00; order 2 the 20.00 one, Gadget 2 = 23.00. Unbuilding
        order 1's gadget: the gadget leaves at FIFO 13.00 (Dr WIP 13), the chip comes back
        at 10.00 (Cr WIP 10), 3.00 conversion reversed (Cr WIP 3): no variance."""
        self._receive(self.chip, 1, 10.0)
        self._receive(self.chip, 1, 20.0)
        order1 = self._production(self.gadget, 1)
        self._complete(order1, 1)
        order2 = self._production(self.gadget, 1)
        self._complete(order2, 1)
        self.assertEqual(order1.move_finished_ids.value, 13.0)
        self.assertEqual(order2.move_finished_ids.value, 23.0)
        unbuild = self._unbuild_order(order1, 1)
        chip_back = unbuild.produce_line_ids
        self.assertEqual((chip_back.product_qty, chip_back.value), (1.0, 10.0))
        self.assertEqual(chip_back.remaining_value, 10.0)
        reversal = self._entries(order1, "unbuild")
        self.assertEqual(self._lines(reversal), {self.overhead_applied: 3.0, self.wip: -3.0})
        self.assertNotIn("unbuild_difference",
                         order1.backflush_cost_line_ids.mapped("variance_kind"))
        self.assertEqual(self._order_wip(order1), 0.0)

    def test_whole_order_unbuild_leaves_every_account_as_before(self):
        """Two postings (Produce 4 + Post Inventory at chips of 10.00, Produce 6 + Mark as
        Done at chips of 10.00 x 1 and 20.00 x 5): 4 x 13 = 52, then 6 x 3 + 10 + 100 =
        128. Unbuilding all 10 gadgets returns 10 chips at 4 x 10 + (10 + 5 x 20) = 150.00
        and reverses 30.00 of conversion: every balance of the company as before."""
        before = self._account_balances()
        self._receive(self.chip, 5, 10.0)
        self._receive(self.chip, 5, 20.0)
        after_receipts = self._account_balances()
        production = self._production(self.gadget, 10)
        self._complete(production, 4, mark_done=False)
        self._complete(production, 6)
        values = production.move_finished_ids.filtered(
            lambda move: move.state == "done").mapped("value")
        self.assertEqual(sorted(values), [52.0, 128.0])
        self.assertNotEqual(self._account_balances(), after_receipts)
        unbuild = self._unbuild_order(production, 10)
        self.assertEqual(sum(unbuild.produce_line_ids.mapped("product_qty")), 10.0)
        self.assertEqual(sum(unbuild.produce_line_ids.mapped("value")), 150.0)
        self.assertEqual(self._account_balances(), after_receipts)
        self.assertNotEqual(before, after_receipts)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_share_is_of_the_quantity_produced_not_planned(self):
        """Planned 10, done at 5 (Mark as Done: 5 chips consumed at 10.00): unbuilding
        5 is the whole order; Odoo's share of the plan (5 / 10) would return 2.5 chips."""
        self._receive(self.chip, 5, 10.0)
        production = self._production(self.gadget, 10)
        self._complete(production, 5)
        self.assertEqual(production.state, "done")
        unbuild = self._unbuild_order(production, 5)
        self.assertEqual(sum(unbuild.produce_line_ids.mapped("product_qty")), 5.0)
        self.assertEqual(sum(unbuild.produce_line_ids.mapped("value")), 50.0)
        self.assertEqual(self._lines(self._entries(production, "unbuild")),
                         {self.overhead_applied: 15.0, self.wip: -15.0})
        self.assertEqual(self._order_wip(production), 0.0)

    def test_partial_unbuilds_return_their_share_of_each_consumption(self):
        """Chips at 10.00 x 2 and 40.00 x 2 in one posting of 4: gadgets at (100 + 4 x 3)
        / 4 = 28.00. Unbuilding 2 of 4 returns half of the raw move: 2 chips at the
        order's 100 / 4 = 25.00, 50.00, whatever a chip costs today (70.00); the gadgets
        leave at 2 x 28 = 56 = 50 + 6 conversion reversed."""
        self._receive(self.chip, 2, 10.0)
        self._receive(self.chip, 2, 40.0)
        production = self._production(self.gadget, 4)
        self._complete(production, 4)
        self.assertEqual(production.move_finished_ids.value, 112.0)
        self._receive(self.chip, 1, 70.0)  # today's chip costs more: no matter
        unbuild = self._unbuild_order(production, 2)
        self.assertEqual(sum(unbuild.produce_line_ids.mapped("product_qty")), 2.0)
        self.assertEqual(sum(unbuild.produce_line_ids.mapped("value")), 50.0)
        self.assertEqual(self._lines(self._entries(production, "unbuild")),
                         {self.overhead_applied: 6.0, self.wip: -6.0})
        self.assertEqual(self._order_wip(production), 0.0)


class TestUnbuildReturnsWhatTheUnitsContain(NumbersCase):
    """Issue 18 section 4: a stool takes 4 legs at 5 % planned scrap; legs are FIFO,
    received 42 at 3.00; 1.00 of overhead per stool. An order of 10 consumes 10 x 4 x
    1.05 = 42 legs (126.00) and receives 10 stools at (126 + 10) / 10 = 13.60. The WIP
    account is one the user chose in the settings."""

    @classmethod
    def setUpClass(cls):
        super(TestUnbuildReturnsWhatTheUnitsContain, cls).setUpClass()
        cls.leg = cls._product("UBS Leg", 0.0, categ=cls.categ_fifo)
        cls.stool = cls._product("UBS Stool", 0.0, categ=cls.categ_fifo)
        cls._bom(cls.stool, [(cls.leg, 4, {"scrap_percent": 5.0})])
        cls._pool("UBS overhead per stool", "units", rate=1.0)
        cls.user_wip = cls._account("UBS.WIP", "Work in Process (stools)")

    def _made(self):
        # saved in the settings form (set_values: execute() would reset the environments)
        self.env["res.config.settings"].create(
            {"backflush_wip_account_id": self.user_wip.id}).set_values()
        self.assertEqual(self.company.backflush_wip_account_id, self.user_wip)
        self._receive(self.leg, 42, 3.0)
        production = self._production(self.stool, 10)
        self._complete(production, 10)
        raw = production.move_raw_ids.filtered(lambda move: move.state == "done")
        self.assertEqual((raw.product_qty, raw.value), (42.0, -126.0))
        self.assertEqual(production.move_finished_ids.value, 136.0)
        return production

    def _wip_lines_balance(self):
        """Balance of every journal item on the WIP account the user set."""
        lines = self.env["account.move.line"].search([("account_id", "=", self.user_wip.id)])
        return round(sum(lines.mapped("balance")), 2)

    def _scrap_line(self, production):
        return self._entries(production, "unbuild").mapped("line_ids").filtered(
            lambda line: line.backflush_line_type == "unbuild_scrap")

    def test_whole_order_returns_40_legs_not_42(self):
        """Unbuilding the 10 stools returns 10 x 4 = 40 legs at 3.00 = 120.00, not 42:
        the 2 legs of planned scrap were lost in production. The stools leave at 136.00
        (Dr WIP), the legs come back at 120.00 and the overhead is reversed (Cr WIP 10),
        and the 2 x 3.00 = 6.00 of scrap stays consumed: Dr Manufacturing Variance 6.00
        / Cr WIP 6.00, on a line of its own. WIP 136 - 120 - 10 - 6 = 0."""
        production = self._made()
        variance = self.company.backflush_variance_account_id
        unbuild = self._unbuild_order(production, 10)
        back = unbuild.produce_line_ids
        self.assertEqual((back.product_qty, back.value), (40.0, 120.0))
        self.assertEqual(unbuild.consume_line_ids.value, -136.0)
        self.assertEqual(self.leg.qty_available, 40.0)
        self.assertEqual(self._lines(self._entries(production, "unbuild")), {
            self.overhead_applied: 10.0, variance: 6.0, self.user_wip: -16.0})
        scrap = self._scrap_line(production)
        self.assertEqual((scrap.account_id, scrap.debit), (variance, 6.0))
        self.assertEqual(self._wip_lines_balance(), 0.0)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_part_of_an_order_returns_its_bom_quantity(self):
        """Unbuilding 4 of the 10 stools: 4 x 4 = 16 legs back (48.00), not 0.4 x 42 =
        16.8; the stools leave at 4 x 13.60 = 54.40; overhead 4.00 reversed; 0.8 leg x
        3.00 = 2.40 of scrap stays consumed, on the Material Usage Variance Account the
        user set. Then the other 6: 24 legs (72.00), 81.60 = 72 + 6 + 3.60. Every leg
        the stools contain is back (40), the scrap's 6.00 is a usage variance, WIP 0."""
        self._variance_accounts_per_kind()
        usage = self.company.backflush_material_usage_account_id
        production = self._made()
        first = self._unbuild_order(production, 4)
        self.assertEqual((first.produce_line_ids.product_qty, first.produce_line_ids.value),
                         (16.0, 48.0))
        self.assertEqual(first.consume_line_ids.value, -54.4)
        entry = self._entries(production, "unbuild")
        self.assertEqual(self._lines(entry), {
            self.overhead_applied: 4.0, usage: 2.4, self.user_wip: -6.4})
        self.assertEqual(self._wip_lines_balance(), 0.0)
        second = self._unbuild_order(production, 6)
        self.assertEqual((second.produce_line_ids.product_qty,
                          second.produce_line_ids.value), (24.0, 72.0))
        self.assertEqual(second.consume_line_ids.value, -81.6)
        self.assertEqual(self._lines(self._entries(production, "unbuild") - entry), {
            self.overhead_applied: 6.0, usage: 3.6, self.user_wip: -9.6})
        self.assertEqual(self.leg.qty_available, 40.0)
        self.assertEqual(sum(self._scrap_line(production).mapped("balance")), 6.0)
        self.assertEqual(self._wip_lines_balance(), 0.0)
        self.assertEqual(self._order_wip(production), 0.0)
