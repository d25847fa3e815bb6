# -*- coding: utf-8 -*-
"""Deferred completion jobs on real PostgreSQL transactions, as queue_job's runner runs
them (each job in a transaction of its own, committed when it succeeds): a business
failure fails the job with Odoo's message and posts nothing, and Post Again runs it once
the cause is fixed; the jobs of one order run one at a time in the order reported, a busy
order is retried with backoff, and the jobs of different orders do not wait for each
other.

The data is committed (in a category valued periodically: no journal entries) and deleted
at the end of each test, as in test_report_completion_concurrency.
"""
import traceback

from odoo import SUPERUSER_ID, api
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.job import FAILED, PENDING, Job
from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase, at_install, post_install

from ..models.queue_job_retry import MAX_RETRIES
from .shopfloor_common import commit_order, delete_committed_order


# committed data seen by other transactions (and processes): Odoo's runner tests it
# once every module is loaded and committed, not inside the install's transaction
@at_install(False)
@post_install(True)
class TestDeferredJobs(TransactionCase):

    def setUp(self):
        super(TestDeferredJobs, self).setUp()
        self.uuids = []
        self.created = self._commit_order("SF Job A")

    def _commit_order(self, name):
        created = commit_order(self.registry, name)
        self.addCleanup(delete_committed_order, self.registry, created)
        return created

    def tearDown(self):
        with self.registry.cursor() as cr:
            if self.uuids:
                cr.execute("DELETE FROM queue_job WHERE uuid IN %s", (tuple(self.uuids),))
        super(TestDeferredJobs, self).tearDown()

    # helpers ----------------------------------------------------------------
    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _report(self, qty, event_id, created=None):
        """A deferred report, committed, as over RPC."""
        with api.Environment.manage(), self.registry.cursor() as cr:
            answer = self._env(cr)["mrp.production"].report_completion(
                (created or self.created)["production"], qty, event_id, deferred=True)
        self.uuids.append(answer["job_uuid"])
        return answer

    def _run(self, uuid, cr=None):
        """Perform the job as queue_job's /queue_job/runjob does: in its own transaction,
        committed if it succeeds; rolled back if it raises, then postponed (retryable) or
        failed with the traceback in a new transaction. Returns the error, if any. With
        ``cr``: performed on that cursor, left uncommitted."""
        if cr is not None:
            Job.load(self._env(cr), uuid).perform()
            return None
        with api.Environment.manage():
            with self.registry.cursor() as cr:
                job = Job.load(self._env(cr), uuid)
                try:
                    job.perform()
                    job.set_done()
                    job.store()
                    return None
                except Exception as error:           # what the runner records
                    cr.rollback()
                    failure, trace = error, traceback.format_exc()
            with self.registry.cursor() as cr:
                job.env = self._env(cr)
                if isinstance(failure, RetryableJobError):
                    job.postpone(result=str(failure), seconds=failure.seconds)
                    job.set_pending(reset_retry=False)
                else:
                    job.set_failed(exc_info=trace)
                job.store()
            return failure

    def _job(self, uuid):
        with self.registry.cursor() as cr:
            job = self._env(cr)["queue.job"].search([("uuid", "=", uuid)])
            return job.state, job.retry, job.eta, job.date_created

    def _run_while_locked(self, uuid):
        """``_run`` while another transaction holds the order's lock (its posting);
        the error, if any."""
        holder = self.registry.cursor()
        try:
            self._env(holder)["mrp.production"].browse(self.created["production"])\
                ._completion_lock()
            return self._run(uuid)
        finally:
            holder.rollback()
            holder.close()

    def _event(self, event_id, created=None):
        with self.registry.cursor() as cr:
            event = self._env(cr)["mrp.backflush.event"].search(
                [("event_id", "=", event_id),
                 ("production_id", "=", (created or self.created)["production"])])
            return event.state, event.failure

    def _state(self, created=None):
        """(tables received, legs consumed, order state) as committed."""
        with self.registry.cursor() as cr:
            production = self._env(cr)["mrp.production"].browse(
                (created or self.created)["production"])
            finished = production.move_finished_ids.filtered(lambda m: m.state == "done")
            raw = production.move_raw_ids.filtered(lambda m: m.state == "done")
            return (sum(finished.mapped("product_qty")), sum(raw.mapped("product_qty")),
                    production.state)

    def _legs(self, qty):
        """Add ``qty`` legs (negative: take them) in WH/Stock, committed."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            leg = env["product.product"].browse(self.created["products"][1])
            env["stock.quant"]._update_available_quantity(
                leg, env.ref("stock.stock_location_stock"), qty)

    def _set_policy(self, policy):
        with self.registry.cursor() as cr:
            company = self._env(cr).ref("base.main_company")
            previous, company.backflush_negative_policy = (
                company.backflush_negative_policy, policy)
        return previous

    # tests ------------------------------------------------------------------
    def test_business_failure_fails_the_job_posts_nothing_and_runs_again(self):
        self.addCleanup(self._set_policy, self._set_policy("block"))
        self._legs(-980)                                    # 20 legs left, 40 needed
        answer = self._report(10, "EV-FAIL")
        error = self._run(answer["job_uuid"])

        self.assertIsInstance(error, UserError)
        message = error.name
        self.assertIn("Not enough stock to backflush %s" % self.created["production_name"],
                      message)
        self.assertEqual(self._job(answer["job_uuid"])[0], FAILED)
        self.assertEqual(self._event("EV-FAIL"), ("failed", message))
        self.assertEqual(self._state(), (0.0, 0.0, "confirmed"))      # nothing posted
        # the MES resends it: the first answer, and what became of it
        again = self._report(10, "EV-FAIL")
        self.assertEqual((again["duplicate"], again["posted"], again["job_uuid"],
                          again["event_state"], again["failure"]),
                         (True, False, answer["job_uuid"], "failed", message))
        with self.registry.cursor() as cr:
            production = self._env(cr)["mrp.production"].browse(self.created["production"])
            self.assertIn(message.split("\n")[0], production.message_ids[0].body)
            # quantities as Odoo formats them, not "10.0 Unit(s)"
            self.assertIn("Completion event EV-FAIL (10 Unit(s)) could not be posted: ",
                          production.message_ids[0].body)

        self._legs(30)                                      # the cause fixed: 50 legs
        with self.registry.cursor() as cr:
            event = self._env(cr)["mrp.backflush.event"].search(
                [("event_id", "=", "EV-FAIL")])
            event.action_post_again()
        self.assertEqual(self._job(answer["job_uuid"])[0], PENDING)
        self.assertEqual(self._event("EV-FAIL"), ("pending", False))
        self.assertIsNone(self._run(answer["job_uuid"]))
        self.assertEqual(self._state(), (10.0, 40.0, "done"))          # 10 x 4 legs
        self.assertEqual(self._event("EV-FAIL"), ("posted", False))
        again = self._report(10, "EV-FAIL")
        self.assertEqual((again["duplicate"], again["posted"], again["event_state"],
                          again["failure"]), (True, False, "posted", False))
        with self.registry.cursor() as cr:
            job = self._env(cr)["queue.job"].search([("uuid", "=", answer["job_uuid"])])
            self.assertEqual(job.result, "Posted 10 Unit(s) of %s."
                             % self.created["production_name"])

    def test_jobs_of_one_order_run_one_at_a_time_in_report_order(self):
        first = self._report(3, "EV-SEQ-1")
        second = self._report(4, "EV-SEQ-2")

        # the second event waits for the first one, without using up its retries
        error = self._run(second["job_uuid"])
        self.assertIsInstance(error, RetryableJobError)
        self.assertIn("Waits for completion event EV-SEQ-1", str(error))
        self.assertEqual(self._job(second["job_uuid"])[:2], (PENDING, 0))

        # the order is being posted by another transaction: lock not available, retried
        # after the retry pattern's first delay (1 s)
        error = self._run_while_locked(first["job_uuid"])
        self.assertIsInstance(error, RetryableJobError)
        self.assertIn("being posted by another transaction", str(error))
        state, retry, eta, _created = self._job(first["job_uuid"])
        self.assertEqual((state, retry), (PENDING, 1))
        self.assertTrue(eta)
        self.assertEqual(self._state(), (0.0, 0.0, "confirmed"))

        self.assertIsNone(self._run(first["job_uuid"]))
        self.assertIsNone(self._run(second["job_uuid"]))
        # 3 + 4 = 7 tables, 7 x 4 = 28 legs
        self.assertEqual(self._state(), (7.0, 28.0, "progress"))
        self.assertEqual(self._event("EV-SEQ-1")[0], "posted")
        self.assertEqual(self._event("EV-SEQ-2")[0], "posted")

    def test_jobs_of_different_orders_do_not_wait_for_each_other(self):
        other = self._commit_order("SF Job B")
        on_a = self._report(3, "EV-PAR-A")
        on_b = self._report(5, "EV-PAR-B", created=other)
        running = self.registry.cursor()
        try:
            self._run(on_a["job_uuid"], cr=running)          # A posted, not committed yet
            self.assertIsNone(self._run(on_b["job_uuid"]))   # B posts meanwhile
            self.assertEqual(self._state(other), (5.0, 20.0, "progress"))
            running.commit()
        finally:
            running.close()
        self.assertEqual(self._state(), (3.0, 12.0, "progress"))

    def test_a_job_out_of_tries_fails_its_event_and_post_again_runs_it(self):
        """A report of 10 whose order stays busy: its job has lost 19 of its 20 tries
        to the order's lock, and the 20th meets the lock too. The job is Failed (queue_job:
        "Max. retries (20) reached"); the event must say so too (Failed, with that
        message, on the order's chatter, Post Again offered), not wait to post for ever.
        Nothing posted (0 tables, 0 legs); Post Again then posts 10 tables, 10 x 4 = 40
        legs, once."""
        answer = self._report(10, "EV-TRIES")
        with self.registry.cursor() as cr:
            cr.execute("UPDATE queue_job SET retry = %s WHERE uuid = %s",
                       (MAX_RETRIES - 1, answer["job_uuid"]))
        error = self._run_while_locked(answer["job_uuid"])
        self.assertIsInstance(error, FailedJobError)
        self.assertEqual(self._job(answer["job_uuid"])[0], FAILED)
        state, failure = self._event("EV-TRIES")
        message = ("Max. retries (20) reached: Manufacturing order %s is being posted by "
                   "another transaction: " % self.created["production_name"])
        self.assertEqual(state, "failed")
        self.assertTrue(failure.startswith(message), failure)
        self.assertEqual(self._state(), (0.0, 0.0, "confirmed"))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            production = env["mrp.production"].browse(self.created["production"])
            self.assertIn("Completion event EV-TRIES (10 Unit(s)) could not be posted: "
                          + message, production.message_ids[0].body)
            env["mrp.backflush.event"].search([("event_id", "=", "EV-TRIES")])\
                .action_post_again()
        self.assertEqual(self._event("EV-TRIES"), ("pending", False))
        self.assertIsNone(self._run(answer["job_uuid"]))
        self.assertEqual(self._state(), (10.0, 40.0, "done"))
        self.assertEqual(self._event("EV-TRIES"), ("posted", False))
