# -*- coding: utf-8 -*-
"""Completion events: one row per completion of a manufacturing order, from any path
(the MES API, the Report Completion dialog, Produce + Post Inventory / Mark as Done).

Each event id of the MES API is reported exactly once. The database enforces it:
``(event_id, company_id)`` is unique, and a report inserts its event row *before* it
posts anything, in the same transaction. A concurrent report of the same event blocks on
that insert until the first one commits, then fails on the constraint and answers with
the first report's stored result (DESIGN 7, MES). A report's row waits as pending until
the posting it makes links it (``mrp.production._completion_log_event``).

A deferred report (``report_completion(..., deferred=True)``, or the company's setting)
records its event as pending and answers at once; the event's queue_job job posts it
through the ordinary path later (``_post_deferred``), one event of an order at a time, in
the order they were reported.
"""
import json
from contextlib import contextmanager

import psycopg2
from psycopg2 import errorcodes

from odoo import _, api, fields, models, sql_db
from odoo.addons import decimal_precision as dp
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job, job
from odoo.exceptions import UserError, ValidationError

from .queue_job_retry import CHANNEL, RETRY_PATTERN, retry_on_concurrency

# states of queue.job in which a job will still run
JOB_ALIVE = ("pending", "enqueued", "started")


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
    # the quantity with its unit at the unit's precision ("5 Unit(s)"): a list view cannot
    # give each row its own decimals
    quantity_text = fields.Char(string="Quantity Reported", compute="_compute_quantity_text")
    state = fields.Selection([
        ("pending", "Waiting to Post"),
        ("posted", "Posted"),
        ("queued", "Posted, components queued"),
        ("failed", "Failed"),
    ], string="Status", required=True, readonly=True, default="posted", index=True)
    result = fields.Text(string="Result", readonly=True,
                         help="The summary the first report returned (JSON): a repeated "
                              "report returns it again.")
    lot_names = fields.Char(string="Lots/Serial Numbers", readonly=True,
                            help="The finished lots or serial numbers reported, separated "
                                 "by commas.")
    job_id = fields.Many2one("queue.job", string="Job", readonly=True, ondelete="set null",
                             copy=False, help="The background job that posts a deferred "
                                              "report.")
    job_state = fields.Selection(related="job_id.state", string="Job Status", readonly=True)
    failure = fields.Text(string="Failure", readonly=True,
                          help="Why the background posting failed (nothing of it was "
                               "posted): fix the cause, then Post Again.")

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
    def _claim(self, event_id, production, quantity, lot_names=()):
        """Insert the event row (pending) of ``quantity`` in the finished ``lot_names``,
        or return an empty recordset if a concurrent report of the same event committed
        it first (the unique constraint decides)."""
        # pending until posted: inline, the posting links it (_completion_log_event) and the
        # result is stored; deferred, its job does
        vals = dict(self._prepare_event_vals(event_id, production, quantity),
                    state="pending", lot_names=", ".join(lot_names) or False)
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
        """The summary the first report returned, with where the event stands now:
        ``event_state`` (pending, posted, queued, failed) and ``failure`` (why its
        background posting failed, or False), so that a resend of a deferred report
        learns what became of it."""
        self.ensure_one()
        return dict(json.loads(self.result or "{}"), event_state=self.state,
                    failure=self.failure or False)

    @api.multi
    @api.depends("quantity", "product_uom_id")
    def _compute_quantity_text(self):
        for event in self:
            event.quantity_text = (event.product_uom_id._backflush_format(event.quantity)
                                   if event.product_uom_id else False)

    @api.multi
    def _store_result(self, result):
        """The answer ``result`` on the event, and its state; a deferred answer links the
        job that posts it (its ``job_uuid``) in the same write."""
        self.ensure_one()
        vals = {"result": json.dumps(result, sort_keys=True), "failure": False}
        if result.get("queued"):            # deferred: answered, its job posts it
            vals.update(state="pending", job_id=Job.db_record_from_uuid(
                self.env, result["job_uuid"]).id)
        elif result.get("queued_product_ids"):
            vals["state"] = "queued"
        else:
            vals["state"] = "posted"
        self.write(vals)

    @api.model
    def _post_consumed_queue(self, lines):
        """The completions whose queued components ``lines`` (backflush lines) were just
        consumed: Posted, once none of their posting's components waits any more."""
        for production, posting in set((line.production_id, line.posting) for line in lines):
            if "queued" in production.backflush_line_ids.filtered(
                    lambda line, posting=posting: line.posting == posting).mapped("state"):
                continue
            production.sudo().backflush_event_ids.filtered(
                lambda event, posting=posting: event.posting == posting
                and event.state == "queued").write({"state": "posted"})

    # ------------------------------------------------------ background posting
    @api.multi
    @job(default_channel=CHANNEL, retry_pattern=RETRY_PATTERN)
    def _post_deferred(self, hours, lot_names=()):
        """Job: post this deferred event as report_completion posts inline, all or nothing.
        An order being posted by another transaction: retried with backoff. A business
        error (Odoo's UserError): the job fails with its message, the event shows it and
        nothing is posted; Post Again (or requeueing the job) runs it again."""
        self.ensure_one()
        if self.state not in ("pending", "failed"):
            return _("Completion event %s was already posted.") % self.event_id
        self._check_earlier_events_posted()
        production = self.production_id
        try:
            with retry_on_concurrency(self.env, _("Manufacturing order %s is being posted "
                                                  "by another transaction") % production.name):
                time_entries = production._completion_time_entries_by_name(hours)
                production._completion_check(self.quantity, time_entries, lot_names, event=self)
                result = production._completion_post(self.quantity, time_entries,
                                                       lot_names)
                result.update(event_id=self.event_id,
                              job_uuid=self.env.context.get("job_uuid"))
                self._store_result(result)
        except (UserError, ValidationError) as error:
            self._record_failure(error.name)
            raise
        return _("Posted %s of %s.") % (
            production.product_uom_id._backflush_format(self.quantity), production.name)

    @api.model
    def _waiting_serials(self, product, names, before=None):
        """Of the serial numbers ``names`` of ``product``, those a deferred report still
        waiting for its job (reported before the event ``before``, if given) will post."""
        domain = [("production_id.product_id", "=", product.id), ("state", "=", "pending"),
                  ("job_id.state", "in", JOB_ALIVE), ("lot_names", "!=", False)]
        if before:
            domain.append(("id", "<", before.id))
        waiting = set()
        for event in self.sudo().search(domain):
            waiting.update(name.strip() for name in event.lot_names.split(","))
        return [name for name in names if name in waiting]

    @api.multi
    def _check_earlier_events_posted(self):
        """Events of one order post in the order they were reported: while an earlier one
        still has a job to run, this one waits (without using up its retries)."""
        self.ensure_one()
        earlier = self.sudo().search([
            ("production_id", "=", self.production_id.id), ("id", "<", self.id),
            ("state", "=", "pending"), ("job_id.state", "in", JOB_ALIVE)], limit=1)
        if earlier:
            raise RetryableJobError(
                _("Waits for completion event %s of %s, reported before it.") % (
                    earlier.event_id, self.production_id.name),
                seconds=RETRY_PATTERN[1], ignore_retry=True)

    @api.multi
    def _record_failure(self, message):
        """Odoo's ``message`` on the event and on its order, in a transaction of its own:
        the job's transaction is rolled back (nothing of the posting stays)."""
        self.ensure_one()
        with api.Environment.manage(), self.pool.cursor() as cr:
            self.with_env(self.env(cr=cr))._note_failure(message)

    @api.multi
    def _note_failure(self, message):
        """These events Failed with ``message``, said on their orders' chatter."""
        self.write({"state": "failed", "failure": message})
        for event in self:
            event.production_id.message_post(body=_(
                "Completion event %s (%s) could not be posted: %s") % (
                event.event_id, event.product_uom_id._backflush_format(event.quantity),
                message))

    @api.multi
    def action_post_again(self):
        """Button of a failed event, once its cause is fixed: its job runs again (the
        event waits to post again as its job is requeued, see queue.job's write)."""
        for event in self.filtered(lambda event: event.state == "failed"):
            if not event.job_id:
                raise UserError(_("Completion event %s has no job any more (removed from "
                                  "Settings > Technical > Job Queue > Jobs): report it "
                                  "again with a new event id.") % event.event_id)
            event.job_id.sudo().requeue()
        return True
