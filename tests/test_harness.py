# -*- coding: utf-8 -*-
"""Proof that the harness is real: a native MO completed on PostgreSQL posts real stock
moves and real journal entries."""
from .common import BackflushCase


class TestHarness(BackflushCase):

    @classmethod
    def setUpClass(cls):
        super(TestHarness, cls).setUpClass()
        cls.finished = cls._product("Harness Table", 50.0)
        cls.leg = cls._product("Harness Leg", 3.0)
        cls.top = cls._product("Harness Top", 20.0)
        cls.bom = cls._bom(cls.finished, [(cls.leg, 4), (cls.top, 1)])
        cls._stock(cls.leg, 100)
        cls._stock(cls.top, 100)

    def test_native_completion_moves_stock_and_posts_entries(self):
        production = self._production(self.finished, 5)
        self._produce(production, 5)
        production.button_mark_done()

        self.assertEqual(production.state, "done")
        raw = {m.product_id: m for m in production.move_raw_ids}
        self.assertEqual(raw[self.leg].state, "done")
        self.assertEqual(raw[self.leg].quantity_done, 20)
        self.assertEqual(raw[self.top].quantity_done, 5)
        self.assertEqual(self.leg.qty_available, 80)
        self.assertEqual(self.top.qty_available, 95)
        self.assertEqual(self.finished.qty_available, 5)

        moves = (production.move_raw_ids | production.move_finished_ids)
        entries = self.env["account.move"].search([("stock_move_id", "in", moves.ids)])
        # the posting in one entry (models/mrp_production_valuation.py): the components
        # summed per account (stock, WIP), the finished good's stock line and its WIP
        self.assertEqual(len(entries), 1)
        self.assertEqual(len(entries.line_ids.filtered(
            lambda line: line.backflush_line_type in ("component", "finished"))), 4)
        # stock valuation: +5 x 50 in, -(20 x 3 + 5 x 20) out
        self.assertAlmostEqual(self._balance(self.account_stock), 250.0 - 160.0, places=2)
        # the production location is valued at WIP (set up on install): components and
        # finished goods go through WIP, not the interim accounts, and the order's WIP
        # ends at 0 (the 90 difference is a variance, see test_costing_posting)
        self.assertAlmostEqual(self._balance(self.account_output), 0.0, places=2)
        self.assertAlmostEqual(self._balance(self.account_input), 0.0, places=2)
        self.assertEqual(self._order_wip(production), 0.0)
