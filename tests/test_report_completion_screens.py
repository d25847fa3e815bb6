# -*- coding: utf-8 -*-
"""What the planner meets around a completion: the over-production tolerance, the Report
Completion dialog (filled as it opens, lines for manual components), one completion
event per completion from every path, and a log of what each posting did."""
from odoo.exceptions import UserError

from .shopfloor_common import ShopfloorCase


class TestReportCompletionScreens(ShopfloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestReportCompletionScreens, cls).setUpClass()
        cls.glue = cls._product("SF Glue", 0.5)
        cls._stock(cls.glue, 1000)
        # 4 legs (at completion), 1 top, 2 glue (manual: what is typed is consumed)
        cls.glued_table = cls._product("SF Glued Table", 100.0)
        cls.glued_bom = cls._bom(cls.glued_table, [
            (cls.leg, 4), (cls.top, 1), (cls.glue, 2, {"backflush_policy": "manual"})])
        # every component consumed by its work order: the completion consumes none
        cut, assemble = cls.routing.operation_ids.sorted("sequence")
        cls.staged_table = cls._product("SF Staged Table", 100.0)
        cls.staged_bom = cls._bom(cls.staged_table, [
            (cls.leg, 4, {"operation_id": cut.id, "backflush_policy": "operation"}),
            (cls.top, 1, {"operation_id": assemble.id, "backflush_policy": "operation"})],
            routing=cls.routing)
        # a BOM of operations only (finishing work on a product): no component at all
        cls.service = cls._product("SF Refinished Table", 100.0)
        cls.service_bom = cls._bom(cls.service, [], routing=cls.routing)

    def _set_tolerance(self, percent):
        """As a person does: Manufacturing > Configuration > Settings, the field saved
        through the settings' related field (not execute(): it re-applies every other
        setting of the test database too, which installs modules mid-test)."""
        self.env["res.config.settings"].create({"backflush_overproduction_tolerance": percent})
        self.assertEqual(self.company.backflush_overproduction_tolerance, percent)

    def _wizard(self, productions):
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=productions.ids,
            active_id=productions[:1].id)
        return wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))

    def _assert_refused(self, production, message, call):
        events_before = production.backflush_event_ids
        with self.assertRaises(UserError) as error:
            call()
        self.assertEqual(error.exception.name, message)
        self.assertFalse(self._done_moves(production))
        self.assertEqual(production.state, "confirmed")
        self.assertEqual(production.backflush_event_ids, events_before)

    # ------------------------------------------------------ over-production
    def test_more_than_remains_is_refused_without_tolerance(self):
        """Order of 10, tolerance 0 (the default): 15 is refused in the dialog and over
        the API, with the remaining quantity; nothing is posted."""
        self.assertEqual(self.company.backflush_overproduction_tolerance, 0.0)
        production = self._production(self.table, 10, self.bom)
        message = ("Cannot report 15 Unit(s) done on %s: only 10 Unit(s) remain to produce "
                   "(over-production tolerance 0 %%: at most 10 Unit(s)). Report at most "
                   "that, or raise the tolerance in Manufacturing > Configuration > "
                   "Settings > Report Completion." % production.name)
        self._assert_refused(production, message,
                             lambda: self._report(production, 15, "EV-OVER"))
        wizard = self._wizard(production)
        wizard.line_ids.quantity = 15
        self._assert_refused(production, message, wizard.action_report)

    def test_within_tolerance_is_posted_and_said_beyond_it_refused(self):
        """Tolerance 10 % of 10 = 1 more: 4 then 7 (11 in all) is posted and the chatter
        says 1 more than remained; on a second order of 10, 12 is refused (at most 11)."""
        self._set_tolerance(10.0)
        production = self._production(self.table, 10, self.bom)
        self._report(production, 4, "EV-TOL-1")
        result = self._report(production, 7, "EV-TOL-2")
        self.assertEqual((result["state"], self._produced(production)), ("done", 11))
        self.assertEqual(self._consumed(production, self.leg), 44)   # 11 x 4
        self.assertTrue(production.message_ids.filtered(
            lambda message: "Over-production: 7 Unit(s) reported where 6 Unit(s) remained "
                            "(1 Unit(s) more, within the company's over-production "
                            "tolerance of 10 %)" in (message.body or "")))
        other = self._production(self.table, 10, self.bom)
        self._assert_refused(
            other, "Cannot report 12 Unit(s) done on %s: only 10 Unit(s) remain to produce "
                   "(over-production tolerance 10 %%: at most 11 Unit(s)). Report at most "
                   "that, or raise the tolerance in Manufacturing > Configuration > "
                   "Settings > Report Completion." % other.name,
            lambda: self._report(other, 12, "EV-TOL-3"))

    # ----------------------------------------------------------- the dialog
    def test_dialog_opens_with_product_and_remaining(self):
        """default_get gives the product and what remains with each order's line, so the
        dialog shows them without a round trip: 10 - 3 reported = 7."""
        production = self._production(self.table, 10, self.bom)
        self._report(production, 3, "EV-OPEN")
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids)
        line_vals = wizard_model.default_get(["line_ids"])["line_ids"][0][2]
        self.assertEqual(line_vals["product_id"], self.table.id)
        self.assertEqual(line_vals["remaining_qty"], 7)
        self.assertEqual(line_vals["quantity"], 7)
        self.assertEqual(line_vals["product_uom_id"], self.uom_unit.id)

    def test_manual_components_consume_what_is_typed(self):
        """3 glued tables: the legs are backflushed (3 x 4 = 12), the glue (manual) only
        as typed: 5 on the first report, then 0 on the second (nothing consumed)."""
        production = self._production(self.glued_table, 5, self.glued_bom)
        wizard = self._wizard(production)
        self.assertEqual(wizard.component_ids.product_id, self.glue)
        self.assertEqual(wizard.component_ids.quantity, 0)
        wizard.line_ids.quantity = 3
        wizard.component_ids.quantity = 5
        wizard.action_report()
        self.assertEqual(self._consumed(production, self.leg), 12)
        self.assertEqual(self._consumed(production, self.glue), 5)
        self.assertEqual(self.glue.qty_available, 995)
        glue_log = production.backflush_line_ids.filtered(
            lambda line: line.product_id == self.glue)
        self.assertEqual((glue_log.state, glue_log.consumed_qty), ("manual", 5))
        wizard = self._wizard(production)
        self.assertEqual(wizard.component_ids.quantity, 0)
        wizard.action_report()                                    # the 2 left, no glue
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.leg), 20)
        self.assertEqual(self._consumed(production, self.glue), 5)
        self.assertEqual(self.glue.qty_available, 995)

    def test_negative_manual_quantity_is_refused(self):
        production = self._production(self.glued_table, 5, self.glued_bom)
        wizard = self._wizard(production)
        wizard.component_ids.quantity = -1
        self._assert_refused(production, "The quantity of SF Glue consumed on %s cannot be "
                                         "negative (-1 Unit(s))." % production.name,
                             wizard.action_report)

    # ------------------------------------------------------ completion events
    def test_every_completion_is_one_event(self):
        """Four completions of one order of 10 by four paths: Produce 2 + Post
        Inventory, the API (3), the dialog (1), Produce 4 + Mark as Done: four events,
        postings 1 to 4, each with its quantity and path."""
        production = self._production(self.table, 10, self.bom)
        self._produce(production, 2)
        production.post_inventory()
        self._report(production, 3, "EV-PATHS")
        wizard = self._wizard(production)
        wizard.line_ids.quantity = 1
        wizard.action_report()
        self._produce(production, 4)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        events = production.backflush_event_ids.sorted("id")
        self.assertEqual(
            [(event.source, event.event_id, event.quantity, event.posting, event.state)
             for event in events],
            [("posting", False, 2, 1, "posted"), ("api", "EV-PATHS", 3, 2, "posted"),
             ("report", False, 1, 3, "posted"), ("posting", False, 4, 4, "posted")])
        self.assertEqual(events[0].display_name, "%s, posting 1" % production.name)
        self.assertEqual(events[1].display_name, "EV-PATHS")

    def test_work_orders_report_one_event_per_completion(self):
        """Report Completion on a routed order lets its work orders consume their
        operation components (legs at Cut): still one event, and the completion posting
        does not log the legs again."""
        production = self._production(self.routed_table, 2, self.routed_bom)
        self._report(production, 2, "EV-ROUTED", hours={"SF Saw": 0.5})
        self.assertEqual(production.state, "done")
        self.assertEqual(len(production.backflush_event_ids), 1)
        lines = production.backflush_line_ids
        legs = lines.filtered(lambda line: line.product_id == self.leg)
        self.assertEqual((len(legs), legs.workorder_id.operation_id.name, legs.consumed_qty),
                         (1, "Cut", 8))
        self.assertEqual(production.backflush_event_ids.posting,
                         max(lines.mapped("posting")))

    def _events(self, production):
        return [(event.source, event.event_id, event.quantity, event.posting, event.state)
                for event in production.backflush_event_ids.sorted("id")]

    def test_a_completion_that_consumes_no_component_is_one_event(self):
        """Order of 2 staged tables, legs at Cut and the top at Assemble: the work orders
        record 2 each (postings 1 and 2 of the Backflush tab: 8 legs, 2 tops), then Mark
        as Done consumes nothing more. It is posting 3 (the chatter says so), and its
        event says posting 3, posted (not 0, "not posted yet")."""
        production = self._production(self.staged_table, 2, self.staged_bom)
        production.button_plan()
        for workorder in production.workorder_ids.sorted("id"):
            self._record(workorder, 2)
        production.button_mark_done()
        self.assertEqual(sorted(production.backflush_line_ids.mapped("posting")), [1, 2])
        self.assertTrue(production.message_ids.filtered(
            lambda message: "Backflush, posting 3: 2 Unit(s) of SF Staged Table"
                            in (message.body or "")))
        self.assertEqual(self._events(production), [("posting", False, 2, 3, "posted")])

    def test_completions_of_an_order_without_components_are_events(self):
        """An order of 4 refinished tables (a BOM of operations, no component): the
        dialog reports 1 (posting 1), Produce 3 + Mark as Done the rest (posting 2); a
        second order over the API reports 1 (posting 1). Three completions, three events,
        each posted with its posting; none left Waiting to Post."""
        production = self._production(self.service, 4, self.service_bom)
        wizard = self._wizard(production)
        wizard.line_ids.quantity = 1
        wizard.action_report()
        self._produce(production, 3)
        production.button_mark_done()
        self.assertEqual((production.state, self._produced(production)), ("done", 4))
        self.assertEqual(self._events(production), [("report", False, 1, 1, "posted"),
                                                    ("posting", False, 3, 2, "posted")])
        other = self._production(self.service, 4, self.service_bom)
        self._report(other, 1, "EV-NO-COMPONENT")
        self.assertEqual(self._events(other), [("api", "EV-NO-COMPONENT", 1, 1, "posted")])

    def test_completion_while_a_work_order_runs(self):
        """Order of 10 routed tables: Cut started on the tablet (its timer running) and
        recorded 4 cut (16 legs at Cut, no table finished yet); the MES reports the 10
        tables done. The order is complete: the running timer stops, the work orders
        finish, the order is done (Odoo refuses Mark as Done while a timer runs, "Work
        order Cut is still running"): 10 tables, legs 16 + 6 x 4 = 40 at Cut, 10 tops at
        completion."""
        production = self._production(self.routed_table, 10, self.routed_bom)
        production.button_plan()
        cut = production.workorder_ids.sorted("id")[0]
        self._record(cut, 4)
        self.assertTrue(cut.time_ids.filtered(lambda log: not log.date_end))
        self._report(production, 10, "EV-RUNNING")
        self.assertEqual((production.state, self._produced(production),
                          self._consumed(production, self.leg),
                          self._consumed(production, self.top)), ("done", 10, 40, 10))
        self.assertEqual(set(production.workorder_ids.mapped("state")), {"done"})
        self.assertFalse(production.workorder_ids.mapped("time_ids").filtered(
            lambda log: not log.date_end))
