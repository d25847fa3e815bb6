# -*- coding: utf-8 -*-
"""Issue 11, kind 6: a posting worth 0 receives its finished goods at 0.00, never at the
product's cost field (Odoo 11 reads a price of 0 as "not set"), with no Rounding
amount; the same for components an unbuild returns at 0."""
from .numbers_common import NumbersCase


class TestZeroValuePosting(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestZeroValuePosting, cls).setUpClass()
        cls.bolt = cls._product("Zero Bolt", 1.0, categ=cls.categ_average)
        cls.frame = cls._product("Zero Frame", 1.5, categ=cls.categ_fifo)
        cls.bom = cls._bom(cls.frame, [(cls.bolt, 1)])
        cls.washer = cls._product("Zero Washer", 0.3)
        cls.washer.type = "consu"
        cls.bracket = cls._product("Zero Bracket", 2.25, categ=cls.categ_fifo)
        cls.washer_bom = cls._bom(cls.bracket, [(cls.washer, 2)])

    def test_issue_case_queued_components_frame_at_zero(self):
        """Company on queue, 10 bolts for an order of 100: the bolts wait, the 100 frames
        are received at 0.00 (not 1.50 = 150.00), WIP 0. 500 bolts received at 1.00 and
        Retry: the 100 bolts (100.00) go through WIP and leave it to the 100 frames, all
        on hand (their remaining value 0 + 100.00); WIP 0; never an amount labelled
        Rounding."""
        self.company.backflush_negative_policy = "queue"
        self._stock(self.bolt, 10)
        production = self._production(self.frame, 100)
        self._complete(production, 100)
        frames = production.move_finished_ids
        self.assertEqual((frames.state, frames.price_unit, frames.value), ("done", 0.0, 0.0))
        self.assertEqual(frames.remaining_value, 0.0)
        self.assertEqual(production.backflush_queued_count, 1)
        self.assertEqual(self._order_wip(production), 0.0)
        self.assertEqual(self._rounding_amount(production), 0.0)
        self._receive(self.bolt, 500, 1.0)
        production.action_backflush_retry()
        self.assertEqual(production.backflush_queued_count, 0)
        self.assertEqual(self._order_wip(production), 0.0)
        self.assertEqual(self._rounding_amount(production), 0.0)
        self.assertEqual(frames.remaining_value, 100.0)
        self.assertFalse(production.backflush_cost_line_ids.filtered(
            lambda line: line.variance_kind == "late_components"))
        self.assertEqual(self.frame.standard_price, 1.5)  # the field is left alone

    def test_partial_postings_the_first_worth_zero(self):
        """Queue, no bolts: Produce 40 + Post Inventory receives 40 frames at 0.00; 60
        bolts arrive, Produce 60 + Mark as Done: 60 frames at 1.00 (60.00)."""
        self.company.backflush_negative_policy = "queue"
        production = self._production(self.frame, 100)
        self._complete(production, 40, mark_done=False)
        first = production.move_finished_ids.filtered(lambda move: move.state == "done")
        self.assertEqual(first.value, 0.0)
        self.assertEqual(self._order_wip(production), 0.0)
        self._receive(self.bolt, 60, 1.0)
        self._complete(production, 60)
        second = production.move_finished_ids.filtered(
            lambda move: move.state == "done") - first
        self.assertEqual(second.value, 60.0)
        self.assertEqual(self._rounding_amount(production), 0.0)

    def test_nothing_to_value_report_completion(self):
        """Brackets from consumable washers (not valued), no cost pool, reported over
        the MES API: received at 0.00, not at their cost field 2.25."""
        production = self._production(self.bracket, 8, bom=self.washer_bom)
        self.env["mrp.production"].report_completion(production.name, 8, "ZERO-1")
        self.assertEqual(production.state, "done")
        self.assertEqual(production.move_finished_ids.value, 0.0)
        self.assertEqual(self._rounding_amount(production), 0.0)
        self.assertEqual(self._order_wip(production), 0.0)
        # unbuilt: the washers come back at the 0.00 they were consumed at
        self._unbuild_order(production, 8)
        self.assertEqual(self._order_wip(production), 0.0)
        self.assertEqual(self._rounding_amount(production), 0.0)
