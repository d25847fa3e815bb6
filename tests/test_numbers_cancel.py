# -*- coding: utf-8 -*-
"""Issue 11, kind 8: cancelling an order whose consumed components are in WIP is
refused with what is there and how to return or scrap it, or (company setting) writes
the WIP off in an entry linked to the order; a cancelled order's WIP is 0."""
from odoo.exceptions import UserError

from .numbers_common import NumbersCase


class TestCancelWithConsumedComponents(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestCancelWithConsumedComponents, cls).setUpClass()
        cls._oak_table("Cancel")
        cls.variance = cls.company.backflush_variance_account_id

    def test_issue_case_refused_by_default_naming_what_is_in_wip(self):
        """Order of 10 Oak Dining Tables, planned; Cut top records 10: 10 Oak Tops at
        20.00 = 200.00 in WIP. Cancel is refused, naming the 200.00, the tops and the
        setting; nothing changes."""
        self.assertEqual(self.company.backflush_cancel_policy, "refuse")
        production = self._production(self.oak_table, 10)
        self._record(self._workorder(production, "Cut top"), 10)
        self.assertEqual(self._order_wip(production), 200.0)
        with self.assertRaises(UserError) as refusal:
            production.action_cancel()
        message = refusal.exception.name
        self.assertIn("200.00", message)
        self.assertIn("- 10 Unit(s) Cancel Oak Top: ", message)
        self.assertIn("Mark as Done", message)
        self.assertIn("Write off the WIP", message)
        self.assertIn("Manufacturing > Configuration > Settings > Backflush Costing",
                      message)
        self.assertNotEqual(production.state, "cancel")
        self.assertEqual(self._order_wip(production), 200.0)

    def test_issue_case_written_off_when_the_company_says_so(self):
        """Same order, company set to write off (settings form): the cancel posts Dr
        Manufacturing Variances 200.00 / Cr WIP 200.00 linked to the order; WIP 0."""
        self._set_company(backflush_cancel_policy="write_off")
        production = self._production(self.oak_table, 10)
        self._record(self._workorder(production, "Cut top"), 10)
        production.action_cancel()
        self.assertEqual(production.state, "cancel")
        entry = self._entries(production, "cancel")
        self.assertEqual(self._lines(entry), {self.variance: 200.0, self.wip: -200.0})
        self.assertEqual(entry.journal_id, self.backflush_journal)
        self.assertIn("Written off at cancellation", " ".join(self._labels(production)))
        log = production.backflush_cost_line_ids
        self.assertEqual((log.variance_kind, log.amount), ("cancel_write_off", 200.0))
        self.assertEqual(self._order_wip(production), 0.0)

    def test_nothing_consumed_cancels_as_before(self):
        production = self._production(self.oak_table, 10)
        production.button_plan()
        production.action_cancel()
        self.assertEqual(production.state, "cancel")
        self.assertFalse(production.backflush_move_ids)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_after_a_partial_posting_only_what_is_left_in_wip(self):
        """Not planned: Produce 4 + Post Inventory (WIP 0). Then 3 Oak Tops recorded by
        hand and posted with nothing produced: 60.00 in WIP. Refused naming 60.00 and
        the 3 tops; on write-off, 60.00 written off."""
        production = self._production(self.oak_table, 10)
        self._produce(production, 4)
        production.post_inventory()
        self.assertEqual(self._order_wip(production), 0.0)
        tops = production.move_raw_ids.filtered(
            lambda move: move.product_id == self.oak_top and move.state != "done")
        tops.quantity_done = 3
        production.post_inventory()
        self.assertEqual(self._order_wip(production), 60.0)
        with self.assertRaises(UserError) as refusal:
            production.action_cancel()
        self.assertIn("60.00", refusal.exception.name)
        self.assertIn("- 3 Unit(s) Cancel Oak Top: ", refusal.exception.name)
        self.company.backflush_cancel_policy = "write_off"
        production.action_cancel()
        self.assertEqual(self._lines(self._entries(production, "cancel")),
                         {self.variance: 60.0, self.wip: -60.0})
        self.assertEqual(self._order_wip(production), 0.0)

    def test_one_refused_order_cancels_none(self):
        clean = self._production(self.oak_table, 2)
        consumed = self._production(self.oak_table, 2)
        self._record(self._workorder(consumed, "Cut top"), 2)
        with self.assertRaises(UserError):
            (clean | consumed).action_cancel()
        self.assertEqual((clean.state, consumed.state), ("confirmed", "progress"))
