# Thin wrapper: the real work is in scripts/*.sh (see scripts/lib.sh for env knobs).
SHELL := /bin/bash
ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))

.PHONY: run stop reset test lint bench load screenshots

run:  ## set up PostgreSQL + Odoo 18, create the db on first use, start Odoo on :8069
	@bash $(ROOT)scripts/run.sh

stop: ## stop the Odoo server and PostgreSQL cluster started by `make run`
	@bash $(ROOT)scripts/stop.sh

reset: ## stop `make run` and drop its database (the next `make run` rebuilds the demo)
	@bash $(ROOT)scripts/reset.sh

test: ## all Odoo tests of cchc_index on a throwaway db, then pytest tests/
	@bash $(ROOT)scripts/test.sh

lint: ## pre-commit run --all-files
	@bash $(ROOT)scripts/lint.sh

bench: ## campaign benchmark (26 to 10000 units) on a throwaway db -> bench/RESULTS.md
	@bash $(ROOT)scripts/bench.sh $(BENCH_ARGS)

load: ## deadline-day load test: multi-process Odoo + locust, 50 and 200 users -> bench/LOAD.md
	@bash $(ROOT)scripts/load.sh $(LOAD_ARGS)

screenshots: ## `make run`, then the README screenshots into docs/screenshots/
	@bash $(ROOT)scripts/screenshots.sh
