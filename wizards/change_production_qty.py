# -*- coding: utf-8 -*-
from odoo import api, models


class ChangeProductionQty(models.TransientModel):
    _inherit = "change.production.qty"

    @api.multi
    def change_prod_qty(self):
        """Update Quantity re-reads the BOM of today for the order's raw moves (Odoo): the
        order's components follow, so its postings backflush what its raw moves say."""
        result = super(ChangeProductionQty, self).change_prod_qty()
        self.mapped("mo_id")._backflush_keep_components()
        return result
