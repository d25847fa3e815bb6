# -*- coding: utf-8 -*-
"""An unbuild's Conversion tab reverses, to the cent, what its entry reverses: the
reversed share of a pool is rounded once for the pool (as on its applied account), then
spread over the pool's conversion lines (seeded random month 14, step 29: 2.00 credited
to Labour Applied, the reversed lines -2.01)."""
from .numbers_common import NumbersCase


class TestUnbuildReversalToTheCent(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestUnbuildReversalToTheCent, cls).setUpClass()
        # pins and hinges are counted whole, as the demo's Units
        cls.uom_unit.write({"rounding": 1.0})
        cls.pin = cls._product("UR Pin", 0.0, categ=cls.categ_fifo)
        cls.hinge = cls._product("UR Hinge", 0.0, categ=cls.categ_fifo)
        cls.bom = cls._bom(cls.hinge, [(cls.pin, 1)])
        cls.handling = cls._pool("UR handling", "material_cost", rate=5.0)

    def _benches_done(self, prefix, qty, panels):
        """(panel, order) of ``qty`` benches at 1 panel per 2 benches, done in one
        posting, ``panels`` bought at 13.00 (FIFO)."""
        panel = self._product("%s Panel" % prefix, 0.0, categ=self.categ_fifo)
        bench = self._product("%s Bench" % prefix, 0.0, categ=self.categ_fifo)
        bom = self._bom(bench, [(panel, 1)], qty=2.0)
        self._receive(panel, panels, 13.0)
        production = self._production(bench, qty, bom)
        self._complete(production, qty)
        return panel, production

    @staticmethod
    def _returned(unbuild):
        """Quantity the unbuild gave back, read from its done stock moves."""
        return sum(unbuild.produce_line_ids.filtered(
            lambda move: move.state == "done").mapped("product_qty"))

    def test_pool_reversed_once_then_spread_over_its_lines(self):
        """Pins bought 3 at 0.20 then 4 at 0.15 (FIFO). An order of 7 hinges posted as 3
        (Post Inventory: 3 x 0.20 = 0.60 of pins, 5 % = 0.03 applied) and 4 (Mark as Done:
        4 x 0.15 = 0.60, 0.03 applied). Unbuilding 1 of the 7 reverses 1/7 of the pool's
        0.06: 0.0086, 0.01 on Overhead Applied (Dr 0.01). Line by line it would be
        0.03 / 7 = 0.0043 -> 0.00 twice: 0.00 on the Conversion tab against 0.01 in the
        ledger. The two reversed lines add up to -0.01."""
        self._receive(self.pin, 3, 0.20)
        self._receive(self.pin, 4, 0.15)
        production = self._production(self.hinge, 7)
        self._complete(production, 3, mark_done=False)
        self._complete(production, 4)
        applied = production.backflush_cost_line_ids.filtered(
            lambda line: line.pool_id == self.handling)
        self.assertEqual(applied.mapped("amount"), [0.03, 0.03])
        self._unbuild_order(production, 1)
        reversal = self._entries(production, "unbuild")
        items = reversal.line_ids.filtered(
            lambda line: line.account_id == self.handling.applied_account_id)
        self.assertAlmostEqual(sum(items.mapped("debit")) - sum(items.mapped("credit")), 0.01)
        reversed_lines = production.backflush_cost_line_ids.filtered(
            lambda line: line.reversal and line.pool_id == self.handling)
        self.assertEqual(len(reversed_lines), 2)
        self.assertAlmostEqual(sum(reversed_lines.mapped("amount")), -0.01)

    def test_half_of_six_postings_of_one_returns_three(self):
        """Random month 14, step 69: an order of 6 posted one at a time consumed a pin a
        posting (6 raw moves of 1). Unbuilding 3 of the 6 takes back 3 pins: 1 from each
        of the three oldest moves, not 1 from five and -2 from the sixth (Odoo refused
        the negative move line: "You can not enter negative quantities!"). Pins at 0.20:
        3 x 0.20 = 0.60 back."""
        self._receive(self.pin, 6, 0.20)
        production = self._production(self.hinge, 6)
        for _posting in range(5):
            self._complete(production, 1, mark_done=False)
        self._complete(production, 1)
        self.assertEqual(len(production.move_raw_ids.filtered(
            lambda move: move.state == "done")), 6)
        unbuild = self._unbuild_order(production, 3)
        back = unbuild.produce_line_ids.filtered(lambda move: move.state == "done")
        self.assertEqual(sorted(back.mapped("product_qty")), [1.0, 1.0, 1.0])
        self.assertAlmostEqual(sum(back.mapped("value")), 0.60)

    def test_two_unbuilds_never_return_more_than_consumed(self):
        """Random month 9, step 47: 2 benches at 1 panel per 2 benches consumed 1 panel
        at 13.00. Unbuilding 1 bench returns the panel (0.5 rounded up, panels whole);
        unbuilding the other returned a second panel, one never consumed (stock 1 panel
        above what was bought). Now it returns none: 1 panel back in all."""
        panel, production = self._benches_done("UR", 2, panels=1)
        backs = [self._returned(self._unbuild_order(production, 1)) for _unbuild in range(2)]
        self.assertEqual(sum(backs), 1.0)
        self.assertEqual(panel.qty_available, 1.0)

    def test_unbuilds_one_at_a_time_are_rounded_over_the_order(self):
        """Random month 13, step 29: 3 benches at 1 panel per 2 benches consumed 2 panels
        (1.5 rounded up). Unbuilt one at a time, 1, 2 and 3 benches contain 0.5, 1 and
        1.5 panels, rounded 1, 1 and 2: 1, 0 and 1 panel back (not 1 and 1 for the first
        two, which left the last bench with none)."""
        panel, production = self._benches_done("UR 3", 3, panels=2)
        backs = [self._returned(self._unbuild_order(production, 1)) for _unbuild in range(3)]
        self.assertEqual(backs, [1.0, 0.0, 1.0])
        self.assertEqual(panel.qty_available, 2.0)
