# -*- coding: utf-8 -*-
from odoo import _, api, fields, models

from .res_company import BACKFLUSH_POLICIES


class MrpBomLine(models.Model):
    _inherit = "mrp.bom.line"

    backflush_policy = fields.Selection(
        BACKFLUSH_POLICIES, string="Backflush Policy",
        help="When this component is consumed. Empty: the product's policy, else the "
             "company default.")
    scrap_percent = fields.Float(
        string="Scrap %", digits=(16, 2), default=0.0,
        help="Expected loss: backflush consumes quantity x (1 + scrap % / 100).")
    supermarket_location_id = fields.Many2one(
        "stock.location", string="Supermarket Location",
        domain=[("usage", "=", "internal")],
        help="Line-side location the component is backflushed from. Empty: the "
             "manufacturing order's raw materials location.")

    backflush_policy_inherited = fields.Char(
        compute="_compute_backflush_policy_inherited", string="Inherited Policy",
        help="The policy that applies while this line's Backflush Policy is empty: the "
             "product's, else the company default.")

    @api.multi
    @api.depends("backflush_policy", "product_id.backflush_policy")
    def _compute_backflush_policy_inherited(self):
        labels = dict(BACKFLUSH_POLICIES)
        for line in self:
            if line.product_id.backflush_policy:
                text = _("Product: %s") % labels[line.product_id.backflush_policy]
            else:
                company = line.bom_id.company_id or self.env.user.company_id
                text = _("Company default: %s") % labels.get(
                    company.backflush_default_policy, "")
            line.backflush_policy_inherited = False if line.backflush_policy else text

    @api.multi
    def _backflush_effective_policy(self, kit_policy=False):
        """When this line's component is consumed: most specific wins, BOM line > the
        line of the kit it is exploded from (``kit_policy``, for a line of a phantom
        kit's BOM: see ``mrp.production._backflush_kit_line_values``) > product > company
        default."""
        self.ensure_one()
        return (self.backflush_policy or kit_policy or self.product_id.backflush_policy
                or self.bom_id.company_id.backflush_default_policy
                or self.env.user.company_id.backflush_default_policy)
