# -*- coding: utf-8 -*-
"""Insufficient stock at backflush: the company's allow / block / queue policies, the
retry of the queue (button and cron), and what a manufacturing user may do."""
from odoo.exceptions import AccessError, UserError

from .test_backflush import BackflushPostingCase

# every table a posting writes to, as (table, columns) read in id order
SNAPSHOT_TABLES = [
    ("stock_move", "id, state, product_uom_qty, location_id, raw_material_production_id"),
    ("stock_move_line", "id, move_id, qty_done, product_uom_qty, location_id"),
    ("stock_quant", "id, product_id, location_id, quantity, reserved_quantity"),
    ("account_move", "id, state, amount"),
    ("account_move_line", "id, account_id, debit, credit"),
    ("mrp_production", "id, state, date_finished"),
    ("mrp_backflush_line", "id, state, consumed_qty"),
]


class TestBackflushStock(BackflushPostingCase):

    @classmethod
    def setUpClass(cls):
        super(TestBackflushStock, cls).setUpClass()
        cls.rare = cls._product("BF Rare Part", 5.0)
        cls.scarce = cls._product("BF Scarce Part", 7.0)
        cls._stock(cls.rare, 3)
        cls._stock(cls.scarce, 1)
        cls.short_bom = cls._bom(cls.table, [(cls.rare, 2), (cls.scarce, 1), (cls.top, 1)])

    def _snapshot(self):
        rows = {}
        for table, columns in SNAPSHOT_TABLES:
            self.env.cr.execute("SELECT %s FROM %s ORDER BY id" % (columns, table))
            rows[table] = self.env.cr.fetchall()
        return rows

    def test_allow_goes_negative(self):
        production = self._complete(self._production(self.table, 2, self.short_bom), 2)
        self.assertEqual(production.state, "done")
        self.assertEqual(self.rare.qty_available, -1)
        self.assertEqual(self.scarce.qty_available, -1)
        self.assertEqual(set(production.backflush_line_ids.mapped("state")), {"done"})

    def test_block_names_each_short_component_and_changes_nothing(self):
        self.company.backflush_negative_policy = "block"
        production = self._production(self.table, 2, self.short_bom)
        self._produce(production, 2)
        before = self._snapshot()
        with self.assertRaises(UserError) as error:
            production.button_mark_done()
        self.assertEqual(error.exception.name, (
            "Not enough stock to backflush %s:\n"
            "- BF Rare Part: 4 Unit(s) needed in WH/Stock, 3 Unit(s) available\n"
            "- BF Scarce Part: 2 Unit(s) needed in WH/Stock, 1 Unit(s) available"
        ) % production.name)
        self.env["mrp.production"].invalidate_cache()
        self.assertEqual(self._snapshot(), before)
        self.assertEqual(production.state, "progress")
        self.assertFalse(production.backflush_line_ids)
        # with the stock there, the same posting goes through
        self._stock(self.rare, 1)
        self._stock(self.scarce, 1)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(self.rare.qty_available, 0)

    def test_block_ignores_consumables(self):
        self.company.backflush_negative_policy = "block"
        oil = self._product("BF Oil", 1.0)
        oil.type = "consu"
        bom = self._bom(self.table, [(oil, 3), (self.top, 1)])
        production = self._complete(self._production(self.table, 2, bom), 2)
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, oil), 6)

    def test_block_counts_a_component_of_several_lines_once(self):
        """Two lines (one through a kit) of a component share what is in stock."""
        self.company.backflush_negative_policy = "block"
        kit = self._product("BF Rare Kit", 0.0)
        self._bom(kit, [(self.rare, 1)], bom_type="phantom")
        bom = self._bom(self.table, [(self.rare, 1), (kit, 1)])
        production = self._production(self.table, 2, bom)
        self._produce(production, 2)
        with self.assertRaisesRegex(UserError, r"BF Rare Part: 2 Unit\(s\) needed in "
                                               r"WH/Stock, 1 Unit\(s\) available"):
            production.button_mark_done()

    def test_queue_receives_goods_and_retries_until_stock_is_there(self):
        self.company.backflush_negative_policy = "queue"
        production = self._complete(self._production(self.table, 2, self.short_bom), 2)
        self.assertEqual(production.state, "done")
        self.assertEqual(self.table.qty_available, 2)  # finished goods received
        self.assertEqual(self.top.qty_available, 998)  # what is there is consumed
        self.assertEqual(self.rare.qty_available, 3)  # nothing of the short parts
        self.assertEqual(self.scarce.qty_available, 1)
        queued = production.backflush_line_ids.filtered(lambda line: line.state == "queued")
        self.assertEqual(queued.mapped("product_id"), self.rare | self.scarce)
        rare_line = self._log(production, self.rare)
        self.assertEqual(rare_line.reason, "4 Unit(s) needed in WH/Stock, 3 Unit(s) available")
        self.assertEqual((rare_line.consumed_qty, rare_line.queued_qty), (0, 4))
        self.assertFalse(rare_line.move_id)
        self.assertEqual(production.backflush_queued_count, 2)
        # still short: stays queued
        production.action_backflush_retry()
        self.assertEqual(rare_line.state, "queued")
        self.assertEqual(self.rare.qty_available, 3)
        # stock of one arrives: the cron's job posts it, the other keeps waiting
        self._stock(self.rare, 5)
        self._cron_retry()
        self.assertEqual(rare_line.state, "done")
        self.assertEqual((rare_line.consumed_qty, rare_line.queued_qty), (4, 0))
        self.assertEqual(self.rare.qty_available, 4)
        self.assertEqual(rare_line.move_id.state, "done")
        self.assertEqual(rare_line.move_id.raw_material_production_id, production)
        self.assertEqual(rare_line.move_id.location_dest_id, self.production_location)
        self.assertEqual(self._log(production, self.scarce).state, "queued")
        self.assertEqual(production.backflush_queued_count, 1)
        # retrying again posts nothing more
        self._stock(self.scarce, 1)
        production.action_backflush_retry()
        production.action_backflush_retry()
        self._cron_retry()
        self.assertEqual(self.rare.qty_available, 4)
        self.assertEqual(self.scarce.qty_available, 0)
        self.assertEqual(self._consumed(production, self.rare), 4)
        self.assertEqual(self._consumed(production, self.scarce), 2)
        self.assertEqual(production.backflush_queued_count, 0)

    def test_queue_keeps_what_the_user_recorded_beyond_the_bom(self):
        self.company.backflush_negative_policy = "queue"
        production = self._production(self.table, 2, self.short_bom)
        self._produce(production, 2)
        production.move_raw_ids.filtered(
            lambda move: move.product_id == self.rare).quantity_done = 5
        production.button_mark_done()
        rare_line = self._log(production, self.rare)
        self.assertEqual((rare_line.state, rare_line.recorded_qty, rare_line.queued_qty),
                         ("queued", 5, 5))
        self._stock(self.rare, 2)
        production.action_backflush_retry()
        self.assertEqual(self._consumed(production, self.rare), 5)
        self.assertEqual(self.rare.qty_available, 0)

    def test_manufacturing_user_completes_and_retries(self):
        self.company.backflush_negative_policy = "queue"
        user = self.env["res.users"].create({
            "name": "BF Operator", "login": "bf_operator", "email": "op@example.com",
            "groups_id": [(6, 0, [self.env.ref("mrp.group_mrp_user").id])]})
        production = self._production(self.table, 2, self.short_bom).sudo(user)
        self.env["mrp.product.produce"].sudo(user).with_context(
            active_id=production.id, active_ids=production.ids).create(
            {"product_qty": 2}).do_produce()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(production.backflush_queued_count, 2)
        self._stock(self.rare, 5)
        self._stock(self.scarce, 5)
        production.action_backflush_retry()
        self.assertEqual(production.backflush_queued_count, 0)
        # the log is written by postings, never edited by hand
        with self.assertRaises(AccessError):
            production.backflush_line_ids[:1].write({"consumed_qty": 1.0})
