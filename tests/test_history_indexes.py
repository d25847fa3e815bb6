# -*- coding: utf-8 -*-
"""The searches that read every row of years of history (bench/history.py) have an index
they can use: the query Odoo's ORM writes for the domain, or the addon's own SQL, is
planned on the expected index once sequential scans are ruled out. A partial index is
only used when the query implies its predicate: these tests fail if the ORM's SQL and
the predicate drift apart, or an index is dropped."""
from odoo.tests.common import TransactionCase


class TestHistoryIndexes(TransactionCase):

    def _plan(self, model, domain):
        """EXPLAIN of the ids query the ORM writes for ``domain`` on ``model``, sequential
        scans disabled (on a small test table they would always win)."""
        query = self.env[model]._where_calc(domain)
        from_clause, where_clause, params = query.get_sql()
        return self._explain('SELECT "%s".id FROM %s WHERE %s' % (
            self.env[model]._table, from_clause, where_clause or "TRUE"), params)

    def _explain(self, sql, params):
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in self.env.cr.fetchall())

    def _index_columns(self, name):
        """The definition of index ``name`` from USING on, or None."""
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", (name,))
        row = self.env.cr.fetchone()
        return row and row[0].split(" USING ")[1]

    def test_open_moves(self):
        """stock.move.line._free_reservation resolves move_id.state not in (done, cancel)
        to a search of the open moves: the partial index of open moves serves it."""
        plan = self._plan("stock.move", [("state", "not in", ["done", "cancel"])])
        self.assertIn("stock_move_backflush_open_index", plan)

    def test_fifo_candidates(self):
        """stock_account's FIFO candidates of a product: the partial index of the moves
        with quantity left can serve them, the ORM's SQL of ``remaining_qty > 0`` implies
        its predicate. (Searched with the product too, the planner may prefer the
        product index on the test database's statistics.)"""
        plan = self._plan("stock.move", [("remaining_qty", ">", 0)])
        self.assertIn("stock_move_backflush_fifo_candidates_index", plan)

    def test_order_links(self):
        """An order's moves, its unbuilds, a move's lines and entries, an inventory's
        moves: each found through an index of its link."""
        for model, field, index in [
                ("stock.move", "raw_material_production_id",
                 "stock_move_raw_material_production_id_index"),
                ("stock.move", "production_id", "stock_move_production_id_index"),
                ("stock.move", "unbuild_id", "stock_move_unbuild_id_index"),
                ("stock.move", "consume_unbuild_id", "stock_move_consume_unbuild_id_index"),
                ("stock.move", "inventory_id", "stock_move_inventory_id_index"),
                ("stock.move.line", "move_id", "stock_move_line_move_id_index"),
                ("account.move", "stock_move_id", "account_move_stock_move_id_index"),
                ("mrp.unbuild", "mo_id", "mrp_unbuild_mo_id_index")]:
            self.assertIn(index, self._plan(model, [(field, "=", 1)]), field)

    def test_released_orders(self):
        """Replenish Supermarkets' released orders: the order state index."""
        plan = self._plan("mrp.production", [("state", "in", ("confirmed", "planned",
                                                              "progress"))])
        self.assertIn("mrp_production_state_index", plan)

    def test_period_close(self):
        """The close sums an account over a month: an (account, date) index of the
        journal items serves the range (a pool's activity, its cost lines of the month:
        their date index). Checked by its definition: which of the account, date and
        (account, date) indexes the planner takes depends on the test database's
        statistics (bench/history.py shows this one used at 20,000 orders)."""
        self.assertEqual(self._index_columns("account_move_line_backflush_account_date_index"),
                         "btree (account_id, date)")

    def test_cycle_count_look_back(self):
        """The cycle count's look-back sum (stock.inventory._backflush_history: BOM lines,
        state done, date since): the partial (BOM line, date) index of the consumed log
        lines. Checked by its definition: on a nearly empty log the planner prefers the
        state index whatever is allowed (bench/history.py shows it used at 20,000
        orders)."""
        self.assertEqual(self._index_columns("mrp_backflush_line_bom_line_date_index"),
                         "btree (bom_line_id, date) WHERE ((state)::text = 'done'::text)")
