# -*- coding: utf-8 -*-
from odoo import _, api, fields, models

from .res_company import BACKFLUSH_POLICIES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    backflush_policy = fields.Selection(
        BACKFLUSH_POLICIES, string="Backflush Policy",
        help="When this component is consumed. Empty: the company default. A BOM line "
             "may override it.")
    backflush_policy_inherited = fields.Char(
        compute="_compute_backflush_policy_inherited", string="Inherited Policy",
        help="The policy that applies while Backflush Policy is empty.")

    @api.multi
    @api.depends("backflush_policy")
    def _compute_backflush_policy_inherited(self):
        labels = dict(BACKFLUSH_POLICIES)
        for template in self:
            company = template.company_id or self.env.user.company_id
            template.backflush_policy_inherited = _("Company default: %s") % labels.get(
                company.backflush_default_policy, "")
