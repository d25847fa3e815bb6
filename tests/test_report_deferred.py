# -*- coding: utf-8 -*-
"""Deferred completion reports on queue_job, in one transaction: the answer at once, the
real job (queue_job's Job, performed as the runner performs it) posting through the
ordinary path, exactly once per event id, the company setting, bad input refused at once,
and the insufficient-stock retries as jobs. Failures and concurrency, which need real
commits, are in test_report_deferred_jobs."""
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .shopfloor_common import ShopfloorCase


class TestReportDeferred(ShopfloorCase):

    def _perform(self, uuid):
        """The job as the runner's /queue_job/runjob runs it: loaded from its record and
        performed as the user who enqueued it, in an environment of its own (the job's
        context): this test's records are read again after."""
        result = Job.load(self.env, uuid).perform()
        self.env.cache.invalidate()
        return result

    def _job(self, uuid):
        return self.env["queue.job"].search([("uuid", "=", uuid)])

    def test_deferred_report_answers_at_once_and_its_job_posts_it(self):
        production = self._production(self.table, 10, self.bom)
        answer = self.env["mrp.production"].report_completion(
            production.name, 4, "EV-DEF", deferred=True)

        # answered at once: recorded, nothing posted yet
        self.assertEqual((answer["posted"], answer["queued"], answer["duplicate"]),
                         (False, True, False))
        self.assertEqual((answer["production"], answer["quantity"], answer["event_id"]),
                         (production.name, 4, "EV-DEF"))
        self.assertEqual((answer["stock_move_ids"], answer["account_move_ids"]), ([], []))
        self.assertFalse(self._done_moves(production))
        self.assertEqual(production.state, "confirmed")
        event = production.backflush_event_ids
        self.assertEqual((event.event_id, event.quantity, event.state),
                         ("EV-DEF", 4, "pending"))
        job = self._job(answer["job_uuid"])
        self.assertEqual((job.state, job.channel, event.job_id),
                         ("pending", "root.backflush", job))

        self._perform(answer["job_uuid"])
        # 4 tables: 4 x 4 = 16 legs and 4 tops backflushed, 4 tables received
        self.assertEqual(self._produced(production), 4)
        self.assertEqual(self._consumed(production, self.leg), 16)
        self.assertEqual(self._consumed(production, self.top), 4)
        self.assertEqual((self.table.qty_available, self.leg.qty_available), (4, 984))
        self.assertEqual(production.state, "progress")
        self.assertEqual(event.state, "posted")
        posted = event._result()
        self.assertEqual((posted["posted"], posted["job_uuid"]), (True, answer["job_uuid"]))
        self.assertEqual(posted["stock_move_ids"], sorted(self._done_moves(production).ids))
        # real-time valuation: one stock entry for the posting, and the costing's own
        self.assertEqual(set(posted["account_move_ids"]), set(self._entries(production).ids))
        self.assertEqual(len(self._entries(production).filtered("stock_move_id")), 1)

    def test_each_event_posts_once_however_often_sent_or_run(self):
        production = self._production(self.table, 10, self.bom)
        model = self.env["mrp.production"]
        first = model.report_completion(production.name, 4, "EV-ONCE", deferred=True)
        jobs = self.env["queue.job"].search_count([])
        again = model.report_completion(production.name, 4, "EV-ONCE", deferred=True)
        self.assertEqual((again["posted"], again["duplicate"], again["job_uuid"]),
                         (False, True, first["job_uuid"]))
        self.assertEqual(self.env["queue.job"].search_count([]), jobs)      # no new job

        self._perform(first["job_uuid"])
        self._perform(first["job_uuid"])            # run twice (a requeue): posts once
        self.assertEqual(self._produced(production), 4)
        self.assertEqual(self._consumed(production, self.leg), 16)
        # sent again, inline or deferred, once posted: the posting's result, nothing more
        late = model.report_completion(production.name, 4, "EV-ONCE")
        self.assertEqual((late["posted"], late["duplicate"]), (False, True))
        self.assertEqual(late["stock_move_ids"], sorted(self._done_moves(production).ids))
        self.assertEqual(self.env["queue.job"].search_count([]), jobs)
        self.assertEqual(self._produced(production), 4)
        self.assertEqual(len(production.backflush_event_ids), 1)

    def test_setting_is_on_the_settings_screen(self):
        settings = self.env["res.config.settings"].create({"backflush_report_deferred": True})
        settings.execute()
        self.assertTrue(self.company.backflush_report_deferred)
        view = self.env.ref("mrp_backflush.res_config_settings_view_form_backflush")
        self.assertIn('name="backflush_report_deferred"', view.arch)

    def test_company_setting_defers_and_the_argument_overrides_it(self):
        self.company.backflush_report_deferred = True
        production = self._production(self.table, 10, self.bom)
        model = self.env["mrp.production"]
        deferred = model.report_completion(production.name, 2, "EV-SET-1")
        self.assertEqual((deferred["posted"], deferred["queued"]), (False, True))
        inline = model.report_completion(production.name, 3, "EV-SET-2", deferred=False)
        self.assertEqual((inline["posted"], inline["queued"]), (True, False))
        self.assertEqual(self._produced(production), 3)
        self._perform(deferred["job_uuid"])
        self.assertEqual(self._produced(production), 5)
        self.assertEqual(self._consumed(production, self.leg), 20)            # 5 x 4

    def test_bad_input_is_refused_at_once_with_the_inline_errors(self):
        production = self._production(self.routed_table, 10, self.routed_bom)
        model = self.env["mrp.production"]
        calls = [
            lambda **kw: model.report_completion("NO/SUCH/MO", 1, "EV-BAD-1", **kw),
            lambda **kw: model.report_completion(production.name, -2, "EV-BAD-2", **kw),
            lambda **kw: model.report_completion(production.name, 1, " ", **kw),
            lambda **kw: model.report_completion(production.name, 1, "EV-BAD-3",
                                                 hours={"Paint Shop": 1.0}, **kw),
            lambda **kw: model.report_completion(production.name, 1, "EV-BAD-4",
                                                 hours={"SF Saw": -1}, **kw),
        ]
        jobs = self.env["queue.job"].search_count([])
        for call in calls:
            with self.assertRaises(UserError) as inline:
                call()
            with self.assertRaises(UserError) as deferred:
                call(deferred=True)
            self.assertEqual(deferred.exception.name, inline.exception.name)
        self.assertEqual(self.env["queue.job"].search_count([]), jobs)
        self.assertFalse(self.env["mrp.backflush.event"].search(
            [("event_id", "like", "EV-BAD")]))

    def test_hours_travel_with_the_job(self):
        production = self._production(self.routed_table, 10, self.routed_bom)
        answer = self.env["mrp.production"].report_completion(
            production.name, 4, "EV-DEF-HOURS", hours={"SF Saw": 1.5}, deferred=True)
        self._perform(answer["job_uuid"])
        saw_order = production.workorder_ids.filtered(lambda wo: wo.workcenter_id == self.saw)
        self.assertEqual(saw_order.time_ids.duration, 90.0)                  # 1.5 h
        self.assertEqual(production.workorder_ids.mapped("qty_produced"), [4, 4])
        self.assertEqual(self._consumed(production, self.leg), 16)

    def test_the_finished_lot_travels_with_the_job(self):
        lot_table = self._product("SF Lot Table", 100.0, tracking="lot")
        bom = self._bom(lot_table, [(self.leg, 4)])
        production = self._production(lot_table, 4, bom)
        answer = self.env["mrp.production"].report_completion(
            production.name, 4, "EV-DEF-LOT", lot_name="T-D", deferred=True)
        self.assertFalse(self.env["stock.production.lot"].search([("name", "=", "T-D")]))
        self._perform(answer["job_uuid"])
        lot = self.env["stock.production.lot"].search([("name", "=", "T-D")])
        self.assertEqual((lot.product_id, lot.product_qty), (lot_table, 4))
        self.assertEqual(production.state, "done")
        self.assertEqual(self._consumed(production, self.leg), 16)            # 4 x 4

    def test_a_manufacturing_user_defers_and_the_job_posts_as_that_user(self):
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "SF MES", "login": "sf-mes", "email": "sf-mes@example.com",
            "groups_id": [(6, 0, [self.env.ref("mrp.group_mrp_user").id])]})
        production = self._production(self.table, 10, self.bom)
        answer = self.env["mrp.production"].sudo(user).report_completion(
            production.name, 2, "EV-USER", deferred=True)
        event = production.backflush_event_ids.sudo(user)
        self.assertEqual((event.state, event.job_state), ("pending", "pending"))
        self.assertEqual(self._job(answer["job_uuid"]).user_id, user)
        self._perform(answer["job_uuid"])
        self.assertEqual(self._produced(production), 2)
        self.assertEqual(self._consumed(production, self.leg), 8)             # 2 x 4
        self.assertEqual(event.state, "posted")

    def test_insufficient_stock_retries_run_as_jobs(self):
        self.company.backflush_negative_policy = "queue"
        short = self._product("SF Short Leg", 3.0)
        bom = self._bom(self.table, [(short, 4)])
        self._stock(short, 10)
        production = self._production(self.table, 5, bom)
        self._report(production, 4, "EV-SHORT-Q")
        # 4 x 4 = 16 legs needed, 10 there: the finished goods are in, the legs wait
        self.assertEqual(self._produced(production), 4)
        self.assertEqual(production.backflush_queued_count, 1)
        cron = self.env.ref("mrp_backflush.ir_cron_backflush_retry")
        jobs = self.env["queue.job"].search([("method_name", "=", "_backflush_retry_job")])
        cron.method_direct_trigger()
        cron.method_direct_trigger()            # the next hour: still one waiting job
        job = self.env["queue.job"].search(
            [("method_name", "=", "_backflush_retry_job")]) - jobs
        self.assertEqual((len(job), job.record_ids, job.channel),
                         (1, production.ids, "root.backflush"))
        self._perform(job.uuid)                 # still short: still waiting
        self.assertEqual(production.backflush_queued_count, 1)
        self._stock(short, 10)
        self._perform(job.uuid)
        self.assertEqual(production.backflush_queued_count, 0)
        self.assertEqual(self._consumed(production, short), 16)
        self.assertEqual(short.qty_available, 4)                              # 20 - 16

    def test_more_than_remains_counting_reports_waiting_is_refused_at_once(self):
        """Order of 10, tolerance 0: 8 reported deferred (waiting for its job), then 8
        more is refused at once: 10 remain, 8 of them already reported, at most 10 - 8 =
        2; nothing recorded. 2 more is accepted; the jobs post 8 then 2: 10 tables,
        4 x 10 = 40 legs, the order done."""
        production = self._production(self.table, 10, self.bom)
        first = self.env["mrp.production"].report_completion(
            production.name, 8, "EV-WAIT-1", deferred=True)
        with self.assertRaises(UserError) as refusal:
            self.env["mrp.production"].report_completion(
                production.name, 8, "EV-WAIT-2", deferred=True)
        self.assertEqual(refusal.exception.name, (
            "Cannot report 8 Unit(s) done on %s: only 10 Unit(s) remain to produce, 8 "
            "Unit(s) of them reported and waiting to post (over-production tolerance 0 %%: "
            "at most 2 Unit(s)). Report at most that, or raise the tolerance in "
            "Manufacturing > Configuration > Settings > Report Completion.")
            % production.name)
        self.assertEqual(production.backflush_event_ids.mapped("event_id"), ["EV-WAIT-1"])
        # the dialog offers what no waiting report has taken: 10 remain, 2 to report
        wizard_model = self.env["mrp.report.completion"].with_context(
            active_model="mrp.production", active_ids=production.ids)
        line = wizard_model.default_get(["line_ids"])["line_ids"][0][2]
        self.assertEqual((line["remaining_qty"], line["quantity"]), (10, 2))
        last = self.env["mrp.production"].report_completion(
            production.name, 2, "EV-WAIT-3", deferred=True)
        self._perform(first["job_uuid"])
        self._perform(last["job_uuid"])
        self.assertEqual((production.state, self._produced(production),
                          self._consumed(production, self.leg)), ("done", 10, 40))
        self.assertEqual(production.backflush_event_ids.mapped("state"), ["posted", "posted"])

    def test_a_posting_on_the_screens_while_a_report_waits_is_its_own_event(self):
        """Order of 10: the MES reports 8 deferred (its job not run yet); meanwhile the
        planner records 2 with Produce and presses Post Inventory. That posting is the
        planner's (event "Post Inventory / Mark as Done", 2, posting 1); the MES event
        still waits, and its job then posts the 8 (posting 2): 10 tables, 40 legs, done."""
        production = self._production(self.table, 10, self.bom)
        answer = self.env["mrp.production"].report_completion(
            production.name, 8, "EV-BESIDE", deferred=True)
        self._produce(production, 2)
        production.post_inventory()
        events = production.backflush_event_ids.sorted("id")
        self.assertEqual([(event.source, event.quantity, event.posting, event.state)
                          for event in events],
                         [("api", 8, 0, "pending"), ("posting", 2, 1, "posted")])
        self._perform(answer["job_uuid"])
        self.assertEqual((production.state, self._produced(production),
                          self._consumed(production, self.leg)), ("done", 10, 40))
        self.assertEqual([(event.source, event.quantity, event.posting, event.state)
                          for event in events],
                         [("api", 8, 2, "posted"), ("posting", 2, 1, "posted")])
