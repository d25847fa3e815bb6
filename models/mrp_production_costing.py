# -*- coding: utf-8 -*-
"""Conversion costs of a production posting and the clearing of its WIP (DESIGN 4, 5):
the step methods ``mrp_production.py``'s ``post_inventory`` and ``_cal_price`` run for an
order whose finished product is valued in real time.
- plan: ``_prepare_backflush_costing``: the WIP the order had, its activity (hours) and
  the rates of its pools, once per posting;
- check: ``_backflush_posting_problems``: accounts, journal, lock date, locations, rates;
- conversion (``_cal_price``): ``_prepare_backflush_conversion``: each pool's rate x
  activity; ``_backflush_set_finished_price``: FIFO/average finished goods at the
  order's WIP (components and conversion) / quantity;
- clear WIP: ``_prepare_backflush_clearing``: what the posting leaves in the order's WIP
  (standard cost: the variances; else a rounding rest);
- entries: ``_create_backflush_entries``: the stock valuation collected from the
  posting's moves, the conversion entry and the variance entry, and their log.
Components consumed in a posting that receives no finished goods wait in WIP for the
next posting that does.
"""
from collections import OrderedDict

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from ..engine import activity as activity_engine
from ..engine import clearing as clearing_engine
from ..engine import conversion as conversion_engine
from ..engine import entries as entries_engine
from ..engine import finished_cost as finished_cost_engine
from ..engine import rates as rates_engine
from ..engine import variances as variances_engine

SETTINGS_MENU = "Manufacturing > Configuration > Settings > Backflush Costing"
VARIANCE_FIELDS = OrderedDict([
    ("material_usage", "backflush_material_usage_account_id"),
    ("material_price", "backflush_material_price_account_id"),
    ("conversion_efficiency", "backflush_efficiency_account_id"),
    ("standard_revision", "backflush_revision_account_id"),
])


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    # --------------------------------------------------------------------- plan
    @api.multi
    def _backflush_is_costed(self):
        """Conversion costs and WIP clearing apply to finished products valued in real
        time (perpetual): a periodic valuation has no WIP entries to clear."""
        self.ensure_one()
        return self.product_id.type == "product" and self.product_id.valuation == "real_time"

    @api.multi
    def _backflush_uncleared_raw_moves(self):
        """Components consumed since the previous posting that received finished goods:
        in this posting, or before it (at an operation, or with no quantity produced)."""
        self.ensure_one()
        return self.move_raw_ids.filtered(
            lambda move: move.state == "done" and not move.backflush_cleared)

    # --------------------------------------------------------------- validation
    @api.model
    def _backflush_raise_problems(self, problems):
        """One UserError listing every problem (each once), if there is any."""
        unique = []
        for problem in problems:
            if problem not in unique:
                unique.append(problem)
        if unique:
            raise UserError(_("Cannot post the production:\n%s")
                            % "\n".join("- %s" % problem for problem in unique))

    @api.multi
    def _backflush_posting_problems(self, posting):
        """What keeps the costing of ``posting`` from being posted."""
        self.ensure_one()
        if not posting["costed"]:
            return []
        problems = self._backflush_account_problems()
        return problems + posting["missing_rates"]

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
        problems += self._backflush_journal_problems()
        missing = [kind for kind, account in self._backflush_variance_accounts().items()
                   if not account]
        if missing:
            problems.append(_(
                "Company %s has no account for the %s variance: set the Manufacturing "
                "Variance Account (or one per variance) in %s.")
                % (company.name, ", ".join(kind.replace("_", " ") for kind in missing),
                   SETTINGS_MENU))
        locked = self._backflush_date_locked()
        if locked:
            problems.append(_(
                "The posting date %s of %s is inside the accounting lock date %s of company "
                "%s: post it after the lock date, or have an adviser move the company's Lock "
                "Date / Lock Date for Non-Advisers.") % (locked[0], self.name, locked[1],
                                                         company.name))
        return problems

    @api.multi
    def _backflush_journal_problems(self):
        """[the missing Backflush journal of the order's company], or []."""
        self.ensure_one()
        company = self.company_id
        if company.backflush_journal_id:
            return []
        return [_("Company %s has no Backflush Journal: set it in %s.")
                % (company.name, SETTINGS_MENU)]

    @api.multi
    def _backflush_date_locked(self):
        """(posting date, lock date) when the posting date is inside the lock date of the
        order's company (for this user), else None."""
        self.ensure_one()
        lock_date = self._backflush_lock_date()
        date = self._backflush_posting_date()
        return (date, lock_date) if lock_date and date <= lock_date else None

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
            return OrderedDict([("rounding", general), ("late_components", general),
                                ("components_repriced", general),
                                ("receipt_difference", general),
                                ("cancel_write_off", general)])
        accounts = OrderedDict((kind, company[field] or general)
                               for kind, field in VARIANCE_FIELDS.items())
        accounts["rounding"] = accounts["cancel_write_off"] = (
            general or accounts["material_price"])
        # a component's price changed after the goods were received at standard
        accounts["components_repriced"] = accounts["material_price"]
        return accounts

    # ----------------------------------------------------------------- activity
    @api.multi
    def _prepare_backflush_costing(self, posting):
        """The costing values of ``posting``, computed once: ``wip_before``, what the
        order had in WIP; its activity (``_prepare_backflush_activity``); ``rates`` and
        ``missing_rates`` (``_prepare_backflush_rates``)."""
        self.ensure_one()
        values = {"wip_before": 0.0, "hours": OrderedDict(), "standard_hours": OrderedDict(),
                  "time_logs": self.env["mrp.workcenter.productivity"],
                  "rates": OrderedDict(), "missing_rates": []}
        if posting["product_qty"] <= 0:
            return values
        values["wip_before"] = self._backflush_wip_balance()
        values.update(self._prepare_backflush_activity(posting["product_qty"]))
        hour_sets = [values["hours"]]
        if self.product_id.cost_method == "standard":
            hour_sets.append(values["standard_hours"])
        values["rates"], values["missing_rates"] = self._prepare_backflush_rates(
            posting["date"], hour_sets)
        return values

    @api.multi
    def _prepare_backflush_activity(self, qty):
        """Machine hours per work center of the posting of ``qty`` (product UoM):
        ``hours`` as costed, ``standard_hours`` (always the standard time: the efficiency
        variance), and the ``time_logs`` costed. Per operation of the order's routing and
        of its kits' own routings (Odoo makes work orders for both): the time logged on
        its work order since the previous posting when any was logged since, else the
        standard time of this posting's quantity (as Odoo plans it, setup in the first
        posting only): each posting's activity is its own."""
        self.ensure_one()
        posted_before = self._backflush_received_qty()
        hours, standard_hours = OrderedDict(), OrderedDict()
        time_logs = self.env["mrp.workcenter.productivity"]
        for operation, per_unit in self._backflush_operations():
            workorders = self.workorder_ids.filtered(
                lambda workorder, op=operation: workorder.operation_id == op)
            workcenter = workorders[:1].workcenter_id or operation.workcenter_id
            standard_minutes = self._backflush_standard_minutes(
                operation, per_unit * posted_before, per_unit * qty)
            logged_minutes = None
            new_logs = workorders.mapped("time_ids").filtered(
                lambda log: log.date_end and not log.backflush_costed)
            if new_logs:
                logged_minutes = sum(new_logs.mapped("duration"))
                time_logs |= new_logs
            hours[workcenter] = hours.get(workcenter, 0.0) + activity_engine.machine_hours(
                logged_minutes, standard_minutes)
            standard_hours[workcenter] = standard_hours.get(
                workcenter, 0.0) + activity_engine.machine_hours(None, standard_minutes)
        return {"hours": hours, "standard_hours": standard_hours, "time_logs": time_logs}

    @api.multi
    def _backflush_operations(self):
        """[(routing operation, cycles of its BOM per unit of the product)]: the
        operations of the order's routing and of the routings of its kits (phantom BOMs
        with a routing of their own), as Odoo's explosion makes work orders of them."""
        self.ensure_one()
        bom = self.bom_id
        factor = self.product_id.uom_id._compute_quantity(
            1.0, bom.product_uom_id, round=False) / bom.product_qty
        boms, _lines = bom.explode(self.product_id, factor,
                                   picking_type=bom.picking_type_id)
        operations = []
        for exploded, data in boms:
            parent = data["parent_line"]
            if exploded.routing_id and (
                    not parent or parent.bom_id.routing_id != exploded.routing_id):
                operations.extend((operation, data["qty"])
                                  for operation in exploded.routing_id.operation_ids)
        return operations

    @api.multi
    def _backflush_standard_minutes(self, operation, cycles_before, cycles):
        """Standard minutes of ``operation`` for a posting of ``cycles`` of its BOM after
        ``cycles_before`` (engine.activity.posting_minutes: setup in the first only)."""
        self.ensure_one()
        workcenter = operation.workcenter_id
        try:
            return activity_engine.posting_minutes(
                cycles_before, cycles, workcenter.capacity, operation.time_cycle,
                workcenter.time_start, workcenter.time_stop, workcenter.time_efficiency)
        except ValueError as error:
            raise UserError(_("Work center %s: %s Set them in Manufacturing > Configuration "
                              "> Work Centers.") % (workcenter.name, error))

    @api.multi
    def _prepare_backflush_rates(self, on_date, hour_sets):
        """The rates of the company's pools for a posting on ``on_date``:
        ({(pool, work center or empty): rate}, [message of each pool in use without a
        valid rate]). A pool of an hour basis is in use at each work center with hours
        in one of ``hour_sets``, the others once (engine.rates.select_rate: the most
        specific rate valid on the date)."""
        self.ensure_one()
        pools = self.env["mrp.cost.pool"].search([("company_id", "=", self.company_id.id)])
        rates = pools.mapped("rate_ids")._engine_rates()
        categ = self.product_id.categ_id
        no_workcenter = self.env["mrp.workcenter"]
        workcenters = no_workcenter
        for hours in hour_sets:
            for workcenter, machine in hours.items():
                if machine:
                    workcenters |= workcenter
        found, missing = OrderedDict(), []
        for pool in pools:
            hourly = pool.basis in activity_engine.HOUR_BASES
            for workcenter in (workcenters if hourly else [no_workcenter]):
                rate = rates_engine.select_rate(rates, pool.id, workcenter.id or None,
                                                categ.id, on_date)
                if rate is None:
                    missing.append(self._backflush_missing_rate_message(
                        pool, workcenter, categ, on_date))
                else:
                    found[(pool, workcenter)] = rate.rate
        return found, missing

    @api.model
    def _backflush_missing_rate_message(self, pool, workcenter, categ, on_date):
        if workcenter:
            return _("Cost pool %s has no rate valid on %s for work center %s and product "
                     "category %s: add one in Manufacturing > Configuration > Overhead Rates.") \
                % (pool.name, on_date, workcenter.name, categ.display_name)
        return _("Cost pool %s has no rate valid on %s for product category %s: add one in "
                 "Manufacturing > Configuration > Overhead Rates.") \
            % (pool.name, on_date, categ.display_name)

    @api.multi
    def _backflush_charges(self, posting, hours, material_cost):
        """The engine Charges of ``posting``: each of its rates on its pool's activity
        (engine.activity.basis_activity), ``hours`` being the machine hours per work
        center and ``material_cost`` the value of the components."""
        self.ensure_one()
        charges = []
        for (pool, workcenter), rate in posting["rates"].items():
            if pool.basis in activity_engine.HOUR_BASES and not hours.get(workcenter):
                continue
            activity = activity_engine.basis_activity(
                pool.basis, posting["product_qty"], material_cost,
                hours.get(workcenter, 0.0), workcenter.crew_size if workcenter else 1.0)
            charges.append(conversion_engine.Charge(
                pool.id, pool.kind, pool.basis, rate, activity, workcenter.id or None))
        return charges

    @api.multi
    def _backflush_material_value(self, moves):
        """Value of the components these done moves consumed, as booked to WIP."""
        valued = moves.filtered(lambda move: move.product_id.type == "product"
                                and move.product_id.valuation == "real_time")
        return -sum(valued.mapped("value"))

    # --------------------------------------------------------------- conversion
    @api.multi
    def _prepare_backflush_conversion(self, posting):
        """The engine Applied rows (amount not zero) of the posting: each pool's rate on
        its activity, the material cost being the value of the components consumed
        since the last posting that received finished goods."""
        self.ensure_one()
        material = self._backflush_material_value(self._backflush_uncleared_raw_moves())
        charges = self._backflush_charges(posting, posting["hours"], material)
        return [row for row in conversion_engine.apply_pools(
            charges, self.company_id.currency_id.rounding) if row.amount]

    @api.multi
    def _backflush_set_finished_price(self, posting):
        """By-products are received at their cost (their cost field; standard-cost ones
        at standard, as stock_account values them); FIFO/average finished goods at the
        order's WIP (what it had, the components of the posting and its conversion) less
        the by-products' value, / quantity; standard-cost ones at standard
        (stock_account). A price of 0 stays 0 (stock.move._get_price_unit)."""
        self.ensure_one()
        byproducts = self._backflush_byproduct_moves()
        for move in byproducts:
            move.price_unit = move.product_id.standard_price
        if self.product_id.cost_method == "standard":
            return
        byproduct_value = finished_cost_engine.byproduct_value(
            (move.product_id.standard_price, move.product_uom._compute_quantity(
                move.quantity_done, move.product_id.uom_id, round=False))
            for move in byproducts.filtered(lambda move: move.product_id.valuation == "real_time"))
        moves = self.move_finished_ids.filtered(
            lambda move: move.product_id == self.product_id
            and move.state not in ("done", "cancel") and move.quantity_done)
        moves.write({"price_unit": finished_cost_engine.finished_unit_cost(
            posting["wip_before"], self._backflush_collected_wip(posting),
            sum(row.amount for row in posting["conversion"]), byproduct_value,
            posting["product_qty"])})

    @api.multi
    def _backflush_byproduct_moves(self):
        """The by-products (mrp_byproduct) this posting receives: stockable finished moves
        of another product than the order's, with a quantity recorded."""
        self.ensure_one()
        return self.move_finished_ids.filtered(
            lambda move: move.product_id != self.product_id and move.product_id.type == "product"
            and move.state not in ("done", "cancel") and move.quantity_done)

    @api.multi
    def _backflush_collected_wip(self, posting):
        """WIP balance of the valuation lines collected so far from the posting's moves."""
        self.ensure_one()
        wip = self.company_id.backflush_wip_account_id.id
        return sum(vals["debit"] - vals["credit"]
                   for _move, _journal, _date, lines in posting["valuation"]
                   for vals in lines if vals["account_id"] == wip)

    # ------------------------------------------------------------- WIP clearing
    @api.multi
    def _prepare_backflush_clearing(self, posting):
        """After a posting that received finished goods, what clears the order's WIP:
        ``clearing`` = {``raw``: the components it clears, ``rest``: the WIP left,
        ``amounts``: {(kind, pool id or False): amount}, the variances of a standard-cost
        product, else one rounding rest}."""
        self.ensure_one()
        received = self.move_finished_ids.filtered(
            lambda move: move.state == "done" and move.id not in posting["finished_before"])
        if not posting["costed"] or not received.filtered(
                lambda move: move.product_id == self.product_id):
            return
        applied = self._backflush_pool_amounts(posting["conversion"])
        rest = self.company_id.currency_id.round(
            posting["wip_before"] + self._backflush_collected_wip(posting)
            + sum(applied.values()))
        # more than a cent per line received is no rounding rest: it is named
        kind = clearing_engine.rest_kind(rest, self.company_id.currency_id.rounding,
                                         len(received))
        standard_qty = self._backflush_standard_quantities(
            posting["qty"], posting["requirements"], posting["posted_before"])
        standard_conversion = {}
        if self.product_id.cost_method == "standard":
            standard_material = sum(qty * product.standard_price
                                    for product, qty in standard_qty.items())
            standard_conversion = self._backflush_pool_amounts(conversion_engine.apply_pools(
                self._backflush_charges(posting, posting["standard_hours"], standard_material),
                self.company_id.currency_id.rounding))
        # by-products count with the goods received (the standard revision)
        posting["clearing"] = self._prepare_backflush_wip_rest(
            self._backflush_uncleared_raw_moves(), sum(received.mapped("value")), applied,
            rest, standard_qty, standard_conversion, kind)

    @api.model
    def _backflush_pool_amounts(self, rows):
        """{pool id: amount} of engine Applied ``rows`` (a pool applied at several work
        centers is one amount)."""
        amounts = OrderedDict()
        for row in rows:
            amounts[row.pool_key] = amounts.get(row.pool_key, 0.0) + row.amount
        return amounts

    @api.multi
    def _backflush_standard_quantities(self, qty, requirements=None, posted_before=0.0):
        """{component: quantity the BOM requires for ``qty`` (MO UoM) of the finished
        product posted after ``posted_before``, planned scrap included, in the
        component's stock UoM}; kits exploded. Rounding trued up as the backflush does:
        the requirement of everything posted so far less that of what was posted before.
        ``requirements``: the BOM exploded for ``posted_before + qty``, if the caller has
        it."""
        self.ensure_one()
        if requirements is None:
            requirements = self._backflush_explode(posted_before + qty)
        before = self._backflush_explode(posted_before) if posted_before > 0 else []
        required = OrderedDict()
        for sign, exploded in ((1.0, requirements), (-1.0, before)):
            for bom_line, requirement in exploded:
                product = bom_line.product_id
                required[product] = (required.get(product, 0.0)
                                     + sign * requirement.required_qty)
        return required

    @api.multi
    def _prepare_backflush_wip_rest(self, raw, fg_value, applied, rest, standard_qty,
                                    standard_conversion, other_kind):
        """The clearing of the order's WIP ``rest`` (components ``raw`` not yet cleared,
        ``applied`` conversion {pool id: amount}, less the finished goods' ``fg_value``):
        the DESIGN 5.4 variances for a standard-cost product (``standard_qty``: {component:
        quantity the BOM requires}; ``standard_conversion``: {pool id: standard hours x
        rate}), else one ``other_kind`` line. ``amounts``: {(kind, pool id or False):
        amount}."""
        self.ensure_one()
        amounts = OrderedDict()
        if not self.company_id.currency_id.is_zero(rest):
            if self.product_id.cost_method == "standard":
                amounts = self._backflush_variances(
                    raw, fg_value, applied, rest, standard_qty, standard_conversion)
            else:
                amounts[(other_kind, False)] = rest
        return {"raw": raw, "rest": rest, "amounts": amounts}

    # ------------------------------------------------- after the order is closed
    @api.multi
    def _backflush_clear_closed_wip(self, move, repriced=False):
        """Clear at once what the valuation of ``move`` put on the WIP of this done or
        cancelled order (no posting of it will ever clear it): a component consumed from
        the backflush queue after the last posting, or ``repriced`` by Odoo's FIFO
        correction of a component consumed into negative stock. The order's finished
        goods still on hand (a FIFO or average product) take their share of it on their
        stock valuation account, their value raised by as much (engine.variances.
        closed_order_split); the rest is a variance: components consumed after receipt
        (material usage and price for a standard-cost product) or components repriced
        after completion. One Backflush entry linked to the order, a note in its
        chatter. Raises UserError when it cannot be posted (journal, accounts, lock
        date): the valuation that put it there is refused with it."""
        self.ensure_one()
        currency = self.company_id.currency_id
        raw = self._backflush_uncleared_raw_moves()
        rest = self._backflush_wip_balance()
        if currency.is_zero(rest):
            raw.write({"backflush_cleared": True})
            return None
        problems = self._backflush_account_problems()
        if problems:
            raise UserError(_("Cannot clear the %s that %s (%s) puts on the work in process "
                              "of %s (%s):\n%s") % (
                formatLang(self.env, rest, currency_obj=currency),
                move.product_id.display_name, move.reference, self.name,
                dict(self._fields["state"].selection)[self.state],
                "\n".join("- %s" % problem for problem in problems)))
        kind = "components_repriced" if repriced else "late_components"
        layers = self._backflush_finished_layers()
        shares, variance = variances_engine.closed_order_split(
            rest, layers.mapped("remaining_qty"), self._backflush_received_qty(),
            currency.rounding)
        if repriced:
            amounts = OrderedDict([((kind, False), variance)] if variance else [])
        else:
            amounts = self._prepare_backflush_wip_rest(raw, 0.0, {}, variance, {}, {},
                                                      kind)["amounts"]
        # read elevated, as it was created: a manufacturing user may not read entries
        entry = self._create_backflush_closed_clearing(rest, amounts, sum(shares)).sudo()
        self._backflush_revalue_finished(layers, shares)
        raw.write({"backflush_cleared": True})
        self._create_backflush_variance_log({"amounts": amounts}, entry, entry.date)
        self._backflush_note_closed_clearing(move, repriced, rest, entry)
        return entry

    @api.multi
    def _backflush_finished_layers(self):
        """The receipts of this order's finished product (FIFO or average) that still have
        goods on hand (remaining_qty, which Odoo keeps for both); none for a
        standard-cost product, valued at standard whatever the order cost, nor for an
        average product with no stock to carry a new cost."""
        self.ensure_one()
        product = self.product_id
        if product.cost_method == "standard" or (
                product.cost_method == "average" and product.with_context(
                    company_owned=True, owner_id=False).qty_available <= 0):
            return self.env["stock.move"]
        return self.move_finished_ids.filtered(
            lambda move: move.product_id == self.product_id and move.state == "done"
            and move.remaining_qty > 0)

    @api.multi
    def _create_backflush_closed_clearing(self, rest, amounts, stock):
        """The entry clearing ``rest`` off the WIP: each variance of ``amounts`` {(kind,
        pool id or False): amount} on its account, ``stock`` on the finished product's
        stock valuation account; every line typed ``after_completion``."""
        self.ensure_one()
        accounts = self._backflush_variance_accounts()
        labels = dict(self.env["mrp.backflush.cost.line"]._fields["variance_kind"].selection)
        analytic = self.analytic_account_id.id
        lines = [((accounts[kind].id, pool_id, analytic), amount,
                  "%s: %s" % (self.name, labels[kind]), None)
                 for (kind, pool_id), amount in amounts.items()]
        if stock:
            valuation = self.product_id.categ_id.property_stock_valuation_account_id
            lines.append(((valuation.id, False, False), stock,
                          _("%s: finished goods on hand") % self.name, None))
        lines.append(((self.company_id.backflush_wip_account_id.id, False, False), -rest,
                      self.name, None))
        return self._backflush_post_entry(
            "after_completion",
            entries_engine.balance_lines(lines, self.company_id.currency_id.rounding),
            self._backflush_posting_date(), "after_completion")

    @api.multi
    def _backflush_revalue_finished(self, layers, shares):
        """The finished goods on hand worth their ``shares`` more: each receipt's remaining
        value (FIFO: what its goods leave stock at), and for an average product its cost,
        raised by their total over the quantity on hand (stock value = quantity x cost)."""
        self.ensure_one()
        for layer, share in zip(layers, shares):
            if share:
                layer.sudo().remaining_value = layer.remaining_value + share
        product = self.product_id
        if product.cost_method == "average" and sum(shares):
            on_hand = product.with_context(company_owned=True, owner_id=False).qty_available
            product.sudo().standard_price = (
                product.standard_price * on_hand + sum(shares)) / on_hand

    @api.multi
    def _backflush_note_closed_clearing(self, move, repriced, rest, entry):
        """The order's chatter: what landed on its WIP after it closed, and where it
        went."""
        self.ensure_one()
        currency = self.company_id.currency_id
        wip = self.company_id.backflush_wip_account_id
        parts = ["%s %s (%s)" % (formatLang(self.env, line.balance, currency_obj=currency),
                                 line.name.split(": ", 1)[-1], line.account_id.code)
                 for line in entry.line_ids if line.account_id != wip]
        why = (_("repriced by Odoo's correction of negative stock (FIFO)") if repriced
               else _("consumed after the goods were received"))
        self.message_post(body=_(
            "Work in process after the order closed: %s of %s, %s (%s). Cleared at once in "
            "%s: %s.") % (formatLang(self.env, rest, currency_obj=currency),
                          move.product_id.display_name, why, move.reference, entry.name,
                          "; ".join(parts)))

    @api.multi
    def _backflush_variances(self, raw_moves, fg_value, applied, rest, standard_qty,
                             standard_conversion):
        """DESIGN 5.4: the WIP ``rest`` split into material usage and price, conversion
        efficiency (per pool: ``applied`` and ``standard_conversion`` are {pool id:
        amount}) and standard revision (engine.variances); {(kind, pool id or False):
        amount}."""
        self.ensure_one()
        rounding = self.company_id.currency_id.rounding
        components = self._backflush_component_costs(raw_moves, standard_qty)
        applied_total = sum(applied.values())
        # WIP booked by entries rounded one by one (several moves of one component):
        # the few cents that differ go with the material price
        booked_rest = variances_engine.booked_rest(rest, components, applied_total, fg_value,
                                                   rounding)
        if booked_rest:
            components.append(booked_rest)
        variances = variances_engine.split_variances(
            components, applied_total, sum(standard_conversion.values()), fg_value, rounding)
        amounts = OrderedDict()
        for kind, amount in variances._asdict().items():
            if kind != "conversion_efficiency":
                amounts[(kind, False)] = amount
                continue
            for pool, pool_amount in variances_engine.efficiency_by_pool(
                    amount, applied, standard_conversion, rounding):
                amounts[(kind, pool or False)] = pool_amount
        return amounts

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

    # ------------------------------------------------------------------ cancel
    @api.multi
    def action_cancel(self):
        """An order whose consumed components are in WIP, or whose postings left
        components waiting in the backflush queue (what its finished goods were received
        without: WIP to come), is cancelled per its company's setting: refused (default),
        or their value written off in an entry linked to the order and the waiting
        components dropped from the queue; either way no cancelled order keeps a WIP
        balance nor has anything consumed into it later. Every order is checked before
        any is cancelled."""
        write_offs, dropped = OrderedDict(), self.env["mrp.backflush.line"]
        for production in self:
            production = production.with_context(force_company=production.company_id.id)
            rest = production._backflush_is_costed() and production._backflush_wip_balance()
            queued = production.backflush_line_ids.filtered(
                lambda line: line.state == "queued")
            if not rest and not queued:
                continue
            if production.company_id.backflush_cancel_policy != "write_off":
                raise UserError(production._backflush_cancel_refusal(rest, queued))
            dropped |= queued
            if not rest:
                continue
            problems = production._backflush_account_problems()
            if problems:
                raise UserError(_("Cannot write off the WIP of %s:\n%s") % (
                    production.name, "\n".join("- %s" % p for p in problems)))
            write_offs[production] = rest
        result = super(MrpProduction, self).action_cancel()
        for production, rest in write_offs.items():
            production._create_backflush_clearing({
                "raw": production._backflush_uncleared_raw_moves(), "rest": rest,
                "amounts": OrderedDict([(("cancel_write_off", False), rest)]),
                "entry_kind": "cancel",
            }, production._backflush_posting_date())
        dropped._backflush_drop()
        return result

    @api.multi
    def _backflush_cancel_refusal(self, rest, queued):
        """What is in the WIP of this order and what waits in its backflush queue
        (``queued`` lines), and the ways to cancel it."""
        self.ensure_one()
        currency = self.company_id.currency_id
        parts = []
        if rest:
            consumed = OrderedDict()
            for move in self._backflush_uncleared_raw_moves():
                qty, value = consumed.get(move.product_id, (0.0, 0.0))
                consumed[move.product_id] = (qty + move.product_qty,
                                             value + self._backflush_material_value(move))
            parts.append(_("%s of components it consumed is in Work in Process:\n%s") % (
                formatLang(self.env, rest, currency_obj=currency), "\n".join(
                    "- %s %s: %s" % (product.uom_id._backflush_format(qty),
                                     product.display_name,
                                     formatLang(self.env, value, currency_obj=currency))
                    for product, (qty, value) in consumed.items())))
        if queued:
            parts.append(_(
                "Components its postings left waiting in the backflush queue (its finished "
                "goods were received without them) are Work in Process to come:\n%s") % (
                "\n".join("- %s %s (posting %s)" % (
                    line.product_uom_id._backflush_format(line.queued_qty),
                    line.product_id.display_name, line.posting) for line in queued)))
        return _(
            "Cannot cancel %s:\n%s\n"
            "Either record what was made with Produce and press Mark as Done (an unbuild of "
            "it then returns the components to stock; queued components are posted by Retry "
            "once in stock), or have the WIP written off (scrapped) and the queued "
            "components dropped when the order is cancelled: set 'Cancelling an Order with "
            "Consumed Components' to 'Write off the WIP' in %s (company %s), then cancel "
            "again."
        ) % (self.name, "\n".join(parts), SETTINGS_MENU, self.company_id.name)

    # ------------------------------------------------------- WIP account change
    @api.model
    def _prepare_backflush_wip_transfer(self, old, new):
        """A change of the company's Work in Process Account from ``old`` to ``new``:
        {order: its WIP on ``old``}, what moves to ``new``. Raises UserError when it
        cannot be posted today (no Backflush journal, the lock date), before anything is
        written."""
        balances = self._backflush_wip_by_order(old)
        problems = [problem for production in balances
                    for problem in production._backflush_transfer_problems()]
        if problems:
            raise UserError(_(
                "Cannot change the Work in Process Account to %s: the work in process of "
                "%s moves to it today, and cannot be posted:\n%s") % (
                new.display_name, ", ".join(production.name for production in balances),
                "\n".join("- %s" % problem for problem in sorted(set(problems)))))
        return balances

    @api.model
    def _create_backflush_wip_transfers(self, old, new, balances):
        """Each order's WIP ``balances`` moved from ``old`` to ``new``: an entry per order,
        Dr ``new`` / Cr ``old`` (a credit balance the other way round), in the Backflush
        journal, dated today, noted on the order."""
        for production, balance in balances.items():
            production._create_backflush_wip_transfer(old, new, balance)

    @api.model
    def _backflush_wip_by_order(self, account):
        """{order: balance of ``account`` attributable to it}, the orders whose balance is
        not zero; attributed as _backflush_wip_balance does, by the order its journal
        items carry. In one query: an account of years of orders."""
        self.env.cr.execute("""
            SELECT manufacture_order_id, SUM(debit - credit)
              FROM account_move_line
             WHERE account_id = %s AND manufacture_order_id IS NOT NULL
             GROUP BY 1""", (account.id,))
        # fetched before reading the currency: a read on a cold cache runs its own
        # query on this cursor and would replace these rows
        rows = sorted(self.env.cr.fetchall(), key=lambda row: row[0])
        currency = account.company_id.currency_id
        return OrderedDict(
            (self.browse(production_id), currency.round(balance))
            for production_id, balance in rows if not currency.is_zero(balance))

    @api.multi
    def _backflush_transfer_problems(self):
        """What prevents posting a WIP transfer of this order today: no Backflush journal,
        a date inside the lock date."""
        self.ensure_one()
        problems = self._backflush_journal_problems()
        locked = self._backflush_date_locked()
        if locked:
            problems.append(_(
                "Today, %s, is inside the accounting lock date %s of company %s: have an "
                "adviser move the company's Lock Date / Lock Date for Non-Advisers.")
                % (locked[0], locked[1], self.company_id.name))
        return problems

    @api.multi
    def _create_backflush_wip_transfer(self, old, new, balance):
        """The entry moving this order's WIP ``balance`` from account ``old`` to ``new``,
        and a note on the order."""
        self.ensure_one()
        label = _("%s: WIP moved to %s") % (self.name, new.code)
        lines = entries_engine.balance_lines(
            [((new.id, False, False), balance, label, None),
             ((old.id, False, False), -balance, label, None)],
            self.company_id.currency_id.rounding)
        move = self._backflush_post_entry("wip_transfer", lines, self._backflush_posting_date(),
                                          "wip_transfer")
        self.message_post(body=_(
            "The Work in Process Account changed: %s of work in process moved from %s to %s "
            "(%s).") % (formatLang(self.env, balance, currency_obj=self.company_id.currency_id),
                        old.display_name, new.display_name, move.name))
        return move

    # -------------------------------------------------------------- entries, log
    @api.multi
    def _create_backflush_entries(self, posting):
        """The journal entries of the posting: the stock valuation collected from its
        moves (one entry per journal and date), its conversion costs and the clearing of
        its WIP folded into the first of them (each entry costs about 100 queries in Odoo
        11; every line says what it is: ``backflush_line_type``, labels, pools); then
        their log."""
        self.ensure_one()
        entries_vals = self._prepare_backflush_valuation_entries_vals(posting)
        costing_lines = []
        if posting["costed"]:
            costing_lines = (self._prepare_backflush_conversion_lines(posting["conversion"])
                             + self._prepare_backflush_clearing_lines(posting["clearing"]))
        if costing_lines:
            if not entries_vals:
                entries_vals = [self._prepare_backflush_entry_vals(
                    "posting", self.company_id.backflush_journal_id.id, posting["date"], [])]
            entries_vals[0]["line_ids"].extend((0, 0, vals) for vals in costing_lines)
        entries = self.env["account.move"].sudo()
        for vals in entries_vals:
            entries |= entries.create(dict(vals, line_ids=self._backflush_entry_sequence(
                vals["line_ids"])))
        entries.post()
        if posting["costed"]:
            self._create_backflush_cost_log(posting, entries[:1], posting["date"])
            posting["time_logs"].write({"backflush_costed": True})
            if posting["clearing"]:
                posting["clearing"]["raw"].write({"backflush_cleared": True})
        return entries

    @api.model
    def _backflush_entry_sequence(self, line_commands):
        """The (0, 0, values) commands of an entry's lines in the order they are created
        so that the entry reads top-down as a posting happens: components, conversion,
        finished goods, variances. Odoo 11 lists an entry's journal items newest first
        (account.move.line: date desc, id desc): they are created in the reverse order."""
        rank = {"component": 0, "conversion": 1, "finished": 2, "variance": 3}
        ordered = sorted(enumerate(line_commands), key=lambda item: (
            rank.get(item[1][2].get("backflush_line_type"), len(rank)), item[0]))
        return [command for _index, command in reversed(ordered)]

    @api.multi
    def _prepare_backflush_entry_vals(self, kind, journal_id, date, lines_vals):
        """An entry of the backflush linked to this order, of ``lines_vals`` (values of
        account.move.line)."""
        self.ensure_one()
        return {
            "journal_id": journal_id,
            "date": date,
            "ref": self.name,
            "backflush_production_id": self.id,
            "backflush_kind": kind,
            "backflush_wip_account_id": self.company_id.backflush_wip_account_id.id,
            "line_ids": [(0, 0, vals) for vals in lines_vals],
        }

    @api.multi
    def _prepare_backflush_conversion_lines(self, applied):
        """Lines applying the engine Applied rows: Dr WIP by their total (with the
        order's analytic account) / Cr each pool's applied account."""
        self.ensure_one()
        if not applied:
            return []
        pools = self.env["mrp.cost.pool"].browse([row.pool_key for row in applied])
        accounts = {pool.id: pool.applied_account_id.id for pool in pools}
        wip = self.company_id.backflush_wip_account_id
        lines = entries_engine.conversion_entry(
            (wip.id, False, self.analytic_account_id.id),
            [((accounts[row.pool_key], row.pool_key, False), row.amount) for row in applied],
            self.company_id.currency_id.rounding, self.name)
        # labelled by what each line books: the WIP debit all pools, a credit its pool
        return [dict(self._backflush_move_line_vals(line, "conversion"),
                     name=self._backflush_label(
                         pools.browse(line.account[1]).kind if line.account[1] else "conversion",
                         pools.browse(line.account[1]) if line.account[1] else pools))
                for line in lines]

    @api.multi
    def _prepare_backflush_clearing_lines(self, clearing):
        """Lines clearing the order's WIP: each amount of ``clearing`` on its variance
        account with its pool (Dr when unfavourable) / Cr WIP by the rest."""
        self.ensure_one()
        if not clearing or not clearing["amounts"]:
            return []
        accounts = self._backflush_variance_accounts()
        labels = dict(self.env["mrp.backflush.cost.line"]._fields["variance_kind"].selection)
        analytic = self.analytic_account_id.id
        lines = entries_engine.balance_lines(
            [((accounts[kind].id, pool_id, analytic), amount,
              "%s – %s" % (self.name, labels[kind]), None)
             for (kind, pool_id), amount in clearing["amounts"].items()]
            + [((self.company_id.backflush_wip_account_id.id, False, False),
                -clearing["rest"], _("%s – Work in process cleared: %s") % (
                    self.name, ", ".join(OrderedDict.fromkeys(
                        labels[kind] for (kind, _pool), amount in clearing["amounts"].items()
                        if not self.company_id.currency_id.is_zero(amount)))),
                None)],
            self.company_id.currency_id.rounding)
        return [self._backflush_move_line_vals(line, "variance") for line in lines]

    @api.multi
    def _create_backflush_cost_log(self, posting, move, date):
        """The Conversion tab: one line per pool applied and per variance, with the entry
        ``move`` that booked them."""
        self.ensure_one()
        for row in posting["conversion"]:
            self._backflush_log({
                "line_type": "conversion", "pool_id": row.pool_key,
                "workcenter_id": row.workcenter_key or False, "basis": row.basis,
                "activity": row.activity, "rate": row.rate, "amount": row.amount,
                "move_id": move.id, "date": date})
        self._create_backflush_variance_log(posting["clearing"], move, date)

    @api.multi
    def _create_backflush_variance_log(self, clearing, move, date):
        self.ensure_one()
        for (kind, pool_id), amount in (clearing["amounts"] if clearing else {}).items():
            if amount:
                self._backflush_log({"line_type": "variance", "variance_kind": kind,
                                     "pool_id": pool_id, "amount": amount,
                                     "move_id": move.id, "date": date})

    @api.multi
    def _create_backflush_clearing(self, clearing, date):
        """A clearing outside a posting (a late component): one variance entry, logged;
        its components marked cleared."""
        self.ensure_one()
        lines = self._prepare_backflush_clearing_lines(clearing)
        if lines:
            move = self.env["account.move"].sudo().create(self._prepare_backflush_entry_vals(
                clearing.get("entry_kind", "variance"), self.company_id.backflush_journal_id.id,
                date, lines))
            move.post()
            self._create_backflush_variance_log(clearing, move, date)
        clearing["raw"].write({"backflush_cleared": True})

    @api.multi
    def _backflush_post_entry(self, kind, lines, date, line_type=False):
        """Create and post an entry of engine JournalLines whose accounts are
        (account id, pool id or False, analytic account id or False) keys, each line
        booking ``line_type`` unless its extra names its own. Manufacturing users post
        without accounting rights: only this creation is elevated."""
        self.ensure_one()
        move = self.env["account.move"].sudo().create(self._prepare_backflush_entry_vals(
            kind, self.company_id.backflush_journal_id.id, date,
            [self._backflush_move_line_vals(line, line.extra or line_type) for line in lines]))
        move.post()
        return move.sudo(self.env.uid)

    @api.multi
    def _backflush_move_line_vals(self, line, line_type=False):
        """Values of the account.move.line of an engine JournalLine, which carries this
        order (the stock valuation lines carry it from their moves)."""
        account_id, pool_id, analytic_id = line.account
        name = line.name
        if pool_id:
            name = "%s: %s" % (name, self.env["mrp.cost.pool"].browse(pool_id).name)
        return {"account_id": account_id, "backflush_pool_id": pool_id,
                "analytic_account_id": analytic_id, "name": name, "debit": line.debit,
                "credit": line.credit, "product_id": self.product_id.id,
                "backflush_line_type": line_type, "manufacture_order_id": self.id}

    @api.multi
    def _backflush_log(self, vals):
        self.ensure_one()
        vals.update({"production_id": self.id, "product_id": self.product_id.id,
                     "company_id": self.company_id.id})
        return self.env["mrp.backflush.cost.line"].create(vals)

    @api.multi
    def _backflush_wip_balance(self):
        """WIP balance attributable to this order: its journal items on the WIP account
        (those of its stock moves, its unbuilds' and the backflush's entries all carry
        it; read elevated: a manufacturing user may not read journal items)."""
        self.ensure_one()
        return self._backflush_wip_of([("manufacture_order_id", "=", self.id)])

    @api.multi
    def _backflush_wip_of(self, domain):
        self.ensure_one()
        wip = self.company_id.backflush_wip_account_id
        groups = self.env["account.move.line"].sudo().read_group(
            [("account_id", "=", wip.id)] + domain, ["balance"], [])
        balance = groups[0]["balance"] if groups else 0.0
        return self.company_id.currency_id.round(balance or 0.0)
