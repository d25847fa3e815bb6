# -*- coding: utf-8 -*-
from odoo import fields, models
from odoo.addons import decimal_precision as dp


class MrpCycleCountAlertLine(models.Model):
    """What one BOM using the component backflushed of it over the last days."""
    _name = "mrp.cycle.count.alert.line"
    _description = "Cycle Count Alert: Backflush of a BOM"
    _order = "alert_id, backflushed_qty desc, id"

    alert_id = fields.Many2one("mrp.cycle.count.alert", string="Alert", required=True,
                               ondelete="cascade", index=True)
    company_id = fields.Many2one(related="alert_id.company_id", store=True, readonly=True)
    bom_id = fields.Many2one("mrp.bom", string="BOM", required=True, readonly=True)
    bom_qty = fields.Float(string="Quantity per BOM", readonly=True,
                           digits=dp.get_precision("Product Unit of Measure"),
                           help="Component quantity of the BOM line(s), per BOM quantity.")
    scrap_percent = fields.Float(string="Scrap %", readonly=True, digits=(16, 2))
    production_count = fields.Integer(string="Orders", readonly=True)
    backflushed_qty = fields.Float(string="Backflushed", readonly=True,
                                   digits=dp.get_precision("Product Unit of Measure"))
    scrap_qty = fields.Float(string="Of Which Scrap", readonly=True,
                             digits=dp.get_precision("Product Unit of Measure"))
    uom_rounding = fields.Float(related="alert_id.product_id.uom_id.rounding", readonly=True)
