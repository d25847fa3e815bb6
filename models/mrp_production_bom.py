# -*- coding: utf-8 -*-
"""The components of an order (DESIGN 3), read once: its bill of materials exploded
(kits included, engine.consumption), as it was when the order was confirmed
(``backflush_components``), each component's source location and when it is consumed
(its policy's stage). A step ``plan`` reads.
"""
import json

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..engine import consumption as consumption_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

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
