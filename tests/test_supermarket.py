# -*- coding: utf-8 -*-
"""Supermarket (Kanban) replenishment on real stock: the backflush demand of released
orders per line-side location (kits and scrap included), minus what is there and what
is on its way, and the internal transfers from stores that bring the rest."""
from odoo.exceptions import UserError

from .shopfloor_common import ShopfloorCase


class TestSupermarketReplenishment(ShopfloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestSupermarketReplenishment, cls).setUpClass()
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.line_1 = cls._location("SF Line 1")
        cls.line_2 = cls._location("SF Line 2")
        cls.desk = cls._product("SF Desk", 80.0)
        cls.rail = cls._product("SF Rail", 2.0)
        cls.panel = cls._product("SF Panel", 15.0)
        cls.bolt = cls._product("SF Bolt", 0.1)
        cls.foot = cls._product("SF Foot", 1.0)
        cls.desk_bom = cls._bom(cls.desk, [
            (cls.rail, 4, {"supermarket_location_id": cls.line_1.id, "scrap_percent": 10.0}),
            (cls.panel, 1, {"supermarket_location_id": cls.line_2.id}),
            (cls.bolt, 8)])                                 # from stores: no supermarket
        cls.kit = cls._product("SF Foot Kit", 2.0)
        cls._bom(cls.kit, [(cls.foot, 2, {"supermarket_location_id": cls.line_1.id})],
                 bom_type="phantom")
        cls.stool = cls._product("SF Stool", 30.0)
        cls.stool_bom = cls._bom(cls.stool, [(cls.kit, 3)])
        for product in (cls.rail, cls.panel, cls.bolt, cls.foot):
            cls._stock(product, 500)
        cls._stock(cls.rail, 20, cls.line_1)

    @classmethod
    def _location(cls, name):
        return cls.env["stock.location"].create({
            "name": name, "usage": "internal",
            "location_id": cls.warehouse.view_location_id.id})

    def _wizard(self):
        wizard_model = self.env["mrp.supermarket.replenishment"]
        return wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))

    def _lines(self, wizard):
        return {(line.location_id, line.product_id): (
            line.demand_qty, line.on_hand_qty, line.incoming_qty, line.qty)
            for line in wizard.line_ids}

    def _deliver(self, pickings):
        """Validate the replenishment ``pickings`` in full, as the store keeper does."""
        for picking in pickings:
            picking.action_assign()
            for move in picking.move_lines:
                move.quantity_done = move.product_uom_qty
            picking.action_done()

    def _assert_rails_to_bring(self, lines):
        """Line 1's rails: 26.4 demanded, 2.4 there, 24 to bring (the queue test)."""
        demand, on_hand, _incoming, qty = lines[(self.line_1, self.rail)]
        self.assertAlmostEqual(demand, 26.4)
        self.assertAlmostEqual(on_hand, 2.4)
        self.assertAlmostEqual(qty, 24.0)

    def test_demand_of_released_orders_minus_on_hand_and_incoming(self):
        self._production(self.desk, 10, self.desk_bom)
        partial = self._production(self.desk, 5, self.desk_bom)
        self._report(partial, 2, "EV-SM-1")        # 8.8 rails and 2 panels from the lines
        done = self._production(self.desk, 3, self.desk_bom)
        self._report(done, 3, "EV-SM-2")
        self._production(self.desk, 7, self.desk_bom).action_cancel()
        self._production(self.stool, 2, self.stool_bom)
        on_the_way = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.int_type_id.id,
            "location_id": self.stock_location.id, "location_dest_id": self.line_2.id,
            "move_lines": [(0, 0, {"name": "panels", "product_id": self.panel.id,
                                   "product_uom": self.panel.uom_id.id,
                                   "product_uom_qty": 5, "location_id": self.stock_location.id,
                                   "location_dest_id": self.line_2.id})]})
        on_the_way.action_confirm()

        lines = self._lines(self._wizard())
        self.assertEqual(set(lines), {(self.line_1, self.rail), (self.line_2, self.panel),
                                      (self.line_1, self.foot)})
        # rails: (10 + 3 remaining) x 4 x 1.1 = 57.2 needed, 20 - 8.8 - 13.2 there
        demand, on_hand, incoming, qty = lines[(self.line_1, self.rail)]
        self.assertAlmostEqual(demand, 57.2)
        self.assertAlmostEqual(on_hand, 20 - 8.8 - 13.2)      # negative: backflushed below 0
        self.assertEqual(incoming, 0)
        self.assertAlmostEqual(qty, 57.2 + 2.0)
        # panels: 13 needed, -5 there (backflushed below zero), 5 on the way
        self.assertEqual(lines[(self.line_2, self.panel)], (13, -5, 5, 13))
        # feet through the kit: 2 stools x 3 kits x 2 feet
        self.assertEqual(lines[(self.line_1, self.foot)], (12, 0, 0, 12))

    def test_transfers_from_stores_cover_the_demand(self):
        self._production(self.desk, 10, self.desk_bom)
        self._production(self.stool, 2, self.stool_bom)
        wizard = self._wizard()
        wizard.line_ids.filtered(lambda line: line.product_id == self.foot).qty = 20  # a bin
        action = wizard.action_create_transfers()
        pickings = self.env["stock.picking"].search(action["domain"])
        self.assertEqual(len(pickings), 2)
        for picking in pickings:
            self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
            self.assertEqual(picking.location_id, self.stock_location)
            self.assertIn(picking.state, ("confirmed", "assigned"))
        moves = {(move.location_dest_id, move.product_id): move.product_uom_qty
                 for move in pickings.mapped("move_lines")}
        self.assertEqual(moves, {(self.line_1, self.rail): 24.0, (self.line_1, self.foot): 20.0,
                                 (self.line_2, self.panel): 10.0})
        # what is on its way counts: nothing more to bring
        self.assertFalse(self._wizard().line_ids)
        self._deliver(pickings)
        self.assertFalse(self._wizard().line_ids)
        self.assertEqual(self.rail.with_context(location=self.line_1.id).qty_available, 44)

    def test_nothing_to_bring_and_the_stores_themselves_are_refused(self):
        with self.assertRaises(UserError) as error:
            self._wizard().action_create_transfers()
        self.assertEqual(error.exception.name, "Nothing to replenish: every supermarket covers "
                                               "the demand of the released manufacturing "
                                               "orders.")
        bom = self._bom(self.desk, [(self.bolt, 8, {
            "supermarket_location_id": self.stock_location.id})])
        self._production(self.desk, 100, bom)        # 800 bolts, 500 in stores
        self._production(self.desk, 1, self.desk_bom)
        pickings_before = self.env["stock.picking"].search_count([])
        with self.assertRaises(UserError) as error:
            self._wizard().action_create_transfers()
        self.assertEqual(error.exception.name, "The supermarket location WH/Stock is the stock "
                                               "location of %s: set a line-side location of "
                                               "its own on the BOM lines." % self.warehouse.name)
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings_before)

    def test_components_waiting_in_the_queue_are_replenished(self):
        """Company on queue; desk order of 10 (4 rails x 1.1 from Line 1, 1 panel from
        Line 2, 8 bolts from stores); Line 1 has 20 rails, Line 2 no panel.
        Produce 4 + Post Inventory: rails 4 x 4 x 1.1 = 17.6 consumed (2.4 left), panels
        4 queued. Replenish: panels 4 waiting + 6 remaining = 10 to bring (not 6); rails
        6 x 4.4 = 26.4 - 2.4 = 24. Produce 6 + Mark as Done: 6 more panels queued, the
        order is done: 10 panels still to bring (not nothing); rails 6 x 4.4 = 26.4
        queued too (2.4 there): 24 to bring. Once the transfers are done, the queue's
        retry consumes the 10 panels and 26.4 rails: 0 left in Line 1 and Line 2."""
        self.company.backflush_negative_policy = "queue"
        production = self._production(self.desk, 10, self.desk_bom)
        self._produce(production, 4)
        production.post_inventory()
        self.assertEqual(production.backflush_line_ids.filtered(
            lambda line: line.product_id == self.panel).mapped("state"), ["queued"])
        lines = self._lines(self._wizard())
        self.assertEqual(lines[(self.line_2, self.panel)], (10, 0, 0, 10))
        self._assert_rails_to_bring(lines)
        self._produce(production, 6)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        wizard = self._wizard()
        lines = self._lines(wizard)
        self.assertEqual(set(lines), {(self.line_2, self.panel), (self.line_1, self.rail)})
        self.assertEqual(lines[(self.line_2, self.panel)], (10, 0, 0, 10))
        self._assert_rails_to_bring(lines)
        pickings = self.env["stock.picking"].search(wizard.action_create_transfers()["domain"])
        self._deliver(pickings)
        self.assertFalse(self._wizard().line_ids)
        self._cron_retry()
        self.assertEqual(production.backflush_queued_count, 0)
        self.assertEqual(self.panel.with_context(location=self.line_2.id).qty_available, 0)
        self.assertAlmostEqual(
            self.rail.with_context(location=self.line_1.id).qty_available, 0.0)

    def test_components_consumed_at_their_work_order_are_not_demand_again(self):
        """Legs (policy at operation completion, at Cut) from Line 1, where 20 are; an
        order of 5 routed tables (4 legs each) is planned. Before any work: 20 legs
        needed, 20 there, nothing to bring. Cut records 3: 12 legs consumed, 8 left
        there, 8 still needed (5 x 4 - 12): nothing to bring (not 12). Cut records 2:
        20 consumed, none there, none needed: nothing to bring (not 20), though nothing
        of the order is posted yet."""
        cut = self.routing.operation_ids.sorted("sequence")[0]
        bom = self._bom(self.routed_table, [
            (self.leg, 4, {"operation_id": cut.id, "backflush_policy": "operation",
                           "supermarket_location_id": self.line_1.id}),
            (self.top, 1)], routing=self.routing)
        self._stock(self.leg, 20, self.line_1)
        production = self._production(self.routed_table, 5, bom)
        production.button_plan()
        workorder = production.workorder_ids.filtered(lambda wo: wo.operation_id == cut)
        self.assertFalse(self._wizard().line_ids)
        self._record(workorder, 3)
        self.assertEqual(self.leg.with_context(location=self.line_1.id).qty_available, 8)
        self.assertFalse(self._wizard().line_ids)
        self._record(workorder, 2)
        self.assertEqual(self.leg.with_context(location=self.line_1.id).qty_available, 0)
        self.assertFalse(self._wizard().line_ids)



class TestSupermarketNotSetUp(ShopfloorCase):
    """No BOM line has a supermarket location: the screen says what to set, not that
    every supermarket covers the demand."""

    def test_no_supermarket_on_any_bom_line_says_so(self):
        """An order of 5 tables (4 legs each, from WH/Stock): nothing is listed, the
        screen and Create Transfers say to set a Supermarket Location on a BOM line."""
        self.env["mrp.bom.line"].search(
            [("supermarket_location_id", "!=", False)]).write({"supermarket_location_id": False})
        self._production(self.table, 5, self.bom)
        wizard_model = self.env["mrp.supermarket.replenishment"]
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        self.assertFalse(wizard.line_ids)
        self.assertTrue(wizard.setup_note.startswith(
            "No BOM line has a Supermarket Location: set one on a BOM line"))
        with self.assertRaises(UserError) as error:
            wizard.action_create_transfers()
        self.assertEqual(error.exception.name, wizard.setup_note)
        # one line given a supermarket (its 20 legs there): the screen has nothing to say
        line_side = self.env["stock.location"].create({
            "name": "SF Line Side", "usage": "internal",
            "location_id": self.env.ref("stock.warehouse0").view_location_id.id})
        self.bom.bom_line_ids.filtered(
            lambda line: line.product_id == self.leg).supermarket_location_id = line_side
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        self.assertFalse(wizard.setup_note)
