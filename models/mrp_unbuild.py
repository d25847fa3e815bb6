# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import UserError


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
            problems = production._backflush_account_problems()
            if problems:
                raise UserError(_("Cannot unbuild %s:\n%s")
                                % (production.name, "\n".join("- %s" % p for p in problems)))
        result = super(MrpUnbuild, self).action_unbuild()
        if costed:
            self._backflush_take_back_byproducts()
            production._backflush_reverse_unbuild(self)
        return result

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
        """The components of a costed order come back in the quantities its raw moves
        consumed times the unbuilt share of what it produced (Odoo takes the share of
        the planned quantity), each at the value it was consumed at."""
        costed = self.filtered(
            lambda unbuild: unbuild.mo_id and unbuild.mo_id._backflush_is_costed())
        moves = super(MrpUnbuild, self - costed)._generate_produce_moves()
        for unbuild in costed:
            production = unbuild.mo_id
            share = production._backflush_unbuild_share(unbuild)
            for raw_move in production.move_raw_ids.filtered(
                    lambda move: move.state == "done" and move.product_qty):
                moves |= unbuild._generate_move_from_raw_moves(raw_move, share)
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
