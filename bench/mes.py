"""Scale-out of the MES path, measured: Odoo's prefork server, queue_job's runner, bursts of
completion events over JSON-RPC.

Run it with `make bench-mes` (python3 tools/devenv.py bench-mes [--events N] [--orders N]
[--threads N] [--phases P,..] [--setups S,..] [--post-seconds N]): that clones the test
template (the addon installed, no demo) and runs this script in the venv; every database
it makes is dropped afterwards.

Data (committed in the clone): --products finished products of 3 components of their own
(1, 2 and 3 per unit; real-time valuation, standard cost, cost pools with rates, as
bench/run.py sets them up), --orders orders of events/orders units spread over them,
components in stock. The journals number their
entries with a PostgreSQL sequence (Odoo's "Standard" implementation) instead of "No
gap", whose row lock lets one posting at a time write entries in a journal (README,
Scale out).

Phases, each on a fresh copy of that database, each with its own server on free ports:
  inline    --workers 2, burst of --events events of 1 unit (event k on order k mod
            --orders) from --threads client threads (mes_client, retries with backoff):
            each answer waits for its posting
  deferred  --workers 2, the same burst with deferred=True, the job runner held (channel
            capacity 0): answered at once, the jobs wait
  jobs      the jobs of the deferred phase run by the job runner, on two copies of that
            database: --workers 1 with channels root:1, --workers 2 with root:2
  posting   the deferred burst while the job runner posts its jobs, as in production,
            once per --setups (RUNNER_SETUPS): the runner's channels on the answering
            node, more workers there, or a job node of its own (runner and jobs there,
            niced, the answering node with root:0); the runner goes on after the burst
            until no job is left or --post-seconds
Each burst's clock starts once every client has made one call (a read of the orders), all
at once: a worker's first call checks the password and fills its caches, a one-off.
Printed: events accepted per second, answer latency p50/p99 (ms), postings per second
(jobs done / (last done - first started); in the posting phase, jobs done during the burst
/ its seconds and jobs done after it / (last done - end of the burst)), retries, failed
jobs, the load average when each phase started (the 2 cores may be shared); then the
exactly-once check per database: events, finished units, components consumed and stock
entries counted from the database against the events posted.
"""
import argparse
import concurrent.futures
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

import odoo
from odoo import SUPERUSER_ID, api

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
from mes_client.client import OdooClient, RetryPolicy  # noqa: E402
from run import Side  # noqa: E402

BOM = (1.0, 2.0, 3.0)       # components per finished unit
VERSION = {"jsonrpc": "2.0", "method": "call", "params": {"service": "common",
                                                           "method": "version", "args": []}}


def wait_for_jobs(registry, deadline):
    """Until no job is left to run (every one done or failed), or ``deadline``."""
    while time.time() < deadline:
        with registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM queue_job WHERE state NOT IN "
                       "('done', 'failed')")
            if not cr.fetchone()[0]:
                return
        time.sleep(1)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(sql, db="postgres"):
    subprocess.run(["psql", "-qtAc", sql, db], check=True, stdout=subprocess.PIPE)


def clone(template, name):
    odoo.sql_db.close_db(template)
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-T", template, name], check=True)


# ------------------------------------------------------------------------ data
def prepare(db, orders, qty, products):
    """``products`` finished products with components of their own, their BOMs and the
    orders (order i of product i mod ``products``), committed; returns the order names."""
    side = Side("addon", db)
    try:
        side.setup()
        env = side.env
        # "Standard" numbering: no row lock on the sequence while a posting runs
        env["account.journal"].search([]).mapped("sequence_id").write(
            {"implementation": "standard"})
        # Odoo 11 reserves what an order still needs after each partial posting
        # (post_inventory -> action_assign): postings of orders that share a component
        # rewrite the reserved quantity of its quant, one row, and all but one of them
        # fail with a serialization failure (retried). Components of their own per
        # product keep the orders of different products apart.
        boms = []
        for _p in range(products):
            finished = side.product("MES Bench Table", 10.0)
            boms.append(side.bom(finished, list(zip(side.components(len(BOM)), BOM))))
        names = [env["mrp.production"].create({
            "product_id": bom.product_tmpl_id.product_variant_id.id, "product_qty": qty,
            "product_uom_id": bom.product_uom_id.id, "bom_id": bom.id}).name
            for bom in (boms[i % products] for i in range(orders))]
        side.cr.commit()
        return names
    finally:
        side.close()
        odoo.sql_db.close_db(db)


def count(db, names, qty):
    """What was posted for the orders ``names`` (``qty`` units each), counted from the
    database, against what the posted events say: each posted event of 1 unit once."""
    registry = odoo.registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        productions = env["mrp.production"].search([("name", "in", names)])
        finished = productions.mapped("move_finished_ids").filtered(
            lambda m: m.state == "done")
        raw = productions.mapped("move_raw_ids").filtered(lambda m: m.state == "done")
        cr.execute("SELECT state, count(*) FROM mrp_backflush_event "
                   "WHERE production_id IN %s GROUP BY state", (tuple(productions.ids),))
        states = dict(cr.fetchall())
        cr.execute("SELECT count(*) FROM (SELECT production_id FROM mrp_backflush_event "
                   "WHERE production_id IN %s AND state = 'posted' GROUP BY production_id "
                   "HAVING count(*) >= %s) AS complete", (tuple(productions.ids), qty))
        complete = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM account_move WHERE stock_move_id IN %s",
                   (tuple((finished | raw).ids),))
        stock_entries = cr.fetchone()[0]
        result = {
            "events": states,
            "units": sum(finished.mapped("product_qty")),
            "consumed": sum(raw.mapped("product_qty")),
            "stock_entries": stock_entries,
            "done_orders": len(productions.filtered(lambda p: p.state == "done")),
        }
    odoo.sql_db.close_db(db)
    posted = states.get("posted", 0)
    expected = {"events": {k: v for k, v in states.items() if k in ("posted", "pending")},
                "units": float(posted), "consumed": float(posted * sum(BOM)),
                "stock_entries": posted, "done_orders": complete}
    return result, result == expected, expected


# ---------------------------------------------------------------------- server
class Server:
    """Odoo's prefork server on free ports, its log in .local/; ``nice``: its processes'
    niceness (0: as the caller's)."""

    def __init__(self, config, db, workers, channels, log, nice=0):
        self.port = free_port()
        self.log = log
        env = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS=channels)
        with open(log, "w") as out:
            self.proc = subprocess.Popen(
                (["nice", "-n", str(nice)] if nice else []) +
                [sys.executable, os.path.join(os.path.dirname(sys.executable), "odoo"),
                 "-c", config, "--workers", str(workers), "--http-port", str(self.port),
                 "--http-interface", "127.0.0.1", "--longpolling-port", str(free_port()),
                 "--max-cron-threads", "0", "-d", db, "--db-filter", "^%s$" % db,
                 "--logfile", "", "--log-level", "warn",
                 # the runner says when it is ready (runner_ready)
                 "--log-handler", "odoo.addons.queue_job.jobrunner.runner:INFO"],
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = "http://127.0.0.1:%d" % self.port
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                sys.exit("odoo exited, see %s" % log)
            try:
                # JSON-RPC, not a page: no web assets to build (lessc)
                requests.post(self.url + "/jsonrpc", json=VERSION, timeout=60)
                return
            except requests.ConnectionError:
                time.sleep(0.5)
        self.stop()
        sys.exit("odoo did not answer, see %s" % log)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


# ------------------------------------------------------------------------ load
def burst(url, db, names, events, threads, deferred, window):
    """--events reports of 1 unit from ``threads`` clients at once, no new one sent after
    ``window`` seconds (0: all): (answered per s, latencies in s, retries, (clock start,
    last answer) in epoch seconds)."""
    work = [(names[k % len(names)], "MESB-%d" % k) for k in range(events)]
    lock = threading.Lock()
    retries = [0]

    def on_retry(_error, _attempt, _delay):
        with lock:
            retries[0] += 1

    clients = []
    for _i in range(threads):
        client = OdooClient(url, db, "admin", "admin", timeout=600, on_retry=on_retry,
                            retry=RetryPolicy(retries=20, backoff=0.1, max_delay=5.0))
        client.authenticate()               # logged in before the clock starts
        clients.append(client)
    todo = iter(work)
    latencies = []
    start = []
    # the clock starts once every client has read the orders once, all at the same time:
    # a worker's first call checks the password (pbkdf2, then cached for the process) and
    # fills its caches, a one-off a server that has been up a while paid long ago
    warm = threading.Barrier(threads, action=lambda: start.extend(
        (time.perf_counter(), time.time())))

    def sender(client):
        client.execute_kw("mrp.production", "search_count", [[("name", "in", names)]])
        warm.wait()
        while True:
            if window and time.perf_counter() - start[0] > window:
                return
            with lock:
                item = next(todo, None)
            if item is None:
                return
            sent = time.perf_counter()
            answer = client.report_completion(item[0], 1.0, item[1], deferred=deferred)
            took = time.perf_counter() - sent
            assert answer["posted"] is not deferred, answer
            with lock:
                latencies.append(took)

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(sender, client) for client in clients]:
            future.result()
    wall = time.perf_counter() - start[0]
    return len(latencies) / wall, latencies, retries[0], (start[1], start[1] + wall)


def percentile(values, pct):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100.0 * len(ordered)) - 1)]


def run_jobs(config, db, workers, log, timeout):
    """Let the job runner post the pending events with ``workers`` workers, until none is
    left or ``timeout`` seconds: (postings per s, jobs done, retries, failed)."""
    server = Server(config, db, workers, "root:%d,root.backflush:%d" % (workers, workers),
                    log)
    try:
        registry = odoo.registry(db)
        wait_for_jobs(registry, time.time() + timeout)
    finally:
        server.stop()
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FILTER (WHERE state = 'done'), "
                   "count(*) FILTER (WHERE state = 'failed'), "
                   "extract(epoch FROM max(date_done) - min(date_started)) "
                   "FROM queue_job")
        # (a job stopped half-way by the timeout left nothing: its transaction is gone)
        done, failed, seconds = cr.fetchone()
        cr.execute("SELECT coalesce(sum(retry - 1), 0) FROM queue_job WHERE state = 'done'")
        retries = cr.fetchone()[0]
    odoo.sql_db.close_db(db)
    return done / float(seconds or 1), done, retries, failed


# ------------------------------------------------------- answers while posting
# How the job runner posts while the burst is answered: {name: (answering node's workers
# beyond --workers, its channels; the job node's (workers, channels, niceness) or None)}.
# A node with channels root:0 runs no runner; the job node's runner dispatches to the job
# node itself (its own http port): the answering node never runs a job.
RUNNER_SETUPS = {
    "shared": ((0, "root:2,root.backflush:2"), None),
    "cap1": ((0, "root:1,root.backflush:1"), None),
    "plus1": ((1, "root:1,root.backflush:1"), None),
    "plus2": ((2, "root:2,root.backflush:2"), None),
    "jobnode": ((0, "root:0"), (2, "root:2,root.backflush:2", 10)),
}


def setup_label(setup, workers):
    (more, channels), jobs = RUNNER_SETUPS[setup]
    label = "%s: --workers %d, %s" % (setup, workers + more, channels)
    if jobs:
        label += "; job node --workers %d, %s, nice %d" % jobs
    return label


def runner_ready(server, timeout=60):
    """Wait until the job runner of ``server`` has connected to its databases (queue_job
    starts it 5 s after the server; its own log line says when it is ready)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with open(server.log) as log:
            if "database connections ready" in log.read():
                return
        time.sleep(0.5)
    sys.exit("no job runner ready, see %s" % server.log)


def posting_burst(args, setup, db, names, log):
    """The deferred burst answered while the runner posts its jobs (setup of
    RUNNER_SETUPS), then the runner alone until no job is left or --post-seconds after
    the burst: (events/s, latencies, client retries, postings/s during the burst,
    postings/s after it, postings/s overall (as run_jobs counts them), jobs done, job
    retries, failed, jobs left)."""
    (more, channels), jobs = RUNNER_SETUPS[setup]
    servers = []
    try:
        servers.append(Server(args.config, db, args.workers + more, channels,
                              log(setup)))
        if jobs:
            servers.append(Server(args.config, db, jobs[0], jobs[1], log(setup + "-jobs"),
                                  nice=jobs[2]))
        runner_ready(servers[-1])
        rate, latencies, retries, (start, end) = burst(
            servers[0].url, db, names, args.events, args.threads, True, 0)
        registry = odoo.registry(db)
        wait_for_jobs(registry, end + args.post_seconds)
    finally:
        for server in servers:
            server.stop()
    with registry.cursor() as cr:
        # date_done is UTC without time zone, as Odoo writes it
        cr.execute("""
            SELECT count(*) FILTER (WHERE state = 'done' AND date_done <= b.end_at),
                   count(*) FILTER (WHERE state = 'done' AND date_done > b.end_at),
                   extract(epoch FROM max(date_done) - b.end_at),
                   count(*) FILTER (WHERE state = 'failed'),
                   count(*) FILTER (WHERE state NOT IN ('done', 'failed')),
                   coalesce(sum(retry - 1) FILTER (WHERE state = 'done'), 0),
                   extract(epoch FROM max(date_done) - min(date_started))
            FROM queue_job, (SELECT to_timestamp(%s) AT TIME ZONE 'UTC' AS end_at) b
            GROUP BY b.end_at""", (end,))
        during, after, after_seconds, failed, left, job_retries, seconds = cr.fetchone()
    odoo.sql_db.close_db(db)
    return (rate, latencies, retries, during / (end - start),
            after / float(after_seconds or 1), (during + after) / float(seconds or 1),
            during + after, job_retries, failed, left)


# ------------------------------------------------------------------------ main
def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--template", required=True)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--products", type=int, default=10,
                        help="finished products, each with components of its own")
    parser.add_argument("--workers", type=int, default=2,
                        help="prefork workers answering the bursts")
    parser.add_argument("--window", type=int, default=0,
                        help="seconds: no new event sent, no new job run after it (0: "
                             "all of them); what was posted is checked all the same")
    parser.add_argument("--phases", default="inline,deferred,jobs,posting",
                        help="of inline, deferred (the runner held), jobs (the runner "
                             "alone, after deferred), posting (the deferred burst while "
                             "the runner posts)")
    parser.add_argument("--setups", default=",".join(RUNNER_SETUPS),
                        help="runner set-ups of the posting phase, of %s" % ", ".join(
                            RUNNER_SETUPS))
    parser.add_argument("--post-seconds", type=int, default=60,
                        help="posting phase: seconds the runner goes on after the burst "
                             "(it stops earlier when no job is left)")
    parser.add_argument("--logs", default=".")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level", "warn"])
    qty = args.events / float(args.orders)
    prefix = "mbf_mes_%d" % os.getpid()
    data, dbs = prefix + "_data", []

    def db_named(suffix):
        dbs.append(prefix + "_" + suffix)
        return dbs[-1]

    def log(name):
        return os.path.join(args.logs, "bench-mes-%s.log" % name)

    phases = args.phases.split(",")
    rows, checks, postings, posting = [], [], [], []
    try:
        clone(args.template, data)
        dbs.append(data)
        names = prepare(data, args.orders, qty, args.products)
        print("%d orders of %g units of %d products, %d events of 1 unit, %d client "
              "threads" % (args.orders, qty, args.products, args.events, args.threads),
              file=sys.stderr, flush=True)
        for mode, deferred in (("inline", False), ("deferred", True)):
            if mode not in phases:
                continue
            load = os.getloadavg()
            db = db_named(mode)
            clone(data, db)
            # deferred: the runner is held (root:0) so that only the answers are measured
            server = Server(args.config, db, args.workers, "root:0", log(mode))
            try:
                # deferred answers are fast: all of them, always
                rate, latencies, retries, _span = burst(
                    server.url, db, names, args.events, args.threads, deferred,
                    0 if deferred else args.window)
            finally:
                server.stop()
            rows.append((mode, rate, percentile(latencies, 50), percentile(latencies, 99),
                         retries, load))
            print("  %-8s %6.1f events/s  p50 %5.0f ms  p99 %5.0f ms  client retries %d"
                  % (mode, rate, rows[-1][2] * 1000, rows[-1][3] * 1000, retries),
                  file=sys.stderr, flush=True)
            if mode == "inline":
                checks.append(("inline", db))
        for workers in (1, 2) if "jobs" in phases and "deferred" in phases else ():
            db = db_named("jobs%d" % workers)
            clone(prefix + "_deferred", db)
            rate, done, retries, failed = run_jobs(args.config, db, workers,
                                                   log("jobs%d" % workers),
                                                   args.window or 3600)
            postings.append((workers, rate, done, retries, failed))
            print("  jobs, %d worker(s): %6.2f postings/s (%d done, %d retries, %d failed)"
                  % (workers, rate, done, retries, failed), file=sys.stderr, flush=True)
            checks.append(("deferred, %d worker(s)" % workers, db))
        for setup in args.setups.split(",") if "posting" in phases else ():
            load = os.getloadavg()
            db = db_named("posting_" + setup)
            clone(data, db)
            res = posting_burst(args, setup, db, names, log)
            posting.append((setup, load) + res)
            print("  posting, %s (load %.2f): %6.1f events/s  p50 %5.0f ms  p99 %5.0f ms  "
                  "postings/s %.2f during, %.2f after, %.2f overall (%d done, %d failed, "
                  "%d left)" % (setup, load[0], res[0], percentile(res[1], 50) * 1000,
                                percentile(res[1], 99) * 1000, res[3], res[4], res[5],
                                res[6], res[8], res[9]), file=sys.stderr, flush=True)
            checks.append(("posting, " + setup, db))
        results = [(label, count(db, names, qty)) for label, db in checks]
    finally:
        for db in dbs:
            odoo.sql_db.close_db(db)
            subprocess.run(["dropdb", "--if-exists", db], check=False)
    report(args, rows, postings, posting, results)
    return 0 if all(ok for _label, (_res, ok, _exp) in results) else 1


def report(args, rows, postings, posting, results):
    print()
    print("MES burst: %d completion events of 1 unit for %d orders of %d products, %d "
          "client threads over JSON-RPC, prefork --workers %d" % (
              args.events, args.orders, args.products, args.threads, args.workers))
    print("| posting | load | events accepted/s | answer p50 ms | answer p99 ms | "
          "client retries |")
    print("|---|---|---|---|---|---|")
    for mode, rate, p50, p99, retries, load in rows:
        print("| %s | %.1f/%.1f/%.1f | %.1f | %.0f | %.0f | %d |" % (
            mode, load[0], load[1], load[2], rate, p50 * 1000, p99 * 1000, retries))
    print()
    print("| job runner | postings/s | jobs done | job retries | failed |")
    print("|---|---|---|---|---|")
    for workers, rate, done, retries, failed in postings:
        print("| --workers %d, root:%d | %.2f | %d | %d | %d |" % (
            workers, workers, rate, done, retries, failed))
    if len(postings) == 2 and postings[0][1]:
        print("2 workers / 1 worker: %.2fx" % (postings[1][1] / postings[0][1]))
    print()
    if posting:
        print("Deferred burst while the job runner posts (its jobs, then up to %d s more; "
              "load average 1/5/15 min at the start of each):" % args.post_seconds)
        print("| runner | load | events accepted/s | answer p50 ms | answer p99 ms | "
              "client retries | postings/s during burst | after | overall | jobs done | "
              "job retries | failed | left |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for (setup, load, rate, latencies, retries, during, after, overall, done,
             job_retries, failed, left) in posting:
            print("| %s | %.1f/%.1f/%.1f | %.1f | %.0f | %.0f | %d | %.2f | %.2f | %.2f | %d | "
                  "%d | %d | %d |" % (setup_label(setup, args.workers), load[0], load[1],
                                      load[2], rate, percentile(latencies, 50) * 1000,
                                      percentile(latencies, 99) * 1000, retries, during,
                                      after, overall, done, job_retries, failed, left))
        print()
    print("exactly once (counted from the database):")
    for label, (res, ok, expected) in results:
        print("  %-22s %s  events %s, finished units %g, consumed %g, stock entries %d, "
              "orders done %d" % (label, "OK " if ok else "BAD", res["events"], res["units"],
                                  res["consumed"], res["stock_entries"], res["done_orders"]))
        if not ok:
            print("  expected: %s" % expected)


if __name__ == "__main__":
    with api.Environment.manage():
        sys.exit(main())
