# -*- coding: utf-8 -*-
"""The planner's paths the other tests do not walk: an order changed between its
partial postings (Update Quantity after a BOM edit, a policy changed)."""
from .test_backflush import BackflushPostingCase


class TestChangedBetweenPostings(BackflushPostingCase):
    """Units rounded to 1; legs 3.00, tops 20.00, 1,000 of each on hand."""

    def _update_qty(self, production, qty):
        self.env["change.production.qty"].create(
            {"mo_id": production.id, "product_qty": qty}).change_prod_qty()

    def _required(self, production, product):
        """What each posting required of ``product`` (backflush log), in posting order."""
        return self._log(production, product).sorted("posting").mapped("required_qty")

    def test_update_quantity_after_a_bom_edit_between_postings(self):
        """Order of 10 tables, BOM 3 legs + 1 top. Produce 4 + Post Inventory: 4 x 3 = 12
        legs. The BOM goes to 4 legs, Update Quantity to 12 (Odoo's raw move of legs:
        (12 - 4) x 4 = 32). Produce 8 + Mark as Done: 8 x 4 = 32 legs (not
        4 x 12 - 12 = 36, the 4 tables already posted at the new BOM). Legs 12 + 32 = 44,
        on hand 1,000 - 44 = 956; tops 4 + 8 = 12."""
        bom = self._bom(self.table, [(self.leg, 3), (self.top, 1)])
        production = self._production(self.table, 10, bom)
        self._produce(production, 4)
        production.post_inventory()
        bom.bom_line_ids.filtered(lambda line: line.product_id == self.leg).product_qty = 4
        self._update_qty(production, 12)
        self._produce(production, 8)
        production.button_mark_done()
        self.assertEqual(self._required(production, self.leg), [12.0, 32.0])
        self.assertEqual(self._consumed(production, self.leg), 44.0)
        self.assertEqual(self.leg.qty_available, 956.0)
        self.assertEqual(self._consumed(production, self.top), 12.0)

    def test_line_added_before_update_quantity_between_postings(self):
        """Order of 10 tables, BOM 4 legs. Produce 4 + Post Inventory: 16 legs. A line
        of 1 top is added, Update Quantity to 10 (Odoo adds a raw move of (10 - 4) x 1 =
        6 tops). Produce 6 + Mark as Done: 6 tops (not 10: the 4 tables posted had no
        top), 24 legs; tops on hand 1,000 - 6 = 994."""
        bom = self._bom(self.table, [(self.leg, 4)])
        production = self._production(self.table, 10, bom)
        self._produce(production, 4)
        production.post_inventory()
        bom.write({"bom_line_ids": [(0, 0, {"product_id": self.top.id, "product_qty": 1,
                                            "product_uom_id": self.uom_unit.id})]})
        self._update_qty(production, 10)
        self._produce(production, 6)
        production.button_mark_done()
        self.assertEqual(self._required(production, self.top), [6.0])
        self.assertEqual(self._consumed(production, self.top), 6.0)
        self.assertEqual(self.top.qty_available, 994.0)
        self.assertEqual(self._consumed(production, self.leg), 40.0)

    def test_manual_component_turned_to_finish_between_postings(self):
        """Order of 10, BOM 4 legs (manual) + 1 top. Produce 4 + Post Inventory with
        nothing recorded of the legs: none consumed. The legs' policy becomes At MO
        completion; Produce 6 + Mark as Done: 6 x 4 = 24 legs (not 40: the 4 tables
        posted took none, as the policy then said). On hand 1,000 - 24 = 976."""
        bom = self._bom(self.table, [(self.leg, 4, {"backflush_policy": "manual"}),
                                     (self.top, 1)])
        production = self._production(self.table, 10, bom)
        self._produce(production, 4)
        production.post_inventory()
        self.assertEqual(self._consumed(production, self.leg), 0.0)
        bom.bom_line_ids.filtered(
            lambda line: line.product_id == self.leg).backflush_policy = "finish"
        self._produce(production, 6)
        production.button_mark_done()
        self.assertEqual(self._required(production, self.leg), [24.0])
        self.assertEqual(self._consumed(production, self.leg), 24.0)
        self.assertEqual(self.leg.qty_available, 976.0)


class TestKitLinePolicy(BackflushPostingCase):
    """A policy set on a phantom kit's line in the order's BOM applies to the components
    the kit explodes into, unless their own lines say otherwise. Units rounded to 1;
    1,000 legs, screws and tops on hand."""

    @classmethod
    def setUpClass(cls):
        super(TestKitLinePolicy, cls).setUpClass()
        cls.kit = cls._product("BF Leg Kit", 0.0)
        cls.kit_bom = cls._bom(cls.kit, [(cls.leg, 1), (cls.screw, 4)], bom_type="phantom")

    def test_manual_kit_line(self):
        """Table: 4 Leg Kits (line: manual) + 1 top; order of 2. Produce 2 fills the top
        only; the user records 5 legs; Mark as Done: legs 5 (not 8), screws 0 (not 32),
        tops 2. On hand: legs 995, screws 1,000."""
        bom = self._bom(self.table, [(self.kit, 4, {"backflush_policy": "manual"}),
                                     (self.top, 1)])
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        production.move_raw_ids.filtered(
            lambda move: move.product_id == self.leg).quantity_done = 5
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 5.0)
        self.assertEqual(self._consumed(production, self.screw), 0.0)
        self.assertEqual(self._consumed(production, self.top), 2.0)
        self.assertEqual((self.leg.qty_available, self.screw.qty_available), (995.0, 1000.0))
        self.assertEqual(self._log(production, self.leg).policy, "manual")

    def test_manual_kit_line_in_report_completion(self):
        """The same order of 2 reported done with Report Completion: the dialog has a
        line (default 0) for the legs and for the screws; 3 legs typed: legs 3, screws 0,
        tops 2 consumed."""
        bom = self._bom(self.table, [(self.kit, 4, {"backflush_policy": "manual"}),
                                     (self.top, 1)])
        production = self._production(self.table, 2, bom)
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids,
            active_id=production.id)
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        self.assertEqual(wizard.component_ids.mapped("product_id"), self.leg | self.screw)
        self.assertEqual(wizard.component_ids.mapped("quantity"), [0.0, 0.0])
        wizard.component_ids.filtered(lambda line: line.product_id == self.leg).quantity = 3
        wizard.action_report()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.leg), 3.0)
        self.assertEqual(self._consumed(production, self.screw), 0.0)
        self.assertEqual(self._consumed(production, self.top), 2.0)

    def test_a_component_line_of_its_own_wins_over_the_kit_line(self):
        """The kit's screw line says At MO completion: with the kit line manual, the
        screws are still backflushed, 2 x 4 x 4 = 32; the legs (no policy of their own)
        follow the kit line: none recorded, none consumed."""
        self.kit_bom.bom_line_ids.filtered(
            lambda line: line.product_id == self.screw).backflush_policy = "finish"
        bom = self._bom(self.table, [(self.kit, 4, {"backflush_policy": "manual"})])
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.screw), 32.0)
        self.assertEqual(self._consumed(production, self.leg), 0.0)

    def test_operation_kit_line_at_its_work_order(self):
        """Routing Cut then Assemble; 4 Leg Kits at Assemble (line: at operation
        completion), 1 top at Cut. Order of 3: Cut records 3 (no kit component consumed),
        Assemble records 3: 12 legs and 48 screws consumed by that work order, before any
        posting; Mark as Done consumes the 3 tops and no leg or screw again."""
        workcenter = self.env["mrp.workcenter"].create({"name": "BF Bench"})
        routing = self.env["mrp.routing"].create({"name": "BF Kit Routing", "operation_ids": [
            (0, 0, {"name": "Cut", "workcenter_id": workcenter.id, "time_cycle": 6,
                    "sequence": 10}),
            (0, 0, {"name": "Assemble", "workcenter_id": workcenter.id, "time_cycle": 6,
                    "sequence": 20})]})
        cut, assemble = routing.operation_ids.sorted("sequence")
        bom = self._bom(self.table, [
            (self.kit, 4, {"operation_id": assemble.id, "backflush_policy": "operation"}),
            (self.top, 1, {"operation_id": cut.id})], routing=routing)
        production = self._production(self.table, 3, bom)
        production.button_plan()
        cut_wo, assemble_wo = production.workorder_ids.sorted(
            lambda wo: wo.operation_id.sequence)
        self._record(cut_wo, 3)
        self.assertEqual(self._consumed(production, self.leg), 0.0)
        self._record(assemble_wo, 3)
        self.assertEqual(self._consumed(production, self.leg), 12.0)
        self.assertEqual(self._consumed(production, self.screw), 48.0)
        self.assertEqual(self._log(production, self.leg).workorder_id, assemble_wo)
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 12.0)
        self.assertEqual(self._consumed(production, self.screw), 48.0)
        self.assertEqual(self._consumed(production, self.top), 3.0)
        self.assertEqual((self.leg.qty_available, self.screw.qty_available), (988.0, 952.0))

    def test_supermarket_of_a_kit_line(self):
        """Line 1 (a supermarket under the warehouse) holds 100 legs and 100 screws; the
        table's 4 Leg Kits come from Line 1 (set on the kit line). Order of 2: 8 legs and
        32 screws consumed from Line 1 (92 legs, 68 screws left there; WH/Stock keeps its
        1,000 of each). Replenish Supermarkets for a second order of 5 (20 legs, 80
        screws): 0 legs to bring (92 there), 12 screws (80 - 68)."""
        warehouse = self.env.ref("stock.warehouse0")
        line_1 = self.env["stock.location"].create({
            "name": "BF Line 1", "usage": "internal",
            "location_id": warehouse.view_location_id.id})
        self._stock(self.leg, 100, line_1)
        self._stock(self.screw, 100, line_1)
        bom = self._bom(self.table, [(self.kit, 4, {"supermarket_location_id": line_1.id})])
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        production.button_mark_done()
        self.assertEqual(self._consumed(production, self.leg), 8.0)
        self.assertEqual(self._log(production, self.leg).location_id, line_1)

        def on_hand(product, location):
            return product.with_context(location=location.id).qty_available

        self.assertEqual((on_hand(self.leg, line_1), on_hand(self.screw, line_1)),
                         (92.0, 68.0))
        self.assertEqual((on_hand(self.leg, self.stock_location),
                          on_hand(self.screw, self.stock_location)), (1000.0, 1000.0))
        self._production(self.table, 5, bom)
        wizard_model = self.env["mrp.supermarket.replenishment"]
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        self.assertEqual({(line.product_id, line.location_id): line.qty
                          for line in wizard.line_ids}, {(self.screw, line_1): 12.0})
