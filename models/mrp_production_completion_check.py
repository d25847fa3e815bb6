# -*- coding: utf-8 -*-
"""The checks of a completion report (DESIGN 7), every reason it cannot post, before
anything is written: the order's state, the quantity (over-production tolerance, the
reports waiting for their jobs), the finished lots, the hours.
"""
from numbers import Number

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..engine import completion as completion_engine
from .mrp_backflush_event import JOB_ALIVE

PRODUCIBLE_STATES = ("confirmed", "planned", "progress")


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _completion_check(self, quantity, time_entries=(), lot_names=(), event=None):
        """Every reason the report cannot post, before anything is written; ``event``:
        the deferred completion event being posted, if that is what is checked. Returns
        the quantity already produced (``_completion_produced_qty``) the checks read."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("Manufacturing order %s is already done: no completion can be "
                              "reported on it any more.") % self.name)
        if self.state not in PRODUCIBLE_STATES:
            raise UserError(_("Manufacturing order %s is %s: only confirmed, planned or "
                              "in-progress orders can report completions.") % (
                self.name, dict(self._fields["state"].selection)[self.state]))
        if isinstance(quantity, bool) or not isinstance(quantity, Number) or float_compare(
                quantity, 0.0, precision_rounding=self.product_uom_id.rounding) <= 0:
            raise UserError(_("The quantity reported on %s must be a positive number, not "
                              "%s.") % (self.name, self._completion_typed(quantity)))
        produced = self._completion_produced_qty()
        self._completion_check_overproduction(quantity, event, produced)
        self._completion_check_lots(quantity, lot_names, event)
        for workcenter, _workorder, worked in time_entries:
            if isinstance(worked, bool) or not isinstance(worked, Number) or worked < 0:
                raise UserError(_("The hours of work center %s on %s must be a number of "
                                  "hours (0 or more), not %r.") % (workcenter.name, self.name,
                                                                   worked))
        if any(worked for _center, _workorder, worked in time_entries):
            self._completion_productive_loss()
        return produced

    @api.multi
    def _completion_max_qty(self, event=None, produced=None):
        """The most a report may add now (MO UoM): what remains to produce plus the
        company's over-production tolerance (a percentage of the order's quantity), less
        the reports waiting to post (see ``_completion_waiting_qty``); ``produced``: the
        ``_completion_produced_qty`` the caller already read."""
        self.ensure_one()
        if produced is None:
            produced = self._completion_produced_qty()
        return completion_engine.max_report_qty(
            self.product_qty, self.company_id.backflush_overproduction_tolerance, produced,
            self._completion_waiting_qty(event), self.product_uom_id.rounding)

    @api.multi
    def _completion_waiting_qty(self, event=None):
        """What deferred reports of the order recorded that their jobs (still to run) have
        not posted yet (MO UoM): a new report comes after all of them; the ``event`` a
        job posts, after those reported before it (jobs of an order post in the order
        reported)."""
        self.ensure_one()
        # one query: every deferred report checks this, and an order in a burst has many
        # events waiting, each with its job (loading them all took most of the answer)
        query = ("SELECT coalesce(sum(event.quantity), 0) FROM mrp_backflush_event event "
                 "JOIN queue_job job ON job.id = event.job_id WHERE event.production_id = %s "
                 "AND event.state = 'pending' AND job.state IN %s")
        params = [self.id, JOB_ALIVE]
        if event:
            query += " AND event.id < %s"
            params.append(event.id)
        self.env.cr.execute(query, params)
        return self.env.cr.fetchone()[0]

    @api.multi
    def _completion_typed(self, quantity):
        """A reported ``quantity`` in a message as it was given: a number in the order's
        unit at its precision ("-3 Unit(s)", not "-3.0"), anything else as received."""
        self.ensure_one()
        if isinstance(quantity, Number) and not isinstance(quantity, bool):
            return self.product_uom_id._backflush_format(quantity)
        return repr(quantity)

    @api.multi
    def _completion_check_overproduction(self, quantity, event=None, produced=None):
        """More than remains is refused beyond the company's tolerance."""
        self.ensure_one()
        uom = self.product_uom_id
        most = self._completion_max_qty(event, produced)
        if not completion_engine.exceeds(quantity, most, uom.rounding):
            return
        remaining = uom._backflush_format(self._completion_remaining_qty())
        waiting = self._completion_waiting_qty(event)
        if waiting:
            remaining = _("%s remain to produce, %s of them reported and waiting to post") % (
                remaining, uom._backflush_format(waiting))
        else:
            remaining = _("%s remain to produce") % remaining
        raise UserError(_(
            "Cannot report %s done on %s: only %s (over-production tolerance %s %%: at most "
            "%s). Report at most that, or raise the tolerance in Manufacturing > "
            "Configuration > Settings > Report Completion.") % (
            uom._backflush_format(quantity), self.name, remaining,
            "%g" % self.company_id.backflush_overproduction_tolerance,
            uom._backflush_format(most)))

    @api.multi
    def _completion_log_overproduction(self, quantity):
        """Within the tolerance, more than remains is allowed and said in the chatter."""
        self.ensure_one()
        remaining = self._completion_remaining_qty()
        uom = self.product_uom_id
        if not completion_engine.exceeds(quantity, remaining, uom.rounding):
            return
        self.message_post(body=_(
            "Over-production: %s reported where %s remained (%s more, within the company's "
            "over-production tolerance of %s %%).") % (
            uom._backflush_format(quantity), uom._backflush_format(remaining),
            uom._backflush_format(quantity - remaining),
            "%g" % self.company_id.backflush_overproduction_tolerance))

    @api.multi
    def _completion_check_lots(self, quantity, lot_names, event=None):
        """The lots of the finished product: one lot name for a lot-tracked product, one
        new serial number per unit for a serial-tracked one, none otherwise. Tracked
        components need nothing: the backflush takes their lots as Odoo reserves them.
        A tracked by-product is refused: its lot cannot be decided."""
        self.ensure_one()
        product = self.product_id
        tracking = product.tracking
        if tracking == "none" and lot_names:
            raise UserError(_("%s is not tracked by lots or serial numbers: report %s "
                              "without a lot.") % (product.display_name, self.name))
        if tracking == "lot" and len(lot_names) != 1:
            raise UserError(_("%s is tracked by lots: give the lot of the units reported on "
                              "%s (lot_name, or the Lot field of Report Completion).")
                            % (product.display_name, self.name))
        if tracking == "serial":
            self._completion_check_serials(quantity, lot_names, event)
        # searched rather than filtered: the finished moves themselves need not be loaded
        byproducts = self.env["stock.move"].search([
            ("production_id", "=", self.id), ("scrapped", "=", False),
            ("product_id", "!=", product.id), ("state", "not in", ("done", "cancel"))],
            order="id").filtered(lambda move: move.unit_factor
                                 and move.product_id.tracking != "none").mapped("product_id")
        if byproducts:
            raise UserError(_("Report Completion cannot choose the lots of the by-products "
                              "%s of %s: record it with the Produce button instead.") % (
                ", ".join(byproducts.mapped("display_name")), self.name))

    @api.multi
    def _completion_check_serials(self, quantity, names, event=None):
        """One new serial number per unit: neither in stock nor reported by a deferred
        report still waiting for its job (before ``event``, the one a job posts)."""
        self.ensure_one()
        product = self.product_id
        if len(names) != quantity or len(set(names)) != len(names):
            raise UserError(_("%s is tracked by serial numbers: give one serial number per "
                              "unit reported on %s (lot_names, or the Lot field of Report "
                              "Completion, names separated by commas): %s units, %s distinct "
                              "names given.") % (product.display_name, self.name, quantity,
                                                 len(set(names))))
        used = self.env["stock.quant"].sudo().search([
            ("product_id", "=", product.id), ("lot_id.name", "in", names),
            ("location_id.usage", "=", "internal"), ("quantity", ">", 0)]).mapped("lot_id")
        if used:
            raise UserError(_("Serial numbers %s of %s are already in stock: each unit "
                              "reported on %s needs a new one.") % (
                ", ".join(used.mapped("name")), product.display_name, self.name))
        waiting = self.env["mrp.backflush.event"]._waiting_serials(product, names, event)
        if waiting:
            raise UserError(_("Serial numbers %s of %s are already reported and waiting to "
                              "post (Manufacturing > Reporting > Completion Events): each "
                              "unit reported on %s needs a new one.") % (
                ", ".join(waiting), product.display_name, self.name))

    @api.model
    def _completion_productive_loss(self):
        loss = self.env["mrp.workcenter.productivity.loss"].search(
            [("loss_type", "=", "productive")], limit=1)
        if not loss:
            raise UserError(_("Hours cannot be logged without a productivity loss of type "
                              "Productive: create one in Manufacturing > Configuration > "
                              "Productivity Losses."))
        return loss

    @api.multi
    def _completion_remaining_qty(self):
        """What is left to produce, in the order's UoM (never negative)."""
        self.ensure_one()
        return completion_engine.remaining_qty(self.product_qty,
                                               self._completion_produced_qty(),
                                               self.product_uom_id.rounding)

    @api.multi
    def _completion_produced_qty(self):
        """Finished product already posted or recorded, in the order's UoM, not rounded
        (callers round): the done quantities of the move lines of its finished moves not
        cancelled, as their ``quantity_done`` sums them. One query, summed per unit of
        the lines: computing ``quantity_done`` loads each move and its lines, and every
        report (a deferred one too) checks the over-production with it."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT line.product_uom_id, sum(line.qty_done) FROM stock_move_line line "
            "JOIN stock_move move ON move.id = line.move_id WHERE move.production_id = %s "
            "AND move.product_id = %s AND move.scrapped IS NOT TRUE AND move.state != "
            "'cancel' GROUP BY line.product_uom_id", (self.id, self.product_id.id))
        uoms = self.env["product.uom"]
        return sum(uoms.browse(uom_id)._compute_quantity(done, self.product_uom_id, round=False)
                   for uom_id, done in self.env.cr.fetchall())
