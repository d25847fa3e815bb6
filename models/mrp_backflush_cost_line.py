# -*- coding: utf-8 -*-
from odoo import api, fields, models

from .mrp_cost_pool import POOL_BASES

VARIANCE_KINDS = [
    ("material_usage", "Material usage"),
    ("material_price", "Material price"),
    ("conversion_efficiency", "Conversion efficiency"),
    ("standard_revision", "Standard revision"),
    ("unbuild_difference", "Unbuild cost difference"),
    ("unbuild_scrap", "Scrap kept at unbuild"),
    ("late_components", "Components consumed after receipt"),
    ("components_repriced", "Components repriced after completion"),
    ("cancel_write_off", "Written off at cancellation"),
    ("receipt_difference", "Goods received at other than their WIP"),
    ("rounding", "Rounding"),
]


class MrpBackflushCostLine(models.Model):
    """Log of the conversion costs applied (one line per pool and work center per posting)
    and of the variances posted; the Conversion Costs and Variances report reads it."""
    _name = "mrp.backflush.cost.line"
    _description = "Backflush Conversion Cost and Variance Line"
    _order = "date desc, id desc"
    _rec_name = "production_id"

    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    index=True, ondelete="cascade", readonly=True)
    line_type = fields.Selection([("conversion", "Conversion cost"), ("variance", "Variance")],
                                 string="Type", required=True, readonly=True)
    pool_id = fields.Many2one("mrp.cost.pool", string="Cost Pool", readonly=True, index=True)
    variance_kind = fields.Selection(VARIANCE_KINDS, readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Center", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    basis = fields.Selection(POOL_BASES, readonly=True)
    activity = fields.Float(digits=(16, 4), readonly=True,
                            help="Activity in the pool's basis (hours, units, cost).")
    rate = fields.Float(digits=(16, 4), readonly=True)
    amount = fields.Float(digits=(16, 2), readonly=True,
                          help="Cost applied (conversion) or variance, positive when it "
                               "is a debit to production: unfavourable variances.")
    reversal = fields.Boolean(readonly=True,
                              help="Reverses the share of an unbuilt quantity.")
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True,
                              ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    # the report's dimension and measures: costs applied and variances are different
    # things, summed apart (one total of both would mean nothing)
    name = fields.Char(string="Cost or Variance", compute="_compute_report_values",
                       store=True, readonly=True,
                       help="The cost pool of a conversion cost, the kind of a variance "
                            "(and its pool).")
    applied_amount = fields.Float(string="Conversion Applied", digits=(16, 2),
                                  compute="_compute_report_values", store=True,
                                  readonly=True)
    variance_amount = fields.Float(string="Variance", digits=(16, 2),
                                   compute="_compute_report_values", store=True,
                                   readonly=True,
                                   help="Positive: unfavourable (a debit to production).")

    @api.multi
    @api.depends("line_type", "amount", "pool_id.name", "variance_kind")
    def _compute_report_values(self):
        kinds = dict(VARIANCE_KINDS)
        for line in self:
            conversion = line.line_type == "conversion"
            if conversion or not line.variance_kind:
                line.name = line.pool_id.name
            elif line.pool_id:
                # a conversion efficiency variance is its pool's
                line.name = "%s: %s" % (kinds[line.variance_kind], line.pool_id.name)
            else:
                line.name = kinds[line.variance_kind]
            line.applied_amount = line.amount if conversion else 0.0
            line.variance_amount = 0.0 if conversion else line.amount
