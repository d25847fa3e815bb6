# -*- coding: utf-8 -*-
"""Step 2 of a posting: what keeps it from being posted, for every order before anything
is written: its configuration (accounts, journal, lock date, rates: one UserError
listing every problem, ``_backflush_raise_problems``) and its stock (the company's
insufficient-stock policy: block, or queue the short components).
"""
from collections import OrderedDict

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..engine import consumption as consumption_engine

SETTINGS_MENU = "Manufacturing > Configuration > Settings > Backflush Costing"
VARIANCE_FIELDS = OrderedDict([
    ("material_usage", "backflush_material_usage_account_id"),
    ("material_price", "backflush_material_price_account_id"),
    ("conversion_efficiency", "backflush_efficiency_account_id"),
    ("standard_revision", "backflush_revision_account_id"),
])


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.model
    def _backflush_raise_problems(self, problems, heading=None):
        """One UserError: ``heading`` (what cannot be done, ending with a colon; default
        "Cannot post the production:"), then each of ``problems`` (messages naming what
        to fix and where) once, in the order given, one per line; nothing when there is
        no problem. Every refusal of the backflush that lists problems says it so."""
        unique = list(OrderedDict.fromkeys(problems))
        if unique:
            raise UserError("%s\n%s" % (heading or _("Cannot post the production:"),
                                         "\n".join("- %s" % problem for problem in unique)))

    @api.multi
    def _backflush_posting_problems(self, posting):
        """What keeps the costing of ``posting`` from being posted."""
        self.ensure_one()
        if not posting.costed:
            return []
        problems = self._backflush_account_problems()
        return problems + posting.missing_rates

    @api.multi
    def _backflush_account_problems(self):
        """Missing accounts, journal, or a posting date inside the lock date."""
        self.ensure_one()
        company = self.company_id
        problems = []
        if not company.backflush_wip_account_id:
            problems.append(_(
                "Company %s has no Work in Process Account: set it in %s, or press "
                "'Set Up WIP Valuation' there.") % (company.name, SETTINGS_MENU))
        problems += self._backflush_journal_problems()
        missing = [kind for kind, account in self._backflush_variance_accounts().items()
                   if not account]
        if missing:
            problems.append(_(
                "Company %s has no account for the %s variance: set the Manufacturing "
                "Variance Account (or one per variance) in %s.")
                % (company.name, ", ".join(kind.replace("_", " ") for kind in missing),
                   SETTINGS_MENU))
        locked = self._backflush_date_locked()
        if locked:
            problems.append(_(
                "The posting date %s of %s is inside the accounting lock date %s of company "
                "%s: post it after the lock date, or have an adviser move the company's Lock "
                "Date / Lock Date for Non-Advisers.") % (locked[0], self.name, locked[1],
                                                         company.name))
        return problems

    @api.multi
    def _backflush_journal_problems(self):
        """[the missing Backflush journal of the order's company], or []."""
        self.ensure_one()
        company = self.company_id
        if company.backflush_journal_id:
            return []
        return [_("Company %s has no Backflush Journal: set it in %s.")
                % (company.name, SETTINGS_MENU)]

    @api.multi
    def _backflush_date_locked(self):
        """(posting date, lock date) when the posting date is inside the lock date of the
        order's company (for this user), else None."""
        self.ensure_one()
        lock_date = self._backflush_lock_date()
        date = self._backflush_posting_date()
        return (date, lock_date) if lock_date and date <= lock_date else None

    @api.multi
    def _backflush_lock_date(self):
        """The lock date that applies to the current user, as account.move does."""
        self.ensure_one()
        company = self.company_id
        if self.env.user.has_group("account.group_account_manager"):
            return company.fiscalyear_lock_date
        return max(company.period_lock_date or "", company.fiscalyear_lock_date or "") or False

    @api.multi
    def _backflush_variance_accounts(self):
        """{variance kind: account} for the kinds this order's postings may book; a kind
        without an account of its own falls back to the company variance account."""
        self.ensure_one()
        company = self.company_id
        general = company.backflush_variance_account_id
        if self.product_id.cost_method != "standard":
            return OrderedDict([("rounding", general), ("late_components", general),
                                ("components_repriced", general),
                                ("receipt_difference", general),
                                ("cancel_write_off", general)])
        accounts = OrderedDict((kind, company[field] or general)
                               for kind, field in VARIANCE_FIELDS.items())
        accounts["rounding"] = accounts["cancel_write_off"] = (
            general or accounts["material_price"])
        # a component's price changed after the goods were received at standard
        accounts["components_repriced"] = accounts["material_price"]
        return accounts

    @api.multi
    def _backflush_check_stock(self, plan):
        """Apply the company's insufficient-stock policy to the stockable components the
        posting consumes: those it consumes automatically, and what a person recorded
        of the others (a `manual` component) on the open moves, which Odoo's posting
        takes all the same. Block raises one UserError naming every short component;
        queue marks them, so they wait in the backflush queue instead."""
        self.ensure_one()
        policy = self.company_id.backflush_negative_policy
        self._backflush_check_recordable(plan, policy)
        if policy == "allow":
            return
        checked = [item for item in plan if item.product.type == "product"
                   and not item.queued_reason and (item.consume or float_compare(
                       item.recorded_qty, 0.0,
                       precision_rounding=item.product.uom_id.rounding) > 0)]
        available = self._backflush_available(
            [(item.product, item.location) for item in checked])
        shortages = [
            (item, _("%s needed in %s, %s available") % (
                item.product.uom_id._backflush_format(needed),
                item.location.display_name,
                item.product.uom_id._backflush_format(on_hand)))
            for item, needed, on_hand in consumption_engine.shortages(
                [(item, (item.product.id, item.location.id), item.posting_qty,
                  item.product.uom_id.rounding) for item in checked], available)]
        self._backflush_refuse_or_queue(shortages, policy == "block",
                                        _("Not enough stock to backflush %s:") % self.name)

    @api.multi
    def _backflush_check_recordable(self, plan, policy):
        """A component whose quantity a move line cannot hold (its unit is rounded finer
        than Odoo's Product Unit of Measure precision) would move less than the posting
        requires: refused (a UserError naming the component and the fix), or under the
        `queue` policy queued with the reason, never posted short."""
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        problems = []
        for item in plan:
            if not item.consume:
                continue
            uom = item.product.uom_id
            if consumption_engine.unrecordable(item.posting_qty, digits):
                problems.append((item, _(
                    "%s required, but a move records %d decimals: round %s to %s or "
                    "coarser (Inventory > Configuration > Units of Measure), or raise the "
                    "Product Unit of Measure precision") % (
                    uom._backflush_format(item.posting_qty), digits, uom.name,
                    10.0 ** -digits)))
        self._backflush_refuse_or_queue(problems, policy != "queue",
                                        _("Cannot backflush %s exactly:") % self.name)

    @api.model
    def _backflush_refuse_or_queue(self, problems, refuse, heading):
        """[(BackflushItem, reason)] ``problems`` of a posting: one UserError under
        ``heading`` naming each component and its reason when ``refuse``, else each
        item queued with its reason."""
        if problems and refuse:
            self._backflush_raise_problems(
                ["%s: %s" % (item.product.display_name, reason) for item, reason in problems],
                heading)
        for item, reason in problems:
            item.queued_reason = reason

    @api.model
    def _backflush_available(self, pairs):
        """{(product id, location id): quantity on hand there, children included} of
        [(product, location)] pairs, in one query per location (read fresh: stock may
        have moved within the transaction). Of a lot/serial-tracked product, only what
        has a lot counts: a backflush consumes lots."""
        available = {}
        by_location = OrderedDict()
        for product, location in pairs:
            by_location.setdefault(location, set()).add(product.id)
        for location, product_ids in by_location.items():
            products = self.env["product.product"].browse(list(product_ids))
            tracked = products.filtered(lambda product: product.tracking != "none")
            groups = self.env["stock.quant"].sudo().read_group(
                [("product_id", "in", list(product_ids)),
                 ("location_id", "child_of", location.id),
                 "|", ("product_id", "not in", tracked.ids), ("lot_id", "!=", False)],
                ["product_id", "quantity"], ["product_id"])
            for group in groups:
                available[(group["product_id"][0], location.id)] = group["quantity"]
        return available
