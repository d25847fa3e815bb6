# -*- coding: utf-8 -*-
"""Completion events: one row per completion of a manufacturing order, from any path
(the MES API, the Report Completion dialog, Produce + Post Inventory / Mark as Done).

Each event id of the MES API is reported exactly once. The database enforces it:
``(event_id, company_id)`` is unique, and a report inserts its event row *before* it
posts anything, in the same transaction. A concurrent report of the same event blocks on
that insert until the first one commits, then fails on the constraint and answers with
the first report's stored result (DESIGN 7, MES). A report's row waits in state
`reported` until the posting it makes links it (``_report_log_event``).
"""
import json
from contextlib import contextmanager

import psycopg2
from psycopg2 import errorcodes

from odoo import _, api, fields, models, sql_db
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError


class MrpBackflushEvent(models.Model):
    _name = "mrp.backflush.event"
    _description = "Completion Report Event"
    _order = "id desc"
    _rec_name = "event_id"

    event_id = fields.Char(string="Event ID", readonly=True,
                           help="The reporting system's id of this completion (MES API): a "
                                "second report with the same id posts nothing. Empty for "
                                "completions made on the screens.")
    source = fields.Selection([
        ("api", "MES / API"),
        ("report", "Report Completion"),
        ("posting", "Post Inventory / Mark as Done"),
    ], string="Reported Through", required=True, readonly=True, default="api")
    posting = fields.Integer(string="Posting", readonly=True,
                             help="The order's production posting this completion made "
                                  "(see its Backflush tab); 0: not posted yet.")
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 readonly=True, index=True)
    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    required=True, readonly=True, index=True,
                                    ondelete="cascade")
    quantity = fields.Float(string="Quantity", readonly=True,
                            digits=dp.get_precision("Product Unit of Measure"))
    product_uom_id = fields.Many2one(related="production_id.product_uom_id", readonly=True,
                                     string="Unit of Measure")
    state = fields.Selection([
        ("reported", "Reported, not posted yet"),
        ("posted", "Posted"),
        ("queued", "Posted, components queued"),
    ], string="Status", required=True, readonly=True, default="reported",
        help="A report is recorded first, then its posting makes it Posted.")
    result = fields.Text(string="Result", readonly=True,
                         help="The summary the first report returned (JSON): a repeated "
                              "report returns it again.")

    _sql_constraints = [
        ("event_company_uniq", "unique(event_id, company_id)",
         "This completion event was already reported."),
    ]

    @api.multi
    def name_get(self):
        return [(event.id, event.event_id or _("%s, posting %s") % (
            event.production_id.name, event.posting)) for event in self]

    @api.model
    def _find(self, event_id, company):
        return self.search([("event_id", "=", event_id), ("company_id", "=", company.id)],
                           limit=1)

    @api.model
    def _claim(self, event_id, production, quantity):
        """Insert the event row, or return an empty recordset if a concurrent report of
        the same event committed it first (the unique constraint decides)."""
        vals = self._prepare_event_vals(event_id, production, quantity)
        try:
            with self.env.cr.savepoint(), self._quiet_sql():
                return self.create(vals)
        except psycopg2.IntegrityError as error:
            if error.pgcode != errorcodes.UNIQUE_VIOLATION:
                raise
        return self.browse()

    @api.model
    def _prepare_event_vals(self, event_id, production, quantity, source="api"):
        return {"event_id": event_id, "company_id": production.company_id.id,
                "production_id": production.id, "quantity": quantity, "source": source}

    @contextmanager
    def _quiet_sql(self):
        """A duplicate event is an expected outcome, not a "bad query" to log as ERROR."""
        cr = self.env.cr
        previous, cr._default_log_exceptions = cr._default_log_exceptions, False
        try:
            yield
        finally:
            cr._default_log_exceptions = previous

    @api.model
    def _committed_result(self, event_id, company):
        """The stored result of an event another transaction committed: read through a new
        cursor, since this transaction's snapshot predates that commit."""
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            event = self.with_env(self.env(cr=cr))._find(event_id, company)
            if not event:
                raise UserError(_("Completion event %s could not be recorded: another report "
                                  "of it is still running. Send it again.") % event_id)
            return event._result()

    @api.multi
    def _result(self):
        self.ensure_one()
        return json.loads(self.result or "{}")

    @api.multi
    def _store_result(self, result):
        self.ensure_one()
        self.write({"result": json.dumps(result, sort_keys=True),
                    "state": "queued" if result.get("queued_product_ids") else "posted"})
