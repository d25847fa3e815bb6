# -*- coding: utf-8 -*-
"""Issue 18 section 2 on the paths test_numbers_closed_wip does not walk: the WIP of a
done or cancelled order is 0 whatever posts on it, for an order completed through its
work orders and through deferred report_completion (Odoo's FIFO correction of
components consumed into negative stock, ``_fifo_vacuum``, after the order is done), and
for an order cancelled after a partial Report Completion left components queued.

Every amount is read from the journal items (account.move.line, by their
manufacture_order_id) and the stock moves, never from the addon's helpers.

Board (FIFO, no cost of its own) = 2 Chips (FIFO, 10.00, consumed at Cut with the
policy At operation completion) + 1 Resistor (FIFO, received at 5.00, At MO completion,
no operation: the last work order, Assemble, takes it); routing Cut then Assemble, no
cost pool (no conversion). A board is worth 2 x 10.00 + 5.00 = 25.00. No chip in stock:
the company allows negative stock, so the chips are consumed at their cost, 10.00."""
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .numbers_common import NumbersCase


class TestClosedWipOnEveryPath(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestClosedWipOnEveryPath, cls).setUpClass()
        saw = cls._workcenter("CWP Saw")
        bench = cls._workcenter("CWP Bench")
        cls.routing = cls._routing("CWP", [(saw, 6.0), (bench, 12.0)])
        cut, _assemble = cls.routing.operation_ids.sorted("sequence")
        cls.chip = cls._product("CWP Chip", 10.0, categ=cls.categ_fifo)
        cls.resistor = cls._product("CWP Resistor", 5.0, categ=cls.categ_fifo)
        cls.board = cls._product("CWP Board", 0.0, categ=cls.categ_fifo)
        cls.routed_bom = cls._bom(cls.board, [
            (cls.chip, 2, {"operation_id": cut.id, "backflush_policy": "operation"}),
            (cls.resistor, 1, {"backflush_policy": "finish"})], routing=cls.routing)
        cls.queued_board = cls._product("CWP Queued Board", 0.0, categ=cls.categ_fifo)
        cls.queued_bom = cls._bom(cls.queued_board, [(cls.chip, 2), (cls.resistor, 1)])
        cls._receive(cls.resistor, 5, 5.0)
        cls.variance = cls.company.backflush_variance_account_id

    # ------------------------------------------------------------- reading
    def _items(self, production, account=None, line_type=None):
        """The journal items carrying ``production``, optionally on ``account`` or of
        ``line_type``."""
        domain = [("manufacture_order_id", "=", production.id)]
        if account:
            domain.append(("account_id", "=", account.id))
        if line_type:
            domain.append(("backflush_line_type", "=", line_type))
        return self.env["account.move.line"].search(domain)

    def _sum(self, lines):
        return round(sum(lines.mapped("balance")), 2)

    def assertWipZero(self, production):
        """The order's WIP: its items on the company's Work in Process account."""
        self.assertEqual(self._sum(self._items(production, self.wip)), 0.0,
                         "WIP of %s" % production.name)

    def _stock_account(self):
        return self._sum(self.env["account.move.line"].search(
            [("account_id", "=", self.account_stock.id)]))

    def _scheduler(self):
        """Odoo 11 prices the negative stock (``_fifo_vacuum``) in the scheduler."""
        self.env["procurement.group"].run_scheduler()

    def _perform(self, answer):
        Job.load(self.env, answer["job_uuid"]).perform()
        self.env.cache.invalidate()

    def _done_qty(self, production, product):
        return sum(production.move_raw_ids.filtered(
            lambda move: move.product_id == product and move.state == "done").mapped(
            "product_qty"))

    def _board_layers(self, production):
        """Remaining value of each receipt of the order's boards, in posting order."""
        return [round(move.remaining_value, 2) for move in production.move_finished_ids
                .filtered(lambda move: move.state == "done").sorted("id")]

    # ------------------------------------- (a) the FIFO correction after completion
    def test_work_orders_then_fifo_correction(self):
        """Order of 5 boards planned: Cut records 5, consuming 5 x 2 = 10 chips (At
        operation completion) from no stock at 10.00 = 100.00 Dr WIP; Assemble records 5
        (the resistors' work order), Mark as Done: 5 resistors 25.00, 5 boards received
        at 125.00 (25.00 each). WIP 100 + 25 - 125 = 0. 2 boards delivered (50.00).
        10 chips received at 12.00 and the scheduler: Odoo's correction of the chips
        consumed at Cut, 10 x (12 - 10) = 20.00 Dr WIP / Cr Stock on the done order.
        3 of the 5 boards are on hand: 20 x 3 / 5 = 12.00 to their stock (remaining
        75 + 12 = 87.00), 20 - 12 = 8.00 to the Manufacturing Variance Account (the
        variance Components repriced after completion). WIP 100 + 25 - 125 + 20 - 20 =
        0; stock account: resistors 25 - 25, chips -100 + 120 - 20, boards 125 - 50 + 12
        = 87.00."""
        production = self._production(self.board, 5, self.routed_bom)
        production.button_plan()
        self._record(self._workorder(production, "CWP 0"), 5)
        self.assertEqual(self._done_qty(production, self.chip), 10.0)
        self.assertEqual(self._sum(self._items(production, self.wip)), 100.0)
        self._record(self._workorder(production, "CWP 1"), 5)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._done_qty(production, self.resistor), 5.0)
        self.assertEqual(self._board_layers(production), [125.0])
        self.assertWipZero(production)
        self._deliver(self.board, 2)
        self._receive(self.chip, 10, 12.0)
        self._scheduler()
        chips = production.move_raw_ids.filtered(lambda move: move.product_id == self.chip)
        self.assertEqual(round(sum(chips.mapped("value")), 2), -120.0)
        self.assertWipZero(production)
        after = self._items(production, line_type="after_completion")
        self.assertEqual(self._lines(after), {self.account_stock: 12.0, self.variance: 8.0,
                                              self.wip: -20.0})
        self.assertEqual(self._sum(self._items(production, self.variance)), 8.0)
        self.assertEqual(self._board_layers(production), [87.0])
        self.assertEqual(self._stock_account(), 87.0)

    def test_deferred_report_completion_in_two_parts_then_fifo_correction(self):
        """The same order reported by report_completion(deferred=True) 2 then 3, each
        posted by its queue job (the work orders catch up): chips 4 at 10.00 then 6
        (40.00, 60.00), resistors 2 then 3; boards received 2 at 50.00 then 3 at 75.00.
        2 boards delivered: the first receipt's (50.00). 10 chips received at 13.00, the
        scheduler corrects both chip moves, 4 x 3 = 12.00 and 6 x 3 = 18.00, 30.00 Dr WIP.
        3 of the 5 boards are on hand: 30 x 3 / 5 = 18.00 to their stock (the second
        receipt: 75 + 18 = 93.00), 12.00 to the variance. WIP 0; stock account: chips
        -100 + 130 - 30, boards 125 - 50 + 18 = 93.00."""
        production = self._production(self.board, 5, self.routed_bom)
        report = self.env["mrp.production"].report_completion
        for qty, event in ((2, "EV-CWP-1"), (3, "EV-CWP-2")):
            self._perform(report(production.name, qty, event, deferred=True))
        self.assertEqual(production.state, "done")
        self.assertEqual((self._done_qty(production, self.chip),
                          self._done_qty(production, self.resistor)), (10.0, 5.0))
        self.assertEqual(self._board_layers(production), [50.0, 75.0])
        self.assertWipZero(production)
        self._deliver(self.board, 2)
        self._receive(self.chip, 10, 13.0)
        self._scheduler()
        self.assertWipZero(production)
        after = self._items(production, line_type="after_completion")
        self.assertEqual(self._lines(after), {self.account_stock: 18.0,
                                              self.variance: 12.0, self.wip: -30.0})
        self.assertEqual(self._board_layers(production), [0.0, 93.0])
        self.assertEqual(self._stock_account(), 93.0)

    def test_cancelled_after_work_order_then_fifo_correction(self):
        """Cut records 5 of an order of 5 boards: 10 chips from no stock at 10.00 =
        100.00 Dr WIP. Cancel setting Write off the WIP: the cancel writes it off, Dr
        Manufacturing Variance 100.00 / Cr WIP 100.00. 10 chips received at 12.00 and
        the scheduler: Odoo's correction 10 x 2 = 20.00 Dr WIP / Cr Stock on the
        cancelled order's chips; no board was received, so all 20.00 goes to the
        variance. WIP 100 - 100 + 20 - 20 = 0, variance 120.00 = what the 10 chips cost;
        stock account: resistors 25.00, chips -100 + 120 - 20 = 0."""
        production = self._production(self.board, 5, self.routed_bom)
        production.button_plan()
        self._record(self._workorder(production, "CWP 0"), 5)
        self.assertEqual(self._sum(self._items(production, self.wip)), 100.0)
        self._set_company(backflush_cancel_policy="write_off")
        production.action_cancel()
        self.assertEqual(production.state, "cancel")
        self.assertWipZero(production)
        self._receive(self.chip, 10, 12.0)
        self._scheduler()
        self.assertWipZero(production)
        self.assertEqual(self._lines(self._items(production, line_type="after_completion")),
                         {self.variance: 20.0, self.wip: -20.0})
        self.assertEqual(self._sum(self._items(production, self.variance)), 120.0)
        self.assertEqual(self._stock_account(), 25.0)

    # ------------------------------------------ (b) queued at a partial, then cancel
    def _queued_by_report_completion(self, deferred=False):
        """Queue policy (settings form); Report Completion of 2 of 5 Queued Boards (the
        dialog, or report_completion deferred and its job): the 2 resistors consumed
        (10.00) and 2 x 2 = 4 chips queued (none in stock); 2 boards received at 10.00.
        WIP 10 - 10 = 0."""
        self._set_company(backflush_negative_policy="queue")
        production = self._production(self.queued_board, 5, self.queued_bom)
        if deferred:
            self._perform(self.env["mrp.production"].report_completion(
                production.name, 2, "EV-CWP-Q", deferred=True))
        else:
            self._wizard_report(production, 2)
        self.assertEqual(production.state, "progress")
        self.assertEqual(self._done_qty(production, self.resistor), 2.0)
        self.assertEqual(self._done_qty(production, self.chip), 0.0)
        queued = production.backflush_line_ids.filtered(
            lambda line: line.product_id == self.chip)
        self.assertEqual((queued.state, queued.queued_qty), ("queued", 4.0))
        self.assertEqual(self._board_layers(production), [10.0])
        self.assertWipZero(production)
        return production

    def _retry_by_button_and_job(self, production):
        """Retry on the order, then its retry job as queue_job's runner runs it."""
        production.action_backflush_retry()
        job = production._backflush_retry_enqueue()
        Job.load(self.env, job.uuid).perform()
        self.env.cache.invalidate()

    def test_write_off_cancel_after_report_completion_then_retries(self):
        """Cancel setting Write off the WIP: the cancel drops the 4 queued chips, WIP 0
        so no write-off entry. 10 chips received at 12.00 (120.00); Retry, then the retry
        job: no chip consumed into the cancelled order, the 10 stay in stock, WIP 0;
        stock account 25 (resistors) - 10 + 10 (boards) + 120 = 145.00."""
        production = self._queued_by_report_completion()
        self._set_company(backflush_cancel_policy="write_off")
        production.action_cancel()
        self.assertEqual(production.state, "cancel")
        self.assertFalse(self._items(production, line_type="variance"))
        self._receive(self.chip, 10, 12.0)
        self._retry_by_button_and_job(production)
        self.assertEqual(self._done_qty(production, self.chip), 0.0)
        self.assertEqual(self.chip.qty_available, 10.0)
        self.assertWipZero(production)
        self.assertEqual(self._stock_account(), 145.0)

    def test_write_off_cancel_after_deferred_report_completion_then_retries(self):
        """The same with the 2 reported by report_completion(deferred=True), its job
        run: after the cancel, Retry and the retry job consume no chip; WIP 0."""
        production = self._queued_by_report_completion(deferred=True)
        self._set_company(backflush_cancel_policy="write_off")
        production.action_cancel()
        self.assertEqual(production.state, "cancel")
        self._receive(self.chip, 10, 12.0)
        self._retry_by_button_and_job(production)
        self.assertEqual(self._done_qty(production, self.chip), 0.0)
        self.assertEqual(self.chip.qty_available, 10.0)
        self.assertWipZero(production)

    def test_refused_cancel_after_report_completion_then_retries(self):
        """Cancel setting Refuse: the cancel is refused naming the 4 queued chips; the
        order stays open. 10 chips received at 12.00; Retry consumes the 4 into it:
        4 x 12.00 = 48.00 Dr WIP, held for the order's next posting (6 chips left); the
        retry job finds nothing more. Report Completion of the 3 left: 6 chips at 12.00
        (72.00) + 3 resistors (15.00) = 87.00, the 3 boards received at 87 + 48 =
        135.00; done, WIP 10 - 10 + 48 + 87 - 135 = 0, no chip left."""
        production = self._queued_by_report_completion()
        self.assertEqual(self.company.backflush_cancel_policy, "refuse")
        with self.assertRaises(UserError) as refusal:
            production.action_cancel()
        self.assertIn("- 4 Unit(s) CWP Chip (posting 1)", refusal.exception.name)
        self.assertEqual(production.state, "progress")
        self._receive(self.chip, 10, 12.0)
        self._retry_by_button_and_job(production)
        self.assertEqual(self._done_qty(production, self.chip), 4.0)
        self.assertEqual(self.chip.qty_available, 6.0)
        self.assertEqual(self._sum(self._items(production, self.wip)), 48.0)
        self._wizard_report(production, 3)
        self.assertEqual(production.state, "done")
        self.assertEqual(self._done_qty(production, self.chip), 10.0)
        self.assertEqual(self.chip.qty_available, 0.0)
        self.assertEqual(self._board_layers(production), [10.0, 135.0])
        self.assertWipZero(production)
