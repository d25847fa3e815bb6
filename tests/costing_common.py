# -*- coding: utf-8 -*-
"""Fixture of the costing tests: the company's accounts as the install set them up,
work centers and routings, cost pools, FIFO/average categories, and assertions on the
WIP of an order and on entries."""
from datetime import timedelta

from odoo import fields

from .common import BackflushCase


class CostingCase(BackflushCase):

    @classmethod
    def setUpClass(cls):
        super(CostingCase, cls).setUpClass()
        company = cls.company
        cls.wip = company.backflush_wip_account_id
        cls.backflush_journal = company.backflush_journal_id
        cls.overhead_applied = cls._setup_account("account_overhead_applied")
        cls.overhead_control = cls._setup_account("account_overhead_control")
        cls.labour_applied = cls._setup_account("account_labour_applied")
        cls.categ_fifo = cls._categ("Test real-time FIFO", "fifo")
        cls.categ_average = cls._categ("Test real-time average", "average")
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.productive_loss = cls.env["mrp.workcenter.productivity.loss"].search(
            [("loss_type", "=", "productive")], limit=1)
        cls.today = fields.Date.context_today(cls.env.user)

    @classmethod
    def _variance_accounts_per_kind(cls):
        """Opt into one account per variance, as a user does in the settings (the
        install sets only the Manufacturing Variance Account)."""
        settings = cls.env["res.config.settings"].create({
            "backflush_material_usage_account_id": cls._account(
                "TST.VUSE", "Material Usage Variance").id,
            "backflush_material_price_account_id": cls._account(
                "TST.VPRC", "Material Price Variance").id,
            "backflush_efficiency_account_id": cls._account(
                "TST.VEFF", "Conversion Efficiency Variance").id,
            "backflush_revision_account_id": cls._account(
                "TST.VREV", "Standard Revision Variance").id})
        # Save; not execute(): it re-applies groups and modules, resetting the environments
        settings.set_values()

    @classmethod
    def _setup_account(cls, key):
        return cls.env.ref("mrp_backflush.%s_%s" % (cls.company.id, key))

    @classmethod
    def _user(cls, login, *groups):
        """A user of the main company in exactly these groups (xml ids)."""
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": login, "login": login, "email": "%s@example.com" % login,
            "company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)],
            "groups_id": [(6, 0, [cls.env.ref(group).id for group in groups])]})

    @classmethod
    def _company_with_chart(cls, name, **vals):
        """A new company given the generic chart of accounts as a person does (Accounting
        settings: the chart wizard); the addon sets its costing up then."""
        vals.update({"name": name, "currency_id": cls.company.currency_id.id})
        company = cls.env["res.company"].create(vals)
        chart = cls.env.ref("l10n_generic_coa.configurable_chart_template")
        wizard = cls.env["wizard.multi.charts.accounts"].create({
            "company_id": company.id, "chart_template_id": chart.id, "code_digits": 6,
            "currency_id": company.currency_id.id,
            "transfer_account_id": chart.transfer_account_id.id})
        wizard.onchange_chart_template_id()
        wizard.execute()
        return company

    @classmethod
    def _categ(cls, name, cost_method):
        """A category valued in real time on the same accounts as ``cls.categ``."""
        return cls.env["product.category"].create({
            "name": name, "property_valuation": "real_time",
            "property_cost_method": cost_method,
            "property_stock_journal": cls.journal.id,
            "property_stock_valuation_account_id": cls.account_stock.id,
            "property_stock_account_input_categ_id": cls.account_input.id,
            "property_stock_account_output_categ_id": cls.account_output.id})

    @classmethod
    def _workcenter(cls, name, **vals):
        vals.update({"name": name})
        return cls.env["mrp.workcenter"].create(vals)

    @classmethod
    def _routing(cls, name, operations):
        """operations: [(workcenter, minutes per cycle)]"""
        return cls.env["mrp.routing"].create({
            "name": name,
            "operation_ids": [(0, 0, {"name": "%s %s" % (name, index), "sequence": index,
                                      "workcenter_id": workcenter.id, "time_mode": "manual",
                                      "time_cycle_manual": minutes})
                              for index, (workcenter, minutes) in enumerate(operations)]})

    @classmethod
    def _pool(cls, name, basis, rate=None, kind="overhead", applied=None, control=None,
              **rate_vals):
        pool = cls.env["mrp.cost.pool"].create({
            "name": name, "kind": kind, "basis": basis,
            "applied_account_id": (applied or cls.overhead_applied).id,
            "control_account_id": control.id if control else False,
            "company_id": cls.company.id})
        if rate is not None or rate_vals:
            rate_vals.update({"pool_id": pool.id, "rate": rate or 0.0})
            cls.env["mrp.overhead.rate"].create(rate_vals)
        return pool

    @classmethod
    def _receive(cls, product, qty, price_unit):
        """A valued receipt from a vendor (a FIFO layer, or the average's input)."""
        return cls._move_done("Receipt", product, qty, cls.supplier_location,
                              cls.stock_location, price_unit=price_unit)

    @classmethod
    def _deliver(cls, product, qty):
        """A delivery to a customer: the goods leave stock at their FIFO (or average)
        value."""
        return cls._move_done("Delivery", product, qty, cls.stock_location,
                              cls.env.ref("stock.stock_location_customers"))

    @classmethod
    def _move_done(cls, what, product, qty, source, destination, **vals):
        vals.update({
            "name": "%s of %s" % (what, product.name), "product_id": product.id,
            "product_uom": product.uom_id.id, "product_uom_qty": qty,
            "location_id": source.id, "location_dest_id": destination.id})
        move = cls.env["stock.move"].create(vals)
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.write({"qty_done": qty})
        move._action_done()
        return move

    def _unbuild_order(self, production, qty, env=None, **vals):
        """Unbuild ``qty`` of the order's product (as the Unbuild button of a done order),
        as the user of ``env``; ``vals``: more values (locations)."""
        env = env or self.env
        vals.update({"product_id": production.product_id.id, "product_qty": qty,
                     "product_uom_id": production.product_uom_id.id,
                     "bom_id": production.bom_id.id, "mo_id": production.id})
        unbuild = env["mrp.unbuild"].create(vals)
        unbuild.action_unbuild()
        return unbuild

    def _log_time(self, production, minutes, operation_index=0):
        """A closed productive time log of ``minutes`` on a work order of the MO."""
        if not production.workorder_ids:
            production.button_plan()
        workorder = production.workorder_ids.sorted("id")[operation_index]
        start = fields.Datetime.from_string("2026-01-05 08:00:00")
        return self.env["mrp.workcenter.productivity"].create({
            "workorder_id": workorder.id, "workcenter_id": workorder.workcenter_id.id,
            "loss_id": self.productive_loss.id,
            "date_start": fields.Datetime.to_string(start),
            "date_end": fields.Datetime.to_string(
                start + timedelta(minutes=minutes))})

    def _complete(self, production, qty, mark_done=True):
        """Record ``qty`` with the produce wizard, then post it: the whole order (Mark as
        Done) or a partial posting (Post Inventory)."""
        self._produce(production, qty)
        if mark_done:
            production.button_mark_done()
        else:
            production.post_inventory()

    def _entries(self, production, kind=None):
        moves = production.backflush_move_ids
        return moves.filtered(lambda move: move.backflush_kind == kind) if kind else moves

    def _typed_lines(self, production, line_type):
        """The journal items of ``production``'s entries that book ``line_type``
        (components, conversion, finished goods, variance)."""
        return production.backflush_move_ids.mapped("line_ids").filtered(
            lambda line: line.backflush_line_type == line_type)

    def _typed_lines_per_posting(self, production, line_type):
        """``_typed_lines`` split per entry, in the order they were posted."""
        lines = self._typed_lines(production, line_type)
        return [lines.filtered(lambda line, entry=entry: line.move_id == entry)
                for entry in lines.mapped("move_id").sorted("id")]

    def _lines(self, record):
        """{account: balance} of an entry, or of journal items (debit positive)."""
        balances = {}
        for line in (record.line_ids if record._name == "account.move" else record):
            balances[line.account_id] = balances.get(line.account_id, 0.0) + line.balance
        return balances

    def assertWipCleared(self, production):
        self.assertEqual(self._order_wip(production), 0.0,
                         "WIP of %s is not 0" % production.name)
