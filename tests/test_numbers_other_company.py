# -*- coding: utf-8 -*-
"""Issue 11, kind 9: the postings of a company's order (completion, partial posting,
unbuild, cancel, queue retry) use that company's accounts, journals, costs and
production location, whatever company the user is working in. A real user allowed in
the main company and in its branch works in the main company on a branch order (the
branch is a child company: Odoo's rules let the parent's users see its orders)."""

from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .numbers_common import NumbersCase


class TestOtherCompanysOrder(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestOtherCompanysOrder, cls).setUpClass()
        main = cls.company
        branch = cls.branch = cls._company_with_chart("Branch Factory", parent_id=main.id)
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", branch.id)])
        cls.branch_stock = cls.warehouse.lot_stock_id
        Account = cls.env["account.account"]
        current = cls.env.ref("account.data_account_type_current_assets").id
        cls.branch_valuation, cls.branch_in, cls.branch_out = [Account.create({
            "code": code, "name": name, "company_id": branch.id, "user_type_id": current})
            for code, name in (("BRSTK", "Branch Stock Valuation"),
                               ("BRIN", "Branch Stock Received"),
                               ("BROUT", "Branch Stock Delivered"))]
        cls.branch_journal = cls.env["account.journal"].create({
            "name": "Branch Stock Journal", "code": "BRSTJ", "type": "general",
            "company_id": branch.id})
        # one category, valued in real time at FIFO for the branch only: read for the
        # main company it is periodic, on the main company's accounts
        cls.categ_branch = cls.env["product.category"].create({"name": "Branch FIFO"})
        cls.categ_branch.with_context(force_company=branch.id).write({
            "property_valuation": "real_time", "property_cost_method": "fifo",
            "property_stock_journal": cls.branch_journal.id,
            "property_stock_valuation_account_id": cls.branch_valuation.id,
            "property_stock_account_input_categ_id": cls.branch_in.id,
            "property_stock_account_output_categ_id": cls.branch_out.id})
        cls.part = cls._product("Branch Part", 0.0, categ=cls.categ_branch)
        cls.widget = cls._product("Branch Widget", 0.0, categ=cls.categ_branch)
        cls.part.with_context(force_company=main.id).standard_price = 99.0
        cls.bom = cls._bom(cls.widget, [(cls.part, 2)])
        cls.bom.company_id = branch
        cls.branch_applied = cls.env.ref(
            "mrp_backflush.%s_account_overhead_applied" % branch.id)
        pool = cls.env["mrp.cost.pool"].create({
            "name": "Branch overhead", "kind": "overhead", "basis": "units",
            "applied_account_id": cls.branch_applied.id, "company_id": branch.id})
        cls.env["mrp.overhead.rate"].create({"pool_id": pool.id, "rate": 1.5})
        # a manufacturing manager (unbuilds are theirs) of the main company and its branch
        cls.user = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Two-company planner", "login": "two_company_planner",
            "email": "two_company_planner@example.com",
            "company_id": branch.id, "company_ids": [(6, 0, [main.id, branch.id])],
            "groups_id": [(6, 0, [cls.env.ref("mrp.group_mrp_manager").id,
                                  cls.env.ref("base.group_multi_company").id])]})

    def _receive_parts(self, qty, price):
        move = self.env["stock.move"].with_context(force_company=self.branch.id).create({
            "name": "Branch receipt", "product_id": self.part.id,
            "product_uom": self.part.uom_id.id, "product_uom_qty": qty,
            "price_unit": price, "company_id": self.branch.id,
            "location_id": self.supplier_location.id,
            "location_dest_id": self.branch_stock.id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.write({"qty_done": qty})
        move._action_done()

    def _branch_order(self, qty):
        """Created by the user working in the branch, who then switches to the main
        company (the preference every user has in the top bar)."""
        user = self.user
        user.company_id = self.branch
        production = self.env["mrp.production"].sudo(user).create({
            "product_id": self.widget.id, "product_qty": qty,
            "product_uom_id": self.widget.uom_id.id, "bom_id": self.bom.id,
            "picking_type_id": self.warehouse.manu_type_id.id,
            "location_src_id": self.branch_stock.id,
            "location_dest_id": self.branch_stock.id})
        self.assertEqual(production.company_id, self.branch)
        production.action_assign()
        user.company_id = self.company
        production = production.sudo(user)
        production.invalidate_cache()
        self.assertEqual(production.env.user.company_id, self.company)
        return production

    def _produce_as_user(self, production, qty):
        wizard = self.env["mrp.product.produce"].sudo(self.user).with_context(
            active_id=production.id, active_ids=production.ids).create({"product_qty": qty})
        wizard.do_produce()

    def _items(self, production):
        """Journal items of the order's stock and backflush entries."""
        unbuilds = self.env["mrp.unbuild"].search([("mo_id", "=", production.id)])
        moves = (production.move_raw_ids | production.move_finished_ids
                 | unbuilds.mapped("consume_line_ids") | unbuilds.mapped("produce_line_ids"))
        return self.env["account.move.line"].search([
            "|", ("move_id.stock_move_id", "in", moves.ids),
            ("move_id.backflush_production_id", "=", production.id)])

    def _assert_all_in_branch(self, production):
        items = self._items(production)
        self.assertTrue(items)
        self.assertEqual(items.mapped("company_id"), self.branch)
        self.assertEqual(items.mapped("account_id.company_id"), self.branch)
        self.assertEqual(self._order_wip(production.sudo()), 0.0)

    def _balance_of(self, production, account):
        lines = self._items(production).filtered(lambda line: line.account_id == account)
        return round(sum(lines.mapped("balance")), 2)

    def test_completion_posts_on_the_branchs_accounts(self):
        """10 widgets: 20 parts at the branch's 4.00 (80.00; the main company's cost of a
        part, 99.00, must not be read), 10 x 1.50 overhead: 95.00, 9.50 a widget."""
        self._receive_parts(20, 4.0)
        production = self._branch_order(10)
        self._produce_as_user(production, 10)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        finished = production.move_finished_ids
        self.assertEqual((finished.value, finished.company_id), (95.0, self.branch))
        self.assertEqual(self._balance_of(production, self.branch_valuation), 15.0)
        self.assertEqual(self._balance_of(production, self.branch_applied), -15.0)
        conversion = self._typed_lines(production.sudo(), "conversion")
        self.assertEqual(conversion.mapped("journal_id"), self.branch.backflush_journal_id)
        self._assert_all_in_branch(production)

    def test_partial_postings_unbuild_and_cancel_in_the_branch(self):
        """Produce 4 + Post Inventory, Produce 6 + Mark as Done (38.00, 57.00), then the
        user unbuilds 5 (parts back at 4.00: 40.00, 7.50 overhead reversed)."""
        self._receive_parts(20, 4.0)
        production = self._branch_order(10)
        self._produce_as_user(production, 4)
        production.post_inventory()
        self._assert_all_in_branch(production)
        self._produce_as_user(production, 6)
        production.button_mark_done()
        self.assertEqual(sorted(production.move_finished_ids.mapped("value")), [38.0, 57.0])
        unbuild = self._unbuild_order(production, 5, env=self.env(user=self.user),
                                      location_id=self.branch_stock.id,
                                      location_dest_id=self.branch_stock.id)
        self.assertEqual(unbuild.produce_line_ids.mapped("company_id"), self.branch)
        self.assertEqual(sum(unbuild.produce_line_ids.mapped("value")), 40.0)
        self._assert_all_in_branch(production)

    def test_cancel_writes_off_on_the_branchs_accounts(self):
        """4 parts consumed by a Post Inventory that received nothing stay in WIP
        (16.00); the branch writes off at cancellation: its own variance account."""
        self.branch.backflush_cancel_policy = "write_off"
        self._receive_parts(4, 4.0)
        production = self._branch_order(2)
        part_move = production.move_raw_ids
        part_move.sudo(self.user).quantity_done = 4
        production.post_inventory()
        self.assertEqual(self._order_wip(production.sudo()), 16.0)
        production.action_cancel()
        self.assertEqual(production.state, "cancel")
        entry = self._entries(production.sudo(), "cancel")
        self.assertEqual(self._lines(entry), {self.branch.backflush_variance_account_id: 16.0,
                                              self.branch.backflush_wip_account_id: -16.0})
        self._assert_all_in_branch(production)

    def test_queue_retry_by_the_main_companys_cron(self):
        """Branch on queue, no part in stock: the widgets are received at the 15.00 of
        overhead alone; the parts wait. The hourly retry (its job run as the
        administrator, working in the main company) consumes them at the branch's 4.00
        and clears the 80.00 from the branch's WIP; the job is the branch's."""
        self.branch.backflush_negative_policy = "queue"
        production = self._branch_order(10)
        self._produce_as_user(production, 10)
        production.button_mark_done()
        self.assertEqual(production.move_finished_ids.value, 15.0)
        self.assertEqual(self._order_wip(production.sudo()), 0.0)
        self._receive_parts(20, 4.0)
        self.assertEqual(self.env.user.company_id, self.company)
        self._cron_retry()
        # the retry job is the branch's (its job managers see it)
        retry = self.env["queue.job"].search(
            [("method_name", "=", "_backflush_retry_job")], order="id desc", limit=1)
        self.assertEqual((retry.record_ids, retry.company_id), (production.ids, self.branch))
        self.assertEqual(production.backflush_queued_count, 0)
        late = production.move_raw_ids.filtered(lambda move: move.state == "done")
        self.assertEqual(sum(late.mapped("value")), -80.0)
        self._assert_all_in_branch(production)

    def _branch_settings(self, **vals):
        """The branch's settings form, saved by the administrator working in the branch
        (the settings are those of the user's current company): Save is a request of its
        own, nothing of the order in the cache."""
        admin = self.env.user
        admin.write({"company_ids": [(4, self.branch.id)], "company_id": self.branch.id})
        self.env.cache.invalidate()
        self.env["res.config.settings"].create(vals).set_values()
        admin.company_id = self.company

    def test_branch_order_in_progress_takes_its_wip_to_the_new_account(self):
        """2 widgets: the 4 parts (4.00 each) consumed ahead by a Post Inventory that
        received nothing hold 4 x 4.00 = 16.00 on the branch's WIP account. The branch's
        WIP account changed in its settings: one entry in the branch's Backflush journal,
        Dr new 16.00 / Cr old 16.00. Completed, the order clears on the new account:
        16.00 moved + overhead 2 x 1.50 = 3.00 - widgets received 16 + 3 = 19.00 = 0;
        the old account: 16.00 - 16.00 moved = 0."""
        self._receive_parts(4, 4.0)
        production = self._branch_order(2)
        production.move_raw_ids.sudo(self.user).quantity_done = 4
        production.post_inventory()
        old = self.branch.backflush_wip_account_id
        self.assertEqual(self._balance_of(production, old), 16.0)
        new = self.env["account.account"].create({
            "code": "BRWIP2", "name": "Branch Work in Process (new)",
            "company_id": self.branch.id,
            "user_type_id": self.env.ref("account.data_account_type_current_assets").id})
        self._branch_settings(backflush_wip_account_id=new.id)
        self.assertEqual(self.branch.backflush_wip_account_id, new)

        transfer = self._entries(production.sudo(), "wip_transfer")
        self.assertEqual(self._lines(transfer), {new: 16.0, old: -16.0})
        self.assertEqual((transfer.journal_id, transfer.company_id),
                         (self.branch.backflush_journal_id, self.branch))
        self._produce_as_user(production, 2)
        production.button_mark_done()
        self.assertEqual(production.move_finished_ids.value, 19.0)
        self.assertEqual((self._balance_of(production, old),
                          self._balance_of(production, new)), (0.0, 0.0))
        self._assert_all_in_branch(production)

    def test_deferred_report_of_a_branch_order_posts_in_the_branch(self):
        """The branch defers its reports (its settings: the branch's setting decides,
        not that of the main company the user works in). The user, working in the main
        company, reports 10 widgets of a branch order; the job, run as that user, posts
        them as an inline report does: 20 parts at the branch's 4.00 (80.00), 10 x 1.50
        overhead: 95.00 received, on the branch's accounts. The job is the branch's: the
        branch's job manager, working in the branch, finds it in Job Queue > Jobs
        (queue_job's rule: jobs of the user's company and its children)."""
        self._receive_parts(20, 4.0)
        self._branch_settings(backflush_report_deferred=True)
        self.assertFalse(self.company.backflush_report_deferred)
        production = self._branch_order(10)
        answer = self.env["mrp.production"].sudo(self.user).report_completion(
            production.name, 10, "EV-BRANCH")
        self.assertEqual((answer["posted"], answer["queued"]), (False, True))
        job = self.env["queue.job"].search([("uuid", "=", answer["job_uuid"])])
        self.assertEqual((job.user_id, job.company_id), (self.user, self.branch))
        manager = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Branch job manager", "login": "branch_job_manager",
            "email": "branch_job_manager@example.com", "company_id": self.branch.id,
            "company_ids": [(6, 0, self.branch.ids)],
            "groups_id": [(6, 0, [self.env.ref("queue_job.group_queue_job_manager").id])]})
        self.assertEqual(self.env["queue.job"].sudo(manager).search(
            [("uuid", "=", answer["job_uuid"])]), job)
        Job.load(self.env, answer["job_uuid"]).perform()
        self.env.cache.invalidate()
        self.assertEqual(production.state, "done")
        finished = production.move_finished_ids
        self.assertEqual((finished.value, finished.company_id), (95.0, self.branch))
        self.assertEqual(self._balance_of(production, self.branch_valuation), 15.0)
        self.assertEqual(self._balance_of(production, self.branch_applied), -15.0)
        self._assert_all_in_branch(production)
        self.assertEqual(production.sudo().backflush_event_ids.state, "posted")

    def _branch_close_ready(self):
        """10 widgets of a branch order made (1.50 x 10 = 15.00 applied by the branch's
        pool, given a control account of the branch, nothing incurred on it)."""
        self._receive_parts(20, 4.0)
        production = self._branch_order(10)
        self._produce_as_user(production, 10)
        production.button_mark_done()
        pool = self.env["mrp.cost.pool"].search([("company_id", "=", self.branch.id)])
        pool.control_account_id = self.env["account.account"].create({
            "code": "BRCTL", "name": "Branch Overhead Control", "company_id": self.branch.id,
            "user_type_id": self.env.ref("account.data_account_type_expenses").id})
        return pool

    def test_close_of_the_branch_chosen_in_the_wizard(self):
        """The accountant, working in the main company, opens Close Manufacturing
        Overhead and chooses the branch as its company: the form proposes the branch's
        pool and accounts (its COGS, its WIP, stock valuation and COGS to prorate on), not
        the main company's. Posted: 15.00 applied, 0 actual, over-applied 15.00: Dr
        branch applied 15.00 / Cr branch COGS 15.00. (The form kept the main company's
        COGS and the post failed with Odoo's 'Cannot create moves for different
        companies.')"""
        pool = self._branch_close_ready()
        Close = self.env["mrp.overhead.close"]
        values = Close.default_get(list(Close._fields))
        self.assertEqual(self.env.user.company_id, self.company)
        values["company_id"] = self.branch.id
        spec = {name: "1" if name in ("company_id", "date_from", "date_to", "pool_ids")
                else "" for name in Close._fields}
        changed = Close.onchange(values, "company_id", spec)["value"]
        wizard = Close.create(dict(values, **{
            "pool_ids": changed["pool_ids"], "cogs_account_id": changed["cogs_account_id"][0],
            "prorate_account_ids": changed["prorate_account_ids"],
            "unabsorbed_account_id": changed["unabsorbed_account_id"]
            and changed["unabsorbed_account_id"][0]}))
        self.assertEqual(wizard.pool_ids, pool)
        branch_cogs = wizard.cogs_account_id
        self.assertEqual(branch_cogs.company_id, self.branch)
        self.assertEqual(wizard.prorate_account_ids.mapped("company_id"), self.branch)
        self.assertIn(self.branch.backflush_wip_account_id, wizard.prorate_account_ids)
        entry = wizard.action_post()
        self.assertEqual(self._lines(entry), {self.branch_applied: 15.0, branch_cogs: -15.0})
        self.assertEqual(entry.company_id, self.branch)

    def test_close_with_another_companys_account_is_refused_by_name(self):
        """A close of the branch given the main company's COGS account (created through
        RPC, no form): refused naming the account and its company; nothing posted."""
        pool = self._branch_close_ready()
        main_cogs = self.env["ir.property"].with_context(force_company=self.company.id).get(
            "property_account_expense_categ_id", "product.category")
        wizard = self.env["mrp.overhead.close"].create({
            "company_id": self.branch.id, "pool_ids": [(6, 0, pool.ids)],
            "date_from": self.today, "date_to": self.today, "disposition": "cogs",
            "cogs_account_id": main_cogs.id})
        with self.assertRaises(UserError) as refusal:
            wizard.action_post()
        self.assertIn("%s belongs to company %s, not to %s" % (
            main_cogs.display_name, self.company.name, self.branch.name),
            refusal.exception.name)
        self.assertFalse(self.env["account.move"].search(
            [("backflush_kind", "=", "close"), ("company_id", "=", self.branch.id)]))

    def test_manufacturing_user_defers_a_branch_report_then_finishes_inline(self):
        """A Manufacturing / User (not manager) of both companies, working in the main
        company, reports 4 of 10 branch widgets deferred: answer qty_produced 0; its job
        is the branch's, described "Post completion event EV-BR-U1 of <order>", linked
        to the event. The job posts 4 widgets: 8 parts at 4.00 + 4 x 1.50 = 38.00.
        Inline 6 more: qty_produced 4 + 6 = 10, done, 12 parts x 4.00 + 6 x 1.50 =
        57.00: 95.00 received in all, on the branch's accounts."""
        self._receive_parts(20, 4.0)
        production = self._branch_order(10)
        operator = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Two-company operator", "login": "two_company_operator",
            "email": "two_company_operator@example.com",
            "company_id": self.company.id,
            "company_ids": [(6, 0, [self.company.id, self.branch.id])],
            "groups_id": [(6, 0, [self.env.ref("mrp.group_mrp_user").id,
                                  self.env.ref("base.group_multi_company").id])]})
        report = self.env["mrp.production"].sudo(operator).report_completion
        answer = report(production.name, 4, "EV-BR-U1", deferred=True)
        self.assertEqual((answer["queued"], answer["qty_produced"]), (True, 0.0))
        job = self.env["queue.job"].search([("uuid", "=", answer["job_uuid"])])
        event = production.sudo().backflush_event_ids
        self.assertEqual((job.name, job.company_id, job.user_id, event.job_id),
                         ("Post completion event EV-BR-U1 of %s" % production.name,
                          self.branch, operator, job))
        Job.load(self.env, answer["job_uuid"]).perform()
        self.env.cache.invalidate()
        self.assertEqual((event.state, production.sudo().qty_produced), ("posted", 4.0))
        last = report(production.name, 6, "EV-BR-U2", deferred=False)
        self.assertEqual((last["posted"], last["qty_produced"], last["state"]),
                         (True, 10.0, "done"))
        finished = production.sudo().move_finished_ids.filtered(
            lambda move: move.state == "done")
        self.assertEqual(sorted(finished.mapped("value")), [38.0, 57.0])
        self._assert_all_in_branch(production)
