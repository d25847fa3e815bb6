# -*- coding: utf-8 -*-
"""Step 1 of a posting, the conversion costs (DESIGN 4): ``_prepare_backflush_costing``,
for an order whose finished product is valued in real time, what it had in WIP, its
activity (hours per work center, engine.activity) and the rates of its pools
(engine.rates), once per posting; and the charges (rate x activity) they make.
"""
from collections import OrderedDict

from odoo import _, api, models
from odoo.exceptions import UserError

from ..engine import activity as activity_engine
from ..engine import conversion as conversion_engine
from ..engine import rates as rates_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

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

    @api.multi
    def _prepare_backflush_costing(self, posting):
        """The costing values of ``posting``, computed once: ``wip_before``, what the
        order had in WIP; its activity (``_prepare_backflush_activity``); ``rates`` and
        ``missing_rates`` (``_prepare_backflush_rates``)."""
        self.ensure_one()
        values = {"wip_before": 0.0, "hours": OrderedDict(), "standard_hours": OrderedDict(),
                  "time_logs": self.env["mrp.workcenter.productivity"],
                  "rates": OrderedDict(), "missing_rates": []}
        if posting.product_qty <= 0:
            return values
        values["wip_before"] = self._backflush_wip_balance()
        values.update(self._prepare_backflush_activity(posting.product_qty))
        hour_sets = [values["hours"]]
        if self.product_id.cost_method == "standard":
            hour_sets.append(values["standard_hours"])
        values["rates"], values["missing_rates"] = self._prepare_backflush_rates(
            posting.date, hour_sets)
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
        for (pool, workcenter), rate in posting.rates.items():
            if pool.basis in activity_engine.HOUR_BASES and not hours.get(workcenter):
                continue
            activity = activity_engine.basis_activity(
                pool.basis, posting.product_qty, material_cost,
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
