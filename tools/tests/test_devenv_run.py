"""`make run` on a fresh machine: the Debian packages Odoo's screens need (lessc, from
node-less) are installed before the server starts, as `make test-browser` does. Plain
pytest: the set-up, the demo database and the server are replaced by recorders."""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import devenv  # noqa: E402  (the project's set-up)


def _run(monkeypatch, tmp_path, lessc_exists):
    calls = []
    lessc = tmp_path / "lessc"
    if lessc_exists:
        lessc.write_text("")
    monkeypatch.setattr(devenv, "SCREEN_PACKAGES", {lessc: "node-less"})
    monkeypatch.setattr(devenv, "setup", lambda: calls.append("setup"))
    monkeypatch.setattr(devenv, "apt_install",
                        lambda packages, what: calls.append(("apt", packages)))
    monkeypatch.setattr(devenv, "ensure_demo_db", lambda: calls.append("demo db"))
    monkeypatch.setattr(devenv, "odoo", lambda *args: calls.append("serve"))
    devenv.cmd_run(argparse.Namespace(detach=False))
    return calls


def test_run_installs_lessc_before_serving(monkeypatch, tmp_path):
    assert _run(monkeypatch, tmp_path, lessc_exists=False) == [
        "setup", ("apt", ["node-less"]), "demo db", "serve"]


def test_run_installs_nothing_when_lessc_is_there(monkeypatch, tmp_path):
    assert _run(monkeypatch, tmp_path, lessc_exists=True) == ["setup", "demo db", "serve"]


def test_browser_test_needs_lessc_too():
    assert devenv.BROWSER_PACKAGES[devenv.LESSC] == "node-less"
