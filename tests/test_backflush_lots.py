# -*- coding: utf-8 -*-
"""Lot- and serial-tracked components and finished products (DESIGN 3, 7): a top-up
takes its lots as Odoo reserves them (lots recorded first, then the move's reserved lots,
then the others in FIFO order of their receipt), a serial number is one unit per move
line, a shortage of lots follows the insufficient-stock policy, and the backflush log
names the lots. Report Completion and report_completion take the finished lot.

Stock of the lot-tracked bolt at WH/Stock, received in this order: LOT-C on 2026-01-03
(100), LOT-A on 2026-01-01 (5), LOT-B on 2026-01-02 (5): FIFO order A, B, C. A table
takes 3 bolts; 4 tables take 12 = A 5 + B 5 + C 2."""
from odoo import fields
from odoo.exceptions import UserError

from .test_backflush import BackflushPostingCase


class TestBackflushLots(BackflushPostingCase):

    @classmethod
    def setUpClass(cls):
        super(TestBackflushLots, cls).setUpClass()
        cls.bolt = cls._product("BF Bolt", 0.5, tracking="lot")
        cls.motor = cls._product("BF Motor", 40.0, tracking="serial")
        cls.lots = {}
        for name, qty, date in (("LOT-C", 100, "2026-01-03 08:00:00"),
                                ("LOT-A", 5, "2026-01-01 08:00:00"),
                                ("LOT-B", 5, "2026-01-02 08:00:00")):
            cls.lots[name] = cls._lot_stock(cls.bolt, name, qty, date)
        for index in (3, 1, 2, 4, 5):
            cls.lots["SN-%d" % index] = cls._lot_stock(
                cls.motor, "SN-%d" % index, 1, "2026-01-0%d 08:00:00" % index)
        cls.bolt_bom = cls._bom(cls.table, [(cls.bolt, 3), (cls.leg, 4)])
        cls.motor_bom = cls._bom(cls.table, [(cls.motor, 1)])

    @classmethod
    def _lot_stock(cls, product, name, qty, in_date):
        lot = cls.env["stock.production.lot"].create({"name": name, "product_id": product.id})
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.stock_location, qty, lot_id=lot,
            in_date=fields.Datetime.from_string(in_date))
        return lot

    def _on_hand(self, name):
        lot = self.lots[name]
        return sum(self.env["stock.quant"].search([
            ("lot_id", "=", lot.id), ("location_id", "=", self.stock_location.id)]).mapped(
            "quantity"))

    def _consumed_lots(self, production, product):
        """{lot name: quantity} of the done move lines of ``product``."""
        lines = production.move_raw_ids.filtered(
            lambda move: move.product_id == product and move.state == "done").mapped(
            "move_line_ids")
        consumed = {}
        for line in lines.filtered("qty_done"):
            consumed[line.lot_id.name] = consumed.get(line.lot_id.name, 0) + line.qty_done
        return consumed

    # ------------------------------------------------------------- lots
    def test_lots_as_reserved_fifo(self):
        """Reserved at confirmation in FIFO order (A 5, B 5, C 2); nothing recorded in the
        Produce wizard: the top-up takes exactly those."""
        production = self._production(self.table, 4, self.bolt_bom)
        self._complete(production, 4)
        self.assertEqual(self._consumed_lots(production, self.bolt),
                         {"LOT-A": 5, "LOT-B": 5, "LOT-C": 2})
        self.assertEqual([self._on_hand(n) for n in ("LOT-A", "LOT-B", "LOT-C")], [0, 0, 98])
        self.assertEqual(self._consumed(production, self.leg), 16)
        log = self._log(production, self.bolt)
        self.assertEqual((log.consumed_qty, log.state), (12, "done"))
        self.assertEqual(sorted(log.lot_ids.mapped("name")), ["LOT-A", "LOT-B", "LOT-C"])

    def test_lots_unreserved_fifo_at_the_source(self):
        """Nothing reserved: the lots at the source in FIFO order of receipt, not in the
        order they were created (C first)."""
        production = self._production(self.table, 4, self.bolt_bom)
        production.do_unreserve()
        self._complete(production, 4)
        self.assertEqual(self._consumed_lots(production, self.bolt),
                         {"LOT-A": 5, "LOT-B": 5, "LOT-C": 2})

    def test_lot_recorded_by_the_user_first(self):
        """The user records 2 bolts of LOT-C in the Produce wizard: the top-up of 10 takes
        LOT-C first (98 left there): C 12, A and B untouched."""
        production = self._production(self.table, 4, self.bolt_bom)
        wizard = self.env["mrp.product.produce"].with_context(
            active_id=production.id, active_ids=production.ids).create({"product_qty": 4})
        wizard.produce_line_ids.filtered(
            lambda line: line.lot_id == self.lots["LOT-C"]).qty_done = 2
        wizard.do_produce()
        production.button_mark_done()
        self.assertEqual(self._consumed_lots(production, self.bolt), {"LOT-C": 12})
        self.assertEqual([self._on_hand(n) for n in ("LOT-A", "LOT-B", "LOT-C")], [5, 5, 88])

    def test_lots_over_partial_postings(self):
        """2 tables (6 bolts: A 5, B 1), then 2 more (6: B 4, C 2); each posting logs its
        own lots."""
        production = self._production(self.table, 4, self.bolt_bom)
        self._produce(production, 2)
        production.post_inventory()
        self.assertEqual(self._consumed_lots(production, self.bolt), {"LOT-A": 5, "LOT-B": 1})
        self._complete(production, 2)
        self.assertEqual(self._consumed_lots(production, self.bolt),
                         {"LOT-A": 5, "LOT-B": 5, "LOT-C": 2})
        self.assertEqual(sorted(self._log(production, self.bolt, 1).lot_ids.mapped("name")),
                         ["LOT-A", "LOT-B"])
        self.assertEqual(sorted(self._log(production, self.bolt, 2).lot_ids.mapped("name")),
                         ["LOT-B", "LOT-C"])

    # ---------------------------------------------------------- serials
    def test_serial_numbers_one_unit_per_line_fifo(self):
        """3 tables take 3 motors: SN-1, SN-2, SN-3 (FIFO), one move line each."""
        production = self._production(self.table, 3, self.motor_bom)
        production.do_unreserve()
        self._complete(production, 3)
        lines = production.move_raw_ids.filtered(
            lambda move: move.state == "done").mapped("move_line_ids").filtered("qty_done")
        self.assertEqual(sorted((line.lot_id.name, line.qty_done) for line in lines),
                         [("SN-1", 1), ("SN-2", 1), ("SN-3", 1)])
        self.assertEqual(self.motor.qty_available, 2)

    def test_manual_tracked_component_at_a_work_order(self):
        """Bolts at policy manual on a routed order: the work order proposes no bolt line
        and records none; Mark as Done consumes none (nothing recorded)."""
        workcenter = self.env["mrp.workcenter"].create({"name": "BF Lot Bench"})
        routing = self.env["mrp.routing"].create({"name": "BF Lot Routing", "operation_ids": [
            (0, 0, {"name": "Assemble", "workcenter_id": workcenter.id, "time_cycle": 6})]})
        bom = self._bom(self.table, [(self.bolt, 3, {"backflush_policy": "manual"}),
                                     (self.leg, 4)], routing=routing)
        production = self._production(self.table, 4, bom)
        production.button_plan()
        workorder = production.workorder_ids
        self.assertFalse(workorder.active_move_line_ids.filtered(
            lambda line: line.product_id == self.bolt and line.qty_done))
        workorder.button_start()
        workorder.qty_producing = 4
        workorder.record_production()
        production.button_mark_done()
        self.assertEqual(self._consumed_lots(production, self.bolt), {})
        self.assertEqual(self._consumed(production, self.leg), 16)
        self.assertEqual([self._on_hand(n) for n in ("LOT-A", "LOT-B", "LOT-C")], [5, 5, 100])

    # -------------------------------------------------------- shortages
    def _short_order(self):
        """12 bolts needed, only LOT-A and LOT-B (10) left: LOT-C is used up."""
        self.env["stock.quant"]._update_available_quantity(
            self.bolt, self.stock_location, -100, lot_id=self.lots["LOT-C"])
        production = self._production(self.table, 4, self.bolt_bom)
        self._produce(production, 4)
        return production

    def test_shortage_of_lots_blocked(self):
        self.company.backflush_negative_policy = "block"
        production = self._short_order()
        with self.assertRaises(UserError) as refusal:
            production.button_mark_done()
        self.assertIn("- BF Bolt: 12 Unit(s) needed in WH/Stock, 10 Unit(s) available",
                      refusal.exception.name)
        self.assertEqual(production.state, "progress")
        self.assertEqual([self._on_hand(n) for n in ("LOT-A", "LOT-B")], [5, 5])

    def test_shortage_of_lots_queued_then_consumed_fifo(self):
        """The tables are received, the bolts wait; LOT-D arrives (in_date 2026-01-04):
        the retry takes A 5, B 5, D 2 and logs them."""
        self.company.backflush_negative_policy = "queue"
        production = self._short_order()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(self.table.qty_available, 4)
        self.assertEqual(self._log(production, self.bolt).state, "queued")
        self.lots["LOT-D"] = self._lot_stock(self.bolt, "LOT-D", 50, "2026-01-04 08:00:00")
        production.action_backflush_retry()
        line = self._log(production, self.bolt)
        self.assertEqual((line.state, line.consumed_qty), ("done", 12))
        self.assertEqual(sorted(line.lot_ids.mapped("name")), ["LOT-A", "LOT-B", "LOT-D"])
        self.assertEqual([self._on_hand(n) for n in ("LOT-A", "LOT-B", "LOT-D")], [0, 0, 48])

    def test_shortage_of_lots_allowed_goes_negative_on_the_last_lot(self):
        """Allow: A 5, then B 5 + the 2 missing: LOT-B at -2, as Odoo lets a lot go."""
        production = self._short_order()
        production.button_mark_done()
        self.assertEqual(self._consumed_lots(production, self.bolt), {"LOT-A": 5, "LOT-B": 7})
        self.assertEqual([self._on_hand(n) for n in ("LOT-A", "LOT-B")], [0, -2])

    def test_shortage_of_serial_numbers_allowed_is_refused(self):
        """A serial number cannot be consumed twice: 7 motors needed, 5 there."""
        production = self._production(self.table, 7, self.motor_bom)
        self._produce(production, 7)
        with self.assertRaises(UserError) as refusal:
            production.button_mark_done()
        self.assertEqual(refusal.exception.name, (
            "Not enough serial numbers of BF Motor in WH/Stock to backflush %s: 2 Unit(s) "
            "more needed. Receive them, or record the serial numbers consumed in the "
            "Produce wizard, or set the Backflush Policy to Manual on the line of BF Motor "
            "in the bill of materials %s (then only what is recorded is consumed).") % (
            production.name, self.motor_bom.display_name))

    def test_shortage_of_serial_numbers_line_set_manual_as_the_refusal_says(self):
        """What the refusal above offers: the BOM line's Backflush Policy set to Manual
        (a user's write on the line), the same order of 7 is done with no motor consumed,
        as native Odoo leaves a serial-tracked component nobody typed a serial for:
        0 motors consumed, SN-1..SN-5 still 1 each."""
        self.motor_bom.bom_line_ids.write({"backflush_policy": "manual"})
        production = self._production(self.table, 7, self.motor_bom)
        self._produce(production, 7)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.motor), 0)
        self.assertEqual([self._on_hand("SN-%d" % i) for i in range(1, 6)], [1] * 5)

    # ------------------------------------------------- tracked finished
    def test_tracked_finished_product_with_the_produce_wizard(self):
        """Odoo's own path: the finished lot in the wizard; the top-ups name it as the
        lot they were consumed for."""
        lot_table = self._product("BF Lot Table", 100.0, tracking="lot")
        bom = self._bom(lot_table, [(self.bolt, 3), (self.leg, 4)])
        production = self._production(lot_table, 4, bom)
        finished = self.env["stock.production.lot"].create(
            {"name": "T-1", "product_id": lot_table.id})
        wizard = self.env["mrp.product.produce"].with_context(
            active_id=production.id, active_ids=production.ids).create(
            {"product_qty": 4, "lot_id": finished.id})
        wizard.do_produce()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        consumed = production.move_raw_ids.mapped("move_line_ids").filtered("qty_done")
        self.assertEqual(consumed.mapped("lot_produced_id"), finished)
        self.assertEqual(self._consumed_lots(production, self.bolt),
                         {"LOT-A": 5, "LOT-B": 5, "LOT-C": 2})
        self.assertEqual(self._consumed(production, self.leg), 16)

    def test_report_completion_of_a_lot_tracked_product(self):
        """report_completion with lot_name: the lot is created, 4 tables received in it,
        bolts by FIFO, legs, every consumed line for lot T-9."""
        lot_table = self._product("BF Lot Table", 100.0, tracking="lot")
        bom = self._bom(lot_table, [(self.bolt, 3), (self.leg, 4)])
        production = self._production(lot_table, 4, bom)
        result = self.env["mrp.production"].report_completion(
            production.name, 4, "EV-LOT-1", lot_name="T-9")
        self.assertTrue(result["posted"])
        self.assertEqual(production.state, "done")
        lot = self.env["stock.production.lot"].search([("name", "=", "T-9")])
        self.assertEqual(lot.product_id, lot_table)
        self.assertEqual(lot.product_qty, 4)
        self.assertEqual(self._consumed_lots(production, self.bolt),
                         {"LOT-A": 5, "LOT-B": 5, "LOT-C": 2})
        consumed = production.move_raw_ids.mapped("move_line_ids").filtered("qty_done")
        self.assertEqual(consumed.mapped("lot_produced_id"), lot)

    def test_report_completion_of_a_serial_product_in_parts(self):
        """2 then 1 serial-tracked tables, one serial number each, motors by FIFO: 2 motors
        in the first posting (SN-1, SN-2), 1 in the second (SN-3)."""
        serial_table = self._product("BF Serial Table", 100.0, tracking="serial")
        bom = self._bom(serial_table, [(self.motor, 1)])
        production = self._production(serial_table, 3, bom)
        production.do_unreserve()
        self.env["mrp.production"].report_completion(production.name, 2, "EV-SN-1",
                                                     lot_names=["TS-1", "TS-2"])
        self.assertEqual(self._consumed_lots(production, self.motor), {"SN-1": 1, "SN-2": 1})
        with self.assertRaises(UserError) as refusal:
            self.env["mrp.production"].report_completion(production.name, 1, "EV-SN-2",
                                                         lot_names=["TS-1"])
        self.assertIn("Serial numbers TS-1 of BF Serial Table are already in stock",
                      refusal.exception.name)
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids,
            active_id=production.id)
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        self.assertEqual(wizard.line_ids.quantity, 1)
        wizard.line_ids.lot_name = "TS-3"
        wizard.action_report()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed_lots(production, self.motor),
                         {"SN-1": 1, "SN-2": 1, "SN-3": 1})
        finished = production.move_finished_ids.filtered(
            lambda move: move.state == "done").mapped("move_line_ids")
        self.assertEqual(sorted(finished.mapped("lot_id.name")), ["TS-1", "TS-2", "TS-3"])
        self.assertEqual(set(finished.mapped("qty_done")), {1.0})

    def test_half_a_component_per_serial_number_consumes_what_the_bom_requires(self):
        """4 serial-tracked tables taking half a bolt and half a leg each, Unit(s)
        counted whole: 4 x 0.5 = 2 of each consumed, shared over the tables' serial
        numbers 0.5 -> 1 for TS-1 and TS-2, the 2 left used up: 0 for TS-3 and TS-4
        (the rounded shares were 1, 1, 1 and -1, so 3 of each were consumed)."""
        self.uom_unit.write({"rounding": 1.0})
        serial_table = self._product("BF Serial Table", 100.0, tracking="serial")
        bom = self._bom(serial_table, [(self.bolt, 0.5), (self.leg, 0.5)])
        production = self._production(serial_table, 4, bom)
        self.env["mrp.production"].report_completion(
            production.name, 4, "EV-SN-HALF", lot_names=["TS-1", "TS-2", "TS-3", "TS-4"])
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed_lots(production, self.bolt), {"LOT-A": 2})
        self.assertEqual(self._consumed(production, self.leg), 2)
        consumed = production.move_raw_ids.mapped("move_line_ids").filtered("qty_done")
        self.assertEqual(sorted(consumed.mapped("lot_produced_id.name")), ["TS-1", "TS-2"])

    def test_report_completion_of_tracked_components(self):
        """Untracked table, lot-tracked bolts, through the Report Completion button."""
        production = self._production(self.table, 4, self.bolt_bom)
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids,
            active_id=production.id)
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        wizard.action_report()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed_lots(production, self.bolt),
                         {"LOT-A": 5, "LOT-B": 5, "LOT-C": 2})
