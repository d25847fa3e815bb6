# -*- coding: utf-8 -*-
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    backflush_count_threshold_percent = fields.Float(
        string="Cycle Count Alert Threshold (%)", default=5.0,
        help="A count of a backflushed component raises an alert when it differs from the "
             "book by more than this percentage (0: no percentage threshold).")
    backflush_count_threshold_qty = fields.Float(
        string="Cycle Count Alert Threshold (Quantity)", default=0.0,
        help="... and/or by more than this quantity, in the component's unit of measure "
             "(0: no quantity threshold). With both set, both must be exceeded.")
    backflush_count_responsible_id = fields.Many2one(
        "res.users", string="Cycle Count Alerts Responsible",
        help="Gets an activity on each alert. Empty: the component's responsible.")
    backflush_overproduction_tolerance = fields.Float(
        string="Over-Production Tolerance (%)", default=0.0, digits=(16, 2),
        help="Report Completion (the dialog and the MES API) accepts up to this percentage "
             "more than the order's quantity; beyond it, a report is refused. 0: never "
             "more than what remains.")
    backflush_count_lookback_days = fields.Integer(
        string="Backflush History (Days)", default=30,
        help="An alert shows what each BOM using the component backflushed over these "
             "last days.")
