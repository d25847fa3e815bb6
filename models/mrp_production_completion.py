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
``_completion_post`` for each order selected.
"""
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

from .queue_job_retry import CHANNEL, MAX_RETRIES


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.model
    def report_completion(self, production, quantity, event_id, hours=None, lot_name=None,
                          lot_names=None, deferred=None):
        """Report ``quantity`` units of ``production`` (its reference or id) done, with
        ``hours`` an optional {work center name: hours worked}; a lot-tracked finished
        product takes the lot of the units in ``lot_name``, a serial-tracked one a serial
        number per unit in ``lot_names`` (created when they do not exist). Posts at once
        and returns the posting summary (see ``_completion_summary``). The event id makes it
        idempotent: a repeated ``event_id`` posts nothing and returns the first report's
        summary with ``posted`` false and ``duplicate`` true.

        ``deferred`` (default: the company's Post Completion Reports in the Background):
        checked the same way, recorded, and answered at once with ``posted`` false,
        ``queued`` true and ``job_uuid``, the queue_job job that posts it."""
        production = self._completion_find_production(production)
        lot_names = self._completion_lot_names(lot_name, lot_names)
        event_id = self._completion_check_event_id(event_id)
        events = self.env["mrp.backflush.event"]
        event = events._find(event_id, production.company_id)
        if event:
            return self._completion_duplicate(event._result())
        time_entries = production._completion_time_entries_by_name(hours)
        produced = production._completion_check(quantity, time_entries, lot_names)
        if deferred is None:
            deferred = production.company_id.backflush_report_deferred
        # the event row and the posting stand or fall together, for in-process callers
        # too (an RPC call rolls its whole transaction back on error anyway)
        with self.env.clear_upon_failure(), self.env.cr.savepoint():
            event = events._claim(event_id, production, quantity, lot_names)
            if not event:
                return self._completion_duplicate(
                    events._committed_result(event_id, production.company_id))
            if deferred:
                job_ = production._completion_enqueue(event, event_id, hours, lot_names)
                # nothing posted since the check: the quantity produced it read holds
                result = production._completion_deferred_summary(quantity, job_.uuid, produced)
            else:
                result = production._completion_post(quantity, time_entries, lot_names)
            result["event_id"] = event_id
            event._store_result(result)
        return result

    @api.model
    def _completion_duplicate(self, first_result):
        return dict(first_result, posted=False, duplicate=True)

    @api.model
    def _completion_find_production(self, reference):
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
    def _completion_lot_names(self, lot_name=None, lot_names=None):
        """The finished lot/serial names of a report as a list: ``lot_names``, or
        [``lot_name``]."""
        names = lot_names if lot_names is not None else ([lot_name] if lot_name else [])
        if isinstance(names, str) or not all(
                isinstance(name, str) and name.strip() for name in names):
            raise UserError(_("Lot and serial numbers must be given as names (lot_name: a "
                              "name; lot_names: a list of names), not %r.") % (names,))
        return [name.strip() for name in names]

    @api.model
    def _completion_check_event_id(self, event_id):
        if not isinstance(event_id, (str, int)) or isinstance(event_id, bool) \
                or not str(event_id).strip():
            raise UserError(_("A completion report needs an event id (the reporting "
                              "system's unique id of this report), not %r.") % (event_id,))
        return str(event_id).strip()

    @api.multi
    def _completion_time_entries_by_name(self, hours):
        """[(work center, work order or empty, hours)] of {work center name: hours}."""
        self.ensure_one()
        if not hours:
            return []
        if not isinstance(hours, dict):
            raise UserError(_("Hours must be given as {work center name: hours}, not %r.")
                            % (hours,))
        workcenters = self._completion_workcenters()
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
    def _completion_workcenters(self):
        """Work centers of the order's work orders, or if not planned of the operations
        it will have work orders for (its routing's and its kits' own routings')."""
        self.ensure_one()
        if self.workorder_ids:
            return self.workorder_ids.mapped("workcenter_id")
        workcenters = self.env["mrp.workcenter"]
        for operation, _cycles in self._backflush_operations():
            workcenters |= operation.workcenter_id
        return workcenters

    @api.multi
    def _create_backflush_log(self, plan, qty, workorder=None):
        """Every completion posting, from any path, is one completion event."""
        posting = self._backflush_next_posting()
        lines = super(MrpProduction, self)._create_backflush_log(plan, qty, workorder)
        if not workorder:
            self._completion_log_event(qty, lines, posting)
        return lines

    @api.multi
    def _completion_log_event(self, qty, lines, posting):
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

    @api.multi
    def _completion_post(self, quantity, time_entries=(), lot_names=()):
        """Record and post ``quantity`` (MO UoM) done with ``time_entries`` [(work center,
        work order or empty, hours)] and the finished ``lot_names``; return the summary.
        Call ``_completion_check`` first."""
        self.ensure_one()
        self._completion_lock()
        before = self._completion_snapshot()
        self._completion_log_overproduction(quantity)
        time_logs = self._completion_log_time(time_entries)
        if self.state in ("confirmed", "planned"):
            self.write({"state": "progress", "date_start": fields.Datetime.now()})
        produced = self._completion_produced_qty() + quantity
        self._completion_advance_workorders(produced)
        self._completion_record_finished(quantity, lot_names)
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
        return self._completion_summary(quantity, before, time_logs)

    @api.multi
    def _completion_lock(self):
        """Take the order for this transaction, or fail at once with a retryable error
        (PostgreSQL "lock not available": Odoo's RPC layer and the MES client retry it)
        while another report on it is still running. NO KEY UPDATE, as an UPDATE takes:
        rows that merely reference the order (its event) are not held up."""
        self.env.cr.execute("SELECT id FROM mrp_production WHERE id IN %s "
                            "FOR NO KEY UPDATE NOWAIT", (tuple(self.ids),), log_exceptions=False)

    @api.multi
    def _completion_snapshot(self):
        self.ensure_one()
        return {
            "moves": set((self.move_raw_ids | self.move_finished_ids).filtered(
                lambda move: move.state == "done").ids),
            "backflush_lines": set(self.backflush_line_ids.ids),
            "entries": set(self._completion_backflush_entries().ids),
        }

    @api.multi
    def _completion_backflush_entries(self):
        """Conversion and variance entries of the order."""
        return self.sudo().mapped("backflush_move_ids")

    @api.multi
    def _completion_log_time(self, time_entries):
        """One closed productive time log per entry with hours, on the work order given or
        the first open one of the work center (the order is planned if need be)."""
        self.ensure_one()
        entries = [entry for entry in time_entries if entry[2]]
        if not entries:
            return self.env["mrp.workcenter.productivity"]
        if not self.workorder_ids:
            self.button_plan()
        loss = self._completion_productive_loss()
        end = fields.Datetime.from_string(fields.Datetime.now())
        logs = self.env["mrp.workcenter.productivity"]
        for workcenter, workorder, worked in entries:
            workorder = workorder or self._completion_workorder_of(workcenter)
            logs |= logs.create(
                self._prepare_completion_time_log_vals(workorder, loss, worked, end))
        return logs

    @api.multi
    def _completion_workorder_of(self, workcenter):
        workorders = self.workorder_ids.filtered(
            lambda wo: wo.workcenter_id == workcenter and wo.state not in ("done", "cancel"))
        workorders = workorders or self.workorder_ids.filtered(
            lambda wo: wo.workcenter_id == workcenter)
        if not workorders:
            raise UserError(_("Manufacturing order %s has no work order at %s to log hours "
                              "on.") % (self.name, workcenter.name))
        return workorders.sorted("id")[0]

    @api.model
    def _prepare_completion_time_log_vals(self, workorder, loss, worked, end):
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
    def _completion_advance_workorders(self, produced):
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
    def _completion_record_finished(self, quantity, lot_names=()):
        """The finished product (and by-products, in proportion) done for ``quantity``,
        as the produce wizard records it, in the lots ``lot_names`` when it is tracked;
        components are left to the backflush."""
        self.ensure_one()
        for move in self.move_finished_ids.filtered(
                lambda move: move.state not in ("done", "cancel")):
            if move.product_id == self.product_id and lot_names:
                self._completion_record_finished_lots(move, quantity, lot_names)
                continue
            if move.product_id == self.product_id:
                done = self.product_uom_id._compute_quantity(quantity, move.product_uom)
            elif move.unit_factor:
                done = quantity * move.unit_factor
            else:
                continue
            move.quantity_done += float_round(done, precision_rounding=move.product_uom.rounding)

    @api.multi
    def _completion_order_summary(self, quantity, produced=None):
        """The order and the quantity reported, as every answer gives them; ``produced``:
        the ``_completion_produced_qty`` the caller already read."""
        self.ensure_one()
        if produced is None:
            produced = self._completion_produced_qty()
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
    def _completion_enqueue(self, event, event_id, hours, lot_names=()):
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
    def _completion_deferred_summary(self, quantity, job_uuid, produced=None):
        """The answer to a deferred report: recorded, nothing posted yet, and the job
        that will post it."""
        return dict(self._completion_order_summary(quantity, produced), posted=False, queued=True,
                    duplicate=False, job_uuid=job_uuid, stock_move_ids=[],
                    account_move_ids=[])

    @api.multi
    def _completion_record_finished_lots(self, move, quantity, lot_names):
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
    def _completion_summary(self, quantity, before, time_logs):
        """What the report did: plain values, the same over JSON-RPC and XML-RPC."""
        self.ensure_one()
        moves = (self.move_raw_ids | self.move_finished_ids).filtered(
            lambda move: move.state == "done" and move.id not in before["moves"])
        backflush_lines = self.backflush_line_ids.filtered(
            lambda line: line.id not in before["backflush_lines"])
        entries = self.env["account.move"].sudo().search(
            [("stock_move_id", "in", moves.ids)]) | self._completion_backflush_entries().filtered(
            lambda entry: entry.id not in before["entries"])
        summary = self._completion_order_summary(quantity)
        summary.update({
            "posted": True,
            "queued": False,
            "duplicate": False,
            "stock_move_ids": sorted(moves.ids),
            "account_move_ids": sorted(entries.ids),
            "backflush_move_ids": sorted(
                set(self._completion_backflush_entries().ids) - before["entries"]),
            "backflush_line_ids": sorted(backflush_lines.ids),
            "queued_product_ids": sorted(set(backflush_lines.filtered(
                lambda line: line.state == "queued").mapped("product_id").ids)),
            "time_log_ids": sorted(time_logs.ids),
        })
        return summary
