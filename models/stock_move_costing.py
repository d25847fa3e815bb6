# -*- coding: utf-8 -*-
from odoo import api, fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    backflush_cleared = fields.Boolean(
        string="Cleared from WIP", readonly=True, copy=False,
        help="A component move whose value a production posting has already moved from "
             "work in process to the finished goods (or to variances).")

    @api.multi
    def _get_price_unit(self):
        """The finished goods of a costed order and the components its unbuild returns
        are priced by the backflush, 0 included: Odoo reads a price of 0 as "not set"
        and would take the product's cost field instead."""
        self.ensure_one()
        production = self.production_id or self.unbuild_id.mo_id
        if production and production._backflush_is_costed():
            return self.price_unit
        return super(StockMove, self)._get_price_unit()

    @api.model
    def _get_in_base_domain(self, company_id=False):
        """FIFO layers of the company the posting runs for (force_company: the order's,
        see mrp.production._backflush_by_company), not of the user's current company."""
        return self._backflush_own_production(super(StockMove, self)._get_in_base_domain(
            company_id=company_id or self.env.context.get("force_company")))

    @api.model
    def _get_all_base_domain(self, company_id=False):
        return self._backflush_own_production(super(StockMove, self)._get_all_base_domain(
            company_id=company_id or self.env.context.get("force_company")))

    @api.model
    def _backflush_own_production(self, domain):
        """Odoo 11 takes moves from (to) a location without company for what enters
        (leaves) a company; a company's own production location (a second company's,
        see res.company._backflush_production_location) is one such place too: its
        finished goods are FIFO layers like the shared location's."""
        result = []
        for leaf in domain:
            if (isinstance(leaf, tuple) and leaf[1:] == ("=", False)
                    and leaf[0] in ("location_id.company_id", "location_dest_id.company_id")):
                field = leaf[0].split(".")[0]
                result += ["|", leaf, (field + ".usage", "=", "production")]
            else:
                result.append(leaf)
        return result
