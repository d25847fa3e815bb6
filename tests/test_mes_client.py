# -*- coding: utf-8 -*-
"""The MES client (mes_client/) against a real Odoo: an HTTP server that the test starts
in this process, serving Odoo's WSGI application, reached over JSON-RPC (/jsonrpc) by the
client, both as the `python -m mes_client` command and as a library.

As Odoo 11's HttpCase does, the registry is put in test mode: every request of the
server runs on one test cursor, rolled back at the end of the test. The data the server
must see is created on that cursor (``_env``), not on the test's own ``self.env``.
(HttpCase itself is not used: pytest-odoo skips it unless --odoo-http, which on Odoo 11
starts no HTTP server anyway.)
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
import xmlrpc.client
from contextlib import contextmanager

import werkzeug.serving

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.addons.queue_job.job import Job
from odoo.tests.common import TransactionCase, at_install, get_db_name, post_install

from .shopfloor_common import commit_order, delete_committed_order

ADDON_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "mes-secret"


def serve(port=0):
    """Odoo's WSGI application on 127.0.0.1:``port`` (0: any free port), threaded."""
    server = werkzeug.serving.make_server(
        "127.0.0.1", port, odoo.service.wsgi_server.application, threaded=True)
    threading.Thread(target=server.serve_forever, name="mes-test-http", daemon=True).start()
    return server


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# committed data seen by other transactions (and processes): Odoo's runner tests it
# once every module is loaded and committed, not inside the install's transaction
@at_install(False)
@post_install(True)
@unittest.skipIf(sys.version_info < (3, 7), "the MES client needs Python 3.7+")
class MesServerCase(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super(MesServerCase, cls).setUpClass()
        cls.server = serve()
        cls.url = "http://127.0.0.1:%d" % cls.server.server_port
        cls.db = get_db_name()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super(MesServerCase, cls).tearDownClass()

    def setUp(self):
        super(MesServerCase, self).setUp()
        self.registry.enter_test_mode()
        self.addCleanup(self.registry.leave_test_mode)

    @contextmanager
    def _env(self):
        """An environment on the test cursor that the server's requests use."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.clear()       # what the server did since is not in this env's cache
            yield env

    def _mes_user(self, env):
        # Odoo 11 writes chatter as the user: a user without email cannot change an order
        return env["res.users"].with_context(no_reset_password=True).create({
            # not the demo's `mes` (Odoo's runner tests on a database with demo data)
            "name": "MES", "login": "mes_operator", "password": PASSWORD,
            "email": "mes@example.com",
            "groups_id": [(6, 0, [env.ref("mrp.group_mrp_user").id])]})


class TestMesClient(MesServerCase):

    def setUp(self):
        super(TestMesClient, self).setUp()
        with self._env() as env:
            self._mes_user(env)
            uom = env.ref("product.product_uom_unit")
            product_vals = {"type": "product", "uom_id": uom.id, "uom_po_id": uom.id}
            table = env["product.product"].create(dict(product_vals, name="MES Table"))
            leg = env["product.product"].create(dict(product_vals, name="MES Leg"))
            saw = env["mrp.workcenter"].create({"name": "MES Saw"})
            routing = env["mrp.routing"].create({"name": "MES Routing", "operation_ids": [
                (0, 0, {"name": "Cut", "workcenter_id": saw.id, "time_cycle_manual": 6})]})
            bom = env["mrp.bom"].create({
                "product_tmpl_id": table.product_tmpl_id.id, "product_qty": 1.0,
                "product_uom_id": uom.id, "routing_id": routing.id,
                "bom_line_ids": [(0, 0, {"product_id": leg.id, "product_qty": 4.0,
                                         "product_uom_id": uom.id})]})
            env["stock.quant"]._update_available_quantity(
                leg, env.ref("stock.stock_location_stock"), 1000)
            orders = env["mrp.production"]
            for qty in (10.0, 5.0):
                orders |= orders.create({"product_id": table.id, "product_qty": qty,
                                         "product_uom_id": uom.id, "bom_id": bom.id})
            self.order_a, self.order_b = orders.mapped("name")
            self.table_id, self.leg_id = table.id, leg.id

    def _run_client(self, content, suffix, *options, password=PASSWORD):
        """`python -m mes_client` on a file of ``content``; (exit code, output, results)."""
        with tempfile.TemporaryDirectory() as folder:
            events = os.path.join(folder, "events" + suffix)
            results = os.path.join(folder, "results.jsonl")
            with open(events, "w") as handle:
                handle.write(content)
            process = subprocess.run(
                [sys.executable, "-m", "mes_client", events, "--url", self.url, "--db",
                 self.db, "--login", "mes_operator", "--backoff", "0.05", "--results", results]
                + list(options),
                cwd=ADDON_ROOT, env=dict(os.environ, MES_ODOO_PASSWORD=password),
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                timeout=120)
            lines = []
            if os.path.exists(results):
                with open(results) as handle:
                    lines = [json.loads(line) for line in handle]
        return process.returncode, process.stdout, lines

    def _order(self, env, name):
        return env["mrp.production"].search([("name", "=", name)])

    def test_csv_events_posted_once_with_progress_and_summary(self):
        code, output, results = self._run_client(
            "production,quantity,event_id,hours\n"
            "%(a)s,4,EV-CLI-1,\n"
            "%(b)s,5,EV-CLI-2,MES Saw=1.5\n"
            "%(a)s,4,EV-CLI-1,\n" % {"a": self.order_a, "b": self.order_b}, ".csv")
        self.assertEqual(code, 0, output)
        self.assertIn("[2/3] EV-CLI-2: %s x 5" % self.order_b, output)
        self.assertIn("already reported (first result returned, nothing posted)", output)
        self.assertTrue(output.rstrip().endswith(
            "3 events: 2 posted, 1 already reported, 0 failed"), output)
        self.assertEqual([bool(line["result"]["duplicate"]) for line in results],
                         [False, False, True])
        self.assertEqual(results[2]["result"]["stock_move_ids"],
                         results[0]["result"]["stock_move_ids"])
        with self._env() as env:
            order_a, order_b = self._order(env, self.order_a), self._order(env, self.order_b)
            self.assertEqual(order_a.state, "progress")
            self.assertEqual(sum(order_a.move_finished_ids.filtered(
                lambda move: move.state == "done").mapped("product_qty")), 4)
            self.assertEqual(order_b.state, "done")
            self.assertEqual(order_b.workorder_ids.time_ids.duration, 90.0)
            self.assertEqual(order_b.workorder_ids.time_ids.user_id.login, "mes_operator")
            self.assertEqual(env["product.product"].browse(self.leg_id).qty_available,
                             1000 - 4 * 4 - 5 * 4)
            self.assertEqual(len(order_a.backflush_event_ids), 1)

    def test_deferred_events_are_queued_and_their_jobs_post_them(self):
        """--deferred: each event recorded and answered at once with its job (nothing
        posted yet, the duplicate answered with the first job); the jobs, run as the
        runner runs them, post 4 tables on A (4 x 4 = 16 legs) and 5 on B, which is then
        done (5 x 4 = 20 legs, 1.5 h = 90 min on the saw): 1000 - 16 - 20 = 964 legs."""
        code, output, results = self._run_client(
            "production,quantity,event_id,hours\n"
            "%(a)s,4,EV-DEF-1,\n"
            "%(b)s,5,EV-DEF-2,MES Saw=1.5\n"
            "%(a)s,4,EV-DEF-1,\n" % {"a": self.order_a, "b": self.order_b}, ".csv",
            "--deferred")
        self.assertEqual(code, 0, output)
        answers = [line["result"] for line in results]
        self.assertEqual([(a["posted"], a["queued"], a["duplicate"]) for a in answers],
                         [(False, True, False), (False, True, False), (False, True, True)])
        uuids = [answer["job_uuid"] for answer in answers]
        self.assertEqual(uuids[2], uuids[0])
        self.assertIn("queued: %s, job %s posts it" % (self.order_a, uuids[0]), output)
        self.assertIn("queued: %s, job %s posts it" % (self.order_b, uuids[1]), output)
        self.assertTrue(output.rstrip().endswith(
            "3 events: 0 posted, 2 queued, 1 already reported, 0 failed"), output)
        with self._env() as env:
            order_a, order_b = self._order(env, self.order_a), self._order(env, self.order_b)
            self.assertEqual((order_a.state, order_b.state), ("confirmed", "confirmed"))
            self.assertEqual((order_a | order_b).mapped("backflush_event_ids.state"),
                             ["pending", "pending"])
            for uuid in uuids[:2]:
                Job.load(env, uuid).perform()
            env.cache.invalidate()
            self.assertEqual(sum(order_a.move_finished_ids.filtered(
                lambda move: move.state == "done").mapped("product_qty")), 4)
            self.assertEqual((order_a.state, order_b.state), ("progress", "done"))
            self.assertEqual(order_b.workorder_ids.time_ids.duration, 90.0)
            self.assertEqual(env["product.product"].browse(self.leg_id).qty_available, 964)
            self.assertEqual((order_a | order_b).mapped("backflush_event_ids.state"),
                             ["posted", "posted"])

    def test_a_resent_event_whose_background_posting_failed_counts_as_failed(self):
        """EV-DEF-F sent --deferred, its job set to done by hand before it ran (nothing
        posted: the event fails); sent again, the client says it failed and why, counts
        it failed and exits 1."""
        content = "production,quantity,event_id\n%s,4,EV-DEF-F\n" % self.order_a
        code, output, results = self._run_client(content, ".csv", "--deferred")
        self.assertEqual(code, 0, output)
        with self._env() as env:
            env["queue.job"].search(
                [("uuid", "=", results[0]["result"]["job_uuid"])]).button_done()
        code, output, results = self._run_client(content, ".csv", "--deferred")
        self.assertEqual(code, 1, output)
        self.assertIn("already reported, its background posting FAILED: Its job was set to "
                      "done without posting it", output)
        self.assertEqual((results[0]["result"]["duplicate"],
                          results[0]["result"]["event_state"]), (True, "failed"))
        self.assertTrue(output.rstrip().endswith(
            "1 events: 0 posted, 0 already reported, 1 failed"), output)

    def test_failed_events_are_counted_and_the_exit_code_is_not_zero(self):
        code, output, results = self._run_client(
            '{"production": "NO/SUCH/MO", "quantity": 1, "event_id": "EV-JL-1"}\n'
            'not json\n'
            '{"production": "%(a)s", "quantity": 2, "event_id": "EV-JL-2"}\n'
            '{"production": "%(a)s", "quantity": 0, "event_id": "EV-JL-3"}\n'
            % {"a": self.order_a}, ".jsonl")
        self.assertEqual(code, 1, output)
        self.assertIn("FAILED: Manufacturing order NO/SUCH/MO not found.", output)
        self.assertIn("[2/4] unreadable event, line 2: not JSON", output)
        self.assertIn("FAILED: The quantity reported on %s must be a positive number, not "
                      "0 Unit(s)." % self.order_a, output)
        self.assertTrue(output.rstrip().endswith(
            "4 events: 1 posted, 0 already reported, 3 failed"), output)
        self.assertEqual([sorted(line) for line in results],
                         [["error", "event_id"], ["error"], ["event_id", "result"],
                          ["error", "event_id"]])
        with self._env() as env:
            order_a = self._order(env, self.order_a)
            self.assertEqual(order_a.backflush_event_ids.mapped("event_id"), ["EV-JL-2"])

    def test_wrong_password_stops_before_sending(self):
        code, output, results = self._run_client(
            "production,quantity,event_id\n%s,1,EV-PWD\n" % self.order_a, ".csv",
            password="wrong")
        self.assertEqual(code, 2, output)
        self.assertIn("login failed: login 'mes_operator' refused by database", output)
        self.assertEqual(results, [])

    def test_report_completion_over_xmlrpc_too(self):
        """execute_kw over XML-RPC: the result holds no None (XML-RPC cannot carry it)."""
        common = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common")
        uid = common.login(self.db, "mes_operator", PASSWORD)
        models = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/object")
        result = models.execute_kw(self.db, uid, PASSWORD, "mrp.production",
                                   "report_completion", [self.order_a, 2, "EV-XML"],
                                   {"hours": {"MES Saw": 0.5}})
        self.assertEqual((result["production"], result["quantity"], result["posted"],
                          result["event_id"]), (self.order_a, 2, True, "EV-XML"))
        self.assertEqual(len(result["stock_move_ids"]), 2)
        self.assertEqual(len(result["time_log_ids"]), 1)
        again = models.execute_kw(self.db, uid, PASSWORD, "mrp.production",
                                  "report_completion", [self.order_a, 2, "EV-XML"])
        self.assertEqual((again["posted"], again["duplicate"]), (False, True))

    def test_connection_refused_is_retried_until_the_server_answers(self):
        from odoo.addons.mrp_backflush.mes_client import OdooClient, RetryPolicy
        port = free_port()
        late_servers, retries = [], []

        def on_retry(error, attempt, delay):
            retries.append((attempt, error.retryable, error.name))
            if not late_servers:            # the server comes up after the first failure
                late_servers.append(serve(port))

        client = OdooClient("http://127.0.0.1:%d" % port, self.db, "mes_operator", PASSWORD,
                            retry=RetryPolicy(retries=3, backoff=0.01), on_retry=on_retry)
        try:
            result = client.report_completion(self.order_a, 3, "EV-LATE")
        finally:
            for server in late_servers:
                server.shutdown()
                server.server_close()
        self.assertEqual(retries, [(1, True, "ConnectionError")])
        self.assertEqual((result["production"], result["quantity"], result["posted"]),
                         (self.order_a, 3, True))

    def test_user_error_is_not_retried(self):
        from odoo.addons.mrp_backflush.mes_client import OdooClient, OdooError, RetryPolicy
        retries = []
        client = OdooClient(self.url, self.db, "mes_operator", PASSWORD,
                            retry=RetryPolicy(retries=3, backoff=0.01),
                            on_retry=lambda *args: retries.append(args))
        with self.assertRaises(OdooError) as error:
            client.report_completion(self.order_a, -1, "EV-NEG")
        self.assertFalse(error.exception.retryable)
        self.assertEqual(error.exception.name, "odoo.exceptions.UserError")
        self.assertEqual(str(error.exception), "The quantity reported on %s must be a "
                                               "positive number, not -1 Unit(s)." % self.order_a)
        self.assertEqual(retries, [])


class TestMesClientRetry(MesServerCase):
    """A real retryable server error: another transaction holds the order."""

    def setUp(self):
        # committed before the test mode starts, so that another connection can lock it
        registry = odoo.registry(get_db_name())
        self.created = commit_order(registry, "MES Retry")
        self.addCleanup(delete_committed_order, registry, self.created)
        super(TestMesClientRetry, self).setUp()
        with self._env() as env:
            self._mes_user(env)

    def test_lock_not_available_is_retried_with_backoff(self):
        from odoo.addons.mrp_backflush.mes_client import OdooClient, RetryPolicy
        # Odoo retries concurrency errors itself first (5 times, up to 31 s): not here
        self.patch(odoo.service.model, "MAX_TRIES_ON_CONCURRENCY_FAILURE", 0)
        locker = sql_db.db_connect(self.db).cursor()
        locker.execute("SELECT id FROM mrp_production WHERE id = %s FOR NO KEY UPDATE",
                       (self.created["production"],))
        retries = []

        def on_retry(error, attempt, delay):
            retries.append((attempt, error.retryable, error.name, str(error)))
            locker.rollback()               # the other transaction ends

        client = OdooClient(self.url, self.db, "mes_operator", PASSWORD,
                            retry=RetryPolicy(retries=2, backoff=0.01), on_retry=on_retry)
        try:
            result = client.report_completion(self.created["production_name"], 4, "EV-LOCK")
        finally:
            locker.close()
        self.assertEqual(len(retries), 1)
        attempt, retryable, name, message = retries[0]
        self.assertEqual((attempt, retryable), (1, True))
        self.assertTrue(name.endswith("LockNotAvailable"), name)
        self.assertIn("could not obtain lock", message)
        self.assertEqual((result["posted"], result["quantity"], len(result["stock_move_ids"])),
                         (True, 4, 2))


@unittest.skipIf(sys.version_info < (3, 7), "the MES client needs Python 3.7+")
class TestMesClientInput(unittest.TestCase):
    """Reading events and spacing retries: plain Python, no server."""

    def test_csv_and_json_lines_with_every_form_of_hours(self):
        import io
        from odoo.addons.mrp_backflush.mes_client import CompletionEvent, read_events
        csv_events = read_events(io.StringIO(
            "production,quantity,event_id,hours\n"
            "MO/1,2.5,E1,\n"
            " MO/2 ,3,E2,Saw=1.5; Paint=0.25\n"
            'MO/3,1,E3,"{""Saw"": 2}"\n'), "csv")
        self.assertEqual(csv_events, [
            CompletionEvent("MO/1", 2.5, "E1", {}, 2),
            CompletionEvent("MO/2", 3.0, "E2", {"Saw": 1.5, "Paint": 0.25}, 3),
            CompletionEvent("MO/3", 1.0, "E3", {"Saw": 2.0}, 4)])
        json_events = read_events(io.StringIO(
            '{"production": 42, "quantity": 1, "event_id": 7, "hours": {"Saw": "0.5"}}\n'
            "\n"
            "[1, 2]\n"), "jsonl")
        self.assertEqual(json_events[0], CompletionEvent(42, 1.0, "7", {"Saw": 0.5}, 1))
        self.assertEqual(str(json_events[1]), "line 3: not a JSON object")

    def test_unreadable_events_say_what_and_where(self):
        import io
        from odoo.addons.mrp_backflush.mes_client import read_events
        events = read_events(io.StringIO(
            "production,quantity,event_id,hours\n"
            "MO/1,,E1,\n"
            "MO/1,many,E2,\n"
            "MO/1,1,E3,Saw\n"
            "MO/1,1,E4,Saw=long\n"), "csv")
        self.assertEqual([str(event) for event in events], [
            "line 2: missing quantity",
            "line 3: quantity 'many' is not a number",
            "line 4: hours 'Saw' is not 'work center=hours; ...'",
            "line 5: hours {'Saw': 'long'} are not numbers"])

    def test_a_posting_with_queued_components_says_so(self):
        """The client's word for an answer whose components wait in the backflush queue
        is the event's state in Odoo: "Posted, components queued"."""
        from odoo.addons.mrp_backflush.mes_client.__main__ import describe
        answer = {"production": "MO/00007", "state": "done", "stock_move_ids": [1, 2],
                  "account_move_ids": [3]}
        self.assertEqual(describe(dict(answer, queued_product_ids=[4])),
                         "posted, components queued: MO/00007 now done, 2 stock moves, "
                         "1 journal entries")
        self.assertEqual(describe(dict(answer, queued_product_ids=[])),
                         "posted: MO/00007 now done, 2 stock moves, 1 journal entries")

    def test_backoff_doubles_up_to_the_cap_with_bounded_jitter(self):
        from odoo.addons.mrp_backflush.mes_client import RetryPolicy
        policy = RetryPolicy(backoff=0.5, max_delay=4.0, jitter=0.25)
        for attempt, base in enumerate([0.5, 1.0, 2.0, 4.0, 4.0]):
            for _ in range(20):
                self.assertTrue(base <= policy.delay(attempt) <= base * 1.25)


class TestMesPoliciesAndLots(MesServerCase):
    """report_completion over XML-RPC, as a MES calls it: a serial-tracked table of 4 legs
    (finish), 6 screws (manual) and 3 lot-tracked bolts (finish, LOT-1 received before
    LOT-2). 2 tables with serial numbers RT-1, RT-2: 8 legs, no screw (nothing recorded),
    6 bolts: LOT-1's 5 then 1 of LOT-2 (FIFO)."""

    def setUp(self):
        super(TestMesPoliciesAndLots, self).setUp()
        with self._env() as env:
            self._mes_user(env)
            uom = env.ref("product.product_uom_unit")
            stock = env.ref("stock.stock_location_stock")
            vals = {"type": "product", "uom_id": uom.id, "uom_po_id": uom.id}
            products = env["product.product"]
            table = products.create(dict(vals, name="RPC Table", tracking="serial"))
            leg = products.create(dict(vals, name="RPC Leg"))
            screw = products.create(dict(vals, name="RPC Screw"))
            bolt = products.create(dict(vals, name="RPC Bolt", tracking="lot"))
            env["stock.quant"]._update_available_quantity(leg, stock, 100)
            env["stock.quant"]._update_available_quantity(screw, stock, 100)
            for name, date in (("LOT-2", "2026-02-01 08:00:00"), ("LOT-1", "2026-01-01 08:00:00")):
                lot = env["stock.production.lot"].create({"name": name, "product_id": bolt.id})
                env["stock.quant"]._update_available_quantity(
                    bolt, stock, 5, lot_id=lot, in_date=odoo.fields.Datetime.from_string(date))
            bom = env["mrp.bom"].create({
                "product_tmpl_id": table.product_tmpl_id.id, "product_qty": 1.0,
                "product_uom_id": uom.id, "bom_line_ids": [
                    (0, 0, {"product_id": leg.id, "product_qty": 4.0, "product_uom_id": uom.id}),
                    (0, 0, {"product_id": screw.id, "product_qty": 6.0,
                            "product_uom_id": uom.id, "backflush_policy": "manual"}),
                    (0, 0, {"product_id": bolt.id, "product_qty": 3.0,
                            "product_uom_id": uom.id})]})
            production = env["mrp.production"].create({
                "product_id": table.id, "product_qty": 3.0, "product_uom_id": uom.id,
                "bom_id": bom.id})
            self.order = production.name
            self.ids_ = {"leg": leg.id, "screw": screw.id, "bolt": bolt.id, "table": table.id}

    def test_policies_and_lots_over_xmlrpc(self):
        common = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common")
        uid = common.login(self.db, "mes_operator", PASSWORD)
        models = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/object")
        result = models.execute_kw(self.db, uid, PASSWORD, "mrp.production",
                                   "report_completion", [self.order, 2, "EV-RPC-LOT"],
                                   {"lot_names": ["RT-1", "RT-2"]})
        self.assertTrue(result["posted"])
        with self._env() as env:
            moves = env["stock.move"].browse(result["stock_move_ids"])
            consumed = {}
            for line in moves.mapped("move_line_ids").filtered("qty_done"):
                key = (line.product_id.id, line.lot_id.name or False)
                consumed[key] = consumed.get(key, 0) + line.qty_done
            ids = self.ids_
            self.assertEqual(consumed, {
                (ids["leg"], False): 8, (ids["bolt"], "LOT-1"): 5, (ids["bolt"], "LOT-2"): 1,
                (ids["table"], "RT-1"): 1, (ids["table"], "RT-2"): 1})
