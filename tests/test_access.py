# -*- coding: utf-8 -*-
"""Access of the shop-floor features, with real users and groups: a manufacturing user
without accounting rights reports completions (entries posted), stock users get alerts
and replenish, and each company sees only its own events and alerts."""
from odoo.exceptions import AccessError, UserError

from .shopfloor_common import ShopfloorCase


class TestShopfloorAccess(ShopfloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestShopfloorAccess, cls).setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "SF Other Company"})
        cls.operator = cls._user("sf_operator", cls.company, "mrp.group_mrp_user")
        cls.storekeeper = cls._user("sf_storekeeper", cls.company, "stock.group_stock_user",
                                    "stock.group_stock_multi_locations")
        cls.stock_manager = cls._user("sf_stock_manager", cls.company,
                                      "stock.group_stock_manager")
        cls.other_operator = cls._user("sf_other_operator", cls.other_company,
                                       "mrp.group_mrp_user")
        cls.company.backflush_count_threshold_percent = 5.0

    @classmethod
    def _user(cls, login, company, *groups):
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": login, "login": login, "email": "%s@example.com" % login,
            "company_id": company.id, "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, [cls.env.ref(group).id for group in groups])]})

    def test_operator_has_no_accounting_rights(self):
        for group in ("account.group_account_invoice", "account.group_account_user",
                      "account.group_account_manager"):
            self.assertFalse(self.operator.has_group(group))
        with self.assertRaises(AccessError):
            self.env["account.move"].sudo(self.operator).create({
                "journal_id": self.journal.id, "line_ids": []})

    def test_operator_reports_a_completion_and_the_entries_are_posted(self):
        production = self._production(self.routed_table, 5, self.routed_bom)
        result = self._report(production, 5, "EV-ACCESS-1", hours={"SF Saw": 1.0},
                              env=self.env(user=self.operator.id))
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.leg), 20)
        entries = self.env["account.move"].browse(result["account_move_ids"])
        self.assertTrue(entries)
        self.assertEqual(set(entries.mapped("state")), {"posted"})
        self.assertEqual(entries, self._entries(production))
        event = production.backflush_event_ids
        self.assertEqual(event.create_uid, self.operator)
        self.assertEqual(production.workorder_ids.mapped("time_ids.user_id"), self.operator)
        # the repeat, as the operator too
        again = self._report(production, 5, "EV-ACCESS-1", env=self.env(user=self.operator.id))
        self.assertEqual((again["duplicate"], again["account_move_ids"]),
                         (True, result["account_move_ids"]))

    def test_operator_uses_the_wizard(self):
        production = self._production(self.table, 4, self.bom)
        wizard_model = self.env["mrp.report.completion"].sudo(self.operator).with_context(
            active_model="mrp.production", active_ids=production.ids)
        wizard_model.create(wizard_model.default_get(["line_ids", "time_ids"])).action_report()
        self.assertEqual(production.state, "done")
        self.assertTrue(self._entries(production))

    def test_events_and_orders_of_another_company_are_out_of_reach(self):
        production = self._production(self.table, 4, self.bom)
        self._report(production, 1, "EV-ACCESS-CO")
        events = self.env["mrp.backflush.event"]
        self.assertEqual(events.sudo(self.operator).search_count(
            [("event_id", "=", "EV-ACCESS-CO")]), 1)
        self.assertEqual(events.sudo(self.other_operator).search_count(
            [("event_id", "=", "EV-ACCESS-CO")]), 0)
        with self.assertRaises(UserError) as error:
            self._report(production, 1, "EV-ACCESS-CO-2",
                         env=self.env(user=self.other_operator.id))
        self.assertEqual(error.exception.name,
                         "Manufacturing order %s not found." % production.name)
        self.assertEqual(self._produced(production), 1)

    def test_a_storekeeper_count_raises_an_alert_only_its_company_sees(self):
        inventory = self.env["stock.inventory"].sudo(self.stock_manager).create({
            "name": "Leg count", "filter": "product", "product_id": self.leg.id,
            "location_id": self.stock_location.id})
        inventory.action_start()
        inventory.line_ids.write({"product_qty": 500})
        inventory.action_done()
        alerts = self.env["mrp.cycle.count.alert"]
        alert = alerts.sudo(self.storekeeper).search([("inventory_id", "=", inventory.id)])
        self.assertEqual(len(alert), 1)
        self.assertTrue(alert.line_ids)
        alert.action_investigate()                      # stock users follow alerts up
        self.assertEqual(alert.state, "investigated")
        self.assertFalse(alerts.sudo(self.other_operator).search(
            [("inventory_id", "=", inventory.id)]))
        self.assertFalse(self.env["mrp.cycle.count.alert.line"].sudo(
            self.other_operator).search([("alert_id", "=", alert.id)]))
        with self.assertRaises(AccessError):
            alerts.sudo(self.storekeeper).create({
                "name": "forged", "company_id": self.company.id, "product_id": self.leg.id,
                "location_id": self.stock_location.id})

    def test_storekeeper_replenishes_a_supermarket(self):
        line_side = self.env["stock.location"].create({
            "name": "SF Access Line", "usage": "internal",
            "location_id": self.env.ref("stock.warehouse0").view_location_id.id})
        bom = self._bom(self.table, [(self.top, 1, {"supermarket_location_id": line_side.id})])
        self._production(self.table, 6, bom)
        wizard_model = self.env["mrp.supermarket.replenishment"].sudo(self.storekeeper)
        wizard = wizard_model.create(wizard_model.default_get(["line_ids"]))
        action = wizard.action_create_transfers()
        moves = self.env["stock.picking"].search(action["domain"]).mapped("move_lines")
        self.assertEqual([(move.product_id, move.product_uom_qty) for move in moves],
                         [(self.top, 6.0)])
