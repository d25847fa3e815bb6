# -*- coding: utf-8 -*-
"""Step 7 of a posting, clear WIP (DESIGN 5.4): what a posting that received finished
goods leaves in the order's WIP: the variances of a standard-cost product
(engine.variances), else one rounding rest. Components consumed in a posting that
receives no finished goods wait in WIP for the next posting that does.
"""
from collections import OrderedDict

from odoo import api, models

from ..engine import clearing as clearing_engine
from ..engine import conversion as conversion_engine
from ..engine import variances as variances_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _prepare_backflush_clearing(self, posting):
        """After a posting that received finished goods, what clears the order's WIP:
        {``raw``: the components it clears, ``rest``: the WIP left, ``amounts``: {(kind,
        pool id or False): amount}, the variances of a standard-cost product, else one
        rounding rest}; None after a posting that received none (or not costed)."""
        self.ensure_one()
        received = self.move_finished_ids.filtered(
            lambda move: move.state == "done" and move.id not in posting.finished_before)
        if not posting.costed or not received.filtered(
                lambda move: move.product_id == self.product_id):
            return None
        applied = self._backflush_pool_amounts(posting.conversion)
        rest = self.company_id.currency_id.round(
            posting.wip_before + self._backflush_collected_wip(posting)
            + sum(applied.values()))
        # more than a cent per line received is no rounding rest: it is named
        kind = clearing_engine.rest_kind(rest, self.company_id.currency_id.rounding,
                                         len(received))
        standard_qty = self._backflush_standard_quantities(
            posting.qty, posting.requirements, posting.posted_before)
        standard_conversion = {}
        if self.product_id.cost_method == "standard":
            standard_material = sum(qty * product.standard_price
                                    for product, qty in standard_qty.items())
            standard_conversion = self._backflush_pool_amounts(conversion_engine.apply_pools(
                self._backflush_charges(posting, posting.standard_hours, standard_material),
                self.company_id.currency_id.rounding))
        # by-products count with the goods received (the standard revision)
        return self._prepare_backflush_wip_rest(
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
