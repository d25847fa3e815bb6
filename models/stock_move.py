# -*- coding: utf-8 -*-
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # Computed for the move that is read, not for every move prefetched with it: the
    # produce wizard (and a posting's top-up) sets quantity_done move after move, each
    # write invalidates it, and computing it again for all the order's moves each time
    # made completing an order quadratic in its components (8 s of 9 for 200).
    quantity_done = fields.Float(recursive=True)

    backflush_cleared = fields.Boolean(
        string="Cleared from WIP", readonly=True, copy=False,
        help="A component move whose value a production posting has already moved from "
             "work in process to the finished goods (or to variances).")
