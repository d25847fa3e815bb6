# -*- coding: utf-8 -*-
from odoo import fields, models


class MrpWorkcenter(models.Model):
    _inherit = "mrp.workcenter"

    crew_size = fields.Float(
        string="Crew Size", default=1.0,
        help="People working at this work center: labour hours = machine hours x crew.")
