# -*- coding: utf-8 -*-
"""The manufacturing order of the backflush: its fields, buttons and the overrides of
Odoo's methods. The steps those overrides run live in the concern files:
- ``mrp_production_consumption.py``: the components of a posting (DESIGN 2, 3);
- ``mrp_production_valuation.py``: the posting's stock valuation in one entry;
- ``mrp_production_costing.py``: conversion costs and WIP clearing (DESIGN 4, 5);
- ``mrp_production_unbuild.py``: the reversal of an unbuilt share (DESIGN 5);
- ``mrp_production_report.py``: the one-step completion report and its API (DESIGN 7).
"""
from collections import OrderedDict

from odoo import api, fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    backflush_line_ids = fields.One2many(
        "mrp.backflush.line", "production_id", string="Backflush Log", readonly=True,
        copy=False)
    backflush_components = fields.Text(
        string="Components as Confirmed", readonly=True, copy=False,
        help="The order's bill of materials (kits and scrap % included) as it was when the "
             "order was confirmed or its quantity last updated: what its postings "
             "backflush, whatever was edited in the BOM since.")
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
        """Button and cron: post the queued components that now have stock."""
        self.mapped("backflush_line_ids").filtered(
            lambda line: line.state == "queued")._backflush_retry()
        return True

    @api.model
    def _cron_backflush_retry(self):
        self.env["mrp.backflush.line"].search([("state", "=", "queued")])._backflush_retry()

    @api.multi
    def _generate_moves(self):
        result = super(MrpProduction, self)._generate_moves()
        self._backflush_keep_components()
        return result

    @api.multi
    def _backflush_other_company(self):
        """True when one of these orders is not of the company the environment reads
        company-dependent fields for (the user's current one, unless forced)."""
        current = self.env.context.get("force_company") or self.env.user.company_id.id
        return any(production.company_id.id != current for production in self)

    @api.multi
    def _backflush_by_company(self):
        """These orders grouped by company, each group in its own company's context: the
        product's cost, its category's accounts and journal, the production location
        (company-dependent fields) are then that company's, whatever company the user
        works in."""
        groups = OrderedDict()
        for production in self:
            groups.setdefault(production.company_id.id, []).append(production.id)
        return [self.browse(ids).with_context(force_company=company_id)
                for company_id, ids in groups.items()]

    @api.multi
    def _generate_raw_move(self, bom_line, line_data):
        """Components are consumed from their source location (a supermarket)."""
        move = super(MrpProduction, self)._generate_raw_move(bom_line, line_data)
        source = move and self._backflush_source_location(bom_line)
        if move and move.location_id != source:
            move.location_id = source
        return move
