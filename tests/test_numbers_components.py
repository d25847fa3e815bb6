# -*- coding: utf-8 -*-
"""Issue 11, kind 2: a confirmed order backflushes its own components, the BOM as it was
at confirmation (kits and scrap % as then), scaled by Update Quantity as Odoo scales
them; a BOM edited since changes new orders only, and the posting's message says so."""
from .numbers_common import NumbersCase


class TestOrdersOwnComponents(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestOrdersOwnComponents, cls).setUpClass()
        cls.leg = cls._product("Stool Leg", 2.0)
        cls.seat = cls._product("Stool Seat", 6.0)
        cls.pad = cls._product("Stool Glue Pad", 0.5)
        cls.stool = cls._product("Stool", 0.0, categ=cls.categ_average)
        cls.bom = cls._bom(cls.stool, [(cls.leg, 3), (cls.seat, 1)])
        for component in (cls.leg, cls.seat, cls.pad):
            cls._stock(component, 1000)

    def _edit_bom(self):
        """Legs 3 -> 4 and a new line Glue Pad 1, on the BOM form."""
        leg_line = self.bom.bom_line_ids.filtered(lambda line: line.product_id == self.leg)
        self.bom.write({"bom_line_ids": [
            (1, leg_line.id, {"product_qty": 4}),
            (0, 0, {"product_id": self.pad.id, "product_qty": 1,
                    "product_uom_id": self.pad.uom_id.id})]})

    def _consumed(self, production, product):
        moves = production.move_raw_ids.filtered(
            lambda move: move.product_id == product and move.state == "done")
        return sum(moves.mapped("product_qty"))

    def test_issue_case_legs_30_no_glue_pad_stool_at_12(self):
        """Confirmed with 3 legs: 10 stools take 30 legs (2.00) and 10 seats (6.00): 120.00,
        12.00 a stool (today 40 legs, 14.00)."""
        production = self._production(self.stool, 10)
        self._edit_bom()
        self._complete(production, 10)
        self.assertEqual(self._consumed(production, self.leg), 30.0)
        self.assertEqual(self._consumed(production, self.pad), 0.0)
        self.assertEqual(production.move_finished_ids.value, 120.0)
        self.assertEqual(self.stool.standard_price, 12.0)
        messages = " ".join(production.message_ids.mapped("body"))
        self.assertIn("Components as the order was confirmed", messages)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_partial_postings_keep_the_confirmed_components(self):
        production = self._production(self.stool, 10)
        self._complete(production, 4, mark_done=False)
        self._edit_bom()
        self._complete(production, 6)
        self.assertEqual(self._consumed(production, self.leg), 30.0)
        self.assertEqual(self._consumed(production, self.pad), 0.0)
        self.assertEqual(sorted(production.move_finished_ids.mapped("value")), [48.0, 72.0])

    def test_scrap_added_after_confirmation_is_not_applied(self):
        production = self._production(self.stool, 10)
        self.bom.bom_line_ids.filtered(
            lambda line: line.product_id == self.leg).scrap_percent = 10.0
        self.env["mrp.production"].report_completion(production.name, 10, "STOOL-1")
        self.assertEqual(self._consumed(production, self.leg), 30.0)
        # a new order takes the scrap: 3 x 5 x 1.1 = 16.5
        other = self._production(self.stool, 5)
        self._complete(other, 5)
        self.assertEqual(self._consumed(other, self.leg), 16.5)

    def test_update_quantity_reads_the_bom_as_odoo_does(self):
        """Update Quantity to 12 after the edit: Odoo re-explodes the BOM of today into
        the raw moves (48 legs, 12 glue pads), and the backflush follows its raw moves:
        48 + 12 + 12 seats = 96 + 72 + 6 = 174.00."""
        production = self._production(self.stool, 10)
        self._edit_bom()
        wizard = self.env["change.production.qty"].create(
            {"mo_id": production.id, "product_qty": 12})
        wizard.change_prod_qty()
        self._complete(production, 12)
        self.assertEqual(self._consumed(production, self.leg), 48.0)
        self.assertEqual(self._consumed(production, self.pad), 12.0)
        self.assertEqual(production.move_finished_ids.value, 174.0)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_kit_edited_after_confirmation(self):
        """A kit of 2 legs (phantom) edited to 5 after confirmation: 3 kits x 2 = 6 legs."""
        kit = self._product("Stool Leg Pair", 0.0)
        kit_bom = self._bom(kit, [(self.leg, 2)], bom_type="phantom")
        bom = self._bom(self.stool, [(kit, 3), (self.seat, 1)])
        production = self._production(self.stool, 1, bom=bom)
        kit_bom.bom_line_ids.product_qty = 5
        self._complete(production, 1)
        self.assertEqual(self._consumed(production, self.leg), 6.0)
