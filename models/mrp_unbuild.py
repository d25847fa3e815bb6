# -*- coding: utf-8 -*-
from collections import OrderedDict

from odoo import _, api, models
from odoo.exceptions import UserError

from ..engine import entries as entries_engine
from ..engine.rounding import from_units, to_units


class MrpUnbuild(models.Model):
    _inherit = "mrp.unbuild"

    @api.multi
    def action_unbuild(self):
        self.ensure_one()
        if self.mo_id:
            # the order's company's accounts, costs and production location, whatever
            # company the user works in
            self = self.with_context(force_company=self.mo_id.company_id.id)
        production = self.mo_id
        costed = production and production._backflush_is_costed()
        if costed:
            problems = production._backflush_account_problems()
            if problems:
                raise UserError(_("Cannot unbuild %s:\n%s")
                                % (production.name, "\n".join("- %s" % p for p in problems)))
        result = super(MrpUnbuild, self).action_unbuild()
        if costed:
            production._backflush_reverse_unbuild(self)
        return result

    @api.multi
    def _generate_consume_moves(self):
        moves = super(MrpUnbuild, self)._generate_consume_moves()
        for unbuild, move in zip(self, moves):
            unbuild._backflush_own_company(move)
        return moves

    @api.multi
    def _generate_produce_moves(self):
        """The components of a costed order come back in the quantities its raw moves
        consumed times the unbuilt share of what it produced (Odoo takes the share of
        the planned quantity), each at the value it was consumed at."""
        costed = self.filtered(
            lambda unbuild: unbuild.mo_id and unbuild.mo_id._backflush_is_costed())
        moves = super(MrpUnbuild, self - costed)._generate_produce_moves()
        for unbuild in costed:
            production = unbuild.mo_id
            share = production._backflush_unbuild_share(unbuild)
            for raw_move in production.move_raw_ids.filtered(
                    lambda move: move.state == "done" and move.product_qty):
                moves |= unbuild._generate_move_from_raw_moves(raw_move, share)
        return moves

    @api.multi
    def _generate_move_from_raw_moves(self, raw_move, factor):
        move = super(MrpUnbuild, self)._generate_move_from_raw_moves(raw_move, factor)
        if self.mo_id._backflush_is_costed():
            # received at what the order consumed it at (0 included: see _get_price_unit)
            move.price_unit = -raw_move.value / raw_move.product_qty
        self._backflush_own_company(move)
        return move

    @api.multi
    def _backflush_own_company(self, move):
        """Odoo gives an unbuild's moves the user's current company: the order's."""
        self.ensure_one()
        if self.mo_id and move.company_id != self.mo_id.company_id:
            move.company_id = self.mo_id.company_id


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
        lines = [(key, from_units(to_units(-share * balance, rounding), rounding),
                  _("%s: unbuild %s") % (self.name, unbuild.name), None)
                 for key, balance in self._backflush_posted_balances(wip).items()]
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
        move = self._backflush_post_entry("unbuild", journal_lines, date)
        self._backflush_log_unbuild(share, difference, move, date)

    @api.multi
    def _backflush_unbuild_share(self, unbuild):
        """Unbuilt quantity / quantity this order produced (at most 1)."""
        self.ensure_one()
        produced = self._backflush_produced_qty()
        qty = unbuild.product_uom_id._compute_quantity(
            unbuild.product_qty, self.product_id.uom_id, round=False)
        return min(qty / produced, 1.0) if produced else 0.0

    @api.multi
    def _backflush_posted_balances(self, wip):
        """{(account, pool, analytic): balance} of this order's conversion and variance
        entries, WIP excepted (read elevated, as the WIP balance)."""
        self.ensure_one()
        entries = self.env["account.move"].sudo().search([
            ("backflush_production_id", "=", self.id),
            ("backflush_kind", "in", ("conversion", "variance"))])
        balances = OrderedDict()
        for line in entries.mapped("line_ids").filtered(lambda line: line.account_id != wip):
            key = (line.account_id.id, line.backflush_pool_id.id, line.analytic_account_id.id)
            balances[key] = balances.get(key, 0.0) + line.balance
        return balances

    @api.multi
    def _backflush_log_unbuild(self, share, difference, move, date):
        """The reversed share of the conversion and variance log lines, and the unbuild
        cost difference, so the report nets out what the entries net out."""
        self.ensure_one()
        currency = self.company_id.currency_id
        for line in self.backflush_cost_line_ids.filtered(lambda line: not line.reversal):
            self._backflush_log({
                "line_type": line.line_type, "pool_id": line.pool_id.id,
                "variance_kind": line.variance_kind, "workcenter_id": line.workcenter_id.id,
                "basis": line.basis, "activity": -share * line.activity, "rate": line.rate,
                "amount": currency.round(-share * line.amount), "move_id": move.id,
                "date": date, "reversal": True})
        if not currency.is_zero(difference):
            self._backflush_log({"line_type": "variance", "variance_kind": "unbuild_difference",
                                 "amount": difference, "move_id": move.id, "date": date,
                                 "reversal": True})
