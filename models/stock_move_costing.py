# -*- coding: utf-8 -*-
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    backflush_cleared = fields.Boolean(
        string="Cleared from WIP", readonly=True, copy=False,
        help="A component move whose value a production posting has already moved from "
             "work in process to the finished goods (or to variances).")
