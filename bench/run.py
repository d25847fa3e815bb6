"""Speed of MO completion: native Odoo 11 against mrp_backflush, measured in one run.

Run it with `make bench` (python3 tools/devenv.py bench [--reps N] [--batch N]): that
clones two fresh databases, the base template without the addon (native Odoo) and the
test template with it, and runs this script in the venv; both are dropped afterwards.
Odoo runs in-process (odoo.registry + api.Environment on one cursor per database), every
scenario builds its own data with the same code in both databases and nothing is
committed.

Scenarios, one MO of --qty units each (median of --reps MOs):
  5, 50, 200 components    single-level BOM, real-time valuation, standard cost
  500 components           the same, addon only (native Odoo's produce wizard is
                           quadratic in the components: minutes per MO)
  phantom 20 (35 leaves)   15 components + 5 phantom kits of 4
  batch                    --batch MOs of 10 components completed in one transaction
Native completion: the produce wizard + Mark as Done. The addon's completion: its
one-step report_completion when the addon has it, else the same two steps, with the BOM
lines at policy `finish`, cost pools with rates, and the backflush log.
Printed per scenario: median seconds per MO, SQL queries per MO (cursor counter), rows
written per MO (new rows in the tables below) and the ratio addon / native; then how the
addon's time per component grows from 5 to 500 components (linear time: it does not grow).
"""
import argparse
import statistics
import sys
import time
import uuid

import odoo
from odoo import SUPERUSER_ID, api

TABLES = ["stock_move", "stock_move_line", "account_move", "account_move_line",
          "mrp_backflush_line"]
SHORT = {"stock_move": "sm", "stock_move_line": "sml", "account_move": "am",
         "account_move_line": "aml", "mrp_backflush_line": "bfl"}


class Side:
    """One database: native Odoo, or Odoo with the addon."""

    def __init__(self, name, db):
        self.name, self.db = name, db
        self.registry = odoo.registry(db)
        self.cr = self.registry.cursor()
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.addon = "mrp.backflush.line" in self.env
        self.tables = [t for t in TABLES if self._table_exists(t)]
        self.seq = 0

    def _table_exists(self, table):
        self.cr.execute("SELECT to_regclass(%s)", (table,))
        return self.cr.fetchone()[0] is not None

    def rows(self):
        counts = {}
        for table in self.tables:
            self.cr.execute("SELECT count(*) FROM %s" % table)
            counts[table] = self.cr.fetchone()[0]
        return counts

    def close(self):
        self.cr.rollback()
        self.cr.close()

    # ---------------------------------------------------------------- data
    def setup(self):
        env = self.env
        self.company = env.user.company_id
        self.stock = env.ref("stock.stock_location_stock")
        self.categ = env["product.category"].create({
            "name": "Bench real-time standard", "property_valuation": "real_time",
            "property_cost_method": "standard"})
        if self.addon:
            self._setup_addon()

    def _setup_addon(self):
        """What a company using the addon has: WIP valuation and cost pools with rates."""
        env, company = self.env, self.company
        if not company.backflush_wip_account_id and hasattr(
                company, "action_backflush_setup_wip_valuation"):
            company.action_backflush_setup_wip_valuation()
        if "mrp.cost.pool" not in env:
            return
        expense = env.ref("account.data_account_type_expenses").id
        income = env.ref("account.data_account_type_other_income").id

        def account(code, name, user_type):
            return env["account.account"].create({
                "code": code, "name": name, "user_type_id": user_type,
                "company_id": company.id}).id

        for name, kind, basis, rate in (("Bench labour", "labour", "units", 4.0),
                                        ("Bench overhead", "overhead", "material_cost", 5.0)):
            pool = env["mrp.cost.pool"].create({
                "name": name, "kind": kind, "basis": basis, "company_id": company.id,
                "applied_account_id": account("BA%s" % kind[:3].upper(), name + " applied",
                                              income),
                "control_account_id": account("BC%s" % kind[:3].upper(), name + " control",
                                              expense)})
            env["mrp.overhead.rate"].create({"pool_id": pool.id, "rate": rate})

    def product(self, name, cost):
        self.seq += 1
        return self.env["product.product"].create({
            "name": "%s %d" % (name, self.seq), "type": "product", "standard_price": cost,
            "categ_id": self.categ.id})

    def components(self, count):
        products = self.env["product.product"]
        for i in range(count):
            product = self.product("Component", 1.0 + i % 7)
            self.env["stock.quant"]._update_available_quantity(product, self.stock, 1e6)
            products |= product
        return products

    def bom(self, product, lines, bom_type="normal"):
        policy = {"backflush_policy": "finish"} if self.addon else {}
        return self.env["mrp.bom"].create({
            "product_tmpl_id": product.product_tmpl_id.id, "product_qty": 1.0,
            "type": bom_type, "bom_line_ids": [
                (0, 0, dict(policy, product_id=component.id, product_qty=qty))
                for component, qty in lines]})

    def single_level(self, count):
        finished = self.product("Finished %d" % count, 10.0 * count)
        self.bom(finished, [(c, 1.0 + i % 3) for i, c in enumerate(self.components(count))])
        return finished

    def phantom(self, plain=15, kits=5, per_kit=4):
        finished = self.product("Finished kits", 500.0)
        lines = [(c, 1.0) for c in self.components(plain)]
        for _i in range(kits):
            kit = self.product("Kit", 0.0)
            self.bom(kit, [(c, 2.0) for c in self.components(per_kit)], bom_type="phantom")
            lines.append((kit, 1.0))
        self.bom(finished, lines)
        return finished

    def production(self, product, qty):
        bom = self.env["mrp.bom"]._bom_find(product=product)
        production = self.env["mrp.production"].create({
            "product_id": product.id, "product_qty": qty,
            "product_uom_id": product.uom_id.id, "bom_id": bom.id})
        production.action_assign()
        return production

    # ---------------------------------------------------------- completion
    def complete(self, production, qty):
        if self.addon and hasattr(production, "report_completion"):
            production.report_completion(production.id, qty, "bench-%s" % uuid.uuid4().hex)
            return
        wizard = self.env["mrp.product.produce"].with_context(
            active_id=production.id, active_ids=production.ids).create({"product_qty": qty})
        wizard.do_produce()
        production.button_mark_done()

    def measure(self, productions, qty):
        """Complete the MOs one after the other: (seconds, queries, {table: rows})."""
        rows = self.rows()
        queries = self.cr.sql_log_count
        t0 = time.perf_counter()
        for production in productions:
            self.complete(production, qty)
        seconds = time.perf_counter() - t0
        queries = self.cr.sql_log_count - queries
        after = self.rows()
        for production in productions:
            assert production.state == "done", production.name
        return seconds, queries, {t: after[t] - rows[t] for t in self.tables}


def single(side, product, qty, reps):
    runs = []
    for _i in range(reps):
        production = side.production(product, qty)
        runs.append(side.measure(production, qty))
    return {
        "seconds": statistics.median(r[0] for r in runs),
        "queries": statistics.median(r[1] for r in runs),
        "rows": {t: statistics.median(r[2][t] for r in runs) for t in side.tables},
    }


def batch(side, product, qty, count):
    productions = side.env["mrp.production"]
    for _i in range(count):
        productions |= side.production(product, qty)
    seconds, queries, rows = side.measure(productions, qty)
    return {"seconds": seconds / count, "queries": queries / count,
            "rows": {t: n / count for t, n in rows.items()}, "mo_per_s": count / seconds}


def rows_text(rows):
    return " ".join("%s %g" % (SHORT[t], round(n, 1)) for t, n in rows.items() if n) or "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--native-db", required=True)
    parser.add_argument("--addon-db", required=True)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--qty", type=float, default=10.0)
    parser.add_argument("--only", help="comma-separated scenario keys: 5,50,200,500,"
                        "phantom,batch")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level", "warn"])
    sides = [Side("native", args.native_db), Side("addon", args.addon_db)]
    assert sides[1].addon and not sides[0].addon, "the addon must be in --addon-db only"
    scenarios = [("5", "5 components", lambda s: s.single_level(5)),
                 ("50", "50 components", lambda s: s.single_level(50)),
                 ("200", "200 components", lambda s: s.single_level(200)),
                 ("500", "500 components", lambda s: s.single_level(500)),
                 ("phantom", "phantom 20 lines (35 leaves)", lambda s: s.phantom()),
                 ("batch", "batch of %d MOs x 10 comp." % args.batch,
                  lambda s: s.single_level(10))]
    only = set(args.only.split(",")) if args.only else None
    results = []
    try:
        for side in sides:
            side.setup()
            # the first completion of a registry fills its caches: not measured
            single(side, side.single_level(5), args.qty, 1)
        for key, label, build in scenarios:
            if only and key not in only:
                continue
            res = {}
            for side in sides:
                if key in ADDON_ONLY and not side.addon:
                    continue
                product = build(side)
                if key == "batch":
                    res[side.name] = batch(side, product, args.qty, args.batch)
                else:
                    res[side.name] = single(side, product, args.qty, args.reps)
                print("  %-32s %-6s %7.2f s/MO %7d queries/MO  %s" % (
                    label, side.name, res[side.name]["seconds"], res[side.name]["queries"],
                    rows_text(res[side.name]["rows"])), file=sys.stderr, flush=True)
            results.append((key, label, res))
    finally:
        for side in sides:
            side.close()
    report(results, args)


# scenarios native Odoo is not run on (too slow to wait for)
ADDON_ONLY = {"500"}
# scenarios of one single-level BOM, by their number of components
SINGLE_LEVEL = {"5": 5, "50": 50, "200": 200, "500": 500}


def report(results, args):
    print()
    print("MO completion, %g units per MO, median of %d MOs (batch: %d MOs in one "
          "transaction)" % (args.qty, args.reps, args.batch))
    print("| scenario | native s/MO | addon s/MO | ratio | native queries/MO | addon "
          "queries/MO | ratio | native rows/MO | addon rows/MO |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key, label, res in results:
        native, addon = res.get("native"), res["addon"]
        if native is None:
            print("| %s | - | %.2f | - | - | %d | - | - | %s |" % (
                label, addon["seconds"], addon["queries"], rows_text(addon["rows"])))
            continue
        print("| %s | %.2f | %.2f | %.2f | %d | %d | %.2f | %s | %s |" % (
            label, native["seconds"], addon["seconds"], addon["seconds"] / native["seconds"],
            native["queries"], addon["queries"], addon["queries"] / native["queries"],
            rows_text(native["rows"]), rows_text(addon["rows"])))
        if key == "batch":
            print("| batch MOs per second | %.2f | %.2f | %.2fx faster | | | | | |" % (
                native["mo_per_s"], addon["mo_per_s"], addon["mo_per_s"] / native["mo_per_s"]))
    print("rows: sm stock_move, sml stock_move_line, am account_move, aml "
          "account_move_line, bfl mrp_backflush_line")
    growth(results)


def growth(results):
    """The addon's time and queries per component of the single-level scenarios, and
    their growth against the smallest one: above 1 would mean worse than linear."""
    rows = [(SINGLE_LEVEL[key], res["addon"]) for key, _label, res in results
            if key in SINGLE_LEVEL]
    if len(rows) < 2:
        return
    rows.sort(key=lambda row: row[0])
    base_count, base = rows[0]
    print()
    print("Addon time per component (growth against %d components; <= 1: linear or "
          "better)" % base_count)
    print("| components | ms/component | growth | queries/component | growth |")
    print("|---|---|---|---|---|")
    for count, addon in rows:
        per_s = addon["seconds"] / count
        per_q = addon["queries"] / count
        print("| %d | %.1f | %.2f | %.1f | %.2f |" % (
            count, 1000 * per_s, per_s / (base["seconds"] / base_count), per_q,
            per_q / (base["queries"] / base_count)))


if __name__ == "__main__":
    with api.Environment.manage():
        main()
