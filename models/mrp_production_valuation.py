# -*- coding: utf-8 -*-
"""The stock valuation of a production posting in one entry (a step of
``mrp_production.py``'s ``post_inventory``).

Native stock_account posts one journal entry per done stock move: a posting that
consumes 200 components posts 200 entries, and each costs about 100 SQL queries
(sequence, checks, posting). During a posting the valuation lines of the order's moves
are collected instead (``stock.move._create_account_move_line``), and posted as one
entry per journal and date (SAP posts one accounting document per confirmation): the
stock valuation lines as native makes them, one per product, and their counterparts
(WIP, or the stock interim accounts) summed into one line per account, for the
components and for the finished goods apart, so every account gets the same amounts.
The entry keeps ``stock_move_id`` (its first move), so that it stays attributed to the
order like the native ones.
"""
from collections import OrderedDict

from odoo import api, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _create_backflush_valuation_entries(self, posting):
        """Post the valuation lines collected from the posting's moves: one entry per
        journal and date."""
        self.ensure_one()
        groups = OrderedDict()
        for move, journal_id, date, lines in posting["valuation"]:
            groups.setdefault((journal_id, date), []).append((move, lines))
        entries = self.env["account.move"].sudo()
        for (journal_id, date), moves_lines in groups.items():
            entries |= entries.create(self._prepare_backflush_valuation_entry_vals(
                journal_id, date, moves_lines))
        entries.post()
        return entries

    @api.multi
    def _prepare_backflush_valuation_entry_vals(self, journal_id, date, moves_lines):
        """One entry of the native valuation lines [(stock move, line values)]: the lines
        on each product's stock valuation account as they are, the other lines summed
        per account (and partner), for the components and for the finished goods apart."""
        self.ensure_one()
        lines, counterparts = [], OrderedDict()
        for move, move_lines in moves_lines:
            valuation_account = move.product_id.categ_id.property_stock_valuation_account_id.id
            for line in move_lines:
                # a line's ref is its entry's (a related field, written through)
                line = dict(line)
                line.pop("ref", None)
                if line["account_id"] == valuation_account:
                    lines.append(line)
                    continue
                key = (line["account_id"], line.get("partner_id") or False,
                       bool(move.raw_material_production_id))
                counterparts[key] = counterparts.get(key, 0.0) + line["debit"] - line["credit"]
        currency = self.company_id.currency_id
        for (account_id, partner_id, _raw), balance in counterparts.items():
            balance = currency.round(balance)
            lines.append({"name": self.name, "account_id": account_id, "partner_id": partner_id,
                          "debit": max(balance, 0.0), "credit": max(-balance, 0.0)})
        return {
            "journal_id": journal_id,
            "date": date,
            "ref": self.name,
            "stock_move_id": moves_lines[0][0].id,
            "line_ids": [(0, 0, line) for line in lines],
        }
