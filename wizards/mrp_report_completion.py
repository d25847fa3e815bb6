# -*- coding: utf-8 -*-
"""Report Completion: units done on one or many manufacturing orders, with the hours
worked per work order, produced, backflushed, costed and posted in one transaction."""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError

from ..models.mrp_production_report import PRODUCIBLE_STATES


class MrpReportCompletion(models.TransientModel):
    _name = "mrp.report.completion"
    _description = "Report Completion"

    line_ids = fields.One2many("mrp.report.completion.line", "wizard_id",
                               string="Manufacturing Orders")
    time_ids = fields.One2many("mrp.report.completion.time", "wizard_id",
                               string="Hours Worked")

    @api.model
    def default_get(self, fields_list):
        result = super(MrpReportCompletion, self).default_get(fields_list)
        productions = self._default_productions()
        if "line_ids" in fields_list:
            result["line_ids"] = [(0, 0, {
                "production_id": production.id,
                "quantity": production._report_remaining_qty(),
            }) for production in productions]
        if "time_ids" in fields_list:
            result["time_ids"] = [(0, 0, vals) for production in productions
                                  for vals in self._prepare_time_vals(production)]
        return result

    @api.model
    def _default_productions(self):
        if self.env.context.get("active_model") != "mrp.production":
            return self.env["mrp.production"]
        productions = self.env["mrp.production"].browse(
            self.env.context.get("active_ids") or [])
        producible = productions.filtered(lambda order: order.state in PRODUCIBLE_STATES)
        if productions and not producible:
            raise UserError(_("None of the selected manufacturing orders can report a "
                              "completion: they must be confirmed, planned or in progress."))
        return producible

    @api.model
    def _prepare_time_vals(self, production):
        """One line per open work order, or per work center of the routing when the
        order is not planned yet (its work orders are made when hours are logged)."""
        workorders = production.workorder_ids.filtered(
            lambda wo: wo.state not in ("done", "cancel"))
        if workorders:
            return [{"production_id": production.id, "workorder_id": workorder.id,
                     "workcenter_id": workorder.workcenter_id.id, "hours": 0.0}
                    for workorder in workorders]
        return [{"production_id": production.id, "workcenter_id": workcenter.id,
                 "hours": 0.0} for workcenter in production._report_workcenters()]

    @api.multi
    def action_report(self):
        """Check every order first, then post them all: one error posts nothing."""
        self.ensure_one()
        reports = []
        for line in self.line_ids.filtered("quantity"):
            entries = [(time.workcenter_id, time.workorder_id, time.hours)
                       for time in self.time_ids
                       if time.production_id == line.production_id]
            lot_names = line._lot_names()
            line.production_id._report_check(line.quantity, entries, lot_names)
            reports.append((line.production_id, line.quantity, entries, lot_names))
        if not reports:
            raise UserError(_("Enter the quantity done of at least one manufacturing order."))
        with self.env.clear_upon_failure(), self.env.cr.savepoint():
            for production, quantity, entries, lot_names in reports:
                production._report_completion(quantity, entries, lot_names)
        return {"type": "ir.actions.act_window_close"}


class MrpReportCompletionLine(models.TransientModel):
    _name = "mrp.report.completion.line"
    _description = "Report Completion: Order"

    wizard_id = fields.Many2one("mrp.report.completion", required=True, ondelete="cascade")
    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    required=True, readonly=True)
    product_id = fields.Many2one(related="production_id.product_id", readonly=True)
    remaining_qty = fields.Float(compute="_compute_remaining_qty", string="Remaining",
                                 digits=dp.get_precision("Product Unit of Measure"))
    quantity = fields.Float(string="Quantity Done",
                            digits=dp.get_precision("Product Unit of Measure"),
                            help="Units done since the last report; 0: not reported now.")
    product_uom_id = fields.Many2one(related="production_id.product_uom_id", readonly=True)
    product_tracking = fields.Selection(related="production_id.product_id.tracking",
                                        readonly=True)
    lot_name = fields.Char(string="Lot/Serial Number",
                           help="Lot of the units reported (created if new); serial "
                                "numbers: one per unit, separated by commas.")

    @api.multi
    def _lot_names(self):
        """The finished lots typed in: serial numbers separated by commas or lines."""
        self.ensure_one()
        text = (self.lot_name or "").strip()
        if not text:
            return []
        if self.production_id.product_id.tracking == "serial":
            return [name.strip() for name in text.replace("\n", ",").split(",")
                    if name.strip()]
        return [text]

    @api.multi
    @api.depends("production_id")
    def _compute_remaining_qty(self):
        for line in self:
            line.remaining_qty = line.production_id._report_remaining_qty()


class MrpReportCompletionTime(models.TransientModel):
    _name = "mrp.report.completion.time"
    _description = "Report Completion: Hours Worked"

    wizard_id = fields.Many2one("mrp.report.completion", required=True, ondelete="cascade")
    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    required=True, readonly=True)
    workorder_id = fields.Many2one("mrp.workorder", string="Work Order", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Center", required=True,
                                    readonly=True)
    hours = fields.Float(string="Hours", help="Hours worked for this report, logged on the "
                                             "work order; 0: nothing logged.")
