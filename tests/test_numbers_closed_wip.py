# -*- coding: utf-8 -*-
"""Issue 18 section 2: the WIP of a done or cancelled order is 0 whatever posts on it,
and whenever. Odoo posts on a done order's component after the order's last posting
when a receipt prices a component consumed into negative stock (its FIFO correction,
``_fifo_vacuum``, run by the scheduler), and the backflush queue's retry consumed into a
cancelled order. What lands on a closed order's WIP is cleared at once: to the finished
goods still on hand, else to a variance; a cancel treats queued components as WIP.

Board = 2 Chips (10.00) and, where a test says so, 1 Resistor (5.00); the FIFO
Stock Valuation account of the fixture is the account of every product here, so its
balance must be the value of the stock (read from the stock moves' remaining values,
and qty x cost of average products) after each step."""
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .numbers_common import NumbersCase


class TestClosedOrderWip(NumbersCase):

    @classmethod
    def setUpClass(cls):
        super(TestClosedOrderWip, cls).setUpClass()
        cls.chip = cls._product("Closed Chip", 10.0, categ=cls.categ_fifo)
        cls.chip_average = cls._product("Closed Average Chip", 10.0, categ=cls.categ_average)
        cls.resistor = cls._product("Closed Resistor", 5.0, categ=cls.categ_fifo)
        cls.board = cls._product("Closed Board", 0.0, categ=cls.categ_fifo)
        cls.board_bom = cls._bom(cls.board, [(cls.chip, 2)])
        cls.average_board = cls._product("Closed Average Board", 0.0,
                                         categ=cls.categ_average)
        cls.average_board_bom = cls._bom(cls.average_board, [(cls.chip, 2)])
        cls.standard_board = cls._product("Closed Standard Board", 25.0)
        cls.standard_board_bom = cls._bom(cls.standard_board, [(cls.chip, 2)])
        cls.board_average_chips = cls._product("Closed Board of Average Chips", 0.0,
                                               categ=cls.categ_fifo)
        cls.average_chips_bom = cls._bom(cls.board_average_chips, [(cls.chip_average, 2)])
        cls.queued_board = cls._product("Closed Queued Board", 0.0, categ=cls.categ_fifo)
        cls.queued_bom = cls._bom(cls.queued_board, [(cls.chip, 2), (cls.resistor, 1)])
        cls.variance = cls.company.backflush_variance_account_id

    # ---------------------------------------------------------------- helpers
    def _scheduler(self):
        """Odoo 11 runs its FIFO correction of negative stock (stock.move._fifo_vacuum) in
        the scheduler (Inventory > Run Scheduler, its hourly cron) and in the Inventory
        Valuation report: not when the receipt is done."""
        self.env["procurement.group"].run_scheduler()

    def _stock_value(self):
        """Value of the stock of this class's products, from the stock moves: FIFO, the
        remaining value of their done moves; average, quantity on hand x average cost."""
        products = (self.chip | self.chip_average | self.resistor | self.board
                    | self.average_board | self.standard_board | self.board_average_chips
                    | self.queued_board)
        value = 0.0
        for product in products:
            moves = self.env["stock.move"].search(
                [("product_id", "=", product.id), ("state", "=", "done")])
            if product.cost_method == "fifo":
                value += sum(moves.mapped("remaining_value"))
            else:
                quantity = sum(move.product_qty for move in moves
                               if move.location_dest_id.usage == "internal") - sum(
                    move.product_qty for move in moves if move.location_id.usage == "internal")
                value += quantity * product.standard_price
        return round(value, 2)

    def assertStockAccount(self, expected):
        """The Stock Valuation account holds ``expected``, the value of the stock."""
        self.assertEqual(round(self._balance(self.account_stock), 2), expected)
        self.assertEqual(self._stock_value(), expected)

    def _notes(self, production):
        return " ".join(production.message_ids.mapped("body"))

    def _after_completion(self, production):
        return self._entries(production, "after_completion")

    # ------------------------------------------ (a) negative stock, then a receipt
    def test_fifo_component_repriced_all_goods_on_hand_mark_as_done(self):
        """No chips in stock (company allows negative stock): Produce 5 Boards + Mark as
        Done consumes 10 chips at their cost 10.00 = 100.00; 5 boards received at 20.00
        (100.00). WIP 0; stock account 0 - 100 + 100 = 0 (chips -100.00, boards 100.00).
        10 chips received at 12.00 (120.00): stock 120.00. The scheduler runs Odoo's
        FIFO correction of the 10 chips: 10 x (12 - 10) = 20.00 Dr WIP / Cr Stock on the
        done order's component. Cleared at once: the 5 boards are all on hand, so Dr
        Stock 20.00 / Cr WIP 20.00 in the Backflush journal, the boards' remaining value
        100 + 20 = 120.00 (24.00 each). WIP 0, stock account 120 - 100 + 100 - 20 + 20 =
        120.00 = chips 0 + boards 120.00."""
        self.assertEqual(self.company.backflush_negative_policy, "allow")
        production = self._production(self.board, 5, self.board_bom)
        self._complete(production, 5)
        self.assertEqual(production.state, "done")
        self.assertEqual(production.move_raw_ids.value, -100.0)
        self.assertEqual(production.move_finished_ids.value, 100.0)
        self.assertWipCleared(production)
        self.assertStockAccount(0.0)
        self._receive(self.chip, 10, 12.0)
        # chips -100 + 120 until Odoo's correction: stock account 0 + 120 = 120.00
        self.assertStockAccount(120.0)
        self._scheduler()
        self.assertEqual(production.move_raw_ids.value, -120.0)
        self.assertWipCleared(production)
        entry = self._after_completion(production)
        self.assertEqual(self._lines(entry), {self.account_stock: 20.0, self.wip: -20.0})
        self.assertEqual(entry.journal_id, self.backflush_journal)
        self.assertEqual(set(entry.line_ids.mapped("backflush_line_type")),
                         {"after_completion"})
        self.assertEqual(production.move_finished_ids.remaining_value, 120.0)
        self.assertStockAccount(120.0)
        self.assertIn("Work in process after the order closed: $ 20.00 of Closed Chip",
                      self._notes(production))

    def test_fifo_component_repriced_goods_partly_delivered_report_completion(self):
        """Report Completion (report_completion) of 5 Boards with no chips: 10 chips at
        10.00 = 100.00, boards at 20.00. 2 boards delivered (40.00 out): stock account
        -100 + 100 - 40 = -40.00 (chips -100.00, 3 boards 60.00). 10 chips received at
        13.00 (130.00) and the scheduler: correction 10 x 3 = 30.00 Dr WIP / Cr Stock.
        3 of the 5 boards are on hand: 30 x 3 / 5 = 18.00 to their stock (remaining
        60 + 18 = 78.00, 26.00 each), the 12.00 of the 2 delivered to the variance
        "Components repriced after completion". WIP 0; stock account -40 + 130 - 30 + 18
        = 78.00 = chips 0 + boards 78.00."""
        production = self._production(self.board, 5, self.board_bom)
        self.env["mrp.production"].report_completion(production.name, 5, "CLOSED-1")
        self.assertEqual(production.state, "done")
        self.assertWipCleared(production)
        self._deliver(self.board, 2)
        self.assertStockAccount(-40.0)
        self._receive(self.chip, 10, 13.0)
        self._scheduler()
        self.assertWipCleared(production)
        entry = self._after_completion(production)
        self.assertEqual(self._lines(entry), {self.account_stock: 18.0, self.variance: 12.0,
                                              self.wip: -30.0})
        self.assertIn("%s: Components repriced after completion" % production.name,
                      entry.line_ids.mapped("name"))
        log = production.backflush_cost_line_ids.filtered(
            lambda line: line.variance_kind == "components_repriced")
        self.assertEqual(log.amount, 12.0)
        self.assertEqual(production.move_finished_ids.remaining_value, 78.0)
        self.assertStockAccount(78.0)

    def test_fifo_component_repriced_average_and_standard_finished_goods(self):
        """The same 10 chips at 10.00 (100.00) into 5 Average Boards (received at 20.00,
        their average cost 20.00) and into 5 Standard Boards (standard 25.00: 125.00,
        Dr WIP 25.00 / Cr variance for the difference 100 - 125). Stock account:
        -200 + 100 + 125 = 25.00. 20 chips received at 12.00 (240.00) and the scheduler:
        two corrections of 20.00. The average boards on hand take theirs: average cost
        (20 x 5 + 20) / 5 = 24.00. A standard-cost board stays at standard: the 20.00
        is the variance "Components repriced after completion" (on the Material Price
        Variance account, here the Manufacturing Variance Account). WIP 0 for both;
        stock account 25 + 240 - 40 + 20 = 245.00 = 120.00 + 125.00."""
        average = self._production(self.average_board, 5, self.average_board_bom)
        self._complete(average, 5)
        standard = self._production(self.standard_board, 5, self.standard_board_bom)
        self._complete(standard, 5)
        self.assertEqual(self.average_board.standard_price, 20.0)
        self.assertStockAccount(25.0)
        self._receive(self.chip, 20, 12.0)
        self._scheduler()
        self.assertWipCleared(average)
        self.assertWipCleared(standard)
        self.assertEqual(self._lines(self._after_completion(average)),
                         {self.account_stock: 20.0, self.wip: -20.0})
        self.assertEqual(self.average_board.standard_price, 24.0)
        self.assertEqual(self._lines(self._after_completion(standard)),
                         {self.variance: 20.0, self.wip: -20.0})
        self.assertEqual(self.standard_board.standard_price, 25.0)
        self.assertStockAccount(245.0)

    def test_average_component_odoo_prices_the_next_receipt(self):
        """Average chips (10.00), none in stock: an order of 5 boards done by Mark as Done
        and one by Report Completion consume 10 chips each at 10.00 (-200.00). Odoo 11
        has no correction for average products: 25 chips received at 12.00 (300.00)
        average (10 x -20 + 12 x 25) / (-20 + 25) = 20.00, the difference stays in the
        chips; nothing posts on the orders (the scheduler corrects FIFO products only).
        WIP 0, no entry after completion; stock account -200 + 200 + 300 = 300.00 =
        5 chips x 20.00 + 10 boards x 20.00."""
        by_button = self._production(self.board_average_chips, 5, self.average_chips_bom)
        self._complete(by_button, 5)
        by_report = self._production(self.board_average_chips, 5, self.average_chips_bom)
        self.env["mrp.production"].report_completion(by_report.name, 5, "CLOSED-AVG")
        self.assertStockAccount(0.0)
        self._receive(self.chip_average, 25, 12.0)
        self._scheduler()
        self.assertEqual(self.chip_average.standard_price, 20.0)
        for production in by_button | by_report:
            self.assertWipCleared(production)
            self.assertFalse(self._after_completion(production))
        self.assertStockAccount(300.0)

    # ------------------------------------------------ (b) queued, then cancel
    def _queued_order(self):
        """Queue policy, 2 resistors received at 5.00 (10.00), no chips: Produce 2 of 5
        Queued Boards + Post Inventory consumes the 2 resistors (10.00) and queues 4
        chips; 2 boards received at 5.00. WIP 0; stock account 10 - 10 + 10 = 10.00 = the
        2 boards."""
        self.company.backflush_negative_policy = "queue"
        self._receive(self.resistor, 2, 5.0)
        production = self._production(self.queued_board, 5, self.queued_bom)
        self._complete(production, 2, mark_done=False)
        self.assertEqual(production.backflush_queued_count, 1)
        self.assertWipCleared(production)
        self.assertStockAccount(10.0)
        return production

    def _chips_consumed(self, production):
        return sum(production.move_raw_ids.filtered(
            lambda move: move.product_id == self.chip and move.state == "done").mapped(
            "product_qty"))

    def _retry_job(self, production):
        """The retry job of the order (as the hourly cron enqueues it), run as queue_job's
        runner runs it."""
        job = production._backflush_retry_enqueue()
        Job.load(self.env, job.uuid).perform()
        self.env.cache.invalidate()

    def test_queued_components_refuse_the_cancel(self):
        """Cancel setting Refuse: the 4 queued chips are WIP to come; the cancel is
        refused naming them and the setting; nothing changes. The chips arrive (10 at
        12.00) and the retry job consumes them into the order, still in progress."""
        production = self._queued_order()
        with self.assertRaises(UserError) as refusal:
            production.action_cancel()
        message = refusal.exception.name
        self.assertIn("- 4 Unit(s) Closed Chip (posting 1)", message)
        self.assertIn("Write off the WIP", message)
        self.assertNotEqual(production.state, "cancel")
        self.assertEqual(production.backflush_queued_count, 1)
        self._receive(self.chip, 10, 12.0)
        self._retry_job(production)
        self.assertEqual(self._chips_consumed(production), 4)

    def test_queued_components_dropped_at_cancel_never_consumed(self):
        """Cancel setting Write off the WIP (settings form): the cancel drops the 4 queued
        chips (noted on the order), nothing in WIP to write off. 10 chips arrive at 12.00
        (120.00); Retry by button, then the retry job: nothing consumed into the
        cancelled order, WIP 0, the 10 chips stay in stock; stock account 10 + 120 =
        130.00 = 10 chips x 12.00 + 2 boards x 5.00."""
        production = self._queued_order()
        self._set_company(backflush_cancel_policy="write_off")
        production.action_cancel()
        self.assertEqual(production.state, "cancel")
        line = production.backflush_line_ids.filtered(
            lambda line: line.product_id == self.chip)
        self.assertEqual((line.state, line.queued_qty), ("dropped", 0.0))
        self.assertIn("4 Unit(s) not consumed", line.reason)
        self.assertIn("dropped from the queue", self._notes(production))
        self.assertFalse(self._entries(production, "cancel"))
        self._receive(self.chip, 10, 12.0)
        production.action_backflush_retry()
        self._retry_job(production)
        self.assertEqual(self._chips_consumed(production), 0)
        self.assertEqual(self.chip.qty_available, 10)
        self.assertWipCleared(production)
        self.assertStockAccount(130.0)

    def test_retry_never_consumes_into_an_order_cancelled_with_components_queued(self):
        """An order cancelled with its chips still queued (as an earlier version of the
        addon let it be): 10 chips arrive (120.00), the hourly cron's retry job and the
        Retry button drop them, consume nothing; WIP 0, stock account 10 + 120 =
        130.00."""
        production = self._queued_order()
        production.write({"state": "cancel"})
        # the jobs' environments have a cache of their own in this test runner
        self.env(context={}).cache.invalidate()
        self._receive(self.chip, 10, 12.0)
        self._cron_retry()
        production.action_backflush_retry()
        self.assertEqual(self._chips_consumed(production), 0)
        self.assertEqual(production.backflush_line_ids.filtered(
            lambda line: line.product_id == self.chip).state, "dropped")
        self.assertWipCleared(production)
        self.assertStockAccount(130.0)
