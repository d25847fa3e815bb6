# -*- coding: utf-8 -*-
from odoo import api, models


class ChangeProductionQty(models.TransientModel):
    _inherit = "change.production.qty"

    @api.multi
    def change_prod_qty(self):
        """Update Quantity re-reads the BOM of today for the order's raw moves (Odoo): the
        order's components follow, so its postings backflush what its raw moves say, and
        the raw moves ask for the planned scrap as at confirmation."""
        result = super(ChangeProductionQty, self).change_prod_qty()
        productions = self.mapped("mo_id")
        productions._backflush_keep_components()
        # Odoo set the demand without scrap and reserved it: reserve the scrap too
        productions._backflush_stage_scrap()._action_assign()
        return result
