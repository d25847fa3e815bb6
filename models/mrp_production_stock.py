# -*- coding: utf-8 -*-
"""Step 3 of a posting, move stock: ``_create_backflush_top_ups`` writes the top-ups on the
raw moves' move lines (in batches; the lots of tracked components chosen here), before
Odoo's posting marks the moves done. The queued components posted later
(``_backflush_post_queued``) and a work order's `operation` components
(``_backflush_operation``) go through the same steps.
"""
from collections import OrderedDict

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

from ..engine import consumption as consumption_engine
from ..engine import lots as lots_engine
from .backflush_posting import POSTING_KEY, BackflushPosting


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _create_backflush_top_ups(self, plan):
        """Record on the raw moves what the posting consumes: each consumed component's
        top-up (on a new raw move when none is open for it any more), nothing of a
        queued one; moves whose source is not the component's are moved there first."""
        self.ensure_one()
        consumed = [item for item in plan if item.consume]
        # a queued component, manual ones included, takes nothing now: what was
        # recorded of it waits in the queue
        queued = [item for item in plan if item.queued_reason]
        done_qty = OrderedDict((ml, 0.0) for item in queued
                               for ml in item.moves.mapped("active_move_line_ids"))
        to_add = []
        for item in consumed:
            if item.queued_reason:
                continue
            relocated = self._backflush_relocate(item)
            self._backflush_in_stock_unit(item.moves)
            if item.proposal:
                # Odoo's proposal gives way to the posting's quantity
                done_qty.update((ml, 0.0) for ml in item.moves.mapped("move_line_ids"))
            if relocated or item.proposal:
                # the recorded quantities went with the reservation: record them again
                quantity = item.posting_qty
            else:
                quantity = item.to_consume_qty
            if float_is_zero(quantity, precision_rounding=item.product.uom_id.rounding):
                continue
            if not item.move:
                item.move = self._backflush_new_move(
                    item.bom_line, item.product, quantity, item.location,
                    item.workorder)
            to_add.append((item.move, quantity))
        self._backflush_add_done(to_add, done_qty)
        # the next posting's proposals start from nothing
        proposed = self.env["stock.move"].concat(*[item.moves for item in consumed]).filtered(
            "backflush_proposed_qty")
        if proposed:
            proposed.write({"backflush_proposed_qty": 0.0})

    @api.model
    def _backflush_in_stock_unit(self, moves):
        """Express ``moves`` (open raw moves) and their move lines in their component's
        stock unit, so that what a posting records on them is what moves, exactly: a
        move line's done quantity is rounded to its own unit (13 screws on a line in
        Boxes of 100 rounded to 1 are 0 Box; 192.5 g on a line in kg, to 0.001 kg, are
        193 g), and a move's demand is stored at Odoo's Product Unit of Measure precision
        (0.1925 kg as 0.193 kg, valued as 193 g). The reservations stay as they are (the
        same quantity in another unit); the unit factor (what Odoo's Produce wizard
        proposes per unit produced) follows."""
        for move in moves.filtered(lambda move: move.product_uom != move.product_id.uom_id):
            uom = move.product_id.uom_id
            for line in move.move_line_ids.filtered(
                    lambda line, uom=uom: line.product_uom_id != uom):
                line.with_context(bypass_reservation_update=True).write({
                    "product_uom_id": uom.id,
                    "product_uom_qty": line.product_qty,
                    "qty_done": float_round(line.product_uom_id._compute_quantity(
                        line.qty_done, uom, round=False), precision_rounding=uom.rounding),
                })
            move.with_context(do_not_unreserve=True).write({
                "product_uom": uom.id,
                "product_uom_qty": move.product_qty,
                "unit_factor": move.product_uom._compute_quantity(
                    move.unit_factor, uom, round=False),
            })

    @api.multi
    def _backflush_relocate(self, item):
        """Point the open moves of ``item`` at its source location when they take the
        component from elsewhere (a supermarket set on the BOM line after the order was
        confirmed): their reservation is released. True if they moved."""
        source = item.location
        moves = item.moves.filtered(
            lambda move: not (source.parent_left <= move.location_id.parent_left
                              < source.parent_right))
        if not moves:
            return False
        item.moves._do_unreserve()
        moves.write({"location_id": source.id})
        return True

    @api.multi
    def _backflush_new_move(self, bom_line, product, qty, location, workorder=None):
        """A confirmed raw move of ``qty`` (stock UoM) of ``product`` for ``bom_line``:
        when a posting consumes a component none of whose raw moves is open any more
        (earlier postings consumed beyond the order's plan), or a queued one."""
        self.ensure_one()
        move = self.env["stock.move"].create(self._backflush_prepare_move_vals(
            bom_line, product, qty, location, workorder))
        move._action_confirm()
        return move

    @api.multi
    def _backflush_prepare_move_vals(self, bom_line, product, qty, location, workorder=None):
        self.ensure_one()
        return {
            "name": self.name,
            "origin": self.name,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": qty,
            "location_id": location.id,
            "location_dest_id": (self.move_raw_ids[:1].location_dest_id
                                 or self.product_id.property_stock_production).id,
            "raw_material_production_id": self.id,
            "bom_line_id": bom_line.id,
            "operation_id": bom_line.operation_id.id,
            "workorder_id": workorder.id if workorder else False,
            "company_id": self.company_id.id,
            "price_unit": product.standard_price,
            "procure_method": "make_to_stock",
            "group_id": self.procurement_group_id.id,
            "warehouse_id": location.get_warehouse().id,
        }

    @api.model
    def _backflush_add_done(self, to_add, done_qty=None):
        """Add to each move's done quantity, [(move, quantity in the product's stock UoM)]:
        up to what its move lines reserved, the rest on its last line (on a new line if
        it has none). ``done_qty`` ({move line: qty done}) holds other changes to make.
        The move lines are written in one write per quantity: setting ``quantity_done``
        move by move recomputes it over all the order's moves each time (quadratic)."""
        done_qty = OrderedDict() if done_qty is None else done_qty
        new_lines = []
        demand = OrderedDict()
        tracked = []
        for move, quantity in to_add:
            product_uom = move.product_id.uom_id
            if move._backflush_needs_lots():
                tracked.append((move, quantity))
                continue
            lines = move._get_move_lines()
            # what the move holds once ``done_qty`` is written, and the quantity added
            done = sum(ml.product_uom_id._compute_quantity(
                done_qty.get(ml, ml.qty_done), move.product_uom, round=False) for ml in lines)
            done += product_uom._compute_quantity(quantity, move.product_uom, round=False)
            if float_compare(done, move.product_uom_qty,
                             precision_rounding=move.product_uom.rounding) > 0:
                # the move's demand grows to what it consumes: no extra move (and
                # valuation entry) per component for the excess, as Odoo would make
                demand[move] = float_round(done, precision_rounding=move.product_uom.rounding)
            if not lines:
                new_lines.append(dict(move._prepare_move_line_vals(),
                                      product_uom_id=product_uom.id, qty_done=quantity))
                continue
            rooms = [ml.product_uom_id._compute_quantity(
                ml.product_uom_qty - done_qty.get(ml, ml.qty_done), product_uom, round=False)
                for ml in lines]
            for ml, take in zip(lines, consumption_engine.spread(quantity, rooms)):
                if take <= 0.0:
                    continue
                done_qty[ml] = float_round(
                    done_qty.get(ml, ml.qty_done) + product_uom._compute_quantity(
                        take, ml.product_uom_id, round=False),
                    precision_rounding=ml.product_uom_id.rounding)
        for qty, moves in self._backflush_group_by_value(demand).items():
            moves.with_context(do_not_unreserve=True).write({"product_uom_qty": qty})
        for qty, move_lines in self._backflush_group_by_value(done_qty).items():
            move_lines.write({"qty_done": qty})
        for vals in new_lines:
            self.env["stock.move.line"].create(vals)
        for move, quantity in tracked:
            self._backflush_add_done_tracked(move, quantity)

    @api.model
    def _backflush_add_done_tracked(self, move, quantity):
        """Add ``quantity`` (stock UoM) to the done quantity of ``move`` when lots are
        involved: a lot/serial-tracked component takes its lots as
        ``_backflush_pick_lots`` chooses them, and every line consumed for a tracked
        finished product names the finished lot it went into (Odoo's
        ``_generate_consumed_move_line``, as the Produce wizard records them), shared
        over the finished lots of the posting in proportion."""
        production = move.raw_material_production_id
        product = move.product_id
        uom = product.uom_id
        done = move.quantity_done + uom._compute_quantity(quantity, move.product_uom,
                                                          round=False)
        if float_compare(done, move.product_uom_qty,
                         precision_rounding=move.product_uom.rounding) > 0:
            move.with_context(do_not_unreserve=True).write({"product_uom_qty": float_round(
                done, precision_rounding=move.product_uom.rounding)})
        for final_lot, share in production._backflush_finished_lot_shares(quantity, uom):
            if product.tracking == "none":
                picks = [(self.env["stock.production.lot"], share)]
            else:
                picks = production._backflush_pick_lots(move, share)
            for lot, qty in picks:
                move._generate_consumed_move_line(
                    uom._compute_quantity(qty, move.product_uom, round=False), final_lot,
                    lot=lot)

    @api.multi
    def _backflush_finished_lot_shares(self, quantity, uom):
        """[(finished lot, quantity)]: ``quantity`` of a component shared over the lots of
        the finished product recorded for this posting, in proportion to their
        quantities, rounded to ``uom`` (the rest on the last); [(no lot, quantity)] when
        the finished product is not tracked."""
        self.ensure_one()
        no_lot = self.env["stock.production.lot"]
        if self.product_id.tracking == "none":
            return [(no_lot, quantity)]
        lines = self.move_finished_ids.filtered(
            lambda move: move.product_id == self.product_id
            and move.state not in ("done", "cancel")).mapped("move_line_ids").filtered(
            lambda line: line.lot_id and line.qty_done > 0)
        produced = OrderedDict()
        for line in lines:
            produced[line.lot_id] = produced.get(line.lot_id, 0.0) + line.qty_done
        if not produced:
            return [(no_lot, quantity)]
        return lots_engine.finished_lot_shares(quantity, produced.items(), uom.rounding)

    @api.multi
    def _backflush_pick_lots(self, move, quantity):
        """[(lot, quantity)] of a lot/serial-tracked component's top-up of ``quantity``
        (stock UoM) on ``move``, taken as Odoo reserves them: the lots already recorded
        on the move first, then the lots it reserved, then the others at its source in
        the removal strategy's order (FIFO, or FEFO where expiry dates are used), each as
        far as it has stock; a serial number is one unit. Beyond the stock of every lot
        (the company allows negative stock: a blocked or queued shortage never gets
        here) the last lot goes negative; a serial number cannot, nor can a component
        with no lot at the source at all."""
        self.ensure_one()
        product = move.product_id
        rounding = product.uom_id.rounding
        serial = product.tracking == "serial"
        lines = move.move_line_ids.filtered(lambda line: line.lot_id)
        recorded = lines.filtered(lambda line: line.qty_done > 0).mapped("lot_id")
        reserved = lines.filtered(lambda line: line.product_qty > 0).mapped("lot_id")
        stock = OrderedDict()
        for quant in self.env["stock.quant"].sudo()._gather(product, move.location_id):
            if quant.lot_id:
                stock[quant.lot_id] = stock.get(quant.lot_id, 0.0) + quant.quantity
        # what the order's open moves of the component already hold of each lot: recorded
        # by hand, or taken by this posting's earlier top-ups
        done = {}
        for line in self.move_raw_ids.filtered(
                lambda raw: raw.product_id == product
                and raw.state not in ("done", "cancel")).mapped("move_line_ids"):
            if line.lot_id:
                done[line.lot_id] = done.get(line.lot_id, 0.0) + line.qty_done
        picks, rest = lots_engine.pick_lots(quantity, recorded, reserved, stock, done, serial,
                                            rounding)
        if rest:
            # native Odoo leaves a tracked component with no lot typed unconsumed;
            # the Manual policy does the same here
            what = _("serial numbers") if serial else _("lots")
            raise UserError(_(
                "Not enough %s of %s in %s to backflush %s: %s more needed. Receive "
                "them, or record the %s consumed in the Produce wizard, or set the "
                "Backflush Policy to Manual on the line of %s in the bill of "
                "materials %s (then only what is recorded is consumed).") % (
                what, product.display_name, move.location_id.display_name, self.name,
                product.uom_id._backflush_format(rest), what, product.display_name,
                move.bom_line_id.bom_id.display_name))
        return picks

    @api.model
    def _backflush_group_by_value(self, values):
        """{value: recordset} of {record: value}: one write per value."""
        groups = OrderedDict()
        for record, value in values.items():
            groups[value] = groups.get(value, record.browse()) | record
        return groups

    @api.multi
    def _backflush_post_queued(self, line):
        """Consume the queued backflush ``line`` now: a done raw move of this order."""
        self.ensure_one()
        move = self._backflush_new_move(line.bom_line_id, line.product_id, line.queued_qty,
                                        line.location_id)
        self._backflush_add_done([(move, line.queued_qty)])
        move._action_done()
        return move

    @api.multi
    def _backflush_operation(self, workorder, qty):
        """A work order recorded ``qty`` (MO UoM; already counted in its quantity
        produced): post its `operation` components through the steps of a posting
        (plan, check, move stock, read what moved, entries, log): their valuation in
        one entry (the Backflush journal for a costed order), the components summed per
        account and labelled, as a posting's components. Nothing is received: no
        conversion, no clearing (the next posting of finished goods clears them)."""
        self.ensure_one()
        if self._backflush_other_company():
            return self._backflush_by_company()[0]._backflush_operation(workorder, qty)
        plan = [item for item in self._backflush_plan(qty, "operation", workorder)
                if item.consume]
        if not plan:
            return
        posting = BackflushPosting(
            self, qty, product_qty=0.0, posted_before=0.0, date=self._backflush_posting_date(),
            requirements=[], plan=plan, costed=self._backflush_is_costed(),
            finished_before=set(), workorder=workorder)
        if posting.costed:
            self._backflush_raise_problems(self._backflush_journal_problems())
        self._backflush_check_stock(plan)
        self._create_backflush_top_ups(plan)
        moves = self.env["stock.move"]
        for item in plan:
            if not item.queued_reason:
                moves |= item.move
        moves.with_context(**{POSTING_KEY: {self.id: posting}})._action_done()
        self._create_backflush_entries(posting)
        self._create_backflush_log(plan, qty, workorder)
