# -*- coding: utf-8 -*-
from odoo import api, fields, models

# context key of a posting's valuation entries being collected (mrp_production_valuation)
BATCH_KEY = "backflush_valuation_batch"

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

    @api.model
    def create(self, vals):
        batch = self.env.context.get(BATCH_KEY)
        if batch is not None and vals.get("stock_move_id") in batch["moves"]:
            # stock_account posts what it creates: an empty recordset posts nothing
            batch["entries"].append(vals)
            return self.browse()
        return super(AccountMove, self).create(vals)
