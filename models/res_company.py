# -*- coding: utf-8 -*-
"""The backflush settings of a company, and the accounting set-up of backflush costing
for a company with a chart of accounts: the accounts (found by their xml id
``mrp_backflush.<company id>_<key>``, else created with the next free code after a
prefix), the Backflush journal, the company settings left empty, and the production
location(s) valued at the Work in Process account."""
from odoo import _, api, fields, models

BACKFLUSH_POLICIES = [
    ("finish", "At MO completion"),
    ("operation", "At operation completion"),
    ("manual", "Manual"),
]

# key, company field (or None), code prefix, name, account type
BACKFLUSH_ACCOUNTS = [
    ("account_wip", "backflush_wip_account_id", "10114", "Work in Process",
     "account.data_account_type_current_assets"),
    ("account_overhead_control", None, "2130", "Manufacturing Overhead Control",
     "account.data_account_type_expenses"),
    ("account_overhead_applied", None, "2131", "Manufacturing Overhead Applied",
     "account.data_account_type_expenses"),
    ("account_labour_applied", None, "2132", "Direct Labour Applied",
     "account.data_account_type_expenses"),
    ("account_variance", "backflush_variance_account_id", "2140", "Manufacturing Variances",
     "account.data_account_type_direct_costs"),
    ("account_material_usage", "backflush_material_usage_account_id", "2141",
     "Material Usage Variance", "account.data_account_type_direct_costs"),
    ("account_material_price", "backflush_material_price_account_id", "2142",
     "Material Price Variance", "account.data_account_type_direct_costs"),
    ("account_efficiency", "backflush_efficiency_account_id", "2143",
     "Conversion Efficiency Variance", "account.data_account_type_direct_costs"),
    ("account_revision", "backflush_revision_account_id", "2144",
     "Standard Revision Variance", "account.data_account_type_direct_costs"),
    ("account_unabsorbed", "backflush_unabsorbed_account_id", "2150",
     "Unabsorbed Fixed Overhead", "account.data_account_type_expenses"),
]
MODULE = "mrp_backflush"


class ResCompany(models.Model):
    _inherit = "res.company"

    backflush_default_policy = fields.Selection(
        BACKFLUSH_POLICIES, string="Default Backflush Policy", default="finish",
        required=True,
        help="When components are consumed, unless the product or the BOM line says "
             "otherwise.")
    backflush_negative_policy = fields.Selection([
        ("allow", "Allow negative stock"),
        ("block", "Block the posting"),
        ("queue", "Queue the short components"),
    ], string="Insufficient Stock at Backflush", default="allow", required=True,
        help="Allow: go negative, as native Odoo does. Block: refuse the posting with "
             "the list of short components. Queue: receive the finished goods, keep the "
             "short components in the backflush queue and retry them until they post.")
    backflush_wip_account_id = fields.Many2one(
        "account.account", string="Work in Process Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]",
        help="Debited with components and applied conversion costs, credited with "
             "finished goods; the production location is valued at it.")
    backflush_variance_account_id = fields.Many2one(
        "account.account", string="Manufacturing Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]",
        help="Receives every variance that has no account of its own below.")
    backflush_material_usage_account_id = fields.Many2one(
        "account.account", string="Material Usage Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]")
    backflush_material_price_account_id = fields.Many2one(
        "account.account", string="Material Price Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]")
    backflush_efficiency_account_id = fields.Many2one(
        "account.account", string="Conversion Efficiency Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]")
    backflush_revision_account_id = fields.Many2one(
        "account.account", string="Standard Revision Variance Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]")
    backflush_journal_id = fields.Many2one(
        "account.journal", string="Backflush Journal",
        domain="[('company_id', '=', id)]",
        help="Journal of the conversion and variance entries.")
    backflush_count_threshold_percent = fields.Float(
        string="Cycle Count Alert Threshold (%)", default=5.0,
        help="A count of a backflushed component raises an alert when it differs from the "
             "book by more than this percentage (0: no percentage threshold).")
    backflush_count_threshold_qty = fields.Float(
        string="Cycle Count Alert Threshold (Quantity)", default=0.0,
        help="... and/or by more than this quantity, in the component's unit of measure "
             "(0: no quantity threshold). With both set, both must be exceeded.")
    backflush_count_responsible_id = fields.Many2one(
        "res.users", string="Cycle Count Alerts Responsible",
        help="Gets an activity on each alert. Empty: the component's responsible.")
    backflush_overproduction_tolerance = fields.Float(
        string="Over-Production Tolerance (%)", default=0.0, digits=(16, 2),
        help="Report Completion (the dialog and the MES API) accepts up to this percentage "
             "more than the order's quantity; beyond it, a report is refused. 0: never "
             "more than what remains.")
    backflush_count_lookback_days = fields.Integer(
        string="Backflush History (Days)", default=30,
        help="An alert shows what each BOM using the component backflushed over these "
             "last days.")
    backflush_unabsorbed_account_id = fields.Many2one(
        "account.account", string="Unabsorbed Overhead Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]",
        help="Default expense account of the fixed overhead left unabsorbed by an activity "
             "below normal capacity (period close, IAS 2 section 13).")

    @api.model
    def _backflush_setup_all_companies(self):
        """On install: every company that has a chart of accounts."""
        self.search([("chart_template_id", "!=", False)])._backflush_setup_accounting()

    @api.multi
    def _backflush_setup_accounting(self):
        """Create what is missing and fill the settings left empty; return what was done,
        one sentence per change (empty: everything was already set up)."""
        done = []
        for company in self:
            codes = set(self.env["account.account"].search(
                [("company_id", "=", company.id)]).mapped("code"))
            vals = {}
            for key, field, prefix, name, user_type in BACKFLUSH_ACCOUNTS:
                if field and company[field]:
                    continue
                account = company._backflush_record(key)
                if not account:
                    account = company._backflush_create_account(
                        key, prefix, name, user_type, codes)
                    done.append(_("%s: account %s created.") % (company.name,
                                                                account.display_name))
                if field:
                    vals[field] = account.id
            if not company.backflush_journal_id:
                journal = company._backflush_record("journal_backflush")
                if not journal:
                    journal = company._backflush_create_journal()
                    done.append(_("%s: journal %s created.") % (company.name,
                                                                journal.display_name))
                vals["backflush_journal_id"] = journal.id
            company.write(vals)
            done.extend(_("%s: %s set to %s.") % (
                company.name, company._fields[field].string, company[field].display_name)
                for field in vals)
            done.extend(_("%s: production location %s valued at %s.") % (
                company.name, location.display_name,
                company.backflush_wip_account_id.display_name)
                for location in company._backflush_value_production_locations())
        return done

    @api.multi
    def _backflush_record(self, key):
        """The record set up for this company under ``key``, if it still exists."""
        self.ensure_one()
        return self.env.ref("%s.%s_%s" % (MODULE, self.id, key), raise_if_not_found=False)

    @api.multi
    def _backflush_name_record(self, key, record):
        self.ensure_one()
        name = "%s_%s" % (self.id, key)
        vals = {"module": MODULE, "name": name, "model": record._name, "res_id": record.id,
                "noupdate": True}
        # a record deleted with its chart of accounts leaves its xml id behind
        stale = self.env["ir.model.data"].search([("module", "=", MODULE), ("name", "=", name)])
        if stale:
            stale.write(vals)
        else:
            stale.create(vals)

    @api.multi
    def _backflush_create_account(self, key, prefix, name, user_type, codes):
        self.ensure_one()
        code = int(prefix.ljust(self.accounts_code_digits or 6, "0"))
        while str(code) in codes:
            code += 1
        codes.add(str(code))
        account = self.env["account.account"].create({
            "code": str(code), "name": name, "company_id": self.id,
            "user_type_id": self.env.ref(user_type).id, "reconcile": False})
        self._backflush_name_record(key, account)
        return account

    @api.multi
    def _backflush_create_journal(self):
        self.ensure_one()
        codes = set(self.env["account.journal"].search(
            [("company_id", "=", self.id)]).mapped("code"))
        code, number = "BKF", 1
        while code in codes:
            number += 1
            code = "BKF%d" % number
        journal = self.env["account.journal"].create({
            "name": _("Backflush"), "code": code, "type": "general", "company_id": self.id,
            "show_on_dashboard": False})
        self._backflush_name_record("journal_backflush", journal)
        return journal

    @api.multi
    def _backflush_value_production_locations(self):
        """Value the company's production location(s) at its WIP account, so components
        consumed post Dr WIP / Cr Stock and finished goods Dr Stock / Cr WIP."""
        self.ensure_one()
        wip = self.backflush_wip_account_id
        locations = self._backflush_production_location() | self.env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "=", self.id)])
        changed = locations.filtered(lambda location: location.valuation_in_account_id != wip
                                     or location.valuation_out_account_id != wip)
        changed.write({"valuation_in_account_id": wip.id, "valuation_out_account_id": wip.id})
        return changed

    @api.multi
    def _backflush_production_location(self):
        """The company's default production location. The shared one (no company) serves
        the first company that values it; another company gets a production location of
        its own, its default from then on (a location has one valuation account)."""
        self.ensure_one()
        location = self.env["ir.property"].with_context(force_company=self.id).get(
            "property_stock_production", "product.template")
        valued_for = location.valuation_in_account_id.company_id
        if location and (location.company_id == self
                         or (not location.company_id and valued_for in (self, self.browse()))):
            return location
        location = self.env["stock.location"].create({
            "name": _("Production"), "usage": "production", "company_id": self.id,
            "location_id": self.env.ref("stock.stock_location_locations_virtual").id})
        self.env["ir.property"].create({
            "name": "property_stock_production", "company_id": self.id, "type": "many2one",
            "fields_id": self.env["ir.model.fields"]._get(
                "product.template", "property_stock_production").id,
            "value_reference": "stock.location,%d" % location.id})
        return location
