# -*- coding: utf-8 -*-
"""Fixture of the shop-floor tests: a table made of legs and a top on a two-operation
routing (saw, assembly), components in stock, and helpers to count what was posted."""
from odoo import SUPERUSER_ID, api

from .common import BackflushCase


class ShopfloorCase(BackflushCase):

    @classmethod
    def setUpClass(cls):
        super(ShopfloorCase, cls).setUpClass()
        cls.company.backflush_default_policy = "finish"
        cls.company.backflush_negative_policy = "allow"
        cls.saw = cls.env["mrp.workcenter"].create({"name": "SF Saw"})
        cls.assembly = cls.env["mrp.workcenter"].create({"name": "SF Assembly"})
        cls.routing = cls.env["mrp.routing"].create({"name": "SF Routing", "operation_ids": [
            (0, 0, {"name": "Cut", "workcenter_id": cls.saw.id, "time_cycle_manual": 6,
                    "time_mode": "manual", "sequence": 10}),
            (0, 0, {"name": "Assemble", "workcenter_id": cls.assembly.id,
                    "time_cycle_manual": 12, "time_mode": "manual", "sequence": 20})]})
        cls.table = cls._product("SF Table", 100.0)
        cls.leg = cls._product("SF Leg", 3.0)
        cls.top = cls._product("SF Top", 20.0)
        cls.bom = cls._bom(cls.table, [(cls.leg, 4), (cls.top, 1)])
        cls.routed_table = cls._product("SF Routed Table", 100.0)
        cut, assemble = cls.routing.operation_ids.sorted("sequence")
        cls.routed_bom = cls._bom(cls.routed_table, [
            (cls.leg, 4, {"operation_id": cut.id, "backflush_policy": "operation"}),
            (cls.top, 1, {"operation_id": assemble.id})], routing=cls.routing)
        cls._stock(cls.leg, 1000)
        cls._stock(cls.top, 1000)

    def _done_moves(self, production):
        return (production.move_raw_ids | production.move_finished_ids).filtered(
            lambda move: move.state == "done")

    def _consumed(self, production, product):
        moves = production.move_raw_ids.filtered(
            lambda move: move.product_id == product and move.state == "done")
        return sum(moves.mapped("product_qty"))

    def _produced(self, production):
        moves = production.move_finished_ids.filtered(
            lambda move: move.product_id == production.product_id and move.state == "done")
        return sum(moves.mapped("product_qty"))

    def _entries(self, production):
        """Every journal entry posted for the order: stock valuation, and the conversion
        and variance entries where the costing is installed."""
        entries = self.env["account.move"].search(
            [("stock_move_id", "in", self._done_moves(production).ids)])
        if "backflush_move_ids" in production._fields:
            entries |= production.backflush_move_ids
        return entries

    def _report(self, production, qty, event_id, hours=None, env=None):
        """The MES call, as execute_kw makes it: by reference."""
        env = env or self.env
        return env["mrp.production"].report_completion(production.name, qty, event_id,
                                                        hours=hours)


# Committed data, for the tests that need several transactions: other transactions cannot
# see uncommitted rows. Valued periodically so that no journal entry is made.
def commit_order(registry, name, qty=10.0):
    """Commit a table of 4 legs, 1000 legs in stock and an order of ``qty`` tables;
    return the ids made, for delete_committed_order."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        categ = env["product.category"].create({
            "name": "%s (periodic)" % name, "property_valuation": "manual_periodic"})
        uom = env.ref("product.product_uom_unit")
        product_vals = {"type": "product", "categ_id": categ.id, "uom_id": uom.id,
                        "uom_po_id": uom.id, "standard_price": 1.0}
        table = env["product.product"].create(dict(product_vals, name="%s Table" % name))
        leg = env["product.product"].create(dict(product_vals, name="%s Leg" % name))
        bom = env["mrp.bom"].create({
            "product_tmpl_id": table.product_tmpl_id.id, "product_qty": 1.0,
            "product_uom_id": uom.id,
            "bom_line_ids": [(0, 0, {"product_id": leg.id, "product_qty": 4.0,
                                     "product_uom_id": uom.id})]})
        env["stock.quant"]._update_available_quantity(
            leg, env.ref("stock.stock_location_stock"), 1000)
        production = env["mrp.production"].create({
            "product_id": table.id, "product_qty": qty, "product_uom_id": uom.id,
            "bom_id": bom.id})
        return {"categ": categ.id, "products": (table.id, leg.id),
                "templates": (table.product_tmpl_id.id, leg.product_tmpl_id.id),
                "bom": bom.id, "production": production.id,
                "production_name": production.name,
                "group": production.procurement_group_id.id or 0}


def delete_committed_order(registry, created):
    """Delete what commit_order made and whatever was posted on it, and commit."""
    products, templates = created["products"], created["templates"]
    properties = ["product.product,%s" % pid for pid in products] + [
        "product.template,%s" % tid for tid in templates] + [
        "product.category,%s" % created["categ"]]
    with registry.cursor() as cr:
        for query, params in [
            ("DELETE FROM stock_move_line WHERE product_id IN %s", (products,)),
            ("DELETE FROM stock_move WHERE product_id IN %s", (products,)),
            ("DELETE FROM stock_quant WHERE product_id IN %s", (products,)),
            ("DELETE FROM mrp_production WHERE id = %s", (created["production"],)),
            ("DELETE FROM procurement_group WHERE id = %s", (created["group"],)),
            ("DELETE FROM mail_followers WHERE res_model = 'mrp.production' "
             "AND res_id = %s", (created["production"],)),
            ("DELETE FROM mail_message WHERE model = 'mrp.production' AND res_id = %s",
             (created["production"],)),
            ("DELETE FROM mrp_bom WHERE id = %s", (created["bom"],)),
            ("DELETE FROM product_price_history WHERE product_id IN %s", (products,)),
            ("DELETE FROM ir_property WHERE res_id IN %s", (tuple(properties),)),
            ("DELETE FROM product_product WHERE id IN %s", (products,)),
            ("DELETE FROM product_template WHERE id IN %s", (templates,)),
            ("DELETE FROM product_category WHERE id = %s", (created["categ"],)),
        ]:
            cr.execute(query, params)
