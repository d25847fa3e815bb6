# -*- coding: utf-8 -*-
from odoo import _, api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    backflush_default_policy = fields.Selection(
        related="company_id.backflush_default_policy", string="Default Backflush Policy")
    backflush_negative_policy = fields.Selection(
        related="company_id.backflush_negative_policy",
        string="Insufficient Stock at Backflush")
    backflush_count_threshold_percent = fields.Float(
        related="company_id.backflush_count_threshold_percent",
        string="Cycle Count Alert Threshold (%)")
    backflush_count_threshold_qty = fields.Float(
        related="company_id.backflush_count_threshold_qty",
        string="Cycle Count Alert Threshold (Quantity)")
    backflush_count_responsible_id = fields.Many2one(
        related="company_id.backflush_count_responsible_id",
        string="Cycle Count Alerts Responsible")
    backflush_count_lookback_days = fields.Integer(
        related="company_id.backflush_count_lookback_days", string="Backflush History (Days)")
    backflush_overproduction_tolerance = fields.Float(
        related="company_id.backflush_overproduction_tolerance",
        string="Over-Production Tolerance (%)")
    backflush_report_deferred = fields.Boolean(
        related="company_id.backflush_report_deferred",
        string="Post Completion Reports in the Background")
    backflush_wip_account_id = fields.Many2one(
        related="company_id.backflush_wip_account_id", string="Work in Process Account")
    backflush_journal_id = fields.Many2one(
        related="company_id.backflush_journal_id", string="Backflush Journal")
    backflush_variance_account_id = fields.Many2one(
        related="company_id.backflush_variance_account_id",
        string="Manufacturing Variance Account")
    backflush_material_usage_account_id = fields.Many2one(
        related="company_id.backflush_material_usage_account_id",
        string="Material Usage Variance Account")
    backflush_material_price_account_id = fields.Many2one(
        related="company_id.backflush_material_price_account_id",
        string="Material Price Variance Account")
    backflush_efficiency_account_id = fields.Many2one(
        related="company_id.backflush_efficiency_account_id",
        string="Conversion Efficiency Variance Account")
    backflush_revision_account_id = fields.Many2one(
        related="company_id.backflush_revision_account_id",
        string="Standard Revision Variance Account")
    backflush_unabsorbed_account_id = fields.Many2one(
        related="company_id.backflush_unabsorbed_account_id",
        string="Unabsorbed Overhead Account")
    backflush_cancel_policy = fields.Selection(
        related="company_id.backflush_cancel_policy",
        string="Cancelling an Order with Consumed Components")

    @api.multi
    def action_backflush_setup_accounting(self):
        """Create what is missing (accounts, journal) and fill the settings left empty."""
        self.ensure_one()
        done = self.company_id._backflush_setup_accounting()
        result = self.env["mrp.backflush.setup.result"].create({"summary": "\n".join(
            done) or _("Everything was already set up: nothing was changed.")})
        return {"type": "ir.actions.act_window", "res_model": result._name,
                "res_id": result.id, "view_mode": "form", "target": "new",
                "name": _("Set Up WIP Valuation")}
