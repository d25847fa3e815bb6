# -*- coding: utf-8 -*-
"""A work order's `operation` components go through the steps of a posting: each
recording posts one entry in the Backflush journal, linked to the order, its components
summed per account and labelled, as a posting's components are (not one stock journal
entry per stock move).

Table (standard 200.00): 4 legs x 3.00 (at completion), and at Cut 1 top x 20.00 and
2 brackets x 2.50 (policy `operation`); routing Cut then Assemble. An order of 5."""
from .numbers_common import NumbersCase


class TestOperationPosting(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestOperationPosting, cls).setUpClass()
        saw = cls._workcenter("OP Saw")
        bench = cls._workcenter("OP Bench")
        cls.routing = cls._routing("OP routing", [(saw, 6.0), (bench, 12.0)])
        cut, _assemble = cls.routing.operation_ids.sorted("sequence")
        cls.leg = cls._product("OP Leg", 3.0)
        cls.top = cls._product("OP Top", 20.0)
        cls.bracket = cls._product("OP Bracket", 2.5)
        cls.table = cls._product("OP Table", 200.0)
        operation = {"operation_id": cut.id, "backflush_policy": "operation"}
        cls.bom = cls._bom(cls.table, [(cls.leg, 4), (cls.top, 1, operation),
                                       (cls.bracket, 2, operation)], routing=cls.routing)
        for component in (cls.leg, cls.top, cls.bracket):
            cls._stock(component, 100)
        cls.stock_account = cls.categ.property_stock_valuation_account_id

    def _workorder(self, production, index):
        return production.workorder_ids.sorted("id")[index]

    def _operation_entries(self, production):
        """The entries of the stock moves of the order's `operation` components, read
        from the moves themselves and from the entries linked to the order."""
        moves = production.move_raw_ids.filtered(
            lambda move: move.product_id in self.top | self.bracket and move.state == "done")
        return self.env["account.move"].search(
            ["|", ("stock_move_id", "in", moves.ids),
             "&", ("backflush_production_id", "=", production.id),
             ("line_ids.product_id", "in", (self.top | self.bracket).ids)])

    def test_each_recording_is_one_entry_in_the_backflush_journal(self):
        """Cut records 2: tops 2 x 20.00 = 40.00, brackets 4 x 2.50 = 10.00: one entry in
        the Backflush journal, Dr WIP 50.00 / Cr Stock Valuation 50.00, one line each,
        labelled with both components. Cut records 3 more: tops 60.00 + brackets
        6 x 2.50 = 15.00: a second entry of 75.00. Assemble records 5 and Mark as Done:
        legs 20 x 3.00 = 60.00 in the posting's entry; the components booked to WIP add
        up to 50 + 75 + 60 = 185.00 and the order's WIP is 0."""
        production = self._production(self.table, 5, self.bom)
        production.button_plan()
        cut = self._workorder(production, 0)
        self._record(cut, 2)
        entries = self._operation_entries(production)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.journal_id, self.backflush_journal)
        self.assertEqual(entries.backflush_production_id, production)
        self.assertEqual(self._lines(entries), {self.wip: 50.0, self.stock_account: -50.0})
        self.assertEqual(len(entries.line_ids), 2)
        self.assertEqual(set(entries.line_ids.mapped("backflush_line_type")), {"component"})
        self.assertEqual(set(entries.line_ids.mapped("manufacture_order_id")), {production})
        self.assertEqual(set(entries.line_ids.mapped("name")), {
            "%s – Components: OP Bracket, OP Top" % production.name})
        self._record(cut, 3)
        second = self._operation_entries(production) - entries
        self.assertEqual(len(second), 1)
        self.assertEqual(self._lines(second), {self.wip: 75.0, self.stock_account: -75.0})
        self._record(self._workorder(production, 1), 5)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        components = self._typed_lines(production, "component").filtered(
            lambda line: line.account_id == self.wip)
        self.assertEqual(round(sum(components.mapped("balance")), 2), 185.0)
        self.assertWipCleared(production)
