# -*- coding: utf-8 -*-
"""Work in process of an order no posting will clear any more: what lands on the WIP of
a done or cancelled order (a component consumed from the queue after the last posting,
Odoo's FIFO correction of one consumed into negative stock) is cleared at once, and an
order with WIP or queued components is cancelled per its company's setting.
"""
from collections import OrderedDict

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from ..engine import entries as entries_engine
from ..engine import variances as variances_engine
from .mrp_production_checks import SETTINGS_MENU


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _backflush_clear_closed_wip(self, move, repriced=False):
        """Clear at once what the valuation of ``move`` put on the WIP of this done or
        cancelled order (no posting of it will ever clear it): a component consumed from
        the backflush queue after the last posting, or ``repriced`` by Odoo's FIFO
        correction of a component consumed into negative stock. The order's finished
        goods still on hand (a FIFO or average product) take their share of it on their
        stock valuation account, their value raised by as much (engine.variances.
        closed_order_split); the rest is a variance: components consumed after receipt
        (material usage and price for a standard-cost product) or components repriced
        after completion. One Backflush entry linked to the order, a note in its
        chatter. Raises UserError when it cannot be posted (journal, accounts, lock
        date): the valuation that put it there is refused with it."""
        self.ensure_one()
        currency = self.company_id.currency_id
        raw = self._backflush_uncleared_raw_moves()
        rest = self._backflush_wip_balance()
        if currency.is_zero(rest):
            raw.write({"backflush_cleared": True})
            return None
        self._backflush_raise_problems(self._backflush_account_problems(), _(
            "Cannot clear the %s that %s (%s) puts on the work in process of %s (%s):") % (
            formatLang(self.env, rest, currency_obj=currency), move.product_id.display_name,
            move.reference, self.name, dict(self._fields["state"].selection)[self.state]))
        kind = "components_repriced" if repriced else "late_components"
        layers = self._backflush_finished_layers()
        shares, variance = variances_engine.closed_order_split(
            rest, layers.mapped("remaining_qty"), self._backflush_received_qty(),
            currency.rounding)
        if repriced:
            amounts = OrderedDict([((kind, False), variance)] if variance else [])
        else:
            amounts = self._prepare_backflush_wip_rest(raw, 0.0, {}, variance, {}, {},
                                                      kind)["amounts"]
        # read elevated, as it was created: a manufacturing user may not read entries
        entry = self._create_backflush_closed_clearing(rest, amounts, sum(shares)).sudo()
        self._backflush_revalue_finished(layers, shares)
        raw.write({"backflush_cleared": True})
        self._create_backflush_variance_log({"amounts": amounts}, entry, entry.date)
        self._backflush_note_closed_clearing(move, repriced, rest, entry)
        return entry

    @api.multi
    def _backflush_finished_layers(self):
        """The receipts of this order's finished product (FIFO or average) that still have
        goods on hand (remaining_qty, which Odoo keeps for both); none for a
        standard-cost product, valued at standard whatever the order cost, nor for an
        average product with no stock to carry a new cost."""
        self.ensure_one()
        product = self.product_id
        if product.cost_method == "standard" or (
                product.cost_method == "average" and product.with_context(
                    company_owned=True, owner_id=False).qty_available <= 0):
            return self.env["stock.move"]
        return self.move_finished_ids.filtered(
            lambda move: move.product_id == self.product_id and move.state == "done"
            and move.remaining_qty > 0)

    @api.multi
    def _create_backflush_closed_clearing(self, rest, amounts, stock):
        """The entry clearing ``rest`` off the WIP: each variance of ``amounts`` {(kind,
        pool id or False): amount} on its account, ``stock`` on the finished product's
        stock valuation account; every line typed ``after_completion``."""
        self.ensure_one()
        accounts = self._backflush_variance_accounts()
        labels = dict(self.env["mrp.backflush.cost.line"]._fields["variance_kind"].selection)
        analytic = self.analytic_account_id.id
        lines = [((accounts[kind].id, pool_id, analytic), amount,
                  "%s: %s" % (self.name, labels[kind]), None)
                 for (kind, pool_id), amount in amounts.items()]
        if stock:
            valuation = self.product_id.categ_id.property_stock_valuation_account_id
            lines.append(((valuation.id, False, False), stock,
                          _("%s: finished goods on hand") % self.name, None))
        lines.append(((self.company_id.backflush_wip_account_id.id, False, False), -rest,
                      self.name, None))
        return self._backflush_post_entry(
            "after_completion",
            entries_engine.balance_lines(lines, self.company_id.currency_id.rounding),
            self._backflush_posting_date(), "after_completion")

    @api.multi
    def _backflush_revalue_finished(self, layers, shares):
        """The finished goods on hand worth their ``shares`` more: each receipt's remaining
        value (FIFO: what its goods leave stock at), and for an average product its cost,
        raised by their total over the quantity on hand (stock value = quantity x cost)."""
        self.ensure_one()
        for layer, share in zip(layers, shares):
            if share:
                layer.sudo().remaining_value = layer.remaining_value + share
        product = self.product_id
        if product.cost_method == "average" and sum(shares):
            on_hand = product.with_context(company_owned=True, owner_id=False).qty_available
            product.sudo().standard_price = (
                product.standard_price * on_hand + sum(shares)) / on_hand

    @api.multi
    def _backflush_note_closed_clearing(self, move, repriced, rest, entry):
        """The order's chatter: what landed on its WIP after it closed, and where it
        went."""
        self.ensure_one()
        currency = self.company_id.currency_id
        wip = self.company_id.backflush_wip_account_id
        parts = ["%s %s (%s)" % (formatLang(self.env, line.balance, currency_obj=currency),
                                 line.name.split(": ", 1)[-1], line.account_id.code)
                 for line in entry.line_ids if line.account_id != wip]
        why = (_("repriced by Odoo's correction of negative stock (FIFO)") if repriced
               else _("consumed after the goods were received"))
        self.message_post(body=_(
            "Work in process after the order closed: %s of %s, %s (%s). Cleared at once in "
            "%s: %s.") % (formatLang(self.env, rest, currency_obj=currency),
                          move.product_id.display_name, why, move.reference, entry.name,
                          "; ".join(parts)))

    @api.multi
    def action_cancel(self):
        """An order whose consumed components are in WIP, or whose postings left
        components waiting in the backflush queue (what its finished goods were received
        without: WIP to come), is cancelled per its company's setting: refused (default),
        or their value written off in an entry linked to the order and the waiting
        components dropped from the queue; either way no cancelled order keeps a WIP
        balance nor has anything consumed into it later. Every order is checked before
        any is cancelled."""
        write_offs, dropped = OrderedDict(), self.env["mrp.backflush.line"]
        for production in self:
            production = production.with_context(force_company=production.company_id.id)
            rest = production._backflush_is_costed() and production._backflush_wip_balance()
            queued = production.backflush_line_ids.filtered(
                lambda line: line.state == "queued")
            if not rest and not queued:
                continue
            if production.company_id.backflush_cancel_policy != "write_off":
                raise UserError(production._backflush_cancel_refusal(rest, queued))
            dropped |= queued
            if not rest:
                continue
            production._backflush_raise_problems(
                production._backflush_account_problems(),
                _("Cannot write off the WIP of %s:") % production.name)
            write_offs[production] = rest
        result = super(MrpProduction, self).action_cancel()
        for production, rest in write_offs.items():
            production._create_backflush_clearing({
                "raw": production._backflush_uncleared_raw_moves(), "rest": rest,
                "amounts": OrderedDict([(("cancel_write_off", False), rest)]),
                "entry_kind": "cancel",
            }, production._backflush_posting_date())
        dropped._backflush_drop()
        return result

    @api.multi
    def _backflush_cancel_refusal(self, rest, queued):
        """What is in the WIP of this order and what waits in its backflush queue
        (``queued`` lines), and the ways to cancel it."""
        self.ensure_one()
        currency = self.company_id.currency_id
        parts = []
        if rest:
            consumed = OrderedDict()
            for move in self._backflush_uncleared_raw_moves():
                qty, value = consumed.get(move.product_id, (0.0, 0.0))
                consumed[move.product_id] = (qty + move.product_qty,
                                             value + self._backflush_material_value(move))
            parts.append(_("%s of components it consumed is in Work in Process:\n%s") % (
                formatLang(self.env, rest, currency_obj=currency), "\n".join(
                    "- %s %s: %s" % (product.uom_id._backflush_format(qty),
                                     product.display_name,
                                     formatLang(self.env, value, currency_obj=currency))
                    for product, (qty, value) in consumed.items())))
        if queued:
            parts.append(_(
                "Components its postings left waiting in the backflush queue (its finished "
                "goods were received without them) are Work in Process to come:\n%s") % (
                "\n".join("- %s %s (posting %s)" % (
                    line.product_uom_id._backflush_format(line.queued_qty),
                    line.product_id.display_name, line.posting) for line in queued)))
        return _(
            "Cannot cancel %s:\n%s\n"
            "Either record what was made with Produce and press Mark as Done (an unbuild of "
            "it then returns the components to stock; queued components are posted by Retry "
            "once in stock), or have the WIP written off (scrapped) and the queued "
            "components dropped when the order is cancelled: set 'Cancelling an Order with "
            "Consumed Components' to 'Write off the WIP' in %s (company %s), then cancel "
            "again."
        ) % (self.name, "\n".join(parts), SETTINGS_MENU, self.company_id.name)
