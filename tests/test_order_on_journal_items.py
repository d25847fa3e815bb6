# -*- coding: utf-8 -*-
"""Issue 18 section 3: every journal item of an order carries it
(``account.move.line.manufacture_order_id``, the field of OCA's
account_move_line_manufacture_info), and a line that sums the components of a posting
keeps every value its lines share, whichever module added it.

Table: standard 45.00 = 4 legs x 3.00 + 1 top x 20.00 + 1 machine hour x 10.00 + 3.00
(the standard is 3.00 above the cost: a favourable revision variance of 3.00 a table)."""
import importlib.util
import os
from unittest.mock import patch

from odoo.addons.queue_job.job import Job

from .numbers_common import NumbersCase

MIGRATION = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations",
                         "11.0.1.0.1", "post-migration.py")


class TestOrderOnJournalItems(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestOrderOnJournalItems, cls).setUpClass()
        cls.assembly = cls._workcenter("Moline Assembly")
        cls.routing = cls._routing("Moline routing", [(cls.assembly, 60.0)])
        cls.leg = cls._product("Moline Leg", 3.0)
        cls.top = cls._product("Moline Top", 20.0)
        cls.table = cls._product("Moline Table", 45.0)
        cls.bom = cls._bom(cls.table, [(cls.leg, 4), (cls.top, 1)], routing=cls.routing)
        cls.stool = cls._product("Moline Stool", 15.0)
        cls.stool_bom = cls._bom(cls.stool, [(cls.leg, 3)])
        cls._stock(cls.leg, 1000)
        cls._stock(cls.top, 1000)
        cls._pool("Moline machine overhead", "machine_hours", rate=10.0)
        cls.variance = cls.company.backflush_variance_account_id

    # ----------------------------------------------------------------- reading
    def _order_items(self, production):
        """The journal items of the order's entries, found without the new field: the
        entries of its stock moves (its unbuilds' included) and those linked to it."""
        unbuilds = self.env["mrp.unbuild"].search([("mo_id", "=", production.id)])
        moves = (production.move_raw_ids | production.move_finished_ids
                 | unbuilds.mapped("consume_line_ids") | unbuilds.mapped("produce_line_ids"))
        return self.env["account.move"].search(
            ["|", ("stock_move_id", "in", moves.ids),
             ("backflush_production_id", "=", production.id)]).mapped("line_ids")

    def _carried(self, production):
        return self.env["account.move.line"].search(
            [("manufacture_order_id", "=", production.id)])

    def assertEveryItemCarries(self, production, line_types):
        """Every item of the order's entries carries the order, no other item does, and
        the items book each of ``line_types``."""
        items = self._order_items(production)
        self.assertEqual(set(items.mapped("manufacture_order_id")), {production})
        self.assertEqual(self._carried(production), items)
        self.assertEqual(set(items.mapped("backflush_line_type")) - {False}, set(line_types))

    # ------------------------------------------------------------------ paths
    def test_every_item_of_two_postings_carries_its_order(self):
        """10 tables posted as 4 (Post Inventory) then 6 (Mark as Done); a stool order
        beside it. Each posting: components Dr WIP / Cr Stock (4 x 3.00 x q + 20.00 x q),
        conversion q x 1 h x 10.00, finished goods q x 45.00, revision variance
        (12 + 20 + 10 - 45) x q = -3.00 x q: for 4, 128 + 40 - 180 = -12; for 6, 192 + 60
        - 270 = -18. Every line of both entries carries the table order, none the stool
        order's; the WIP of each order is 0 read from the field alone."""
        production = self._production(self.table, 10)
        stool_order = self._production(self.stool, 2)
        self._complete(production, 4, mark_done=False)
        self._complete(stool_order, 2)
        self._complete(production, 6)
        self.assertEveryItemCarries(
            production, {"component", "conversion", "finished", "variance"})
        self.assertEveryItemCarries(stool_order, {"component", "finished", "variance"})
        for order in (production, stool_order):
            self.assertWipCleared(order)
            self.assertEqual(sum(self._carried(order).filtered(
                lambda line: line.account_id == self.wip).mapped("balance")), 0.0)
        self.assertEqual([round(sum(line.balance for line in lines
                                    if line.account_id == self.variance), 2)
                          for lines in self._typed_lines_per_posting(production, "variance")],
                         [-12.0, -18.0])

    def test_report_completion_inline_and_deferred(self):
        """report_completion of 4 (inline), then of 6 deferred=True, its queue job run:
        every item of both postings carries the order."""
        production = self._production(self.table, 10)
        self.env["mrp.production"].report_completion(production.name, 4, "EV-MOLINE-1")
        answer = self.env["mrp.production"].report_completion(
            production.name, 6, "EV-MOLINE-2", deferred=True)
        Job.load(self.env, answer["job_uuid"]).perform()
        self.env.cache.invalidate()
        self.assertEqual(production.state, "done")
        self.assertEqual(len(production.backflush_move_ids.filtered(
            lambda entry: entry.backflush_kind == "posting")), 2)
        self.assertEveryItemCarries(
            production, {"component", "conversion", "finished", "variance"})

    def test_unbuild_reversal_and_its_moves_carry_the_order(self):
        """10 tables made, 4 unbuilt: the unbuild's stock valuation (4 tables out of stock
        at 45.00 = 180 into WIP, components back at 4 x 32.00 = 128 out of WIP) and its
        reversal (Cr WIP 52 = 40 conversion + 12 revision) carry the order; WIP 0."""
        production = self._production(self.table, 10)
        self._complete(production, 10)
        unbuild = self._unbuild_order(production, 4)
        reversal = self._entries(production, "unbuild")
        self.assertEqual(self._lines(reversal), {self.overhead_applied: 40.0,
                                                 self.variance: 12.0, self.wip: -52.0})
        self.assertEqual(set(reversal.line_ids.mapped("manufacture_order_id")), {production})
        unbuild_entries = self.env["account.move"].search([(
            "stock_move_id", "in",
            (unbuild.consume_line_ids | unbuild.produce_line_ids).ids)])
        self.assertEqual(len(unbuild_entries), 3)
        self.assertEqual(set(unbuild_entries.mapped("line_ids.manufacture_order_id")),
                         {production})
        self.assertEveryItemCarries(production, {"component", "conversion", "finished",
                                                 "variance", "unbuild", "unbuild_variance"})
        self.assertWipCleared(production)

    def test_cancel_write_off_carries_the_order(self):
        """Oak Dining Table order of 10, Cut top records 10 Oak Tops at 20.00 = 200.00 in
        WIP; the company writes the WIP off at cancellation: Dr Variances 200.00 / Cr WIP
        200.00, both lines carrying the order, as the tops' own valuation does (the work
        order's entry of components, typed as a posting's)."""
        self._oak_table("Moline Oak")
        self.company.backflush_cancel_policy = "write_off"
        production = self._production(self.oak_table, 10)
        self._record(self._workorder(production, "Cut top"), 10)
        self.assertEqual(sum(self._carried(production).filtered(
            lambda line: line.account_id == self.wip).mapped("balance")), 200.0)
        production.action_cancel()
        entry = self._entries(production, "cancel")
        self.assertEqual(self._lines(entry), {self.variance: 200.0, self.wip: -200.0})
        self.assertEqual(set(entry.line_ids.mapped("manufacture_order_id")), {production})
        self.assertEveryItemCarries(production, {"component", "variance"})
        self.assertWipCleared(production)

    # ----------------------------------------------------------- summed lines
    def test_a_summed_line_keeps_what_its_lines_share(self):
        """Components of one posting of 10 tables: 40 legs (120.00) and 10 tops (200.00)
        summed into Cr Stock 320.00 / Dr WIP 320.00: both lines keep the unit (Units)
        and the order, and drop the product and the quantity (two products). A stool
        order of 2 consumes only legs, 6 x 3.00 = 18.00: its summed lines keep the leg
        and its quantity, -6 (stock_account's sign for goods leaving)."""
        production = self._production(self.table, 10)
        self._complete(production, 10)
        components = self._typed_lines(production, "component")
        self.assertEqual(self._lines(components), {self.account_stock: -320.0,
                                                   self.wip: 320.0})
        self.assertEqual(set(components.mapped("product_uom_id")), {self.uom_unit})
        self.assertEqual(set(components.mapped("manufacture_order_id")), {production})
        self.assertFalse(components.mapped("product_id"))
        self.assertEqual(components.mapped("quantity"), [0.0, 0.0])
        stool_order = self._production(self.stool, 2)
        self._complete(stool_order, 2)
        legs = self._typed_lines(stool_order, "component")
        self.assertEqual(self._lines(legs), {self.account_stock: -18.0, self.wip: 18.0})
        self.assertEqual((set(legs.mapped("product_id")), legs.mapped("quantity")),
                         ({self.leg}, [-6.0, -6.0]))

    def test_a_key_another_module_adds_survives_when_shared(self):
        """A module that puts an analytic account on every stock valuation line (as
        OCA's stock and mrp analytic modules do), the order's: 10 tables made, the
        summed component lines (Cr Stock 320.00 / Dr WIP 320.00) and the finished goods'
        summed counterpart (Cr WIP 450.00) keep it. Another order whose tops' lines get
        another analytic account: its summed component lines leave it out."""
        project = self.env["account.analytic.account"].create({"name": "Moline project"})
        other = self.env["account.analytic.account"].create({"name": "Moline other"})
        native = type(self.env["stock.move"])._prepare_account_move_line
        tops_elsewhere = []

        def with_analytic(move, qty, cost, credit_account_id, debit_account_id):
            lines = native(move, qty, cost, credit_account_id, debit_account_id)
            analytic = (other if tops_elsewhere and move.product_id == self.top
                        else move._backflush_production().analytic_account_id)
            for _command, _id, vals in lines:
                vals["analytic_account_id"] = analytic.id
            return lines

        orders = []
        with patch.object(type(self.env["stock.move"]), "_prepare_account_move_line",
                          with_analytic):
            for elsewhere in (False, True):
                tops_elsewhere[:] = [True] if elsewhere else []
                production = self._production(self.table, 10)
                production.analytic_account_id = project
                self._complete(production, 10)
                orders.append(production)
        shared, differing = orders
        components = self._typed_lines(shared, "component")
        self.assertEqual(self._lines(components), {self.account_stock: -320.0,
                                                   self.wip: 320.0})
        self.assertEqual(set(components.mapped("analytic_account_id")), {project})
        counterpart = self._typed_lines(shared, "finished").filtered(
            lambda line: line.account_id == self.wip)
        self.assertEqual((counterpart.balance, counterpart.analytic_account_id),
                         (-450.0, project))
        components = self._typed_lines(differing, "component")
        self.assertEqual(self._lines(components), {self.account_stock: -320.0,
                                                   self.wip: 320.0})
        self.assertFalse(components.mapped("analytic_account_id"))
        self.assertEqual(set(components.mapped("manufacture_order_id")), {differing})

    # -------------------------------------------------------------- migration
    def test_migration_fills_the_order_of_earlier_items(self):
        """Items posted before the field (10 tables made, 4 unbuilt) emptied as an
        earlier version left them; the migration to 11.0.1.0.1 gives each its order
        back: the same items as before, the WIP of the order 0 read from the field."""
        production = self._production(self.table, 10)
        self._complete(production, 10)
        self._unbuild_order(production, 4)
        items = self._carried(production)
        self.env.cr.execute(
            "UPDATE account_move_line SET manufacture_order_id = NULL WHERE id IN %s",
            (tuple(items.ids),))
        self.env.cache.invalidate()
        self.assertFalse(self._carried(production))
        spec = importlib.util.spec_from_file_location("moline_post_migration", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "11.0.1.0.0")
        self.env.cache.invalidate()
        self.assertEqual(self._carried(production), items)
        self.assertEqual(sum(items.filtered(
            lambda line: line.account_id == self.wip).mapped("balance")), 0.0)

    # ------------------------------------------------------------- ownership
    def test_the_addon_owns_the_field_whoever_created_it(self):
        """Installed after OCA's account_move_line_manufacture_info, the addon finds the
        field and its foreign key created, and Odoo 11 records them as that module's
        only: uninstalling it would drop the column. The addon's init makes itself an
        owner of both (one row each, however often it runs)."""
        cr = self.env.cr
        field = self.env["ir.model.fields"].search(
            [("model", "=", "account.move.line"), ("name", "=", "manufacture_order_id")])
        owners = ("SELECT module FROM ir_model_data WHERE model = 'ir.model.fields' "
                  "AND res_id = %s" % field.id)
        fk_owners = ("SELECT m.name FROM ir_model_constraint c JOIN ir_module_module m "
                     "ON m.id = c.module WHERE c.name = "
                     "'account_move_line_manufacture_order_id_fkey'")
        cr.execute(owners)
        self.assertEqual(cr.fetchall(), [("mrp_backflush",)])
        cr.execute(fk_owners)
        self.assertEqual(cr.fetchall(), [("mrp_backflush",)])
        # as OCA's module, installed first, leaves them: its rows, none of the addon's
        cr.execute("UPDATE ir_model_data SET module = 'account_move_line_manufacture_info' "
                   "WHERE model = 'ir.model.fields' AND res_id = %s", (field.id,))
        cr.execute("INSERT INTO ir_module_module (name, state) VALUES "
                   "('account_move_line_manufacture_info', 'installed')")
        cr.execute("UPDATE ir_model_constraint SET module = (SELECT id FROM ir_module_module "
                   "WHERE name = 'account_move_line_manufacture_info') "
                   "WHERE name = 'account_move_line_manufacture_order_id_fkey'")
        for _run in range(2):
            self.env["account.move.line"]._backflush_own_order_field()
        cr.execute(owners + " ORDER BY module")
        self.assertEqual(cr.fetchall(), [("account_move_line_manufacture_info",),
                                         ("mrp_backflush",)])
        cr.execute(fk_owners + " ORDER BY m.name")
        self.assertEqual(cr.fetchall(), [("account_move_line_manufacture_info",),
                                         ("mrp_backflush",)])
