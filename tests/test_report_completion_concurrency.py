# -*- coding: utf-8 -*-
"""Concurrent completion reports on real PostgreSQL transactions: two database cursors,
real commits, one of them in a thread.

The data of these tests is committed (another transaction cannot see uncommitted rows),
in a category valued periodically so that no journal entry is made, and deleted again
at the end of each test.
"""
import threading
import time

import psycopg2
from psycopg2 import errorcodes

from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase, at_install, post_install

from .shopfloor_common import commit_order, delete_committed_order

RETRYABLE = (errorcodes.LOCK_NOT_AVAILABLE, errorcodes.SERIALIZATION_FAILURE,
             errorcodes.DEADLOCK_DETECTED)


class Report(threading.Thread):
    """report_completion in its own transaction, committed if it succeeds."""

    def __init__(self, registry, production_id, qty, event_id):
        super(Report, self).__init__()
        self.cr = registry.cursor()
        self.args = (production_id, qty, event_id)
        self.result = self.error = None

    @property
    def backend_pid(self):
        return self.cr._cnx.get_backend_pid()

    def run(self):
        with api.Environment.manage():
            try:
                env = api.Environment(self.cr, SUPERUSER_ID, {})
                self.result = env["mrp.production"].report_completion(*self.args)
                self.cr.commit()
            except Exception as error:                  # the test inspects it
                self.error = error
                self.cr.rollback()
            finally:
                self.cr.close()


# committed data seen by other transactions (and processes): Odoo's runner tests it
# once every module is loaded and committed, not inside the install's transaction
@at_install(False)
@post_install(True)
class TestReportConcurrency(TransactionCase):

    def setUp(self):
        super(TestReportConcurrency, self).setUp()
        self.created = commit_order(self.registry, "SF Conc")
        self.production_id = self.created["production"]
        self.addCleanup(delete_committed_order, self.registry, self.created)

    # helpers ----------------------------------------------------------------
    def _wait_until_blocked(self, report, timeout=20.0):
        """Until ``report``'s transaction waits for a lock held by another one."""
        deadline = time.time() + timeout
        with self.registry.cursor() as cr:
            while time.time() < deadline:
                cr.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                           (report.backend_pid,))
                row = cr.fetchone()
                if row and row[0] == "Lock":
                    return
                if not report.is_alive():
                    self.fail("the second report finished without waiting: %r"
                              % (report.error or report.result))
                time.sleep(0.05)
        self.fail("the second report never waited for the first one")

    def _state(self):
        """(finished qty received, legs consumed, event ids) as committed."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            production = env["mrp.production"].browse(self.production_id)
            finished = production.move_finished_ids.filtered(lambda m: m.state == "done")
            raw = production.move_raw_ids.filtered(lambda m: m.state == "done")
            return (sum(finished.mapped("product_qty")), sum(raw.mapped("product_qty")),
                    sorted(production.backflush_event_ids.mapped("event_id")))

    def _report_in(self, cr, qty, event_id):
        env = api.Environment(cr, SUPERUSER_ID, {})
        return env["mrp.production"].report_completion(self.production_id, qty, event_id)

    def _restore_tolerances(self, tolerances):
        with self.registry.cursor() as cr:
            for company_id, tolerance in tolerances:
                cr.execute("UPDATE res_company SET backflush_overproduction_tolerance = %s "
                           "WHERE id = %s", (tolerance, company_id))

    # tests ------------------------------------------------------------------
    def test_same_event_twice_at_once_posts_once(self):
        first_cr = self.registry.cursor()
        try:
            first = self._report_in(first_cr, 3, "EV-RACE")     # posted, not committed
            second = Report(self.registry, self.production_id, 3, "EV-RACE")
            second.start()
            # the second report's insert of the same event id waits on the unique index
            self._wait_until_blocked(second)
            first_cr.commit()
        finally:
            first_cr.close()
        second.join(30)
        self.assertIsNone(second.error)
        self.assertEqual((second.result["posted"], second.result["duplicate"]), (False, True))
        self.assertEqual(second.result["stock_move_ids"], first["stock_move_ids"])
        self.assertEqual(self._state(), (3.0, 12.0, ["EV-RACE"]))

    def test_two_events_on_one_order_at_once_one_is_retryable(self):
        first_cr = self.registry.cursor()
        try:
            self._report_in(first_cr, 3, "EV-A")                 # holds the order
            second = Report(self.registry, self.production_id, 4, "EV-B")
            second.start()
            second.join(30)
            first_cr.commit()
        finally:
            first_cr.close()
        # refused at once with PostgreSQL's "lock not available": retry, as RPC does
        self.assertIsInstance(second.error, psycopg2.OperationalError)
        self.assertEqual(second.error.pgcode, errorcodes.LOCK_NOT_AVAILABLE)
        self.assertEqual(self._state(), (3.0, 12.0, ["EV-A"]))
        retry = Report(self.registry, self.production_id, 4, "EV-B")
        retry.run()
        self.assertIsNone(retry.error)
        self.assertEqual(self._state(), (7.0, 28.0, ["EV-A", "EV-B"]))

    def test_report_on_a_stale_snapshot_is_a_serialization_failure(self):
        stale_cr = self.registry.cursor()
        try:
            stale_cr.execute("SELECT 1")             # its snapshot is taken here
            with self.registry.cursor() as cr:
                self._report_in(cr, 3, "EV-FIRST")
            with self.assertRaises(psycopg2.OperationalError) as error:
                self._report_in(stale_cr, 4, "EV-STALE")
            self.assertIn(error.exception.pgcode, RETRYABLE)
            stale_cr.rollback()
        finally:
            stale_cr.close()
        self.assertEqual(self._state(), (3.0, 12.0, ["EV-FIRST"]))

    def test_simultaneous_reports_all_post_after_retries(self):
        reports = [Report(self.registry, self.production_id, qty, "EV-SIM-%s" % qty)
                   for qty in (2, 5)]
        for report in reports:
            report.start()
        for report in reports:
            report.join(60)
        for report in reports:
            if report.error is not None:
                self.assertIn(getattr(report.error, "pgcode", None), RETRYABLE)
                retry = Report(self.registry, self.production_id, *report.args[1:])
                retry.run()
                self.assertIsNone(retry.error)
        self.assertEqual(self._state(), (7.0, 28.0, ["EV-SIM-2", "EV-SIM-5"]))

    def test_stale_snapshot_on_an_order_in_progress_does_not_over_produce(self):
        """Order of 10 tables (no tolerance), 2 reported and committed: in progress.
        Transaction B takes its snapshot (2 produced). A reports 5 and commits: 7
        produced, 3 remain. B reports 6: by hand 10 - 7 = 3 < 6, so B must fail (a
        retryable serialization failure or lock error, or the over-production refusal);
        in no case 2 + 5 + 6 = 13 tables (52 legs) posted on an order of 10."""
        with self.registry.cursor() as cr:
            cr.execute("SELECT id, backflush_overproduction_tolerance FROM res_company")
            tolerances = cr.fetchall()
            cr.execute("UPDATE res_company SET backflush_overproduction_tolerance = 0")
        self.addCleanup(self._restore_tolerances, tolerances)
        with self.registry.cursor() as cr:
            self._report_in(cr, 2, "EV-RR-0")
        stale_cr = self.registry.cursor()
        try:
            stale_cr.execute("SELECT 1")             # B's snapshot is taken here
            with self.registry.cursor() as cr:
                self._report_in(cr, 5, "EV-RR-A")
            try:
                self._report_in(stale_cr, 6, "EV-RR-B")
                stale_cr.commit()
            except psycopg2.OperationalError as error:
                self.assertIn(error.pgcode, RETRYABLE)
                stale_cr.rollback()
            except Exception:                       # the refusal (UserError)
                stale_cr.rollback()
        finally:
            stale_cr.close()
        self.assertEqual(self._state(), (7.0, 28.0, ["EV-RR-0", "EV-RR-A"]))
