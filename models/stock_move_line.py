# -*- coding: utf-8 -*-
from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # Odoo 11 does not index it: every read of a move's lines (each posting reads them
    # several times) scanned every move line of the database (bench/history.py)
    move_id = fields.Many2one(index=True)
