# -*- coding: utf-8 -*-
"""The costing of an unbuild: the unbuilt share of the order's conversion and variance
entries reversed, the WIP of the unbuild's stock moves cleared (DESIGN 5)."""
from collections import OrderedDict

from odoo import _, api, models

from ..engine import consumption as consumption_engine
from ..engine import entries as entries_engine
from ..engine import unbuild as unbuild_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _backflush_reverse_unbuild(self, unbuild):
        """Reverse the unbuilt share of this order's conversion and variance entries, and
        clear the WIP the unbuild's stock moves left (the components come back at the
        value the order consumed them at; the finished goods leave stock at their cost
        today, which may differ from what this order received them at): that difference
        is an unbuild variance. One entry in the backflush journal, linked to the order."""
        self.ensure_one()
        rounding = self.company_id.currency_id.rounding
        share = self._backflush_unbuild_share(unbuild)
        wip = self.company_id.backflush_wip_account_id
        # a reversed variance stays apart from a reversed conversion on the same account:
        # the period close counts the conversion only as applied
        lines = [(key[:3], amount, _("%s: unbuild %s") % (self.name, unbuild.name),
                  "unbuild_variance" if key[3] == "variance" else "unbuild")
                 for key, amount in unbuild_engine.reversed_amounts(
                     self._backflush_posted_balances(wip), share, rounding).items()]
        kept = self._backflush_unbuild_kept_value(unbuild)
        if kept:
            lines.append(((self._backflush_unbuild_scrap_account().id, False,
                           self.analytic_account_id.id), kept,
                          _("%s: scrap kept at unbuild %s") % (self.name, unbuild.name),
                          "unbuild_scrap"))
        stock_moves = unbuild.consume_line_ids | unbuild.produce_line_ids
        lines.append(((wip.id, False, False),
                      -self._backflush_wip_of([("move_id.stock_move_id", "in", stock_moves.ids)]),
                      unbuild.name, None))
        difference = -sum(line[1] for line in lines)
        variance_account = self._backflush_variance_accounts()["rounding"]
        lines.append(((variance_account.id, False, self.analytic_account_id.id), difference,
                      _("%s: unbuild cost difference") % unbuild.name, None))
        journal_lines = entries_engine.balance_lines(lines, rounding)
        if not journal_lines:
            return
        date = self._backflush_posting_date()
        move = self._backflush_post_entry("unbuild", journal_lines, date, "unbuild")
        self._backflush_log_unbuild(share, difference, move, date, kept)

    @api.multi
    def _backflush_unbuild_kept_value(self, unbuild):
        """Value of what the unbuilt units consumed and do not give back (the planned
        scrap lost in production, beyond the BOM quantity): the kept quantity of each raw
        move (engine.unbuild_returns) at the value it was consumed at, rounded to the
        currency."""
        self.ensure_one()
        value = 0.0
        for returned in unbuild._backflush_returns()[0]:
            raw_move = self.env["stock.move"].browse(returned.move_key)
            value += returned.kept_qty * -raw_move.value / raw_move.product_qty
        return self.company_id.currency_id.round(value)

    @api.multi
    def _backflush_unbuild_scrap_account(self):
        """The Material Usage Variance Account, else the Manufacturing Variance Account:
        scrap that stays consumed is a usage of material beyond what the product holds."""
        self.ensure_one()
        company = self.company_id
        return company.backflush_material_usage_account_id or company.backflush_variance_account_id

    @api.multi
    def _backflush_contained(self, qty):
        """{component id: quantity in its stock UoM} that ``qty`` (the product's stock
        UoM) of the order's product contain by the order's BOM, planned scrap excluded,
        unrounded (engine.consumption.contained)."""
        self.ensure_one()
        if qty <= 0:
            return {}
        bom, kits = self._backflush_components()
        return consumption_engine.contained(bom, self.product_id.uom_id._compute_quantity(
            qty, self.bom_id.product_uom_id, round=False), kits.get)

    @api.multi
    def _backflush_unbuild_share(self, unbuild):
        """Unbuilt quantity / quantity this order received (engine.unbuild)."""
        self.ensure_one()
        received = self._backflush_received_qty()
        qty = unbuild.product_uom_id._compute_quantity(
            unbuild.product_qty, self.product_id.uom_id, round=False)
        return unbuild_engine.reversal_share(qty, received)

    @api.multi
    def _backflush_posted_balances(self, wip):
        """{(account, pool, analytic, line type): balance} of this order's conversion and
        variance lines, WIP excepted: ``wip`` and the WIP account each entry was posted on (the
        setting may have changed since). Read elevated, as the WIP balance."""
        self.ensure_one()
        lines = self.env["account.move.line"].sudo().search([
            ("manufacture_order_id", "=", self.id),
            ("backflush_line_type", "in", ("conversion", "variance")),
            ("account_id", "!=", wip.id)], order="id").filtered(
            lambda line: line.account_id != line.move_id.backflush_wip_account_id)
        balances = OrderedDict()
        for line in lines:
            key = (line.account_id.id, line.backflush_pool_id.id, line.analytic_account_id.id,
                   line.backflush_line_type)
            balances[key] = balances.get(key, 0.0) + line.balance
        return balances

    @api.multi
    def _backflush_log_unbuild(self, share, difference, move, date, kept):
        """The reversed share of the conversion and variance log lines, the scrap kept
        and the unbuild cost difference, so the report nets out what the entries net
        out."""
        self.ensure_one()
        currency = self.company_id.currency_id
        groups = OrderedDict()
        for line in self.backflush_cost_line_ids.filtered(lambda line: not line.reversal):
            groups.setdefault((line.line_type, line.pool_id, line.variance_kind), []).append(line)
        for lines in groups.values():
            # rounded once per pool and kind, as its entry line is, then spread over the
            # lines: each rounded alone, 0.03 / 7 twice is 0.00 where the ledger has 0.01
            amounts = unbuild_engine.reversed_log_amounts(
                [line.amount for line in lines], share, currency.rounding)
            for line, amount in zip(lines, amounts):
                self._backflush_log({
                    "line_type": line.line_type, "pool_id": line.pool_id.id,
                    "variance_kind": line.variance_kind,
                    "workcenter_id": line.workcenter_id.id, "basis": line.basis,
                    "activity": -share * line.activity, "rate": line.rate,
                    "amount": amount, "move_id": move.id, "date": date, "reversal": True})
        if not currency.is_zero(kept):
            self._backflush_log({"line_type": "variance", "variance_kind": "unbuild_scrap",
                                 "amount": kept, "move_id": move.id, "date": date,
                                 "reversal": True})
        if not currency.is_zero(difference):
            self._backflush_log({"line_type": "variance", "variance_kind": "unbuild_difference",
                                 "amount": difference, "move_id": move.id, "date": date,
                                 "reversal": True})
