# -*- coding: utf-8 -*-
"""One-step completion report (DESIGN 2, trigger 3; DESIGN 7, MES integration).

"Report N units done" on a manufacturing order records the quantity on the finished
move, logs the hours given on its work orders, lets its work orders catch up (their
`operation` components are backflushed), then posts through the ordinary posting path
(``post_inventory``, or ``button_mark_done`` when the order is complete): the backflush
tops the components up from the BOM and the costing books the conversion, as for any
posting. Everything is checked before the first write, in one transaction.

``report_completion`` is the external API (JSON-RPC ``execute_kw``), exactly once per
event id through ``mrp.backflush.event``; the Report Completion wizard calls
``_report_completion`` for each order selected.
"""
from datetime import timedelta
from numbers import Number

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

from ..engine import completion as completion_engine
from .mrp_backflush_event import JOB_ALIVE
from .queue_job_retry import CHANNEL, MAX_RETRIES

PRODUCIBLE_STATES = ("confirmed", "planned", "progress")


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    # ------------------------------------------------------------------- MES API
    @api.model
    def report_completion(self, production, quantity, event_id, hours=None, lot_name=None,
                          lot_names=None, deferred=None):
        """Report ``quantity`` units of ``production`` (its reference or id) done, with
        ``hours`` an optional {work center name: hours worked}; a lot-tracked finished
        product takes the lot of the units in ``lot_name``, a serial-tracked one a serial
        number per unit in ``lot_names`` (created when they do not exist). Posts at once
        and returns the posting summary (see ``_report_summary``). The event id makes it
        idempotent: a repeated ``event_id`` posts nothing and returns the first report's
        summary with ``posted`` false and ``duplicate`` true.

        ``deferred`` (default: the company's Post Completion Reports in the Background):
        checked the same way, recorded, and answered at once with ``posted`` false,
        ``queued`` true and ``job_uuid``, the queue_job job that posts it."""
        production = self._report_find_production(production)
        lot_names = self._report_lot_names(lot_name, lot_names)
        event_id = self._report_check_event_id(event_id)
        events = self.env["mrp.backflush.event"]
        event = events._find(event_id, production.company_id)
        if event:
            return self._report_duplicate(event._result())
        time_entries = production._report_time_entries_by_name(hours)
        produced = production._report_check(quantity, time_entries, lot_names)
        if deferred is None:
            deferred = production.company_id.backflush_report_deferred
        # the event row and the posting stand or fall together, for in-process callers
        # too (an RPC call rolls its whole transaction back on error anyway)
        with self.env.clear_upon_failure(), self.env.cr.savepoint():
            event = events._claim(event_id, production, quantity, lot_names)
            if not event:
                return self._report_duplicate(
                    events._committed_result(event_id, production.company_id))
            if deferred:
                job_ = production._report_enqueue(event, event_id, hours, lot_names)
                # nothing posted since the check: the quantity produced it read holds
                result = production._report_deferred_summary(quantity, job_.uuid, produced)
            else:
                result = production._report_completion(quantity, time_entries, lot_names)
            result["event_id"] = event_id
            event._store_result(result)
        return result

    @api.model
    def _report_duplicate(self, first_result):
        return dict(first_result, posted=False, duplicate=True)

    @api.model
    def _report_find_production(self, reference):
        """The manufacturing order named ``reference``, or of id ``reference``."""
        if isinstance(reference, bool) or not isinstance(reference, (int, str)):
            raise UserError(_("The manufacturing order must be given by its reference or "
                              "its id, not %r.") % (reference,))
        if isinstance(reference, int):
            production = self.browse(reference).exists()
        else:
            production = self.search([("name", "=", reference.strip())])
            if len(production) > 1:
                production = production.filtered(
                    lambda order: order.company_id == self.env.user.company_id)
        if len(production) != 1:
            raise UserError(_("Manufacturing order %s not found.") % (reference,))
        return production

    @api.model
    def _report_lot_names(self, lot_name=None, lot_names=None):
        """The finished lot/serial names of a report as a list: ``lot_names``, or
        [``lot_name``]."""
        names = lot_names if lot_names is not None else ([lot_name] if lot_name else [])
        if isinstance(names, str) or not all(
                isinstance(name, str) and name.strip() for name in names):
            raise UserError(_("Lot and serial numbers must be given as names (lot_name: a "
                              "name; lot_names: a list of names), not %r.") % (names,))
        return [name.strip() for name in names]

    @api.model
    def _report_check_event_id(self, event_id):
        if not isinstance(event_id, (str, int)) or isinstance(event_id, bool) \
                or not str(event_id).strip():
            raise UserError(_("A completion report needs an event id (the reporting "
                              "system's unique id of this report), not %r.") % (event_id,))
        return str(event_id).strip()

    @api.multi
    def _report_time_entries_by_name(self, hours):
        """[(work center, work order or empty, hours)] of {work center name: hours}."""
        self.ensure_one()
        if not hours:
            return []
        if not isinstance(hours, dict):
            raise UserError(_("Hours must be given as {work center name: hours}, not %r.")
                            % (hours,))
        workcenters = self._report_workcenters()
        entries = []
        for name, worked in sorted(hours.items()):
            workcenter = workcenters.filtered(lambda center, name=name: center.name == name)[:1]
            if not workcenter:
                raise UserError(_("Work center %s has no operation on %s (its work centers: "
                                  "%s).") % (name, self.name,
                                             ", ".join(workcenters.mapped("name")) or _("none")))
            entries.append((workcenter, self.env["mrp.workorder"], worked))
        return entries

    @api.multi
    def _report_workcenters(self):
        """Work centers of the order's work orders, or if not planned of the operations
        it will have work orders for (its routing's and its kits' own routings')."""
        self.ensure_one()
        if self.workorder_ids:
            return self.workorder_ids.mapped("workcenter_id")
        workcenters = self.env["mrp.workcenter"]
        for operation, _cycles in self._backflush_operations():
            workcenters |= operation.workcenter_id
        return workcenters

    # ---------------------------------------------------------- completion events
    @api.multi
    def _create_backflush_log(self, plan, qty, workorder=None):
        """Every completion posting, from any path, is one completion event."""
        posting = self._backflush_next_posting()
        lines = super(MrpProduction, self)._create_backflush_log(plan, qty, workorder)
        if not workorder:
            self._report_log_event(qty, lines, posting)
        return lines

    @api.multi
    def _report_log_event(self, qty, lines, posting):
        """The completion event of the order's ``posting`` of ``qty`` (MO UoM) that
        logged ``lines`` (none when it consumed nothing):
        the pending event of the report making this posting (the MES API or the Report
        Completion dialog in this transaction: a pending event without a job, even when
        called from a job of another module; a background job of this one: the event of
        that job, ``job_uuid`` in the context), or a new one (Post Inventory, Mark as
        Done, even while deferred reports wait for their jobs)."""
        self.ensure_one()
        vals = {"posting": posting,
                "state": "queued" if "queued" in lines.mapped("state") else "posted"}
        job_uuid = self.env.context.get("job_uuid")
        pending = self.sudo().backflush_event_ids.filtered(
            lambda event: event.state == "pending").sorted("id")
        event = pending.filtered(lambda event: not event.job_id)[:1] or pending.filtered(
            lambda event: job_uuid and event.job_id.uuid == job_uuid)[:1]
        if event:
            event.write(vals)
            return event
        events = self.env["mrp.backflush.event"].sudo()
        vals.update(events._prepare_event_vals(False, self, qty, "posting"))
        return events.create(vals)

    # ---------------------------------------------------------------- validation
    @api.multi
    def _report_check(self, quantity, time_entries=(), lot_names=(), event=None):
        """Every reason the report cannot post, before anything is written; ``event``:
        the deferred completion event being posted, if that is what is checked. Returns
        the quantity already produced (``_report_produced_qty``) the checks read."""
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
                              "%s.") % (self.name, self._report_typed(quantity)))
        produced = self._report_produced_qty()
        self._report_check_overproduction(quantity, event, produced)
        self._report_check_lots(quantity, lot_names, event)
        for workcenter, _workorder, worked in time_entries:
            if isinstance(worked, bool) or not isinstance(worked, Number) or worked < 0:
                raise UserError(_("The hours of work center %s on %s must be a number of "
                                  "hours (0 or more), not %r.") % (workcenter.name, self.name,
                                                                   worked))
        if any(worked for _center, _workorder, worked in time_entries):
            self._report_productive_loss()
        return produced

    @api.multi
    def _report_max_qty(self, event=None, produced=None):
        """The most a report may add now (MO UoM): what remains to produce plus the
        company's over-production tolerance (a percentage of the order's quantity), less
        the reports waiting to post (see ``_report_waiting_qty``); ``produced``: the
        ``_report_produced_qty`` the caller already read."""
        self.ensure_one()
        if produced is None:
            produced = self._report_produced_qty()
        return completion_engine.max_report_qty(
            self.product_qty, self.company_id.backflush_overproduction_tolerance, produced,
            self._report_waiting_qty(event), self.product_uom_id.rounding)

    @api.multi
    def _report_waiting_qty(self, event=None):
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
    def _report_typed(self, quantity):
        """A reported ``quantity`` in a message as it was given: a number in the order's
        unit at its precision ("-3 Unit(s)", not "-3.0"), anything else as received."""
        self.ensure_one()
        if isinstance(quantity, Number) and not isinstance(quantity, bool):
            return self.product_uom_id._backflush_format(quantity)
        return repr(quantity)

    @api.multi
    def _report_check_overproduction(self, quantity, event=None, produced=None):
        """More than remains is refused beyond the company's tolerance."""
        self.ensure_one()
        uom = self.product_uom_id
        most = self._report_max_qty(event, produced)
        if not completion_engine.exceeds(quantity, most, uom.rounding):
            return
        remaining = uom._backflush_format(self._report_remaining_qty())
        waiting = self._report_waiting_qty(event)
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
    def _report_log_overproduction(self, quantity):
        """Within the tolerance, more than remains is allowed and said in the chatter."""
        self.ensure_one()
        remaining = self._report_remaining_qty()
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
    def _report_check_lots(self, quantity, lot_names, event=None):
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
            self._report_check_serials(quantity, lot_names, event)
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
    def _report_check_serials(self, quantity, names, event=None):
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
    def _report_productive_loss(self):
        loss = self.env["mrp.workcenter.productivity.loss"].search(
            [("loss_type", "=", "productive")], limit=1)
        if not loss:
            raise UserError(_("Hours cannot be logged without a productivity loss of type "
                              "Productive: create one in Manufacturing > Configuration > "
                              "Productivity Losses."))
        return loss

    @api.multi
    def _report_remaining_qty(self):
        """What is left to produce, in the order's UoM (never negative)."""
        self.ensure_one()
        return completion_engine.remaining_qty(self.product_qty, self._report_produced_qty(),
                                               self.product_uom_id.rounding)

    @api.multi
    def _report_produced_qty(self):
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

    # ------------------------------------------------------------------ posting
    @api.multi
    def _report_completion(self, quantity, time_entries=(), lot_names=()):
        """Record and post ``quantity`` (MO UoM) done with ``time_entries`` [(work center,
        work order or empty, hours)] and the finished ``lot_names``; return the summary.
        Call ``_report_check`` first."""
        self.ensure_one()
        self._report_lock()
        before = self._report_snapshot()
        self._report_log_overproduction(quantity)
        time_logs = self._report_log_time(time_entries)
        if self.state in ("confirmed", "planned"):
            self.write({"state": "progress", "date_start": fields.Datetime.now()})
        produced = self._report_produced_qty() + quantity
        self._report_advance_workorders(produced)
        self._report_record_finished(quantity, lot_names)
        if float_compare(produced, self.product_qty,
                         precision_rounding=self.product_uom_id.rounding) >= 0:
            open_workorders = self.workorder_ids.filtered(
                lambda wo: wo.state not in ("done", "cancel"))
            # the work is reported done: the timers still running stop now, as Finish on
            # the tablet does (Odoo refuses Mark as Done while one runs)
            open_workorders.end_all()
            self.button_mark_done()
            open_workorders.write({"state": "done", "date_finished": fields.Datetime.now()})
        else:
            self.post_inventory()
        return self._report_summary(quantity, before, time_logs)

    @api.multi
    def _report_lock(self):
        """Take the order for this transaction, or fail at once with a retryable error
        (PostgreSQL "lock not available": Odoo's RPC layer and the MES client retry it)
        while another report on it is still running. NO KEY UPDATE, as an UPDATE takes:
        rows that merely reference the order (its event) are not held up."""
        self.env.cr.execute("SELECT id FROM mrp_production WHERE id IN %s "
                            "FOR NO KEY UPDATE NOWAIT", (tuple(self.ids),), log_exceptions=False)

    @api.multi
    def _report_snapshot(self):
        self.ensure_one()
        return {
            "moves": set((self.move_raw_ids | self.move_finished_ids).filtered(
                lambda move: move.state == "done").ids),
            "backflush_lines": set(self.backflush_line_ids.ids),
            "entries": set(self._report_backflush_entries().ids),
        }

    @api.multi
    def _report_backflush_entries(self):
        """Conversion and variance entries of the order."""
        return self.sudo().mapped("backflush_move_ids")

    @api.multi
    def _report_log_time(self, time_entries):
        """One closed productive time log per entry with hours, on the work order given or
        the first open one of the work center (the order is planned if need be)."""
        self.ensure_one()
        entries = [entry for entry in time_entries if entry[2]]
        if not entries:
            return self.env["mrp.workcenter.productivity"]
        if not self.workorder_ids:
            self.button_plan()
        loss = self._report_productive_loss()
        end = fields.Datetime.from_string(fields.Datetime.now())
        logs = self.env["mrp.workcenter.productivity"]
        for workcenter, workorder, worked in entries:
            workorder = workorder or self._report_workorder_of(workcenter)
            logs |= logs.create(self._prepare_report_time_log_vals(workorder, loss, worked, end))
        return logs

    @api.multi
    def _report_workorder_of(self, workcenter):
        workorders = self.workorder_ids.filtered(
            lambda wo: wo.workcenter_id == workcenter and wo.state not in ("done", "cancel"))
        workorders = workorders or self.workorder_ids.filtered(
            lambda wo: wo.workcenter_id == workcenter)
        if not workorders:
            raise UserError(_("Manufacturing order %s has no work order at %s to log hours "
                              "on.") % (self.name, workcenter.name))
        return workorders.sorted("id")[0]

    @api.model
    def _prepare_report_time_log_vals(self, workorder, loss, worked, end):
        start = end - timedelta(seconds=round(worked * 3600))
        return {
            "workorder_id": workorder.id,
            "workcenter_id": workorder.workcenter_id.id,
            "loss_id": loss.id,
            "user_id": self.env.uid,
            "description": _("Completion report"),
            "date_start": fields.Datetime.to_string(start),
            "date_end": fields.Datetime.to_string(end),
        }

    @api.multi
    def _report_advance_workorders(self, produced):
        """The units reported went through every operation: each open work order behind
        ``produced`` (MO UoM) records the difference, so its `operation` components are
        backflushed as when it records production itself."""
        self.ensure_one()
        rounding = self.product_uom_id.rounding
        for workorder in self.workorder_ids.filtered(
                lambda wo: wo.state not in ("done", "cancel")).sorted("id"):
            behind = produced - workorder.qty_produced
            if float_compare(behind, 0.0, precision_rounding=rounding) <= 0:
                continue
            workorder.qty_produced = produced
            self._backflush_operation(workorder, behind)

    @api.multi
    def _report_record_finished(self, quantity, lot_names=()):
        """The finished product (and by-products, in proportion) done for ``quantity``,
        as the produce wizard records it, in the lots ``lot_names`` when it is tracked;
        components are left to the backflush."""
        self.ensure_one()
        for move in self.move_finished_ids.filtered(
                lambda move: move.state not in ("done", "cancel")):
            if move.product_id == self.product_id and lot_names:
                self._report_record_finished_lots(move, quantity, lot_names)
                continue
            if move.product_id == self.product_id:
                done = self.product_uom_id._compute_quantity(quantity, move.product_uom)
            elif move.unit_factor:
                done = quantity * move.unit_factor
            else:
                continue
            move.quantity_done += float_round(done, precision_rounding=move.product_uom.rounding)

    @api.multi
    def _report_order_summary(self, quantity, produced=None):
        """The order and the quantity reported, as every answer gives them; ``produced``:
        the ``_report_produced_qty`` the caller already read."""
        self.ensure_one()
        if produced is None:
            produced = self._report_produced_qty()
        return {
            "production": self.name,
            "production_id": self.id,
            "product": self.product_id.display_name,
            "quantity": quantity,
            "uom": self.product_uom_id.name,
            "state": self.state,
            "qty_produced": float_round(produced, precision_rounding=self.product_uom_id.rounding),
            "product_qty": self.product_qty,
        }

    @api.multi
    def _report_enqueue(self, event, event_id, hours, lot_names=()):
        """The job that posts the pending ``event`` (of external id ``event_id``) of this
        order with ``hours`` {work center name: hours} and the finished ``lot_names``;
        returns the queue_job Job, linked to the event when the answer is stored
        (``mrp.backflush.event._store_result``)."""
        self.ensure_one()
        # no chatter on the job record (its creation message and followers cost as much
        # as the rest of the answer); the job is the order's company's (queue_job reads
        # company_id from the context, else takes the user's current company), so that
        # company's job managers see it; the job itself runs without this context. The
        # order's values, not the event's: the event row was just inserted, and reading
        # it back is a query more in every answer
        delayed = event.with_context(tracking_disable=True,
                                     company_id=self.company_id.id).with_delay(
            channel=CHANNEL, max_retries=MAX_RETRIES,
            description=_("Post completion event %s of %s") % (event_id, self.name))
        return delayed._post_deferred(hours or {}, list(lot_names))

    @api.multi
    def _report_deferred_summary(self, quantity, job_uuid, produced=None):
        """The answer to a deferred report: recorded, nothing posted yet, and the job
        that will post it."""
        return dict(self._report_order_summary(quantity, produced), posted=False, queued=True,
                    duplicate=False, job_uuid=job_uuid, stock_move_ids=[],
                    account_move_ids=[])

    @api.multi
    def _report_record_finished_lots(self, move, quantity, lot_names):
        """A move line per lot (a serial number: one unit each) on the finished ``move``,
        as the Produce wizard writes it; a lot that does not exist is created."""
        self.ensure_one()
        lots = self.env["stock.production.lot"]
        per_lot = 1.0 if self.product_id.tracking == "serial" else quantity
        for name in lot_names:
            lot = lots.search([("product_id", "=", self.product_id.id), ("name", "=", name)],
                              limit=1) or lots.create({"name": name,
                                                       "product_id": self.product_id.id})
            done = self.product_uom_id._compute_quantity(per_lot, move.product_uom)
            line = move.move_line_ids.filtered(lambda ml, lot=lot: ml.lot_id == lot)[:1]
            if line:
                line.write({"qty_done": line.qty_done + done,
                            "product_uom_qty": line.product_uom_qty + done})
                continue
            self.env["stock.move.line"].create({
                "move_id": move.id, "product_id": move.product_id.id, "production_id": self.id,
                "product_uom_qty": done, "product_uom_id": move.product_uom.id,
                "qty_done": done, "lot_id": lot.id, "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id})

    @api.multi
    def _report_summary(self, quantity, before, time_logs):
        """What the report did: plain values, the same over JSON-RPC and XML-RPC."""
        self.ensure_one()
        moves = (self.move_raw_ids | self.move_finished_ids).filtered(
            lambda move: move.state == "done" and move.id not in before["moves"])
        backflush_lines = self.backflush_line_ids.filtered(
            lambda line: line.id not in before["backflush_lines"])
        entries = self.env["account.move"].sudo().search(
            [("stock_move_id", "in", moves.ids)]) | self._report_backflush_entries().filtered(
            lambda entry: entry.id not in before["entries"])
        summary = self._report_order_summary(quantity)
        summary.update({
            "posted": True,
            "queued": False,
            "duplicate": False,
            "stock_move_ids": sorted(moves.ids),
            "account_move_ids": sorted(entries.ids),
            "backflush_move_ids": sorted(
                set(self._report_backflush_entries().ids) - before["entries"]),
            "backflush_line_ids": sorted(backflush_lines.ids),
            "queued_product_ids": sorted(set(backflush_lines.filtered(
                lambda line: line.state == "queued").mapped("product_id").ids)),
            "time_log_ids": sorted(time_logs.ids),
        })
        return summary
