# -*- coding: utf-8 -*-
"""Mark as Done asks "You have consumed less material than what was planned" only when
something will stay short: the posting tops the components consumed at completion up
to the BOM (planned scrap included), so Odoo's own proposal below To Consume is not
short (the demo's order: 96 screws proposed of 100, 300 g of glue of 330)."""
from .common import BackflushCase


class TestMarkDoneQuestion(BackflushCase):

    @classmethod
    def setUpClass(cls):
        super(TestMarkDoneQuestion, cls).setUpClass()
        cls.bracket = cls._product("MQ Bracket", 1.0)
        cls.screw = cls._product("MQ Screw", 0.1)
        cls.shelf = cls._product("MQ Shelf", 10.0)
        cls._stock(cls.bracket, 100)
        cls._stock(cls.screw, 500)
        cls.bom = cls._bom(cls.shelf, [
            (cls.bracket, 1, {"scrap_percent": 5.0}),
            (cls.screw, 6, {"backflush_policy": "manual"})])

    def _order_produced(self):
        """An order of 20 shelves, 20 recorded in the Produce wizard: Odoo proposes 20
        brackets (1 x 20) of the 21 To Consume (20 x 1.05) and nothing of the manual
        screws (120 To Consume)."""
        production = self._production(self.shelf, 20, self.bom)
        production.action_assign()
        self._produce(production, 20)
        bracket = production.move_raw_ids.filtered(lambda m: m.product_id == self.bracket)
        self.assertEqual((bracket.quantity_done, bracket.product_uom_qty), (20.0, 21.0))
        return production

    def test_short_manual_component_asks(self):
        """The screws are recorded by a person: 0 of 120 is short, Odoo asks."""
        production = self._order_produced()
        self.assertTrue(production.consumed_less_than_planned)

    def test_backflushed_component_below_to_consume_does_not_ask(self):
        """The 120 screws recorded: only the brackets are below To Consume (20 of 21),
        and the posting consumes 21 of them: no question. Mark as Done consumes
        21 brackets and the 120 screws (read from the done moves)."""
        production = self._order_produced()
        screw = production.move_raw_ids.filtered(lambda m: m.product_id == self.screw)
        screw.quantity_done = 120
        self.assertFalse(production.consumed_less_than_planned)
        production.button_mark_done()
        done = production.move_raw_ids.filtered(lambda m: m.state == "done")
        self.assertEqual(sum(done.filtered(lambda m: m.product_id == self.bracket)
                             .mapped("quantity_done")), 21.0)
        self.assertEqual(sum(done.filtered(lambda m: m.product_id == self.screw)
                             .mapped("quantity_done")), 120.0)
