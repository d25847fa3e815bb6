# -*- coding: utf-8 -*-
from odoo import fields, models

from .res_company import BACKFLUSH_POLICIES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    backflush_policy = fields.Selection(
        BACKFLUSH_POLICIES, string="Backflush Policy",
        help="When this component is consumed. Empty: the company default. A BOM line "
             "may override it.")
