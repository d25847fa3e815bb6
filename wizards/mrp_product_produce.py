# -*- coding: utf-8 -*-
from odoo import api, models


class MrpProductProduce(models.TransientModel):
    _inherit = "mrp.product.produce"

    @api.multi
    def do_produce(self):
        """The Produce wizard records the BOM quantity of the components consumed at
        completion only: not of `manual` ones (what a person records is consumed), nor of
        `operation` ones that a work order consumes. What it fills of the others is
        kept as Odoo's proposal (``stock.move.backflush_proposed_qty``)."""
        production = self.production_id
        with production._backflush_holding():
            before = production._backflush_proposable_moves()._backflush_quantity_done()
            result = super(MrpProductProduce, self).do_produce()
        # what Odoo filled by itself is its proposal, no one's record (see
        # engine.consumption.person_recorded)
        self.env["stock.move"]._backflush_add_proposals(before)
        return result
