# -*- coding: utf-8 -*-
from odoo import api, models


class MrpProductProduce(models.TransientModel):
    _inherit = "mrp.product.produce"

    @api.multi
    def do_produce(self):
        """The Produce wizard records the BOM quantity of the components consumed at
        completion only: not of `manual` ones (what a person records is consumed), nor of
        `operation` ones that a work order consumes."""
        production = self.production_id
        held = production._backflush_hold(production._backflush_unfilled_moves())
        try:
            return super(MrpProductProduce, self).do_produce()
        finally:
            production._backflush_release(held)
