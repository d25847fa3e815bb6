# -*- coding: utf-8 -*-
"""Issue 11, kind 4: the activity of a posting is its own. Per work order: the time
logged since the previous posting when any was logged since, else the standard time of
this posting's quantity; logged and not logged in alternation."""
from .numbers_common import NumbersCase


class TestActivityOfEachPosting(NumbersCase):
    """Cabinet (FIFO), 1 panel at 5.00; routing: 60 min a cabinet at Press; overhead
    10.00 per machine hour."""

    @classmethod
    def setUpClass(cls):
        super(TestActivityOfEachPosting, cls).setUpClass()
        cls.press = cls._workcenter("Activity Press")
        cls.panel = cls._product("Activity Panel", 5.0)
        cls.cabinet = cls._product("Activity Cabinet", 0.0, categ=cls.categ_fifo)
        cls.bom = cls._bom(cls.cabinet, [(cls.panel, 1)],
                           routing=cls._routing("Activity routing", [(cls.press, 60.0)]))
        cls._stock(cls.panel, 1000)
        cls._pool("Activity overhead", "machine_hours", rate=10.0)

    def _applied(self, production):
        """Conversion applied per posting (machine hours x 10), in order."""
        return production.backflush_cost_line_ids.sorted("id").mapped("amount")

    def test_logged_standard_logged(self):
        """3 with 240 min logged: 4 h = 40.00. 3 with nothing logged since: the standard
        3 h = 30.00 (today 0.00: the work order had time logs). 4 with 180 min: 30.00."""
        production = self._production(self.cabinet, 10)
        self._log_time(production, 240)
        self._complete(production, 3, mark_done=False)
        self._complete(production, 3, mark_done=False)
        self._log_time(production, 180)
        self._complete(production, 4)
        self.assertEqual(self._applied(production), [40.0, 30.0, 30.0])
        self.assertEqual(self._order_wip(production), 0.0)

    def test_standard_logged_standard(self):
        """Nothing logged for 2 (2 h = 20.00); 90 min logged for 5 (15.00); nothing logged
        since for 3 (3 h = 30.00)."""
        production = self._production(self.cabinet, 10)
        production.button_plan()
        self._complete(production, 2, mark_done=False)
        self._log_time(production, 90)
        self._complete(production, 5, mark_done=False)
        self._complete(production, 3)
        self.assertEqual(self._applied(production), [20.0, 15.0, 30.0])

    def test_report_completion_hours_then_none(self):
        """report_completion with 1.5 h for 4 (15.00), then without hours for 6: the
        standard 6 h (60.00)."""
        production = self._production(self.cabinet, 10)
        Production = self.env["mrp.production"]
        Production.report_completion(production.name, 4, "ACT-1",
                                     hours={"Activity Press": 1.5})
        Production.report_completion(production.name, 6, "ACT-2")
        self.assertEqual(self._applied(production), [15.0, 60.0])
        self.assertEqual(self._order_wip(production), 0.0)
