# -*- coding: utf-8 -*-
from odoo import api, fields, models

from .res_company import BACKFLUSH_POLICIES


class MrpBomLine(models.Model):
    _inherit = "mrp.bom.line"

    backflush_policy = fields.Selection(
        BACKFLUSH_POLICIES, string="Backflush Policy",
        help="When this component is consumed. Empty: the product's policy, else the "
             "company default.")
    scrap_percent = fields.Float(
        string="Scrap %", digits=(16, 4), default=0.0,
        help="Expected loss: backflush consumes quantity x (1 + scrap % / 100).")
    supermarket_location_id = fields.Many2one(
        "stock.location", string="Supermarket Location",
        domain=[("usage", "=", "internal")],
        help="Line-side location the component is backflushed from. Empty: the "
             "manufacturing order's raw materials location.")

    @api.multi
    def _backflush_effective_policy(self):
        """When this line's component is consumed: most specific wins, BOM line >
        product > company default."""
        self.ensure_one()
        return (self.backflush_policy or self.product_id.backflush_policy
                or self.bom_id.company_id.backflush_default_policy
                or self.env.user.company_id.backflush_default_policy)
