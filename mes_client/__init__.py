"""MES client of mrp_backflush: sends completion events to Odoo's report_completion.

    python -m mes_client --url http://odoo:8069 --db prod --login mes \
        events.csv            # password from $MES_ODOO_PASSWORD

Each event (production, quantity, event_id, optional hours per work center) is sent with
JSON-RPC ``object.execute_kw``; connection errors and retryable server errors
(serialization failure, lock not available, deadlock) are retried with exponential
backoff. The event id makes a resend harmless: Odoo posts an event once.
"""
from .client import OdooClient, OdooError, RetryPolicy
from .events import CompletionEvent, EventFormatError, read_events

__all__ = ["CompletionEvent", "EventFormatError", "OdooClient", "OdooError", "RetryPolicy",
           "read_events"]
