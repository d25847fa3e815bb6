# -*- coding: utf-8 -*-
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
