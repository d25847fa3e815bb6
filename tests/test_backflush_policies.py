# -*- coding: utf-8 -*-
"""Backflush policies (BOM line > product > company), the operation policy through work
orders, and the source location (supermarket)."""
from odoo.exceptions import UserError

from .test_backflush import BackflushPostingCase


class TestBackflushPolicies(BackflushPostingCase):

    def _policies_bom(self):
        bom = self._bom(self.table, [(self.leg, 4), (self.top, 1)])
        leg_line = bom.bom_line_ids.filtered(lambda line: line.product_id == self.leg)
        return bom, leg_line, bom.bom_line_ids - leg_line

    def _complete_recording(self, bom, leg_qty):
        """Produce 2 tables, the user recording ``leg_qty`` legs by hand."""
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        production.move_raw_ids.filtered(
            lambda move: move.product_id == self.leg).quantity_done = leg_qty
        production.button_mark_done()
        return production

    def test_company_default_policy(self):
        bom, leg_line, _top_line = self._policies_bom()
        self.company.backflush_default_policy = "manual"
        self.assertEqual(leg_line._backflush_effective_policy(), "manual")
        production = self._complete_recording(bom, 3)
        # manual: what the user recorded (3 legs), no top-up; nothing recorded for the
        # tops: the Produce wizard does not fill a manual component, none consumed
        self.assertEqual(self._consumed(production, self.leg), 3)
        self.assertEqual(self._consumed(production, self.top), 0)
        line = self._log(production, self.leg)
        self.assertEqual((line.state, line.policy, line.consumed_qty), ("manual", "manual", 3))

    def test_an_empty_policy_shows_what_it_inherits(self):
        _bom, leg_line, _top_line = self._policies_bom()
        self.assertEqual(leg_line.backflush_policy_inherited,
                         "Company default: At MO completion")
        self.assertEqual(self.leg.product_tmpl_id.backflush_policy_inherited,
                         "Company default: At MO completion")
        self.leg.backflush_policy = "manual"
        leg_line.invalidate_cache()
        self.assertEqual(leg_line.backflush_policy_inherited, "Product: Manual")
        leg_line.backflush_policy = "operation"
        self.assertFalse(leg_line.backflush_policy_inherited)

    def test_company_default_finish_tops_up(self):
        bom, leg_line, _top_line = self._policies_bom()
        self.assertEqual(leg_line._backflush_effective_policy(), "finish")
        production = self._complete_recording(bom, 3)
        self.assertEqual(self._consumed(production, self.leg), 8)
        self.assertEqual(self._log(production, self.leg).state, "done")

    def test_product_policy_overrides_company(self):
        bom, leg_line, top_line = self._policies_bom()
        self.company.backflush_default_policy = "manual"
        self.leg.backflush_policy = "finish"
        self.assertEqual(leg_line._backflush_effective_policy(), "finish")
        self.assertEqual(top_line._backflush_effective_policy(), "manual")
        production = self._complete_recording(bom, 3)
        self.assertEqual(self._consumed(production, self.leg), 8)
        # the top (manual) was not recorded, so not consumed: the posting did nothing with
        # it and does not log it
        self.assertEqual(self._consumed(production, self.top), 0)
        states = {line.product_id: line.state for line in production.backflush_line_ids}
        self.assertEqual(states, {self.leg: "done"})

    def test_bom_line_policy_overrides_product(self):
        bom, leg_line, _top_line = self._policies_bom()
        self.leg.backflush_policy = "finish"
        leg_line.backflush_policy = "manual"
        self.assertEqual(leg_line._backflush_effective_policy(), "manual")
        production = self._complete_recording(bom, 3)
        self.assertEqual(self._consumed(production, self.leg), 3)
        self.assertEqual(self._log(production, self.leg).state, "manual")

    def test_policy_of_kit_components(self):
        """A kit's components follow their own lines' and products' policies."""
        kit = self._product("BF Leg Kit", 0.0)
        self._bom(kit, [(self.leg, 1, {"backflush_policy": "manual"}), (self.screw, 4)],
                  bom_type="phantom")
        bom = self._bom(self.table, [(kit, 4)])
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        production.move_raw_ids.filtered(
            lambda move: move.product_id == self.leg).quantity_done = 5
        production.move_raw_ids.filtered(
            lambda move: move.product_id == self.screw).quantity_done = 0
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 5)
        self.assertEqual(self._consumed(production, self.screw), 32)

    # operation policy -------------------------------------------------------
    def _routing_bom(self):
        workcenter = self.env["mrp.workcenter"].create({"name": "BF Saw", "time_start": 0,
                                                        "time_stop": 0})
        routing = self.env["mrp.routing"].create({"name": "BF Routing", "operation_ids": [
            (0, 0, {"name": "Cut", "workcenter_id": workcenter.id, "time_cycle": 6,
                    "sequence": 10}),
            (0, 0, {"name": "Sand", "workcenter_id": workcenter.id, "time_cycle": 6,
                    "sequence": 15}),
            (0, 0, {"name": "Assemble", "workcenter_id": workcenter.id, "time_cycle": 6,
                    "sequence": 20})]})
        cut, _sand, assemble = routing.operation_ids.sorted("sequence")
        bom = self._bom(self.table, [
            (self.leg, 4, {"operation_id": cut.id, "backflush_policy": "operation",
                           "scrap_percent": 10.0}),
            (self.top, 1, {"operation_id": assemble.id})], routing=routing)
        return bom

    def test_operation_policy_consumes_at_work_order(self):
        production = self._production(self.table, 5, self._routing_bom())
        production.button_plan()
        cut, sand, assemble = production.workorder_ids.sorted(
            lambda wo: wo.operation_id.sequence)
        self._record(cut, 5)
        # legs are consumed when the cutting work order records: 4 x 5 x 1.1 = 22
        self.assertEqual(self._consumed(production, self.leg), 22)
        self.assertEqual(self.leg.qty_available, 978)
        self.assertEqual(self._consumed(production, self.top), 0)
        leg_line = self._log(production, self.leg)
        self.assertEqual((leg_line.state, leg_line.workorder_id, leg_line.consumed_qty),
                         ("done", cut, 22))
        self._record(sand, 5)
        self._record(assemble, 5)
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 22)
        self.assertEqual(self._consumed(production, self.top), 5)
        finish_lines = production.backflush_line_ids.filtered(lambda line: line.posting == 2)
        states = {line.product_id: line.state for line in finish_lines}
        # the legs, consumed by the cutting work order, are not logged again with 0
        self.assertEqual(states, {self.top: "done"})
        self.assertEqual(self.leg.qty_available, 978)

    def test_operation_policy_partial_work_orders(self):
        """Each record of the work order consumes its part; the other work orders (with
        no component of their own) consume nothing of it."""
        production = self._production(self.table, 5, self._routing_bom())
        production.button_plan()
        cut, sand, assemble = production.workorder_ids.sorted(
            lambda wo: wo.operation_id.sequence)
        self._record(cut, 2)
        self.assertEqual(self._consumed(production, self.leg), 9)  # 8.8 -> 9
        self._record(sand, 2)
        self._record(assemble, 2)
        self.assertEqual(self._consumed(production, self.leg), 9)
        production.post_inventory()
        self.assertEqual(self.table.qty_available, 2)
        self._record(cut, 3)
        # trued up: 4 x 5 x 1.1 = 22 for the 5 the work order made, less the 9 taken
        self.assertEqual(self._consumed(production, self.leg), 9 + 13)
        self._record(sand, 3)
        self._record(assemble, 3)
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 22)
        self.assertEqual(self._consumed(production, self.top), 5)
        self.assertEqual(self.leg.qty_available, 1000 - 22)

    def test_operation_policy_without_routing_consumes_at_completion(self):
        bom = self._bom(self.table, [(self.leg, 4, {"backflush_policy": "operation",
                                                    "scrap_percent": 10.0})])
        production = self._complete(self._production(self.table, 5, bom), 5)
        self.assertEqual(self._consumed(production, self.leg), 22)
        self.assertEqual(self._log(production, self.leg).state, "done")

    # source location --------------------------------------------------------
    def _supermarket(self):
        return self.env["stock.location"].create({
            "name": "Line-side A", "usage": "internal",
            "location_id": self.stock_location.location_id.id})

    def test_supermarket_location_is_the_source(self):
        supermarket = self._supermarket()
        self._stock(self.screw, 50, supermarket)
        bom = self._bom(self.table, [(self.screw, 6, {"supermarket_location_id": supermarket.id})])
        production = self._complete(self._production(self.table, 5, bom), 5)
        self.assertEqual(self._consumed(production, self.screw), 30)
        self.assertEqual(self.screw.with_context(location=supermarket.id).qty_available, 20)
        self.assertEqual(self.screw.with_context(
            location=self.stock_location.id).qty_available, 1000)
        self.assertEqual(production.backflush_line_ids.location_id, supermarket)

    def test_supermarket_set_after_confirmation(self):
        """The source is read at posting: moves planned from stock are consumed from the
        supermarket set on the BOM line since."""
        supermarket = self._supermarket()
        self._stock(self.screw, 50, supermarket)
        bom = self._bom(self.table, [(self.screw, 6, {"scrap_percent": 10.0})])
        production = self._production(self.table, 5, bom)
        self._produce(production, 5)
        bom.bom_line_ids.supermarket_location_id = supermarket
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.screw), 33)
        self.assertEqual(self.screw.with_context(location=supermarket.id).qty_available, 17)
        self.assertEqual(self.screw.with_context(
            location=self.stock_location.id).qty_available, 1000)
        self.assertEqual(production.move_raw_ids.mapped("location_id"), supermarket)


class TestBackflushWorkedExample(BackflushPostingCase):
    """The README's worked example (the demo's dining table), number for number."""

    @classmethod
    def setUpClass(cls):
        super(TestBackflushWorkedExample, cls).setUpClass()
        cls.uom_unit.rounding = 0.01  # as in a new database
        cls.dining = cls._product("Oak Dining Table", 160.0)
        cls.steel_leg = cls._product("Steel Leg", 8.0)
        cls.m6 = cls._product("Screw M6", 0.05)
        cls.bracket = cls._product("Corner Bracket", 2.5)
        cls.oak_top = cls._product("Oak Top", 45.0)
        cls.wood_glue = cls._product("Wood Glue", 0.02, uom=cls.uom_gram)
        for component in (cls.steel_leg, cls.bracket, cls.oak_top):
            cls._stock(component, 100)
        cls._stock(cls.wood_glue, 20000)
        cls._stock(cls.m6, 50)
        saw, bench = [cls.env["mrp.workcenter"].create({"name": name})
                      for name in ("Saw Line", "Assembly Bench")]
        routing = cls.env["mrp.routing"].create({"name": "Cut and assemble", "operation_ids": [
            (0, 0, {"name": "Cut top", "workcenter_id": saw.id, "sequence": 10}),
            (0, 0, {"name": "Assemble", "workcenter_id": bench.id, "sequence": 20})]})
        cut, assemble = routing.operation_ids.sorted("sequence")
        kit = cls._product("Leg Kit", 0.0)
        cls._bom(kit, [(cls.steel_leg, 1), (cls.m6, 4, {"scrap_percent": 5.0}),
                       (cls.bracket, 1)], bom_type="phantom")
        cls.dining_bom = cls._bom(cls.dining, [
            (kit, 4, {"operation_id": assemble.id}),
            (cls.oak_top, 1, {"operation_id": cut.id, "backflush_policy": "operation"}),
            (cls.wood_glue, 0.05, {"operation_id": assemble.id, "scrap_percent": 10.0,
                                   "product_uom_id": cls.uom_kg.id})], routing=routing)

    def _record_both(self, production, qty):
        for workorder in production.workorder_ids.sorted(lambda wo: wo.operation_id.sequence):
            if workorder.state != "progress":
                workorder.button_start()
            workorder.qty_producing = qty
            workorder.record_production()

    def _posted(self, production, posting):
        return {line.product_id: (line.required_qty, line.scrap_qty, line.recorded_qty,
                                  line.consumed_qty)
                for line in production.backflush_line_ids.filtered(
                    lambda line: line.posting == posting and line.state == "done")}

    def test_two_postings(self):
        self._stock(self.m6, 1000)
        production = self._production(self.dining, 10, self.dining_bom)
        production.button_plan()
        self._record_both(production, 4)
        self.assertEqual(self._consumed(production, self.oak_top), 4)  # at "Cut top"
        production.post_inventory()
        first = self._posted(production, 2)
        # what Assemble filled by itself (16 legs, 64 screws, 200 g) is Odoo's proposal,
        # no one's record: nothing recorded, the requirement consumed
        self.assertEqual(first[self.steel_leg], (16, 0, 0, 16))
        for actual, expected in zip(first[self.m6], (67.2, 3.2, 0, 67.2)):
            self.assertAlmostEqual(actual, expected)
        self.assertEqual(first[self.bracket], (16, 0, 0, 16))
        self.assertEqual(first[self.wood_glue], (220, 20, 0, 220))
        self.assertNotIn(self.oak_top, first)
        self._record_both(production, 6)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        for product, total in ((self.steel_leg, 40), (self.m6, 168), (self.bracket, 40),
                               (self.wood_glue, 550), (self.oak_top, 10)):
            self.assertAlmostEqual(self._consumed(production, product), total)
        self.assertEqual(self.dining.qty_available, 10)

    def test_block_and_queue_messages(self):
        self.company.backflush_negative_policy = "block"
        production = self._production(self.dining, 10, self.dining_bom)
        production.button_plan()
        self._record_both(production, 4)
        with self.assertRaises(UserError) as error:
            production.post_inventory()
        self.assertEqual(error.exception.name,
                         "Not enough stock to backflush %s:\n- Screw M6: 67.2 Unit(s) needed "
                         "in WH/Stock, 50 Unit(s) available" % production.name)
        self.company.backflush_negative_policy = "queue"
        production.post_inventory()
        self.assertEqual(self.dining.qty_available, 4)
        line = self._log(production, self.m6)
        self.assertEqual((line.state, line.reason),
                         ("queued", "67.2 Unit(s) needed in WH/Stock, 50 Unit(s) available"))
        self._stock(self.m6, 17.2)
        production.action_backflush_retry()
        self.assertEqual(line.state, "done")
        self.assertAlmostEqual(self.m6.qty_available, 0)
