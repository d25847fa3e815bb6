# -*- coding: utf-8 -*-
"""Backflush at MO completion on real Odoo + PostgreSQL: quantities consumed from the
BOM, scrap, phantom kits, UoM, partial postings, policies, insufficient stock."""
from odoo.exceptions import UserError

from .common import BackflushCase


class TestBackflush(BackflushCase):

    @classmethod
    def setUpClass(cls):
        super(TestBackflush, cls).setUpClass()
        cls.production_location = cls.env.ref("stock.location_production")
        cls.table = cls._product("BF Table", 100.0)
        cls.leg = cls._product("BF Leg", 3.0)
        cls.top = cls._product("BF Top", 20.0)
        cls.screw = cls._product("BF Screw", 0.1)
        cls.glue = cls._product("BF Glue", 0.01, uom=cls.uom_gram)
        for component in (cls.leg, cls.top, cls.screw):
            cls._stock(component, 1000)
        cls._stock(cls.glue, 100000)
        # whole units, so that rounding up is visible
        cls.uom_unit.rounding = 1.0
        cls.company.backflush_default_policy = "finish"
        cls.company.backflush_negative_policy = "allow"

    # helpers ----------------------------------------------------------------
    def _complete(self, production, qty):
        self._produce(production, qty)
        production.button_mark_done()
        return production

    def _consumed(self, production, product):
        """Quantity of ``product`` consumed by the MO's done moves, in its stock UoM."""
        moves = production.move_raw_ids.filtered(
            lambda move: move.product_id == product and move.state == "done")
        return sum(moves.mapped("product_qty"))

    # quantities -------------------------------------------------------------
    def test_single_level_consumes_bom(self):
        bom = self._bom(self.table, [(self.leg, 4), (self.top, 1)])
        production = self._complete(self._production(self.table, 5, bom), 5)
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.leg), 20)
        self.assertEqual(self._consumed(production, self.top), 5)
        self.assertEqual(self.leg.qty_available, 980)
        log = production.backflush_line_ids
        self.assertEqual(len(log), 2)
        self.assertEqual(set(log.mapped("state")), {"done"})
        leg_line = log.filtered(lambda line: line.product_id == self.leg)
        self.assertEqual((leg_line.required_qty, leg_line.consumed_qty), (20, 20))
        self.assertEqual(leg_line.location_id, self.stock_location)
        self.assertTrue(leg_line.move_id)
        self.assertTrue(any("Backflush, posting 1" in (message.body or "")
                            for message in production.message_ids))

    def test_scrap_percent_rounded_up(self):
        bom = self._bom(self.table, [(self.leg, 4, {"scrap_percent": 10.0}), (self.top, 1)])
        production = self._complete(self._production(self.table, 3, bom), 3)
        # 4 x 3 x 1.10 = 13.2 -> 14 (unit rounding, up)
        self.assertEqual(self._consumed(production, self.leg), 14)
        line = production.backflush_line_ids.filtered(lambda line: line.product_id == self.leg)
        self.assertEqual((line.required_qty, line.scrap_qty), (14, 2))

    def test_uom_conversion_kg_line_gram_stock(self):
        bom = self._bom(self.table, [(self.glue, 0.25, {"product_uom_id": self.uom_kg.id})])
        production = self._complete(self._production(self.table, 3, bom), 3)
        # 0.25 kg x 3 = 750 g taken from a product stocked in grams
        self.assertAlmostEqual(self._consumed(production, self.glue), 750.0)
        self.assertAlmostEqual(self.glue.qty_available, 100000 - 750.0)

    def test_two_level_phantom_kit(self):
        kit = self._product("BF Leg Kit", 0.0)
        self._bom(kit, [(self.leg, 1), (self.screw, 4, {"scrap_percent": 50.0})],
                  bom_type="phantom")
        bom = self._bom(self.table, [(kit, 4), (self.top, 1)])
        production = self._complete(self._production(self.table, 2, bom), 2)
        self.assertEqual(self._consumed(production, self.leg), 8)
        # 4 kits x 2 tables x 4 screws x 1.5 = 48
        self.assertEqual(self._consumed(production, self.screw), 48)
        self.assertEqual(self._consumed(production, self.top), 2)

    def test_three_level_phantom_kit(self):
        inner = self._product("BF Screw Pack", 0.0)
        self._bom(inner, [(self.screw, 5)], qty=1, bom_type="phantom")
        outer = self._product("BF Frame Kit", 0.0)
        self._bom(outer, [(inner, 2), (self.leg, 4)], qty=2, bom_type="phantom")
        bom = self._bom(self.table, [(outer, 1), (self.top, 1)])
        production = self._complete(self._production(self.table, 4, bom), 4)
        # a frame kit makes 2 -> per table 1/2 kit: 1 pack (5 screws) and 2 legs
        self.assertEqual(self._consumed(production, self.screw), 20)
        self.assertEqual(self._consumed(production, self.leg), 8)

    def test_partial_postings_sum_to_total(self):
        bom = self._bom(self.table, [(self.leg, 4, {"scrap_percent": 10.0}), (self.top, 1)])
        production = self._production(self.table, 10, bom)
        self._produce(production, 4)
        production.post_inventory()
        self.assertEqual(self._consumed(production, self.leg), 18)  # 17.6 -> 18
        self.assertEqual(self._consumed(production, self.top), 4)
        self._produce(production, 6)
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 18 + 27)  # 26.4 -> 27
        self.assertEqual(self._consumed(production, self.top), 10)
        self.assertEqual(sorted(set(production.backflush_line_ids.mapped("posting"))), [1, 2])
        self.assertEqual(self.table.qty_available, 10)

    def test_manual_top_up_is_not_consumed_twice(self):
        bom = self._bom(self.table, [(self.leg, 4, {"scrap_percent": 25.0})])
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        leg_move = production.move_raw_ids
        leg_move.quantity_done = 9  # the user recorded 9 by hand; the BOM requires 10
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 10)
        # recorded more than required: kept, never reduced, nothing added
        production2 = self._production(self.table, 2, bom)
        self._produce(production2, 2)
        production2.move_raw_ids.quantity_done = 12
        production2.button_mark_done()
        self.assertEqual(self._consumed(production2, self.leg), 12)

    def test_exactly_once(self):
        bom = self._bom(self.table, [(self.leg, 4)])
        production = self._complete(self._production(self.table, 5, bom), 5)
        production.post_inventory()
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 20)
        self.assertEqual(self.leg.qty_available, 980)
        self.assertEqual(len(production.backflush_line_ids), 1)

    # policies ---------------------------------------------------------------
    def test_policy_hierarchy(self):
        bom = self._bom(self.table, [(self.leg, 4), (self.top, 1)])
        leg_line = bom.bom_line_ids.filtered(lambda line: line.product_id == self.leg)
        top_line = bom.bom_line_ids - leg_line
        self.company.backflush_default_policy = "manual"
        self.assertEqual(leg_line._backflush_effective_policy(), "manual")
        self.top.backflush_policy = "finish"
        self.assertEqual(top_line._backflush_effective_policy(), "finish")
        self.leg.backflush_policy = "finish"
        leg_line.backflush_policy = "manual"
        self.assertEqual(leg_line._backflush_effective_policy(), "manual")

        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        production.move_raw_ids.filtered(lambda m: m.product_id == self.leg).quantity_done = 3
        production.button_mark_done()
        # manual: what the user recorded, no top-up; finish (product): the BOM quantity
        self.assertEqual(self._consumed(production, self.leg), 3)
        self.assertEqual(self._consumed(production, self.top), 2)
        states = {line.product_id: line.state for line in production.backflush_line_ids}
        self.assertEqual(states, {self.leg: "manual", self.top: "done"})

    def test_supermarket_location_is_the_source(self):
        supermarket = self.env["stock.location"].create({
            "name": "Line-side A", "usage": "internal",
            "location_id": self.stock_location.location_id.id})
        self._stock(self.screw, 50, supermarket)
        bom = self._bom(self.table, [(self.screw, 6, {"supermarket_location_id": supermarket.id})])
        production = self._complete(self._production(self.table, 5, bom), 5)
        self.assertEqual(self._consumed(production, self.screw), 30)
        self.assertEqual(self.screw.with_context(location=supermarket.id).qty_available, 20)
        self.assertEqual(production.backflush_line_ids.location_id, supermarket)

    # insufficient stock -----------------------------------------------------
    def _short_bom(self):
        rare = self._product("BF Rare Part", 5.0)
        self._stock(rare, 3)
        return rare, self._bom(self.table, [(rare, 2), (self.top, 1)])

    def test_negative_allow_goes_negative(self):
        rare, bom = self._short_bom()
        production = self._complete(self._production(self.table, 2, bom), 2)
        self.assertEqual(production.state, "done")
        self.assertEqual(rare.qty_available, -1)

    def test_negative_block_leaves_database_as_it_was(self):
        self.company.backflush_negative_policy = "block"
        rare, bom = self._short_bom()
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        moves = production.move_raw_ids | production.move_finished_ids
        states_before = moves.mapped("state")
        entries_before = self.env["account.move"].search_count([])
        with self.assertRaises(UserError) as error:
            production.button_mark_done()
        message = error.exception.name
        self.assertIn("BF Rare Part", message)
        self.assertIn("4.0 Unit(s) needed", message)
        self.assertIn("3.0 available", message)
        self.assertNotIn("BF Top", message)
        moves.invalidate_cache()
        production.invalidate_cache()
        self.assertEqual(moves.mapped("state"), states_before)
        self.assertNotIn("done", moves.mapped("state"))
        self.assertEqual(production.state, "progress")
        self.assertEqual(rare.qty_available, 3)
        self.assertEqual(self.table.qty_available, 0)
        self.assertFalse(production.backflush_line_ids)
        self.assertEqual(self.env["account.move"].search_count([]), entries_before)

    def test_negative_queue_then_retry(self):
        self.company.backflush_negative_policy = "queue"
        rare, bom = self._short_bom()
        production = self._complete(self._production(self.table, 2, bom), 2)
        self.assertEqual(production.state, "done")
        self.assertEqual(self.table.qty_available, 2)  # finished goods received
        self.assertEqual(rare.qty_available, 3)  # nothing of the short part consumed
        queued = production.backflush_line_ids.filtered(lambda line: line.state == "queued")
        self.assertEqual(queued.product_id, rare)
        self.assertIn("4.0 Unit(s) needed", queued.reason)
        self.assertEqual(production.backflush_queued_count, 1)
        # still short: stays queued
        production.action_backflush_retry()
        self.assertEqual(queued.state, "queued")
        self._stock(rare, 5)
        self.env["mrp.production"]._cron_backflush_retry()
        self.assertEqual(queued.state, "done")
        self.assertEqual(queued.consumed_qty, 4)
        self.assertEqual(rare.qty_available, 4)
        self.assertEqual(queued.move_id.state, "done")
        self.assertEqual(queued.move_id.raw_material_production_id, production)
        # retrying again posts nothing more
        production.action_backflush_retry()
        self.assertEqual(rare.qty_available, 4)

    # operation policy -------------------------------------------------------
    def test_operation_policy_consumes_at_work_order(self):
        workcenter = self.env["mrp.workcenter"].create({"name": "BF Saw", "time_start": 0,
                                                        "time_stop": 0})
        routing = self.env["mrp.routing"].create({"name": "BF Routing", "operation_ids": [
            (0, 0, {"name": "Cut", "workcenter_id": workcenter.id, "time_cycle": 6}),
            (0, 0, {"name": "Assemble", "workcenter_id": workcenter.id, "time_cycle": 6,
                    "sequence": 20})]})
        cut, assemble = routing.operation_ids.sorted("sequence")
        bom = self._bom(self.table, [
            (self.leg, 4, {"operation_id": cut.id, "backflush_policy": "operation",
                           "scrap_percent": 10.0}),
            (self.top, 1, {"operation_id": assemble.id})], routing=routing)
        production = self._production(self.table, 5, bom)
        production.button_plan()
        first = production.workorder_ids.filtered(lambda wo: wo.operation_id == cut)
        first.button_start()
        first.qty_producing = 5
        first.record_production()
        # legs are consumed when the cutting work order records: 4 x 5 x 1.1 = 22
        self.assertEqual(self._consumed(production, self.leg), 22)
        self.assertEqual(self._consumed(production, self.top), 0)
        second = production.workorder_ids - first
        second.button_start()
        second.qty_producing = 5
        second.record_production()
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 22)
        self.assertEqual(self._consumed(production, self.top), 5)
        states = {(line.product_id, line.state) for line in production.backflush_line_ids}
        self.assertIn((self.leg, "done"), states)
        self.assertIn((self.top, "done"), states)
