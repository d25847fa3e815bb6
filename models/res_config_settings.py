# -*- coding: utf-8 -*-
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    backflush_default_policy = fields.Selection(
        related="company_id.backflush_default_policy", string="Default Backflush Policy")
    backflush_negative_policy = fields.Selection(
        related="company_id.backflush_negative_policy",
        string="Insufficient Stock at Backflush")
