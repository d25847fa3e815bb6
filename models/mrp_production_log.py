# -*- coding: utf-8 -*-
"""Step 9 of a posting, log: the Backflush tab (one line per component per posting),
the Conversion Costs tab (one line per pool applied and per variance) and the chatter
message of each posting.
"""

from odoo import _, api, fields, models
from odoo.tools import float_is_zero


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _create_backflush_log(self, plan, qty, workorder=None):
        """One backflush line per component the posting consumed, queued or found
        missing from the order, and a chatter message."""
        self.ensure_one()
        posting = self._backflush_next_posting()
        date = fields.Datetime.now()
        lines = self.env["mrp.backflush.line"]
        for item in plan:
            vals = self._backflush_prepare_line_vals(item, posting, date)
            if self._backflush_line_is_news(vals):
                lines |= lines.create(vals)
        self.message_post(body=self._backflush_summary_html(lines, qty, workorder, posting))
        return lines

    @api.multi
    def _backflush_next_posting(self):
        """The number of the order's next posting: after those of its Backflush tab and
        of its completion events (a posting that consumed nothing logs no line)."""
        self.ensure_one()
        numbers = (self.backflush_line_ids.mapped("posting")
                   + self.sudo().backflush_event_ids.mapped("posting"))
        return max(numbers or [0]) + 1

    @api.multi
    def _backflush_prepare_line_vals(self, item, posting, date):
        product = item.product
        moved = not item.queued_reason and not float_is_zero(
            item.posting_qty, precision_rounding=product.uom_id.rounding)
        if item.queued_reason:
            state = "queued"
        elif item.consume:
            state = "done"
        elif item.line_moves:
            state = item.policy  # manual, or at its operation
        else:
            state = "skipped"  # no raw move on the order for this component
        # what the posting's done moves took from stock, read from them
        done_now = self.move_raw_ids.filtered(
            lambda m: m.bom_line_id == item.bom_line and m.product_id == product
            and m.state == "done" and m.id not in item.done_before)
        if moved:
            move = done_now[:1] or item.move
        else:  # consumed ahead, if at all
            move = item.line_moves.filtered(lambda m: m.state == "done")[-1:]
        return {
            "production_id": self.id,
            "company_id": self.company_id.id,
            "posting": posting,
            "date": date,
            "workorder_id": item.workorder.id if item.workorder else False,
            "bom_line_id": item.bom_line.id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "policy": item.policy,
            "required_qty": item.required_qty,
            "scrap_qty": item.scrap_qty,
            "recorded_qty": item.ahead_qty + item.recorded_qty,
            "consumed_qty": item.ahead_qty + done_now._backflush_moved_qty(),
            "queued_qty": item.posting_qty if item.queued_reason else 0.0,
            "location_id": (done_now[:1].location_id or item.location).id,
            "state": state,
            "reason": item.queued_reason or False,
            "move_id": move.id if move and (moved or item.ahead_qty) else False,
            "lot_ids": [(6, 0, done_now._backflush_lots().ids)],
        }

    @api.model
    def _backflush_line_is_news(self, vals):
        """A component left to its work order or to the user (policy `operation` or
        `manual`) that this posting neither consumed nor queued is not logged again."""
        if vals["state"] not in ("operation", "manual"):
            return True
        rounding = self.env["product.uom"].browse(vals["product_uom_id"]).rounding
        return not (float_is_zero(vals["consumed_qty"], precision_rounding=rounding)
                    and float_is_zero(vals["queued_qty"], precision_rounding=rounding))

    @api.multi
    def _backflush_summary_html(self, lines, qty, workorder=None, posting=None):
        """The chatter message of one posting: what each component consumed."""
        self.ensure_one()
        states = dict(lines._fields["state"].selection)
        rows = "".join(
            "<li>%s: %s%s</li>" % (
                line.product_id.display_name,
                line.product_uom_id._backflush_format(
                    line.queued_qty if line.state == "queued" else line.consumed_qty),
                "" if line.state == "done" else " (%s)" % states[line.state])
            for line in lines) or "<li>%s</li>" % _("No component consumed.")
        posting = posting or lines[:1].posting
        if workorder:
            title = _("Backflush, posting %s: %s at work order %s") % (
                posting, self.product_uom_id._backflush_format(qty), workorder.name)
        else:
            title = _("Backflush, posting %s: %s of %s") % (
                posting, self.product_uom_id._backflush_format(qty),
                self.product_id.display_name)
        return "<p>%s</p>%s<ul>%s</ul>" % (title, self._backflush_components_note(), rows)

    @api.multi
    def _create_backflush_cost_log(self, posting, move, date):
        """The Conversion tab: one line per pool applied and per variance, with the entry
        ``move`` that booked them."""
        self.ensure_one()
        for row in posting.conversion:
            self._backflush_log({
                "line_type": "conversion", "pool_id": row.pool_key,
                "workcenter_id": row.workcenter_key or False, "basis": row.basis,
                "activity": row.activity, "rate": row.rate, "amount": row.amount,
                "move_id": move.id, "date": date})
        self._create_backflush_variance_log(posting.clearing, move, date)

    @api.multi
    def _create_backflush_variance_log(self, clearing, move, date):
        self.ensure_one()
        for (kind, pool_id), amount in (clearing["amounts"] if clearing else {}).items():
            if amount:
                self._backflush_log({"line_type": "variance", "variance_kind": kind,
                                     "pool_id": pool_id, "amount": amount,
                                     "move_id": move.id, "date": date})

    @api.multi
    def _backflush_log(self, vals):
        self.ensure_one()
        vals.update({"production_id": self.id, "product_id": self.product_id.id,
                     "company_id": self.company_id.id})
        return self.env["mrp.backflush.cost.line"].create(vals)
