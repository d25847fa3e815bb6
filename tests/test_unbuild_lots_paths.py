# -*- coding: utf-8 -*-
"""Issue 18 section 4 on the paths test_numbers_unbuild_lots and test_numbers_unbuild do
not walk: an order with work orders, made through them, by report_completion (inline and
deferred) and by the Report Completion dialog, with lot names, in two parts with
serial-numbered components: an unbuild of one lot returns exactly the serial numbers
consumed for that lot (the unbuild's done stock.move.line lots); and the planned scrap
(10 stools of 4 legs at 5 % scrap: 40 legs back, not 42) through the work-order path.

The lamp of test_numbers_unbuild_lots (lot-tracked, FIFO: 1 motor, serial-tracked,
standard 40.00, and 2 shades, 2.00; 44.00 a lamp; motors UBL-SN-1 to UBL-SN-4 received
in that order), its BOM given a routing of one operation: both components go to its
work order."""
from . import test_numbers_unbuild as unbuild_tests
from . import test_numbers_unbuild_lots as lots
from .numbers_common import NumbersCase


class TestUnbuildByLotOfPlannedOrders(lots.TestUnbuildByLot):
    """test_numbers_unbuild_lots' tests again (Produce + Post Inventory, report_completion
    inline and deferred), the lamp's BOM now with a routing and its orders planned (a
    work order that catches up with each report), and the work orders' own path."""

    @classmethod
    def setUpClass(cls):
        super(TestUnbuildByLotOfPlannedOrders, cls).setUpClass()
        cls.bom.routing_id = cls._routing("UBW", [(cls._workcenter("UBW Bench"), 10.0)])

    def _production(self, product, qty, bom=None):
        """The order, planned when its BOM has a routing: its work orders made."""
        production = super(TestUnbuildByLotOfPlannedOrders, self)._production(
            product, qty, bom)
        if production.routing_id:
            production.button_plan()
        return production

    def _serial(self, index):
        return self.serials.filtered(lambda lot: lot.name == "UBL-SN-%d" % index)

    def _record_lot(self, workorder, qty, name, serials):
        """The work order's tablet: ``qty`` lamps of a new lot ``name``, the operator
        scanning the motors' ``serials``, one line each (the lines Odoo proposed beyond
        them removed, as the tablet removes them for the quantity typed)."""
        if workorder.state != "progress":
            workorder.button_start()
        workorder.qty_producing = qty
        workorder.final_lot_id = self.env["stock.production.lot"].create(
            {"name": name, "product_id": self.lamp.id})
        lines = workorder.active_move_line_ids.filtered(
            lambda line: line.product_id == self.motor)
        for line, serial in zip(lines, serials):
            line.write({"lot_id": serial.id, "qty_done": 1.0})
        lines[len(serials):].unlink()
        workorder.record_production()

    def test_work_orders_in_two_lots_with_serials_scanned(self):
        """Order of 4 lamps: the work order records 2 in lot UBL-L1 with SN-2 and SN-4
        scanned, Post Inventory; then 2 in UBL-L2 with SN-1 and SN-3, Mark as Done.
        Unbuilding the 2 lamps of UBL-L1 returns SN-2 and SN-4 (the ones scanned for it,
        not the first two received) and 2 x 2 = 4 shades; the lamps leave at their FIFO
        2 x 44.00 = 88.00, the motors and shades come back at 2 x 40 + 4 x 2 = 88.00:
        WIP 0. A third lamp of UBL-L1 is refused, nothing moving; UBL-L2 then gives back
        SN-1 and SN-3."""
        production = self._production(self.lamp, 4)
        workorder = production.workorder_ids
        self._record_lot(workorder, 2, "UBL-L1", self._serial(2) | self._serial(4))
        production.post_inventory()
        self._record_lot(workorder, 2, "UBL-L2", self._serial(1) | self._serial(3))
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._in_stock(), [])
        l1 = self._lot("UBL-L1")
        first = self._unbuild_order(production, 2, lot_id=l1.id)
        self.assertEqual(self._returned(first), {
            ("UBL Lamp", "UBL-L1"): 2.0, ("UBL Motor", "UBL-SN-2"): 1.0,
            ("UBL Motor", "UBL-SN-4"): 1.0, ("UBL Shade", None): 4.0})
        self.assertEqual(sorted(first.produce_line_ids.mapped("value")), [8.0, 80.0])
        self.assertEqual(first.consume_line_ids.value, -88.0)
        self.assertEqual(self._in_stock(), ["UBL-SN-2", "UBL-SN-4"])
        self.assertEqual(self._order_wip(production), 0.0)
        self.assertIn("1 Unit(s) of UBL-L1 contain 1 Unit(s) of UBL Motor",
                      self._refused(production, 1, l1))
        second = self._unbuild_order(production, 2, lot_id=self._lot("UBL-L2").id)
        self.assertEqual(self._returned(second), {
            ("UBL Lamp", "UBL-L2"): 2.0, ("UBL Motor", "UBL-SN-1"): 1.0,
            ("UBL Motor", "UBL-SN-3"): 1.0, ("UBL Shade", None): 4.0})
        self.assertEqual(self._in_stock(), ["UBL-SN-1", "UBL-SN-2", "UBL-SN-3", "UBL-SN-4"])
        self.assertEqual(self._order_wip(production), 0.0)

    def test_post_inventory_leaves_the_serials_scanned_for_the_next_part(self):
        """Order of 4 lamps: the work order records 2 in lot UBL-L1 with SN-2 and SN-4;
        the operator scans SN-1 and SN-3 on its lines for the next 2, not recorded yet,
        and the planner presses Post Inventory: 2 lamps, 2 motors consumed (SN-2, SN-4:
        80.00) and 4 shades (8.00), not 4 motors; SN-1 and SN-3 stay in stock, the work
        order's lines for the next 2 are there again, blank, for the tablet."""
        production = self._production(self.lamp, 4)
        workorder = production.workorder_ids
        self._record_lot(workorder, 2, "UBL-L1", self._serial(2) | self._serial(4))
        scanned = workorder.active_move_line_ids.filtered(
            lambda line: line.product_id == self.motor)
        for line, index in zip(scanned, (1, 3)):
            line.lot_id = self._serial(index)
        production.post_inventory()
        motors = production.move_raw_ids.filtered(
            lambda move: move.product_id == self.motor and move.state == "done")
        self.assertEqual(sorted(motors.mapped("move_line_ids.lot_id.name")),
                         ["UBL-SN-2", "UBL-SN-4"])
        self.assertEqual(round(sum(motors.mapped("value")), 2), -80.0)
        self.assertEqual(self._in_stock(), ["UBL-SN-1", "UBL-SN-3"])
        lines = workorder.active_move_line_ids.filtered(
            lambda line: line.product_id == self.motor)
        self.assertEqual((len(lines), lines.mapped("lot_id")), (2, self.serials.browse()))

    def test_report_completion_dialog_in_two_lots(self):
        """The same two parts through the Report Completion dialog, the lot typed on the
        order's line: the same serial numbers back by lot."""
        production = self._production(self.lamp, 4)
        for name in ("UBL-L1", "UBL-L2"):
            wizard_model = self.env["mrp.report.completion"].with_context(
                active_model="mrp.production", active_ids=production.ids,
                active_id=production.id)
            wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
            wizard.line_ids.write({"quantity": 2, "lot_name": name})
            wizard.action_report()
        self.assertEqual(production.state, "done")
        self._unbuild_lot_l1(production)


class TestUnbuildScrapOfWorkOrders(NumbersCase):
    """A stool takes 4 legs at 5 % planned scrap at its one operation (Assemble); legs
    FIFO, received 42 at 3.00; 1.00 of overhead per stool. An order of 10 made through
    its work order consumes 10 x 4 x 1.05 = 42 legs (126.00) and receives 10 stools at
    (126 + 10) / 10 = 13.60."""

    _scrap_line = unbuild_tests.TestUnbuildReturnsWhatTheUnitsContain._scrap_line

    @classmethod
    def setUpClass(cls):
        super(TestUnbuildScrapOfWorkOrders, cls).setUpClass()
        routing = cls._routing("UBSW", [(cls._workcenter("UBSW Bench"), 10.0)])
        assemble = routing.operation_ids
        cls.leg = cls._product("UBSW Leg", 0.0, categ=cls.categ_fifo)
        cls.stool = cls._product("UBSW Stool", 0.0, categ=cls.categ_fifo)
        cls.bom = cls._bom(cls.stool, [(cls.leg, 4, {"scrap_percent": 5.0,
                                                     "operation_id": assemble.id})],
                           routing=routing)
        cls._pool("UBSW overhead per stool", "units", rate=1.0)

    def _made_by_work_order(self, policy):
        """The legs' policy ``policy``; the work order records 10, then Mark as Done."""
        self.bom.bom_line_ids.backflush_policy = policy
        self._receive(self.leg, 42, 3.0)
        production = self._production(self.stool, 10, self.bom)
        production.button_plan()
        self._record(production.workorder_ids, 10)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        raw = production.move_raw_ids.filtered(lambda move: move.state == "done")
        self.assertEqual((sum(raw.mapped("product_qty")), round(sum(raw.mapped("value")), 2)),
                         (42.0, -126.0))
        self.assertEqual(production.move_finished_ids.value, 136.0)
        return production

    def _unbuild_all(self, production):
        """Unbuilding the 10 stools returns 10 x 4 = 40 legs at 3.00 = 120.00, not 42; the
        stools leave at 136.00 (Dr WIP), the overhead is reversed (Cr WIP 10) and the 2
        legs of scrap, 6.00, stay consumed: Dr Manufacturing Variance 6.00 / Cr WIP on a
        line of their own. WIP 136 - 120 - 10 - 6 = 0."""
        variance = self.company.backflush_variance_account_id
        unbuild = self._unbuild_order(production, 10)
        back = unbuild.produce_line_ids.filtered(lambda move: move.state == "done")
        self.assertEqual((sum(back.mapped("move_line_ids.qty_done")), back.value),
                         (40.0, 120.0))
        self.assertEqual(unbuild.consume_line_ids.value, -136.0)
        self.assertEqual(self.leg.qty_available, 40.0)
        self.assertEqual(self._lines(self._entries(production, "unbuild")), {
            self.overhead_applied: 10.0, variance: 6.0, self.wip: -16.0})
        scrap = self._scrap_line(production)
        self.assertEqual((scrap.account_id, scrap.debit), (variance, 6.0))
        self.assertEqual(self._order_wip(production), 0.0)

    def test_legs_consumed_at_the_work_order(self):
        """Legs At operation completion: the work order consumes the 42."""
        self._unbuild_all(self._made_by_work_order("operation"))

    def test_legs_consumed_at_completion(self):
        """Legs At MO completion: the work order records them, Mark as Done posts the
        42."""
        self._unbuild_all(self._made_by_work_order("finish"))
