"""Fixtures of the browser test (plain pytest + Playwright, not pytest-odoo).

`make test-browser` serves a fresh clone of the demo database and sets MBF_URL and MBF_DB;
the data a test needs is made over XML-RPC, the screens are driven in Debian's Chromium
(Playwright's own browser download cannot be reached from here).
"""
import os
import tempfile
import xmlrpc.client

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 30000
FIRST_PAGE_MS = 600000
# the first page of a fresh database compiles the web assets (lessc): seconds
expect.set_options(timeout=TIMEOUT_MS)


class Rpc:
    """execute_kw as the admin user."""

    def __init__(self, url, db, login="admin", password="admin"):
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        assert self.uid, "cannot log in to %s as %s" % (db, login)
        self.db, self.password = db, password
        self.models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kw):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method,
                                      list(args), kw)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        found = self("ir.model.data", "search_read", [("module", "=", module),
                                                      ("name", "=", name)], ["res_id"])
        return found[0]["res_id"] if found else None

    def has_field(self, model, field):
        return field in self(model, "fields_get", [field], attributes=["type"])

    def has_model(self, model):
        return bool(self("ir.model", "search_count", [("model", "=", model)]))


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("MBF_URL"), os.environ.get("MBF_DB")
    if not url or not db:
        pytest.fail("run me through `make test-browser` (it serves Odoo and sets MBF_URL "
                    "and MBF_DB)")
    return url, db


@pytest.fixture(scope="session")
def rpc(server):
    return Rpc(*server)


@pytest.fixture(scope="session")
def page(server):
    """One logged-in page for the whole walk-through, as a person would use it."""
    url, db = server
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=os.environ.get("MBF_CHROMIUM", "/usr/bin/chromium"),
            headless=True, args=CHROMIUM_ARGS, viewport={"width": 1360, "height": 860})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto("%s/web/login?db=%s" % (url, db))
        page.fill("input[name=login]", "admin")
        page.fill("input[name=password]", "admin")
        # the first page after login compiles the web client's stylesheets and scripts
        # of the fresh clone: minutes on a loaded machine
        page.click("button[type=submit]", no_wait_after=True)
        expect(page.locator("#oe_main_menu_navbar")).to_be_visible(timeout=FIRST_PAGE_MS)
        yield page
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed step leaves the screen it failed on in MBF_FAILURES (default /tmp)."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page")
    if report.when == "call" and report.failed and page is not None:
        folder = os.environ.get("MBF_FAILURES", tempfile.gettempdir())
        page.screenshot(path=os.path.join(folder, "mbf-failed-%s.png" % item.name))
