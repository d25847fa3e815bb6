"""Flat cost as the database grows: the addon's operations on 0, N/10 and N orders of
history.

Run it with `make bench-history` (python3 tools/devenv.py bench-history [--history N]
[--reps R]): that clones the test template (Odoo + the addon, generic chart, no demo
data) into a database of its own, runs this script in the venv, and drops it. The
database is committed to (the history must be visible to PostgreSQL's statistics, as a
factory's is): nothing else uses it.

How the history is made, fast:
1. seed, through the ORM as a user works, on the generic chart configured as a user
   does (the WIP account, journal and variance account the addon sets up at install,
   two cost pools with a control account and a rate; a real-time standard-cost product
   of 5 components, one taken from a line-side supermarket): one order posted whole by
   report_completion, one in two partial postings, one posted then partly unbuilt, one
   whose short component waits in the backflush queue then is retried (its button), one
   by Produce + Mark as Done, one reported deferred and posted by its queue_job job; an
   actual cost booked on the pools' control account and the month's overhead close.
2. replicate in SQL: K = N / 6 copies of the seed (6 orders each). Every row of the seed
   in mrp_production, stock_move, stock_move_line, account_move, account_move_line,
   mrp_backflush_line, mrp_backflush_cost_line, mrp_backflush_event, mrp_unbuild,
   mrp_overhead_close_history, procurement_group, queue_job and their chatter
   (mail_message, mail_tracking_value, mail_followers) and the many2many rows of those
   records (found from the foreign keys) is copied by one INSERT ... SELECT per table,
   the seed rows crossed with a table of the copies (k, days back): copy k takes id + k
   x (the table's largest id at the seed), its foreign keys into copied tables the same
   shift, names and unique keys a "-H<k>" suffix, its dates (date, datetime, create and
   write dates) moved that many days into the past. 7 postings a copy, spread
   --postings-per-month (2,000) a month from last month back (20,000 orders: 23,331
   postings over 12 months); the seed's close and actual cost are copied once a month,
   over that month. The copies have higher ids than the seed though they are older.
   20,000 orders take about 3 minutes to copy.
3. ANALYZE (as autovacuum would), before the first measure and after each copy.

Measured at 0, N/10 and N orders of history, each run in a savepoint rolled back after
it (every run starts from the same database), median of --reps runs after one warm-up:
  posting              report_completion of 10 units of a new order (5 components)
  period close         the Close Manufacturing Overhead wizard of this month (the seed's
                       postings), reopened first (its close history deleted, untimed):
                       created with its defaults as the menu opens it, Post
  replenish            Replenish Supermarkets opened (its lines computed) with 2
                       released orders using the supermarket
  cycle count          an inventory adjustment of a backflushed component found short,
                       validated: the cycle-count alert it raises
  events list          Completion Events as the list view reads it: search_read of the
                       tree's fields (80 rows) and the count of the pager
and at N: the period close of the busiest history month (its close deleted first).
Printed, per operation and history size: seconds (median; they vary with the load), the
CPU seconds of Odoo's process (its Python; less sensitive to the load), SQL queries, and
the buffers (8 kB blocks) read by the SELECTs of one more run (each EXPLAIN ANALYZEd in a
savepoint): the work done, whatever the load. A search that reads every order, move or
entry shows as blocks growing with N. Then, per operation, the SELECTs whose blocks grew
most from 0 to N, where they come from and their plan at N.
BENCH_TRACE=<part of a query> prints the stack of each recorded run of that query;
BENCH_SHOW=<part>|<part> adds the queries containing one of them to those shown.
"""
import argparse
import calendar
import datetime
import os
import statistics
import sys
import time
import traceback
import uuid

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.addons.queue_job.job import Job

# in the order of their foreign keys
SEED_TABLES = [
    "procurement_group", "queue_job", "mrp_production", "mrp_unbuild", "stock_move",
    "stock_move_line", "account_move", "account_move_line", "mrp_backflush_line",
    "mrp_backflush_cost_line", "mrp_backflush_event", "mrp_overhead_close_history",
]
CHATTER_TABLES = ["mail_message", "mail_tracking_value", "mail_followers"]
# text columns that take the copy's suffix: unique keys and what a user searches by name
SUFFIXED = {
    "mrp_production": ["name"], "mrp_unbuild": ["name"], "account_move": ["name"],
    "mrp_backflush_event": ["event_id"], "procurement_group": ["name"],
    "stock_move": ["reference"], "stock_move_line": ["reference"], "queue_job": ["uuid"],
    "mail_message": ["message_id"],
}
# model of each table whose chatter is copied
TABLE_MODELS = {
    "mrp_production": "mrp.production", "mrp_unbuild": "mrp.unbuild",
    "account_move": "account.move", "stock_move": "stock.move",
    "mrp_backflush_event": "mrp.backflush.event", "queue_job": "queue.job",
}
ORDERS_PER_SEED = 6
# BENCH_TRACE=<part of a query>: the stack of each recorded run of it, on stderr
TRACE = os.environ.get("BENCH_TRACE")
# BENCH_SHOW=<part>|<part>...: the plans at N of the queries containing one of them too
SHOW = [part for part in os.environ.get("BENCH_SHOW", "").split("|") if part]
OPERATIONS = ["posting", "period close", "replenish", "cycle count", "events list"]


class Bench:
    def __init__(self, db, reps):
        self.registry = odoo.registry(db)
        self.cr = self.registry.cursor()
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.reps = reps
        self.seq = 0
        self.log = None             # [(seconds, query, params, caller)] while recording

    # ----------------------------------------------------------------- set-up
    def setup(self):
        """The company as a user sets it up, products, BOM, stock."""
        env = self.env
        self.company = company = env.user.company_id
        assert company.backflush_wip_account_id and company.backflush_journal_id, \
            "the addon sets up the generic chart's company at install"
        self.stock = env.ref("stock.stock_location_stock")
        self.supermarket = env["stock.location"].create({
            "name": "Line 1 supermarket", "usage": "internal", "location_id": self.stock.id})
        self.categ = env["product.category"].create({
            "name": "Bench history real-time standard", "property_valuation": "real_time",
            "property_cost_method": "standard"})
        control = company._backflush_record("account_overhead_control")
        self.control = control
        self.pools = env["mrp.cost.pool"]
        for name, kind, basis, rate, applied in (
                ("Labour", "labour", "units", 4.0, "account_labour_applied"),
                ("Overhead", "overhead", "material_cost", 5.0, "account_overhead_applied")):
            pool = env["mrp.cost.pool"].create({
                "name": name, "kind": kind, "basis": basis, "company_id": company.id,
                "applied_account_id": company._backflush_record(applied).id,
                "control_account_id": control.id})
            env["mrp.overhead.rate"].create({"pool_id": pool.id, "rate": rate})
            self.pools |= pool
        self.components = env["product.product"]
        for i in range(5):
            self.components |= self.product("Component", 1.0 + i)
        self.finished = self.product("Table", 100.0)
        env["mrp.bom"].create({
            "product_tmpl_id": self.finished.product_tmpl_id.id, "product_qty": 1.0,
            "bom_line_ids": [(0, 0, {
                "product_id": c.id, "product_qty": 1.0 + i, "backflush_policy": "finish",
                "supermarket_location_id": self.supermarket.id if i == 0 else False})
                for i, c in enumerate(self.components)]})
        quant = env["stock.quant"]
        for c in self.components[1:4]:
            quant._update_available_quantity(c, self.stock, 1e6)
        # the seed takes 60 from the supermarket: 5 left for the released orders' 15
        quant._update_available_quantity(self.components[0], self.supermarket, 65.0)
        # the last component is short once (the queued order), then received
        self.short = self.components[4]

    def product(self, name, cost):
        self.seq += 1
        return self.env["product.product"].create({
            "name": "%s %d" % (name, self.seq), "type": "product", "standard_price": cost,
            "categ_id": self.categ.id})

    def production(self, qty=10.0):
        production = self.env["mrp.production"].create({
            "product_id": self.finished.id, "product_qty": qty,
            "product_uom_id": self.finished.uom_id.id,
            "bom_id": self.env["mrp.bom"]._bom_find(product=self.finished).id})
        production.action_assign()
        return production

    def report(self, production, qty, **kw):
        return self.env["mrp.production"].report_completion(
            production.id, qty, "bench-%s" % uuid.uuid4().hex, **kw)

    def seed(self):
        """The orders, entries, close that the history is copies of (docstring, 1)."""
        env, quant = self.env, self.env["stock.quant"]
        quant._update_available_quantity(self.short, self.stock, 1e6)
        whole = self.production()
        self.report(whole, 10)
        partial = self.production()
        self.report(partial, 4)
        self.report(partial, 6)
        unbuilt = self.production()
        self.report(unbuilt, 10)
        env["mrp.unbuild"].create({
            "product_id": self.finished.id, "product_qty": 2.0,
            "product_uom_id": self.finished.uom_id.id, "bom_id": unbuilt.bom_id.id,
            "mo_id": unbuilt.id}).action_unbuild()
        # the short component: none on hand, the company queues it
        on_hand = quant._get_available_quantity(self.short, self.stock)
        quant._update_available_quantity(self.short, self.stock, -on_hand)
        self.company.backflush_negative_policy = "queue"
        queued = self.production()
        self.report(queued, 10)
        assert queued.backflush_line_ids.filtered(lambda line: line.state == "queued")
        quant._update_available_quantity(self.short, self.stock, 1e6)
        queued.action_backflush_retry()
        self.company.backflush_negative_policy = "allow"
        produced = self.production()
        wizard = env["mrp.product.produce"].with_context(
            active_id=produced.id, active_ids=produced.ids).create({"product_qty": 10.0})
        wizard.do_produce()
        produced.button_mark_done()
        deferred = self.production()
        answer = self.report(deferred, 10, deferred=True)
        Job.load(env, answer["job_uuid"]).perform()
        env.cache.invalidate()
        self.seed_orders = whole | partial | unbuilt | queued | produced | deferred
        assert set(self.seed_orders.mapped("state")) == {"done"}
        # the pools' actual cost of the month (a vendor bill, say), and the month's close
        self.actual_entry(fields.Date.context_today(self.env.user))
        self.seed_close = self.close().action_post()
        self.cr.commit()

    def actual_entry(self, date):
        misc = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.company.id)], limit=1)
        payable = self.env["account.account"].search(
            [("internal_type", "=", "payable"), ("company_id", "=", self.company.id)],
            limit=1)
        partner = self.env.user.partner_id
        move = self.env["account.move"].create({
            "journal_id": misc.id, "date": date, "ref": "Overhead bill",
            "line_ids": [
                (0, 0, {"account_id": self.control.id, "name": "Overhead",
                        "debit": 3000.0, "credit": 0.0}),
                (0, 0, {"account_id": payable.id, "name": "Overhead", "partner_id": partner.id,
                        "debit": 0.0, "credit": 3000.0})]})
        move.post()
        return move

    def close(self, date_from=None):
        """The wizard as the menu opens it (its defaults), for the month of
        ``date_from`` (this month by default)."""
        wizard = self.env["mrp.overhead.close"]
        vals = {}
        if date_from:
            vals = {"date_from": date_from, "date_to": wizard._month_end(date_from)}
            vals["pool_ids"] = [(6, 0, wizard._default_pools(
                self.company, vals["date_from"], vals["date_to"]).ids)]
        return wizard.create(vals)

    # -------------------------------------------------------------- history
    def seed_rows(self):
        """{table: [ids]} of the seed, and the largest id of each table."""
        cr = self.cr
        seed, orders = {}, tuple(self.seed_orders.ids)
        cr.execute("SELECT id FROM mrp_production WHERE id IN %s", (orders,))
        seed["mrp_production"] = [r[0] for r in cr.fetchall()]
        cr.execute("SELECT procurement_group_id FROM mrp_production WHERE id IN %s "
                   "AND procurement_group_id IS NOT NULL", (orders,))
        seed["procurement_group"] = [r[0] for r in cr.fetchall()]
        cr.execute("SELECT id FROM mrp_unbuild WHERE mo_id IN %s", (orders,))
        seed["mrp_unbuild"] = [r[0] for r in cr.fetchall()] or [0]
        cr.execute("""SELECT id FROM stock_move WHERE raw_material_production_id IN %s
                      OR production_id IN %s OR unbuild_id IN %s OR consume_unbuild_id IN %s""",
                   (orders, orders, tuple(seed["mrp_unbuild"]), tuple(seed["mrp_unbuild"])))
        moves = tuple(r[0] for r in cr.fetchall())
        # the queued component's late move has no order on it: the backflush line has
        cr.execute("SELECT move_id FROM mrp_backflush_line WHERE production_id IN %s AND "
                   "move_id IS NOT NULL", (orders,))
        moves = tuple(set(moves) | set(r[0] for r in cr.fetchall()))
        seed["stock_move"] = list(moves)
        cr.execute("SELECT id FROM stock_move_line WHERE move_id IN %s", (moves,))
        seed["stock_move_line"] = [r[0] for r in cr.fetchall()]
        cr.execute("SELECT id FROM account_move WHERE stock_move_id IN %s OR "
                   "backflush_production_id IN %s", (moves, orders))
        entries = set(r[0] for r in cr.fetchall())
        cr.execute("SELECT id FROM mrp_overhead_close_history WHERE move_id = %s",
                   (self.seed_close.id,))
        seed["mrp_overhead_close_history"] = [r[0] for r in cr.fetchall()]
        cr.execute("SELECT id FROM account_move WHERE id = %s OR ref = 'Overhead bill'",
                   (self.seed_close.id,))
        entries |= set(r[0] for r in cr.fetchall())
        seed["account_move"] = sorted(entries)
        cr.execute("SELECT id FROM account_move_line WHERE move_id IN %s", (tuple(entries),))
        seed["account_move_line"] = [r[0] for r in cr.fetchall()]
        for table in ("mrp_backflush_line", "mrp_backflush_cost_line", "mrp_backflush_event"):
            cr.execute("SELECT id FROM %s WHERE production_id IN %%s" % table, (orders,))
            seed[table] = [r[0] for r in cr.fetchall()]
        cr.execute("SELECT job_id FROM mrp_backflush_event WHERE production_id IN %s AND "
                   "job_id IS NOT NULL", (orders,))
        seed["queue_job"] = [r[0] for r in cr.fetchall()]
        shift = {}
        for table in SEED_TABLES:
            cr.execute("SELECT max(id) FROM %s" % table)
            shift[table] = cr.fetchone()[0]
        # chatter of the copied records
        models = {model: tuple(seed[t]) for t, model in TABLE_MODELS.items() if seed[t]}
        ids = set()
        for model, res_ids in models.items():
            cr.execute("SELECT id FROM mail_message WHERE model = %s AND res_id IN %s",
                       (model, res_ids))
            ids |= set(r[0] for r in cr.fetchall())
        seed["mail_message"] = sorted(ids) or [0]
        cr.execute("SELECT id FROM mail_tracking_value WHERE mail_message_id IN %s",
                   (tuple(seed["mail_message"]),))
        seed["mail_tracking_value"] = [r[0] for r in cr.fetchall()] or [0]
        ids = set()
        for model, res_ids in models.items():
            cr.execute("SELECT id FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                       (model, res_ids))
            ids |= set(r[0] for r in cr.fetchall())
        seed["mail_followers"] = sorted(ids) or [0]
        for table in CHATTER_TABLES:
            cr.execute("SELECT max(id) FROM %s" % table)
            shift[table] = cr.fetchone()[0]
        self.seed_ids, self.shift = seed, shift
        self.seed_postings = self._count("mrp_backflush_event", seed)

    @staticmethod
    def _count(table, seed):
        return len([i for i in seed[table] if i])

    def _columns(self, table):
        """[(column, type, referenced copied table or None)] of ``table``."""
        cr = self.cr
        cr.execute("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod),
                   (SELECT r.relname FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid
                     WHERE c.conrelid = a.attrelid AND c.contype = 'f'
                       AND c.conkey = ARRAY[a.attnum] LIMIT 1)
              FROM pg_attribute a
             WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum""", (table,))
        copied = set(SEED_TABLES) | set(CHATTER_TABLES)
        return [(name, kind, ref if ref in copied else None)
                for name, kind, ref in cr.fetchall()]

    def _mapped(self, column, ref):
        """SQL of ``column`` in copy k: shifted when it points at a seed row of ``ref``."""
        return ("CASE WHEN %s = ANY(%%(seed_%s)s) THEN %s + c.k * %d ELSE %s END"
                % (column, ref, column, self.shift[ref], column))

    def _select(self, table, columns):
        exprs = []
        for name, kind, ref in columns:
            if name == "id":
                expr = "t.id + c.k * %d" % self.shift[table]
            elif ref:
                expr = self._mapped("t.%s" % name, ref)
            elif name in SUFFIXED.get(table, ()):
                expr = "t.%s || '-H' || c.k" % name
            elif kind == "date":
                expr = "t.%s + c.days" % name
            elif kind.startswith("timestamp"):
                expr = "t.%s + c.days * interval '1 day'" % name
            elif name == "res_id" and table in ("mail_message", "mail_followers"):
                field = "model" if table == "mail_message" else "res_model"
                expr = "CASE %s ELSE t.res_id END" % " ".join(
                    "WHEN t.%s = '%s' THEN %s" % (field, model, self._mapped("t.res_id", copied))
                    for copied, model in TABLE_MODELS.items() if self.seed_ids[copied])
            else:
                expr = "t.%s" % name
            exprs.append(expr)
        return ", ".join(exprs)

    def replicate(self, first, last, seeds_per_month):
        """Copies ``first`` .. ``last`` of the seed (docstring, 2)."""
        cr, t0 = self.cr, time.perf_counter()
        today = fields.Date.from_string(fields.Date.context_today(self.env.user))
        month_start = today.replace(day=1)
        cr.execute("DROP TABLE IF EXISTS bench_copies")
        cr.execute("CREATE TEMP TABLE bench_copies (k int PRIMARY KEY, days int)")
        rows = []
        for k in range(first, last + 1):
            back = 1 + (k - 1) // seeds_per_month
            year, month = month_start.year, month_start.month - back
            while month < 1:
                year, month = year - 1, month + 12
            length = calendar.monthrange(year, month)[1]
            day = 1 + ((k - 1) % seeds_per_month) * length // seeds_per_month
            rows.append((k, (datetime.date(year, month, day) - today).days))
        cr.execute("INSERT INTO bench_copies VALUES %s" % ",".join(
            cr.mogrify("(%s,%s)", row).decode() for row in rows))
        params = {"seed_%s" % t: [i for i in ids if i] for t, ids in self.seed_ids.items()}
        # the close of the seed's month is copied into the first copy of each month only
        cr.execute("SELECT min(k) FROM bench_copies GROUP BY (k - 1) / %s", (seeds_per_month,))
        params["close_copies"] = [r[0] for r in cr.fetchall()]
        close_entry = self.seed_close.id
        cr.execute("SELECT id FROM account_move WHERE ref = 'Overhead bill' ORDER BY id "
                   "LIMIT 1")
        monthly_entries = [close_entry, cr.fetchone()[0]]
        params["monthly_entries"] = monthly_entries
        monthly = {
            "account_move": "t.id = ANY(%(monthly_entries)s)",
            "account_move_line": "t.move_id = ANY(%(monthly_entries)s)",
            "mrp_overhead_close_history": "TRUE",
        }
        for table in SEED_TABLES + CHATTER_TABLES:
            ids = params["seed_%s" % table]
            if not ids:
                continue
            columns = self._columns(table)
            where = "t.id = ANY(%%(seed_%s)s)" % table
            if table in monthly:
                where += " AND (NOT (%s) OR c.k = ANY(%%(close_copies)s))" % monthly[table]
            cr.execute("INSERT INTO %s (%s) SELECT %s FROM %s t CROSS JOIN bench_copies c "
                       "WHERE %s" % (table, ", ".join('"%s"' % c[0] for c in columns),
                                     self._select(table, columns), table, where), params)
        for rel, (col1, ref1), (col2, ref2) in self._relations():
            cr.execute("""INSERT INTO {rel} ({c1}, {c2}) SELECT {e1}, {e2}
                            FROM {rel} t CROSS JOIN bench_copies c
                           WHERE t.{c1} = ANY(%(seed_{r1})s) OR t.{c2} = ANY(%(seed_{r2})s)
                          ON CONFLICT DO NOTHING""".format(
                rel=rel, c1=col1, c2=col2, r1=ref1 or "none", r2=ref2 or "none",
                e1=self._mapped("t.%s" % col1, ref1) if ref1 else "t.%s" % col1,
                e2=self._mapped("t.%s" % col2, ref2) if ref2 else "t.%s" % col2),
                dict(params, seed_none=[]))
        # the copied closes cover their month (dates moved by whole days do not)
        cr.execute("""UPDATE mrp_overhead_close_history
                         SET date_from = date_trunc('month', date_to)::date,
                             date_to = (date_trunc('month', date_to)
                                        + interval '1 month - 1 day')::date
                       WHERE id > %s AND date_from <> date_trunc('month', date_to)::date""",
                   (self.shift["mrp_overhead_close_history"],))
        cr.execute("""UPDATE account_move SET date = h.date_to FROM mrp_overhead_close_history h
                       WHERE h.move_id = account_move.id AND account_move.date <> h.date_to""")
        cr.execute("""UPDATE account_move_line SET date = m.date FROM account_move m
                       WHERE m.id = account_move_line.move_id AND m.backflush_kind = 'close'
                         AND account_move_line.date <> m.date""")
        for table in SEED_TABLES + CHATTER_TABLES:
            cr.execute("SELECT setval('%s_id_seq', (SELECT max(id) FROM %s))" % (table, table))
        cr.commit()
        self.analyze()
        return time.perf_counter() - t0

    def analyze(self):
        """The statistics autovacuum would have gathered by then."""
        self.cr.commit()
        self.cr.execute("ANALYZE")
        self.cr.commit()

    def _relations(self):
        """Many2many tables between a copied table and another: [(table, (column,
        copied table or None), (column, copied table or None))]."""
        cr = self.cr
        cr.execute("""
            SELECT c.relname, array_agg(a.attname ORDER BY a.attnum),
                   array_agg(r.relname ORDER BY a.attnum)
              FROM pg_constraint k
              JOIN pg_class c ON c.oid = k.conrelid
              JOIN pg_class r ON r.oid = k.confrelid
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
             WHERE k.contype = 'f'
               AND NOT EXISTS (SELECT 1 FROM pg_attribute i WHERE i.attrelid = c.oid
                               AND i.attname = 'id')
             GROUP BY c.relname HAVING count(*) = 2""")
        copied = set(SEED_TABLES)
        result = []
        for rel, columns, refs in cr.fetchall():
            if not copied.intersection(refs):
                continue
            result.append((rel, (columns[0], refs[0] if refs[0] in copied else None),
                           (columns[1], refs[1] if refs[1] in copied else None)))
        return result

    # ------------------------------------------------------------ operations
    def live(self):
        """What the operations need besides the history: 2 released orders using the
        supermarket (Replenish Supermarkets lists what they still take)."""
        self.released = self.production() | self.production(5.0)
        self.cr.commit()

    def op_posting(self):
        production = self.production()
        return lambda: self.report(production, 10)

    def op_period_close(self, date_from=None):
        """The month's close reopened (its history deleted, as deleting its entry does;
        the entry stays, the close leaves closing entries out), then closed again."""
        self.cr.execute("DELETE FROM mrp_overhead_close_history WHERE date_from = %s", (
            date_from or self.env["mrp.overhead.close"]._default_date_from(),))

        def run():
            move = self.close(date_from).action_post()
            assert move.state == "posted"
        return run

    def op_replenish(self):
        def run():
            wizard = self.env["mrp.supermarket.replenishment"].create({})
            assert wizard.line_ids.mapped("qty") == [10.0], wizard.line_ids.mapped("qty")
        return run

    def op_cycle_count(self):
        product = self.components[1]
        inventory = self.env["stock.inventory"].create({
            "name": "Cycle count", "filter": "product", "product_id": product.id,
            "location_id": self.stock.id})
        inventory.action_start()
        for line in inventory.line_ids:
            line.product_qty = line.theoretical_qty * 0.5

        def run():
            inventory.action_done()
            assert self.env["mrp.cycle.count.alert"].search_count(
                [("inventory_id", "=", inventory.id)])
        return run

    def op_events_list(self):
        view = self.env.ref("mrp_backflush.mrp_backflush_event_view_tree")
        events = self.env["mrp.backflush.event"]
        names = [name for name in events.fields_view_get(view.id, "tree")["fields"]]

        def run():
            rows = events.search_read([], names, limit=80)
            if len(rows) == 80:
                events.search_count([])
        return run

    def measure(self, prepare, plans=False):
        """{seconds, queries, cpu (this process's CPU seconds, Odoo's Python: less
        sensitive to the load than seconds): medians of --reps runs after a warm-up;
        blocks: buffers the
        SELECTs of one more run read (their EXPLAIN ANALYZE: the work, whatever the
        load); top: its 3 SELECTs reading most, with their plan if ``plans``}."""
        runs, work = [], None
        for rep in range(self.reps + 2):
            self.cr.execute("SAVEPOINT bench_op")
            fn = prepare()
            self.env.cache.invalidate()
            recorded = rep == self.reps + 1     # not timed: the log slows it down
            if recorded:
                self._record()
            queries = self.cr.sql_log_count
            t0, cpu = time.perf_counter(), time.process_time()
            fn()
            seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu
            queries = self.cr.sql_log_count - queries
            if recorded:
                work = self._work(self._stop_recording(), plans)
                work["recorded_queries"] = queries
            elif rep:                   # the first run fills the caches
                runs.append((seconds, queries, cpu))
            self.cr.execute("ROLLBACK TO SAVEPOINT bench_op")
            self.env.cache.invalidate()
        return dict(work, seconds=statistics.median(r[0] for r in runs),
                    queries=statistics.median(r[1] for r in runs),
                    cpu=statistics.median(r[2] for r in runs))

    # ---------------------------------------------------------- query log
    def _record(self):
        cr, self.log = self.cr, []
        execute = type(cr).execute

        def logged(query, params=None, log_exceptions=None):
            self.log.append((query, params, _caller()))
            if TRACE and TRACE in " ".join(str(query).split()):
                print("".join(traceback.format_stack()[-14:-1]), file=sys.stderr)
            return execute(cr, query, params, log_exceptions)
        cr.execute = logged

    def _stop_recording(self):
        del self.cr.execute
        log, self.log = self.log, None
        return log

    def _work(self, log, plans):
        """Buffers read by the SELECTs of ``log`` (EXPLAIN ANALYZE each, in a savepoint):
        in all, and per (caller, query) with its text, and its plan if ``plans``."""
        by_query, blocks = {}, 0
        for query, params, caller in log:
            if not str(query).lstrip().upper().startswith("SELECT"):
                continue
            plan = self._explain(query, params, "FORMAT JSON")[0][0][0]
            top = plan["Plan"]
            read = top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
            blocks += read
            key = (caller, " ".join(str(query).split()))
            entry = by_query.setdefault(key, {"blocks": 0, "ms": 0.0, "plan": None,
                                              "count": 0})
            entry["blocks"] += read
            entry["count"] += 1
            entry["ms"] += plan["Execution Time"]
            shown = any(part in key[1] for part in SHOW)
            if plans and (read >= 50 or shown) and entry["plan"] is None:
                entry["plan"] = "\n".join(
                    r[0] for r in self._explain(query, params, "FORMAT TEXT"))
        return {"blocks": blocks, "by_query": by_query}

    def _explain(self, query, params, form):
        self.cr.execute("SAVEPOINT bench_explain")
        try:
            self.cr.execute("EXPLAIN (ANALYZE, BUFFERS, %s) %s" % (form, query), params)
            return self.cr.fetchall()
        finally:
            self.cr.execute("ROLLBACK TO SAVEPOINT bench_explain")


def _caller():
    """The innermost frame of the addon's code, else of Odoo's addons, that ran a query."""
    frames = traceback.extract_stack()[:-2]
    for marker in ("/bench/", "mrp_backflush/", "/odoo/addons/", "/odoo/"):
        for frame in reversed(frames):
            if marker in frame.filename and "history.py" not in frame.filename \
                    and "sql_db" not in frame.filename:
                return "%s:%d %s" % (frame.filename.split("/")[-1], frame.lineno, frame.name)
    return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--history", type=int, default=20000, help="orders of history (N)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--postings-per-month", type=int, default=2000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level", "warn"])
    bench = Bench(args.db, args.reps)
    results, month_close = {}, None
    try:
        t0 = time.perf_counter()
        bench.setup()
        bench.seed()
        bench.live()
        bench.seed_rows()
        bench.analyze()
        print("seed: %d orders, %d postings, %.1f s" % (
            ORDERS_PER_SEED, bench.seed_postings, time.perf_counter() - t0),
            file=sys.stderr, flush=True)
        copies = max(1, args.history // ORDERS_PER_SEED)
        seeds_per_month = max(1, args.postings_per_month // bench.seed_postings)
        stages = [(0, 0), (args.history // 10, copies // 10), (args.history, copies)]
        done = 0
        for stage, (orders, upto) in enumerate(stages):
            if upto > done:
                seconds = bench.replicate(done + 1, upto, seeds_per_month)
                print("history: copies %d-%d (%d orders) in %.1f s" % (
                    done + 1, upto, (upto - done) * ORDERS_PER_SEED, seconds),
                    file=sys.stderr, flush=True)
                done = upto
            for name in OPERATIONS:
                prepare = getattr(bench, "op_" + name.replace(" ", "_"))
                res = results[(name, orders)] = bench.measure(
                    prepare, plans=stage == len(stages) - 1)
                print("  %-14s %6d orders  %7.3f s %7.3f s CPU %6d queries %8d blocks" % (
                    name, orders, res["seconds"], res["cpu"], res["queries"], res["blocks"]),
                    file=sys.stderr, flush=True)
        # the busiest history month: last month
        last_month = (fields.Date.from_string(fields.Date.context_today(bench.env.user))
                      .replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        date_from = fields.Date.to_string(last_month)
        date_to = bench.env["mrp.overhead.close"]._month_end(date_from)
        bench.cr.execute("SELECT count(*) FROM mrp_backflush_event WHERE create_date >= %s "
                         "AND create_date <= %s", (date_from, date_to + " 23:59:59"))
        postings = bench.cr.fetchone()[0]
        month_close = dict(bench.measure(lambda: bench.op_period_close(date_from), plans=True),
                           month=date_from, postings=postings)
    finally:
        bench.cr.rollback()
        bench.cr.close()
    report(results, [orders for orders, _upto in stages], month_close)


def report(results, sizes, month_close):
    print()
    print("Operations by orders of history: median seconds (ratio to 0), of which CPU "
          "seconds of Odoo's process (ratio to 0), SQL queries, buffers read by the SELECTs "
          "(EXPLAIN ANALYZE); last column: N against N/10 (the events list shows 7 rows "
          "at 0, a full page of 80 from N/10)")
    print("| operation | " + " | ".join("%d orders" % n for n in sizes) + " | N / (N/10) |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for name in OPERATIONS:
        base = results[(name, 0)]
        cells = []
        for n in sizes:
            res = results[(name, n)]
            cells.append("%.3f s (%.2fx), CPU %.3f s (%.2fx), %d q, %d blocks" % (
                res["seconds"], res["seconds"] / base["seconds"], res["cpu"],
                res["cpu"] / base["cpu"], res["queries"], res["blocks"]))
        tenth, last = results[(name, sizes[1])], results[(name, sizes[-1])]
        cells.append("%.2fx time, %.2fx CPU, %.2fx blocks" % (
            last["seconds"] / tenth["seconds"], last["cpu"] / tenth["cpu"],
            last["blocks"] / tenth["blocks"]))
        print("| %s | %s |" % (name, " | ".join(cells)))
    print()
    print("Period close of the month from %s (%d postings) at %d orders: %.2f s (CPU %.2f s), "
          "%d queries, %d blocks" % (month_close["month"], month_close["postings"], sizes[-1],
                                     month_close["seconds"], month_close["cpu"],
                                     month_close["queries"], month_close["blocks"]))
    print()
    print("The SELECTs whose reads grew most from 0 to %d orders (blocks per run: "
          "0 -> N), with their plan at N" % sizes[-1])
    tops = [(name, results[(name, 0)]["by_query"], results[(name, sizes[-1])]["by_query"])
            for name in OPERATIONS]
    tops.append(("period close of a history month", {}, month_close["by_query"]))
    for name, before, after in tops:
        print("## %s" % name)
        growth = sorted(after.items(), key=lambda item: -(
            item[1]["blocks"] - before.get(item[0], {}).get("blocks", 0)))
        shown = [item for item in growth[5:] if any(part in item[0][1] for part in SHOW)]
        for (caller, query), entry in growth[:5] + shown:
            print("- %d -> %d blocks (%d queries, %.1f ms), from %s: %s" % (
                before.get((caller, query), {}).get("blocks", 0), entry["blocks"],
                entry["count"], entry["ms"], caller, query[:400]))
            if entry["plan"]:
                print("    " + entry["plan"].replace("\n", "\n    "))


if __name__ == "__main__":
    with api.Environment.manage():
        main()
