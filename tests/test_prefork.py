# -*- coding: utf-8 -*-
"""Odoo's prefork server (``--workers 2``, how Odoo runs in production and where queue_job's
job runner lives) on Python 3.11, with the compatibility layer's setrlimit fix: started
on free ports against this test database, it completes an order over JSON-RPC, inline
and deferred (its job runner posts the deferred report), and stops cleanly on SIGTERM.

The data is committed (the server's workers are other processes) and deleted at the end.
"""
import os
import signal
import subprocess
import sys
import time
import unittest

import requests

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase, at_install, get_db_name, post_install

from .shopfloor_common import commit_order, delete_committed_order
from .test_mes_client import ADDON_ROOT, free_port

STARTUP_TIMEOUT = 120
VERSION = {"jsonrpc": "2.0", "method": "call", "params": {"service": "common",
                                                           "method": "version", "args": []}}
JOB_TIMEOUT = 120


# committed data seen by other transactions (and processes): Odoo's runner tests it
# once every module is loaded and committed, not inside the install's transaction
@at_install(False)
@post_install(True)
@unittest.skipIf(sys.version_info < (3, 7), "the MES client needs Python 3.7+")
class TestPreforkServer(TransactionCase):

    def setUp(self):
        super(TestPreforkServer, self).setUp()
        self.created = commit_order(self.registry, "SF Prefork")
        self.addCleanup(delete_committed_order, self.registry, self.created)
        self.db = get_db_name()
        self.port = free_port()
        self.log = os.path.join(odoo.tools.config["data_dir"], "prefork-test.log")
        os.makedirs(os.path.dirname(self.log), exist_ok=True)

    def _start(self):
        # the venv's launcher file (tools/devenv.py): the prefork server starts its
        # longpolling process through it
        with open(self.log, "w") as out:
            return subprocess.Popen(
                [sys.executable, os.path.join(os.path.dirname(sys.executable), "odoo"),
                 "-c", odoo.tools.config.rcfile, "--workers", "2",
                 "--http-port", str(self.port), "--http-interface", "127.0.0.1",
                 "--longpolling-port", str(free_port()), "--max-cron-threads", "0",
                 "-d", self.db, "--db-filter", "^%s$" % self.db, "--logfile", ""],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def _wait_http(self, server):
        deadline = time.time() + STARTUP_TIMEOUT
        while time.time() < deadline:
            self.assertIsNone(server.poll(), "the prefork server exited: see %s" % self.log)
            try:
                # JSON-RPC, not a page: no web assets to build (lessc)
                requests.post("http://127.0.0.1:%d/jsonrpc" % self.port, json=VERSION,
                              timeout=60)
                return
            except requests.ConnectionError:
                time.sleep(0.5)
        self.fail("the prefork server did not answer within %d s" % STARTUP_TIMEOUT)

    def _event_state(self, event_id):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["mrp.backflush.event"].search([("event_id", "=", event_id)]).state

    def _delete_jobs(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM queue_job WHERE model_name = 'mrp.backflush.event' "
                       "AND name LIKE %s", ("%%%s%%" % self.created["production_name"],))

    def _state(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            production = env["mrp.production"].browse(self.created["production"])
            finished = production.move_finished_ids.filtered(lambda m: m.state == "done")
            raw = production.move_raw_ids.filtered(lambda m: m.state == "done")
            return (sum(finished.mapped("product_qty")), sum(raw.mapped("product_qty")),
                    production.state)

    def test_workers_complete_an_order_over_json_rpc_and_stop_cleanly(self):
        sys.path.insert(0, ADDON_ROOT)
        self.addCleanup(sys.path.remove, ADDON_ROOT)
        from mes_client.client import OdooClient

        self.addCleanup(self._delete_jobs)
        server = self._start()
        try:
            self._wait_http(server)
            client = OdooClient("http://127.0.0.1:%d" % self.port, self.db, "admin", "admin")
            inline = client.report_completion(self.created["production_name"], 3, "EV-PF-1")
            self.assertEqual((inline["posted"], inline["qty_produced"]), (True, 3))
            deferred = client.report_completion(self.created["production_name"], 2,
                                                "EV-PF-2", deferred=True)
            self.assertEqual((deferred["posted"], deferred["queued"]), (False, True))
            # the job runner (a thread of the prefork server) has a worker post it
            deadline = time.time() + JOB_TIMEOUT
            while self._event_state("EV-PF-2") == "pending" and time.time() < deadline:
                time.sleep(0.5)
            self.assertEqual(self._event_state("EV-PF-2"), "posted")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                code = server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                raise
        self.assertEqual(code, 0)
        # 3 + 2 tables, 5 x 4 legs
        self.assertEqual(self._state(), (5.0, 20.0, "progress"))
        with open(self.log) as handle:
            log = handle.read()
        self.assertNotIn("Traceback", log)
        self.assertIn("starting jobrunner thread (in prefork server)", log)
        self.assertNotIn(" ERROR ", log)
