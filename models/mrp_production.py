# -*- coding: utf-8 -*-
"""The manufacturing order of the backflush: its fields, buttons and the overrides of
Odoo's methods. The steps those overrides run live in the concern files:
- ``mrp_production_consumption.py``: the components of a posting (DESIGN 2, 3);
- ``mrp_production_valuation.py``: the posting's stock valuation in one entry;
- ``mrp_production_costing.py``: conversion costs and WIP clearing (DESIGN 4, 5);
- ``mrp_production_unbuild.py``: the reversal of an unbuilt share (DESIGN 5);
- ``mrp_production_report.py``: the one-step completion report and its API (DESIGN 7).
"""
from odoo import _, api, fields, models
from odoo.addons.queue_job.job import identity_exact, job

from .queue_job_retry import CHANNEL, MAX_RETRIES, RETRY_PATTERN, retry_on_concurrency


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    backflush_line_ids = fields.One2many(
        "mrp.backflush.line", "production_id", string="Backflush Log", readonly=True,
        copy=False)
    backflush_queued_count = fields.Integer(
        compute="_compute_backflush_queued_count", string="Queued Components")
    analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Analytic Account", copy=True,
        states={"done": [("readonly", True)], "cancel": [("readonly", True)]},
        help="Carried by the conversion and variance entries of this order.")
    backflush_move_ids = fields.One2many(
        "account.move", "backflush_production_id", string="Backflush Entries",
        readonly=True, copy=False,
        help="Every journal entry the backflush posted for this order: conversion costs, "
             "variances and unbuild reversals.")
    backflush_move_count = fields.Integer(compute="_compute_backflush_move_count",
                                          string="Backflush Entries Count")
    backflush_cost_line_ids = fields.One2many(
        "mrp.backflush.cost.line", "production_id", string="Conversion Costs",
        readonly=True, copy=False)
    backflush_event_ids = fields.One2many(
        "mrp.backflush.event", "production_id", string="Completion Events", readonly=True,
        copy=False)

    @api.multi
    @api.depends("backflush_line_ids.state")
    def _compute_backflush_queued_count(self):
        for production in self:
            production.backflush_queued_count = len(production.backflush_line_ids.filtered(
                lambda line: line.state == "queued"))

    @api.multi
    def _compute_backflush_move_count(self):
        # the smart button counts entries a manufacturing user may not read
        groups = self.env["account.move"].sudo().read_group(
            [("backflush_production_id", "in", self.ids)],
            ["backflush_production_id"], ["backflush_production_id"])
        counts = {group["backflush_production_id"][0]: group["backflush_production_id_count"]
                  for group in groups}
        for production in self:
            production.backflush_move_count = counts.get(production.id, 0)

    @api.multi
    def action_view_backflush_moves(self):
        self.ensure_one()
        action = self.env.ref("account.action_move_journal_line").read()[0]
        action["domain"] = [("backflush_production_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.multi
    def action_backflush_retry(self):
        """Button and job: post the queued components that now have stock."""
        self.mapped("backflush_line_ids").filtered(
            lambda line: line.state == "queued")._backflush_retry()
        return True

    @api.model
    def _cron_backflush_retry(self):
        """Hourly safety net: a retry job for each order with queued components."""
        lines = self.env["mrp.backflush.line"].search([("state", "=", "queued")])
        for production in lines.mapped("production_id"):
            production._backflush_retry_enqueue()

    @api.multi
    def _backflush_retry_enqueue(self):
        """The retry job of this order: one waiting job per order (identity key)."""
        self.ensure_one()
        return self.with_delay(
            channel=CHANNEL, max_retries=MAX_RETRIES, identity_key=identity_exact,
            description=_("Retry the backflush queue of %s") % self.name,
        )._backflush_retry_job()

    @api.multi
    @job(default_channel=CHANNEL, retry_pattern=RETRY_PATTERN)
    def _backflush_retry_job(self):
        """Job: post the queued components of this order that now have stock, with the
        order taken (a posting of it in progress: retried with backoff)."""
        self.ensure_one()
        with retry_on_concurrency(self.env, _("Manufacturing order %s is being posted by "
                                              "another transaction") % self.name):
            self._report_lock()
            self.action_backflush_retry()
        return _("Queued components of %s: %d still waiting.") % (
            self.name, self.backflush_queued_count)

    @api.multi
    def _generate_raw_move(self, bom_line, line_data):
        """Components are consumed from their source location (a supermarket)."""
        move = super(MrpProduction, self)._generate_raw_move(bom_line, line_data)
        source = move and self._backflush_source_location(bom_line)
        if move and move.location_id != source:
            move.location_id = source
        return move
