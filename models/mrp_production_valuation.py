# -*- coding: utf-8 -*-
"""The stock valuation of a production posting in one entry (a step of
``mrp_production.py``'s ``post_inventory``).

Native stock_account posts one journal entry per done stock move: a posting that
consumes 200 components posts 200 entries, and each costs about 100 SQL queries
(sequence, checks, posting). During a posting the valuation lines of the order's moves
are collected instead (``stock.move._create_account_move_line``), and posted as one
entry per journal and date (SAP posts one accounting document per confirmation), with
the posting's conversion and variances: the finished goods' stock valuation lines as
native makes them, the components' lines and all counterparts (WIP, or the stock
interim accounts) summed into one line per account, for the components and for the
finished goods apart, so every account gets the same amounts. A summed line keeps every
value its lines share (their manufacturing order, a partner, an analytic account, one
product's quantity), whichever module added it.
The entry keeps ``stock_move_id`` (its first move), so that it stays attributed to the
order like the native ones.
"""
from collections import OrderedDict

from odoo import _, api, models

from ..engine import entries as entries_engine

# what a journal item that replaces several adds up: {value: the values it is per}
SUMMED_VALUES = {"debit": (), "credit": (), "quantity": ("product_id", "product_uom_id"),
                 "amount_currency": ("currency_id",)}


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _prepare_backflush_valuation_entries_vals(self, posting):
        """Entries of the valuation lines collected from the posting's moves: one per
        journal (the Backflush journal for a costed order) and date."""
        self.ensure_one()
        groups = OrderedDict()
        for move, journal_id, date, lines in posting.valuation:
            if posting.costed:
                # one entry with the posting's conversion and variances, in the journal of
                # the backflush
                journal_id = self.company_id.backflush_journal_id.id
            groups.setdefault((journal_id, date), []).append((move, lines))
        return [self._prepare_backflush_valuation_entry_vals(journal_id, date, moves_lines)
                for (journal_id, date), moves_lines in groups.items()]

    @api.multi
    def _prepare_backflush_valuation_entry_vals(self, journal_id, date, moves_lines):
        """One entry of the native valuation lines [(stock move, line values)]: the
        finished goods' stock valuation lines as they are (one per product); the
        components' lines and every counterpart summed per account (and partner), for
        the components and for the finished goods apart, keeping the values they share
        (engine.entries.merge_line_values). Each journal item costs about
        14 queries in Odoo 11: one line per account instead of one per component; what
        each component consumed, and its value, is on its stock move."""
        self.ensure_one()
        lines, groups, products = [], OrderedDict(), {}
        for move, move_lines in moves_lines:
            valuation_account = move.product_id.categ_id.property_stock_valuation_account_id.id
            line_type = "component" if move.raw_material_production_id else "finished"
            for line in move_lines:
                if line_type == "finished" and line["account_id"] == valuation_account:
                    # a line's ref is its entry's (a related field, written through)
                    line = dict(line, backflush_line_type=line_type, name=self._backflush_label(
                        line_type, move.product_id))
                    line.pop("ref", None)
                    lines.append(line)
                    continue
                key = (line["account_id"], line.get("partner_id") or False, line_type)
                groups.setdefault(key, []).append(line)
                products[key] = products.get(key, move.product_id) | move.product_id
        currency = self.company_id.currency_id
        for key, group in groups.items():
            line = entries_engine.merge_line_values(group, SUMMED_VALUES)
            line.pop("ref", None)
            debit, credit = entries_engine.net_amounts(line.pop("debit"), line.pop("credit"),
                                                       currency.rounding)
            line.update({"name": self._backflush_label(key[2], products[key]),
                         "debit": debit, "credit": credit,
                         "backflush_line_type": key[2]})
            lines.append(line)
        vals = self._prepare_backflush_entry_vals("posting", journal_id, date, lines)
        vals["stock_move_id"] = moves_lines[0][0].id
        return vals

    @api.multi
    def _backflush_label(self, line_type, records):
        """The label of a line of this order's posting entry: the order, what the line
        books and for what ("WH/MO/00007 – Components: Leg, Screw"; ``records``: the
        products or cost pools it books, named without their reference)."""
        self.ensure_one()
        labels = {"component": _("Components"), "finished": _("Finished goods"),
                  "conversion": _("Conversion applied"), "overhead": _("Overhead applied"),
                  "labour": _("Labour applied")}
        names, more = entries_engine.label_names(
            records.with_context(display_default_code=False).mapped("display_name"))
        if more:
            names.append(_("%s more") % more)
        return _("%s – %s: %s") % (self.name, labels[line_type], ", ".join(names))
