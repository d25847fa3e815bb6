# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.tools.misc import formatLang


# the company's domains say ('company_id', '=', id): on the settings screen `id` is the
# settings record's, which found no account at all; the settings' company instead
ACCOUNT_DOMAIN = "[('deprecated', '=', False), ('company_id', '=', company_id)]"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    backflush_default_policy = fields.Selection(
        related="company_id.backflush_default_policy", string="Default Backflush Policy")
    backflush_negative_policy = fields.Selection(
        related="company_id.backflush_negative_policy",
        string="Insufficient Stock at Backflush")
    backflush_count_threshold_percent = fields.Float(
        related="company_id.backflush_count_threshold_percent",
        string="Cycle Count Alert Threshold (%)")
    backflush_count_threshold_qty = fields.Float(
        related="company_id.backflush_count_threshold_qty",
        string="Cycle Count Alert Threshold (Quantity)")
    backflush_count_responsible_id = fields.Many2one(
        related="company_id.backflush_count_responsible_id",
        string="Cycle Count Alerts Responsible")
    backflush_count_lookback_days = fields.Integer(
        related="company_id.backflush_count_lookback_days", string="Backflush History (Days)")
    backflush_overproduction_tolerance = fields.Float(
        related="company_id.backflush_overproduction_tolerance",
        string="Over-Production Tolerance (%)")
    backflush_report_deferred = fields.Boolean(
        related="company_id.backflush_report_deferred",
        string="Post Completion Reports in the Background")
    backflush_wip_account_id = fields.Many2one(
        related="company_id.backflush_wip_account_id", domain=ACCOUNT_DOMAIN,
        string="Work in Process Account")
    backflush_journal_id = fields.Many2one(
        related="company_id.backflush_journal_id", domain="[('company_id', '=', company_id)]",
        string="Backflush Journal")
    backflush_variance_account_id = fields.Many2one(
        related="company_id.backflush_variance_account_id", domain=ACCOUNT_DOMAIN,
        string="Manufacturing Variance Account")
    backflush_material_usage_account_id = fields.Many2one(
        related="company_id.backflush_material_usage_account_id", domain=ACCOUNT_DOMAIN,
        string="Material Usage Variance Account")
    backflush_material_price_account_id = fields.Many2one(
        related="company_id.backflush_material_price_account_id", domain=ACCOUNT_DOMAIN,
        string="Material Price Variance Account")
    backflush_efficiency_account_id = fields.Many2one(
        related="company_id.backflush_efficiency_account_id", domain=ACCOUNT_DOMAIN,
        string="Conversion Efficiency Variance Account")
    backflush_revision_account_id = fields.Many2one(
        related="company_id.backflush_revision_account_id", domain=ACCOUNT_DOMAIN,
        string="Standard Revision Variance Account")
    backflush_unabsorbed_account_id = fields.Many2one(
        related="company_id.backflush_unabsorbed_account_id", domain=ACCOUNT_DOMAIN,
        string="Unabsorbed Overhead Account")
    backflush_cancel_policy = fields.Selection(
        related="company_id.backflush_cancel_policy",
        string="Cancelling an Order with Consumed Components")

    backflush_location_valuation = fields.Text(
        string="Production Locations", compute="_compute_backflush_location_valuation",
        help="How the stock moves out of and into each production location are valued.")
    # what saving a new Work in Process Account did, said after Save (filled in create:
    # the settings form writes the company's fields when it saves the record)
    backflush_wip_change_summary = fields.Text(readonly=True)

    @api.multi
    @api.depends("company_id", "backflush_wip_account_id")
    def _compute_backflush_location_valuation(self):
        """As stock.move._get_accounting_data_for_valuation values them: with a Work in
        Process Account every move out of or into a production location is valued at it,
        read at each posting (a location's own valuation accounts are not used); without
        one, as Odoo does: at the location's own accounts, else the product category's
        stock input/output accounts."""
        for settings in self:
            company, wip = settings.company_id, settings.backflush_wip_account_id
            locations = self.env["stock.location"].sudo().search([
                ("usage", "=", "production"), ("company_id", "in", [company.id, False])])
            rows = []
            for location in locations:
                own = location.valuation_in_account_id | location.valuation_out_account_id
                if wip:
                    row = _("%s: at %s (components consumed Dr Work in Process / Cr Stock "
                            "Valuation, finished goods Dr Stock Valuation / Cr Work in "
                            "Process), read at each posting") % (location.complete_name,
                                                                 wip.display_name)
                    if own - wip:
                        row += _("; its own valuation accounts (%s) are not used") % (
                            ", ".join(own.mapped("display_name")))
                else:
                    row = _("%s: NOT at a Work in Process account (none set): valued as Odoo "
                            "does, at %s") % (
                        location.complete_name,
                        ", ".join(own.mapped("display_name")) if own
                        else _("each product category's Stock Input / Output accounts"))
                rows.append(row)
            settings.backflush_location_valuation = "\n".join(rows)

    @api.model
    def create(self, vals):
        """Saving a new Work in Process Account (the form writes the company here) moves
        the work in process of the orders with it (res.company.write): what was posted is
        kept for ``execute`` to say."""
        company = self.env["res.company"].browse(vals.get("company_id")) \
            or self.env.user.company_id
        old = company.backflush_wip_account_id
        last = self.env["account.move"].sudo().search([], order="id desc", limit=1).id or 0
        settings = super(ResConfigSettings, self).create(vals)
        new = settings.company_id.backflush_wip_account_id
        if old and new and new != old:
            settings.backflush_wip_change_summary = settings._backflush_wip_change_summary(
                old, new, last)
        return settings

    @api.multi
    def _backflush_wip_change_summary(self, old, new, last_move_id):
        """What the change of the Work in Process Account from ``old`` to ``new`` posted:
        the transfer entries created after the entry ``last_move_id``, one per order."""
        self.ensure_one()
        transfers = self.env["account.move"].sudo().search([
            ("backflush_kind", "=", "wip_transfer"), ("id", ">", last_move_id),
            ("company_id", "=", self.company_id.id)], order="id")
        currency = self.company_id.currency_id
        head = _("Work in Process Account changed from %s to %s: the next postings use %s.") % (
            old.display_name, new.display_name, new.code)
        if not transfers:
            return head + "\n" + _("No order held work in process on %s: no entry was "
                                   "posted.") % old.code
        rows = ["- %s: %s (%s)" % (
            move.backflush_production_id.name,
            formatLang(self.env, sum(line.debit - line.credit for line in move.line_ids
                                     if line.account_id == new), currency_obj=currency),
            move.name) for move in transfers]
        return "\n".join([head, _(
            "The work in process of %s order(s) moved from %s to %s, one entry each in "
            "the Backflush journal, dated today (also noted on each order):") % (
            len(transfers), old.code, new.code)] + rows)

    @api.multi
    def execute(self):
        """Save; after a new Work in Process Account, say what it posted."""
        result = super(ResConfigSettings, self).execute()
        summary = self.backflush_wip_change_summary
        if not summary:
            return result
        said = self.env["mrp.backflush.setup.result"].create({"summary": summary})
        return {"type": "ir.actions.act_window", "res_model": said._name,
                "res_id": said.id, "view_mode": "form", "target": "new",
                "name": _("Work in Process Account")}

    @api.multi
    def action_backflush_setup_accounting(self):
        """Create what is missing (accounts, journal) and fill the settings left empty."""
        self.ensure_one()
        done = self.company_id._backflush_setup_accounting()
        result = self.env["mrp.backflush.setup.result"].create({"summary": "\n".join(
            done) or _("Everything was already set up: nothing was changed.")})
        return {"type": "ir.actions.act_window", "res_model": result._name,
                "res_id": result.id, "view_mode": "form", "target": "new",
                "name": _("Set Up WIP Valuation")}
