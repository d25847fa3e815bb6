# -*- coding: utf-8 -*-
from odoo import api, fields, models


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
        ("wip_transfer", "WIP moved to a new account"),
    ], string="Backflush Line", readonly=True, copy=False,
        help="What this line of a production posting books.")

    @api.model_cr
    def init(self):
        """The period close sums an account over a month: the account's lines of that
        month, not of every month (Odoo 11 indexes account and date apart)."""
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS account_move_line_backflush_account_date_index
                ON account_move_line (account_id, date)""")
