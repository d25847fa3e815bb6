# -*- coding: utf-8 -*-
from odoo import _, api, fields, models

from ..engine import unbuild as unbuild_engine


class MrpUnbuild(models.Model):
    _inherit = "mrp.unbuild"

    # the unbuilds of an order (its WIP at each posting): mrp does not index it
    mo_id = fields.Many2one(index=True)

    @api.multi
    def action_unbuild(self):
        self.ensure_one()
        if self.mo_id:
            # the order's company's accounts, costs and production location, whatever
            # company the user works in
            self = self.with_context(force_company=self.mo_id.company_id.id)
        production = self.mo_id
        costed = production and production._backflush_is_costed()
        if costed:
            production._backflush_raise_problems(production._backflush_account_problems(),
                                                 _("Cannot unbuild %s:") % production.name)
        if production:
            self._backflush_check_returns()
        result = super(MrpUnbuild, self).action_unbuild()
        if production:
            self._backflush_return_tracked()
        if costed:
            self._backflush_take_back_byproducts()
            production._backflush_reverse_unbuild(self)
        return result

    @api.multi
    def _backflush_returns(self):
        """([engine Returned], [engine Shortage]) of this unbuild of an order
        (engine.unbuild_returns): what each done raw move gives back, with the lots of a
        tracked component, and why it cannot. Of a lot, the components consumed for that
        lot (their move lines' Lot/Serial Number Produced) in the share of the lot
        unbuilt; of an untracked product, or consumed for no lot, the order's share."""
        self.ensure_one()
        production = self.mo_id
        uom = production.product_id.uom_id
        qty = self.product_uom_id._compute_quantity(self.product_qty, uom, round=False)
        order_share = production._backflush_unbuild_share(self)
        lot_share = 0.0
        if self.lot_id:
            received = sum(
                line.product_uom_id._compute_quantity(line.qty_done, uom, round=False)
                for line in production.move_finished_ids.filtered(
                    lambda move: move.state == "done"
                    and move.product_id == production.product_id).mapped("move_line_ids")
                if line.lot_id == self.lot_id)
            lot_share = unbuild_engine.reversal_share(qty, received)
        consumed, products = [], self.env["product.product"]
        for raw_move in production.move_raw_ids.filtered(
                lambda move: move.state == "done" and move.product_qty).sorted("id"):
            product = raw_move.product_id
            products |= product
            for line in raw_move.move_line_ids.filtered("qty_done"):
                produced_lot = line.lot_produced_id
                share = (order_share if not self.lot_id or not produced_lot
                         else lot_share if produced_lot == self.lot_id else 0.0)
                consumed.append(unbuild_engine.Consumed(
                    raw_move.id, product.id, line.lot_id.id or None,
                    line.product_uom_id._compute_quantity(line.qty_done, product.uom_id,
                                                          round=False), share))
        earlier = self.search([("mo_id", "=", production.id), ("state", "=", "done"),
                               ("id", "!=", self.id)])
        contained = production._backflush_contained(qty)
        contained_before = production._backflush_contained(sum(
            unbuild.product_uom_id._compute_quantity(unbuild.product_qty, uom, round=False)
            for unbuild in earlier))
        returned_before = {}
        for line in earlier.mapped("produce_line_ids.move_line_ids").filtered(
                lambda line: line.move_id.state == "done"):
            key = (line.product_id.id, line.lot_id.id or None)
            returned_before[key] = returned_before.get(key, 0.0) + (
                line.product_uom_id._compute_quantity(line.qty_done, line.product_id.uom_id,
                                                      round=False))
        return unbuild_engine.unbuild_returns(
            consumed, contained, {product.id: product.tracking for product in products},
            returned_before, {product.id: product.uom_id.rounding for product in products},
            contained_before)

    @api.multi
    def _backflush_check_returns(self):
        """Refuse, before anything moves, an unbuild that cannot give back the serial
        numbers its units contain (half of one, or one an earlier unbuild returned)."""
        self.ensure_one()
        shortages = self._backflush_returns()[1]
        if not shortages:
            return
        problems = []
        for shortage in shortages:
            product = self.env["product.product"].browse(shortage.product_key)
            uom = product.uom_id
            if shortage.reason == "fraction":
                # unrounded: the unit's rounding would show half a serial number as 1
                problems.append(_(
                    "%s of %s contain %g %s of the serial-numbered %s: a serial number "
                    "comes back whole. Unbuild a quantity that contains whole serial "
                    "numbers.") % (self.product_uom_id._backflush_format(self.product_qty),
                                   self.lot_id.name or self.mo_id.name, shortage.wanted,
                                   uom.name, product.display_name))
            else:
                problems.append(_(
                    "%s of %s contain %s of %s, but only %s of the serial numbers "
                    "consumed for them are still consumed: earlier unbuilds of %s returned "
                    "the rest.") % (self.product_uom_id._backflush_format(self.product_qty),
                                    self.lot_id.name or self.mo_id.name,
                                    uom._backflush_format(shortage.wanted),
                                    product.display_name,
                                    uom._backflush_format(shortage.available),
                                    self.mo_id.name))
        self.mo_id._backflush_raise_problems(problems, _("Cannot unbuild %s:") % self.mo_id.name)

    @api.multi
    def _backflush_return_tracked(self):
        """The tracked components come back with the lots ``_backflush_returns`` chose
        (Odoo 11 takes, for every move of a product, the first lines consumed for the
        lot: a serial number twice when the order was posted in parts), linked to the
        finished product taken apart as Odoo links the others."""
        self.ensure_one()
        moves = self.produce_line_ids.filtered(
            lambda move: move.state not in ("done", "cancel") and move.has_tracking != "none")
        if not moves:
            return
        moves._action_done()
        self.consume_line_ids.mapped("move_line_ids").write(
            {"produce_line_ids": [(4, line.id) for line in moves.mapped("move_line_ids")]})

    @api.multi
    def _backflush_take_back_byproducts(self):
        """The by-products of the unbuilt share leave stock with the finished goods (Odoo
        11 takes back the main product only): what the order received of each, times the
        share, from the unbuild's source location back to production. Otherwise the
        components come back in full while the by-products stay in stock, their value an
        unbuild cost difference. Tracked by-products are left as Odoo leaves them."""
        self.ensure_one()
        production = self.mo_id
        share = production._backflush_unbuild_share(self)
        moves = self.env["stock.move"]
        for byproduct in production.move_finished_ids.filtered(
                lambda move: move.state == "done" and move.product_id != production.product_id
                and move.has_tracking == "none"):
            move = moves.create({
                "name": self.name, "origin": self.name, "consume_unbuild_id": self.id,
                "product_id": byproduct.product_id.id, "product_uom": byproduct.product_uom.id,
                "product_uom_qty": byproduct.product_uom_qty * share,
                "location_id": self.location_id.id,
                "location_dest_id": byproduct.location_id.id})
            self._backflush_own_company(move)
            moves |= move
        moves._action_confirm()
        for move in moves:
            move.quantity_done = move.product_uom_qty
        moves._action_done()

    @api.multi
    def _generate_consume_moves(self):
        moves = super(MrpUnbuild, self)._generate_consume_moves()
        for unbuild, move in zip(self, moves):
            unbuild._backflush_own_company(move)
        return moves

    @api.multi
    def _generate_produce_moves(self):
        """The components of an order come back as ``_backflush_returns`` says: what
        the unbuilt units contain, from the raw moves that consumed them (Odoo takes the
        share of the planned quantity, planned scrap included), of a costed order each at
        the value it was consumed at. Only the untracked ones are returned to Odoo."""
        of_orders = self.filtered("mo_id")
        moves = super(MrpUnbuild, self - of_orders)._generate_produce_moves()
        for unbuild in of_orders:
            for returned in unbuild._backflush_returns()[0]:
                if not returned.qty:
                    continue
                raw_move = self.env["stock.move"].browse(returned.move_key)
                move = unbuild._generate_move_from_raw_moves(
                    raw_move, returned.qty / raw_move.product_qty)
                if not returned.lots:
                    moves |= move
                    continue
                # Odoo would add its own lots to a tracked move it is given: it is done
                # with its lots after Odoo's (_backflush_return_tracked)
                for lot_id, qty in returned.lots:
                    self.env["stock.move.line"].create({
                        "move_id": move.id, "lot_id": lot_id, "product_id": move.product_id.id,
                        "qty_done": raw_move.product_id.uom_id._compute_quantity(
                            qty, move.product_uom, round=False),
                        "product_uom_id": move.product_uom.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id})
        return moves

    @api.multi
    def _generate_move_from_raw_moves(self, raw_move, factor):
        move = super(MrpUnbuild, self)._generate_move_from_raw_moves(raw_move, factor)
        if self.mo_id._backflush_is_costed():
            # received at what the order consumed it at (0 included: see _get_price_unit)
            move.price_unit = -raw_move.value / raw_move.product_qty
        self._backflush_own_company(move)
        return move

    @api.multi
    def _backflush_own_company(self, move):
        """Odoo gives an unbuild's moves the user's current company: the order's."""
        self.ensure_one()
        if self.mo_id and move.company_id != self.mo_id.company_id:
            move.company_id = self.mo_id.company_id
