# -*- coding: utf-8 -*-
"""The quantity produced a report checks is read from its transaction's snapshot
(Odoo's cursors are REPEATABLE READ): a report whose snapshot predates another report's
commit on an order already in progress must not post past what remains."""
import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase

from .shopfloor_common import commit_order, delete_committed_order
from .test_report_completion_concurrency import RETRYABLE


class TestProducedQtyOnAStaleSnapshot(TransactionCase):

    def setUp(self):
        super(TestProducedQtyOnAStaleSnapshot, self).setUp()
        self.created = commit_order(self.registry, "SF Stale")
        self.production_id = self.created["production"]
        self.addCleanup(delete_committed_order, self.registry, self.created)

    def _state(self):
        """(finished qty received, legs consumed, event ids) as committed."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            production = env["mrp.production"].browse(self.production_id)
            finished = production.move_finished_ids.filtered(lambda m: m.state == "done")
            raw = production.move_raw_ids.filtered(lambda m: m.state == "done")
            return (sum(finished.mapped("product_qty")), sum(raw.mapped("product_qty")),
                    sorted(production.backflush_event_ids.mapped("event_id")))

    def _restore_tolerances(self, tolerances):
        with self.registry.cursor() as cr:
            for company_id, tolerance in tolerances:
                cr.execute("UPDATE res_company SET backflush_overproduction_tolerance = %s "
                           "WHERE id = %s", (tolerance, company_id))

    def _report_in(self, cr, qty, event_id):
        env = api.Environment(cr, SUPERUSER_ID, {})
        return env["mrp.production"].report_completion(self.production_id, qty, event_id)

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
