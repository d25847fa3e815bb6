# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.tools import float_compare

from ..engine import consumption as consumption_engine
from .res_company import BACKFLUSH_POLICIES


class MrpBackflushLine(models.Model):
    """The backflush log: one line per component per production posting. Written by the
    postings themselves (users create them by completing orders, never edit them)."""
    _name = "mrp.backflush.line"
    _description = "Backflush Log Line"
    _order = "production_id, posting, id"

    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 index=True)
    posting = fields.Integer(string="Posting", required=True,
                             help="1 for the order's first production posting, 2 for the "
                                  "second, ...")
    date = fields.Datetime(string="Date", required=True)
    workorder_id = fields.Many2one("mrp.workorder", string="Work Order",
                                   ondelete="set null",
                                   help="The work order whose production consumed the "
                                        "component (policy: at operation completion).")
    bom_line_id = fields.Many2one("mrp.bom.line", string="BOM Line", ondelete="set null")
    product_id = fields.Many2one("product.product", string="Component", required=True)
    product_uom_id = fields.Many2one("product.uom", string="Unit of Measure", required=True)
    policy = fields.Selection(BACKFLUSH_POLICIES, string="Policy")
    required_qty = fields.Float(string="Required", digits=(16, 4),
                                help="BOM quantity for the posting, scrap included.")
    scrap_qty = fields.Float(string="Of Which Scrap", digits=(16, 4))
    recorded_qty = fields.Float(string="Recorded", digits=(16, 4),
                                help="Recorded by a person for the posting (a quantity typed "
                                     "on the order, a work order's lots; what Odoo's Produce "
                                     "wizard proposed by itself is not a record), or "
                                     "consumed ahead of it "
                                     "by a posting that produced nothing: topped up, never "
                                     "consumed twice.")
    consumed_qty = fields.Float(string="Consumed", digits=(16, 4),
                                help="What the posting's done stock moves took from stock "
                                     "(their move lines), in the component's stock unit.")
    queued_qty = fields.Float(string="Waiting", digits=(16, 4),
                              help="Quantity the queue consumes once there is stock.")
    location_id = fields.Many2one("stock.location", string="Source Location")
    state = fields.Selection([
        ("done", "Consumed"),
        ("queued", "Queued"),
        ("manual", "Manual"),
        ("operation", "At Operation"),
        ("skipped", "Not on the Order"),
        ("dropped", "Dropped at Cancel"),
    ], string="Status", required=True, index=True)
    reason = fields.Char(string="Reason")
    move_id = fields.Many2one("stock.move", string="Stock Move", ondelete="set null")
    # the quantities with their unit, at the unit's precision ("220 g", "67.2 Unit(s)"),
    # for the order's Backflush tab: a list view cannot give each row its own decimals
    required_text = fields.Char(compute="_compute_texts", string="Required")
    scrap_text = fields.Char(compute="_compute_texts", string="Of Which Scrap")
    recorded_text = fields.Char(compute="_compute_texts", string="Recorded")
    consumed_text = fields.Char(compute="_compute_texts", string="Consumed")
    queued_text = fields.Char(compute="_compute_texts", string="Waiting")

    @api.multi
    @api.depends("product_uom_id", "required_qty", "scrap_qty", "recorded_qty",
                 "consumed_qty", "queued_qty")
    def _compute_texts(self):
        for line in self:
            uom = line.product_uom_id
            for name in ("required", "scrap", "recorded", "consumed", "queued"):
                qty = line[name + "_qty"]
                # an empty cell for nothing of scrap, recorded or waiting: what happened
                # stands out
                shown = qty or name in ("required", "consumed")
                line[name + "_text"] = uom._backflush_format(qty) if uom and shown else False
    lot_ids = fields.Many2many("stock.production.lot", string="Lots/Serial Numbers",
                               help="Lots or serial numbers of the component consumed.")

    @api.model_cr
    def init(self):
        """A cycle count sums what the counted component's BOM lines consumed over the
        look-back days: those lines' log of those days, not of every day."""
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS mrp_backflush_line_bom_line_date_index
                ON mrp_backflush_line (bom_line_id, date) WHERE state = 'done'""")

    @api.multi
    def _backflush_retry(self):
        """Post each queued line whose component now has stock at its source. A line of
        a cancelled order is dropped, never consumed into it (a cancel drops them; a line
        left queued on an order cancelled before that would otherwise be retried for
        ever)."""
        queued = self.filtered(lambda line: line.state == "queued")
        cancelled = queued.filtered(lambda line: line.production_id.state == "cancel")
        cancelled._backflush_drop()
        queued -= cancelled
        available = self.env["mrp.production"]._backflush_available(
            [(line.product_id, line.location_id) for line in queued])
        ready = self.browse()
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for line in queued:
            product, key = line.product_id, (line.product_id.id, line.location_id.id)
            if consumption_engine.unrecordable(line.queued_qty, digits):
                continue  # its reason says why it waits: no stock brings it
            on_hand = available.get(key, 0.0)
            if float_compare(on_hand, line.queued_qty,
                             precision_rounding=product.uom_id.rounding) < 0:
                line.sudo().reason = _("%s needed in %s, %s available") % (
                    product.uom_id._backflush_format(line.queued_qty),
                    line.location_id.display_name, product.uom_id._backflush_format(on_hand))
                continue
            available[key] = on_hand - line.queued_qty
            ready |= line
        ready._check_backflush_retry()
        for line in ready:
            product = line.product_id
            production = line.production_id.with_context(force_company=line.company_id.id)
            move = production._backflush_post_queued(line)
            line.sudo().write({"state": "done",
                               "consumed_qty": line.consumed_qty + move._backflush_moved_qty(),
                               "queued_qty": 0.0, "move_id": move.id, "reason": False,
                               "lot_ids": [(4, lot.id) for lot in move._backflush_lots()]})
            line.production_id.message_post(body=_(
                "Backflush queue: %s of %s consumed (posting %s).") % (
                product.uom_id._backflush_format(move.product_qty), product.display_name,
                line.posting))
        self.env["mrp.backflush.event"]._post_consumed_queue(
            queued.filtered(lambda line: line.state == "done"))
        return True

    @api.multi
    def _backflush_drop(self):
        """These queued lines of cancelled orders leave the queue unconsumed: their
        orders will never post them (their finished goods were received without them), a
        note on each order says what was dropped."""
        for production in self.mapped("production_id"):
            lines = self.filtered(lambda line, order=production: line.production_id == order)
            rows = "".join("<li>%s %s (posting %s)</li>" % (
                line.product_uom_id._backflush_format(line.queued_qty),
                line.product_id.display_name, line.posting) for line in lines)
            for line in lines:
                line.sudo().write({"state": "dropped", "reason": _(
                    "%s not consumed: the order was cancelled") % (
                    line.product_uom_id._backflush_format(line.queued_qty)),
                    "queued_qty": 0.0})
            production.message_post(body=_(
                "Cancelled with components waiting in the backflush queue: dropped from "
                "the queue, not consumed:<ul>%s</ul>") % rows)
        self.env["mrp.backflush.event"]._post_consumed_queue(self)

    @api.multi
    def _check_backflush_retry(self):
        """Before any of these lines is posted: what keeps their costed orders from
        posting today (the lock date that applies to the user, accounts, journal), one
        UserError for all, as a posting of the order is refused."""
        problems = []
        for production in self.mapped("production_id"):
            production = production.with_context(force_company=production.company_id.id)
            if production._backflush_is_costed():
                problems.extend(production._backflush_account_problems())
        self.env["mrp.production"]._backflush_raise_problems(
            sorted(problems), _("Cannot post the queued components of %s:") % ", ".join(
                self.mapped("production_id.name")))
