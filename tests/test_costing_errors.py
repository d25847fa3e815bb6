# -*- coding: utf-8 -*-
"""Bad configuration refuses the posting with what is missing and where to set it, and
posts nothing; manufacturing users post without accounting rights (DESIGN 4, 5, 7)."""
from odoo.exceptions import AccessError, UserError

from .costing_common import CostingCase


class TestCostingErrors(CostingCase):

    @classmethod
    def setUpClass(cls):
        super(TestCostingErrors, cls).setUpClass()
        cls.assembly = cls._workcenter("Err Assembly")
        cls.routing = cls._routing("Err routing", [(cls.assembly, 60.0)])
        cls.board = cls._product("Err Board", 4.0)
        cls.crate = cls._product("Err Crate", 14.0)
        cls._bom(cls.crate, [(cls.board, 1)], routing=cls.routing)
        cls._stock(cls.board, 100)
        cls.pool = cls._pool("Machine overhead", "machine_hours", rate=10.0)
        cls.prefix = "Cannot post the production:\n- "

    def _ready(self, qty=2):
        production = self._production(self.crate, qty)
        self._produce(production, qty)
        return production

    def assertRefused(self, production, message, **context):
        moves = production.move_raw_ids | production.move_finished_ids
        states = moves.mapped("state")
        with self.assertRaises(UserError) as refusal:
            production.with_context(**context).button_mark_done()
        self.assertEqual(refusal.exception.name, message)
        self.assertEqual(moves.mapped("state"), states)
        self.assertNotIn("done", states)
        self.assertFalse(self.env["account.move"].search([
            "|", ("stock_move_id", "in", moves.ids),
            ("backflush_production_id", "=", production.id)]))
        self.assertFalse(production.backflush_cost_line_ids)

    def test_no_wip_account(self):
        production = self._ready()
        self.company.backflush_wip_account_id = False
        self.assertRefused(production, self.prefix + (
            "Company %s has no Work in Process Account: set it in Manufacturing > "
            "Configuration > Settings > Backflush Costing, or press 'Set Up WIP Valuation' "
            "there.") % self.company.name)

    def test_no_journal(self):
        production = self._ready()
        self.company.backflush_journal_id = False
        self.assertRefused(production, self.prefix + (
            "Company %s has no Backflush Journal: set it in Manufacturing > Configuration > "
            "Settings > Backflush Costing.") % self.company.name)

    def test_no_valid_rate(self):
        self.pool.rate_ids.write({"date_from": "2099-01-01"})
        production = self._ready()
        self.assertRefused(production, self.prefix + (
            "Cost pool Machine overhead has no rate valid on %s for work center Err Assembly "
            "and product category Test real-time standard: add one in Manufacturing > "
            "Configuration > Overhead Rates.") % self.today)

    def test_posting_date_inside_the_lock_date(self):
        self.company.fiscalyear_lock_date = "2020-12-31"
        production = self._ready()
        self.assertRefused(production, self.prefix + (
            "The posting date 2020-06-30 of %s is inside the accounting lock date 2020-12-31 "
            "of company %s: post it after the lock date, or have an adviser move the "
            "company's Lock Date / Lock Date for Non-Advisers.")
            % (production.name, self.company.name), force_period_date="2020-06-30")

    def test_every_problem_is_listed_once(self):
        productions = self._ready() | self._ready()
        self.company.backflush_journal_id = False
        self.pool.rate_ids.unlink()
        with self.assertRaises(UserError) as refusal:
            productions.post_inventory()
        problems = refusal.exception.name.split("\n- ")[1:]
        self.assertEqual(len(problems), 2)
        self.assertTrue(problems[0].startswith("Company %s has no Backflush Journal"
                                               % self.company.name))
        self.assertTrue(problems[1].startswith("Cost pool Machine overhead has no rate"))

    def test_settings_button_repairs_the_set_up(self):
        production = self._ready()
        self.company.backflush_journal_id = False
        settings = self.env["res.config.settings"].create({})
        action = settings.action_backflush_setup_accounting()
        # the button says what it did
        summary = self.env[action["res_model"]].browse(action["res_id"]).summary
        self.assertEqual(summary, "%s: Backflush Journal set to %s." % (
            self.company.name, self.backflush_journal.display_name))
        again = settings.action_backflush_setup_accounting()
        self.assertEqual(self.env[again["res_model"]].browse(again["res_id"]).summary,
                         "Everything was already set up: nothing was changed.")
        # the journal set up on install is found again, not duplicated
        self.assertEqual(self.company.backflush_journal_id, self.backflush_journal)
        production.button_mark_done()
        self.assertWipCleared(production)

    def test_periodic_finished_goods_are_not_costed(self):
        periodic = self.env["product.category"].create({
            "name": "Periodic", "property_valuation": "manual_periodic",
            "property_cost_method": "standard"})
        self.crate.categ_id = periodic
        self.company.backflush_wip_account_id = False
        production = self._ready()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        # no conversion, no variances: the posting's one entry values its components only
        self.assertEqual(
            set(production.backflush_move_ids.mapped("line_ids.backflush_line_type")),
            {"component"})


class TestManufacturingUserPosts(CostingCase):
    """A user in Manufacturing / User only: no accounting group at all."""

    @classmethod
    def setUpClass(cls):
        super(TestManufacturingUserPosts, cls).setUpClass()
        cls.user = cls._user("backflush_shop_floor", "mrp.group_mrp_user")
        cls.manager = cls._user("backflush_controller", "mrp.group_mrp_user",
                                "account.group_account_manager")
        cls.assembly = cls._workcenter("User Assembly")
        cls.routing = cls._routing("User routing", [(cls.assembly, 60.0)])
        cls.board = cls._product("User Board", 4.0)
        cls.crate = cls._product("User Crate", 12.0)
        cls._bom(cls.crate, [(cls.board, 1)], routing=cls.routing)
        cls._stock(cls.board, 100)
        cls.pool = cls._pool("Machine overhead", "machine_hours", rate=10.0)

    def test_the_user_has_no_accounting_rights(self):
        for operation in ("read", "create"):
            with self.assertRaises(AccessError):
                self.env["account.move"].sudo(self.user).check_access_rights(operation)

    def test_manufacturing_user_posts_conversion_and_variances(self):
        production = self._production(self.crate, 5).sudo(self.user)
        self._produce(production, 5)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        production = production.sudo()
        self.assertEqual(self._lines(self._typed_lines(production, "conversion")),
                         {self.wip: 50.0, self.overhead_applied: -50.0})
        # standard 12 vs 4 + 10: 10 unfavourable standard revision
        self.assertEqual(sum(self._typed_lines(production, "variance").mapped("debit")), 10.0)
        self.assertWipCleared(production)

    def test_the_lock_date_for_non_advisers_applies_to_the_user(self):
        """As account.move: the non-adviser lock date stops a manufacturing user, not an
        adviser."""
        self.company.period_lock_date = "2020-12-31"
        production = self._production(self.crate, 1).sudo(self.user)
        self._produce(production, 1)
        with self.assertRaises(UserError) as refusal:
            production.with_context(force_period_date="2020-06-30").button_mark_done()
        self.assertIn("inside the accounting lock date 2020-12-31", refusal.exception.name)
        self.assertEqual(production.state, "progress")
        production.sudo(self.manager).with_context(
            force_period_date="2020-06-30").button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(set(self._typed_lines(production.sudo(), "conversion").mapped("date")),
                         {"2020-06-30"})

    def test_late_components_inside_the_lock_date_for_non_advisers(self):
        """Queue policy; 5 crates of 1 board (4.00) and 1 h at 10.00, 3 boards on hand:
        the posting queues the 5 boards. Then 2 boards arrive and the Lock Date for
        Non-Advisers is set to today: the manufacturing user's Retry is refused as a
        posting is, naming the lock date; nothing is consumed or posted (5 boards on
        hand, the line queued). The adviser's Retry posts them: Odoo's Dr WIP 5 x 4.00 =
        20.00 / Cr stock, cleared at once, Dr variance 20.00 / Cr WIP 20.00; WIP 0.
        (The user's Retry posted both entries, dated today, inside the lock date.)"""
        self.company.backflush_negative_policy = "queue"
        board = self._product("Late Board", 4.0)
        crate = self._product("Late Crate", 14.0)
        self._bom(crate, [(board, 1)], routing=self.routing)
        self._stock(board, 3)
        production = self._production(crate, 5).sudo(self.user)
        self._produce(production, 5)
        production.button_mark_done()
        self.assertEqual(production.backflush_queued_count, 1)
        self._stock(board, 2)
        entries = production.sudo().backflush_move_ids
        self.company.period_lock_date = self.today
        with self.assertRaises(UserError) as refusal:
            production.action_backflush_retry()
        self.assertIn("inside the accounting lock date %s" % self.today,
                      refusal.exception.name)
        self.assertIn(production.name, refusal.exception.name)
        self.assertEqual(production.backflush_queued_count, 1)
        self.assertEqual(board.qty_available, 5)
        self.assertEqual(production.sudo().backflush_move_ids, entries)

        production.sudo(self.manager).action_backflush_retry()
        self.assertEqual(production.backflush_queued_count, 0)
        self.assertEqual(board.qty_available, 0)
        late = production.sudo().backflush_move_ids - entries
        variance = self.company.backflush_variance_account_id
        self.assertEqual(self._lines(late.filtered(lambda move: move.backflush_kind)),
                         {variance: 20.0, self.wip: -20.0})
        self.assertWipCleared(production.sudo())

    def test_only_accounting_managers_edit_pools_and_rates(self):
        pool = self.pool.sudo(self.user)
        self.assertEqual(pool.name, "Machine overhead")
        self.assertEqual(pool.rate_ids.rate, 10.0)
        with self.assertRaises(AccessError):
            pool.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            pool.rate_ids.write({"rate": 11.0})
        with self.assertRaises(AccessError):
            self.env["mrp.cost.pool"].sudo(self.user).create({
                "name": "Sneaky", "basis": "units", "kind": "overhead",
                "applied_account_id": self.overhead_applied.id})
        managed = self.pool.sudo(self.manager)
        managed.rate_ids.write({"rate": 11.0})
        managed.write({"name": "Renamed"})
        self.assertEqual((self.pool.name, self.pool.rate_ids.rate), ("Renamed", 11.0))
