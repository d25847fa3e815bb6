# -*- coding: utf-8 -*-
"""A change of the company's Work in Process Account: each order's WIP moved from the old
account to the new one, an entry per order.
"""
from collections import OrderedDict

from odoo import _, api, models
from odoo.tools.misc import formatLang

from ..engine import entries as entries_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.model
    def _prepare_backflush_wip_transfer(self, old, new):
        """A change of the company's Work in Process Account from ``old`` to ``new``:
        {order: its WIP on ``old``}, what moves to ``new``. Raises UserError when it
        cannot be posted today (no Backflush journal, the lock date), before anything is
        written."""
        balances = self._backflush_wip_by_order(old)
        problems = [problem for production in balances
                    for problem in production._backflush_transfer_problems()]
        self._backflush_raise_problems(sorted(problems), _(
            "Cannot change the Work in Process Account to %s: the work in process of %s "
            "moves to it today, and cannot be posted:") % (
            new.display_name, ", ".join(production.name for production in balances)))
        return balances

    @api.model
    def _create_backflush_wip_transfers(self, old, new, balances):
        """Each order's WIP ``balances`` moved from ``old`` to ``new``: an entry per order,
        Dr ``new`` / Cr ``old`` (a credit balance the other way round), in the Backflush
        journal, dated today, noted on the order."""
        for production, balance in balances.items():
            production._create_backflush_wip_transfer(old, new, balance)

    @api.model
    def _backflush_wip_by_order(self, account):
        """{order: balance of ``account`` attributable to it}, the orders whose balance is
        not zero; attributed as _backflush_wip_balance does, by the order its journal
        items carry. In one query: an account of years of orders."""
        self.env.cr.execute("""
            SELECT manufacture_order_id, SUM(debit - credit)
              FROM account_move_line
             WHERE account_id = %s AND manufacture_order_id IS NOT NULL
             GROUP BY 1""", (account.id,))
        # fetched before reading the currency: a read on a cold cache runs its own
        # query on this cursor and would replace these rows
        rows = sorted(self.env.cr.fetchall(), key=lambda row: row[0])
        currency = account.company_id.currency_id
        return OrderedDict(
            (self.browse(production_id), currency.round(balance))
            for production_id, balance in rows if not currency.is_zero(balance))

    @api.multi
    def _backflush_transfer_problems(self):
        """What prevents posting a WIP transfer of this order today: no Backflush journal,
        a date inside the lock date."""
        self.ensure_one()
        problems = self._backflush_journal_problems()
        locked = self._backflush_date_locked()
        if locked:
            problems.append(_(
                "Today, %s, is inside the accounting lock date %s of company %s: have an "
                "adviser move the company's Lock Date / Lock Date for Non-Advisers.")
                % (locked[0], locked[1], self.company_id.name))
        return problems

    @api.multi
    def _create_backflush_wip_transfer(self, old, new, balance):
        """The entry moving this order's WIP ``balance`` from account ``old`` to ``new``,
        and a note on the order."""
        self.ensure_one()
        label = _("%s: WIP moved to %s") % (self.name, new.code)
        lines = entries_engine.balance_lines(
            [((new.id, False, False), balance, label, None),
             ((old.id, False, False), -balance, label, None)],
            self.company_id.currency_id.rounding)
        move = self._backflush_post_entry("wip_transfer", lines, self._backflush_posting_date(),
                                          "wip_transfer")
        self.message_post(body=_(
            "The Work in Process Account changed: %s of work in process moved from %s to %s "
            "(%s).") % (formatLang(self.env, balance, currency_obj=self.company_id.currency_id),
                        old.display_name, new.display_name, move.name))
        return move
