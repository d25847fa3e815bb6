# -*- coding: utf-8 -*-
"""Issue 11, kind 3: the work orders Odoo 11 makes for a phantom kit's own routing are
costed like the order's own: their standard time, or the time logged on them."""
from .numbers_common import NumbersCase


class TestKitOperationsCosted(NumbersCase):
    """Table (FIFO) from 1 Top (10.00) and 1 Frame Kit (a kit of 2 Tubes at 4.00, with
    its own routing Weld: 30 min per kit at Welding); the Table's routing Assemble: 60
    min per table at Assembly; overhead 10.00 per machine hour."""

    @classmethod
    def setUpClass(cls):
        super(TestKitOperationsCosted, cls).setUpClass()
        assembly = cls._workcenter("Kit Assembly")
        welding = cls._workcenter("Kit Welding")
        cls.top = cls._product("Kit Top", 10.0)
        cls.tube = cls._product("Kit Tube", 4.0)
        cls.frame_kit = cls._product("Frame Kit", 0.0)
        cls._bom(cls.frame_kit, [(cls.tube, 2)], bom_type="phantom",
                 routing=cls._routing("Weld", [(welding, 30.0)]))
        cls.table = cls._product("Kit Table", 0.0, categ=cls.categ_fifo)
        cls.bom = cls._bom(cls.table, [(cls.top, 1), (cls.frame_kit, 1)],
                           routing=cls._routing("Assemble", [(assembly, 60.0)]))
        cls._stock(cls.top, 100)
        cls._stock(cls.tube, 100)
        cls.pool = cls._pool("Kit machine overhead", "machine_hours", rate=10.0)
        cls.assembly, cls.welding = assembly, welding

    def _hours(self, production):
        return {line.workcenter_id: line.activity
                for line in production.backflush_cost_line_ids}

    def test_issue_case_planned_reported_without_hours(self):
        """Order of 2, planned (work orders Assemble and Weld), Report Completion without
        hours: 2 h + 1 h = 3 machine hours, 30.00 (today 20.00); Table (2 x (10 + 8) + 30)
        / 2 = 33.00."""
        production = self._production(self.table, 2)
        production.button_plan()
        self.assertEqual(len(production.workorder_ids), 2)
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids)
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        self.assertEqual(set(wizard.time_ids.mapped("hours")), {0.0})
        wizard.action_report()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._hours(production), {self.assembly: 2.0, self.welding: 1.0})
        self.assertEqual(self._lines(self._typed_lines(production, "conversion")),
                         {self.wip: 30.0, self.overhead_applied: -30.0})
        self.assertEqual(production.move_finished_ids.price_unit, 33.0)
        self.assertEqual(self._order_wip(production), 0.0)

    def test_not_planned_produce_and_mark_as_done(self):
        production = self._production(self.table, 2)
        self._complete(production, 2)
        self.assertEqual(self._hours(production), {self.assembly: 2.0, self.welding: 1.0})
        self.assertEqual(production.move_finished_ids.price_unit, 33.0)

    def test_time_logged_on_the_kits_work_order(self):
        """45 min logged at Weld: 2 h standard at Assembly + 0.75 h = 27.50; Table (36 +
        27.50) / 2 = 31.75."""
        production = self._production(self.table, 2)
        production.button_plan()
        weld = production.workorder_ids.filtered(lambda wo: wo.workcenter_id == self.welding)
        self._log_time(production, 45, operation_index=list(
            production.workorder_ids.sorted("id")).index(weld))
        self._complete(production, 2)
        self.assertEqual(self._hours(production), {self.assembly: 2.0, self.welding: 0.75})
        self.assertEqual(production.move_finished_ids.price_unit, 31.75)

    def test_partial_postings_cost_each_part(self):
        """Post Inventory of 1, then Mark as Done of 1: 1.5 h = 15.00 each, 33.00 a table."""
        production = self._production(self.table, 2)
        self._complete(production, 1, mark_done=False)
        self._complete(production, 1)
        amounts = production.backflush_cost_line_ids.sorted("id").mapped("amount")
        self.assertEqual(amounts, [10.0, 5.0, 10.0, 5.0])
        self.assertEqual(production.move_finished_ids.mapped("price_unit"), [33.0, 33.0])
        self.assertEqual(self._order_wip(production), 0.0)
