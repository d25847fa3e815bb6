# -*- coding: utf-8 -*-
"""Step 1 of a posting, the components (DESIGN 3): ``_backflush_plan``, what each
component of the exploded BOM requires for the quantity posted (engine.consumption,
trued up across the order's postings), what was already recorded for it, what to top
up.
"""

from odoo import api, models
from odoo.tools import float_compare

from ..engine import consumption as consumption_engine
from .backflush_posting import BackflushItem


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.multi
    def _backflush_plan(self, qty, stage="finish", workorder=None, requirements=None):
        """One BackflushItem per leaf BOM line (``_backflush_prepare_item``) for a posting of
        ``qty`` (MO UoM) that consumes the components of ``stage`` (`finish`, or
        `operation` for ``workorder``, whose lines only it then covers).
        ``requirements``: the BOM exploded for everything the stage posted so far, this
        posting included, if the caller has it: rounding is trued up across postings
        (engine.consumption.posting_requirement)."""
        self.ensure_one()
        if float_compare(qty, 0.0, precision_rounding=self.product_uom_id.rounding) <= 0:
            return []
        scope = workorder.move_raw_ids if workorder else self.move_raw_ids
        # one computation for all the moves (move by move, it costs 4 queries each)
        scope.filtered(lambda move: move.state not in ("done", "cancel")).mapped(
            "quantity_done")
        moves_by_line = {}
        for move in scope.filtered(lambda move: move.bom_line_id and move.state != "cancel"):
            moves_by_line[move.bom_line_id.id] = (
                moves_by_line.get(move.bom_line_id.id, scope.browse()) | move)
        logged = {}
        for line in self.backflush_line_ids:
            key = line.bom_line_id.id
            logged[key] = logged.get(key, 0.0) + line.consumed_qty
        plan = []
        before = self._backflush_posted_before(qty, workorder)
        if requirements is None:
            requirements = self._backflush_explode(before + qty)
        earlier = self._backflush_earlier_requirements(before)
        kit_policies = self._backflush_kit_line_values("backflush_policy")
        kit_locations = self._backflush_kit_line_values("supermarket_location_id")
        for bom_line, cumulative in requirements:
            moves = moves_by_line.get(bom_line.id, scope.browse())
            if workorder and not moves:
                continue
            requirement = consumption_engine.posting_requirement(
                cumulative, *earlier.get(bom_line.id, (0.0, 0.0)),
                rounding=bom_line.product_id.uom_id.rounding)
            item = self._backflush_prepare_item(
                bom_line, requirement, moves, stage, logged.get(bom_line.id, 0.0),
                kit_policies.get(bom_line.id, False), kit_locations.get(bom_line.id, False))
            item.workorder = workorder
            plan.append(item)
        return plan

    @api.multi
    def _backflush_earlier_requirements(self, before):
        """{leaf BOM line id: (required, of which scrap)} of the ``before`` units the
        earlier postings of a stage covered (MO UoM), by the order's components of now,
        rounded up once: what those postings required when the components were the same
        (their requirements, trued up, add up to it). Read from the components rather
        than from the log, a posting after Update Quantity re-read an edited BOM, or after
        a line's policy changed, requires its own quantity by the components and policy
        of now, not also what the earlier postings covered by those of then."""
        self.ensure_one()
        if float_compare(before, 0.0, precision_rounding=self.product_uom_id.rounding) <= 0:
            return {}
        return dict((bom_line.id, (requirement.required_qty, requirement.scrap_qty))
                    for bom_line, requirement in self._backflush_explode(before))

    @api.multi
    def _backflush_posted_before(self, qty, workorder=None):
        """What the earlier postings of a stage covered (MO UoM), before this one of
        ``qty``: the order's production posted so far, or for ``workorder`` (whose
        production, this record's included, is already counted) what it recorded before."""
        self.ensure_one()
        if workorder:
            return max(0.0, workorder.qty_produced - qty)
        return self.product_id.uom_id._compute_quantity(
            self._backflush_received_qty(), self.product_uom_id, round=False)

    @api.multi
    def _backflush_prepare_item(self, bom_line, requirement, moves, stage, logged_qty=0.0,
                                kit_policy=False, kit_location=False):
        """What the posting does with one leaf BOM line's component (quantities in its
        stock UoM). ``moves``: the order's raw moves of the line, done ones included;
        ``logged_qty``: what the backflush log has consumed of the line so far;
        ``kit_policy``, ``kit_location``: the policy and supermarket location of the
        kit line it is exploded from, if any.
        A component consumed at ``stage`` is topped up to what the BOM requires from
        what this posting recorded on the open moves, plus what was consumed ahead of
        it (done but in no posting's log: a posting that produced nothing), as much as
        it requires; the rest of that stays for the next postings. What Odoo's Produce
        wizard or a work order proposed by itself, unchanged, is no record
        (engine.consumption.person_recorded): the posting records the requirement instead."""
        product = bom_line.product_id
        rounding = product.uom_id.rounding
        policy = bom_line._backflush_effective_policy(kit_policy)
        open_moves = moves.filtered(lambda move: move.state not in ("done", "cancel"))
        recorded = on_moves = sum(open_moves._backflush_quantity_done().values())
        consume = (bool(moves) and product.type in ("product", "consu")
                   and self._backflush_stage(policy, moves) == stage)
        ahead = to_consume = 0.0
        done_moves = moves.filtered(lambda move: move.state == "done")
        if consume:
            # Odoo's own proposal (the wizard's 0.5 -> 1 panel) is replaced by the
            # requirement; what a person set stays theirs
            recorded = consumption_engine.person_recorded(
                recorded, sum(open_moves.mapped("backflush_proposed_qty")), rounding)
            ahead, to_consume = consumption_engine.plan_top_up(
                requirement.required_qty, recorded, sum(done_moves.mapped("product_qty")),
                logged_qty, rounding)
        return BackflushItem(
            bom_line=bom_line, product=product, policy=policy,
            line_moves=moves, moves=open_moves, consume=consume,
            location=self._backflush_source_location(bom_line, kit_location),
            required_qty=requirement.required_qty, scrap_qty=requirement.scrap_qty,
            ahead_qty=ahead,
            recorded_qty=recorded,
            proposal=consume and recorded != on_moves,
            to_consume_qty=to_consume,
            posting_qty=recorded + to_consume,
            move=open_moves[:1],
            done_before=set(done_moves.ids))
