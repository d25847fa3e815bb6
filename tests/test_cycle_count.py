# -*- coding: utf-8 -*-
"""Cycle-count alerts on real inventory adjustments: a backflushed component counted off
the book by more than the company's thresholds raises an alert naming its BOMs and what
they backflushed, with an activity for the responsible user."""
from datetime import timedelta

from odoo import fields

from .shopfloor_common import ShopfloorCase


class TestCycleCountAlerts(ShopfloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestCycleCountAlerts, cls).setUpClass()
        cls.planner = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "SF Planner", "login": "sf_planner", "email": "planner@example.com",
            "groups_id": [(6, 0, [cls.env.ref("mrp.group_mrp_user").id])]})
        cls.company.write({"backflush_count_threshold_percent": 5.0,
                           "backflush_count_threshold_qty": 0.0,
                           "backflush_count_responsible_id": cls.planner.id,
                           "backflush_count_lookback_days": 30})
        cls.glue = cls._product("SF Glue", 0.5)
        cls.pallet = cls._product("SF Pallet", 8.0)
        cls.bench = cls._product("SF Bench", 60.0)
        cls.bench_bom = cls._bom(cls.bench, [(cls.glue, 2, {"backflush_policy": "manual"}),
                                             (cls.leg, 2, {"scrap_percent": 10.0})])
        for product in (cls.glue, cls.pallet):
            cls._stock(product, 100)

    def _count(self, product, qty, location=None):
        inventory = self.env["stock.inventory"].create({
            "name": "Count of %s" % product.name, "filter": "product",
            "product_id": product.id, "location_id": (location or self.stock_location).id})
        inventory.action_start()
        inventory.line_ids.write({"product_qty": qty})
        inventory.action_done()
        return self.env["mrp.cycle.count.alert"].search([("inventory_id", "=", inventory.id)])

    def test_significant_count_names_the_boms_and_their_backflush(self):
        self._report(self._production(self.table, 10, self.bom), 10, "EV-CC-1")
        self._report(self._production(self.bench, 5, self.bench_bom), 5, "EV-CC-2")
        self.assertEqual(self.leg.qty_available, 1000 - 40 - 11)     # 5 x 2 x 1.1 scrap
        alert = self._count(self.leg, 880)
        self.assertEqual(len(alert), 1)
        self.assertEqual((alert.product_id, alert.location_id, alert.state),
                         (self.leg, self.stock_location, "new"))
        self.assertEqual((alert.book_qty, alert.counted_qty, alert.difference_qty),
                         (949, 880, -69))
        self.assertAlmostEqual(alert.difference_percent, -7.27, places=2)
        self.assertEqual(alert.bom_ids, self.bom | self.routed_bom | self.bench_bom)
        history = {line.bom_id: (line.production_count, line.backflushed_qty, line.scrap_qty,
                                 line.bom_qty, line.scrap_percent) for line in alert.line_ids}
        self.assertEqual(history[self.bom], (1, 40, 0, 4, 0))
        self.assertEqual(history[self.bench_bom], (1, 11, 1, 2, 10))
        self.assertEqual(history[self.routed_bom], (0, 0, 0, 4, 0))
        self.assertEqual(alert.user_id, self.planner)
        activity = alert.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.planner)
        self.assertEqual(activity.summary, "Check the BOM and the scrap of SF Leg")
        self.assertIn("Counted 880 Unit(s) in WH/Stock, book 949 Unit(s)", activity.note)
        # the count itself was posted as usual
        self.assertEqual(self.leg.qty_available, 880)

    def test_difference_within_the_threshold_raises_nothing(self):
        self.assertFalse(self._count(self.leg, 951))                 # 4.9 % below the book
        self.assertTrue(self._count(self.leg, 900))                  # then 5.3 % below

    def test_both_thresholds_set_both_must_be_exceeded(self):
        self.company.backflush_count_threshold_qty = 100.0
        self.assertFalse(self._count(self.leg, 900))                 # 10 % but 100 units
        self.assertTrue(self._count(self.leg, 799))                  # 11.2 % and 101 units

    def test_manual_or_unused_components_raise_nothing(self):
        self.assertFalse(self._count(self.glue, 10))                 # manual in its BOM
        self.assertFalse(self._count(self.pallet, 10))               # in no BOM
        self.company.write({"backflush_count_threshold_percent": 0.0,
                            "backflush_count_threshold_qty": 0.0})
        self.assertFalse(self._count(self.leg, 10))                  # no threshold set

    def test_history_only_covers_the_look_back(self):
        result = self._report(self._production(self.table, 10, self.bom), 10, "EV-CC-OLD")
        old_lines = self.env["mrp.backflush.line"].browse(result["backflush_line_ids"])
        old_lines.write({"date": fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=31))})
        self._report(self._production(self.table, 2, self.bom), 2, "EV-CC-NEW")
        alert = self._count(self.leg, 500)
        history = alert.line_ids.filtered(lambda line: line.bom_id == self.bom)
        self.assertEqual((history.production_count, history.backflushed_qty), (1, 8))

    def test_states_and_the_activity_follow_the_investigation(self):
        self.company.backflush_count_responsible_id = False
        self.leg.responsible_id = self.planner
        alert = self._count(self.leg, 500)
        self.assertEqual(alert.user_id, self.planner)               # the product's responsible
        alert.action_investigate()
        self.assertEqual(alert.state, "investigated")
        alert.note = "Saw blade changed: 2 legs lost per table, not recorded as scrap."
        alert.action_resolve()
        self.assertEqual(alert.state, "resolved")
        self.assertFalse(alert.activity_ids)
        self.assertTrue(any("Alert resolved." in (message.body or "")
                            for message in alert.message_ids))
        alert.action_reopen()
        self.assertEqual(alert.state, "new")

    def _load(self, product, qty):
        """An inventory that puts ``qty`` of ``product`` in stock, as the first stock load
        of a new component is typed: a line added by hand, the book being 0."""
        inventory = self.env["stock.inventory"].create({
            "name": "Load of %s" % product.name, "filter": "partial",
            "location_id": self.stock_location.id})
        inventory.action_start()
        inventory.write({"line_ids": [(0, 0, {
            "product_id": product.id, "product_uom_id": product.uom_id.id,
            "location_id": self.stock_location.id, "product_qty": qty})]})
        inventory.action_done()
        return self.env["mrp.cycle.count.alert"].search([("inventory_id", "=", inventory.id)])

    def test_first_stock_load_is_not_a_count_difference(self):
        """A component with no stock move before the inventory: 0 on the book, 200
        counted is its first load, no alert. Counted again at 150 (book 200: 25 % off),
        and at 30 after the book went back to 0 by moves, both are real differences."""
        bolt = self._product("SF Bolt", 0.1)
        self._bom(self.bench, [(bolt, 8)])
        self.assertFalse(self._load(bolt, 200))
        self.assertEqual(bolt.qty_available, 200)
        self.assertTrue(self._count(bolt, 150))
        self.assertTrue(self._count(bolt, 0))       # the book goes to 0 through moves
        self.assertTrue(self._load(bolt, 30))       # 0 on the book, but not a first load
