# -*- coding: utf-8 -*-
from odoo import fields, models

CLOSE_DISPOSITIONS = [
    ("cogs", "Cost of goods sold"),
    ("prorate", "Prorate on WIP, finished goods and COGS"),
    ("normal_capacity", "Normal capacity: unabsorbed overhead expensed (IAS 2.13)"),
]


class MrpOverheadCloseHistory(models.Model):
    """One closed range of one cost pool: a later close may not overlap it."""
    _name = "mrp.overhead.close.history"
    _description = "Closed Overhead Period of a Cost Pool"
    _order = "date_to desc, id desc"
    _rec_name = "pool_id"

    pool_id = fields.Many2one("mrp.cost.pool", string="Cost Pool", required=True,
                              readonly=True, index=True, ondelete="restrict")
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    disposition = fields.Selection(CLOSE_DISPOSITIONS, readonly=True)
    applied = fields.Float(digits=(16, 2), readonly=True)
    actual = fields.Float(digits=(16, 2), readonly=True)
    under_applied = fields.Float(digits=(16, 2), readonly=True,
                                 help="Actual - applied: negative when over-applied.")
    move_id = fields.Many2one("account.move", string="Journal Entry", required=True,
                              readonly=True, ondelete="cascade",
                              help="Deleting the entry reopens the range.")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
