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
