# -*- coding: utf-8 -*-
"""Supermarket (Kanban) replenishment (DESIGN 7): for each line-side location (the
supermarket location of BOM lines), what the released manufacturing orders will still
backflush from it, minus what is there and what open transfers are bringing; and the
internal transfers from stores that bring the rest. Computed when the wizard opens."""
from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..engine import replenishment
from ..models.mrp_production_completion_check import PRODUCIBLE_STATES

OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")


class MrpSupermarketReplenishment(models.TransientModel):
    _name = "mrp.supermarket.replenishment"
    _description = "Supermarket Replenishment"

    line_ids = fields.One2many("mrp.supermarket.replenishment.line", "wizard_id",
                               string="To Replenish")
    setup_note = fields.Char(compute="_compute_setup_note", string="Set-up",
                             help="What is missing for this screen to list anything.")

    @api.multi
    def _compute_setup_note(self):
        note = False
        if not self.env["mrp.bom.line"].search_count(
                [("supermarket_location_id", "!=", False)]):
            note = _("No BOM line has a Supermarket Location: set one on a BOM line "
                     "(Manufacturing > Master Data > Bills of Materials, the Supermarket "
                     "Location column of the components) for each component the line "
                     "takes from a line-side location; this screen then lists what to "
                     "bring there.")
        for wizard in self:
            wizard.setup_note = note

    @api.model
    def default_get(self, fields_list):
        result = super(MrpSupermarketReplenishment, self).default_get(fields_list)
        if "line_ids" in fields_list:
            result["line_ids"] = [(0, 0, vals) for vals in self._prepare_line_vals()]
        return result

    @api.model
    def _prepare_line_vals(self):
        demands = self._supermarket_demand()
        pairs = list(demands)
        on_hand = self.env["mrp.production"]._backflush_available(pairs)
        incoming = self._supermarket_incoming(pairs)
        keys = [(product.id, location.id) for product, location in pairs]
        rows = replenishment.shortfalls(
            dict(zip(keys, demands.values())), on_hand, incoming,
            {(product.id, location.id): product.uom_id.rounding for product, location in pairs})
        products, locations = self.env["product.product"], self.env["stock.location"]
        return [{
            "product_id": row.key[0],
            "location_id": row.key[1],
            "product_uom_id": products.browse(row.key[0]).uom_id.id,
            "uom_rounding": products.browse(row.key[0]).uom_id.rounding,
            "source_location_id": self._supermarket_warehouse(
                locations.browse(row.key[1])).lot_stock_id.id,
            "demand_qty": row.demand_qty,
            "on_hand_qty": row.on_hand_qty,
            "incoming_qty": row.incoming_qty,
            "qty": row.qty,
        } for row in rows]

    @api.model
    def _supermarket_demand(self):
        """{(component, supermarket): quantity} the released orders will still backflush
        from supermarkets: their BOM explosion (kits, scrap) for what remains to post,
        and what the backflush queue waits for there (of orders done too)."""
        demands = self._supermarket_queued()
        for production in self._supermarket_productions():
            # the order's requirement less what its lines took already: their postings,
            # and the work orders that consumed their `operation` components ahead
            taken = self._taken_qty(production)
            kit_locations = production._backflush_kit_line_values("supermarket_location_id")
            for bom_line, requirement in production._backflush_explode(
                    production.product_qty):
                location = (bom_line.supermarket_location_id
                            or kit_locations.get(bom_line.id))
                still = requirement.required_qty - taken.get(bom_line.id, 0.0)
                if location and float_compare(
                        still, 0.0, precision_rounding=bom_line.product_id.uom_id.rounding) > 0:
                    key = (bom_line.product_id, location)
                    demands[key] = demands.get(key, 0.0) + still
        return demands

    @api.model
    def _taken_qty(self, production):
        """{BOM line id: quantity} (stock UoM) that ``production``'s raw moves consumed of
        each line, and that its queued backflush lines wait for (counted apart, see
        ``_supermarket_queued``)."""
        taken = {}
        for move in production.move_raw_ids.filtered(
                lambda move: move.state == "done" and move.bom_line_id):
            taken[move.bom_line_id.id] = taken.get(move.bom_line_id.id, 0.0) + move.product_qty
        for line in production.backflush_line_ids.filtered(
                lambda line: line.state == "queued" and line.bom_line_id):
            taken[line.bom_line_id.id] = taken.get(line.bom_line_id.id, 0.0) + line.queued_qty
        return taken

    @api.model
    def _supermarket_queued(self):
        """{(component, supermarket): quantity} that queued backflush lines wait for in
        the supermarkets: their orders received the finished goods, the components are
        consumed from there once they are brought."""
        supermarkets = self.env["mrp.bom.line"].search(
            [("supermarket_location_id", "!=", False)]).mapped("supermarket_location_id")
        demands = OrderedDict()
        for line in self.env["mrp.backflush.line"].search(
                [("state", "=", "queued"), ("location_id", "in", supermarkets.ids)]):
            key = (line.product_id, line.location_id)
            demands[key] = demands.get(key, 0.0) + line.queued_qty
        return demands

    @api.model
    def _supermarket_productions(self):
        """Released orders whose BOM, or a kit in it, has a supermarket line."""
        boms = self.env["mrp.bom.line"].search(
            [("supermarket_location_id", "!=", False)]).mapped("bom_id")
        kits = boms.filtered(lambda bom: bom.type == "phantom")
        while kits:             # the BOMs using those kits use the supermarket too
            parents = self.env["mrp.bom.line"].search([
                ("product_id", "in", kits.mapped("product_tmpl_id.product_variant_ids").ids),
            ]).mapped("bom_id") - boms
            boms |= parents
            kits = parents.filtered(lambda bom: bom.type == "phantom")
        return self.env["mrp.production"].search(
            [("state", "in", PRODUCIBLE_STATES), ("bom_id", "in", boms.ids)])

    @api.model
    def _supermarket_incoming(self, pairs):
        """{(product id, location id): quantity} that open transfers bring there from
        outside it, in one search."""
        supermarkets = self.env["stock.location"].union(*[location for _p, location in pairs])
        moves = self.env["stock.move"].search([
            ("product_id", "in", list(set(product.id for product, _l in pairs))),
            ("state", "in", OPEN_MOVE_STATES),
            ("location_dest_id", "child_of", supermarkets.ids)])
        wanted = set((product.id, location.id) for product, location in pairs)
        incoming = {}
        for move in moves:
            for location in supermarkets:
                key = (move.product_id.id, location.id)
                if key in wanted and self._inside(move.location_dest_id, location) \
                        and not self._inside(move.location_id, location):
                    incoming[key] = incoming.get(key, 0.0) + move.product_qty
        return incoming

    @api.model
    def _inside(self, location, parent):
        """``location`` is ``parent`` or below it (the parent store of locations)."""
        return parent.parent_left <= location.parent_left < parent.parent_right

    @api.model
    def _supermarket_warehouse(self, location):
        """The warehouse of ``location``, else the company's first one."""
        return location.get_warehouse() or self.env["stock.warehouse"].search(
            [("company_id", "=", (location.company_id or self.env.user.company_id).id)],
            limit=1)

    @api.model
    def _supermarket_source(self, location):
        """(stores location, internal picking type) that replenish ``location``: its
        warehouse's stock location and internal transfers."""
        warehouse = self._supermarket_warehouse(location)
        if not warehouse:
            raise UserError(_("No warehouse to replenish the supermarket %s from: create "
                              "one in Inventory > Configuration > Warehouses.")
                            % location.display_name)
        if warehouse.lot_stock_id == location:
            raise UserError(_("The supermarket location %s is the stock location of %s: "
                              "set a line-side location of its own on the BOM lines.")
                            % (location.display_name, warehouse.name))
        return warehouse.lot_stock_id, warehouse.int_type_id

    @api.multi
    def action_create_transfers(self):
        """One internal transfer per supermarket, from stores, confirmed; opens them.
        Every supermarket's source is checked before any transfer is made."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: float_compare(
            line.qty, 0.0, precision_rounding=line.product_uom_id.rounding) > 0)
        if not lines and self.setup_note:
            raise UserError(self.setup_note)
        if not lines:
            raise UserError(_("Nothing to replenish: every supermarket covers the demand of "
                              "the released manufacturing orders."))
        sources = OrderedDict((location, self._supermarket_source(location))
                              for location in lines.mapped("location_id"))
        pickings = self.env["stock.picking"]
        for location, (source, picking_type) in sources.items():
            pickings |= pickings.create(self._prepare_picking_vals(
                location, source, picking_type,
                lines.filtered(lambda line, location=location: line.location_id == location)))
        pickings.action_confirm()
        action = self.env.ref("stock.action_picking_tree_all").read()[0]
        action["domain"] = [("id", "in", pickings.ids)]
        return action

    @api.model
    def _prepare_picking_vals(self, location, source, picking_type, lines):
        return {
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": location.id,
            "origin": _("Supermarket replenishment"),
            "move_lines": [(0, 0, {
                "name": line.product_id.display_name,
                "product_id": line.product_id.id,
                "product_uom": line.product_uom_id.id,
                "product_uom_qty": line.qty,
                "location_id": source.id,
                "location_dest_id": location.id,
                "picking_type_id": picking_type.id,
            }) for line in lines],
        }


class MrpSupermarketReplenishmentLine(models.TransientModel):
    _name = "mrp.supermarket.replenishment.line"
    _description = "Supermarket Replenishment Line"
    _order = "location_id, product_id"

    wizard_id = fields.Many2one("mrp.supermarket.replenishment", required=True,
                                ondelete="cascade")
    location_id = fields.Many2one("stock.location", string="Supermarket", required=True,
                                  readonly=True)
    source_location_id = fields.Many2one("stock.location", string="From", readonly=True)
    product_id = fields.Many2one("product.product", string="Component", required=True,
                                 readonly=True)
    product_uom_id = fields.Many2one("product.uom", string="Unit of Measure", readonly=True)
    uom_rounding = fields.Float(related="product_uom_id.rounding", readonly=True)
    demand_qty = fields.Float(string="Demand", readonly=True,
                              digits=dp.get_precision("Product Unit of Measure"),
                              help="What the released orders will still backflush from the "
                                   "supermarket (scrap included).")
    on_hand_qty = fields.Float(string="On Hand", readonly=True,
                               digits=dp.get_precision("Product Unit of Measure"))
    incoming_qty = fields.Float(string="Incoming", readonly=True,
                                digits=dp.get_precision("Product Unit of Measure"),
                                help="Already on its way in open transfers.")
    qty = fields.Float(string="To Bring", digits=dp.get_precision("Product Unit of Measure"))
