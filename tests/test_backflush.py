# -*- coding: utf-8 -*-
"""Backflush at MO completion on real Odoo + PostgreSQL: quantities consumed from the
BOM, scrap, phantom kits, UoM, partial postings, top-up of what was recorded, exactly
once."""
from .common import BackflushCase


class BackflushPostingCase(BackflushCase):
    """Products of a table factory in stock, and helpers to complete orders."""

    @classmethod
    def setUpClass(cls):
        super(BackflushPostingCase, cls).setUpClass()
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

    def _complete(self, production, qty):
        self._produce(production, qty)
        production.button_mark_done()
        return production

    def _consumed(self, production, product):
        """Quantity of ``product`` consumed by the MO's done moves, in its stock UoM."""
        moves = production.move_raw_ids.filtered(
            lambda move: move.product_id == product and move.state == "done")
        return sum(moves.mapped("product_qty"))

    def _log(self, production, product, posting=None):
        return production.backflush_line_ids.filtered(
            lambda line: line.product_id == product
            and (posting is None or line.posting == posting))


class TestBackflush(BackflushPostingCase):

    def test_single_level_consumes_bom(self):
        bom = self._bom(self.table, [(self.leg, 4), (self.top, 1)])
        production = self._complete(self._production(self.table, 5, bom), 5)
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.leg), 20)
        self.assertEqual(self._consumed(production, self.top), 5)
        self.assertEqual(self.leg.qty_available, 980)
        self.assertEqual(self.top.qty_available, 995)
        self.assertEqual(self.table.qty_available, 5)
        log = production.backflush_line_ids
        self.assertEqual(len(log), 2)
        self.assertEqual(set(log.mapped("state")), {"done"})
        leg_line = self._log(production, self.leg)
        # the 20 the Produce wizard filled by itself are Odoo's proposal, no one's record
        self.assertEqual((leg_line.required_qty, leg_line.scrap_qty, leg_line.recorded_qty,
                          leg_line.consumed_qty), (20, 0, 0, 20))
        self.assertEqual(leg_line.location_id, self.stock_location)
        self.assertEqual(leg_line.move_id.state, "done")
        self.assertEqual(leg_line.move_id.product_id, self.leg)
        self.assertEqual(leg_line.company_id, self.company)
        messages = [message.body for message in production.message_ids
                    if "Backflush, posting 1" in (message.body or "")]
        self.assertEqual(len(messages), 1)
        self.assertIn("5 Unit(s) of BF Table", messages[0])
        self.assertIn("BF Leg: 20 Unit(s)", messages[0])

    def test_scrap_percent_rounded_up(self):
        bom = self._bom(self.table, [(self.leg, 4, {"scrap_percent": 10.0}), (self.top, 1)])
        production = self._complete(self._production(self.table, 3, bom), 3)
        # 4 x 3 x 1.10 = 13.2 -> 14 (unit rounding, up); the wizard's 12 were its proposal
        self.assertEqual(self._consumed(production, self.leg), 14)
        self.assertEqual(self.leg.qty_available, 986)
        line = self._log(production, self.leg)
        self.assertEqual((line.required_qty, line.scrap_qty, line.recorded_qty,
                          line.consumed_qty), (14, 2, 0, 14))

    def test_uom_conversion_kg_line_gram_stock(self):
        bom = self._bom(self.table, [(self.glue, 0.25, {"product_uom_id": self.uom_kg.id,
                                                        "scrap_percent": 2.0})])
        production = self._complete(self._production(self.table, 3, bom), 3)
        # 0.25 kg x 3 x 1.02 = 765 g taken from a product stocked in grams
        self.assertAlmostEqual(self._consumed(production, self.glue), 765.0)
        self.assertAlmostEqual(self.glue.qty_available, 100000 - 765.0)
        line = self._log(production, self.glue)
        self.assertEqual(line.product_uom_id, self.uom_gram)
        self.assertAlmostEqual(line.required_qty, 765.0)
        self.assertAlmostEqual(line.scrap_qty, 15.0)

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
        self.assertFalse(self._log(production, kit))
        self.assertEqual(self._log(production, self.screw).scrap_qty, 16)

    def test_three_level_phantom_kit(self):
        inner = self._product("BF Screw Pack", 0.0)
        self._bom(inner, [(self.screw, 5)], qty=1, bom_type="phantom")
        outer = self._product("BF Frame Kit", 0.0)
        self._bom(outer, [(inner, 2, {"scrap_percent": 10.0}), (self.leg, 4)], qty=2,
                  bom_type="phantom")
        bom = self._bom(self.table, [(outer, 1), (self.top, 1)])
        production = self._complete(self._production(self.table, 4, bom), 4)
        # a frame kit makes 2 -> 4 tables take 2 kits: 4 packs + 10 % lost packs
        # = 4.4 packs of 5 screws = 22 screws, and 8 legs
        self.assertEqual(self._consumed(production, self.screw), 22)
        self.assertEqual(self._consumed(production, self.leg), 8)
        self.assertEqual(self._consumed(production, self.top), 4)
        self.assertEqual(self._log(production, self.screw).scrap_qty, 2)

    def test_partial_postings_sum_to_total(self):
        bom = self._bom(self.table, [(self.leg, 4, {"scrap_percent": 10.0}), (self.top, 1)])
        production = self._production(self.table, 10, bom)
        self._produce(production, 4)
        production.post_inventory()
        self.assertEqual(self._consumed(production, self.leg), 18)  # 17.6 -> 18
        self.assertEqual(self._consumed(production, self.top), 4)
        self._produce(production, 6)
        production.button_mark_done()
        # rounding trued up: 44 for the 10 tables, less the 18 taken (not 26.4 -> 27)
        self.assertEqual(self._consumed(production, self.leg), 18 + 26)
        self.assertEqual(self._consumed(production, self.top), 10)
        self.assertEqual(self._log(production, self.leg, posting=1).consumed_qty, 18)
        self.assertEqual(self._log(production, self.leg, posting=2).consumed_qty, 26)
        self.assertEqual(self.table.qty_available, 10)
        self.assertEqual(self.leg.qty_available, 1000 - 44)

    def test_later_posting_consumes_when_earlier_ones_took_the_whole_plan(self):
        """A person records on the first posting (1 table of 2) all the order planned:
        3 legs, its To Consume (2 x 1.1 = 2.2 -> 3). The next posting still consumes
        its requirement, 2.2 -> 3 for the 2 tables less the 1.1 -> 2 required by the
        first: 1, on a new raw move of the order. 4 legs in all."""
        bom = self._bom(self.table, [(self.leg, 1, {"scrap_percent": 10.0})])
        production = self._production(self.table, 2, bom)
        self._produce(production, 1)
        production.move_raw_ids.quantity_done = 3
        production.post_inventory()
        self.assertEqual(self._consumed(production, self.leg), 3)
        self.assertFalse(production.move_raw_ids.filtered(
            lambda move: move.state not in ("done", "cancel")))
        self._produce(production, 1)
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 4)
        self.assertEqual(self.leg.qty_available, 996)
        line = self._log(production, self.leg, posting=2)
        self.assertEqual((line.state, line.consumed_qty), ("done", 1))
        self.assertEqual(line.move_id.raw_material_production_id, production)
        self.assertEqual(line.move_id.bom_line_id, bom.bom_line_ids)

    def test_consumption_ahead_counts_for_the_next_postings(self):
        """Components consumed by a posting that produced nothing are not consumed again:
        the next postings count them, as far as each requires."""
        bom = self._bom(self.table, [(self.leg, 4), (self.top, 1)])
        production = self._production(self.table, 10, bom)
        production.move_raw_ids.filtered(
            lambda move: move.product_id == self.leg).quantity_done = 40
        production.post_inventory()
        self.assertEqual(self._consumed(production, self.leg), 40)
        self.assertFalse(production.backflush_line_ids)
        self._produce(production, 4)
        production.post_inventory()
        line = self._log(production, self.leg, posting=1)
        self.assertEqual((line.state, line.recorded_qty, line.consumed_qty), ("done", 16, 16))
        self.assertEqual(line.move_id.state, "done")
        self._produce(production, 6)
        production.button_mark_done()
        line = self._log(production, self.leg, posting=2)
        self.assertEqual((line.recorded_qty, line.consumed_qty), (24, 24))
        self.assertEqual(self._consumed(production, self.leg), 40)
        self.assertEqual(self._consumed(production, self.top), 10)
        self.assertEqual(self.leg.qty_available, 960)

    def test_top_up_beyond_the_reservation_of_several_move_lines(self):
        """Reserved in two bins: the top-up fills the reservation, the rest goes on the
        last move line (Odoo's _set_quantity_done would drop it)."""
        shelf_1, shelf_2 = [self.env["stock.location"].create({
            "name": name, "usage": "internal", "location_id": self.stock_location.id})
            for name in ("BF Shelf 1", "BF Shelf 2")]
        bolt = self._product("BF Bolt", 1.0)
        self._stock(bolt, 3, shelf_1)
        self._stock(bolt, 10, shelf_2)
        bom = self._bom(self.table, [(bolt, 2, {"scrap_percent": 50.0})])
        production = self._production(self.table, 2, bom)
        self.assertEqual(len(production.move_raw_ids.move_line_ids), 2)
        self._complete(production, 2)
        self.assertEqual(self._consumed(production, bolt), 6)  # 2 x 2 x 1.5
        self.assertEqual(bolt.qty_available, 7)

    def test_manual_top_up_is_not_consumed_twice(self):
        bom = self._bom(self.table, [(self.leg, 4, {"scrap_percent": 25.0})])
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        leg_move = production.move_raw_ids
        leg_move.quantity_done = 9  # the user recorded 9 by hand; the BOM requires 10
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 10)
        line = self._log(production, self.leg)
        self.assertEqual((line.recorded_qty, line.consumed_qty), (9, 10))
        # recorded more than required: kept, never reduced, nothing added
        production2 = self._production(self.table, 2, bom)
        self._produce(production2, 2)
        production2.move_raw_ids.quantity_done = 12
        production2.button_mark_done()
        self.assertEqual(self._consumed(production2, self.leg), 12)
        self.assertEqual(self.leg.qty_available, 1000 - 22)

    def test_exactly_once(self):
        bom = self._bom(self.table, [(self.leg, 4)])
        production = self._production(self.table, 5, bom)
        self._produce(production, 5)
        production.post_inventory()
        self.assertEqual(self.leg.qty_available, 980)
        # a retried request, Post Inventory with nothing new, a second Mark as Done
        production.post_inventory()
        production.post_inventory()
        production.button_mark_done()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.leg), 20)
        self.assertEqual(self.leg.qty_available, 980)
        self.assertEqual(self.table.qty_available, 5)
        self.assertEqual(len(production.backflush_line_ids), 1)
        self.assertEqual(len(production.move_raw_ids.filtered(
            lambda move: move.state == "done")), 1)
