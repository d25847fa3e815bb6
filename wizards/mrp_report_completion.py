# -*- coding: utf-8 -*-
"""Report Completion: units done on one or many manufacturing orders, with the hours
worked per work order, produced, backflushed, costed and posted in one transaction."""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError

from ..models.mrp_production_completion_check import PRODUCIBLE_STATES


class MrpReportCompletion(models.TransientModel):
    _name = "mrp.report.completion"
    _description = "Report Completion"

    line_ids = fields.One2many("mrp.report.completion.line", "wizard_id",
                               string="Manufacturing Orders")
    time_ids = fields.One2many("mrp.report.completion.time", "wizard_id",
                               string="Hours Worked")
    component_ids = fields.One2many("mrp.report.completion.component", "wizard_id",
                                    string="Manual Components")
    result = fields.Text(string="Posted", readonly=True,
                         help="What the report did, per order: shown when it has posted.")

    @api.model
    def default_get(self, fields_list):
        result = super(MrpReportCompletion, self).default_get(fields_list)
        productions = self._default_productions()
        if "line_ids" in fields_list:
            # product and remaining are given here, so the dialog shows them as it opens
            result["line_ids"] = [(0, 0, {
                "production_id": production.id,
                "product_id": production.product_id.id,
                "remaining_qty": production._completion_remaining_qty(),
                "remaining_text": production.product_uom_id._backflush_format(
                    production._completion_remaining_qty()),
                # what no report waiting for its background job has taken yet
                "quantity": max(0.0, production._completion_remaining_qty()
                                - production._completion_waiting_qty()),
                "product_uom_id": production.product_uom_id.id,
                "uom_rounding": production.product_uom_id.rounding,
                "product_tracking": production.product_id.tracking,
            }) for production in productions]
        if "component_ids" in fields_list:
            result["component_ids"] = [(0, 0, vals) for production in productions
                                       for vals in self._prepare_component_vals(production)]
        if "time_ids" in fields_list:
            result["time_ids"] = [(0, 0, vals) for production in productions
                                  for vals in self._prepare_time_vals(production)]
        return result

    @api.model
    def _default_productions(self):
        if self.env.context.get("active_model") != "mrp.production":
            return self.env["mrp.production"]
        productions = self.env["mrp.production"].browse(
            self.env.context.get("active_ids") or [])
        producible = productions.filtered(lambda order: order.state in PRODUCIBLE_STATES)
        if productions and not producible:
            raise UserError(_("None of the selected manufacturing orders can report a "
                              "completion: they must be confirmed, planned or in progress."))
        return producible

    @api.model
    def _prepare_time_vals(self, production):
        """One line per open work order, or per work center of the routing when the
        order is not planned yet (its work orders are made when hours are logged)."""
        workorders = production.workorder_ids.filtered(
            lambda wo: wo.state not in ("done", "cancel"))
        if workorders:
            return [{"production_id": production.id, "workorder_id": workorder.id,
                     "workcenter_id": workorder.workcenter_id.id, "hours": False}
                    for workorder in workorders]
        # hours False, not 0: the dialog shows an empty cell (the standard time applies)
        return [{"production_id": production.id, "workcenter_id": workcenter.id,
                 "hours": False} for workcenter in production._completion_workcenters()]

    @api.model
    def _prepare_component_vals(self, production):
        """One line per open raw move of a `manual` component: the backflush never
        consumes it, so what is typed here (default 0) is what the report consumes."""
        kit_policies = production._backflush_kit_line_values("backflush_policy")
        return [{"production_id": production.id, "move_id": move.id,
                 "product_id": move.product_id.id, "product_uom_id": move.product_uom.id,
                 "uom_rounding": move.product_uom.rounding, "quantity": 0.0}
                for move in production.move_raw_ids.filtered(
                    lambda move: move.state not in ("done", "cancel") and move.bom_line_id
                    and move.bom_line_id._backflush_effective_policy(
                        kit_policies.get(move.bom_line_id.id, False)) == "manual")]

    @api.multi
    def action_report(self):
        """Check every order first, then post them all: one error posts nothing. Returns
        the dialog again, saying what was posted (``_result_text``)."""
        self.ensure_one()
        reports = []
        for line in self.line_ids.filtered("quantity"):
            entries = [(time.workcenter_id, time.workorder_id, time.hours)
                       for time in self.time_ids
                       if time.production_id == line.production_id]
            lot_names = line._lot_names()
            line.production_id._completion_check(line.quantity, entries, lot_names)
            components = self.component_ids.filtered(
                lambda component, line=line: component.production_id == line.production_id)
            components._check_quantity()
            reports.append((line.production_id, line.quantity, entries, lot_names,
                            components))
        if not reports:
            raise UserError(_("Enter the quantity done of at least one manufacturing order."))
        summaries = []
        with self.env.clear_upon_failure(), self.env.cr.savepoint():
            events = self.env["mrp.backflush.event"]
            for production, quantity, entries, lot_names, components in reports:
                components._record()
                # the completion event, pending until the posting links it
                events.create(dict(events._prepare_event_vals(
                    False, production, quantity, "report"), state="pending"))
                summaries.append(production._completion_post(quantity, entries,
                                                               lot_names))
        self.result = "\n\n".join(self._result_text(summary) for summary in summaries)
        # Odoo 11 has no notification a server action can send (its web client shows
        # them from JavaScript only): the dialog itself says what it did, as the set-up
        # of WIP valuation does; the order's chatter has each posting's message
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new", "name": _("Report Completion"),
                "views": [(self.env.ref(
                    "mrp_backflush.mrp_report_completion_view_result").id, "form")]}

    @api.model
    def _result_text(self, summary):
        """What one order's report did, from its ``report_completion`` summary: the
        quantity posted and the order's state, the components consumed, those queued
        (with the reason) and the hours logged."""
        production = self.env["mrp.production"].browse(summary["production_id"])
        states = dict(production._fields["state"]._description_selection(self.env))
        lines = self.env["mrp.backflush.line"].browse(summary["backflush_line_ids"])
        queued = lines.filtered(lambda line: line.state == "queued")
        consumed = (lines - queued).filtered(lambda line: line.consumed_qty)
        logs = self.env["mrp.workcenter.productivity"].browse(summary["time_log_ids"])
        text = [_("%s: %s of %s posted; the order is %s.") % (
            production.name, production.product_uom_id._backflush_format(summary["quantity"]),
            production.product_id.display_name, states[production.state])]
        text.append(_("Components consumed: %s.") % (", ".join(
            "%s %s" % (line.product_id.display_name,
                       line.product_uom_id._backflush_format(line.consumed_qty))
            for line in consumed) or _("none")))
        if queued:
            text.append(_("Queued, waiting for stock (retried every hour, or Retry on the "
                          "order's Backflush tab): %s.") % "; ".join(
                "%s %s (%s)" % (line.product_id.display_name,
                                line.product_uom_id._backflush_format(line.queued_qty),
                                line.reason)
                for line in queued))
        if logs:
            text.append(_("Hours logged: %s.") % ", ".join(
                "%s %.2f h" % (log.workcenter_id.name, log.duration / 60.0) for log in logs))
        elif production._completion_workcenters():
            text.append(_("Hours: none entered, the time logged on the work orders since "
                          "the last posting is costed, else the routing's standard time."))
        return "\n".join(text)

    @api.multi
    def action_close(self):
        # the screen behind (the order, or the list) shows the orders as now posted
        return {"type": "ir.actions.client", "tag": "reload"}


class MrpReportCompletionLine(models.TransientModel):
    _name = "mrp.report.completion.line"
    _description = "Report Completion: Order"

    wizard_id = fields.Many2one("mrp.report.completion", required=True, ondelete="cascade")
    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    required=True, readonly=True)
    # filled by default_get, not computed: the dialog shows them as it opens
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    remaining_qty = fields.Float(string="Remaining", readonly=True,
                                 digits=dp.get_precision("Product Unit of Measure"))
    # what remains in the order's unit at the unit's precision ("10 Unit(s)")
    remaining_text = fields.Char(string="Remaining", readonly=True)
    quantity = fields.Float(string="Quantity Done",
                            digits=dp.get_precision("Product Unit of Measure"),
                            help="Units done since the last report; 0: not reported now. "
                                 "More than remains is refused beyond the company's "
                                 "over-production tolerance.")
    product_uom_id = fields.Many2one("product.uom", string="Unit of Measure", readonly=True)
    uom_rounding = fields.Float(related="product_uom_id.rounding", readonly=True)
    product_tracking = fields.Selection(related="production_id.product_id.tracking",
                                        readonly=True)
    lot_name = fields.Char(string="Lot/Serial Number",
                           help="Lot of the units reported (created if new); serial "
                                "numbers: one per unit, separated by commas.")

    @api.multi
    def _lot_names(self):
        """The finished lots typed in: serial numbers separated by commas or lines."""
        self.ensure_one()
        text = (self.lot_name or "").strip()
        if not text:
            return []
        if self.production_id.product_id.tracking == "serial":
            return [name.strip() for name in text.replace("\n", ",").split(",")
                    if name.strip()]
        return [text]


class MrpReportCompletionTime(models.TransientModel):
    _name = "mrp.report.completion.time"
    _description = "Report Completion: Hours Worked"

    wizard_id = fields.Many2one("mrp.report.completion", required=True, ondelete="cascade")
    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    required=True, readonly=True)
    workorder_id = fields.Many2one("mrp.workorder", string="Work Order", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Center", required=True,
                                    readonly=True)
    hours = fields.Float(string="Hours", help="Hours worked for this report (1.5 = 1 h 30 "
                                             "min), logged on the work order; empty: the "
                                             "standard time of the routing applies.")


class MrpReportCompletionComponent(models.TransientModel):
    _name = "mrp.report.completion.component"
    _description = "Report Completion: Manual Component"

    wizard_id = fields.Many2one("mrp.report.completion", required=True, ondelete="cascade")
    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    required=True, readonly=True)
    move_id = fields.Many2one("stock.move", string="Raw Move", required=True, readonly=True)
    product_id = fields.Many2one("product.product", string="Component", readonly=True)
    product_uom_id = fields.Many2one("product.uom", string="Unit of Measure", readonly=True)
    uom_rounding = fields.Float(related="product_uom_id.rounding", readonly=True)
    quantity = fields.Float(string="Consumed",
                            digits=dp.get_precision("Product Unit of Measure"),
                            help="Quantity of this manual component consumed for this "
                                 "report: consumed as typed, nothing more (0: none).")

    @api.multi
    def _check_quantity(self):
        for component in self:
            if component.quantity < 0:
                raise UserError(_("The quantity of %s consumed on %s cannot be negative "
                                  "(%s).") % (component.move_id.product_id.display_name,
                                             component.production_id.name,
                                             component.move_id.product_uom._backflush_format(
                                                 component.quantity)))

    @api.multi
    def _record(self):
        """Record the quantities typed on their raw moves: the posting consumes them."""
        to_add = [(component.move_id, component.move_id.product_uom._compute_quantity(
            component.quantity, component.move_id.product_id.uom_id, round=False))
            for component in self if component.quantity]
        if to_add:
            self.env["mrp.production"]._backflush_add_done(to_add)
