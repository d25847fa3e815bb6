# -*- coding: utf-8 -*-
from odoo import fields, models


class MrpWorkcenterProductivity(models.Model):
    _inherit = "mrp.workcenter.productivity"

    backflush_costed = fields.Boolean(
        string="Costed", readonly=True, copy=False,
        help="Already costed by a production posting: a later partial posting of the same "
             "order costs only the time logged since.")
