# -*- coding: utf-8 -*-
"""Conversion costs of a production posting and the clearing of its WIP (DESIGN 4, 5).

One posting (``post_inventory``) runs, for an order whose finished product is valued in
real time:
1. ``_backflush_check_posting``: every problem of configuration, before any move is done;
2. the native moves of the components (Dr WIP / Cr Stock: the production location is
   valued at the WIP account);
3. ``_cal_price``: the conversion entry (Dr WIP / Cr each pool's applied account) and,
   for FIFO/average products, the finished goods' unit cost = WIP of the order / quantity;
4. the native finished-goods move (Dr Stock / Cr WIP);
5. ``_backflush_clear_wip``: what is left in the order's WIP (standard cost: the
   variances; else a rounding rest) in one variance entry, so the order's WIP is 0.
Components consumed in a posting that receives no finished goods wait in WIP for the
next posting that does.
"""
from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engine import activity as activity_engine
from ..engine import conversion as conversion_engine
from ..engine import entries as entries_engine
from ..engine import rates as rates_engine
from ..engine import variances as variances_engine
from ..engine.rounding import from_units, to_units

SETTINGS_MENU = "Manufacturing > Configuration > Settings > Backflush Costing"
VARIANCE_FIELDS = OrderedDict([
    ("material_usage", "backflush_material_usage_account_id"),
    ("material_price", "backflush_material_price_account_id"),
    ("conversion_efficiency", "backflush_efficiency_account_id"),
    ("standard_revision", "backflush_revision_account_id"),
])


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Analytic Account", copy=True,
        states={"done": [("readonly", True)], "cancel": [("readonly", True)]},
        help="Carried by the conversion and variance entries of this order.")
    backflush_move_ids = fields.One2many(
        "account.move", "backflush_production_id", string="Backflush Entries",
        readonly=True, copy=False,
        help="Every journal entry the backflush posted for this order: conversion costs, "
             "variances and unbuild reversals.")
    backflush_move_count = fields.Integer(compute="_compute_backflush_move_count",
                                          string="Entries Count",
                                          help="Every journal entry of the order: stock "
                                               "valuation, conversion, variances, unbuild.")
    backflush_cost_line_ids = fields.One2many(
        "mrp.backflush.cost.line", "production_id", string="Conversion Costs",
        readonly=True, copy=False)

    @api.multi
    def _backflush_entries_domain(self):
        """Every journal entry of the order: the valuation of its stock moves (and its
        unbuilds') and the entries the backflush posted for it."""
        self.ensure_one()
        return ["|", ("stock_move_id", "in", self._backflush_stock_moves().ids),
                ("backflush_production_id", "=", self.id)]

    @api.multi
    def _compute_backflush_move_count(self):
        # the smart button counts entries a manufacturing user may not read
        entries = self.env["account.move"].sudo()
        for production in self:
            production.backflush_move_count = entries.search_count(
                production._backflush_entries_domain())

    @api.multi
    def action_view_backflush_moves(self):
        self.ensure_one()
        action = self.env.ref("account.action_move_journal_line").read()[0]
        action["domain"] = self._backflush_entries_domain()
        action["context"] = {}
        action["name"] = _("Entries of %s") % self.name
        return action

    # ------------------------------------------------------------------ posting
    @api.multi
    def post_inventory(self):
        costed = self.filtered(lambda production: production._backflush_is_costed())
        costed._backflush_check_posting()
        before = {production.id: production._backflush_snapshot() for production in costed}
        result = super(MrpProduction, self).post_inventory()
        for production in costed:
            production._backflush_clear_wip(before[production.id])
        return result

    @api.multi
    def _cal_price(self, consumed_moves):
        result = super(MrpProduction, self)._cal_price(consumed_moves)
        qty = self._backflush_posting_product_qty()
        if self._backflush_is_costed() and qty > 0:
            self._backflush_apply_conversion(qty)
            self._backflush_set_finished_price(qty)
        return result

    @api.multi
    def _backflush_is_costed(self):
        """Conversion costs and WIP clearing apply to finished products valued in real
        time (perpetual): a periodic valuation has no WIP entries to clear."""
        self.ensure_one()
        return self.product_id.type == "product" and self.product_id.valuation == "real_time"

    @api.multi
    def _backflush_snapshot(self):
        """What this order had posted before a posting: its finished goods received and
        its conversion log."""
        self.ensure_one()
        moves = self.move_finished_ids.filtered(lambda move: move.state == "done")
        return {"moves": set(moves.ids), "cost_lines": set(self.backflush_cost_line_ids.ids)}

    @api.multi
    def _backflush_uncleared_raw_moves(self):
        """Components consumed since the previous posting that received finished goods:
        in this posting, or before it (at an operation, or with no quantity produced)."""
        self.ensure_one()
        return self.move_raw_ids.filtered(
            lambda move: move.state == "done" and not move.backflush_cleared)

    @api.multi
    def _backflush_posting_product_qty(self):
        self.ensure_one()
        return self.product_uom_id._compute_quantity(
            self._backflush_posting_qty(), self.product_id.uom_id, round=False)

    @api.multi
    def _backflush_produced_qty(self):
        """Finished product received so far, in its stock UoM."""
        self.ensure_one()
        moves = self.move_finished_ids.filtered(
            lambda move: move.product_id == self.product_id and move.state == "done")
        return sum(move.product_qty for move in moves)

    @api.multi
    def _backflush_posting_date(self):
        # the date the native valuation entries of the posting get (stock_account)
        return self.env.context.get("force_period_date") or fields.Date.context_today(self)

    # --------------------------------------------------------------- validation
    @api.multi
    def _backflush_check_posting(self):
        """Raise one UserError listing every configuration problem of these postings."""
        problems = []
        for production in self:
            for problem in production._backflush_posting_problems():
                if problem not in problems:
                    problems.append(problem)
        if problems:
            raise UserError(_("Cannot post the production:\n%s")
                            % "\n".join("- %s" % problem for problem in problems))

    @api.multi
    def _backflush_posting_problems(self):
        self.ensure_one()
        problems = self._backflush_account_problems()
        wip = self.company_id.backflush_wip_account_id
        if wip:
            problems.extend(self._backflush_location_problems(wip))
        qty = self._backflush_posting_product_qty()
        if qty > 0:
            hours, _logs = self._backflush_machine_hours(qty, self._backflush_produced_qty())
            problems.extend(self._backflush_charges(qty, 0.0, hours)[1])
        return problems

    @api.multi
    def _backflush_account_problems(self):
        """Missing accounts, journal, or a posting date inside the lock date."""
        self.ensure_one()
        company = self.company_id
        problems = []
        if not company.backflush_wip_account_id:
            problems.append(_(
                "Company %s has no Work in Process Account: set it in %s, or press "
                "'Set Up WIP Valuation' there.") % (company.name, SETTINGS_MENU))
        if not company.backflush_journal_id:
            problems.append(_("Company %s has no Backflush Journal: set it in %s.")
                            % (company.name, SETTINGS_MENU))
        missing = [kind for kind, account in self._backflush_variance_accounts().items()
                   if not account]
        if missing:
            problems.append(_(
                "Company %s has no account for the %s variance: set the Manufacturing "
                "Variance Account (or one per variance) in %s.")
                % (company.name, ", ".join(kind.replace("_", " ") for kind in missing),
                   SETTINGS_MENU))
        lock_date = self._backflush_lock_date()
        date = self._backflush_posting_date()
        if lock_date and date <= lock_date:
            problems.append(_(
                "The posting date %s of %s is inside the accounting lock date %s of company "
                "%s: post it after the lock date, or have an adviser move the company's Lock "
                "Date / Lock Date for Non-Advisers.") % (date, self.name, lock_date, company.name))
        return problems

    @api.multi
    def _backflush_location_problems(self, wip):
        """The production location(s) of the posting must be valued at the WIP account."""
        self.ensure_one()
        moves = (self.move_raw_ids | self.move_finished_ids).filtered(
            lambda move: move.state not in ("done", "cancel"))
        locations = (moves.mapped("location_dest_id") | moves.mapped("location_id")).filtered(
            lambda location: location.usage == "production")
        return [_("The production location %s is not valued at the Work in Process account "
                  "%s: press 'Set Up WIP Valuation' in %s.")
                % (location.display_name, wip.display_name, SETTINGS_MENU)
                for location in locations
                if location.valuation_in_account_id != wip
                or location.valuation_out_account_id != wip]

    @api.multi
    def _backflush_lock_date(self):
        """The lock date that applies to the current user, as account.move does."""
        self.ensure_one()
        company = self.company_id
        if self.env.user.has_group("account.group_account_manager"):
            return company.fiscalyear_lock_date
        return max(company.period_lock_date or "", company.fiscalyear_lock_date or "") or False

    @api.multi
    def _backflush_variance_accounts(self):
        """{variance kind: account} for the kinds this order's postings may book; a kind
        without an account of its own falls back to the company variance account."""
        self.ensure_one()
        company = self.company_id
        general = company.backflush_variance_account_id
        if self.product_id.cost_method != "standard":
            return OrderedDict([("rounding", general), ("late_components", general)])
        accounts = OrderedDict((kind, company[field] or general)
                               for kind, field in VARIANCE_FIELDS.items())
        accounts["rounding"] = general or accounts["material_price"]
        return accounts

    # ----------------------------------------------------------------- activity
    @api.multi
    def _backflush_machine_hours(self, qty, posted_before, standard=False):
        """Machine hours of the posting of ``qty`` (product UoM) per work center, and the
        time logs they cost. Per operation: the time logged since the previous posting
        if the work order has time logs, else the standard time of this posting's
        quantity (as Odoo plans it, setup in the first posting only); ``standard``:
        always the standard time."""
        self.ensure_one()
        hours = OrderedDict()
        costed_logs = self.env["mrp.workcenter.productivity"]
        for operation in self.routing_id.operation_ids:
            workorders = self.workorder_ids.filtered(
                lambda workorder, op=operation: workorder.operation_id == op)
            workcenter = workorders[:1].workcenter_id or operation.workcenter_id
            standard_minutes = (self._backflush_standard_minutes(operation, posted_before + qty)
                                - self._backflush_standard_minutes(operation, posted_before))
            logged_minutes = None
            logs = workorders.mapped("time_ids").filtered("date_end")
            if logs and not standard:
                new_logs = logs.filtered(lambda log: not log.backflush_costed)
                logged_minutes = sum(new_logs.mapped("duration"))
                costed_logs |= new_logs
            hours[workcenter] = hours.get(workcenter, 0.0) + activity_engine.machine_hours(
                logged_minutes, standard_minutes)
        return hours, costed_logs

    @api.multi
    def _backflush_standard_minutes(self, operation, qty):
        """Standard minutes of ``operation`` to make ``qty`` (product UoM) of this order."""
        self.ensure_one()
        if qty <= 0:
            return 0.0
        bom = self.bom_id
        workcenter = operation.workcenter_id
        multiples = self.product_id.uom_id._compute_quantity(
            qty, bom.product_uom_id, round=False) / bom.product_qty
        try:
            return activity_engine.expected_minutes(
                multiples, workcenter.capacity, operation.time_cycle, workcenter.time_start,
                workcenter.time_stop, workcenter.time_efficiency)
        except ValueError as error:
            raise UserError(_("Work center %s: %s Set them in Manufacturing > Configuration "
                              "> Work Centers.") % (workcenter.name, error))

    @api.multi
    def _backflush_material_value(self, moves):
        """Value of the components these done moves consumed, as booked to WIP."""
        valued = moves.filtered(lambda move: move.product_id.type == "product"
                                and move.product_id.valuation == "real_time")
        return -sum(valued.mapped("value"))

    @api.multi
    def _backflush_charges(self, qty, material_cost, hours, on_date=None):
        """The engine Charges of a posting (one per pool, per work center for the hour
        bases) at the rate valid on ``on_date``, and the messages of the pools in use that
        have no valid rate."""
        self.ensure_one()
        on_date = on_date or self._backflush_posting_date()
        pools = self.env["mrp.cost.pool"].search([("company_id", "=", self.company_id.id)])
        rates = pools.mapped("rate_ids")._engine_rates()
        categ = self.product_id.categ_id
        charges, missing = [], []
        for pool in pools:
            for workcenter, activity in self._backflush_pool_activities(
                    pool, qty, material_cost, hours):
                rate = rates_engine.select_rate(rates, pool.id, workcenter.id or None,
                                                categ.id, on_date)
                if rate is None:
                    missing.append(self._backflush_missing_rate_message(
                        pool, workcenter, categ, on_date))
                    continue
                charges.append(conversion_engine.Charge(
                    pool.id, pool.kind, pool.basis, rate.rate, activity, workcenter.id or None))
        return charges, missing

    @api.model
    def _backflush_pool_activities(self, pool, qty, material_cost, hours):
        """[(work center or empty, activity)] of ``pool`` in a posting."""
        no_workcenter = self.env["mrp.workcenter"]
        if pool.basis == "machine_hours":
            return [(workcenter, machine) for workcenter, machine in hours.items() if machine]
        if pool.basis == "labour_hours":
            return [(workcenter, activity_engine.labour_hours(machine, workcenter.crew_size))
                    for workcenter, machine in hours.items() if machine]
        if pool.basis == "units":
            return [(no_workcenter, qty)]
        if pool.basis == "material_cost":
            return [(no_workcenter, material_cost)]
        return [(no_workcenter, None)]  # labour_cost: the engine sums the labour applied

    @api.model
    def _backflush_missing_rate_message(self, pool, workcenter, categ, on_date):
        if workcenter:
            return _("Cost pool %s has no rate valid on %s for work center %s and product "
                     "category %s: add one in Manufacturing > Configuration > Overhead Rates.") \
                % (pool.name, on_date, workcenter.name, categ.display_name)
        return _("Cost pool %s has no rate valid on %s for product category %s: add one in "
                 "Manufacturing > Configuration > Overhead Rates.") \
            % (pool.name, on_date, categ.display_name)

    # --------------------------------------------------------------- conversion
    @api.multi
    def _backflush_apply_conversion(self, qty):
        """Post the conversion entry of the posting of ``qty`` and log it per pool."""
        self.ensure_one()
        date = self._backflush_posting_date()
        hours, logs = self._backflush_machine_hours(qty, self._backflush_produced_qty())
        charges, missing = self._backflush_charges(
            qty, self._backflush_material_value(self._backflush_uncleared_raw_moves()), hours,
            date)
        if missing:
            raise UserError("\n".join(missing))
        logs.write({"backflush_costed": True})
        applied = [row for row in conversion_engine.apply_pools(
            charges, self.company_id.currency_id.rounding) if row.amount]
        if not applied:
            return
        pools = self.env["mrp.cost.pool"].browse([row.pool_key for row in applied])
        accounts = {pool.id: pool.applied_account_id.id for pool in pools}
        wip = self.company_id.backflush_wip_account_id
        lines = entries_engine.conversion_entry(
            (wip.id, False, self.analytic_account_id.id),
            [((accounts[row.pool_key], row.pool_key, False), row.amount) for row in applied],
            self.company_id.currency_id.rounding, self.name)
        move = self._backflush_post_entry("conversion", lines, date)
        for row in applied:
            self._backflush_log({
                "line_type": "conversion", "pool_id": row.pool_key,
                "workcenter_id": row.workcenter_key or False, "basis": row.basis,
                "activity": row.activity, "rate": row.rate, "amount": row.amount,
                "move_id": move.id, "date": date})

    @api.multi
    def _backflush_set_finished_price(self, qty):
        """FIFO/average finished goods are received at the order's WIP (components and
        conversion) / quantity; standard-cost ones at standard (stock_account)."""
        self.ensure_one()
        if self.product_id.cost_method == "standard":
            return
        moves = self.move_finished_ids.filtered(
            lambda move: move.product_id == self.product_id
            and move.state not in ("done", "cancel") and move.quantity_done)
        moves.write({"price_unit": self._backflush_wip_balance() / qty})

    # ------------------------------------------------------------- WIP clearing
    @api.multi
    def _backflush_clear_wip(self, before):
        """After a posting that received finished goods, post what is left in the
        order's WIP as variances (standard cost) or as a rounding rest, so it is 0."""
        self.ensure_one()
        finished = self.move_finished_ids.filtered(
            lambda move: move.state == "done" and move.id not in before["moves"]
            and move.product_id == self.product_id)
        if finished:
            applied = sum(self.backflush_cost_line_ids.filtered(
                lambda line: line.id not in before["cost_lines"]).mapped("amount"))
            self._backflush_clear_components(finished, applied, "rounding")

    @api.multi
    def _backflush_after_late_consumption(self, move):
        """A queued component consumed after the last posting of a done order: its value
        leaves WIP as variances at once (an order in progress clears it at its next
        posting)."""
        result = super(MrpProduction, self)._backflush_after_late_consumption(move)
        if self.state == "done" and self._backflush_is_costed():
            self._backflush_clear_components(self.env["stock.move"], 0.0, "late_components")
        return result

    @api.multi
    def _backflush_clear_components(self, finished, applied, other_kind):
        """Post the order's WIP rest (components not yet cleared, ``applied`` conversion,
        less the ``finished`` goods received): the DESIGN 5.4 variances for a standard
        cost product, else one ``other_kind`` line; then mark the components cleared."""
        self.ensure_one()
        raw = self._backflush_uncleared_raw_moves()
        rest = self._backflush_wip_balance()
        if not self.company_id.currency_id.is_zero(rest):
            if self.product_id.cost_method == "standard":
                amounts = self._backflush_variances(raw, finished, applied, rest)._asdict()
            else:
                amounts = OrderedDict([(other_kind, rest)])
            self._backflush_post_variances(amounts, rest)
        raw.write({"backflush_cleared": True})

    @api.multi
    def _backflush_variances(self, raw_moves, finished_moves, applied, rest):
        """DESIGN 5.4: the posting's WIP ``rest`` split into material usage and price,
        conversion efficiency and standard revision (engine.variances)."""
        self.ensure_one()
        rounding = self.company_id.currency_id.rounding
        qty = sum(finished_moves.mapped("product_qty"))
        posted_before = self._backflush_produced_qty() - qty
        components = self._backflush_component_costs(
            raw_moves, self._backflush_standard_quantities(qty))
        fg_value = sum(finished_moves.mapped("value"))
        standard_material = sum(c.standard_qty * c.standard_cost for c in components)
        hours, _logs = self._backflush_machine_hours(qty, posted_before, standard=True)
        charges, missing = self._backflush_charges(qty, standard_material, hours)
        if missing:
            raise UserError("\n".join(missing))
        standard_conversion = sum(row.amount for row in conversion_engine.apply_pools(
            charges, rounding))
        # WIP booked by entries rounded one by one (several moves of one component):
        # the few cents that differ go with the material price
        booked = (sum(to_units(c.actual_value, rounding) for c in components)
                  + to_units(applied, rounding) - to_units(fg_value, rounding))
        if to_units(rest, rounding) != booked:
            components.append(variances_engine.ComponentCost(
                None, 0.0, 0.0, 0.0, from_units(to_units(rest, rounding) - booked, rounding)))
        return variances_engine.split_variances(
            components, applied, standard_conversion, fg_value, rounding)

    @api.multi
    def _backflush_component_costs(self, raw_moves, standard_qty):
        """engine ComponentCosts of the components: standard vs actual quantity (stock
        UoM), standard cost and the value consumed."""
        self.ensure_one()
        actual_qty, actual_value = OrderedDict(), {}
        for move in raw_moves:
            product = move.product_id
            actual_qty[product] = actual_qty.get(product, 0.0) + move.product_qty
            actual_value[product] = (actual_value.get(product, 0.0)
                                     + self._backflush_material_value(move))
        products = list(actual_qty) + [p for p in standard_qty if p not in actual_qty]
        return [variances_engine.ComponentCost(
            product.id, standard_qty.get(product, 0.0), actual_qty.get(product, 0.0),
            product.standard_price, actual_value.get(product, 0.0)) for product in products]

    @api.multi
    def _backflush_standard_quantities(self, qty):
        """{component: quantity the BOM requires for ``qty`` (product UoM) of the finished
        product, planned scrap included, in the component's stock UoM}; kits exploded."""
        self.ensure_one()
        required = OrderedDict()
        mo_qty = self.product_id.uom_id._compute_quantity(qty, self.product_uom_id, round=False)
        for bom_line, requirement in self._backflush_explode(mo_qty):
            product = bom_line.product_id
            required[product] = required.get(product, 0.0) + requirement.required_qty
        return required

    @api.multi
    def _backflush_post_variances(self, amounts, rest):
        """One entry: each variance on its account (Dr when unfavourable) / Cr WIP."""
        self.ensure_one()
        accounts = self._backflush_variance_accounts()
        labels = dict(self.env["mrp.backflush.cost.line"]._fields["variance_kind"].selection)
        analytic = self.analytic_account_id.id
        date = self._backflush_posting_date()
        lines = entries_engine.balance_lines(
            [((accounts[kind].id, False, analytic), amount,
              "%s: %s" % (self.name, labels[kind]), None)
             for kind, amount in amounts.items()]
            + [((self.company_id.backflush_wip_account_id.id, False, False), -rest, self.name,
                None)],
            self.company_id.currency_id.rounding)
        move = self._backflush_post_entry("variance", lines, date)
        for kind, amount in amounts.items():
            if amount:
                self._backflush_log({"line_type": "variance", "variance_kind": kind,
                                     "amount": amount, "move_id": move.id, "date": date})

    # -------------------------------------------------------------- entries, log
    @api.multi
    def _backflush_post_entry(self, kind, lines, date):
        """Create and post an entry of engine JournalLines whose accounts are
        (account id, pool id or False, analytic account id or False) keys. Manufacturing
        users post without accounting rights: only this creation is elevated."""
        self.ensure_one()
        move = self.env["account.move"].sudo().create({
            "journal_id": self.company_id.backflush_journal_id.id,
            "date": date,
            "ref": self.name,
            "backflush_production_id": self.id,
            "backflush_kind": kind,
            "line_ids": [(0, 0, self._backflush_move_line_vals(line)) for line in lines],
        })
        move.post()
        return move.sudo(self.env.uid)

    @api.multi
    def _backflush_move_line_vals(self, line):
        account_id, pool_id, analytic_id = line.account
        name = line.name
        if pool_id:
            name = "%s: %s" % (name, self.env["mrp.cost.pool"].browse(pool_id).name)
        return {"account_id": account_id, "backflush_pool_id": pool_id,
                "analytic_account_id": analytic_id, "name": name, "debit": line.debit,
                "credit": line.credit, "product_id": self.product_id.id}

    @api.multi
    def _backflush_log(self, vals):
        self.ensure_one()
        vals.update({"production_id": self.id, "product_id": self.product_id.id,
                     "company_id": self.company_id.id})
        return self.env["mrp.backflush.cost.line"].create(vals)

    @api.multi
    def _backflush_stock_moves(self):
        """Every stock move of this order whose valuation goes through WIP: components,
        finished goods, and its unbuild orders' moves."""
        self.ensure_one()
        unbuilds = self.env["mrp.unbuild"].search([("mo_id", "=", self.id)])
        return (self.move_raw_ids | self.move_finished_ids | unbuilds.mapped("consume_line_ids")
                | unbuilds.mapped("produce_line_ids"))

    @api.multi
    def _backflush_wip_balance(self):
        """WIP balance attributable to this order: the WIP lines of the entries of its
        stock moves and of its backflush entries (read elevated: a manufacturing user may
        not read journal items)."""
        self.ensure_one()
        return self._backflush_wip_of(
            ["|", ("move_id.stock_move_id", "in", self._backflush_stock_moves().ids),
             ("move_id.backflush_production_id", "=", self.id)])

    @api.multi
    def _backflush_wip_of(self, domain):
        self.ensure_one()
        wip = self.company_id.backflush_wip_account_id
        groups = self.env["account.move.line"].sudo().read_group(
            [("account_id", "=", wip.id)] + domain, ["balance"], [])
        balance = groups[0]["balance"] if groups else 0.0
        return self.company_id.currency_id.round(balance or 0.0)
