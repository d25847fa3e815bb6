# -*- coding: utf-8 -*-
from odoo import fields, models

BACKFLUSH_ENTRY_KINDS = [
    ("conversion", "Conversion costs applied"),
    ("variance", "Production variances"),
    ("unbuild", "Unbuild reversal"),
    ("cancel", "Write-off of a cancelled order"),
    ("close", "Overhead period close"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    backflush_production_id = fields.Many2one(
        "mrp.production", string="Manufacturing Order", readonly=True, index=True,
        ondelete="restrict", copy=False,
        help="The manufacturing order whose conversion costs or variances this entry books.")
    backflush_kind = fields.Selection(BACKFLUSH_ENTRY_KINDS, string="Backflush Entry",
                                      readonly=True, copy=False)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    backflush_pool_id = fields.Many2one(
        "mrp.cost.pool", string="Cost Pool", readonly=True, index=True, copy=False,
        help="The cost pool this applied or closed amount belongs to: the period close "
             "sums the applied cost per pool even when pools share an applied account.")
