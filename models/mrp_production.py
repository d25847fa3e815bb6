# -*- coding: utf-8 -*-
from odoo import api, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _backflush_posting_qty(self):
        """Quantity of the finished product recorded (produce wizard, work orders) but not
        yet posted, in the MO's unit of measure: what the next posting completes."""
        self.ensure_one()
        moves = self.move_finished_ids.filtered(
            lambda m: m.product_id == self.product_id and m.state not in ("done", "cancel"))
        return sum(m.product_uom._compute_quantity(m.quantity_done, self.product_uom_id)
                   for m in moves)
