"""Odoo's external JSON-RPC API (/jsonrpc: common.login, object.execute_kw) on requests,
with retries and exponential backoff on errors worth retrying."""
from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass
from typing import Callable

import requests

# PostgreSQL concurrency errors, as Odoo reports them (psycopg2 class names) or words them
RETRYABLE_NAMES = ("TransactionRollbackError", "SerializationFailure", "LockNotAvailable",
                   "DeadlockDetected")
RETRYABLE_MESSAGES = ("could not serialize access", "could not obtain lock",
                      "deadlock detected")
RETRYABLE_HTTP = (429, 502, 503, 504)


class OdooError(Exception):
    """A call that failed: ``retryable`` says whether sending it again may succeed."""

    def __init__(self, message: str, retryable: bool = False, name: str = ""):
        super().__init__(message)
        self.retryable = retryable
        self.name = name


@dataclass(frozen=True)
class RetryPolicy:
    """``retries`` more tries after the first, waiting backoff * 2**n (at most
    ``max_delay``) plus up to ``jitter`` of that at random, so that clients that failed
    together do not all come back together."""
    retries: int = 5
    backoff: float = 0.5
    max_delay: float = 30.0
    jitter: float = 0.25

    def delay(self, attempt: int) -> float:
        base = min(self.max_delay, self.backoff * 2 ** attempt)
        return base + random.uniform(0, base * self.jitter)


class OdooClient:
    def __init__(self, url: str, db: str, login: str, password: str,
                 retry: RetryPolicy = RetryPolicy(), timeout: float = 60.0,
                 session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 on_retry: Callable[[OdooError, int, float], None] | None = None):
        self.url = url.rstrip("/") + "/jsonrpc"
        self.db, self.login, self.password = db, login, password
        self.retry, self.timeout = retry, timeout
        self.session = session or requests.Session()
        self.sleep, self.on_retry = sleep, on_retry
        self.uid: int | None = None
        self._ids = itertools.count(1)

    # ------------------------------------------------------------------ calls
    def authenticate(self) -> int:
        uid = self._with_retries(lambda: self._call(
            "common", "login", [self.db, self.login, self.password]))
        if not uid:
            raise OdooError("login %r refused by database %r: wrong login or password"
                            % (self.login, self.db))
        self.uid = uid
        return uid

    def execute_kw(self, model: str, method: str, args: list, kwargs: dict | None = None):
        if self.uid is None:
            self.authenticate()
        return self._with_retries(lambda: self._call(
            "object", "execute_kw",
            [self.db, self.uid, self.password, model, method, args, kwargs or {}]))

    def report_completion(self, production, quantity: float, event_id: str,
                          hours: dict[str, float] | None = None,
                          deferred: bool | None = None) -> dict:
        """``deferred``: True, answered at once and posted by a background job; False,
        posted before the answer; None, as the company is set up."""
        kwargs = {"hours": hours or {}}
        if deferred is not None:
            kwargs["deferred"] = deferred
        return self.execute_kw("mrp.production", "report_completion",
                               [production, quantity, event_id], kwargs)

    # -------------------------------------------------------------- plumbing
    def _with_retries(self, call):
        attempt = 0
        while True:
            try:
                return call()
            except OdooError as error:
                if not error.retryable or attempt >= self.retry.retries:
                    raise
                delay = self.retry.delay(attempt)
                attempt += 1
                if self.on_retry:
                    self.on_retry(error, attempt, delay)
                self.sleep(delay)

    def _call(self, service: str, method: str, args: list):
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(self._ids),
                   "params": {"service": service, "method": method, "args": args}}
        try:
            response = self.session.post(self.url, json=payload, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as error:
            # a timeout may come after the server posted: resending is safe, the event id
            # makes Odoo return the first result
            raise OdooError("cannot reach %s: %s" % (self.url, error), retryable=True,
                            name=type(error).__name__) from error
        if response.status_code != 200:
            raise OdooError("HTTP %s from %s" % (response.status_code, self.url),
                            retryable=response.status_code in RETRYABLE_HTTP,
                            name="HTTP %s" % response.status_code)
        try:
            body = response.json()
        except ValueError as error:
            raise OdooError("%s answered something that is not JSON-RPC" % self.url) from error
        if "error" in body:
            raise self._error(body["error"])
        return body.get("result")

    @staticmethod
    def _error(error: dict) -> OdooError:
        data = error.get("data") or {}
        name = data.get("name") or ""
        arguments = data.get("arguments") or []
        # Odoo's UserError/ValidationError carry their message as the first argument
        message = (arguments[0] if arguments and isinstance(arguments[0], str)
                   else data.get("message") or error.get("message") or "unknown error")
        retryable = (name.rsplit(".", 1)[-1] in RETRYABLE_NAMES
                     or any(text in message for text in RETRYABLE_MESSAGES))
        return OdooError(message, retryable=retryable, name=name)
