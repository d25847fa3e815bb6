# -*- coding: utf-8 -*-
"""One valuation entry per production posting for its components, with the accounts,
amounts, quantities and labels of the native per-move entries."""
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

    def _component_entries(self, production):
        return self.env["account.move"].search(
            [("stock_move_id", "in", production.move_raw_ids.ids)])

    def _lines(self, entries):
        """Sorted (account, product, quantity, debit, credit) of the entries."""
        return sorted((line.account_id.code, line.product_id.name, line.quantity,
                       line.debit, line.credit) for line in entries.mapped("line_ids"))

    def _native(self, qty):
        """The same components consumed the native way: each move done on its own."""
        production = self._production(self.finished, qty)
        for move in production.move_raw_ids:
            move.quantity_done = move.product_uom_qty
        production.move_raw_ids._action_done()
        return production

    def test_one_entry_per_posting_same_lines_as_native(self):
        production = self._production(self.finished, 3)
        self._produce(production, 3)
        production.button_mark_done()
        native = self._native(3)

        batched = self._component_entries(production)
        self.assertEqual(len(batched), 1)
        self.assertEqual(batched.state, "posted")
        self.assertEqual(batched.ref, production.name)
        self.assertEqual(len(batched.line_ids), 6)
        native_entries = self._component_entries(native)
        self.assertEqual(len(native_entries), 3)
        # line for line what native posts: accounts, products, quantities, amounts
        self.assertEqual(self._lines(batched), self._lines(native_entries))
        self.assertEqual(set(batched.line_ids.mapped("name")), {production.name})
        self.assertAlmostEqual(sum(batched.line_ids.mapped("debit")), 3 * (30 + 2.1 + 2), 2)
        self.assertAlmostEqual(sum(batched.line_ids.mapped("debit")),
                               sum(batched.line_ids.mapped("credit")), 2)
        # 3 x (4 x 7.5) out of A, 3 x (6 x 0.35 + 2) out of B
        self.assertAlmostEqual(self._balance(self.account_stock_b, production),
                               -3 * 4.1, places=2)

    def test_each_posting_has_its_own_entry(self):
        production = self._production(self.finished, 5)
        self._produce(production, 2)
        production.post_inventory()
        self.assertEqual(len(self._component_entries(production)), 1)
        self._produce(production, 3)
        production.button_mark_done()

        entries = self._component_entries(production)
        self.assertEqual(len(entries), 2)
        first, second = entries.sorted("id")
        self.assertAlmostEqual(sum(first.line_ids.mapped("debit")), 2 * 34.1, places=2)
        self.assertAlmostEqual(sum(second.line_ids.mapped("debit")), 3 * 34.1, places=2)
        native = self._component_entries(self._native(5))
        for account in (self.account_stock, self.account_stock_b):
            self.assertAlmostEqual(
                sum(entries.mapped("line_ids").filtered(
                    lambda line, acc=account: line.account_id == acc).mapped("balance")),
                sum(native.mapped("line_ids").filtered(
                    lambda line, acc=account: line.account_id == acc).mapped("balance")), 2)
