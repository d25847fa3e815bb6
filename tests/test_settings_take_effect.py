# -*- coding: utf-8 -*-
"""A setting that is saved takes effect (DESIGN 5): each contract field of the company is
changed as a user does (the settings form, or a write), an order is completed, and its
entries use the new value, with nothing else to press.

Fixture: a standard-cost table (standard 45) of 4 legs at 3.00 and 1 top at 20.00, 1
machine hour per table at 10.00 per hour. 10 tables: components 4 x 10 x 3 + 10 x 20 =
320.00, conversion 10 h x 10 = 100.00, finished goods 10 x 45 = 450.00; WIP 320 + 100 -
450 = -30.00 is the standard revision variance (Dr WIP 30 / Cr variance 30)."""
from odoo import fields
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang
from odoo.tools.safe_eval import safe_eval

from .costing_common import CostingCase


class TestSettingsTakeEffect(CostingCase):

    @classmethod
    def setUpClass(cls):
        super(TestSettingsTakeEffect, cls).setUpClass()
        cls.assembly = cls._workcenter("Settings Assembly")
        cls.routing = cls._routing("Settings routing", [(cls.assembly, 60.0)])
        cls.leg = cls._product("Settings Leg", 3.0)
        cls.top = cls._product("Settings Top", 20.0)
        cls.table = cls._product("Settings Table", 45.0)
        cls.bom = cls._bom(cls.table, [(cls.leg, 4), (cls.top, 1)], routing=cls.routing)
        cls._stock(cls.leg, 1000)
        cls._stock(cls.top, 1000)
        cls._pool("Machine overhead", "machine_hours", rate=10.0)

    def _settings(self, **vals):
        """The settings form: open it, change the fields, Save (``create`` writes the
        company fields it shows, ``set_values`` applies the rest; ``execute`` would also
        re-apply the groups and modules, resetting the test's environments)."""
        settings = self.env["res.config.settings"].create(vals)
        settings.set_values()
        return settings

    def _made(self, qty=10):
        production = self._production(self.table, qty)
        self._complete(production, qty)
        return production

    def _order_lines(self, production, account):
        """Journal items of the order on ``account``: its stock valuation entries (read
        through its done stock moves) and its backflush entries."""
        moves = (production.move_raw_ids | production.move_finished_ids).filtered(
            lambda move: move.state == "done")
        return self.env["account.move.line"].search([
            ("account_id", "=", account.id), "|",
            ("move_id.stock_move_id", "in", moves.ids),
            ("move_id", "in", production.backflush_move_ids.ids)])

    def _sum(self, lines):
        return round(sum(lines.mapped("debit")) - sum(lines.mapped("credit")), 2)

    def test_the_settings_offer_the_company_accounts(self):
        """The settings screen's account fields search the settings' company's accounts:
        their domain, evaluated on the new settings record as the web client does (no id
        yet, the company), finds the WIP account (the company's own domain says
        ('company_id', '=', id), which on the settings found none)."""
        settings = self.env["res.config.settings"].new({"company_id": self.company.id})
        for name in ("backflush_wip_account_id", "backflush_variance_account_id",
                     "backflush_unabsorbed_account_id", "backflush_journal_id"):
            field = settings.fields_get([name])[name]
            domain = safe_eval(field["domain"], {"id": False, "company_id": self.company.id})
            self.assertIn(self.company[name], self.env[field["relation"]].search(domain), name)

    def test_work_in_process_account_from_the_settings_form(self):
        """The issue's case: the WIP account changed in the settings, the next order posts
        on it (components Dr 320, conversion Dr 100, finished goods Cr 450, variance
        Dr 30: 0 in all) and nothing on the old one."""
        new_wip = self._account("TST.WIP2", "Work in Process (new)")
        settings = self._settings(backflush_wip_account_id=new_wip.id)
        # the screen says how the production location is valued now
        production_location = self.env.ref("stock.location_production")
        self.assertIn("%s: at %s (components consumed Dr Work in Process"
                      % (production_location.complete_name, new_wip.display_name),
                      settings.backflush_location_valuation)
        production = self._made()
        lines = self._order_lines(production, new_wip)
        self.assertEqual(sorted(round(line.debit - line.credit, 2) for line in lines),
                         [-450.0, 30.0, 100.0, 320.0])
        self.assertEqual(self._sum(lines), 0.0)
        self.assertFalse(self._order_lines(production, self.wip))
        # and back again by a write: the next order is on the first account
        self.company.backflush_wip_account_id = self.wip
        second = self._made()
        self.assertEqual(self._sum(self._order_lines(second, self.wip)), 0.0)
        self.assertEqual(len(self._order_lines(second, self.wip)), 4)
        self.assertFalse(self._order_lines(second, new_wip))

    def test_orders_in_progress_take_their_wip_to_the_new_account(self):
        """An order of 10 tables whose 40 legs were consumed ahead (Post Inventory,
        nothing received) holds 40 x 3 = 120.00 on the first WIP account. The account
        changed in the settings, an entry moves it: Dr new 120 / Cr old 120. Completed,
        the order clears on the new account: 120 moved + tops 200 + conversion 100 -
        finished goods 450 + revision variance 30 = 0; on the old one legs 120 - 120
        moved = 0. An order done before the change holds nothing: no entry for it."""
        done_before = self._made()
        production = self._production(self.table, 10)
        production.move_raw_ids.filtered(lambda m: m.product_id == self.leg).quantity_done = 40
        production.post_inventory()
        self.assertEqual(self._sum(self._order_lines(production, self.wip)), 120.0)
        new_wip = self._account("TST.WIP3", "Work in Process (moved)")
        settings = self._settings(backflush_wip_account_id=new_wip.id)

        transfer = production.backflush_move_ids.filtered(
            lambda move: move.backflush_kind == "wip_transfer")
        self.assertEqual(self._lines(transfer), {new_wip: 120.0, self.wip: -120.0})
        self.assertEqual(transfer.journal_id, self.company.backflush_journal_id)
        self.assertEqual(transfer.state, "posted")
        self.assertFalse(done_before.backflush_move_ids.filtered(
            lambda move: move.backflush_kind == "wip_transfer"))
        self.assertIn("moved from", production.message_ids[0].body)
        # Save says what it posted: the order, its 120.00 and the entry
        summary = settings.backflush_wip_change_summary.splitlines()
        self.assertIn("changed from %s to %s" % (self.wip.display_name, new_wip.display_name),
                      summary[0])
        self.assertIn("1 order(s) moved from %s to TST.WIP3" % self.wip.code, summary[1])
        self.assertEqual(summary[2:], ["- %s: %s (%s)" % (
            production.name, formatLang(self.env, 120.0, currency_obj=self.company.currency_id),
            transfer.name)])
        self.assertEqual(self._order_wip(production), 120.0)      # read on the new account

        self._produce(production, 10)
        production.button_mark_done()
        self.assertEqual(sorted(round(line.debit - line.credit, 2)
                                for line in self._order_lines(production, new_wip)),
                         [-450.0, 30.0, 100.0, 120.0, 200.0])
        self.assertEqual(self._sum(self._order_lines(production, self.wip)), 0.0)
        self.assertWipCleared(production)

    def test_unbuild_after_a_wip_account_change(self):
        """10 tables made before the change (on the first WIP account: components 320,
        conversion 100, finished goods 450, variance 30: 0), then the WIP account
        changed, then 5 unbuilt. On the new account: the 5 tables taken back Dr 5 x 45 =
        225, their components returned Cr 20 x 3 + 5 x 20 = 160, the reversal of half
        the conversion and variance Cr 50 + 15 = 65: 0. The reversal: Dr overhead
        applied 50, Dr variance 15, Cr new WIP 65; no unbuild cost difference. The
        first WIP account keeps the order at 0."""
        production = self._made()
        new_wip = self._account("TST.WIP5", "Work in Process (after the order)")
        settings = self._settings(backflush_wip_account_id=new_wip.id)
        self.assertFalse(self._entries(production, "wip_transfer"))
        self.assertIn("No order held work in process on %s: no entry was posted."
                      % self.wip.code, settings.backflush_wip_change_summary)
        variance = self.company.backflush_variance_account_id
        unbuild = self._unbuild_order(production, 5)
        reversal = self._entries(production, "unbuild")
        self.assertEqual(self._lines(reversal), {
            self.overhead_applied: 50.0, variance: 15.0, new_wip: -65.0})
        stock_moves = unbuild.consume_line_ids | unbuild.produce_line_ids
        stock_wip = self.env["account.move.line"].search([
            ("move_id.stock_move_id", "in", stock_moves.ids), ("account_id", "=", new_wip.id)])
        self.assertEqual(self._sum(stock_wip), 65.0)       # 225 - 160
        self.assertFalse(production.backflush_cost_line_ids.filtered(
            lambda line: line.variance_kind == "unbuild_difference"))
        self.assertEqual(self._sum(self._order_lines(production, self.wip)), 0.0)
        self.assertWipCleared(production)

    def test_a_wip_account_change_that_cannot_be_posted_is_refused(self):
        """WIP of 120.00 to move while today is inside the lock date: the change is
        refused, naming the order and the lock date, and nothing is written."""
        production = self._production(self.table, 10)
        production.move_raw_ids.filtered(lambda m: m.product_id == self.leg).quantity_done = 40
        production.post_inventory()
        today = fields.Date.context_today(self.company)
        # Odoo locks no period with draft entries in it (the demo data has one): the
        # adviser deletes them first, as Odoo's message asks
        self.env["account.move"].search([("state", "=", "draft"), ("date", "<=", today),
                                         ("company_id", "=", self.company.id)]).unlink()
        self.company.fiscalyear_lock_date = today
        new_wip = self._account("TST.WIP4", "Work in Process (locked)")
        with self.assertRaises(UserError) as refusal:
            self._settings(backflush_wip_account_id=new_wip.id)
        self.assertIn("work in process of %s" % production.name, refusal.exception.name)
        self.assertIn("inside the accounting lock date", refusal.exception.name)
        self.assertEqual(self.company.backflush_wip_account_id, self.wip)
        self.assertFalse(self.env["account.move.line"].search([("account_id", "=", new_wip.id)]))

    def test_variance_account(self):
        """No per-kind account (as installed): the revision variance of 30 is credited to
        the Manufacturing Variance Account set in the settings."""
        variances = self._account("TST.VAR2", "Variances (new)",
                                  "account.data_account_type_direct_costs")
        self._settings(backflush_variance_account_id=variances.id)
        production = self._made()
        self.assertEqual(self._lines(self._typed_lines(production, "variance")),
                         {variances: -30.0, self.wip: 30.0})

    def test_variance_account_per_kind(self):
        """A per-kind account set by a write takes its kind; the others stay on the
        Manufacturing Variance Account. 42 legs instead of 40: usage 2 x 3 = 6.00 on the
        usage account; revision -30 on the general one."""
        usage = self._account("TST.VUSE2", "Usage (new)",
                              "account.data_account_type_direct_costs")
        self.company.backflush_material_usage_account_id = usage
        production = self._production(self.table, 10)
        self._produce(production, 10)
        production.move_raw_ids.filtered(lambda m: m.product_id == self.leg).quantity_done = 42
        production.button_mark_done()
        self.assertEqual(self._lines(self._typed_lines(production, "variance")), {
            usage: 6.0, self.company.backflush_variance_account_id: -30.0, self.wip: 24.0})

    def test_backflush_journal(self):
        journal = self.env["account.journal"].create({
            "name": "Manufacturing", "code": "MFG2", "type": "general",
            "company_id": self.company.id})
        self._settings(backflush_journal_id=journal.id)
        production = self._made()
        self.assertEqual(production.backflush_move_ids.mapped("journal_id"), journal)
        # one entry: the posting's stock valuation, conversion and variance
        self.assertEqual(len(production.backflush_move_ids), 1)

    def test_insufficient_stock_policy(self):
        """50 tops on hand minus 990: 10 left. 20 tables need 20: block refuses, queue
        receives the tables and keeps 10 tops waiting (none consumed), allow goes
        negative."""
        self.env["stock.quant"]._update_available_quantity(self.top, self.stock_location, -990)
        self._settings(backflush_negative_policy="block")
        production = self._production(self.table, 20)
        self._produce(production, 20)
        with self.assertRaises(UserError):
            production.button_mark_done()
        self.assertEqual(self.top.qty_available, 10)
        self.company.backflush_negative_policy = "queue"
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(production.backflush_queued_count, 1)
        self.assertEqual(self.top.qty_available, 10)
        self._settings(backflush_negative_policy="allow")
        other = self._made(20)
        self.assertEqual(other.state, "done")
        self.assertEqual(self.top.qty_available, -10)

    def test_default_policy(self):
        """Default policy manual from the settings: nothing recorded, nothing consumed;
        back to finish: the BOM quantity."""
        self._settings(backflush_default_policy="manual")
        production = self._made(5)
        self.assertEqual(production.move_raw_ids.filtered(
            lambda move: move.state == "done"), self.env["stock.move"])
        self.assertEqual(self.leg.qty_available, 1000)
        self._settings(backflush_default_policy="finish")
        production = self._made(5)
        self.assertEqual(self.leg.qty_available, 1000 - 20)

    def test_unabsorbed_overhead_account(self):
        unabsorbed = self._account("TST.UNAB2", "Unabsorbed (new)",
                                   "account.data_account_type_expenses")
        self._settings(backflush_unabsorbed_account_id=unabsorbed.id)
        wizard = self.env["mrp.overhead.close"].create({"disposition": "normal_capacity"})
        self.assertEqual(wizard.unabsorbed_account_id, unabsorbed)
