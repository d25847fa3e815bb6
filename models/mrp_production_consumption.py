# -*- coding: utf-8 -*-
"""The components of a production posting (DESIGN 2, 3): the step methods that
``mrp_production.py``'s ``post_inventory`` runs for them.

For a posting of ``q`` finished units:
- plan: ``_backflush_plan``: what each component of the exploded BOM requires for ``q``
  (engine.consumption), what was already recorded for this posting, what to top up;
- check: ``_backflush_check_stock``: the company's insufficient-stock policy, before any
  write (block: one UserError; queue: the short components wait);
- record: ``_create_backflush_top_ups``: the top-ups written on the raw moves' move
  lines, in batches;
- log: ``_create_backflush_log``: one backflush line per component, one chatter message.
A work order that records production runs the same steps for its `operation`
components (``_backflush_operation``).
"""
import json
from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

from ..engine import consumption as consumption_engine
from ..engine import lots as lots_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    # ------------------------------------------------------------------ explosion
    @api.multi
    def _backflush_explode(self, qty):
        """[(leaf BOM line, engine LineRequirement)] for ``qty`` (MO UoM) of the finished
        product: the order's components (see ``_backflush_components``), kits exploded
        at any depth, scrap included, quantities in each component's stock UoM rounded
        up to its rounding."""
        self.ensure_one()
        bom, kits = self._backflush_components()
        bom_qty = self.product_uom_id._compute_quantity(
            qty, self.bom_id.product_uom_id, round=False)
        try:
            requirements = consumption_engine.explode(bom, bom_qty, kits.get)
        except ValueError as error:
            raise UserError(_("Cannot explode the bill of materials of %s: %s")
                            % (self.name, error))
        bom_lines = self.env["mrp.bom.line"].browse([req.line_key for req in requirements])
        return list(zip(bom_lines, requirements))

    @api.multi
    def _backflush_components(self):
        """(engine Bom, {kit product id: engine Bom}) of the order's components: the BOM
        as it was when the order was confirmed (or its quantity last updated), kits and
        scrap % included, whatever was edited since; the BOM of today for an order
        confirmed before the addon kept them."""
        self.ensure_one()
        if self.backflush_components:
            return consumption_engine.boms_from_data(json.loads(self.backflush_components))
        return self._backflush_read_bom()

    @api.multi
    def _backflush_keep_components(self):
        """Keep the order's components as its BOM says now (at confirmation, and when
        Update Quantity re-reads the BOM as Odoo does)."""
        for production in self.filtered("bom_id"):
            production.backflush_components = json.dumps(
                consumption_engine.boms_to_data(*production._backflush_read_bom()))

    @api.multi
    def _backflush_read_bom(self):
        """(engine Bom, {kit product id: engine Bom}) of the order's BOM today."""
        self.ensure_one()
        kit_boms = {}
        engine_kits = {}

        def find_kits(products):
            """Fill ``kit_boms`` for ``products``: Odoo's BOM search only for those that
            have a phantom BOM at all, found in one query."""
            todo = products.filtered(lambda product: product.id not in kit_boms)
            if not todo:
                return
            templates = self.env["mrp.bom"].search([
                ("type", "=", "phantom"),
                ("product_tmpl_id", "in", todo.mapped("product_tmpl_id").ids),
            ]).mapped("product_tmpl_id")
            for product in todo:
                kit_boms[product.id] = (self._backflush_kit(product, self.bom_id)
                                        if product.product_tmpl_id in templates
                                        else self.env["mrp.bom"])

        def engine_bom(bom, product):
            find_kits(bom.bom_line_ids.mapped("product_id"))
            lines = []
            for line in bom.bom_line_ids:
                if line._skip_bom_line(product):
                    continue
                kit = kit_boms[line.product_id.id]
                to_uom = kit.product_uom_id if kit else line.product_id.uom_id
                lines.append(consumption_engine.BomLine(
                    line.id, line.product_id.id, line.product_qty,
                    line.product_uom_id._compute_quantity(1.0, to_uom, round=False),
                    line.scrap_percent, line.product_id.uom_id.rounding))
                if kit and line.product_id.id not in engine_kits:
                    # placeholder while the kit is read: a kit within itself is met
                    # once here, and reported by the explosion
                    engine_kits[line.product_id.id] = None
                    engine_kits[line.product_id.id] = engine_bom(kit, line.product_id)
            return consumption_engine.Bom(product.id, bom.product_qty, lines)

        return engine_bom(self.bom_id, self.product_id), engine_kits

    @api.multi
    def _backflush_stage_scrap(self):
        """Raise the demand (To Consume) of the open raw moves of lines with planned scrap
        (theirs or a kit line's above) to what the postings will consume of what remains
        to post, scrap included, rounded up in the move's unit: reservations, a
        pre-production picking and supermarket transfers then stage 21 brackets for 20 at
        5 %, not 20. Odoo's demand without scrap is never lowered. Returns the moves
        changed."""
        changed = self.env["stock.move"]
        for production in self.filtered("bom_id"):
            before = production._backflush_posted_before(0.0)
            earlier = production._backflush_earlier_requirements(before)
            for bom_line, cumulative in production._backflush_explode(production.product_qty):
                moves = production.move_raw_ids.filtered(
                    lambda move, line=bom_line: move.bom_line_id == line
                    and move.state not in ("done", "cancel"))
                if not moves or not cumulative.scrap_qty:
                    continue
                uom = bom_line.product_id.uom_id
                requirement = consumption_engine.posting_requirement(
                    cumulative, *earlier.get(bom_line.id, (0.0, 0.0)),
                    rounding=uom.rounding)
                move, others = moves[0], moves[1:]
                demand = uom._compute_quantity(
                    requirement.required_qty - sum(others.mapped("product_qty")),
                    move.product_uom, rounding_method="UP")
                if float_compare(demand, move.product_uom_qty,
                                 precision_rounding=move.product_uom.rounding) > 0:
                    move.product_uom_qty = demand
                    changed |= move
        return changed

    @api.multi
    def _backflush_components_note(self):
        """A line for the posting's message when the BOM was edited since the order
        kept its components."""
        self.ensure_one()
        if not self.backflush_components:
            return ""
        today = consumption_engine.boms_to_data(*self._backflush_read_bom())
        if json.loads(json.dumps(today)) == json.loads(self.backflush_components):
            return ""
        return _("<p>Components as the order was confirmed: its bill of materials was "
                 "edited since (the edit applies to new orders, and to this one after "
                 "Update Quantity).</p>")

    @api.multi
    def _backflush_kit_line_values(self, field_name):
        """{leaf BOM line id: value} of ``field_name`` (``backflush_policy``,
        ``supermarket_location_id``) of the kit line above each line of the order's
        phantom kits (in the order's BOM, or a kit above), the nearest one that has it
        set: what is set on a kit's line applies to the components it explodes into,
        unless their own lines say otherwise."""
        self.ensure_one()
        if not self.bom_id:
            return {}
        bom, kits = self._backflush_components()
        kit_lines = [line for one in [bom] + list(kits.values()) for line in one.lines
                     if kits.get(line.product_key)]
        values = dict((line.id, line[field_name]) for line in self.env[
            "mrp.bom.line"].browse([line.key for line in kit_lines]).exists())
        result = {}

        def walk(one, inherited, path):
            for line in one.lines:
                kit = kits.get(line.product_key)
                if kit is None:
                    if inherited:
                        result.setdefault(line.key, inherited)
                elif line.product_key not in path:
                    walk(kit, values.get(line.key) or inherited,
                         path + (line.product_key,))

        walk(bom, False, (bom.product_key,))
        return result

    @api.model
    def _backflush_kit(self, product, parent_bom):
        """The phantom (kit) BOM of ``product``, or an empty recordset."""
        bom = self.env["mrp.bom"]._bom_find(
            product=product, picking_type=parent_bom.picking_type_id,
            company_id=parent_bom.company_id.id)
        return bom if bom.type == "phantom" else self.env["mrp.bom"]

    @api.multi
    def _backflush_source_location(self, bom_line, kit_location=False):
        """Where ``bom_line``'s component is consumed from: its supermarket location,
        else the one of the kit line it is exploded from (``kit_location``, see
        ``_backflush_kit_line_values``), else the order's raw materials location (its
        routing's, as Odoo takes it)."""
        self.ensure_one()
        routing = self.routing_id or self.bom_id.routing_id
        return (bom_line.supermarket_location_id or kit_location or routing.location_id
                or self.location_src_id)

    @api.model
    def _backflush_stage(self, policy, moves):
        """When a component of ``policy`` whose raw moves are ``moves`` is consumed:
        `operation` at its work order, or at completion when no work order has it (an
        order without routing); otherwise as the policy says."""
        if policy == "operation" and not moves.mapped("workorder_id"):
            return "finish"
        return policy

    # ----------------------------------------------- what Odoo fills by itself
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

    @api.model
    def _backflush_hold(self, moves):
        """Odoo fills a raw move by its ``unit_factor`` (BOM quantity per unit produced):
        set it to 0 on ``moves`` for the time of a Produce or a work order's record
        production; returns what ``_backflush_release`` puts back."""
        factors = OrderedDict((move, move.unit_factor) for move in moves)
        moves.write({"unit_factor": 0.0})
        return factors

    @api.model
    def _backflush_release(self, factors):
        for factor, moves in self._backflush_group_by_value(factors).items():
            moves.write({"unit_factor": factor})

    @api.multi
    def _backflush_proposable_moves(self):
        """Open raw moves that Odoo's Produce wizard and work orders fill by themselves,
        out of a person's sight: of untracked components (the lots of a tracked one are
        shown to the person, who confirms or changes them)."""
        return self.mapped("move_raw_ids").filtered(
            lambda move: move.bom_line_id and move.state not in ("done", "cancel")
            and move.product_id.tracking == "none")

    # ------------------------------------------------------------------- posting
    @api.multi
    def _backflush_plan(self, qty, stage="finish", workorder=None, requirements=None):
        """One dict per leaf BOM line (see ``_backflush_prepare_item``) for a posting of
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
            item["workorder"] = workorder
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
        return {
            "bom_line": bom_line, "product": product, "policy": policy,
            "line_moves": moves, "moves": open_moves, "consume": consume,
            "location": self._backflush_source_location(bom_line, kit_location),
            "required_qty": requirement.required_qty, "scrap_qty": requirement.scrap_qty,
            "ahead_qty": ahead,
            "recorded_qty": recorded,
            # Odoo's proposal on the open moves, replaced by the posting's quantity
            "proposal": consume and recorded != on_moves,
            "to_consume_qty": to_consume,
            # what the posting takes from stock for this line
            "posting_qty": recorded + to_consume,
            "queued_reason": False,
            "move": open_moves[:1],
            # the moves done before the posting: the log reads what the others moved
            "done_before": set(done_moves.ids),
        }

    @api.multi
    def _backflush_check_stock(self, plan):
        """Apply the company's insufficient-stock policy to the stockable components the
        posting consumes: those it consumes automatically, and what a person recorded
        of the others (a `manual` component) on the open moves, which Odoo's posting
        takes all the same. Block raises one UserError naming every short component;
        queue marks them, so they wait in the backflush queue instead."""
        self.ensure_one()
        policy = self.company_id.backflush_negative_policy
        self._backflush_check_recordable(plan, policy)
        if policy == "allow":
            return
        checked = [item for item in plan if item["product"].type == "product"
                   and not item["queued_reason"] and (item["consume"] or float_compare(
                       item["recorded_qty"], 0.0,
                       precision_rounding=item["product"].uom_id.rounding) > 0)]
        available = self._backflush_available(
            [(item["product"], item["location"]) for item in checked])
        shortages = [
            (item, _("%s needed in %s, %s available") % (
                item["product"].uom_id._backflush_format(needed),
                item["location"].display_name,
                item["product"].uom_id._backflush_format(on_hand)))
            for item, needed, on_hand in consumption_engine.shortages(
                [(item, (item["product"].id, item["location"].id), item["posting_qty"],
                  item["product"].uom_id.rounding) for item in checked], available)]
        if not shortages:
            return
        if policy == "block":
            raise UserError(_("Not enough stock to backflush %s:\n%s") % (self.name, "\n".join(
                "- %s: %s" % (item["product"].display_name, reason)
                for item, reason in shortages)))
        for item, reason in shortages:
            item["queued_reason"] = reason

    @api.multi
    def _backflush_check_recordable(self, plan, policy):
        """A component whose quantity a move line cannot hold (its unit is rounded finer
        than Odoo's Product Unit of Measure precision) would move less than the posting
        requires: refused (a UserError naming the component and the fix), or under the
        `queue` policy queued with the reason, never posted short."""
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        problems = []
        for item in plan:
            if not item["consume"]:
                continue
            uom = item["product"].uom_id
            if consumption_engine.unrecordable(item["posting_qty"], digits):
                problems.append((item, _(
                    "%s required, but a move records %d decimals: round %s to %s or "
                    "coarser (Inventory > Configuration > Units of Measure), or raise the "
                    "Product Unit of Measure precision") % (
                    uom._backflush_format(item["posting_qty"]), digits, uom.name,
                    10.0 ** -digits)))
        if not problems:
            return
        if policy != "queue":
            raise UserError(_("Cannot backflush %s exactly:\n%s") % (self.name, "\n".join(
                "- %s: %s" % (item["product"].display_name, reason)
                for item, reason in problems)))
        for item, reason in problems:
            item["queued_reason"] = reason

    @api.model
    def _backflush_available(self, pairs):
        """{(product id, location id): quantity on hand there, children included} of
        [(product, location)] pairs, in one query per location (read fresh: stock may
        have moved within the transaction). Of a lot/serial-tracked product, only what
        has a lot counts: a backflush consumes lots."""
        available = {}
        by_location = OrderedDict()
        for product, location in pairs:
            by_location.setdefault(location, set()).add(product.id)
        for location, product_ids in by_location.items():
            products = self.env["product.product"].browse(list(product_ids))
            tracked = products.filtered(lambda product: product.tracking != "none")
            groups = self.env["stock.quant"].sudo().read_group(
                [("product_id", "in", list(product_ids)),
                 ("location_id", "child_of", location.id),
                 "|", ("product_id", "not in", tracked.ids), ("lot_id", "!=", False)],
                ["product_id", "quantity"], ["product_id"])
            for group in groups:
                available[(group["product_id"][0], location.id)] = group["quantity"]
        return available

    @api.multi
    def _create_backflush_top_ups(self, plan):
        """Record on the raw moves what the posting consumes: each consumed component's
        top-up (on a new raw move when none is open for it any more), nothing of a
        queued one; moves whose source is not the component's are moved there first."""
        self.ensure_one()
        consumed = [item for item in plan if item["consume"]]
        # a queued component, manual ones included, takes nothing now: what was
        # recorded of it waits in the queue
        queued = [item for item in plan if item["queued_reason"]]
        done_qty = OrderedDict((ml, 0.0) for item in queued
                               for ml in item["moves"].mapped("active_move_line_ids"))
        to_add = []
        for item in consumed:
            if item["queued_reason"]:
                continue
            relocated = self._backflush_relocate(item)
            self._backflush_in_stock_unit(item["moves"])
            if item["proposal"]:
                # Odoo's proposal gives way to the posting's quantity
                done_qty.update((ml, 0.0) for ml in item["moves"].mapped("move_line_ids"))
            if relocated or item["proposal"]:
                # the recorded quantities went with the reservation: record them again
                quantity = item["posting_qty"]
            else:
                quantity = item["to_consume_qty"]
            if float_is_zero(quantity, precision_rounding=item["product"].uom_id.rounding):
                continue
            if not item["move"]:
                item["move"] = self._backflush_new_move(
                    item["bom_line"], item["product"], quantity, item["location"],
                    item["workorder"])
            to_add.append((item["move"], quantity))
        self._backflush_add_done(to_add, done_qty)
        # the next posting's proposals start from nothing
        proposed = self.env["stock.move"].concat(*[item["moves"] for item in consumed]).filtered(
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
        source = item["location"]
        moves = item["moves"].filtered(
            lambda move: not (source.parent_left <= move.location_id.parent_left
                              < source.parent_right))
        if not moves:
            return False
        item["moves"]._do_unreserve()
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
        product = item["product"]
        moved = not item["queued_reason"] and not float_is_zero(
            item["posting_qty"], precision_rounding=product.uom_id.rounding)
        if item["queued_reason"]:
            state = "queued"
        elif item["consume"]:
            state = "done"
        elif item["line_moves"]:
            state = item["policy"]  # manual, or at its operation
        else:
            state = "skipped"  # no raw move on the order for this component
        # what the posting's done moves took from stock, read from them
        done_now = self.move_raw_ids.filtered(
            lambda m: m.bom_line_id == item["bom_line"] and m.product_id == product
            and m.state == "done" and m.id not in item["done_before"])
        if moved:
            move = done_now[:1] or item["move"]
        else:  # consumed ahead, if at all
            move = item["line_moves"].filtered(lambda m: m.state == "done")[-1:]
        return {
            "production_id": self.id,
            "company_id": self.company_id.id,
            "posting": posting,
            "date": date,
            "workorder_id": item["workorder"].id if item["workorder"] else False,
            "bom_line_id": item["bom_line"].id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "policy": item["policy"],
            "required_qty": item["required_qty"],
            "scrap_qty": item["scrap_qty"],
            "recorded_qty": item["ahead_qty"] + item["recorded_qty"],
            "consumed_qty": item["ahead_qty"] + done_now._backflush_moved_qty(),
            "queued_qty": item["posting_qty"] if item["queued_reason"] else 0.0,
            "location_id": (done_now[:1].location_id or item["location"]).id,
            "state": state,
            "reason": item["queued_reason"] or False,
            "move_id": move.id if move and (moved or item["ahead_qty"]) else False,
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
    def _backflush_post_queued(self, line):
        """Consume the queued backflush ``line`` now: a done raw move of this order."""
        self.ensure_one()
        move = self._backflush_new_move(line.bom_line_id, line.product_id, line.queued_qty,
                                        line.location_id)
        self._backflush_add_done([(move, line.queued_qty)])
        move._action_done()
        return move

    # -------------------------------------------------------- operation policy
    @api.multi
    def _backflush_operation(self, workorder, qty):
        """A work order recorded ``qty`` (MO UoM; already counted in its quantity
        produced): post its `operation` components."""
        self.ensure_one()
        if self._backflush_other_company():
            return self._backflush_by_company()[0]._backflush_operation(workorder, qty)
        plan = [item for item in self._backflush_plan(qty, "operation", workorder)
                if item["consume"]]
        if not plan:
            return
        self._backflush_check_stock(plan)
        self._create_backflush_top_ups(plan)
        moves = self.env["stock.move"]
        for item in plan:
            if not item["queued_reason"]:
                moves |= item["move"]
        moves._action_done()
        self._create_backflush_log(plan, qty, workorder)
