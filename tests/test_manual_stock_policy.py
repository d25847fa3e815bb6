# -*- coding: utf-8 -*-
"""What a person records of a `manual` component follows the company's insufficient-stock
policy like any other consumption (DESIGN 3): block refuses the posting, queue keeps it
waiting, allow goes negative, on every path a person records it.

One table = 4 legs (finish, 1000 in stock) + 6 screws (manual, 50 in stock), routing Cut
then Assemble. An order of 12 tables; the person records 12 x 6 = 72 screws, 50 on hand:
22 short."""
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .shopfloor_common import ShopfloorCase

SHORT = "72 Unit(s) needed in WH/Stock, 50 Unit(s) available"


class TestManualComponentStockPolicy(ShopfloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestManualComponentStockPolicy, cls).setUpClass()
        cls.screw = cls._product("SF Manual Screw", 0.1)
        cls._stock(cls.screw, 50)
        cls.screw_table = cls._product("SF Screwed Table", 100.0)
        cls.screw_bom = cls._bom(cls.screw_table, [
            (cls.leg, 4), (cls.screw, 6, {"backflush_policy": "manual"})],
            routing=cls.routing)

    def _order(self, planned=False):
        production = self._production(self.screw_table, 12, self.screw_bom)
        if planned:
            production.button_plan()
        return production

    def _screw_move(self, production):
        return production.move_raw_ids.filtered(
            lambda move: move.product_id == self.screw
            and move.state not in ("done", "cancel"))

    def _record_screws(self, production, qty):
        """What a person records on the order form: the screws consumed."""
        self._screw_move(production).quantity_done = qty

    def _wizard_report(self, production, qty, screws):
        """Report Completion of ``qty`` with ``screws`` typed on the manual line."""
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids,
            active_id=production.id)
        wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
        wizard.line_ids.quantity = qty
        self.assertEqual(wizard.component_ids.product_id, self.screw)
        wizard.component_ids.quantity = screws
        return wizard.action_report()

    def _screw_log(self, production):
        return production.backflush_line_ids.filtered(
            lambda line: line.product_id == self.screw)

    def _assert_nothing_posted(self, production, error):
        """The refusal names the screw, WH/Stock, 72 needed and 50 available; no move is
        done, the stock is as it was, nothing is logged."""
        self.assertEqual(error.exception.name, "Not enough stock to backflush %s:\n"
                                               "- SF Manual Screw: %s" % (production.name,
                                                                          SHORT))
        self.assertFalse(self._done_moves(production))
        self.assertEqual((self.screw.qty_available, self.leg.qty_available), (50, 1000))
        self.assertEqual(self.screw_table.qty_available, 0)
        self.assertFalse(production.backflush_line_ids)
        self.assertNotEqual(production.state, "done")

    def _assert_queued(self, production):
        """12 tables received, 48 legs consumed; the 72 screws wait in the queue with
        the reason (none taken: the stock stays 50); 22 arrive: the retry takes all 72
        (50 + 22 - 72 = 0)."""
        self.assertEqual(self._produced(production), 12)
        self.assertEqual(self._consumed(production, self.leg), 48)
        self.assertEqual(self._consumed(production, self.screw), 0)
        self.assertEqual(self.screw.qty_available, 50)
        line = self._screw_log(production)
        self.assertEqual((line.state, line.recorded_qty, line.queued_qty, line.consumed_qty,
                          line.reason), ("queued", 72, 72, 0, SHORT))
        self._stock(self.screw, 22)
        production.action_backflush_retry()
        self.assertEqual((line.state, line.queued_qty, line.consumed_qty), ("done", 0, 72))
        self.assertEqual(self._consumed(production, self.screw), 72)
        self.assertEqual(self.screw.qty_available, 0)

    # ----------------------------------------------------- Report Completion wizard
    def test_wizard_block_refuses_and_posts_nothing(self):
        self.company.backflush_negative_policy = "block"
        production = self._order()
        with self.assertRaises(UserError) as error:
            self._wizard_report(production, 12, 72)
        self._assert_nothing_posted(production, error)
        # the typed screws are not left recorded on the order either
        self.assertEqual(self._screw_move(production).quantity_done, 0)

    def test_wizard_queue_queues_the_screws(self):
        self.company.backflush_negative_policy = "queue"
        production = self._order()
        self._wizard_report(production, 12, 72)
        self.assertEqual(production.state, "done")
        # the dialog says so
        wizard = self.env["mrp.report.completion"].search([], order="id desc", limit=1)
        self.assertEqual(wizard.result, (
            "%s: 12 Unit(s) of SF Screwed Table posted; the order is Done.\n"
            "Components consumed: SF Leg 48 Unit(s).\n"
            "Queued, waiting for stock (retried every hour, or Retry on the order's "
            "Backflush tab): SF Manual Screw 72 Unit(s) (%s).\n"
            "Hours: none entered, the time logged on the work orders since the last "
            "posting is costed, else the routing's standard time.") % (
            production.name, SHORT))
        self._assert_queued(production)

    def test_wizard_allow_goes_negative(self):
        """allow: as before, 50 - 72 = -22 screws."""
        production = self._order()
        self._wizard_report(production, 12, 72)
        self.assertEqual(self._consumed(production, self.screw), 72)
        self.assertEqual(self.screw.qty_available, -22)
        self.assertEqual(self._screw_log(production).state, "manual")

    def test_wizard_within_stock_consumes_what_is_typed(self):
        """block, 40 typed of 50: taken as typed (50 - 40 = 10 left)."""
        self.company.backflush_negative_policy = "block"
        production = self._order()
        self._wizard_report(production, 12, 40)
        self.assertEqual(self._consumed(production, self.screw), 40)
        self.assertEqual(self.screw.qty_available, 10)

    # ------------------------------------------------ Produce wizard + Post Inventory
    def test_produce_and_post_inventory_block(self):
        self.company.backflush_negative_policy = "block"
        production = self._order()
        self._produce(production, 12)
        self._record_screws(production, 72)
        with self.assertRaises(UserError) as error:
            production.post_inventory()
        self._assert_nothing_posted(production, error)

    def test_produce_and_post_inventory_queue(self):
        self.company.backflush_negative_policy = "queue"
        production = self._order()
        self._produce(production, 12)
        self._record_screws(production, 72)
        production.post_inventory()
        self._assert_queued(production)

    # ------------------------------------------------------------------ Mark as Done
    def test_mark_as_done_block(self):
        self.company.backflush_negative_policy = "block"
        production = self._order()
        self._produce(production, 12)
        self._record_screws(production, 72)
        with self.assertRaises(UserError) as error:
            production.button_mark_done()
        self._assert_nothing_posted(production, error)

    def test_mark_as_done_queue(self):
        self.company.backflush_negative_policy = "queue"
        production = self._order()
        self._produce(production, 12)
        self._record_screws(production, 72)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self._assert_queued(production)

    # ------------------------------------------------------------------- work orders
    def _work_orders_record(self, production):
        for workorder in production.workorder_ids.sorted("id"):
            self._record(workorder, 12)

    def test_work_orders_then_mark_as_done_block(self):
        """The work orders record the 12 tables (they take no screws), the person records
        72 screws, Mark as Done: refused."""
        self.company.backflush_negative_policy = "block"
        production = self._order(planned=True)
        self._work_orders_record(production)
        self._record_screws(production, 72)
        with self.assertRaises(UserError) as error:
            production.button_mark_done()
        self.assertEqual(error.exception.name, "Not enough stock to backflush %s:\n"
                                               "- SF Manual Screw: %s" % (production.name,
                                                                          SHORT))
        self.assertEqual(self.screw.qty_available, 50)
        self.assertFalse(self._screw_log(production))

    def test_work_orders_then_mark_as_done_queue(self):
        self.company.backflush_negative_policy = "queue"
        production = self._order(planned=True)
        self._work_orders_record(production)
        self._record_screws(production, 72)
        production.button_mark_done()
        self._assert_queued(production)

    # ------------------------------------------- report_completion (MES), deferred
    def test_deferred_report_queue(self):
        """The screws recorded on the order, the MES reports the 12 deferred: its job
        posts, the screws wait in the queue."""
        self.company.backflush_negative_policy = "queue"
        production = self._order()
        self._record_screws(production, 72)
        answer = self.env["mrp.production"].report_completion(
            production.name, 12, "EV-MANUAL-SCREWS", deferred=True)
        Job.load(self.env, answer["job_uuid"]).perform()
        self.env.cache.invalidate()
        self._assert_queued(production)

    def test_inline_report_block(self):
        """The screws recorded on the order, the MES reports the 12 inline: refused."""
        self.company.backflush_negative_policy = "block"
        production = self._order()
        self._record_screws(production, 72)
        with self.assertRaises(UserError) as error:
            self._report(production, 12, "EV-MANUAL-BLOCK")
        self._assert_nothing_posted(production, error)
