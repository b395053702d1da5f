#!/usr/bin/env bash
# make load: the deadline-day load test. Installs cchc_index WITHOUT demo into
# a throwaway database, builds a province there (bench/load_setup.py), starts
# Odoo multi-process (--workers) on its own ports, drives it with locust
# (bench/load_run.py, bench/locustfile.py), checks the database, stops Odoo and
# drops the database. Arguments go to bench/load_run.py, e.g.
#   bash scripts/load.sh --users 20 --duration 30
#   make load LOAD_ARGS="--users 50,200 --duration 150"
# Knobs: CCHC_LOAD_PORT (HTTP, default 8133; gevent: +1), CCHC_LOAD_WORKERS
# (default 3), CCHC_LOAD_USERS, CCHC_LOAD_DURATION (see load_run.py --help).
# Results: printed, and written to bench/LOAD.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOAD_PORT="${CCHC_LOAD_PORT:-8133}"
LOAD_WORKERS="${CCHC_LOAD_WORKERS:-3}"
LOAD_DIR="$LOCAL_DIR/load"
LOAD_VENV="$LOCAL_DIR/load-venv"
LOAD_PID="$LOAD_DIR/odoo.pid"
LOAD_LOG="$LOAD_DIR/odoo.log"

teardown() {
    set +e
    stop_pidfile "$LOAD_PID" "odoo (load)"
    teardown_throwaway_db
    set -e
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# locust in a virtualenv of its own (see requirements-load.txt).
ensure_load_venv() {
    local reqs="$REPO_ROOT/requirements-load.txt"
    [ -x "$LOAD_VENV/bin/python" ] || "$PY" -m venv "$LOAD_VENV"
    if [ -n "$("$LOAD_VENV/bin/python" "$REPO_ROOT/scripts/missing_reqs.py" "$reqs")" ]; then
        log "pip: installing locust into .local/load-venv"
        "$LOAD_VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$reqs"
    else
        log "locust: present in .local/load-venv"
    fi
}

# The prefork server's gevent process (websockets) loads gevent's plugins
# through pkg_resources, which before setuptools 70 cannot find zope.interface
# >= 8 (its dist-info is named zope_interface): the process then dies at start
# and the master starts it again, forever, burning CPU. When that is so here, a
# newer setuptools goes into .local/load-site, for the load server only.
GEVENT_SITE="$LOCAL_DIR/load-site"
ensure_gevent_loadable() {
    local check="import pkg_resources; pkg_resources.require('gevent')"
    "$PY" -c "$check" 2>/dev/null && return 0
    PYTHONPATH="$GEVENT_SITE" "$PY" -c "$check" 2>/dev/null || {
        log "gevent: pkg_resources cannot load its plugins; setuptools 70+ into .local/load-site"
        pip_install --target "$GEVENT_SITE" "setuptools>=70,<81"
    }
    PYTHONPATH="$GEVENT_SITE" "$PY" -W ignore -c "$check" 2>/dev/null \
        || die "gevent cannot load its plugins, even with a newer setuptools"
    export PYTHONPATH="$GEVENT_SITE${PYTHONPATH:+:$PYTHONPATH}"
}

setup_all
ensure_load_venv
port_is_free "$LOAD_PORT" || die "port $LOAD_PORT is in use; set CCHC_LOAD_PORT"
port_is_free "$((LOAD_PORT + 1))" || die "port $((LOAD_PORT + 1)) is in use; set CCHC_LOAD_PORT"
mkdir -p "$LOAD_DIR"
: >"$LOAD_LOG"

drop_stale_dbs cchc_load_
install_throwaway_db "cchc_load_$$" "$LOAD_DIR/init.log"
URL="http://127.0.0.1:$LOAD_PORT"

log "load: building the province (bench/load_setup.py)"
"$PY" "$REPO_ROOT/bench/load_setup.py" -c "$ODOO_CONF" -d "$THROWAWAY_DB" \
    --url "$URL" --specs "$LOAD_DIR/specs.json"

ensure_gevent_loadable
log "odoo: starting $LOAD_WORKERS workers on $URL (log: .local/load/odoo.log)"
start_odoo_prefork_bg "$LOAD_PID" "$LOAD_LOG" -d "$THROWAWAY_DB" --db-filter "^$THROWAWAY_DB\$" \
    --http-port "$LOAD_PORT" --gevent-port "$((LOAD_PORT + 1))" \
    --workers "$LOAD_WORKERS" --max-cron-threads 1 --log-level info
if ! wait_http "$URL/web/login" "$(cat "$LOAD_PID")" 180; then
    tail -n 30 "$LOAD_LOG" >&2
    die "Odoo did not answer on $URL/web/login (see .local/load/odoo.log)"
fi

"$PY" "$REPO_ROOT/bench/load_run.py" --url "$URL" --db "$THROWAWAY_DB" \
    --dsn "host=127.0.0.1 port=$PGPORT dbname=$THROWAWAY_DB user=$DB_USER password=$DB_PASSWORD" \
    --specs "$LOAD_DIR/specs.json" --locust "$LOAD_VENV/bin/locust" \
    --odoo-pid "$(cat "$LOAD_PID")" --pg-pid "$(head -n 1 "$PGDATA/postmaster.pid")" \
    --odoo-log "$LOAD_LOG" --workers "$LOAD_WORKERS" --work-dir "$LOAD_DIR" "$@"
