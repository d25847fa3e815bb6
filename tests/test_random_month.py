# -*- coding: utf-8 -*-
"""A seeded random month of a small factory (issue 18): purchases at varying prices,
orders of two products completed through every path, in parts, unbuilt and cancelled,
settings, rates and the period close changed on the way; after every step invariants
computed from account.move.line, stock.move and stock.quant themselves (never from the
addon's helpers) must hold.

`make test` runs DEFAULT_SEEDS with short months. More: ``MBF_RANDOM_SEEDS=1-50
MBF_RANDOM_STEPS=120 make test-random`` (tools/devenv.py test-random). A failure names
the seed, the step and the invariant and lists the steps, to replay with
``MBF_RANDOM_SEEDS=<seed>``.

The factory (whole units: Units rounded to 1; glue stocked in kg rounded to 0.001):
- Table (standard 160.00, routing Cut 12 min at Saw then Assemble 30 min at Bench):
  2 Leg Kits (phantom: 1 Leg FIFO + 4 Screws FIFO with scrap, + 1 Bracket average),
  1 Top (average, policy operation at Cut), 7 g of Glue (average, stocked in kg, the
  BOM line in grams, scrap 5 %).
- Bench (FIFO, no routing): 1 Panel (FIFO) per 2 Benches, 2 Wax (average, manual).
- Pools: Machine Overhead (machine hours, 10.00 an hour, a Saw rate added on the way),
  Assembly Labour (units, 2.00 a unit).
"""
import os
import unittest
import random
import traceback
from unittest.mock import patch

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError
from odoo.tools import float_round

from .numbers_common import NumbersCase

# Faults known and not fixed yet: {name: what fails}. While a name is listed, the default
# seeds avoid the situation that shows it (the factory data or the action is shaped so it
# cannot happen) and its named test is skipped; remove the name with the fix, or run with
# MBF_RANDOM_KNOWN_FAULTS=hit to exercise them all (or =name,name for some). Empty: the
# five this month found (a BOM line in another unit, partial postings, WIP after
# completion, the unbuild's BOM quantity, a component recorded after the last unit) are
# fixed, each with its named test below or in its own test module.
KNOWN_FAULTS = {
}
HIT_KNOWN = os.environ.get("MBF_RANDOM_KNOWN_FAULTS", "")


def avoided(fault):
    return fault in KNOWN_FAULTS and HIT_KNOWN != "hit" and fault not in HIT_KNOWN.split(",")


# How a journal item is attributed to an order: through the stock moves of the order and
# of its unbuilds and the entries the addon links to it ("stock_move"), or, once
# account.move.line carries it, its manufacture_order_id ("manufacture_order_id").
WIP_ATTRIBUTION = "manufacture_order_id"

DEFAULT_SEEDS = (1, 2, 3)
DEFAULT_STEPS = 35


def parse_seeds(text):
    """"1-50" or "3,7,12" (or both, comma separated) -> list of ints."""
    seeds = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            first, last = part.split("-")
            seeds.extend(range(int(first), int(last) + 1))
        elif part:
            seeds.append(int(part))
    return seeds


SEEDS = parse_seeds(os.environ.get("MBF_RANDOM_SEEDS", "")) or list(DEFAULT_SEEDS)
STEPS = int(os.environ.get("MBF_RANDOM_STEPS", DEFAULT_STEPS))


class Refused(Exception):
    """A step refused with a UserError (nothing may have been posted)."""


class MonthCase(NumbersCase):
    """The factory, and the invariants read from the database."""

    @classmethod
    def setUpClass(cls):
        super(MonthCase, cls).setUpClass()
        cls.uom_unit.rounding = 1.0
        cls.company.write({"backflush_default_policy": "finish",
                           "backflush_negative_policy": "allow"})
        cls.accounts = {}
        cls.rm_fifo = cls._month_categ("RM FIFO", "fifo")
        cls.rm_average = cls._month_categ("RM Average", "average")
        cls.fg_standard = cls._month_categ("FG Standard", "standard")
        cls.fg_fifo = cls._month_categ("FG FIFO", "fifo")
        cls.payable = cls._account("RM.AP", "Month Vendors",
                                   "account.data_account_type_current_liabilities")
        cls.cogs = cls._account("RM.COGS", "Month COGS",
                                "account.data_account_type_direct_costs")
        saw = cls._workcenter("Month Saw")
        bench = cls._workcenter("Month Bench")
        cls.saw, cls.bench_wc = saw, bench
        routing = cls.env["mrp.routing"].create({"name": "Month: cut and assemble",
                                                 "operation_ids": [
            (0, 0, {"name": "Cut", "sequence": 1, "workcenter_id": saw.id,
                    "time_mode": "manual", "time_cycle_manual": 12.0}),
            (0, 0, {"name": "Assemble", "sequence": 2, "workcenter_id": bench.id,
                    "time_mode": "manual", "time_cycle_manual": 30.0})]})
        cut, _assemble = routing.operation_ids.sorted("sequence")
        cls.minutes = {saw: 12.0, bench: 30.0}
        cls.leg = cls._product("Month Leg", 3.0, categ=cls.rm_fifo)
        cls.screw = cls._product("Month Screw", 0.05, categ=cls.rm_fifo)
        cls.bracket = cls._product("Month Bracket", 2.5, categ=cls.rm_average)
        cls.top = cls._product("Month Top", 20.0, categ=cls.rm_average)
        cls.glue = cls._product("Month Glue", 9.0, uom=cls.uom_kg, categ=cls.rm_average)
        cls.panel = cls._product("Month Panel", 12.0, categ=cls.rm_fifo)
        cls.wax = cls._product("Month Wax", 1.5, categ=cls.rm_average)
        cls.kit = cls._product("Month Leg Kit", 0.0, categ=cls.rm_average)
        cls._bom(cls.kit, [(cls.leg, 1), (cls.screw, 4, {
            "scrap_percent": 25.0 if avoided("partial_true_up") else 5.0}),
            (cls.bracket, 1)], bom_type="phantom")
        # 7 g x 1.05 = 7.35 g = 0.00735 kg: up to 0.008 in kg (0.007 half up)
        glue_line = ({"product_uom_id": cls.uom_gram.id} if avoided("uom_own_unit") else
                     {"product_uom_id": cls.uom_gram.id, "scrap_percent": 5.0})
        cls.table = cls._product("Month Table", 160.0, categ=cls.fg_standard)
        cls.table_bom = cls._bom(cls.table, [
            (cls.kit, 2), (cls.top, 1, {"operation_id": cut.id, "backflush_policy": "operation"}),
            (cls.glue, 10 if "scrap_percent" not in glue_line else 7, glue_line)],
            routing=routing)
        cls.bench = cls._product("Month Bench", 0.0, categ=cls.fg_fifo)
        cls.bench_bom = cls._bom(cls.bench, [
            (cls.panel, 1), (cls.wax, 2, {"backflush_policy": "manual"})],
            qty=1.0 if avoided("partial_true_up") else 2.0)
        if not avoided("partial_true_up"):
            # 1 panel per 2 benches, 2 wax per bench (the line for 2 benches: 4)
            cls.bench_bom.bom_line_ids.filtered(
                lambda line: line.product_id == cls.wax).product_qty = 4
        cls.components = cls.leg | cls.screw | cls.bracket | cls.top | cls.glue | \
            cls.panel | cls.wax
        cls.machine_pool = cls._pool("Month Machine Overhead", "machine_hours", 10.0,
                                     control=cls.overhead_control)
        cls.labour_pool = cls._pool("Month Assembly Labour", "units", 2.0, kind="labour",
                                    applied=cls.labour_applied)

    @classmethod
    def _month_categ(cls, name, cost_method):
        """A real-time category with a valuation account of its own."""
        code = "RM.%s" % name.replace(" ", "")[:6].upper()
        account = cls._account(code, "Month %s Stock" % name)
        categ = cls.env["product.category"].create({
            "name": "Month %s" % name, "property_valuation": "real_time",
            "property_cost_method": cost_method,
            "property_stock_journal": cls.journal.id,
            "property_stock_valuation_account_id": account.id,
            "property_stock_account_input_categ_id": cls.account_input.id,
            "property_stock_account_output_categ_id": cls.account_output.id})
        cls.accounts[categ] = account
        return categ

    # ----------------------------------------------------------- independent figures
    def _policy(self, line, parent_policy):
        return (line.backflush_policy or parent_policy
                or line.product_id.product_tmpl_id.backflush_policy
                or self.company.backflush_default_policy)

    def _explode(self, bom, qty, parent_policy=False, result=None, scrap=True):
        """{(component, policy): unrounded quantity in its own unit} for ``qty`` of the
        BOM's product in the BOM's unit: line qty x qty / BOM qty x (1 + scrap %),
        phantom kits exploded, converted from the line's unit."""
        result = {} if result is None else result
        for line in bom.bom_line_ids:
            line_qty = line.product_qty * qty / bom.product_qty
            policy = self._policy(line, parent_policy)
            kit = self.env["mrp.bom"]._bom_find(product=line.product_id)
            if kit and kit.type == "phantom":
                self._explode(kit, line.product_uom_id._compute_quantity(
                    line_qty, kit.product_uom_id, round=False), policy, result, scrap)
                continue
            need = line.product_uom_id._compute_quantity(
                line_qty * (1 + (line.scrap_percent if scrap else 0.0) / 100.0),
                line.product_id.uom_id,
                round=False)
            key = (line.product_id, policy)
            result[key] = result.get(key, 0.0) + need
        return result

    def _bom_returned(self, bom, qty):
        """{component: quantity an unbuild of ``qty`` returns}: the BOM quantity, no
        scrap, rounded half up in the component's unit as a stock move rounds it."""
        returned = {}
        for (product, _policy), need in self._explode(bom, qty, scrap=False).items():
            returned[product] = returned.get(product, 0.0) + need
        return {product: float_round(need, precision_rounding=product.uom_id.rounding)
                for product, need in returned.items()}

    def _consumed(self, production):
        """{component: consumed net of unbuilds, in its own unit} from the done moves."""
        consumed = {}
        for move in production.move_raw_ids.filtered(lambda m: m.state == "done"):
            consumed[move.product_id] = consumed.get(move.product_id, 0.0) + move.product_qty
        unbuilds = self.env["mrp.unbuild"].search([("mo_id", "=", production.id)])
        for move in unbuilds.mapped("produce_line_ids").filtered(
                lambda m: m.state == "done" and m.product_id != production.product_id):
            consumed[move.product_id] = consumed.get(move.product_id, 0.0) - move.product_qty
        return consumed

    def _posted(self, production):
        moves = production.move_finished_ids.filtered(
            lambda m: m.state == "done" and m.product_id == production.product_id)
        return sum(moves.mapped("product_qty"))

    def _waiting(self, production):
        waiting = {}
        for line in production.backflush_line_ids.filtered(lambda line: line.state == "queued"):
            waiting[line.product_id] = waiting.get(line.product_id, 0.0) + line.queued_qty
        return waiting

    def _wip_lines(self, production):
        wip = self.company.backflush_wip_account_id
        if WIP_ATTRIBUTION == "manufacture_order_id":
            return self.env["account.move.line"].search(
                [("manufacture_order_id", "=", production.id), ("account_id", "=", wip.id)])
        unbuilds = self.env["mrp.unbuild"].search([("mo_id", "=", production.id)])
        moves = (production.move_raw_ids | production.move_finished_ids
                 | unbuilds.mapped("consume_line_ids") | unbuilds.mapped("produce_line_ids"))
        return self.env["account.move.line"].search(
            [("account_id", "=", wip.id), "|", ("move_id.stock_move_id", "in", moves.ids),
             ("move_id.backflush_production_id", "=", production.id)])

    def _wip(self, production):
        lines = self._wip_lines(production)
        return round(sum(lines.mapped("debit")) - sum(lines.mapped("credit")), 2)

    def _counts(self):
        return (self.env["account.move"].search_count([]),
                self.env["stock.move"].search_count([("state", "=", "done")]))

    # ------------------------------------------------------------------- invariants
    def check_balanced(self):
        self.env.cr.execute("""
            SELECT m.name, m.id, SUM(l.debit), SUM(l.credit) FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
             GROUP BY m.id, m.name HAVING ROUND(SUM(l.debit) - SUM(l.credit), 2) != 0""")
        rows = self.env.cr.fetchall()
        assert not rows, "unbalanced entries (name, id, debit, credit): %s" % (rows,)

    def check_wip_of_closed_orders(self, month):
        for production in month.orders:
            if production.state in ("done", "cancel"):
                wip = self._wip(production)
                assert wip == 0.0, "WIP of %s (%s) is %.2f, not 0" % (
                    production.name, production.state, wip)

    def check_valuation(self):
        quants = self.env["stock.quant"].search(
            [("product_id", "in", (self.components | self.table | self.bench).ids),
             ("location_id.usage", "=", "internal"),
             ("company_id", "=", self.company.id)])
        on_hand = {}
        for quant in quants:
            on_hand[quant.product_id] = on_hand.get(quant.product_id, 0.0) + quant.quantity
        for categ, account in self.accounts.items():
            products = (self.components | self.table | self.bench).filtered(
                lambda p, c=categ: p.categ_id == c)
            value, tolerance, detail = 0.0, 0.0, []
            price_digits = self.env["decimal.precision"].precision_get("Product Price")
            for product in products:
                # native Odoo books each move's value rounded to the cent but keeps the
                # FIFO layers' values unrounded, and an average price to the Product
                # Price precision: it drifts by that much
                tolerance += 0.005 * self.env["stock.move"].search_count(
                    [("product_id", "=", product.id), ("state", "=", "done")])
                if categ.property_cost_method == "fifo":
                    moves = self.env["stock.move"].search(
                        [("product_id", "=", product.id), ("state", "=", "done"),
                         ("remaining_qty", "!=", 0.0)])
                    value += sum(moves.mapped("remaining_value"))
                else:
                    value += on_hand.get(product, 0.0) * product.standard_price
                    detail.append("%s %s x %s" % (product.name, on_hand.get(product, 0.0),
                                                  product.standard_price))
                    # each receipt re-averages the price, rounded to the Product Price
                    # precision: the stock on hand after it is revalued by up to half a
                    # digit a unit, and the account keeps that (bounded by what came in
                    # up to then, as what was on hand is not kept)
                    received = 0.0
                    for move in self.env["stock.move"].search(
                            [("product_id", "=", product.id), ("state", "=", "done"),
                             ("location_dest_id.usage", "=", "internal"),
                             ("location_id.usage", "!=", "internal")], order="date, id"):
                        received += move.product_qty
                        tolerance += received * 0.5 * 10 ** -price_digits
            lines = self.env["account.move.line"].search([("account_id", "=", account.id)])
            balance = sum(lines.mapped("debit")) - sum(lines.mapped("credit"))
            assert abs(balance - value) <= tolerance + 0.005, \
                "%s: balance %.2f, stock value %.4f (tolerance %.4f; %s)" % (
                    account.name, balance, value, tolerance, ", ".join(detail))

    def check_consumption(self, month):
        for production in month.orders:
            if production.state == "cancel":
                continue
            done = production.state == "done"
            bom = production.bom_id
            posted = self._posted(production)
            unbuilt = month.unbuilt.get(production, 0.0)
            exact = self._explode(bom, posted)
            returned = self._bom_returned(bom, unbuilt)
            waiting = self._waiting(production)
            consumed = self._consumed(production)
            typed = month.typed.get(production, {})
            for (product, policy), need in exact.items():
                if policy == "operation" and not done and production.workorder_ids:
                    continue
                if policy == "manual":
                    if not done:
                        continue
                    # what was typed; an unbuild gives back its share of that, not the
                    # BOM quantity (never consumed)
                    base = typed.get(product, 0.0)
                    back = float_round(base * unbuilt / posted if posted else 0.0,
                                       precision_rounding=product.uom_id.rounding)
                else:
                    base = float_round(need, precision_rounding=product.uom_id.rounding,
                                       rounding_method="UP")
                    back = returned.get(product, 0.0)
                expected = base - back - waiting.get(product, 0.0)
                got = consumed.get(product, 0.0)
                assert abs(got - expected) < product.uom_id.rounding / 2.0, \
                    "%s (%s, posted %s, unbuilt %s): %s consumed %s, expected %s (required " \
                    "%s, policy %s, returned %s, waiting %s)" % (
                        production.name, production.state, self._posted(production),
                        month.unbuilt.get(production, 0.0), product.name, got, expected,
                        need, policy, returned.get(product, 0.0), waiting.get(product, 0.0))

    def check_conversion(self, month, posted_in_step):
        lines = self.env["mrp.backflush.cost.line"].search(
            [("id", ">", month.last_cost_line), ("line_type", "=", "conversion")])
        if lines:
            month.last_cost_line = max(lines.ids)
        currency = self.company.currency_id
        for line in lines:
            # the log keeps the activity to 4 decimals (an hour logged in seconds); an
            # unbuild's reversed share of a pool is rounded once, as on its applied
            # account, and spread over the pool's lines: a line may take the cent
            cents = 1.0 if line.reversal else 0.5
            assert abs(line.amount - line.rate * line.activity) <= \
                currency.rounding * cents + abs(line.rate) * 0.00005 + 1e-9, \
                "%s: %s applied %.2f, rate %s x activity %s" % (
                    line.production_id.name, line.pool_id.name, line.amount, line.rate,
                    line.activity)
            if line.reversal:
                continue
            rate = month.rate(line.pool_id, line.workcenter_id)
            assert abs(line.rate - rate) < 1e-6, "%s: %s at rate %s, expected %s" % (
                line.production_id.name, line.pool_id.name, line.rate, rate)
            qty = posted_in_step.get(line.production_id, 0.0)
            if line.pool_id.basis == "units":
                assert abs(line.activity - qty) < 1e-6, \
                    "%s: %s activity %s units, posted %s" % (
                        line.production_id.name, line.pool_id.name, line.activity, qty)
            elif not line.production_id.workorder_ids.mapped("time_ids"):
                hours = self.minutes[line.workcenter_id] * qty / 60.0
                assert abs(line.activity - hours) < 1e-4, \
                    "%s: %s activity %s hours at %s, standard %s" % (
                        line.production_id.name, line.pool_id.name, line.activity,
                        line.workcenter_id.name, hours)
        for entry in lines.mapped("move_id"):
            for pool in lines.mapped("pool_id"):
                logged = sum(lines.filtered(
                    lambda line, e=entry, p=pool: line.move_id == e and line.pool_id == p
                ).mapped("amount"))
                items = entry.line_ids.filtered(
                    lambda line, p=pool: line.account_id == p.applied_account_id)
                booked = sum(items.mapped("credit")) - sum(items.mapped("debit"))
                assert currency.is_zero(booked - logged), \
                    "%s: %.2f credited to %s, conversion lines %.2f" % (
                        entry.name, booked, pool.applied_account_id.code, logged)

    def check_all(self, month, posted_in_step):
        self.env.cache.invalidate()
        self.check_balanced()
        self.check_wip_of_closed_orders(month)
        self.check_valuation()
        self.check_consumption(month)
        self.check_conversion(month, posted_in_step)


class Month(object):
    """The random user and what the test knows of what they did."""

    def __init__(self, case, seed, steps):
        self.case, self.env = case, case.env
        self.rng = random.Random(seed)
        self.seed, self.steps = seed, steps
        self.log = []
        self.orders = []
        self.typed = {}             # {order: {manual component: qty recorded}}
        self.unbuilt = {}           # {order: qty unbuilt}
        self.jobs = []              # (order, uuid) of deferred reports not run yet
        self.rates = {}             # {(pool, workcenter or None): rate record}
        self.last_cost_line = max(self.env["mrp.backflush.cost.line"].search([]).ids or [0])
        self.events = 0
        for rate in (case.machine_pool | case.labour_pool).mapped("rate_ids"):
            self.rates[(rate.pool_id, rate.workcenter_id or None)] = rate

    def rate(self, pool, workcenter):
        record = self.rates.get((pool, workcenter or None)) or self.rates[(pool, None)]
        return record.rate

    # ---------------------------------------------------------------- the actions
    def buy(self, product=None, qty=None):
        rng = self.rng
        product = product or rng.choice(list(self.case.components))
        if qty is None:
            qty = (rng.choice([0.05, 0.1, 0.25]) if product == self.case.glue
                   else rng.choice([5, 10, 20, 40]))
        price = round(product.standard_price * rng.choice([0.8, 0.9, 1.0, 1.1, 1.25]) +
                      rng.choice([0.0, 0.01, 0.13]), 2) or 0.5
        self.do("buy %s %s at %.2f" % (qty, product.name, price),
                lambda: self.case._receive(product, qty, price))

    def new_order(self):
        rng = self.rng
        product = rng.choice([self.case.table, self.case.bench])
        qty = rng.randint(2, 8)
        planned = product == self.case.table and rng.random() < 0.5

        def run():
            production = self.case._production(product, qty)
            if planned:
                production.button_plan()
            self.orders.append(production)
        self.do("order %s %s%s" % (qty, product.name, " (planned)" if planned else ""), run)

    def _open_orders(self):
        return [o for o in self.orders if o.state in ("confirmed", "planned", "progress")]

    def _remaining(self, production):
        return production.product_qty - self.case._posted(production)

    def _part(self, production):
        """A part to post: often 1 (one unit after another is where rounding shows)."""
        remaining = int(self._remaining(production))
        if remaining < 1:
            return 0
        if production.product_id == self.case.table and avoided("partial_true_up") and \
                not avoided("uom_own_unit"):
            # the glue in parts would need the true-up: probe the unit alone
            return remaining
        return 1 if self.rng.random() < 0.4 else self.rng.randint(1, remaining)

    def _type_manual(self, production, parts, wizard=None):
        """The person records some more wax: in the Report Completion dialog ``wizard``
        (added to what is recorded, part of that step), or else on the order's form
        (added to what the field shows, saved: a step of its own)."""
        moves = production.move_raw_ids.filtered(
            lambda m: m.product_id == self.case.wax and m.state not in ("done", "cancel"))
        if not moves or self.rng.random() >= 0.6:
            return
        qty = self.rng.randint(0, 2 * parts + 1)
        if self._remaining(production) <= 0 and avoided("late_recorded_component"):
            qty = 0
        if wizard is not None:
            wizard.component_ids.filtered(
                lambda line: line.product_id == self.case.wax).quantity = qty
            self.typing = (production, qty)
            return

        def run():
            moves[:1].quantity_done += qty
        self.typing = (production, qty)
        self.do("%s: %s wax recorded on the form" % (production.name, qty), run)

    def _ensure_stock(self, production, qty, final):
        """Buy what a posting of ``qty`` lacks where going short would run into a known
        fault (negative FIFO stock vacuumed later; a queue retry after completion), and
        always what an average-cost component lacks under `allow` (native Odoo restarts
        the average at the next receipt when stock is negative: its value then drifts
        from its account, no fault of the addon's)."""
        policy = self.case.company.backflush_negative_policy
        probe = not avoided("wip_after_completion")
        if policy == "block" or (policy == "queue" and (probe or not final)):
            return
        posted = self.case._posted(production)
        exact = self.case._explode(production.bom_id, posted + qty)
        before = self.case._explode(production.bom_id, posted)
        for (product, policy_), need in exact.items():
            if probe and product.cost_method == "fifo" and policy == "allow":
                continue
            missing = need - before.get((product, policy_), 0.0) + 1 - \
                product.qty_available
            if policy_ == "manual":
                missing = 3 * qty - product.qty_available
            if missing > 0:
                self.buy(product, float_round(
                    missing + 1, precision_rounding=product.uom_id.rounding,
                    rounding_method="UP"))

    def _record_workorders(self, production, qty):
        """Each work order records ``qty`` on the tablet, its timer paused after."""
        for workorder in production.workorder_ids.sorted("id"):
            if workorder.state == "done":
                continue
            self.case._record(workorder, qty)
            if workorder.state == "progress":
                workorder.button_pending()

    def post(self):
        """A posting of part of an open order through one of the paths."""
        orders = self._open_orders()
        if not orders:
            return self.new_order()
        production = self.rng.choice(orders)
        qty = self._part(production)
        if not qty:
            return self.mark_done(production)
        final = qty == self._remaining(production)
        self._ensure_stock(production, qty, final)
        # a planned order has no Produce button (Odoo hides it for a routing): its work
        # orders record production
        path = self.rng.choice(["workorders", "wizard", "inline", "deferred"]
                               if production.workorder_ids else
                               ["produce", "wizard", "inline", "deferred"])
        if path != "wizard":
            self._type_manual(production, qty)
        case = self.case
        if path == "produce":
            def run():
                case._produce(production, qty)
                production.post_inventory()
        elif path == "workorders":
            # each work order records on the tablet (a transaction of its own, which
            # consumes its operation's components), then Post Inventory
            if not self.do("%s: work orders record %s" % (production.name, qty),
                           lambda: self._record_workorders(production, qty)):
                return
            run = production.post_inventory
        elif path == "wizard":
            def run():
                model = self.env["mrp.report.completion"].with_context(
                    active_model="mrp.production", active_ids=production.ids,
                    active_id=production.id)
                wizard = model.create(model.default_get(list(model._fields)))
                wizard.line_ids.quantity = qty
                self._type_manual(production, qty, wizard)
                wizard.action_report()
        elif path == "inline":
            def run():
                self.events += 1
                self.env["mrp.production"].report_completion(
                    production.name, qty, "M%d-%d" % (self.seed, self.events))
        else:
            def run():
                self.events += 1
                answer = self.env["mrp.production"].report_completion(
                    production.name, qty, "M%d-%d" % (self.seed, self.events), deferred=True)
                self.jobs.append((production, answer["job_uuid"]))
        self.do("%s: %s %s of %s" % (production.name, path, qty, production.product_qty),
                run)
        if path == "deferred" and self.rng.random() < 0.5:
            self.run_jobs()

    def mark_done(self, production=None):
        orders = [o for o in self._open_orders()]
        if not orders:
            return self.new_order()
        production = production or self.rng.choice(orders)
        remaining = self._remaining(production)
        self._ensure_stock(production, max(remaining, 0), True)
        if remaining > 0 or not avoided("late_recorded_component"):
            self._type_manual(production, max(remaining, 1))

        if remaining > 0 and production.workorder_ids:
            # a planned order has no Produce button: its work orders record the rest
            if not self.do("%s: work orders record %s" % (production.name, remaining),
                           lambda: self._record_workorders(production, remaining)):
                return

        def run():
            if remaining > 0 and not production.workorder_ids:
                self.case._produce(production, remaining)
            production.button_mark_done()
        self.do("%s: mark as done (%s left)" % (production.name, remaining), run)

    def run_jobs(self):
        if not self.jobs:
            return self.post()
        jobs, self.jobs = self.jobs, []
        for production, uuid in jobs:
            def run(uuid=uuid, production=production):
                # a failing job notes its failure on the event in a transaction of its
                # own, which cannot see this test's uncommitted event: noted in this one
                # (rolled back with the step, as the runner rolls the job back)
                with patch.object(type(self.env["mrp.backflush.event"]), "_record_failure",
                                  lambda event, message: event._note_failure(message)):
                    try:
                        Job.load(self.env, uuid).perform()
                    except RetryableJobError:
                        # it waits for an earlier event of its order (whose refusal
                        # this step's rollback undid): the runner tries it again later
                        self.jobs.append((production, uuid))
            self.do("%s: run the deferred report's job" % production.name, run)

    def unbuild(self):
        products = [self.case.bench] if avoided("unbuild_bom_qty") else [
            self.case.bench, self.case.table]
        candidates = [o for o in self.orders if o.state == "done" and o.product_id in products
                      and self.case._posted(o) - self.unbuilt.get(o, 0.0) >= 1]
        if not candidates:
            return self.buy()
        if avoided("unbuild_bom_qty"):
            candidates = [o for o in candidates if not self.unbuilt.get(o)]
        if not candidates:
            return self.buy()
        production = self.rng.choice(candidates)
        left = int(self.case._posted(production) - self.unbuilt.get(production, 0.0))
        qty = left if avoided("unbuild_bom_qty") else self.rng.randint(1, left)

        def run():
            self.case._unbuild_order(production, qty)
            self.unbuilt[production] = self.unbuilt.get(production, 0.0) + qty
        self.do("%s: unbuild %s" % (production.name, qty), run)

    def cancel(self):
        orders = self._open_orders()
        if avoided("wip_after_completion"):
            orders = [o for o in orders if not self.case._waiting(o)]
        if not orders:
            return self.new_order()
        production = self.rng.choice(orders)
        self.do("%s: cancel (%s)" % (production.name, self.case.company.backflush_cancel_policy),
                production.action_cancel)

    def settings(self):
        field, value = self.rng.choice([
            ("backflush_negative_policy", "allow"), ("backflush_negative_policy", "block"),
            ("backflush_negative_policy", "queue"), ("backflush_negative_policy", "queue"),
            ("backflush_cancel_policy", "refuse"), ("backflush_cancel_policy", "write_off")])

        def run():
            # the settings form, saved
            self.env["res.config.settings"].create({field: value}).set_values()
        self.do("settings: %s = %s" % (field, value), run)

    def retry(self):
        waiting = [o for o in self.orders if self.case._waiting(o)]
        if not waiting:
            return self.buy()
        production = self.rng.choice(waiting)
        for product in self.case._waiting(production):
            if self.rng.random() < 0.7:
                self.buy(product)
        if self.rng.random() < 0.5:
            self.do("%s: retry (button)" % production.name, production.action_backflush_retry)
        else:
            self.do("retry (cron job)", self.case._cron_retry)

    def rate_change(self):
        rng = self.rng
        case = self.case
        if rng.random() < 0.3 and (case.machine_pool, case.saw) not in self.rates:
            value = rng.choice([12.0, 15.5])

            def run():
                rate = self.env["mrp.overhead.rate"].create(
                    {"pool_id": case.machine_pool.id, "workcenter_id": case.saw.id,
                     "rate": value})
                self.rates[(case.machine_pool, case.saw)] = rate
            return self.do("rate: %s at %s = %s" % (case.machine_pool.name, case.saw.name,
                                                    value), run)
        key = rng.choice(list(self.rates))
        value = rng.choice([1.5, 2.0, 8.0, 10.0, 11.25, 14.0])
        self.do("rate: %s%s = %s" % (key[0].name, " at %s" % key[1].name if key[1] else "",
                                      value), lambda: self.rates[key].write({"rate": value}))

    def actual_overhead(self):
        amount = self.rng.choice([50.0, 120.0, 333.33])

        def run():
            self.env["account.move"].create({
                "journal_id": self.case.journal.id, "ref": "Month overhead bill",
                "line_ids": [(0, 0, {"account_id": self.case.overhead_control.id,
                                     "name": "Power", "debit": amount}),
                             (0, 0, {"account_id": self.case.payable.id, "name": "Power",
                                     "credit": amount})]}).post()
        self.do("overhead bill %.2f" % amount, run)

    def period_close(self):
        def run():
            wizard = self.env["mrp.overhead.close"].create({
                "pool_ids": [(6, 0, self.case.machine_pool.ids)], "disposition": "cogs",
                "cogs_account_id": self.case.cogs.id})
            wizard.action_post()
        self.do("period close (cogs)", run)

    ACTIONS = [("buy", 4), ("new_order", 3), ("post", 8), ("mark_done", 2), ("run_jobs", 1),
               ("unbuild", 1), ("cancel", 1), ("settings", 2), ("retry", 1),
               ("rate_change", 1), ("actual_overhead", 1), ("period_close", 1)]

    # -------------------------------------------------------------------- engine
    def do(self, label, action):
        """Run one step in a savepoint: a refusal (UserError) must leave nothing posted
        (counted before the rollback), then every invariant must hold. True if the step
        was done, False if refused."""
        case, cr = self.case, self.env.cr
        self.log.append(label)
        before = case._counts()
        posted_before = {o: case._posted(o) for o in self.orders}
        cr.execute("SAVEPOINT month_step")
        try:
            action()
        except UserError as error:
            self.env.cache.invalidate()
            after = case._counts()
            cr.execute("ROLLBACK TO SAVEPOINT month_step")
            self.env.clear()
            self.typing = None
            self.log[-1] += "  -> refused: %s" % (error.name or "").splitlines()[0][:100]
            self.fail_if(after != before, "a refusal left (entries, done moves) %s, before "
                         "%s" % (after, before))
            return False
        except Exception:
            self.fail_if(True, "raised:\n%s" % traceback.format_exc())
        cr.execute("RELEASE SAVEPOINT month_step")
        if self.typing:
            # what the step recorded of a manual component, now that it stands
            production, qty = self.typing
            typed = self.typed.setdefault(production, {})
            typed[case.wax] = typed.get(case.wax, 0.0) + qty
            self.typing = None
        self.env.cache.invalidate()
        posted = {o: case._posted(o) - posted_before.get(o, 0.0) for o in self.orders}
        try:
            case.check_all(self, posted)
        except AssertionError as error:
            self.fail_if(True, str(error))
        return True

    def fail_if(self, condition, message):
        if condition:
            raise AssertionError(
                "seed %d, step %d (%s): %s\nreplay: MBF_RANDOM_SEEDS=%d\nsteps:\n%s" % (
                    self.seed, len(self.log), self.log[-1], message, self.seed,
                    "\n".join("%3d. %s" % (i + 1, step) for i, step in enumerate(self.log))))

    def _pick(self, names, weights):
        """A name drawn with these weights (random.choices is Python 3.6; the addon's
        code, its tests included, stays 3.5)."""
        pick = self.rng.uniform(0, sum(weights))
        for name, weight in zip(names, weights):
            pick -= weight
            if pick <= 0:
                return name
        return names[-1]

    def play(self):
        self.typing = None
        for product in self.case.components:
            self.buy(product, 0.5 if product == self.case.glue else 60)
        names = [name for name, _weight in self.ACTIONS]
        weights = [weight for _name, weight in self.ACTIONS]
        while len(self.log) < self.steps:
            getattr(self, self._pick(names, weights))()
        # the month ends: every open order completed, the jobs run
        if self.jobs:
            self.run_jobs()
        for production in self._open_orders():
            self.mark_done(production)
        return self.log


class TestRandomMonth(MonthCase):
    """One test per seed (``-k seed_7`` replays seed 7)."""


def _seed_test(seed):
    def test(self):
        Month(self, seed, STEPS).play()
    test.__name__ = "test_seed_%d" % seed
    test.__doc__ = "A random month, seed %d, %d steps." % (seed, STEPS)
    return test


for _seed in SEEDS:
    setattr(TestRandomMonth, "test_seed_%d" % _seed, _seed_test(_seed))


class TestRandomMonthFindings(NumbersCase):
    """The failures the random month found, shrunk to their smallest steps (Units
    rounded to 1, as in the month)."""

    @classmethod
    def setUpClass(cls):
        super(TestRandomMonthFindings, cls).setUpClass()
        cls.uom_unit.rounding = 1.0
        cls.panel = cls._product("RMF Panel", 0.0, categ=cls.categ_fifo)
        cls.bench = cls._product("RMF Bench", 0.0, categ=cls.categ_fifo)
        cls.bench_bom = cls._bom(cls.bench, [(cls.panel, 1)])

    def _counts(self):
        return (self.env["account.move"].search_count([]),
                self.env["stock.move"].search_count([("state", "=", "done")]))

    @unittest.skipIf(avoided("unbuild_bom_qty"), KNOWN_FAULTS.get("unbuild_bom_qty"))
    def test_partial_unbuild_of_an_order_posted_in_two_parts(self):
        """Seed 2, step 24 (unbuild_bom_qty). 10 panels bought at 10.00. Order of 7
        benches: Produce 5 + Post Inventory (5 panels), Produce 2 + Mark as Done (2
        panels). Unbuild 6 benches: 6 x 1 = 6 panels come back (not 6/7 x 5 = 4.29 and
        6/7 x 2 = 1.71, which Odoo refuses as not whole Units after it took the 6
        benches back), 7 - 6 = 1 consumed net; panels on hand 10 - 7 + 6 = 9."""
        self._receive(self.panel, 10, 10.0)
        production = self._production(self.bench, 7)
        self._complete(production, 5, mark_done=False)
        self._complete(production, 2)
        before = self._counts()
        try:
            unbuild = self._unbuild_order(production, 6)
        except UserError as error:
            self.assertEqual(self._counts(), before, "the refusal (%s) left entries or done "
                             "moves behind" % error.name)
            raise
        self.assertEqual(sum(unbuild.produce_line_ids.mapped("product_qty")), 6.0)
        self.assertEqual(self.panel.qty_available, 9.0)
        self.assertEqual(self._order_wip(production), 0.0)

    @unittest.skipIf(avoided("partial_true_up"), KNOWN_FAULTS.get("partial_true_up"))
    def test_benches_posted_one_by_one_true_up_the_panels(self):
        """The probe of partial_true_up. 1 panel per 2 benches (BOM of 2 benches, 1
        panel), 10 panels bought at 10.00; an order of 4 benches posted 1 at a time
        (Produce 1 + Post Inventory, 3 times, then Produce 1 + Mark as Done). Required
        after each posting: 1 x 1/2 = 0.5 -> 1, 1.0 -> 1, 1.5 -> 2, 2.0 -> 2, so the
        postings consume 1, 0, 1, 0: 2 panels, as 4 benches at once (not 4 x 1 = 4);
        8 left, 20.00 in the benches."""
        pair_bench = self._product("RMF Pair Bench", 0.0, categ=self.categ_fifo)
        self._bom(pair_bench, [(self.panel, 1)], qty=2.0)
        self._receive(self.panel, 10, 10.0)
        production = self._production(pair_bench, 4)
        consumed = []
        for posting in range(4):
            self._complete(production, 1, mark_done=posting == 3)
            consumed.append(sum(production.move_raw_ids.filtered(
                lambda move: move.state == "done").mapped("product_qty")))
        self.assertEqual(consumed, [1.0, 1.0, 2.0, 2.0])
        self.assertEqual(self.panel.qty_available, 8.0)
        self.assertEqual(sum(production.move_finished_ids.filtered(
            lambda move: move.state == "done").mapped("value")), 20.0)
        self.assertEqual(self._order_wip(production), 0.0)

    @unittest.skipIf(avoided("late_recorded_component"),
                     KNOWN_FAULTS.get("late_recorded_component"))
    def test_component_recorded_after_the_last_unit_then_mark_as_done(self):
        """Seed 14, step 71 (late_recorded_component). A waxed bench: 1 panel + 2 wax
        (manual: what is recorded). 10 panels bought at 10.00, 10 wax at 2.00; an order
        of 2: Produce 2 + Post Inventory (2 panels, 20.00, to the benches; no wax
        recorded: WIP 0). 1 wax recorded on the order, Mark as Done: it is consumed (Dr
        WIP 2.00 / Cr Stock 2.00) with no unit left to carry it, so the order must clear
        those 2.00 (a variance): the done order's WIP 0, not 2.00."""
        wax = self._product("RMF Wax", 0.0, categ=self.categ_fifo)
        waxed = self._product("RMF Waxed Bench", 0.0, categ=self.categ_fifo)
        self._bom(waxed, [(self.panel, 1), (wax, 2, {"backflush_policy": "manual"})])
        self._receive(self.panel, 10, 10.0)
        self._receive(wax, 10, 2.0)
        production = self._production(waxed, 2)
        self._complete(production, 2, mark_done=False)
        self.assertEqual(self._order_wip(production), 0.0)
        production.move_raw_ids.filtered(
            lambda move: move.product_id == wax and move.state != "done").quantity_done = 1
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(wax.qty_available, 9.0)
        self.assertEqual(self._order_wip(production), 0.0)
