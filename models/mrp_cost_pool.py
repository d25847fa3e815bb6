# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

POOL_KINDS = [
    ("labour", "Direct labour"),
    ("overhead", "Manufacturing overhead"),
]
POOL_BASES = [
    ("machine_hours", "Machine hours"),
    ("labour_hours", "Labour hours"),
    ("units", "Units produced"),
    ("material_cost", "% of material cost"),
    ("labour_cost", "% of labour cost"),
]


class MrpCostPool(models.Model):
    """A conversion cost applied to production at a predetermined rate (DESIGN 4)."""
    _name = "mrp.cost.pool"
    _description = "Conversion Cost Pool"
    _order = "kind, name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    kind = fields.Selection(POOL_KINDS, required=True, default="overhead")
    basis = fields.Selection(
        POOL_BASES, string="Allocation Basis", required=True, default="machine_hours",
        help="Activity the rate applies to: hours of the work orders (labour hours = machine "
             "hours x crew size), units produced, or a percentage of the material cost "
             "consumed or of the labour applied in the same posting.")
    applied_account_id = fields.Many2one(
        "account.account", string="Applied Account", required=True,
        domain="[('deprecated', '=', False), ('company_id', '=', company_id)]",
        help="Credited with the cost applied to production (Dr Work in Process).")
    control_account_id = fields.Many2one(
        "account.account", string="Control Account",
        domain="[('deprecated', '=', False), ('company_id', '=', company_id)]",
        help="Where the actual cost of the pool is booked during the period (vendor bills, "
             "payroll). Pools may share one. The period close clears it against what "
             "every pool sharing it applied.")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env["res.company"]._company_default_get("mrp.cost.pool"))
    rate_ids = fields.One2many("mrp.overhead.rate", "pool_id", string="Rates")

    @api.constrains("kind", "basis")
    def _check_labour_cost_basis(self):
        for pool in self:
            if pool.basis == "labour_cost" and pool.kind != "overhead":
                raise ValidationError(_(
                    "Cost pool %s: only an overhead pool can be applied as a percentage of "
                    "the labour cost.") % pool.name)

    @api.constrains("applied_account_id", "control_account_id", "company_id")
    def _check_accounts_company(self):
        for pool in self:
            accounts = pool.applied_account_id | pool.control_account_id
            if any(account.company_id != pool.company_id for account in accounts):
                raise ValidationError(_(
                    "Cost pool %s: its accounts must belong to its company %s.")
                    % (pool.name, pool.company_id.name))
