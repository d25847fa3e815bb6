# -*- coding: utf-8 -*-
from odoo import fields, models

BACKFLUSH_ENTRY_KINDS = [
    ("posting", "Production posting"),
    ("variance", "Production variances"),
    ("unbuild", "Unbuild reversal"),
    ("cancel", "Write-off of a cancelled order"),
    ("after_completion", "Valued after the order closed"),
    ("close", "Overhead period close"),
    ("wip_transfer", "Transfer to a new WIP account"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    # stock_account does not index it: the entries of an order's moves (its WIP at each
    # posting) were found by scanning every entry
    stock_move_id = fields.Many2one(index=True)
    backflush_production_id = fields.Many2one(
        "mrp.production", string="Manufacturing Order", readonly=True, index=True,
        ondelete="restrict", copy=False,
        help="The manufacturing order whose posting (stock, conversion costs, variances), "
             "unbuild or late component this entry books.")
    backflush_kind = fields.Selection(BACKFLUSH_ENTRY_KINDS, string="Backflush Entry",
                                      readonly=True, copy=False)
    backflush_wip_account_id = fields.Many2one(
        "account.account", string="Work in Process Account", readonly=True, copy=False,
        help="The company's Work in Process Account when the backflush posted this entry: "
             "an unbuild reverses the entry's other lines, whatever the setting is now.")

