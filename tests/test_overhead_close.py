# -*- coding: utf-8 -*-
"""Period close of under/over-applied overhead against cases with known answers
(DESIGN 6)."""
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .costing_common import CostingCase


class TestOverheadClose(CostingCase):

    @classmethod
    def setUpClass(cls):
        super(TestOverheadClose, cls).setUpClass()
        expense = "account.data_account_type_expenses"
        cls.applied = cls._account("TST.APPL", "Test Overhead Applied", expense)
        cls.cogs = cls._account("TST.COGS", "Test Cost of Goods Sold",
                                "account.data_account_type_direct_costs")
        cls.unabsorbed = cls._account("TST.UNAB", "Test Unabsorbed Overhead", expense)
        cls.payable = cls._account("TST.AP", "Test Accrued Overhead",
                                   "account.data_account_type_current_liabilities")
        cls.assembly = cls._workcenter("Close Assembly")
        cls.routing = cls._routing("Close routing", [(cls.assembly, 60.0)])
        cls.screw = cls._product("Close Screw", 0.1)
        cls.widget = cls._product("Close Widget", 100.0)
        cls._bom(cls.widget, [(cls.screw, 1)], routing=cls.routing)
        cls._stock(cls.screw, 100000)
        cls.date_from = fields.Date.to_string(
            fields.Date.from_string(cls.today).replace(day=1))

    @classmethod
    def _close_pool(cls, name, basis, **rate_vals):
        control = cls._account("TST.C.%s" % name[:6].upper(), "%s control" % name,
                               "account.data_account_type_expenses")
        pool = cls._pool(name, basis, applied=cls.applied, control=control, **rate_vals)
        return pool, control

    def _make(self, qty):
        production = self._production(self.widget, qty)
        self._complete(production, qty)
        return production

    def _incur(self, account, amount):
        """Actual overhead booked by the accountant during the period."""
        move = self.env["account.move"].create({
            "journal_id": self.journal.id, "date": self.today, "ref": "Actual overhead",
            "line_ids": [(0, 0, {"account_id": account.id, "name": "actual",
                                 "debit": amount}),
                         (0, 0, {"account_id": self.payable.id, "name": "actual",
                                 "credit": amount})]})
        move.post()

    def _wizard(self, pools, disposition="cogs", **vals):
        vals.update({"date_from": self.date_from, "date_to": self.today,
                     "pool_ids": [(6, 0, pools.ids)], "disposition": disposition,
                     "cogs_account_id": self.cogs.id})
        return self.env["mrp.overhead.close"].create(vals)

    def _range_balance(self, account, pool=None):
        domain = [("account_id", "=", account.id), ("date", ">=", self.date_from),
                  ("date", "<=", self.today)]
        if pool:
            domain.append(("backflush_pool_id", "=", pool.id))
        return sum(self.env["account.move.line"].search(domain).mapped("balance"))

    def test_textbook_overapplied_closed_to_cogs(self):
        """Source: job-order costing test-bank questions with worked solutions (in the
        style of Garrison, Noreen & Brewer, Managerial Accounting, ch. 3), as reproduced at
        https://www.coursehero.com/file/p32oldg1/ : estimated overhead $157,050 / 4,500
        machine-hours = $34.90 per MH; 4,580 actual MH -> applied $159,842; actual
        overhead $156,000 -> overapplied $3,842."""
        pool, control = self._close_pool("Machining", "machine_hours", budget_amount=157050.0,
                                         budget_activity=4500.0)
        self.assertAlmostEqual(pool.rate_ids.rate, 34.90)
        self._make(4580)
        self._incur(control, 156000.0)
        wizard = self._wizard(pool)
        wizard._onchange_show_pools()
        # shown as over-applied, not as a negative under-applied
        self.assertEqual([(line.applied, line.actual, line.under_applied, line.over_applied,
                           line.activity) for line in wizard.line_ids],
                         [(159842.0, 156000.0, 0.0, 3842.0, 4580.0)])

        entry = wizard.action_post()
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.backflush_kind, "close")
        self.assertEqual(self._lines(entry), {self.applied: 159842.0, control: -156000.0,
                                              self.cogs: -3842.0})
        self.assertEqual(self._range_balance(self.applied, pool), 0.0)
        self.assertEqual(self._range_balance(control), 0.0)
        history = self.env["mrp.overhead.close.history"].search([("pool_id", "=", pool.id)])
        self.assertEqual((history.under_applied, history.move_id), (-3842.0, entry))

    def test_textbook_underapplied_labour_hours_closed_to_cogs(self):
        """Same source, Baka Corporation: estimated overhead $239,700 / 4,700 direct
        labour-hours = $51.00 per DLH; 4,600 actual DLH -> applied $234,600; actual
        overhead $242,000 -> underapplied $7,400."""
        pool, control = self._close_pool("Baka", "labour_hours", budget_amount=239700.0,
                                         budget_activity=4700.0)
        self._make(4600)
        self._incur(control, 242000.0)
        entry = self._wizard(pool).action_post()
        self.assertEqual(self._lines(entry), {self.applied: 234600.0, control: -242000.0,
                                              self.cogs: 7400.0})

    def test_design_normal_capacity_example(self):
        """DESIGN 6: rate 10 per unit on a normal 1,000 units, 800 produced -> applied
        8,000; actual 9,500 -> Dr Applied 8,000, Dr Unabsorbed 2,000 / Cr Control 9,500,
        Cr COGS 500."""
        pool, control = self._close_pool("Fixed", "units", rate=10.0)
        self._make(800)
        self._incur(control, 9500.0)
        entry = self._wizard(pool, "normal_capacity", normal_activity=1000.0,
                             unabsorbed_account_id=self.unabsorbed.id).action_post()
        self.assertEqual(self._lines(entry), {self.applied: 8000.0, self.unabsorbed: 2000.0,
                                              control: -9500.0, self.cogs: -500.0})

    def test_pools_sharing_a_control_account_close_together(self):
        """One "Manufacturing Overhead Control" for two fixed pools, rates 10 and 5 per
        unit, normal capacity 1,000 units, 800 made: applied 8,000 + 4,000 = 12,000;
        actual 15,500 on the control account -> under-applied 3,500, of which unabsorbed
        10 x 200 = 2,000 (first pool) + 5 x 200 = 1,000 (second), the rest 500 on COGS.
        Selecting one pool closes both (the control account is cleared once)."""
        control = self._account("TST.C.SHARED", "Overhead control",
                                "account.data_account_type_expenses")
        applied_b = self._account("TST.APPL.B", "Test Overhead Applied B",
                                  "account.data_account_type_expenses")
        pool_a = self._pool("Fixed A", "units", rate=10.0, applied=self.applied,
                            control=control)
        pool_b = self._pool("Fixed B", "units", rate=5.0, applied=applied_b, control=control)
        self._make(800)
        self._incur(control, 15500.0)
        wizard = self._wizard(pool_a, "normal_capacity", normal_activity=1000.0,
                              unabsorbed_account_id=self.unabsorbed.id)
        # on screen, both pools, the 15,500 shared as they applied: 15,500 x 8/12 =
        # 10,333.33 and 15,500 x 4/12 = 5,166.67
        wizard._onchange_show_pools()
        self.assertEqual(sorted((line.pool_id.name, line.applied, line.actual,
                                 line.under_applied) for line in wizard.line_ids),
                         [("Fixed A", 8000.0, 10333.33, 2333.33),
                          ("Fixed B", 4000.0, 5166.67, 1166.67)])
        entry = wizard.action_post()
        self.assertEqual(self._lines(entry), {
            self.applied: 8000.0, applied_b: 4000.0, self.unabsorbed: 3000.0,
            control: -15500.0, self.cogs: 500.0})
        self.assertEqual(self._range_balance(control), 0.0)
        self.assertEqual(self._range_balance(self.applied, pool_a), 0.0)
        self.assertEqual(self._range_balance(applied_b, pool_b), 0.0)
        histories = self.env["mrp.overhead.close.history"].search(
            [("move_id", "=", entry.id)])
        self.assertEqual(sorted((history.pool_id.name, history.actual, history.under_applied)
                                for history in histories),
                         [("Fixed A", 10333.33, 2333.33), ("Fixed B", 5166.67, 1166.67)])
        # the second pool's range is closed too
        with self.assertRaises(UserError):
            self._wizard(pool_b, "cogs").action_post()

    def test_prorate_on_balances_rounding_rest_on_one_line(self):
        pool, control = self._close_pool("Prorated", "units", rate=10.0)
        targets = [self._account("TST.PR%d" % index, "Prorate %d" % index)
                   for index in range(3)]
        for target in targets:
            self._incur(target, 1000.0)
        self._make(100)
        self._incur(control, 1100.0)
        entry = self._wizard(pool, "prorate",
                             prorate_account_ids=[(6, 0, [a.id for a in targets])]).action_post()
        lines = self._lines(entry)
        self.assertEqual((lines[self.applied], lines[control]), (1000.0, -1100.0))
        self.assertEqual(sorted(lines[target] for target in targets), [33.33, 33.33, 33.34])

    def test_prorate_defaults_to_wip_finished_goods_and_cogs(self):
        wizard = self.env["mrp.overhead.close"].create({
            "date_from": self.date_from, "date_to": self.today, "disposition": "prorate"})
        valuation = self.env["ir.property"].get("property_stock_valuation_account_id",
                                                "product.category")
        expense = self.env["ir.property"].get("property_account_expense_categ_id",
                                              "product.category")
        # the generic chart's 210000 Cost of Goods Sold, not its 220000 Expenses
        cogs = self.env["account.account"].search([("code", "=", "210000"),
                                                   ("company_id", "=", self.company.id)])
        self.assertEqual((cogs.name, expense.code), ("Cost of Goods Sold", "220000"))
        self.assertEqual(wizard.prorate_account_ids, self.wip | valuation | cogs)
        self.assertEqual(wizard.cogs_account_id, cogs)

    def test_refuses_an_overlapping_range_and_nothing_to_close(self):
        pool, control = self._close_pool("Once", "units", rate=10.0)
        self._make(10)
        entry = self._wizard(pool).action_post()
        with self.assertRaises(UserError) as refusal:
            self._wizard(pool).action_post()
        self.assertEqual(refusal.exception.name, (
            "Cost pool Once is already closed from %s to %s (entry %s): choose a range that "
            "does not overlap it.") % (self.date_from, self.today, entry.name))
        idle, _control = self._close_pool("Idle", "units", rate=10.0)
        with self.assertRaises(UserError) as refusal:
            self._wizard(idle).action_post()
        self.assertEqual(refusal.exception.name, (
            "Nothing to close for Idle from %s to %s: no overhead was applied or incurred in "
            "the range.") % (self.date_from, self.today))
        # deleting the closing entry reopens the range
        self.backflush_journal.update_posted = True
        entry.button_cancel()
        entry.unlink()
        self.assertEqual(self._lines(self._wizard(pool).action_post()),
                         {self.applied: 100.0, self.cogs: -100.0})

    def test_reopened_wizard_shows_nothing_left_to_close(self):
        """Closed once (10 units x 10 = 100 applied): the wizard opened again on the range
        shows 0 left for the pool and the close that took it, before Post refuses."""
        pool, control = self._close_pool("Shown", "units", rate=10.0)
        self._make(10)
        wizard = self._wizard(pool)
        wizard._onchange_show_pools()
        self.assertEqual([(line.applied, line.note) for line in wizard.line_ids],
                         [(100.0, False)])
        entry = wizard.action_post()
        again = self._wizard(pool)
        again._onchange_show_pools()
        self.assertEqual(
            [(line.applied, line.actual, line.under_applied, line.note)
             for line in again.line_ids],
            [(0.0, 0.0, 0.0, "Already closed from %s to %s (entry %s)" % (
                self.date_from, self.today, entry.name))])

    def test_labour_pool_lines_say_labour(self):
        """A labour pool at 25 per labour hour, 10 units of 1 h = 250 applied; payroll
        actual 200 -> over-applied labour 50, labelled as labour, not overhead."""
        pool, control = self._close_pool("Crew", "labour_hours", rate=25.0)
        pool.kind = "labour"
        self._make(10)
        self._incur(control, 200.0)
        entry = self._wizard(pool).action_post()
        self.assertEqual(sorted((line.name, line.balance) for line in entry.line_ids), [
            ("Crew: actual labour", -200.0), ("Crew: labour applied", 250.0),
            ("Crew: over-applied labour", -50.0)])

    def test_only_accounting_managers_close(self):
        """A billing user may create journal entries, not close the overhead."""
        pool, _control = self._close_pool("Guarded", "units", rate=10.0)
        self._make(10)
        user = self._user("backflush_billing", "mrp.group_mrp_user",
                          "account.group_account_invoice")
        wizard = self.env["mrp.overhead.close"].sudo(user).create({
            "date_from": self.date_from, "date_to": self.today, "disposition": "cogs",
            "pool_ids": [(6, 0, pool.ids)], "cogs_account_id": self.cogs.id})
        with self.assertRaises(AccessError):
            wizard.action_post()
        self.assertFalse(self.env["mrp.overhead.close.history"].search(
            [("pool_id", "=", pool.id)]))

    def test_efficiency_variance_on_the_applied_account_is_not_applied(self):
        """The Conversion Efficiency Variance Account set to the pool's applied account
        (Settings > Backflush Costing). Machining at 10 per machine hour; 10 widgets of
        1 h with 12 h logged, then 5 of them unbuilt (the order has no analytic account):
          posting   applied 12 h x 10 = 120.00 (Cr Applied, pool)
                    efficiency 120 - 10 h x 10 = +20.00 (Dr Applied, pool)
          unbuild   5/10: Dr Applied 60.00 (conversion), Cr Applied 10.00 (efficiency)
          applied of the range = 120 - 60 = 60.00 (the variance is not applied overhead)
          actual 100.00 -> under-applied 40.00: Dr Applied 60, Dr COGS 40 / Cr Control 100
        The applied account keeps the pool's net efficiency variance: 20 - 10 = 10.00.
        (It showed applied 120 - 20 - 60 + 10 = 50.00, under-applied 50.00.)"""
        pool, control = self._close_pool("Efficient", "machine_hours", rate=10.0)
        settings = self.env["res.config.settings"].create(
            {"backflush_efficiency_account_id": self.applied.id})
        settings.set_values()
        production = self._production(self.widget, 10)
        self._log_time(production, 12 * 60)
        self._complete(production, 10)
        self._unbuild_order(production, 5)
        self._incur(control, 100.0)
        wizard = self._wizard(pool)
        wizard._onchange_show_pools()
        self.assertEqual([(line.applied, line.actual, line.under_applied)
                          for line in wizard.line_ids], [(60.0, 100.0, 40.0)])
        entry = wizard.action_post()
        self.assertEqual(self._lines(entry), {self.applied: 60.0, control: -100.0,
                                              self.cogs: 40.0})
        self.assertEqual(self._range_balance(self.applied, pool), 10.0)
        self.assertEqual(self._range_balance(control), 0.0)

    def test_range_defaults_to_the_month(self):
        """Opened: from the 1st of this month to its last day; Date From moved to
        10 Feb 2026: Date To follows to 28 Feb 2026 (2024, a leap year: 29 Feb; December:
        the 31st)."""
        Close = self.env["mrp.overhead.close"]
        values = Close.default_get(["date_from", "date_to"])
        today = fields.Date.from_string(self.today)
        last = fields.Date.from_string(values["date_to"])
        self.assertEqual(values["date_from"], self.date_from)
        self.assertEqual((last.year, last.month), (today.year, today.month))
        self.assertEqual((last + timedelta(days=1)).day, 1)
        spec = {name: "1" for name in ("company_id", "date_from", "date_to", "pool_ids",
                                       "line_ids")}
        for date_from, date_to in (("2026-02-10", "2026-02-28"), ("2024-02-01", "2024-02-29"),
                                   ("2026-12-05", "2026-12-31")):
            changed = Close.onchange(dict(values, date_from=date_from, date_to="2000-01-31"),
                                     "date_from", spec)["value"]
            self.assertEqual(changed["date_to"], date_to)

    def test_closed_pool_is_shown_not_chosen(self):
        """Pool Done closed for this month (10 units x 10 = 100 applied), pool Open not
        (10 units x 5 = 50 applied, 80 incurred: under-applied 30). Opened again on the
        month: Open is chosen, Done is not and shows the close that took it; Post closes
        Open (Dr applied 50, Dr COGS 30 / Cr control 80). Done chosen by hand is refused
        by name."""
        done, _done_control = self._close_pool("Done", "units", rate=10.0)
        self._make(10)
        first = self._wizard(done).action_post()
        open_pool, open_control = self._close_pool("Open", "units", rate=5.0)
        self._make(10)
        self._incur(open_control, 80.0)
        Close = self.env["mrp.overhead.close"]
        values = Close.default_get(list(Close._fields))
        chosen = Close.new(values).pool_ids
        self.assertIn(open_pool, chosen)
        self.assertNotIn(done, chosen)
        spec = {name: "1" for name in ("company_id", "date_from", "date_to", "pool_ids",
                                       "line_ids", "line_ids.pool_id", "line_ids.applied",
                                       "line_ids.actual", "line_ids.under_applied",
                                       "line_ids.over_applied", "line_ids.note")}
        values.update(pool_ids=[(6, 0, open_pool.ids)], line_ids=[])
        lines = [command[2] for command in Close.onchange(
            values, "pool_ids", spec)["value"]["line_ids"] if command[0] == 0]
        shown = dict((line["pool_id"][0], (line["applied"], line["actual"],
                                        line["under_applied"], line["over_applied"],
                                        line["note"]))
                     for line in lines)
        self.assertEqual(shown[open_pool.id], (50.0, 80.0, 30.0, 0.0, False))
        self.assertEqual(shown[done.id], (0.0, 0.0, 0.0, 0.0, "Already closed from %s to %s "
                                          "(entry %s)" % (self.date_from, self.today,
                                                          first.name)))
        entry = self._wizard(open_pool).action_post()
        self.assertEqual(self._lines(entry), {self.applied: 50.0, open_control: -80.0,
                                              self.cogs: 30.0})
        with self.assertRaises(UserError) as refusal:
            self._wizard(done | open_pool).action_post()
        self.assertIn("Cost pool Done is already closed from %s to %s (entry %s)" % (
            self.date_from, self.today, first.name), refusal.exception.name)

    def test_form_opens_focused_on_a_field_that_is_not_a_date(self):
        """The dialog focuses its default_focus field as it opens: a date there opens its
        calendar over the form."""
        view = self.env["mrp.overhead.close"].fields_view_get(
            self.env.ref("mrp_backflush.mrp_overhead_close_view_form").id, "form")
        focused = etree.fromstring(view["arch"]).xpath("//field[@default_focus='1']")
        self.assertEqual([field.get("name") for field in focused], ["disposition"])
        self.assertEqual(view["fields"]["disposition"]["type"], "selection")
