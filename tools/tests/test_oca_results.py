"""How `make test-oca` reads an Odoo 11 log at --test-enable (tools/devenv.py
oca_results): each test's description line as it starts, and Odoo's "FAIL:"/"ERROR:"
lines per failure at the end of its file, named as pytest names tests."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import devenv  # noqa: E402

PREFIX = "2026-12-07 13:58:47,964 4730 %s db odoo.addons.qc.tests.test_qc: "
LOG = "\n".join([
    PREFIX % "INFO" + "test_a (odoo.addons.qc.tests.test_qc.TestQc.test_a)",
    PREFIX % "INFO" + "` Creates an inspection",
    PREFIX % "INFO" + "test_b (odoo.addons.qc.tests.test_qc.TestQc.test_b)",
    PREFIX % "INFO" + "test_c (odoo.addons.qc.tests.test_qc.TestQc)",   # Python < 3.11
    PREFIX % "ERROR" + "FAIL: test_b (odoo.addons.qc.tests.test_qc.TestQc.test_b)",
    PREFIX % "ERROR" + "ERROR: setUpClass (odoo.addons.qc.tests.test_qc.TestOther)",
    PREFIX % "ERROR" + "` AssertionError: 1 != 6",
    "2026-12-07 13:58:47,964 4730 INFO db odoo.modules.module: Module qc: 1 failures",
])


def test_each_test_with_its_result(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(LOG)
    assert devenv.oca_results(log) == {
        "qc/tests/test_qc.py::TestQc::test_a": "ok",
        "qc/tests/test_qc.py::TestQc::test_b": "FAIL",
        "qc/tests/test_qc.py::TestQc::test_c": "ok",
        "qc/tests/test_qc.py::TestOther::setUpClass": "ERROR",
    }


def test_a_test_failing_only_with_the_addon_unless_listed():
    native = {"m/tests/t.py::C::a": "ok", "m/tests/t.py::C::b": "ok",
              "m/tests/t.py::C::c": "FAIL", "m/tests/t.py::C::gone": "ok"}
    tests = {"m/tests/t.py::C::a": "FAIL", "m/tests/t.py::C::b": "ERROR",
             "m/tests/t.py::C::c": "FAIL"}
    problems = devenv.oca_compare(native, tests, {"m/tests/t.py::C::b": "why"}, "x")
    assert problems == ["x: m/tests/t.py::C::a fails (FAIL) only with the addon",
                        "x: m/tests/t.py::C::gone ran without the addon, not with it"]
    # listed, but passing (or failing without the addon too): the list is stale
    assert devenv.oca_compare(native, native, {"m/tests/t.py::C::c": "why"}, "x") == [
        "x: m/tests/t.py::C::c is listed in tools/oca_expectations.py but does not fail "
        "only with the addon: remove it"]
