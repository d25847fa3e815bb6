# -*- coding: utf-8 -*-
from odoo import fields, models

BACKFLUSH_POLICIES = [
    ("finish", "At MO completion"),
    ("operation", "At operation completion"),
    ("manual", "Manual"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    backflush_default_policy = fields.Selection(
        BACKFLUSH_POLICIES, string="Default Backflush Policy", default="finish",
        required=True,
        help="When components are consumed, unless the product or the BOM line says "
             "otherwise.")
    backflush_negative_policy = fields.Selection([
        ("allow", "Allow negative stock"),
        ("block", "Block the posting"),
        ("queue", "Queue the short components"),
    ], string="Insufficient Stock at Backflush", default="allow", required=True,
        help="Allow: go negative, as native Odoo does. Block: refuse the posting with "
             "the list of short components. Queue: receive the finished goods, keep the "
             "short components in the backflush queue and retry them until they post.")
    backflush_wip_account_id = fields.Many2one(
        "account.account", string="Work in Process Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]",
        help="Debited with components and applied conversion costs, credited with "
             "finished goods; the production location is valued at it.")
    backflush_variance_account_id = fields.Many2one(
        "account.account", string="Manufacturing Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]",
        help="Receives every variance that has no account of its own below.")
    backflush_material_usage_account_id = fields.Many2one(
        "account.account", string="Material Usage Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]")
    backflush_material_price_account_id = fields.Many2one(
        "account.account", string="Material Price Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]")
    backflush_efficiency_account_id = fields.Many2one(
        "account.account", string="Conversion Efficiency Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]")
    backflush_revision_account_id = fields.Many2one(
        "account.account", string="Standard Revision Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]")
    backflush_journal_id = fields.Many2one(
        "account.journal", string="Backflush Journal",
        domain="[('company_id', '=', id)]",
        help="Journal of the conversion and variance entries.")
