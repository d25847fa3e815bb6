# -*- coding: utf-8 -*-
"""One-step completion on real Odoo + PostgreSQL: the MES API report_completion (by
reference or id, hours, exactly once per event id, every bad input refused with nothing
posted) and the Report Completion wizard on one or many orders."""
from odoo.exceptions import UserError

from .shopfloor_common import ShopfloorCase


class TestReportCompletion(ShopfloorCase):

    def _assert_nothing_posted(self, production, message, call):
        done_before = self._done_moves(production)
        entries_before = self.env["account.move"].search_count([])
        events_before = self.env["mrp.backflush.event"].search_count([])
        with self.assertRaises(UserError) as error:
            call()
        self.assertEqual(error.exception.name, message)
        self.assertEqual(self._done_moves(production), done_before)
        self.assertEqual(self.env["account.move"].search_count([]), entries_before)
        self.assertEqual(self.env["mrp.backflush.event"].search_count([]), events_before)

    # ---------------------------------------------------------------- posting
    def test_partial_report_posts_finished_goods_components_and_entries(self):
        production = self._production(self.table, 10, self.bom)
        result = self._report(production, 4, "EV-PARTIAL")

        self.assertEqual(production.state, "progress")
        self.assertEqual(self._produced(production), 4)
        self.assertEqual(self._consumed(production, self.leg), 16)   # backflushed: 4 x 4
        self.assertEqual(self._consumed(production, self.top), 4)
        self.assertEqual(self.table.qty_available, 4)
        self.assertEqual(self.leg.qty_available, 984)
        self.assertEqual(result["production"], production.name)
        self.assertEqual(result["production_id"], production.id)
        self.assertEqual(result["quantity"], 4)
        self.assertIs(result["posted"], True)
        self.assertIs(result["duplicate"], False)
        self.assertEqual(result["event_id"], "EV-PARTIAL")
        self.assertEqual((result["state"], result["qty_produced"]), ("progress", 4))
        self.assertEqual(result["stock_move_ids"], sorted(self._done_moves(production).ids))
        self.assertEqual(len(result["stock_move_ids"]), 3)
        # real-time valuation: one stock entry for the whole posting (components and
        # finished goods), plus the conversion and variance entries
        entries = self.env["account.move"].browse(result["account_move_ids"])
        self.assertEqual(entries, self._entries(production))
        self.assertEqual(len(entries.filtered("stock_move_id")), 1)
        self.assertEqual(set(entries.mapped("state")), {"posted"})
        self.assertEqual(set(production.backflush_line_ids.ids),
                         set(result["backflush_line_ids"]))
        event = production.backflush_event_ids
        self.assertEqual((event.event_id, event.quantity, event.state),
                         ("EV-PARTIAL", 4, "posted"))

    def test_reports_up_to_the_planned_quantity_complete_the_order(self):
        production = self._production(self.table, 10, self.bom)
        first = self._report(production, 6, "EV-1")
        second = self._report(production, 4, "EV-2")
        self.assertEqual(production.state, "done")
        self.assertEqual(second["state"], "done")
        self.assertEqual(self._produced(production), 10)
        self.assertEqual(self._consumed(production, self.leg), 40)
        self.assertEqual(self._consumed(production, self.top), 10)
        # each report names only what it posted
        self.assertFalse(set(first["stock_move_ids"]) & set(second["stock_move_ids"]))
        self.assertFalse(set(first["account_move_ids"]) & set(second["account_move_ids"]))
        self.assertEqual(sorted(first["stock_move_ids"] + second["stock_move_ids"]),
                         sorted(self._done_moves(production).ids))
        self.assertEqual(len(production.backflush_event_ids), 2)

    def test_by_id_with_a_numeric_event_id(self):
        production = self._production(self.table, 3, self.bom)
        result = self.env["mrp.production"].report_completion(production.id, 3.0, 7)
        self.assertEqual((result["production"], result["event_id"]), (production.name, "7"))
        self.assertEqual(production.state, "done")

    # --------------------------------------------------------- exactly once
    def test_repeated_event_returns_first_result_and_posts_nothing(self):
        production = self._production(self.table, 10, self.bom)
        first = self._report(production, 4, "EV-TWICE")
        done, entries = self._done_moves(production), self.env["account.move"].search_count([])
        again = self._report(production, 4, "EV-TWICE")
        self.assertIs(again["posted"], False)
        self.assertIs(again["duplicate"], True)
        for key in ("production", "quantity", "stock_move_ids", "account_move_ids",
                    "event_id"):
            self.assertEqual(again[key], first[key])
        self.assertEqual(self._done_moves(production), done)
        self.assertEqual(self.env["account.move"].search_count([]), entries)
        self.assertEqual(self._produced(production), 4)
        # still the first result once the order is done, whatever the repeat says
        self._report(production, 6, "EV-REST")
        late = self._report(production, 99, "EV-TWICE")
        self.assertEqual((late["quantity"], late["posted"]), (4, False))
        self.assertEqual(self._produced(production), 10)

    def test_same_event_id_in_another_company_is_another_event(self):
        production = self._production(self.table, 10, self.bom)
        self._report(production, 1, "EV-CO")
        other = self.env["res.company"].create({"name": "SF Other Company"})
        event = self.env["mrp.backflush.event"].create({
            "event_id": "EV-CO", "company_id": other.id, "production_id": production.id,
            "quantity": 1})
        self.assertTrue(event)

    # ------------------------------------------------------------ bad input
    def test_bad_input_is_refused_and_posts_nothing(self):
        production = self._production(self.table, 10, self.bom)
        model = self.env["mrp.production"]
        cases = [
            ("Manufacturing order NO/SUCH/MO not found.",
             lambda: model.report_completion("NO/SUCH/MO", 1, "EV-BAD-1")),
            ("Manufacturing order 999999999 not found.",
             lambda: model.report_completion(999999999, 1, "EV-BAD-2")),
            ("The quantity reported on %s must be a positive number, not 0 Unit(s)."
             % production.name,
             lambda: self._report(production, 0, "EV-BAD-3")),
            ("The quantity reported on %s must be a positive number, not -2 Unit(s)."
             % production.name,
             lambda: self._report(production, -2, "EV-BAD-4")),
            ("The quantity reported on %s must be a positive number, not 'ten'."
             % production.name, lambda: self._report(production, "ten", "EV-BAD-5")),
            ("A completion report needs an event id (the reporting system's unique id of "
             "this report), not ''.", lambda: self._report(production, 1, "")),
            ("Work center Paint Shop has no operation on %s (its work centers: none)."
             % production.name,
             lambda: self._report(production, 1, "EV-BAD-6", hours={"Paint Shop": 1.0})),
        ]
        for message, call in cases:
            self._assert_nothing_posted(production, message, call)
        self.assertEqual(production.state, "confirmed")

    def test_finished_or_cancelled_order_is_refused(self):
        production = self._production(self.table, 2, self.bom)
        self._report(production, 2, "EV-DONE")
        self._assert_nothing_posted(
            production, "Manufacturing order %s is already done: no completion can be "
                        "reported on it any more." % production.name,
            lambda: self._report(production, 1, "EV-AFTER-DONE"))
        cancelled = self._production(self.table, 2, self.bom)
        cancelled.action_cancel()
        self._assert_nothing_posted(
            cancelled, "Manufacturing order %s is Cancelled: only confirmed, planned or "
                       "in-progress orders can report completions." % cancelled.name,
            lambda: self._report(cancelled, 1, "EV-CANCELLED"))

    def test_error_while_posting_leaves_no_event_and_posts_nothing(self):
        self.company.backflush_negative_policy = "block"
        production = self._production(self.table, 300, self.bom)     # 1200 legs, 1000 there
        done_before = self._done_moves(production)
        with self.assertRaises(UserError) as error:
            self._report(production, 300, "EV-SHORT")
        self.assertIn("Not enough stock to backflush %s" % production.name,
                      error.exception.name)
        self.assertEqual(self._done_moves(production), done_before)
        self.assertFalse(self.env["mrp.backflush.event"].search([("event_id", "=", "EV-SHORT")]))
        self.assertEqual(self.table.qty_available, 0)
        # the same event id is free again once the stock is there
        self._stock(self.leg, 200)
        self.assertTrue(self._report(production, 300, "EV-SHORT")["posted"])
        self.assertEqual(production.state, "done")

    def test_tracked_finished_product_without_its_lot_is_refused(self):
        tracked = self._product("SF Lot Table", 100.0, tracking="lot")
        bom = self._bom(tracked, [(self.leg, 4)])
        production = self._production(tracked, 2, bom)
        self._assert_nothing_posted(
            production, "SF Lot Table is tracked by lots: give the lot of the units reported "
                        "on %s (lot_name, or the Lot field of Report Completion)."
                        % production.name,
            lambda: self._report(production, 1, "EV-LOT"))

    # ------------------------------------------------------------ hours
    def test_hours_are_logged_on_work_orders_and_operation_components_follow(self):
        production = self._production(self.routed_table, 10, self.routed_bom)
        result = self._report(production, 4, "EV-HOURS",
                              hours={"SF Saw": 1.5, "SF Assembly": 0.25})
        self.assertEqual(production.state, "progress")      # planned, then in progress
        saw_order = production.workorder_ids.filtered(lambda wo: wo.workcenter_id == self.saw)
        logs = self.env["mrp.workcenter.productivity"].browse(result["time_log_ids"])
        self.assertEqual(len(logs), 2)
        self.assertEqual(saw_order.time_ids, logs.filtered(
            lambda log: log.workcenter_id == self.saw))
        self.assertEqual(saw_order.time_ids.duration, 90.0)
        self.assertTrue(saw_order.time_ids.date_end)
        self.assertEqual(saw_order.time_ids.loss_type, "productive")
        # both work orders caught up; legs (operation policy) consumed at the saw's catch-up
        self.assertEqual(production.workorder_ids.mapped("qty_produced"), [4, 4])
        self.assertEqual(self._consumed(production, self.leg), 16)
        self.assertEqual(self._consumed(production, self.top), 4)
        self._report(production, 6, "EV-HOURS-2")
        self.assertEqual(production.state, "done")
        self.assertEqual(set(production.workorder_ids.mapped("state")), {"done"})
        self.assertEqual(self._consumed(production, self.leg), 40)
        self.assertEqual(self._consumed(production, self.top), 10)

    def test_work_order_already_recorded_is_not_backflushed_twice(self):
        production = self._production(self.routed_table, 5, self.routed_bom)
        production.button_plan()
        saw_order = production.workorder_ids.filtered(lambda wo: wo.workcenter_id == self.saw)
        saw_order.button_start()
        saw_order.qty_producing = 5
        saw_order.record_production()
        self.assertEqual(self._consumed(production, self.leg), 20)
        self._report(production, 5, "EV-AFTER-WO")
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.leg), 20)
        self.assertEqual(self._consumed(production, self.top), 5)

    def test_negative_hours_are_refused(self):
        production = self._production(self.routed_table, 5, self.routed_bom)
        self._assert_nothing_posted(
            production, "The hours of work center SF Saw on %s must be a number of hours "
                        "(0 or more), not -1." % production.name,
            lambda: self._report(production, 1, "EV-NEG-HOURS", hours={"SF Saw": -1}))
        self.assertFalse(production.workorder_ids)
