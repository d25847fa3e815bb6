# -*- coding: utf-8 -*-
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    backflush_cleared = fields.Boolean(
        string="Cleared from WIP", readonly=True, copy=False,
        help="A component move whose value a production posting has already moved from "
             "work in process to the finished goods (or to variances).")

    def _action_done(self):
        moves = super(StockMove, self)._action_done()
        # components that come after the order's last posting (the backflush queue)
        moves.mapped("raw_material_production_id")._backflush_clear_late_components()
        return moves
