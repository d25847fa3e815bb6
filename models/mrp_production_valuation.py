# -*- coding: utf-8 -*-
"""One valuation entry per production posting for its components.

Native stock_account posts one journal entry per done stock move: a posting that
consumes 200 components posts 200 entries, and each costs about 100 SQL queries
(sequence, checks, posting). During a posting (``post_inventory``) the entries of the
order's moves are collected instead, and posted as one entry per journal and date (SAP
posts one accounting document per confirmation): the stock valuation lines as native
makes them, one per product, and their counterparts (WIP, or the stock interim
accounts) summed into one line per account, for the components and for the finished
goods apart, so every account gets the same amounts. The entry keeps ``stock_move_id``
(its first move), so that it stays attributed to the order like the native ones.
Components and finished goods share the entry when the finished goods are at standard
cost; else the components' part is posted before the finished goods are priced
(``_cal_price``), which may read it.
"""
from collections import OrderedDict

from odoo import api, models

from .account_move import BATCH_KEY


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def post_inventory(self):
        moves = (self.mapped("move_raw_ids") | self.mapped("move_finished_ids")).filtered(
            lambda move: move.state not in ("done", "cancel"))
        batch = {"moves": set(moves.ids), "entries": []}
        result = super(MrpProduction, self.with_context(**{BATCH_KEY: batch})).post_inventory()
        self._backflush_post_valuation_batch(batch)
        return result

    @api.multi
    def _cal_price(self, consumed_moves):
        # a finished good not at standard cost is priced from its components
        if self.product_id.cost_method != "standard":
            self._backflush_post_valuation_batch(self.env.context.get(BATCH_KEY))
        return super(MrpProduction, self)._cal_price(consumed_moves)

    @api.multi
    def _backflush_post_valuation_batch(self, batch):
        """Post the collected entries of these orders' moves: one entry per order, journal
        and date."""
        if not batch or not batch["entries"]:
            return self.env["account.move"]
        order_of = {move.id: production for production in self
                    for move in production.move_raw_ids | production.move_finished_ids}
        groups = OrderedDict()
        rest = []
        for vals in batch["entries"]:
            production = order_of.get(vals["stock_move_id"])
            if production is None:
                rest.append(vals)
                continue
            key = (production, vals["journal_id"], vals["date"])
            groups.setdefault(key, []).append(vals)
        batch["entries"][:] = rest
        AccountMove = self.env["account.move"].sudo().with_context(**{BATCH_KEY: None})
        entries = AccountMove
        for (production, _journal, _date), vals_list in groups.items():
            entries |= AccountMove.create(
                production._backflush_prepare_valuation_entry_vals(vals_list))
        entries.post()
        return entries

    @api.multi
    def _backflush_prepare_valuation_entry_vals(self, vals_list):
        """One entry from the native entries' values ``vals_list`` (same journal and
        date): the lines on each component's stock valuation account as they are, the
        other lines summed per account."""
        self.ensure_one()
        moves = self.env["stock.move"].browse([vals["stock_move_id"] for vals in vals_list])
        valuation_account = {
            move.id: move.product_id.categ_id.property_stock_valuation_account_id.id
            for move in moves}
        lines, counterparts = [], OrderedDict()
        for vals in vals_list:
            for _command, _id, line in vals["line_ids"]:
                # a line's ref is its entry's (a related field, written through)
                line = dict(line)
                line.pop("ref", None)
                if line["account_id"] == valuation_account[vals["stock_move_id"]]:
                    lines.append(line)
                    continue
                move = moves.browse(vals["stock_move_id"])
                key = (line["account_id"], line.get("partner_id") or False,
                       bool(move.raw_material_production_id))
                counterparts[key] = counterparts.get(key, 0.0) + line["debit"] - line["credit"]
        currency = self.company_id.currency_id
        for (account_id, partner_id, _raw), balance in counterparts.items():
            balance = currency.round(balance)
            lines.append({"name": self.name, "account_id": account_id, "partner_id": partner_id,
                          "debit": max(balance, 0.0), "credit": max(-balance, 0.0)})
        first = vals_list[0]
        return {
            "journal_id": first["journal_id"],
            "date": first["date"],
            "ref": self.name,
            "stock_move_id": first["stock_move_id"],
            "line_ids": [(0, 0, line) for line in lines],
        }
