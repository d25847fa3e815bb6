# -*- coding: utf-8 -*-
"""Shared fixture for the Odoo tests: each test class builds its own company accounts,
real-time valued categories, products, BOMs and stock in setUpClass (OCA style)."""
from odoo.addons.queue_job.job import Job
from odoo.tests.common import SavepointCase, at_install, post_install


# Odoo's runner tests once every module is loaded and the install committed, as
# pytest-odoo does: the same conditions both ways (mrp_byproduct, loaded after the
# addon, is there; the stock computations are those of a loaded registry)
@at_install(False)
@post_install(True)
class BackflushCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(BackflushCase, cls).setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.stock_location = cls.env.ref("stock.stock_location_stock")
        cls.uom_unit = cls.env.ref("product.product_uom_unit")
        # a database with demo data (where Odoo's runner tests) is set up as the demo
        # factory: whole Units and its cost pools. The tests count in Odoo's Units
        # (rounding 0.001), set back as a user would
        cls.uom_unit.rounding = 0.001
        # the tests set up their own cost pools: the demo's are archived, as an accountant
        # retires a pool
        cls.env["mrp.cost.pool"].search([]).write({"active": False})
        # and their own supermarkets: the demo's released orders draw on its line side
        cls.env["mrp.bom.line"].search([("supermarket_location_id", "!=", False)]).write(
            {"supermarket_location_id": False})
        cls.uom_kg = cls.env.ref("product.product_uom_kgm")
        cls.uom_gram = cls.env.ref("product.product_uom_gram")
        cls.journal = cls.env["account.journal"].create({
            "name": "Test Stock Journal", "code": "TSTK", "type": "general",
            "company_id": cls.company.id})
        cls.account_stock = cls._account("TST.STOCK", "Test Stock Valuation")
        cls.account_input = cls._account("TST.IN", "Test Stock Interim Received")
        cls.account_output = cls._account("TST.OUT", "Test Stock Interim Delivered")
        cls.categ = cls.env["product.category"].create({
            "name": "Test real-time standard",
            "property_valuation": "real_time",
            "property_cost_method": "standard",
            "property_stock_journal": cls.journal.id,
            "property_stock_valuation_account_id": cls.account_stock.id,
            "property_stock_account_input_categ_id": cls.account_input.id,
            "property_stock_account_output_categ_id": cls.account_output.id,
        })

    @classmethod
    def _account(cls, code, name, user_type="account.data_account_type_current_assets"):
        return cls.env["account.account"].create({
            "code": code, "name": name, "company_id": cls.company.id,
            "user_type_id": cls.env.ref(user_type).id, "reconcile": False})

    @classmethod
    def _product(cls, name, cost, uom=None, categ=None, **vals):
        uom = uom or cls.uom_unit
        vals.update({
            "name": name, "type": "product", "standard_price": cost,
            "uom_id": uom.id, "uom_po_id": uom.id, "categ_id": (categ or cls.categ).id})
        return cls.env["product.product"].create(vals)

    @classmethod
    def _bom(cls, product, lines, qty=1.0, bom_type="normal", routing=None):
        """lines: [(component, qty)] or [(component, qty, {extra line vals})]"""
        line_vals = []
        for line in lines:
            extra = line[2] if len(line) > 2 else {}
            vals = {"product_id": line[0].id, "product_qty": line[1],
                    "product_uom_id": line[0].uom_id.id}
            vals.update(extra)
            line_vals.append((0, 0, vals))
        return cls.env["mrp.bom"].create({
            "product_tmpl_id": product.product_tmpl_id.id, "product_qty": qty,
            "product_uom_id": product.uom_id.id, "type": bom_type,
            "routing_id": routing.id if routing else False, "bom_line_ids": line_vals})

    @classmethod
    def _stock(cls, product, qty, location=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, location or cls.stock_location, qty)

    def _production(self, product, qty, bom=None):
        bom = bom or self.env["mrp.bom"]._bom_find(product=product)
        production = self.env["mrp.production"].create({
            "product_id": product.id, "product_qty": qty,
            "product_uom_id": product.uom_id.id, "bom_id": bom.id})
        production.action_assign()
        return production

    def _produce(self, production, qty):
        """The native 'Produce' wizard: records quantities only."""
        wizard = self.env["mrp.product.produce"].with_context(
            active_id=production.id, active_ids=production.ids).create({"product_qty": qty})
        wizard.do_produce()
        return wizard

    def _record(self, workorder, qty):
        """A work order records ``qty`` produced (started first, as on the tablet)."""
        if workorder.state != "progress":
            workorder.button_start()
        workorder.qty_producing = qty
        workorder.record_production()

    def _wizard_report(self, production, qty):
        """Report Completion (the order's button): ``qty`` done, as the wizard opens."""
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids,
            active_id=production.id)
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        wizard.line_ids.quantity = qty
        wizard.action_report()

    def _cron_retry(self):
        """The hourly cron enqueues a retry job per order with queued components; the
        jobs run as queue_job's runner runs them (performed from their records)."""
        jobs = self.env["queue.job"].search([("method_name", "=", "_backflush_retry_job")])
        self.env["mrp.production"]._cron_backflush_retry()
        for job in self.env["queue.job"].search(
                [("method_name", "=", "_backflush_retry_job")]) - jobs:
            Job.load(self.env, job.uuid).perform()
        self.env.cache.invalidate()

    def _balance(self, account, production=None):
        """Balance (debit - credit) of an account, optionally for one MO's entries."""
        domain = [("account_id", "=", account.id)]
        lines = self.env["account.move.line"].search(domain)
        if production is not None:
            lines = lines.filtered(lambda aml: production.name in (aml.move_id.ref or "") or
                                   production.name in (aml.name or ""))
        return sum(lines.mapped("debit")) - sum(lines.mapped("credit"))

    def _order_wip(self, production):
        """WIP of ``production`` read from the journal items themselves, not through the
        addon: the lines on its company's WIP account of every entry of its stock moves
        (components, finished goods, unbuilds) or linked to it."""
        unbuilds = self.env["mrp.unbuild"].search([("mo_id", "=", production.id)])
        moves = (production.move_raw_ids | production.move_finished_ids
                 | unbuilds.mapped("consume_line_ids") | unbuilds.mapped("produce_line_ids"))
        entries = self.env["account.move"].search(
            ["|", ("stock_move_id", "in", moves.ids),
             ("backflush_production_id", "=", production.id)])
        groups = self.env["account.move.line"].read_group(
            [("move_id", "in", entries.ids),
             ("account_id", "=", production.company_id.backflush_wip_account_id.id)],
            ["debit", "credit"], [])
        return round((groups[0]["debit"] or 0.0) - (groups[0]["credit"] or 0.0), 2)
