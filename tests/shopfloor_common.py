# -*- coding: utf-8 -*-
"""Fixture of the shop-floor tests: a table made of legs and a top on a two-operation
routing (saw, assembly), components in stock, and helpers to count what was posted."""
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
        return self.env["account.move"].search(
            [("stock_move_id", "in", self._done_moves(production).ids)])

    def _report(self, production, qty, event_id, hours=None, env=None):
        """The MES call, as execute_kw makes it: by reference."""
        env = env or self.env
        return env["mrp.production"].report_completion(production.name, qty, event_id,
                                                        hours=hours)
