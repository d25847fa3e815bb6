"""python -m mes_client: send completion events to Odoo (see mes_client/__init__.py)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter

from .client import OdooClient, OdooError, RetryPolicy
from .events import EventFormatError, read_events

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m mes_client",
        description="Report manufacturing completions to Odoo (mrp_backflush "
                    "report_completion), each event exactly once.")
    parser.add_argument("events", help="CSV (header: production,quantity,event_id[,hours]) "
                                       "or JSON lines file; - for standard input")
    parser.add_argument("--format", choices=("csv", "jsonl"),
                        help="input format (default: from the file name, else csv)")
    parser.add_argument("--url", default=os.environ.get("MES_ODOO_URL",
                                                        "http://localhost:8069"))
    parser.add_argument("--db", default=os.environ.get("MES_ODOO_DB"))
    parser.add_argument("--login", default=os.environ.get("MES_ODOO_LOGIN"))
    parser.add_argument("--password-env", default="MES_ODOO_PASSWORD", metavar="VAR",
                        help="environment variable holding the password "
                             "(default: MES_ODOO_PASSWORD)")
    parser.add_argument("--retries", type=int, default=5,
                        help="tries after the first on retryable errors (default 5)")
    parser.add_argument("--backoff", type=float, default=0.5,
                        help="first wait in seconds, doubled at each retry (default 0.5)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds to wait for each answer (default 60)")
    parser.add_argument("--deferred", action="store_true",
                        help="have Odoo record each event and answer at once, a background "
                             "job posting it (report_completion deferred=True); default: "
                             "as the company is set up")
    parser.add_argument("--results", metavar="FILE",
                        help="write each event's result or error as JSON lines")
    parser.add_argument("--quiet", action="store_true", help="summary only")
    args = parser.parse_args(argv)
    for option in ("db", "login"):
        if not getattr(args, option):
            parser.error("--%s is required (or $MES_ODOO_%s)" % (option, option.upper()))
    args.password = os.environ.get(args.password_env)
    if args.password is None:
        parser.error("set the password in $%s" % args.password_env)
    if not args.format:
        args.format = "jsonl" if args.events.endswith((".jsonl", ".ndjson", ".json")) \
            else "csv"
    return args


def describe(result: dict) -> str:
    if result.get("duplicate") and result.get("event_state") == "failed":
        return ("already reported, its background posting FAILED: %s (fix the cause, then "
                "Post Again in Manufacturing > Reporting > Completion Events)"
                % result.get("failure"))
    if result.get("duplicate"):
        return "already reported (first result returned, nothing posted)"
    if result.get("queued"):
        return "queued: %s, job %s posts it" % (result.get("production"),
                                                result.get("job_uuid"))
    # Odoo's word for a posting some of whose components wait in the backflush queue
    # (Completion Events: "Posted, components queued")
    posted = ("posted, components queued" if result.get("queued_product_ids")
              else "posted")
    return "%s: %s now %s, %d stock moves, %d journal entries" % (
        posted, result.get("production"), result.get("state"),
        len(result.get("stock_move_ids", [])), len(result.get("account_move_ids", [])))


def outcome(result: dict) -> str:
    """What an answer counts as: a resend of an event whose background posting failed
    is failed (nothing posted, the exit code says so), any other resend a duplicate."""
    if result.get("duplicate"):
        return "failed" if result.get("event_state") == "failed" else "duplicate"
    return "queued" if result.get("queued") else "posted"


def main(argv=None, out=sys.stdout) -> int:
    args = parse_args(argv)
    stream = sys.stdin if args.events == "-" else open(args.events, newline="",
                                                       encoding="utf-8")
    with stream:
        events = read_events(stream, args.format)

    def say(text):
        if not args.quiet:
            print(text, file=out, flush=True)

    def on_retry(error, attempt, delay):
        say("    retry %d/%d in %.1f s: %s" % (attempt, args.retries, delay, error))

    client = OdooClient(args.url, args.db, args.login, args.password,
                        retry=RetryPolicy(retries=args.retries, backoff=args.backoff),
                        timeout=args.timeout, on_retry=on_retry)
    try:
        client.authenticate()
    except OdooError as error:
        print("login failed: %s" % error, file=sys.stderr)
        return EXIT_USAGE
    counts = Counter()
    results = open(args.results, "w", encoding="utf-8") if args.results else None
    try:
        for index, event in enumerate(events, 1):
            prefix = "[%d/%d]" % (index, len(events))
            if isinstance(event, EventFormatError):
                counts["failed"] += 1
                say("%s unreadable event, %s" % (prefix, event))
                record = {"error": str(event)}
            else:
                say("%s %s: %s x %g" % (prefix, event.event_id, event.production,
                                        event.quantity))
                record = {"event_id": event.event_id}
                try:
                    result = client.report_completion(event.production, event.quantity,
                                                      event.event_id, event.hours,
                                                      deferred=args.deferred or None)
                except OdooError as error:
                    counts["failed"] += 1
                    say("    FAILED: %s" % error)
                    record["error"] = str(error)
                else:
                    counts[outcome(result)] += 1
                    say("    %s" % describe(result))
                    record["result"] = result
            if results:
                results.write(json.dumps(record, sort_keys=True) + "\n")
    finally:
        if results:
            results.close()
    queued = ", %d queued" % counts["queued"] if counts["queued"] else ""
    print("%d events: %d posted%s, %d already reported, %d failed" % (
        len(events), counts["posted"], queued, counts["duplicate"], counts["failed"]),
        file=out)
    return EXIT_FAILED if counts["failed"] else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
