# -*- coding: utf-8 -*-
from odoo import api, models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    @api.multi
    def record_production(self):
        """Components of policy `operation` are backflushed when their work order records
        production; `manual` ones are left to what a person records."""
        self.ensure_one()
        qty = self.qty_producing
        production = self.production_id
        with production._backflush_holding(self):
            before = production._backflush_proposable_moves()._backflush_quantity_done()
            result = super(MrpWorkorder, self).record_production()
        # what Odoo filled by itself is its proposal, as at the Produce wizard
        self.env["stock.move"]._backflush_add_proposals(before)
        production._backflush_operation(self, qty)
        return result

    @api.multi
    def _generate_lot_ids(self):
        """The lines a work order proposes for its tracked components, by their BOM
        quantity: none for `manual` ones either."""
        for workorder in self:
            with workorder.production_id._backflush_holding(workorder):
                super(MrpWorkorder, workorder)._generate_lot_ids()
