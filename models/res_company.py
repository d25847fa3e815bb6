# -*- coding: utf-8 -*-
"""The backflush settings of a company, and the accounting set-up of backflush costing
for a company with a chart of accounts: the accounts (found by their xml id
``mrp_backflush.<company id>_<key>``, else created with the next free code after a
prefix), the Backflush journal and the company settings left empty. The production
locations are not touched: stock moves into and out of them take the company's Work in
Process Account at each posting (``stock.move``)."""
from odoo import _, api, fields, models

BACKFLUSH_POLICIES = [
    ("finish", "At MO completion"),
    ("operation", "At operation completion"),
    ("manual", "Manual"),
]

# key, company field (or None), code prefix, name, account type. One variance account:
# the per-kind ones (usage, price, efficiency, revision) are a refinement a user opts into
# in the settings; left empty, every variance goes to the Manufacturing Variance Account.
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
             "finished goods: the valuation of the stock moves out of and into the "
             "production locations, read at each posting.")
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
        help="Journal of each production posting's one entry (components, conversion "
             "costs, finished goods, variances) and of unbuild reversals.")
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
    backflush_report_deferred = fields.Boolean(
        string="Post Completion Reports in the Background",
        help="A completion report of the shop floor or an MES (report_completion) is "
             "checked and recorded at once and answered without waiting; a background job "
             "(queue_job) posts it. Its deferred argument overrides this per call.")
    backflush_unabsorbed_account_id = fields.Many2one(
        "account.account", string="Unabsorbed Overhead Account",
        domain="[('deprecated', '=', False), ('company_id', '=', id)]",
        help="Default expense account of the fixed overhead left unabsorbed by an activity "
             "below normal capacity (period close, IAS 2 section 13).")
    backflush_cancel_policy = fields.Selection([
        ("refuse", "Refuse"),
        ("write_off", "Write off the WIP"),
    ], string="Cancelling an Order with Consumed Components", required=True,
        default="refuse",
        help="An order whose components were already consumed (at an operation, or by a "
             "posting that received nothing) has their value in work in process; "
             "components its postings left waiting in the backflush queue are work in "
             "process to come. Refuse: cancelling it is refused with what is in WIP or "
             "waiting and how to return or scrap it. Write off the WIP: cancelling it posts "
             "that value to the Manufacturing Variance Account in an entry linked to the "
             "order, and drops the waiting components from the queue (never consumed into "
             "the cancelled order).")

    @api.multi
    def write(self, vals):
        """A new Work in Process Account takes the WIP of the orders with them: what they
        hold on the old account is transferred to the new one (an entry per order), so
        their next posting clears it there."""
        new = self.env["account.account"].browse(vals.get("backflush_wip_account_id"))
        productions = self.env["mrp.production"]
        # checked before anything is written: a refused change leaves the setting as it was
        transfers = [(old, productions._prepare_backflush_wip_transfer(old, new))
                     for old in self.mapped("backflush_wip_account_id") if new and old != new]
        result = super(ResCompany, self).write(vals)
        for old, balances in transfers:
            productions._create_backflush_wip_transfers(old, new, balances)
        return result

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
