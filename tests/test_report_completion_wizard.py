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
