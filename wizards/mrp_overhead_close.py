# -*- coding: utf-8 -*-
"""Period close of under- or over-applied conversion costs (DESIGN 6)."""
import calendar

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import close as close_engine
from ..engine import rates as rates_engine
from ..models.mrp_overhead_close_history import CLOSE_DISPOSITIONS


class MrpOverheadClose(models.TransientModel):
    _name = "mrp.overhead.close"
    _description = "Close Under/Over-applied Overhead"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    date_from = fields.Date(required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(required=True, default=lambda self: self._month_end(
        self._default_date_from()))
    pool_ids = fields.Many2many(
        "mrp.cost.pool", string="Cost Pools", required=True,
        domain="[('company_id', '=', company_id), ('control_account_id', '!=', False)]",
        default=lambda self: self._default_pools(),
        help="Preselected: the pools not closed yet over the range (a closed one is shown "
             "below with the close that took it).")
    disposition = fields.Selection(CLOSE_DISPOSITIONS, required=True, default="cogs")
    cogs_account_id = fields.Many2one(
        "account.account", string="Cost of Goods Sold Account",
        domain="[('company_id', '=', company_id), ('deprecated', '=', False)]",
        default=lambda self: self._default_cogs_account())
    prorate_account_ids = fields.Many2many(
        "account.account", string="Prorate On",
        domain="[('company_id', '=', company_id), ('deprecated', '=', False)]",
        default=lambda self: self._default_prorate_accounts(),
        help="The under/over-applied amount is shared by these accounts in proportion to "
             "their balances at the end of the range.")
    normal_activity = fields.Float(
        digits=(16, 4),
        help="Normal capacity of the range, in the pools' basis (hours, units...): the "
             "fixed overhead of the activity short of it is not absorbed by production.")
    unabsorbed_account_id = fields.Many2one(
        "account.account", string="Unabsorbed Overhead Account",
        domain="[('company_id', '=', company_id), ('deprecated', '=', False)]",
        default=lambda self: self.env.user.company_id.backflush_unabsorbed_account_id)
    line_ids = fields.One2many("mrp.overhead.close.line", "close_id", string="Pools",
                               readonly=True)

    @api.model
    def _default_date_from(self):
        """The first day of today's month."""
        return fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)).replace(day=1))

    @api.model
    def _month_end(self, date):
        """The last day of the month of ``date`` (a date string)."""
        day = fields.Date.from_string(date)
        return fields.Date.to_string(
            day.replace(day=calendar.monthrange(day.year, day.month)[1]))

    @api.model
    def _company_pools(self, company=None):
        """The pools with a control account of ``company`` (the user's by default)."""
        return self.env["mrp.cost.pool"].search([
            ("company_id", "=", (company or self.env.user.company_id).id),
            ("control_account_id", "!=", False)])

    @api.model
    def _default_pools(self, company=None, date_from=None, date_to=None):
        """The pools of ``_company_pools`` left to close over the range (this month by
        default): one already closed over part of it is not chosen for the user (Post
        would refuse it)."""
        pools = self._company_pools(company)
        date_from = date_from or self._default_date_from()
        closed = self._closes_overlapping(pools, date_from, date_to or self._month_end(
            date_from))
        return pools - closed.mapped("pool_id")

    @api.model
    def _default_cogs_account(self, company=None):
        """The Cost of Goods Sold account of ``company``'s chart of accounts: the account
        made from the chart's first account template of type Cost of Revenue
        (l10n_generic_coa: 210000 Cost of Goods Sold); without one, the company's first
        account of that type that is not one of its manufacturing variance accounts.
        Empty when there is none: the user chooses (Post asks for it)."""
        company = company or self.env.user.company_id
        direct_costs = self.env.ref("account.data_account_type_direct_costs")
        # the templates are read for a user without accounting rights too: a default
        template = self.env["account.account.template"].sudo().search([
            ("chart_template_id", "=", company.chart_template_id.id),
            ("user_type_id", "=", direct_costs.id)], order="code", limit=1)
        xmlid = template.get_external_id().get(template.id) if template else False
        if xmlid:
            # the chart names each account it makes <module>.<company id>_<template name>
            module, name = xmlid.split(".", 1)
            account = self.env.ref("%s.%s_%s" % (module, company.id, name),
                                   raise_if_not_found=False)
            if account:
                return account
        variance_accounts = (
            company.backflush_variance_account_id
            | company.backflush_material_usage_account_id
            | company.backflush_material_price_account_id
            | company.backflush_efficiency_account_id
            | company.backflush_revision_account_id)
        return self.env["account.account"].search([
            ("company_id", "=", company.id), ("deprecated", "=", False),
            ("user_type_id", "=", direct_costs.id),
            ("id", "not in", variance_accounts.ids)], order="code", limit=1)

    @api.model
    def _default_prorate_accounts(self, company=None):
        company = company or self.env.user.company_id
        valuation = self.env["ir.property"].with_context(force_company=company.id).get(
            "property_stock_valuation_account_id", "product.category")
        return (company.backflush_wip_account_id | valuation
                | self._default_cogs_account(company))

    @api.onchange("company_id")
    def _onchange_company_id(self):
        """Another company chosen: its pools and accounts, not those of the company the
        user works in."""
        company = self.company_id
        if company:
            self.cogs_account_id = self._default_cogs_account(company)
            self.prorate_account_ids = self._default_prorate_accounts(company)
            self.unabsorbed_account_id = company.backflush_unabsorbed_account_id

    @api.onchange("date_from")
    def _onchange_date_from(self):
        """A close covers a month by default: Date To follows Date From to its month's
        end (a longer range: set Date To after Date From)."""
        if self.date_from:
            self.date_to = self._month_end(self.date_from)

    @api.onchange("company_id", "date_from", "date_to")
    def _onchange_range_pools(self):
        """The pools left to close over the range chosen, of the company chosen."""
        if self.company_id and self.date_from and self.date_to:
            self.pool_ids = self._default_pools(self.company_id, self.date_from,
                                                self.date_to)

    @api.onchange("date_from", "date_to", "pool_ids")
    def _onchange_show_pools(self):
        """What is left to close per pool chosen, under- or over-applied; a pool already
        closed over (part of) the range, chosen or not, shows nothing left and the close
        that took it."""
        lines = [(5, 0, 0)]
        if self.date_from and self.date_to:
            closed = self._closed_periods(self._company_pools(self.company_id))
            closed_pools = closed.mapped("pool_id")
            for pool, period, actual in self._pool_shares():
                if pool in closed_pools:
                    continue
                under, over = close_engine.under_over_applied(period.applied, actual)
                lines.append((0, 0, {
                    "pool_id": pool.id, "applied": period.applied, "actual": actual,
                    "under_applied": under, "over_applied": over,
                    "activity": period.actual_activity}))
            for pool in closed_pools:
                history = closed.filtered(lambda history, pool=pool: history.pool_id == pool)
                lines.append((0, 0, {"pool_id": pool.id, "note": _(
                    "Already closed from %s to %s (entry %s)") % (
                    history[0].date_from, history[0].date_to, history[0].move_id.name)}))
        self.line_ids = lines

    @api.multi
    def _pool_shares(self):
        """[(pool, PoolPeriod, its share of the actual)] of the pools the close covers,
        grouped by control account: a control account shared by pools is split between
        them in proportion to what each applied."""
        self.ensure_one()
        pools = self._closing_pools()
        shares = []
        for control in pools.mapped("control_account_id"):
            group = pools.filtered(lambda pool, control=control: pool.control_account_id == control)
            periods = [self._pool_period(pool) for pool in group]
            actuals = close_engine.actual_shares(
                periods[0].actual, [period.applied for period in periods],
                self.company_id.currency_id.rounding)
            shares.extend(zip(group, periods, actuals))
        return shares

    @api.multi
    def _pool_period(self, pool):
        """engine PoolPeriod of ``pool`` over the range: applied = credits net of debits
        on its applied account booked for this pool as conversion (net of its unbuild
        reversals; its efficiency variance may share the account, it is no applied
        cost), actual = debits net of credits on
        its control account (posted entries, closing entries excepted); activity from
        the conversion log."""
        self.ensure_one()
        in_range = [("date", ">=", self.date_from), ("date", "<=", self.date_to),
                    ("move_id.state", "=", "posted"), "|", ("move_id.backflush_kind", "=", False),
                    ("move_id.backflush_kind", "!=", "close")]
        applied = -self._balance(in_range + [("account_id", "=", pool.applied_account_id.id),
                                             ("backflush_pool_id", "=", pool.id),
                                             ("backflush_line_type", "in",
                                              ("conversion", "unbuild"))])
        actual = self._balance(in_range + [("account_id", "=", pool.control_account_id.id)])
        # summed in SQL: a month of a busy pool is thousands of lines
        groups = self.env["mrp.backflush.cost.line"].read_group([
            ("pool_id", "=", pool.id), ("line_type", "=", "conversion"),
            ("date", ">=", self.date_from), ("date", "<=", self.date_to)],
            ["activity"], [])
        activity = (groups[0]["activity"] if groups else 0.0) or 0.0
        return close_engine.PoolPeriod(
            pool.name, (pool.applied_account_id.id, pool.id),
            (pool.control_account_id.id, pool.id), applied, actual,
            self._pool_rate(pool, applied, activity), activity)

    @api.multi
    def _pool_rate(self, pool, applied, activity):
        """The rate the range applied: applied / activity; with no activity, the pool-wide
        rate valid at the end of the range (0 if none)."""
        rate = None
        if not activity:
            rate = rates_engine.select_rate(pool.rate_ids._engine_rates(), pool.id, None,
                                            None, self.date_to)
        return close_engine.applied_rate(applied, activity, rate.rate if rate else 0.0)

    @api.multi
    def _balance(self, domain):
        groups = self.env["account.move.line"].read_group(
            domain + [("company_id", "=", self.company_id.id)], ["balance"], [])
        return (groups[0]["balance"] if groups else 0.0) or 0.0

    @api.multi
    def _closing_pools(self):
        """The pools selected and every other pool of the company that credits against
        one of their control accounts: a control account is closed against all that
        applied against it."""
        self.ensure_one()
        return self.pool_ids | self.env["mrp.cost.pool"].search([
            ("company_id", "=", self.company_id.id),
            ("control_account_id", "in", self.pool_ids.mapped("control_account_id").ids)])

    @api.multi
    def action_post(self):
        """Post the closing entry of the selected pools (per control account, with every
        pool that shares it) and return it."""
        self.ensure_one()
        self._check_close()
        currency = self.company_id.currency_id
        lines, closed = [], []
        shares = self._pool_shares()
        for control in self._closing_pools().mapped("control_account_id"):
            group = [share for share in shares if share[0].control_account_id == control]
            control_lines = self._close_lines(
                [period for _pool, period, _actual in group],
                self.env["mrp.cost.pool"].browse([pool.id for pool, _period, _actual in group]))
            if control_lines:
                lines.extend(control_lines)
                closed.extend(group)
        if not closed:
            raise UserError(_("Nothing to close for %s from %s to %s: no overhead was applied "
                              "or incurred in the range.")
                            % (", ".join(self._closing_pools().mapped("name")), self.date_from,
                               self.date_to))
        move = self.env["account.move"].create({
            "journal_id": self.company_id.backflush_journal_id.id, "date": self.date_to,
            "ref": _("Overhead close %s - %s") % (self.date_from, self.date_to),
            "backflush_kind": "close",
            "line_ids": [(0, 0, {"account_id": line.account[0],
                                 "backflush_pool_id": line.account[1], "name": line.name,
                                 "debit": line.debit, "credit": line.credit})
                         for line in lines]})
        move.post()
        for pool, period, actual in closed:
            self.env["mrp.overhead.close.history"].create({
                "pool_id": pool.id, "date_from": self.date_from, "date_to": self.date_to,
                "disposition": self.disposition, "applied": currency.round(period.applied),
                "actual": currency.round(actual),
                "under_applied": currency.round(actual - period.applied),
                "move_id": move.id, "company_id": self.company_id.id})
        return move

    @api.multi
    def action_post_open(self):
        """The wizard's button: post, then show the entry."""
        move = self.action_post()
        return {"type": "ir.actions.act_window", "res_model": "account.move",
                "res_id": move.id, "view_mode": "form", "target": "current"}

    @api.multi
    def _close_lines(self, periods, pools):
        """engine JournalLines closing one control account against the PoolPeriods
        ``periods`` of the ``pools`` that share it, keyed (account id, pool id or
        False), labelled by what the pools apply (labour when all are labour pools)."""
        def key(account):
            return (account.id, False) if account else None
        prorate = None
        if self.disposition == "prorate":
            prorate = [(key(account), self._balance([("account_id", "=", account.id),
                                                     ("date", "<=", self.date_to),
                                                     ("move_id.state", "=", "posted")]))
                       for account in self.prorate_account_ids]
        try:
            return close_engine.close_control_lines(
                periods, periods[0].actual, self.disposition,
                self.company_id.currency_id.rounding, cogs_account=key(self.cogs_account_id),
                prorate_balances=prorate, normal_activity=self.normal_activity,
                unabsorbed_account=key(self.unabsorbed_account_id),
                cost=_("labour") if set(pools.mapped("kind")) == {"labour"}
                else _("overhead"))
        except ValueError as error:
            raise UserError(_("Cannot close %s: %s") % (
                ", ".join(period.name for period in periods), error))

    @api.multi
    def _check_close(self):
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(_("Only accounting managers may close the overhead of a period."))
        company = self.company_id
        problems = []
        if self.date_from > self.date_to:
            problems.append(_("The range starts (%s) after it ends (%s).")
                            % (self.date_from, self.date_to))
        if not company.backflush_journal_id:
            problems.append(_("Company %s has no Backflush Journal: set it in Manufacturing > "
                              "Configuration > Settings > Backflush Costing.") % company.name)
        if company.fiscalyear_lock_date and self.date_to <= company.fiscalyear_lock_date:
            problems.append(_("The closing date %s is inside the lock date %s of company %s.")
                            % (self.date_to, company.fiscalyear_lock_date, company.name))
        problems.extend(_("Cost pool %s has no control account: set it in Manufacturing > "
                          "Configuration > Cost Pools.") % pool.name
                        for pool in self.pool_ids.filtered(lambda p: not p.control_account_id))
        if self.disposition in ("cogs", "normal_capacity") and not self.cogs_account_id:
            problems.append(_("Choose the Cost of Goods Sold Account."))
        if self.disposition == "prorate" and not self.prorate_account_ids:
            problems.append(_("Choose the accounts to prorate on."))
        if self.disposition == "normal_capacity":
            problems.extend(self._normal_capacity_problems())
        problems.extend(self._other_company_problems())
        problems.extend(self._overlap_problems())
        if problems:
            raise UserError("\n".join(problems))

    @api.multi
    def _other_company_problems(self):
        """Pools and accounts of the close that belong to another company than the
        close's (chosen before the company was changed): the entry cannot mix them."""
        company = self.company_id
        accounts = {"cogs": self.cogs_account_id, "prorate": self.prorate_account_ids,
                    "normal_capacity": self.cogs_account_id | self.unabsorbed_account_id}
        records = list(self.pool_ids) + list(accounts[self.disposition])
        return [_("%s belongs to company %s, not to %s: choose the company's own in the "
                  "close (Manufacturing > Costing > Close Manufacturing Overhead).")
                % (record.display_name, record.company_id.name, company.name)
                for record in records if record.company_id != company]

    @api.multi
    def _normal_capacity_problems(self):
        problems = []
        if self.normal_activity <= 0:
            problems.append(_("Enter the normal activity (normal capacity) of the range."))
        if not self.unabsorbed_account_id:
            problems.append(_("Choose the Unabsorbed Overhead Account."))
        pools = self._closing_pools()
        if len(set(pools.mapped("basis"))) > 1:
            problems.append(_("One normal activity cannot measure pools of different bases "
                              "(%s): close them separately.")
                            % ", ".join(pools.mapped("name")))
        return problems

    @api.multi
    def _closed_periods(self, pools=None):
        """The closes of ``pools`` (the pools to close by default) that overlap the
        range."""
        closing = self._closing_pools()
        return self._closes_overlapping(closing | pools if pools else closing,
                                        self.date_from, self.date_to)

    @api.model
    def _closes_overlapping(self, pools, date_from, date_to):
        """The closes of ``pools`` whose range overlaps ``date_from`` - ``date_to``."""
        return self.env["mrp.overhead.close.history"].search([
            ("pool_id", "in", pools.ids), ("date_from", "<=", date_to),
            ("date_to", ">=", date_from)])

    @api.multi
    def _overlap_problems(self):
        closed = self._closed_periods()
        return [_("Cost pool %s is already closed from %s to %s (entry %s): choose a range "
                  "that does not overlap it.")
                % (history.pool_id.name, history.date_from, history.date_to,
                   history.move_id.name) for history in closed]


class MrpOverheadCloseLine(models.TransientModel):
    _name = "mrp.overhead.close.line"
    _description = "Under/Over-applied Overhead of a Pool"

    close_id = fields.Many2one("mrp.overhead.close", required=True, ondelete="cascade")
    pool_id = fields.Many2one("mrp.cost.pool", string="Cost Pool", readonly=True)
    applied = fields.Float(digits=(16, 2), readonly=True)
    actual = fields.Float(digits=(16, 2), readonly=True)
    under_applied = fields.Float(string="Under-applied", digits=(16, 2), readonly=True,
                                 help="Actual - applied, when actual is more.")
    over_applied = fields.Float(string="Over-applied", digits=(16, 2), readonly=True,
                                help="Applied - actual, when applied is more.")
    activity = fields.Float(digits=(16, 2), readonly=True)
    note = fields.Char(string="Status", readonly=True)
