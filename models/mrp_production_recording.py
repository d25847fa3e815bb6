# -*- coding: utf-8 -*-
"""What Odoo's Produce wizard and a work order's Record Production fill by themselves
on the raw moves (their BOM quantity per unit produced), and how the backflush holds it
back for `manual` components and for the `operation` ones a work order consumes.
"""
from collections import OrderedDict
from contextlib import contextmanager

from odoo import api, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _backflush_unfilled_moves(self, workorder=None):
        """Open raw moves that Odoo's Produce wizard, or ``workorder`` recording
        production, must not fill with their BOM quantity: `manual` components (what a
        person records is consumed, nothing more) and, at the Produce wizard, `operation`
        components that a work order has (that work order consumes them)."""
        moves = self.mapped("move_raw_ids").filtered(
            lambda move: move.bom_line_id and move.state not in ("done", "cancel"))
        held = self.env["stock.move"]
        kit_policies = {}
        for production in self:
            kit_policies.update(production._backflush_kit_line_values("backflush_policy"))
        for move in moves:
            policy = move.bom_line_id._backflush_effective_policy(
                kit_policies.get(move.bom_line_id.id, False))
            if policy == "manual" or (policy == "operation" and not workorder
                                      and self._backflush_stage(policy, move) == "operation"):
                held |= move
        return held

    @api.multi
    @contextmanager
    def _backflush_holding(self, workorder=None):
        """For the time of the ``with`` block (Odoo's Produce, or ``workorder`` recording
        production or proposing its lots), Odoo fills none of the raw moves it must not
        fill (``_backflush_unfilled_moves``): it fills a raw move by its ``unit_factor``
        (BOM quantity per unit produced), which is 0 on them until the block ends, on an
        error too."""
        moves = self._backflush_unfilled_moves(workorder)
        factors = OrderedDict((move, move.unit_factor) for move in moves)
        moves.write({"unit_factor": 0.0})
        try:
            yield
        finally:
            for factor, group in self._backflush_group_by_value(factors).items():
                group.write({"unit_factor": factor})

    @api.multi
    def _backflush_proposable_moves(self):
        """Open raw moves that Odoo's Produce wizard and work orders fill by themselves,
        out of a person's sight: of untracked components (the lots of a tracked one are
        shown to the person, who confirms or changes them)."""
        return self.mapped("move_raw_ids").filtered(
            lambda move: move.bom_line_id and move.state not in ("done", "cancel")
            and move.product_id.tracking == "none")
