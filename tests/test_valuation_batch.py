# -*- coding: utf-8 -*-
"""One valuation entry per production posting for its components and finished goods,
with the balances of the native per-move entries."""
from .common import BackflushCase


class TestValuationBatch(BackflushCase):

    @classmethod
    def setUpClass(cls):
        super(TestValuationBatch, cls).setUpClass()
        # a second category valued on accounts of its own: accounts are kept per line
        cls.account_stock_b = cls._account("TST.STOCKB", "Test Stock Valuation B")
        cls.categ_b = cls.env["product.category"].create({
            "name": "Test real-time standard B",
            "property_valuation": "real_time",
            "property_cost_method": "standard",
            "property_stock_journal": cls.journal.id,
            "property_stock_valuation_account_id": cls.account_stock_b.id,
            "property_stock_account_input_categ_id": cls.account_input.id,
            "property_stock_account_output_categ_id": cls.account_output.id,
        })
        cls.finished = cls._product("Batch Cabinet", 100.0)
        cls.panel = cls._product("Batch Panel", 7.5)
        cls.hinge = cls._product("Batch Hinge", 0.35, categ=cls.categ_b)
        cls.handle = cls._product("Batch Handle", 2.0, categ=cls.categ_b)
        cls.bom = cls._bom(cls.finished, [(cls.panel, 4), (cls.hinge, 6), (cls.handle, 1)])
        for product in (cls.panel, cls.hinge, cls.handle):
            cls._stock(product, 1000)

    def _entries(self, production):
        """The valuation entries of the order's stock moves."""
        return self.env["account.move"].search([
            ("stock_move_id", "in", (production.move_raw_ids | production.move_finished_ids).ids)])

    def _stock_lines(self, entries):
        """The lines of the entries that value stock moves: native ones, and those of a
        posting's components and finished goods (not its conversion or variances)."""
        return entries.mapped("line_ids").filtered(
            lambda line: line.backflush_line_type in (False, "component", "finished"))

    def _account_balance(self, entries, account):
        return sum(self._stock_lines(entries).filtered(
            lambda line: line.account_id == account).mapped("balance"))

    def _native(self, qty):
        """The same moves done the native way, each on its own: one entry per move."""
        production = self._production(self.finished, qty)
        for move in production.move_raw_ids | production.move_finished_ids:
            move.quantity_done = move.product_uom_qty
        production.move_raw_ids._action_done()
        production.move_finished_ids._action_done()
        return production

    def test_one_entry_per_posting_same_balances_as_native(self):
        production = self._production(self.finished, 3)
        self._produce(production, 3)
        production.button_mark_done()
        native = self._native(3)

        batched = self._entries(production)
        self.assertEqual(len(batched), 1)
        self.assertEqual(batched.state, "posted")
        self.assertEqual(batched.ref, production.name)
        native_entries = self._entries(native)
        self.assertEqual(len(native_entries), 4)
        # the components summed per account: 3 x 4 panels x 7.50 = 90.00 out of A,
        # 3 x (6 hinges x 0.35 + 1 handle x 2.00) = 12.30 out of B, 102.30 into WIP; the
        # finished goods 3 x 100.00 = 300.00 into A, out of WIP
        wip = self.company.backflush_wip_account_id
        self.assertEqual(sorted(
            (line.backflush_line_type, line.account_id.code, line.debit, line.credit)
            for line in self._stock_lines(batched)), sorted([
                ("component", self.account_stock.code, 0.0, 90.0),
                ("component", self.account_stock_b.code, 0.0, 12.3),
                ("component", wip.code, 102.3, 0.0),
                ("finished", self.account_stock.code, 300.0, 0.0),
                ("finished", wip.code, 0.0, 300.0)]))
        for account in batched.line_ids.mapped("account_id") | native_entries.mapped(
                "line_ids.account_id"):
            self.assertAlmostEqual(self._account_balance(batched, account),
                                   self._account_balance(native_entries, account), 2)
        # 3 x (4 x 7.5) out of A and 3 x 100 into it, 3 x (6 x 0.35 + 2) out of B
        self.assertAlmostEqual(self._account_balance(batched, self.account_stock), 210.0, 2)
        self.assertAlmostEqual(self._account_balance(batched, self.account_stock_b), -12.3, 2)

    def test_each_posting_has_its_own_entry(self):
        production = self._production(self.finished, 5)
        self._produce(production, 2)
        production.post_inventory()
        self.assertEqual(len(self._entries(production)), 1)
        self._produce(production, 3)
        production.button_mark_done()

        entries = self._entries(production)
        self.assertEqual(len(entries), 2)
        first, second = entries.sorted("id")
        valuation = self.account_stock | self.account_stock_b
        for entry, qty in ((first, 2), (second, 3)):
            # qty x (4 x 7.50 + 6 x 0.35 + 1 x 2.00) = qty x 34.10 out of stock
            self.assertAlmostEqual(-sum(entry.line_ids.filtered(
                lambda line: line.backflush_line_type == "component"
                and line.account_id in valuation).mapped("balance")), qty * 34.1, 2)
        native = self._entries(self._native(5))
        for account in entries.mapped("line_ids.account_id"):
            self.assertAlmostEqual(self._account_balance(entries, account),
                                   self._account_balance(native, account), 2)

    def test_finished_goods_not_at_standard_in_the_same_entry(self):
        """A FIFO finished good is priced from its components' valuation as the posting
        collected it, so it shares their entry: 2 cabinets consume 2 x (4 x 7.50 +
        6 x 0.35 + 1 x 2.00) = 68.20 and are received at 68.20 / 2 = 34.10 each."""
        fifo = self.categ.copy({"name": "Test real-time FIFO"})
        fifo.write({"property_cost_method": "fifo", "property_stock_journal": self.journal.id,
                    "property_stock_valuation_account_id": self.account_stock.id})
        self.finished.categ_id = fifo
        production = self._production(self.finished, 2)
        self._produce(production, 2)
        production.button_mark_done()
        entries = self._entries(production)
        self.assertEqual(len(entries), 1)
        received = entries.line_ids.filtered(
            lambda line: line.backflush_line_type == "finished" and line.debit)
        self.assertEqual((received.account_id, received.debit), (self.account_stock, 68.2))
        self.assertAlmostEqual(production.move_finished_ids.price_unit, 34.1, 6)
