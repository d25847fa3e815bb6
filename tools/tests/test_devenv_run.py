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


def test_browser_test_serves_as_make_run_does(monkeypatch, tmp_path):
    """The browser test's server gets `make run`'s set-up (lessc included) and its
    arguments, so its check of styled pages is a check of what `make run` serves."""
    calls = []
    lessc = tmp_path / "lessc"
    monkeypatch.setattr(devenv, "SCREEN_PACKAGES", {lessc: "node-less"})
    monkeypatch.setattr(devenv, "setup", lambda: calls.append("setup"))
    monkeypatch.setattr(devenv, "apt_install",
                        lambda packages, what: calls.append(("apt", packages)))
    monkeypatch.setattr(devenv, "ensure_browser", lambda: calls.append("browser"))
    monkeypatch.setattr(devenv, "ensure_demo_db", lambda name: "template")
    monkeypatch.setattr(devenv, "click_odoo", lambda *args: None)
    monkeypatch.setattr(devenv, "free_port", lambda: 8123)
    monkeypatch.setattr(devenv, "serve_background",
                        lambda port, logfile, *args: calls.append(("serve", args)))
    monkeypatch.setattr(devenv, "stop_background", lambda server: None)
    monkeypatch.setattr(devenv, "run", lambda *args, **kwargs: argparse.Namespace(
        returncode=0))
    try:
        devenv.cmd_test_browser(argparse.Namespace(keep_db=False, pytest_args=[]))
    except SystemExit:
        pass
    db = calls[-1][1][1]
    assert calls[:3] == ["setup", ("apt", ["node-less"]), "browser"]
    assert calls[-1][1][:4] == tuple(devenv.serving_args(db))
