# -*- coding: utf-8 -*-
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    backflush_pool_id = fields.Many2one(
        "mrp.cost.pool", string="Cost Pool", readonly=True, index=True, copy=False,
        help="The cost pool this applied, closed or conversion efficiency amount belongs "
             "to: the period close sums the applied cost per pool even when pools share an "
             "applied account.")
    backflush_line_type = fields.Selection([
        ("component", "Components consumed"),
        ("conversion", "Conversion applied"),
        ("finished", "Finished goods received"),
        ("variance", "Variance"),
        ("unbuild", "Unbuild reversal"),
        ("unbuild_variance", "Unbuild reversal of a variance"),
        ("unbuild_scrap", "Scrap kept at unbuild"),
        ("wip_transfer", "WIP moved to a new account"),
        ("after_completion", "Valued after the order closed"),
    ], string="Backflush Line", readonly=True, copy=False,
        help="What this line of a production posting books.")
