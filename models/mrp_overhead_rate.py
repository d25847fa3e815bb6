# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import rates as rates_engine


class MrpOverheadRate(models.Model):
    """A predetermined rate of a cost pool: typed in, or budgeted cost / budgeted activity.
    The most specific rate valid on the posting date applies (engine.rates.select_rate)."""
    _name = "mrp.overhead.rate"
    _description = "Predetermined Conversion Cost Rate"
    _order = "pool_id, date_from desc, id desc"
    _rec_name = "pool_id"

    pool_id = fields.Many2one("mrp.cost.pool", string="Cost Pool", required=True,
                              ondelete="cascade", index=True)
    basis = fields.Selection(related="pool_id.basis", readonly=True)
    rate = fields.Float(
        digits=(16, 6), required=True, default=0.0,
        help="Currency per hour or per unit; a percentage for the cost bases. Computed as "
             "budgeted cost / budgeted activity when both are set.")
    budget_amount = fields.Float(
        string="Budgeted Cost", digits=(16, 2),
        help="Budgeted cost of the pool for the rate's period.")
    budget_activity = fields.Float(
        string="Budgeted Activity", digits=(16, 4),
        help="Budgeted activity for the same period, in the pool's basis (hours, units, "
             "or material/labour cost for the percentage bases: then the rate is "
             "100 x amount / activity).")
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Center",
                                    help="Empty: every work center.")
    product_categ_id = fields.Many2one("product.category", string="Product Category",
                                       help="Empty: every finished product.")
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid To")
    company_id = fields.Many2one(related="pool_id.company_id", store=True, readonly=True,
                                 index=True)

    @api.model
    def create(self, vals):
        rate = super(MrpOverheadRate, self).create(vals)
        rate._apply_budget()
        return rate

    @api.multi
    def write(self, vals):
        result = super(MrpOverheadRate, self).write(vals)
        self._apply_budget()
        return result

    @api.onchange("budget_amount", "budget_activity", "pool_id")
    def _onchange_budget(self):
        if self.budget_amount and self.budget_activity:
            self.rate = self._budget_rate()

    @api.multi
    def _budget_rate(self):
        """Predetermined rate = budgeted cost / budgeted activity (x 100 for the
        percentage bases)."""
        self.ensure_one()
        return rates_engine.budget_rate(self.budget_amount, self.budget_activity,
                                        self.pool_id.basis)

    @api.multi
    def _apply_budget(self):
        """A rate with a budget is the budget's rate, whatever was typed."""
        for rate in self.filtered(lambda r: r.budget_amount and r.budget_activity):
            value = rate._budget_rate()
            if rate.rate != value:
                super(MrpOverheadRate, rate).write({"rate": value})

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for rate in self:
            if rate.date_from and rate.date_to and rate.date_from > rate.date_to:
                raise ValidationError(_("Rate of %s: the start date %s is after the end date %s.")
                                      % (rate.pool_id.name, rate.date_from, rate.date_to))

    @api.multi
    def _engine_rates(self):
        """The rates as engine.rates.Rate values (dates as 'YYYY-MM-DD' strings)."""
        return [rates_engine.Rate(rate.id, rate.pool_id.id, rate.rate,
                                  rate.workcenter_id.id or None,
                                  rate.product_categ_id.id or None,
                                  rate.date_from or None, rate.date_to or None)
                for rate in self]
