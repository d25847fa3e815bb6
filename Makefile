# The two commands of this project (see README.md), plus helpers.
PYTHON ?= python3
DEVENV = $(PYTHON) tools/devenv.py

.PHONY: run test test-odoo test-oca test-random test-browser stop setup lint bench bench-mes \
	bench-history psql wheel readme
run:    ## set everything up, create the demo database once, serve Odoo on :8069
	$(DEVENV) run
test:   ## set everything up, lint, run every test (engine + Odoo on PostgreSQL)
	$(DEVENV) test
test-odoo:  ## the addon's tests through Odoo's own runner (--test-enable, demo data)
	$(DEVENV) test-odoo
test-oca:  ## OCA modules' own tests without and with the addon (tools/oca_expectations.py)
	$(DEVENV) test-oca
test-random:  ## the seeded random month over many seeds: MBF_RANDOM_SEEDS=1-50 MBF_RANDOM_STEPS=120
	$(DEVENV) test-random
test-browser:  ## headless Chromium walks through the addon's screens, saves them
	$(DEVENV) test-browser
bench:  ## native Odoo against the addon: seconds, queries, rows per MO (bench/run.py)
	$(DEVENV) bench
bench-mes:  ## MES bursts on the prefork server: inline vs deferred (queue_job), 1 vs 2 workers
	$(DEVENV) bench-mes
bench-history:  ## the operations on 0, N/10, N orders of history (N=20000; make bench-history N=2000)
	$(DEVENV) bench-history $(if $(N),--history $(N))
stop:   ## stop the Odoo server started by `make run --detach` and the private PostgreSQL
	$(DEVENV) stop
wheel:  ## build dist/odoo11_addon_mrp_backflush-<version>-py3-none-any.whl (whool)
	$(DEVENV) wheel
readme: ## write static/description/index.html (Odoo's Apps page) from readme/*.rst
	$(DEVENV) readme
setup:
	$(DEVENV) setup
psql:
	$(DEVENV) psql
