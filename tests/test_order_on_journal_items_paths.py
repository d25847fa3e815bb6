# -*- coding: utf-8 -*-
"""Issue 18 section 3 on the paths test_order_on_journal_items does not walk: every
journal item of an order's entries carries it (``manufacture_order_id``) when the order
is made through its work orders, by deferred report_completion alone, and when a
component queued at a posting is posted later by the queue's retry (button and job).

Table: standard 35.00 = 4 legs x 3.00 (At MO completion, given to the last work order)
+ 1 top x 20.00 (At operation completion, at Cut) + 3.00 (the standard is 3.00 above
the cost: a favourable revision variance of 3.00 a table); routing Cut then Assemble, no
cost pool (no conversion)."""
from odoo.addons.queue_job.job import Job

from . import test_order_on_journal_items as moline
from .numbers_common import NumbersCase


class TestOrderOnJournalItemsOfEveryPath(NumbersCase):

    # read as test_order_on_journal_items reads them (not through the new field)
    _order_items = moline.TestOrderOnJournalItems._order_items
    _carried = moline.TestOrderOnJournalItems._carried
    assertEveryItemCarries = moline.TestOrderOnJournalItems.assertEveryItemCarries

    @classmethod
    def setUpClass(cls):
        super(TestOrderOnJournalItemsOfEveryPath, cls).setUpClass()
        saw = cls._workcenter("MLP Saw")
        bench = cls._workcenter("MLP Bench")
        cls.routing = cls._routing("MLP", [(saw, 6.0), (bench, 12.0)])
        cut, _assemble = cls.routing.operation_ids.sorted("sequence")
        cls.leg = cls._product("MLP Leg", 3.0)
        cls.top = cls._product("MLP Top", 20.0)
        cls.table = cls._product("MLP Table", 35.0)
        cls.bom = cls._bom(cls.table, [
            (cls.leg, 4),
            (cls.top, 1, {"operation_id": cut.id, "backflush_policy": "operation"})],
            routing=cls.routing)
        cls._stock(cls.leg, 1000)
        cls._stock(cls.top, 1000)
        cls.variance = cls.company.backflush_variance_account_id

    def _wip_of(self, production):
        return round(sum(self._carried(production).filtered(
            lambda line: line.account_id == self.wip).mapped("balance")), 2)

    def _variance_of(self, production):
        return round(sum(self._carried(production).filtered(
            lambda line: line.account_id == self.variance).mapped("balance")), 2)

    def _perform(self, uuid):
        Job.load(self.env, uuid).perform()
        self.env.cache.invalidate()

    def test_work_orders_in_two_parts(self):
        """Order of 10 tables planned. Cut records 4: 4 tops at the work order, 80.00 Dr
        WIP / Cr Stock in the Backflush journal, its items carrying the order; Assemble
        records 4, Post Inventory: 16 legs (48.00), 4 tables at 35.00 (140.00),
        revision variance 80 + 48 - 140 = -12.00. Cut then Assemble record 6, Mark as
        Done: 6 tops (120.00), 24 legs (72.00), 6 tables (210.00), variance -18.00.
        Every item carries the order; WIP from the field alone 0, variance -30.00."""
        production = self._production(self.table, 10, self.bom)
        production.button_plan()
        cut = self._workorder(production, "MLP 0")
        assemble = self._workorder(production, "MLP 1")
        self._record(cut, 4)
        self.assertEqual(self._wip_of(production), 80.0)
        # the work order's components go through the posting's steps: its entry's
        # components are typed as a posting's
        self.assertEveryItemCarries(production, {"component"})
        self._record(assemble, 4)
        production.post_inventory()
        self.assertEqual(self._wip_of(production), 0.0)
        self.assertEqual(self._variance_of(production), -12.0)
        self._record(cut, 6)
        self._record(assemble, 6)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEveryItemCarries(production, {"component", "finished", "variance"})
        self.assertEqual(self._wip_of(production), 0.0)
        self.assertEqual(self._variance_of(production), -30.0)

    def test_deferred_report_completion_in_two_parts(self):
        """report_completion(deferred=True) of 4 then of 6, each posted by its queue job
        (the work orders catch up): 10 tops (200.00), 40 legs (120.00), 10 tables
        (350.00), variance -12.00 then -18.00. Every item carries the order; WIP 0."""
        production = self._production(self.table, 10, self.bom)
        report = self.env["mrp.production"].report_completion
        for qty, event in ((4, "EV-MLP-1"), (6, "EV-MLP-2")):
            self._perform(report(production.name, qty, event, deferred=True)["job_uuid"])
        self.assertEqual(production.state, "done")
        self.assertEveryItemCarries(production, {"component", "finished", "variance"})
        self.assertEqual(self._wip_of(production), 0.0)
        self.assertEqual(self._variance_of(production), -30.0)

    def test_queued_components_posted_by_retry(self):
        """Queue policy (settings form). A stool (standard 9.00) of 3 short legs (3.00), 10
        in stock; an order of 10 stools. report_completion of 4: 12 legs needed, 10 on
        hand: queued; 4 stools received at 36.00 (Cr WIP 36), the WIP's rest cleared
        as a favourable Material usage variance of 36.00. 10 legs arrive (20); the hourly
        cron's retry job consumes the 12 (36.00 Dr WIP, held for the next posting), 8
        left. Deferred report_completion of the 6 left, its job: 18 legs needed, 8 on
        hand, queued; 6 stools received at 54.00, the rest 36 - 54 = -18.00 a usage
        variance; the order done. 10 legs arrive (18); Retry (the button) consumes the
        18 into the done order (54.00 Dr WIP), cleared at once to Material usage. Every
        item of the order's entries, the retries' included, carries it; WIP 0, usage
        variance -36 - 18 + 54 = 0."""
        self._set_company(backflush_negative_policy="queue")
        short = self._product("MLP Short Leg", 3.0)
        stool = self._product("MLP Stool", 9.0)
        bom = self._bom(stool, [(short, 3)])
        self._stock(short, 10)
        production = self._production(stool, 10, bom)
        report = self.env["mrp.production"].report_completion
        report(production.name, 4, "EV-MLP-Q1")
        self.assertEqual(production.backflush_queued_count, 1)
        self.assertEqual((self._wip_of(production), self._variance_of(production)),
                         (0.0, -36.0))
        self._stock(short, 10)
        self._cron_retry()
        self.assertEqual((production.backflush_queued_count, short.qty_available), (0, 8))
        self.assertEqual(self._wip_of(production), 36.0)
        self._perform(report(production.name, 6, "EV-MLP-Q2", deferred=True)["job_uuid"])
        self.assertEqual(production.state, "done")
        self.assertEqual(production.backflush_queued_count, 1)
        self.assertEqual((self._wip_of(production), self._variance_of(production)),
                         (0.0, -54.0))
        self._stock(short, 10)
        production.action_backflush_retry()
        self.assertEqual((production.backflush_queued_count, short.qty_available), (0, 0))
        consumed = production.move_raw_ids.filtered(lambda move: move.state == "done")
        self.assertEqual(sum(consumed.mapped("product_qty")), 30.0)
        # the retries' valuation entries are typed by no posting
        self.assertEveryItemCarries(production, {"finished", "variance", "after_completion"})
        self.assertEqual(self._wip_of(production), 0.0)
        self.assertEqual(self._variance_of(production), 0.0)
