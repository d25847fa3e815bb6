# -*- coding: utf-8 -*-
from odoo import api, models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    @api.multi
    def record_production(self):
        """Components of policy `operation` are backflushed when their work order records
        production."""
        self.ensure_one()
        qty = self.qty_producing
        result = super(MrpWorkorder, self).record_production()
        self.production_id._backflush_operation(self, qty)
        return result
