# -*- coding: utf-8 -*-
"""Unbuilding a completed order reverses its share of the conversion and variance
entries; the order's WIP stays at 0 (DESIGN 5, reversal)."""
from .costing_common import CostingCase


class TestUnbuildReversal(CostingCase):
    """Table: standard 45 = 4 legs x 3 + 1 top x 20 + 1 h x 10 + 3 (the standard is 3
    above the cost: a favourable revision of 30 on 10 units)."""

    @classmethod
    def setUpClass(cls):
        super(TestUnbuildReversal, cls).setUpClass()
        cls.assembly = cls._workcenter("Unbuild Assembly")
        cls.routing = cls._routing("Unbuild routing", [(cls.assembly, 60.0)])
        cls.leg = cls._product("Unbuild Leg", 3.0)
        cls.top = cls._product("Unbuild Top", 20.0)
        cls.fifo_top = cls._product("Unbuild FIFO Top", 0.0, categ=cls.categ_fifo)
        cls.table = cls._product("Unbuild Table", 45.0)
        cls.fifo_table = cls._product("Unbuild FIFO Table", 0.0, categ=cls.categ_fifo)
        cls.bom = cls._bom(cls.table, [(cls.leg, 4), (cls.top, 1)], routing=cls.routing)
        cls.fifo_bom = cls._bom(cls.fifo_table, [(cls.leg, 4), (cls.top, 1)],
                                routing=cls.routing)
        cls._stock(cls.leg, 1000)
        cls._stock(cls.top, 1000)
        cls._receive(cls.fifo_top, 5, 20.0)
        cls._receive(cls.fifo_top, 10, 24.0)
        cls._pool("Machine overhead", "machine_hours", rate=10.0)
        cls._variance_accounts_per_kind()
        cls.revision = cls.company.backflush_revision_account_id

    def _made(self, product, qty=10, bom=None):
        production = self._production(product, qty, bom=bom)
        self._complete(production, qty)
        self.assertWipCleared(production)
        return production

    def _unbuild(self, production, qty):
        self._unbuild_order(production, qty)
        return self._entries(production, "unbuild").sorted("id")[-1:]

    def _mo_balance(self, account, production):
        lines = production.backflush_move_ids.mapped("line_ids").filtered(
            lambda line: line.account_id == account)
        return sum(lines.mapped("balance"))

    def test_full_unbuild_reverses_conversion_and_variances(self):
        production = self._made(self.table)
        self.assertEqual(self._lines(self._typed_lines(production, "variance")),
                         {self.revision: -30.0, self.wip: 30.0})
        reversal = self._unbuild(production, 10)
        # finished goods back in WIP at 450, components out at 320: 130 = 100 + 30
        self.assertEqual(self._lines(reversal), {self.overhead_applied: 100.0,
                                                 self.revision: 30.0, self.wip: -130.0})
        self.assertEqual(reversal.backflush_production_id, production)
        self.assertEqual(self._mo_balance(self.overhead_applied, production), 0.0)
        self.assertEqual(self._mo_balance(self.revision, production), 0.0)
        self.assertWipCleared(production)
        self.assertEqual(sum(production.backflush_cost_line_ids.mapped("amount")), 0.0)

    def test_partial_unbuild_reverses_its_share(self):
        production = self._made(self.table)
        reversal = self._unbuild(production, 4)
        self.assertEqual(self._lines(reversal), {self.overhead_applied: 40.0,
                                                 self.revision: 12.0, self.wip: -52.0})
        self.assertWipCleared(production)
        reversal = self._unbuild(production, 6)
        self.assertEqual(self._lines(reversal), {self.overhead_applied: 60.0,
                                                 self.revision: 18.0, self.wip: -78.0})
        self.assertEqual(self._mo_balance(self.overhead_applied, production), 0.0)
        self.assertWipCleared(production)

    def test_component_cost_changed_since_production(self):
        """FIFO tops consumed at 5 x 20 + 5 x 24 = 220 come back at those 220, not at
        today's 24 (240): the reversal is the conversion and the variances, no unbuild
        difference; WIP still 0."""
        bom = self._bom(self.table, [(self.leg, 4), (self.fifo_top, 1)], routing=self.routing)
        production = self._made(self.table, bom=bom)
        price = self.company.backflush_material_price_account_id
        self.assertEqual(self._lines(self._typed_lines(production, "variance")),
                         {price: -20.0, self.revision: 10.0, self.wip: 10.0})
        reversal = self._unbuild(production, 10)
        self.assertEqual(self._lines(reversal), {
            self.overhead_applied: 100.0, price: 20.0, self.revision: -10.0,
            self.wip: -110.0})
        self.assertWipCleared(production)

    def test_fifo_finished_goods_unbuild(self):
        production = self._made(self.fifo_table, bom=self.fifo_bom)
        reversal = self._unbuild(production, 10)
        self.assertEqual(self._lines(reversal), {self.overhead_applied: 100.0,
                                                 self.wip: -100.0})
        self.assertWipCleared(production)
