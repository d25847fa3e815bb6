# -*- coding: utf-8 -*-
"""Issue 11, kind 1: rounding is trued up across the postings of an order. A posting
requires round_up(required for everything posted so far) - what the earlier postings
required, so an order completed in parts consumes what it would completed at once, and
a standard-cost product posts no usage variance for material nobody used."""
from .numbers_common import NumbersCase


class TestRoundingTruedUp(NumbersCase):
    """The Oak Dining Table with Unit(s) rounded to 1: 16.8 screws a table (4 kits x 4
    screws x 1.05)."""

    @classmethod
    def setUpClass(cls):
        super(TestRoundingTruedUp, cls).setUpClass()
        cls.uom_unit.rounding = 1.0
        cls._oak_table("Round")

    def _screws(self, production):
        """Screws consumed by each posting (backflush log), in posting order."""
        lines = production.backflush_line_ids.filtered(
            lambda line: line.product_id == self.oak_screw).sorted("posting")
        return lines.mapped("consumed_qty")

    def _consumed(self, production, product):
        moves = production.move_raw_ids.filtered(
            lambda move: move.product_id == product and move.state == "done")
        return sum(moves.mapped("product_qty"))

    def _no_usage_variance(self, production):
        kinds = production.backflush_cost_line_ids.mapped("variance_kind")
        self.assertNotIn("material_usage", kinds)

    def test_issue_case_68_then_100_is_168(self):
        """Produce 4 + Post Inventory: 4 x 16.8 = 67.2 -> 68. Produce 6 + Mark as Done:
        round_up(10 x 16.8 = 168) - 68 = 100 (today 101). Order: 168 = one posting of
        10; no usage variance on the standard-cost table."""
        production = self._production(self.oak_table, 10)
        self._complete(production, 4, mark_done=False)
        self._complete(production, 6)
        self.assertEqual(self._screws(production), [68.0, 100.0])
        self.assertEqual(self._consumed(production, self.oak_screw), 168.0)
        self._no_usage_variance(production)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_one_posting_of_ten_is_168(self):
        production = self._production(self.oak_table, 10)
        self._complete(production, 10)
        self.assertEqual(self._screws(production), [168.0])

    def test_three_postings(self):
        """3: 50.4 -> 51; 6: 100.8 -> 101 - 51 = 50; 10: 168 - 101 = 67. 168 in all; the
        scrap part likewise: 3 x 0.8 = 2.4 -> 3, 4.8 -> 5 - 3 = 2, 8 - 5 = 3."""
        production = self._production(self.oak_table, 10)
        self._complete(production, 3, mark_done=False)
        self._complete(production, 3, mark_done=False)
        self._complete(production, 4)
        self.assertEqual(self._screws(production), [51.0, 50.0, 67.0])
        scrap = production.backflush_line_ids.filtered(
            lambda line: line.product_id == self.oak_screw).sorted("posting").mapped(
            "scrap_qty")
        self.assertEqual(scrap, [3.0, 2.0, 3.0])
        self.assertEqual(self._consumed(production, self.oak_screw), 168.0)
        self._no_usage_variance(production)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_work_orders_then_post_inventory_and_mark_as_done(self):
        """The README's path: Cut top and Assemble record 4, Post Inventory; they record
        6, Mark as Done: screws 68 then 100."""
        production = self._production(self.oak_table, 10)
        cut = self._workorder(production, "Cut top")
        assemble = self._workorder(production, "Assemble")
        self._record(cut, 4)
        self._record(assemble, 4)
        production.post_inventory()
        self._record(cut, 6)
        self._record(assemble, 6)
        production.button_mark_done()
        self.assertEqual(self._screws(production), [68.0, 100.0])
        self.assertEqual(self._consumed(production, self.oak_top), 10.0)
        self._no_usage_variance(production)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_report_completion_in_parts(self):
        """report_completion (the MES API, called as execute_kw calls it) of 4, then 6."""
        production = self._production(self.oak_table, 10)
        Production = self.env["mrp.production"]
        Production.report_completion(production.name, 4, "ROUND-1")
        Production.report_completion(production.name, 6, "ROUND-2")
        self.assertEqual(production.state, "done")
        self.assertEqual(self._screws(production), [68.0, 100.0])
        self.assertEqual(self._order_wip(production), 0.0)

    def test_operation_components_true_up_per_work_order(self):
        """Screws at Assemble (policy: at operation completion) recorded 4, 3, 3:
        68, round_up(117.6) - 68 = 50, 168 - 118 = 50."""
        self.oak_screw.backflush_policy = "operation"
        production = self._production(self.oak_table, 10)
        assemble = self._workorder(production, "Assemble")
        self._record(self._workorder(production, "Cut top"), 10)
        for qty in (4, 3, 3):
            self._record(assemble, qty)
        self.assertEqual(self._screws(production), [68.0, 50.0, 50.0])
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.oak_screw), 168.0)
