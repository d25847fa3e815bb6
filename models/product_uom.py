# -*- coding: utf-8 -*-
from odoo import api, models
from odoo.tools import float_round
from odoo.tools.misc import formatLang

from ..engine import rounding as rounding_engine


class ProductUom(models.Model):
    _inherit = "product.uom"

    @api.multi
    def _backflush_format(self, quantity):
        """``quantity`` of this unit as a sentence shows it: rounded to the unit, without
        trailing zeros, with the language's separators ("6 Unit(s)", "4,714.4 g")."""
        self.ensure_one()
        digits = rounding_engine.display_digits(quantity, self.rounding)
        return "%s %s" % (formatLang(self.env, float_round(
            quantity, precision_rounding=self.rounding), digits=digits), self.name)
