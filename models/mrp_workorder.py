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
        held = production._backflush_hold(production._backflush_unfilled_moves(self))
        before = production._backflush_proposable_moves()._backflush_quantity_done()
        try:
            result = super(MrpWorkorder, self).record_production()
        finally:
            production._backflush_release(held)
        # what Odoo filled by itself is its proposal, as at the Produce wizard
        self.env["stock.move"]._backflush_add_proposals(before)
        production._backflush_operation(self, qty)
        return result

    @api.multi
    def _generate_lot_ids(self):
        """The lines a work order proposes for its tracked components, by their BOM
        quantity: none for `manual` ones either."""
        for workorder in self:
            production = workorder.production_id
            held = production._backflush_hold(production._backflush_unfilled_moves(workorder))
            try:
                super(MrpWorkorder, workorder)._generate_lot_ids()
            finally:
                production._backflush_release(held)
