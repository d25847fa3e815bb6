"""pytest plugin of `devenv.py test`: Odoo's own tests whose expectation mrp_backflush
changes on purpose, run as strict expected failures with the reason (a test listed here
that passes fails the run, so the list cannot go stale). README "Odoo's own tests"
gives the same list with the behaviour each one checks instead."""
import pytest

# test id (module path below odoo/addons :: class :: method) -> why the addon differs
CHANGED = {
    "mrp/tests/test_workorder_operation.py::TestWorkOrderProcess::test_00_workorder_process": (
        "the work order records 1 bolt and 1 leg (lots typed by hand) for a desk whose BOM "
        "says 4 of each; at policy 'finish' (the default) Mark as Done tops each up to the "
        "BOM quantity with the same lots: 20 - 4 = 16 bolts left, not 19. Checked instead "
        "by tests/test_backflush_lots.py (test_lot_recorded_by_the_user_first) and "
        "tests/test_backflush.py (top-up of what was recorded)"),
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        node = item.nodeid.split("odoo/addons/")[-1]
        reason = CHANGED.get(node)
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
