# -*- coding: utf-8 -*-
"""Each backflush policy through each entry path (DESIGN 3): `finish` is topped up to
the BOM at each posting, `operation` is consumed by its work order only, `manual` is what
a person records and nothing more (zero recorded = zero consumed).

One table = 4 legs (finish, no operation) + 1 top (operation, at Cut) + 6 screws (manual,
no operation); routing Cut then Assemble. An order of 5 tables; the person records 3
screws by hand where the test says so."""
from .shopfloor_common import ShopfloorCase


class TestPoliciesOnEveryPath(ShopfloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestPoliciesOnEveryPath, cls).setUpClass()
        cls.screw = cls._product("SF Screw", 0.1)
        cls._stock(cls.screw, 1000)
        cut, _assemble = cls.routing.operation_ids.sorted("sequence")
        cls.policy_table = cls._product("SF Policy Table", 100.0)
        cls.policy_bom = cls._bom(cls.policy_table, [
            (cls.leg, 4),
            (cls.top, 1, {"operation_id": cut.id, "backflush_policy": "operation"}),
            (cls.screw, 6, {"backflush_policy": "manual"})], routing=cls.routing)

    def _order(self, planned=True):
        production = self._production(self.policy_table, 5, self.policy_bom)
        if planned:
            production.button_plan()
        return production

    def _record_screws(self, production, qty):
        """What a person records on the order: the consumed quantity of the screws."""
        production.move_raw_ids.filtered(
            lambda move: move.product_id == self.screw
            and move.state not in ("done", "cancel")).quantity_done = qty

    def _workorder(self, production, name):
        return production.workorder_ids.filtered(lambda wo: wo.name == name)

    def _record(self, workorder, qty):
        workorder.button_start()
        workorder.qty_producing = qty
        workorder.record_production()

    def _consumption(self, production):
        return (self._consumed(production, self.leg), self._consumed(production, self.top),
                self._consumed(production, self.screw))

    def test_produce_and_post_inventory(self):
        """Produce 2 of 5 on a planned order, 3 screws recorded, Post Inventory: legs
        4 x 2 = 8; the top waits for its work order (0); screws: the 3 recorded. Then
        Produce 3 more with no screw recorded, Post Inventory: legs 8 + 12 = 20; screws
        stay 3."""
        production = self._order()
        self._produce(production, 2)
        self.assertEqual(production.move_raw_ids.filtered(
            lambda move: move.product_id in self.top | self.screw).mapped("quantity_done"),
            [0.0, 0.0])
        self._record_screws(production, 3)
        production.post_inventory()
        self.assertEqual(self._consumption(production), (8, 0, 3))
        self._produce(production, 3)
        production.post_inventory()
        self.assertEqual(self._consumption(production), (20, 0, 3))
        self.assertEqual(self.screw.qty_available, 1000 - 3)

    def test_produce_and_mark_as_done_without_work_orders(self):
        """Not planned (no work order): the operation component is consumed at completion
        (5 tops); nothing recorded for the manual screws: none consumed."""
        production = self._order(planned=False)
        self._produce(production, 5)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumption(production), (20, 5, 0))
        self.assertEqual(self.screw.qty_available, 1000)

    def test_produce_and_mark_as_done_with_work_orders(self):
        """Planned, the Cut work order records 5 (the tops), the Produce wizard fills
        neither the tops again nor the screws: 20 legs, 5 tops, the 3 screws recorded."""
        production = self._order()
        self._record(self._workorder(production, "Cut"), 5)
        self.assertEqual(self._consumed(production, self.top), 5)
        self._produce(production, 5)
        self._record_screws(production, 3)
        production.button_mark_done()
        self.assertEqual(self._consumption(production), (20, 5, 3))

    def test_work_orders_record_production(self):
        """Cut records 5: 5 tops. Assemble (the last work order, which Odoo gives the
        components without operation) records 5: it fills the 20 legs, not the screws.
        Mark as Done: nothing recorded for the screws, none consumed, and the log shows
        only what the posting did (no line for the untouched manual screws)."""
        production = self._order()
        self._record(self._workorder(production, "Cut"), 5)
        self._record(self._workorder(production, "Assemble"), 5)
        screws = production.move_raw_ids.filtered(lambda move: move.product_id == self.screw)
        self.assertEqual(screws.quantity_done, 0.0)
        # Odoo's unit factor is left as it was: only the filling is held back
        self.assertEqual(screws.unit_factor, 6.0)
        production.button_mark_done()
        self.assertEqual(self._consumption(production), (20, 5, 0))
        self.assertFalse(self._log(production, self.screw))

    def test_report_completion_wizard(self):
        """Report Completion of 2, then of the 3 left with 3 screws recorded before: the
        work orders catch up (tops 2, then 5), legs 8 then 20, screws 0 then 3."""
        production = self._order()
        self._wizard_report(production, 2)
        self.assertEqual(self._consumption(production), (8, 2, 0))
        self._record_screws(production, 3)
        self._wizard_report(production, 3)
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumption(production), (20, 5, 3))

    def test_report_completion_api(self):
        """report_completion (as execute_kw calls it, by reference): 5 at once, nothing
        recorded for the screws: 20 legs, 5 tops, 0 screws."""
        production = self._order(planned=False)
        result = self._report(production, 5, "EV-POLICY-1")
        self.assertTrue(result["posted"])
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumption(production), (20, 5, 0))

    def _log(self, production, product):
        return production.backflush_line_ids.filtered(lambda line: line.product_id == product)
