# -*- coding: utf-8 -*-
"""Issue 18 section 4: an unbuild of one lot of an order posted in parts returns the
serial numbers consumed for that lot, one each, or refuses before anything moves.

A lamp (lot-tracked, FIFO) takes 1 motor (serial-tracked, standard 40.00) and 2 shades
(standard 2.00): 44.00 a lamp. Motors in stock: UBL-SN-1 to UBL-SN-4, received in that
order (FIFO). An order of 4 lamps posted in two parts, 2 in lot UBL-L1 (SN-1, SN-2, 4
shades) then 2 in lot UBL-L2 (SN-3, SN-4, 4 shades)."""
from odoo import fields
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .numbers_common import NumbersCase


class TestUnbuildByLot(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestUnbuildByLot, cls).setUpClass()
        cls.motor = cls._product("UBL Motor", 40.0, tracking="serial")
        cls.shade = cls._product("UBL Shade", 2.0)
        cls.lamp = cls._product("UBL Lamp", 0.0, categ=cls.categ_fifo, tracking="lot")
        cls.bom = cls._bom(cls.lamp, [(cls.motor, 1), (cls.shade, 2)])
        cls._stock(cls.shade, 100)
        cls.serials = cls.env["stock.production.lot"]
        for index in (1, 2, 3, 4):
            lot = cls.env["stock.production.lot"].create(
                {"name": "UBL-SN-%d" % index, "product_id": cls.motor.id})
            cls.env["stock.quant"]._update_available_quantity(
                cls.motor, cls.stock_location, 1, lot_id=lot,
                in_date=fields.Datetime.from_string("2026-01-0%d 08:00:00" % index))
            cls.serials |= lot

    def _produce_lot(self, production, qty, name):
        """The Produce wizard with a new finished lot."""
        lot = self.env["stock.production.lot"].create(
            {"name": name, "product_id": production.product_id.id})
        wizard = self.env["mrp.product.produce"].with_context(
            active_id=production.id, active_ids=production.ids).create(
            {"product_qty": qty, "lot_id": lot.id})
        wizard.do_produce()
        return lot

    def _lot(self, name):
        return self.env["stock.production.lot"].search([("name", "=", name)])

    def _in_stock(self):
        """Names of the serial numbers of motors in WH/Stock."""
        quants = self.env["stock.quant"].search([
            ("product_id", "=", self.motor.id), ("location_id", "=", self.stock_location.id),
            ("quantity", ">", 0)])
        return sorted(quants.mapped("lot_id.name"))

    def _returned(self, unbuild):
        """{(product, lot name): quantity} of the done move lines of the unbuild's moves
        (the lamp taken apart, the components given back)."""
        lines = (unbuild.consume_line_ids | unbuild.produce_line_ids).filtered(
            lambda move: move.state == "done").mapped("move_line_ids")
        returned = {}
        for line in lines:
            key = (line.product_id.name, line.lot_id.name or None)
            returned[key] = returned.get(key, 0.0) + line.qty_done
        return returned

    def _refused(self, production, qty, lot):
        """The message of the UserError refusing to unbuild ``qty`` of ``lot``, once
        checked that no stock move was made."""
        moves = self.env["stock.move"].search_count([])
        with self.assertRaises(UserError) as refusal:
            self._unbuild_order(production, qty, lot_id=lot.id)
        self.assertEqual(self.env["stock.move"].search_count([]), moves)
        return refusal.exception.name

    def _unbuild_lot_l1(self, production):
        """Unbuild 1 lamp of UBL-L1, then the other: SN-1 then SN-2 back, 2 shades each;
        the motors of UBL-L2 (SN-3, SN-4) stay consumed. Each unbuild: the lamp leaves
        at its FIFO 44.00 (Dr WIP 44), SN back at 40.00 and 2 shades at 2 x 2.00 (Cr WIP
        44), no conversion to reverse: WIP of the order 0. A third of UBL-L1 is refused,
        naming why, and nothing moves."""
        self.assertEqual(self._in_stock(), [])
        l1 = self._lot("UBL-L1")
        first = self._unbuild_order(production, 1, lot_id=l1.id)
        self.assertEqual(self._returned(first), {
            ("UBL Lamp", "UBL-L1"): 1.0, ("UBL Motor", "UBL-SN-1"): 1.0,
            ("UBL Shade", None): 2.0})
        self.assertEqual(sorted(first.produce_line_ids.mapped("value")), [4.0, 40.0])
        self.assertEqual(first.consume_line_ids.value, -44.0)
        self.assertEqual(self._in_stock(), ["UBL-SN-1"])
        self.assertEqual(self._order_wip(production), 0.0)
        second = self._unbuild_order(production, 1, lot_id=l1.id)
        self.assertEqual(self._returned(second), {
            ("UBL Lamp", "UBL-L1"): 1.0, ("UBL Motor", "UBL-SN-2"): 1.0,
            ("UBL Shade", None): 2.0})
        self.assertEqual(self._in_stock(), ["UBL-SN-1", "UBL-SN-2"])
        self.assertEqual(self._order_wip(production), 0.0)
        self.assertEqual(self._refused(production, 1, l1), (
            "Cannot unbuild %s:\n- 1 Unit(s) of UBL-L1 contain 1 Unit(s) of UBL Motor, but "
            "only 0 Unit(s) of the serial numbers consumed for them are still consumed: "
            "earlier unbuilds of %s returned the rest.")
            % (production.name, production.name))
        self.assertEqual(self._in_stock(), ["UBL-SN-1", "UBL-SN-2"])
        # UBL-L2 gives back its own two
        third = self._unbuild_order(production, 2, lot_id=self._lot("UBL-L2").id)
        self.assertEqual(self._returned(third), {
            ("UBL Lamp", "UBL-L2"): 2.0, ("UBL Motor", "UBL-SN-3"): 1.0,
            ("UBL Motor", "UBL-SN-4"): 1.0, ("UBL Shade", None): 4.0})
        self.assertEqual(self._in_stock(), ["UBL-SN-1", "UBL-SN-2", "UBL-SN-3", "UBL-SN-4"])
        self.assertEqual(self._order_wip(production), 0.0)

    def test_produce_and_post_inventory_in_two_lots(self):
        production = self._production(self.lamp, 4)
        self._produce_lot(production, 2, "UBL-L1")
        production.post_inventory()
        self._produce_lot(production, 2, "UBL-L2")
        production.button_mark_done()
        self._unbuild_lot_l1(production)

    def test_report_completion_in_two_lots(self):
        production = self._production(self.lamp, 4)
        model = self.env["mrp.production"]
        model.report_completion(production.name, 2, "EV-UBL-1", lot_name="UBL-L1")
        model.report_completion(production.name, 2, "EV-UBL-2", lot_name="UBL-L2")
        self.assertEqual(production.state, "done")
        self._unbuild_lot_l1(production)

    def test_deferred_report_completion_in_two_lots(self):
        """The same two reports deferred (deferred=True), each posted by its queue job."""
        production = self._production(self.lamp, 4)
        model = self.env["mrp.production"]
        for event, lot in (("EV-UBL-D1", "UBL-L1"), ("EV-UBL-D2", "UBL-L2")):
            answer = model.report_completion(production.name, 2, event, lot_name=lot,
                                             deferred=True)
            Job.load(self.env, answer["job_uuid"]).perform()
        self.env.cache.invalidate()
        self.assertEqual(production.state, "done")
        self._unbuild_lot_l1(production)

    def test_half_a_serial_number_is_refused(self):
        """A twin lamp takes 1 motor for 2 lamps: unbuilding 1 of lot UBL-T1 (2 lamps,
        SN-1) would return 1 / 2 x 1 = 0.5 motor. Refused, naming the motor; nothing
        moves: SN-1 stays consumed, both lamps stay in stock."""
        twin = self._product("UBL Twin Lamp", 0.0, categ=self.categ_fifo, tracking="lot")
        bom = self._bom(twin, [(self.motor, 1)], qty=2.0)
        production = self._production(twin, 2, bom=bom)
        lot = self._produce_lot(production, 2, "UBL-T1")
        production.button_mark_done()
        self.assertEqual(self._refused(production, 1, lot), (
            "Cannot unbuild %s:\n- 1 Unit(s) of UBL-T1 contain 0.5 Unit(s) of the "
            "serial-numbered UBL Motor: a serial number comes back whole. Unbuild a "
            "quantity that contains whole serial numbers.") % production.name)
        self.assertEqual(self._in_stock(), ["UBL-SN-2", "UBL-SN-3", "UBL-SN-4"])
        self.assertEqual(twin.qty_available, 2.0)

    def test_order_valued_periodically(self):
        """The same order of a lamp whose category is valued periodically (no WIP
        entries, Odoo's own unbuild otherwise): UBL-L1 unbuilt in two gives back SN-1
        then SN-2, one each, and 2 + 2 shades; SN-3 and SN-4 of UBL-L2 stay consumed."""
        periodic = self.env["product.category"].create(
            {"name": "UBL periodic", "property_valuation": "manual_periodic",
             "property_cost_method": "standard"})
        lamp = self._product("UBL Periodic Lamp", 44.0, categ=periodic, tracking="lot")
        self._bom(lamp, [(self.motor, 1), (self.shade, 2)])
        production = self._production(lamp, 4)
        l1 = self._produce_lot(production, 2, "UBL-L1")
        production.post_inventory()
        self._produce_lot(production, 2, "UBL-L2")
        production.button_mark_done()
        for serial in ("UBL-SN-1", "UBL-SN-2"):
            unbuild = self._unbuild_order(production, 1, lot_id=l1.id)
            self.assertEqual(self._returned(unbuild), {
                ("UBL Periodic Lamp", "UBL-L1"): 1.0, ("UBL Motor", serial): 1.0,
                ("UBL Shade", None): 2.0})
        self.assertEqual(self._in_stock(), ["UBL-SN-1", "UBL-SN-2"])
