# -*- coding: utf-8 -*-
"""Step 8 of a posting, entries: one journal entry per posting (the stock valuation
collected from its moves, see ``mrp_production_valuation.py``, with its conversion and
clearing lines folded in, each line typed by ``backflush_line_type``), the one way the
backflush creates and posts an entry, and the order's WIP read from its journal items.
"""
from collections import OrderedDict

from odoo import _, api, models

from ..engine import entries as entries_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _create_backflush_entries(self, posting):
        """The journal entries of the posting: the stock valuation collected from its
        moves (one entry per journal and date), its conversion costs and the clearing of
        its WIP folded into the first of them (each entry costs about 100 queries in Odoo
        11; every line says what it is: ``backflush_line_type``, labels, pools); then
        their log."""
        self.ensure_one()
        entries_vals = self._prepare_backflush_valuation_entries_vals(posting)
        costing_lines = []
        if posting.costed:
            costing_lines = (self._prepare_backflush_conversion_lines(posting.conversion)
                             + self._prepare_backflush_clearing_lines(posting.clearing))
        if costing_lines:
            if not entries_vals:
                entries_vals = [self._prepare_backflush_entry_vals(
                    "posting", self.company_id.backflush_journal_id.id, posting.date, [])]
            entries_vals[0]["line_ids"].extend((0, 0, vals) for vals in costing_lines)
        entries = self._backflush_create_entries([
            dict(vals, line_ids=self._backflush_entry_sequence(vals["line_ids"]))
            for vals in entries_vals])
        if posting.costed:
            self._create_backflush_cost_log(posting, entries[:1], posting.date)
            posting.time_logs.write({"backflush_costed": True})
            if posting.clearing:
                posting.clearing["raw"].write({"backflush_cleared": True})
        return entries

    @api.model
    def _backflush_entry_sequence(self, line_commands):
        """The (0, 0, values) commands of an entry's lines in the order they are created
        so that the entry reads top-down as a posting happens: components, conversion,
        finished goods, variances. Odoo 11 lists an entry's journal items newest first
        (account.move.line: date desc, id desc): they are created in the reverse order."""
        rank = {"component": 0, "conversion": 1, "finished": 2, "variance": 3}
        ordered = sorted(enumerate(line_commands), key=lambda item: (
            rank.get(item[1][2].get("backflush_line_type"), len(rank)), item[0]))
        return [command for _index, command in reversed(ordered)]

    @api.multi
    def _prepare_backflush_entry_vals(self, kind, journal_id, date, lines_vals):
        """An entry of the backflush linked to this order, of ``lines_vals`` (values of
        account.move.line)."""
        self.ensure_one()
        return {
            "journal_id": journal_id,
            "date": date,
            "ref": self.name,
            "backflush_production_id": self.id,
            "backflush_kind": kind,
            "backflush_wip_account_id": self.company_id.backflush_wip_account_id.id,
            "line_ids": [(0, 0, vals) for vals in lines_vals],
        }

    @api.multi
    def _prepare_backflush_conversion_lines(self, applied):
        """Lines applying the engine Applied rows: Dr WIP by their total (with the
        order's analytic account) / Cr each pool's applied account."""
        self.ensure_one()
        if not applied:
            return []
        pools = self.env["mrp.cost.pool"].browse([row.pool_key for row in applied])
        accounts = {pool.id: pool.applied_account_id.id for pool in pools}
        wip = self.company_id.backflush_wip_account_id
        lines = entries_engine.conversion_entry(
            (wip.id, False, self.analytic_account_id.id),
            [((accounts[row.pool_key], row.pool_key, False), row.amount) for row in applied],
            self.company_id.currency_id.rounding, self.name)
        # labelled by what each line books: the WIP debit all pools, a credit its pool
        return [dict(self._backflush_move_line_vals(line, "conversion"),
                     name=self._backflush_label(
                         pools.browse(line.account[1]).kind if line.account[1] else "conversion",
                         pools.browse(line.account[1]) if line.account[1] else pools))
                for line in lines]

    @api.multi
    def _prepare_backflush_clearing_lines(self, clearing):
        """Lines clearing the order's WIP: each amount of ``clearing`` on its variance
        account with its pool (Dr when unfavourable) / Cr WIP by the rest."""
        self.ensure_one()
        if not clearing or not clearing["amounts"]:
            return []
        accounts = self._backflush_variance_accounts()
        labels = dict(self.env["mrp.backflush.cost.line"]._fields["variance_kind"].selection)
        analytic = self.analytic_account_id.id
        lines = entries_engine.balance_lines(
            [((accounts[kind].id, pool_id, analytic), amount,
              "%s – %s" % (self.name, labels[kind]), None)
             for (kind, pool_id), amount in clearing["amounts"].items()]
            + [((self.company_id.backflush_wip_account_id.id, False, False),
                -clearing["rest"], _("%s – Work in process cleared: %s") % (
                    self.name, ", ".join(OrderedDict.fromkeys(
                        labels[kind] for (kind, _pool), amount in clearing["amounts"].items()
                        if not self.company_id.currency_id.is_zero(amount)))),
                None)],
            self.company_id.currency_id.rounding)
        return [self._backflush_move_line_vals(line, "variance") for line in lines]

    @api.multi
    def _create_backflush_clearing(self, clearing, date):
        """A clearing outside a posting (a late component): one variance entry, logged;
        its components marked cleared."""
        self.ensure_one()
        lines = self._prepare_backflush_clearing_lines(clearing)
        if lines:
            move = self._backflush_create_entries([self._prepare_backflush_entry_vals(
                clearing.get("entry_kind", "variance"), self.company_id.backflush_journal_id.id,
                date, lines)])
            self._create_backflush_variance_log(clearing, move, date)
        clearing["raw"].write({"backflush_cleared": True})

    @api.multi
    def _backflush_post_entry(self, kind, lines, date, line_type=False):
        """Create and post an entry of engine JournalLines whose accounts are
        (account id, pool id or False, analytic account id or False) keys, each line
        booking ``line_type`` unless its extra names its own; returned with the rights
        of this environment."""
        self.ensure_one()
        return self._backflush_create_entries([self._prepare_backflush_entry_vals(
            kind, self.company_id.backflush_journal_id.id, date,
            [self._backflush_move_line_vals(line, line.extra or line_type) for line in lines])
        ]).sudo(self.env.uid)

    @api.model
    def _backflush_create_entries(self, entries_vals):
        """The one place the backflush creates and posts journal entries: those of
        ``entries_vals`` (account.move values), returned elevated. Manufacturing users
        post without accounting rights: only this creation is elevated."""
        entries = self.env["account.move"].sudo()
        for vals in entries_vals:
            entries |= entries.create(vals)
        entries.post()
        return entries

    @api.multi
    def _backflush_move_line_vals(self, line, line_type=False):
        """Values of the account.move.line of an engine JournalLine, which carries this
        order (the stock valuation lines carry it from their moves)."""
        account_id, pool_id, analytic_id = line.account
        name = line.name
        if pool_id:
            name = "%s: %s" % (name, self.env["mrp.cost.pool"].browse(pool_id).name)
        return {"account_id": account_id, "backflush_pool_id": pool_id,
                "analytic_account_id": analytic_id, "name": name, "debit": line.debit,
                "credit": line.credit, "product_id": self.product_id.id,
                "backflush_line_type": line_type, "manufacture_order_id": self.id}

    @api.multi
    def _backflush_wip_balance(self):
        """WIP balance attributable to this order: its journal items on the WIP account
        (those of its stock moves, its unbuilds' and the backflush's entries all carry
        it; read elevated: a manufacturing user may not read journal items)."""
        self.ensure_one()
        return self._backflush_wip_of([("manufacture_order_id", "=", self.id)])

    @api.multi
    def _backflush_wip_of(self, domain):
        self.ensure_one()
        wip = self.company_id.backflush_wip_account_id
        groups = self.env["account.move.line"].sudo().read_group(
            [("account_id", "=", wip.id)] + domain, ["balance"], [])
        balance = groups[0]["balance"] if groups else 0.0
        return self.company_id.currency_id.round(balance or 0.0)
