# -*- coding: utf-8 -*-
"""Steps 5 and 6 of a posting, in Odoo's ``_cal_price`` (between the components done and
the finished goods received): the conversion costs applied (each pool's rate x
activity, engine.conversion) and the price of the finished goods and by-products.
"""
from collections import OrderedDict

from odoo import api, models

from ..engine import conversion as conversion_engine
from ..engine import finished_cost as finished_cost_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _prepare_backflush_conversion(self, posting):
        """The engine Applied rows (amount not zero) of the posting: each pool's rate on
        its activity, the material cost being the value of the components consumed
        since the last posting that received finished goods."""
        self.ensure_one()
        material = self._backflush_material_value(self._backflush_uncleared_raw_moves())
        charges = self._backflush_charges(posting, posting.hours, material)
        return [row for row in conversion_engine.apply_pools(
            charges, self.company_id.currency_id.rounding) if row.amount]

    @api.multi
    def _prepare_backflush_prices(self, posting):
        """{finished stock.move: price_unit (currency per unit of its product's stock
        UoM)} of the goods the posting receives: by-products at their cost (their cost
        field; standard-cost ones at standard, as stock_account values them);
        FIFO/average finished goods at the order's WIP (what it had, the components of
        the posting and its ``conversion``) less the by-products' value, / quantity;
        standard-cost ones are left to stock_account (at standard). A price of 0 stays 0
        (stock.move._get_price_unit)."""
        self.ensure_one()
        byproducts = self._backflush_byproduct_moves()
        prices = OrderedDict((move, move.product_id.standard_price) for move in byproducts)
        if self.product_id.cost_method == "standard":
            return prices
        byproduct_value = finished_cost_engine.byproduct_value(
            (move.product_id.standard_price, move.product_uom._compute_quantity(
                move.quantity_done, move.product_id.uom_id, round=False))
            for move in byproducts.filtered(lambda move: move.product_id.valuation == "real_time"))
        price = finished_cost_engine.finished_unit_cost(
            posting.wip_before, self._backflush_collected_wip(posting),
            sum(row.amount for row in posting.conversion), byproduct_value,
            posting.product_qty)
        moves = self.move_finished_ids.filtered(
            lambda move: move.product_id == self.product_id
            and move.state not in ("done", "cancel") and move.quantity_done)
        prices.update((move, price) for move in moves)
        return prices

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
                   for _move, _journal, _date, lines in posting.valuation
                   for vals in lines if vals["account_id"] == wip)
