# -*- coding: utf-8 -*-
"""The Report Completion wizard: the button of the order form and the list action on many
orders; quantities default to what remains, hours per work order, one transaction."""
from odoo.exceptions import UserError

from .shopfloor_common import ShopfloorCase


class TestReportCompletionWizard(ShopfloorCase):

    def _wizard(self, productions):
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=productions.ids,
            active_id=productions[:1].id)
        return wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))

    def test_defaults_to_what_remains_with_a_line_per_work_order(self):
        production = self._production(self.routed_table, 10, self.routed_bom)
        self._report(production, 3, "EV-WIZ-PART", hours={"SF Saw": 0.5})
        wizard = self._wizard(production)
        self.assertEqual(wizard.line_ids.production_id, production)
        self.assertEqual((wizard.line_ids.quantity, wizard.line_ids.remaining_qty), (7, 7))
        self.assertEqual(wizard.time_ids.mapped("workorder_id"), production.workorder_ids)
        self.assertEqual(set(wizard.time_ids.mapped("hours")), {0.0})

    def test_unplanned_order_offers_the_routing_work_centers(self):
        production = self._production(self.routed_table, 2, self.routed_bom)
        wizard = self._wizard(production)
        self.assertEqual(wizard.time_ids.mapped("workcenter_id"), self.saw | self.assembly)
        self.assertFalse(wizard.time_ids.mapped("workorder_id"))
        wizard.time_ids.filtered(lambda t: t.workcenter_id == self.assembly).hours = 2.0
        wizard.action_report()
        self.assertEqual(production.state, "done")
        assembly_order = production.workorder_ids.filtered(
            lambda wo: wo.workcenter_id == self.assembly)
        self.assertEqual(assembly_order.time_ids.duration, 120.0)

    def test_many_orders_in_one_go_and_zero_skips_an_order(self):
        first = self._production(self.table, 5, self.bom)
        second = self._production(self.table, 8, self.bom)
        skipped = self._production(self.table, 4, self.bom)
        wizard = self._wizard(first | second | skipped)
        wizard.line_ids.filtered(lambda line: line.production_id == second).quantity = 6
        wizard.line_ids.filtered(lambda line: line.production_id == skipped).quantity = 0
        wizard.action_report()
        self.assertEqual((first.state, self._produced(first)), ("done", 5))
        self.assertEqual((second.state, self._produced(second)), ("progress", 6))
        self.assertEqual((skipped.state, self._produced(skipped)), ("confirmed", 0))
        self.assertEqual(self._consumed(second, self.leg), 24)
        self.assertEqual(self.table.qty_available, 11)

    def test_one_bad_order_posts_none(self):
        good = self._production(self.table, 5, self.bom)
        bad = self._production(self.table, 5, self.bom)
        wizard = self._wizard(good | bad)
        wizard.line_ids.filtered(lambda line: line.production_id == bad).quantity = -1
        with self.assertRaises(UserError) as error:
            wizard.action_report()
        self.assertEqual(error.exception.name, "The quantity reported on %s must be a "
                                               "positive number, not -1 Unit(s)." % bad.name)
        self.assertFalse(self._done_moves(good) | self._done_moves(bad))
        self.assertEqual(self.table.qty_available, 0)

    def test_done_orders_are_left_out_and_nothing_to_report_is_refused(self):
        done = self._production(self.table, 1, self.bom)
        self._report(done, 1, "EV-WIZ-DONE")
        open_order = self._production(self.table, 2, self.bom)
        wizard = self._wizard(done | open_order)
        self.assertEqual(wizard.line_ids.production_id, open_order)
        with self.assertRaises(UserError) as error:
            self._wizard(done)
        self.assertEqual(error.exception.name, "None of the selected manufacturing orders can "
                                               "report a completion: they must be confirmed, "
                                               "planned or in progress.")
        wizard.line_ids.quantity = 0
        with self.assertRaises(UserError) as error:
            wizard.action_report()
        self.assertEqual(error.exception.name,
                         "Enter the quantity done of at least one manufacturing order.")

    def test_form_button_and_list_action_open_the_wizard(self):
        action = self.env.ref("mrp_backflush.action_mrp_report_completion")
        self.assertEqual(action.binding_model_id.model, "mrp.production")
        self.assertEqual((action.res_model, action.target), ("mrp.report.completion", "new"))
        arch = self.env["mrp.production"].fields_view_get(
            view_id=self.env.ref("mrp.mrp_production_form_view").id, view_type="form")["arch"]
        self.assertIn('name="%s"' % action.id, arch)

    def test_says_what_it_posted(self):
        """Routed table (4 legs at Cut, policy operation; 1 top at completion), order of
        10. Report 4 with 1.5 h on the saw: the dialog comes back saying 4 posted, the
        order in progress, legs 4 x 4 = 16 (at Cut, as the work order catches up) and 4
        tops consumed, 1.50 h logged on the saw; Close reloads the screen behind."""
        production = self._production(self.routed_table, 10, self.routed_bom)
        production.button_plan()
        wizard = self._wizard(production)
        wizard.line_ids.quantity = 4
        wizard.time_ids.filtered(lambda time: time.workcenter_id == self.saw).hours = 1.5
        action = wizard.action_report()
        self.assertEqual((action["res_model"], action["res_id"], action["target"]),
                         ("mrp.report.completion", wizard.id, "new"))
        self.assertEqual(action["views"], [
            (self.env.ref("mrp_backflush.mrp_report_completion_view_result").id, "form")])
        self.assertEqual(wizard.result, (
            "%s: 4 Unit(s) of SF Routed Table posted; the order is In Progress.\n"
            "Components consumed: SF Leg 16 Unit(s), SF Top 4 Unit(s).\n"
            "Hours logged: SF Saw 1.50 h.") % production.name)
        self.assertEqual(wizard.action_close(), {"type": "ir.actions.client", "tag": "reload"})

    def test_hours_left_empty_say_standard_time(self):
        """Hours are empty (not 0:00) as the dialog opens; reported without any: the
        dialog says the standard time applies. Order of 2 routed tables, done: legs
        2 x 4 = 8, tops 2."""
        production = self._production(self.routed_table, 2, self.routed_bom)
        vals = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids,
            active_id=production.id).default_get(["time_ids"])
        self.assertEqual([line[2]["hours"] for line in vals["time_ids"]], [False, False])
        wizard = self._wizard(production)
        wizard.action_report()
        self.assertEqual(wizard.result, (
            "%s: 2 Unit(s) of SF Routed Table posted; the order is Done.\n"
            "Components consumed: SF Leg 8 Unit(s), SF Top 2 Unit(s).\n"
            "Hours: none entered, the time logged on the work orders since the last "
            "posting is costed, else the routing's standard time.") % production.name)
