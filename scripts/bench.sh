#!/usr/bin/env bash
# make bench: install cchc_index WITHOUT demo data into a throwaway database,
# run bench/bench_campaign.py against it (Odoo used as a library), drop it.
# Arguments go to the bench script, e.g.
#   bash scripts/bench.sh --sizes 26,130,1000
#   make bench BENCH_ARGS="--sizes 26,130 --budget 120"
#   CCHC_BENCH_SCRIPT=bench_audit.py bash scripts/bench.sh   (cost of the history)
# Results: printed, and written to bench/RESULTS.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_DB="cchc_bench_$$"
BENCH_INIT_LOG="$LOCAL_DIR/bench-init.log"
db_created=0

teardown() {  # idempotent: drop the bench db, stop PG if we started it and nobody uses it
    set +e
    if [ "$db_created" = 1 ]; then
        log "postgres: dropping $BENCH_DB"
        drop_db "$BENCH_DB"
        db_created=0
    fi
    if [ "$PG_STARTED_HERE" = 1 ]; then
        local others
        others="$(psql_admin postgres -c "SELECT count(*) FROM pg_stat_activity
                   WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")"
        if [ "${others:-0}" = 0 ]; then
            stop_pg
        else
            log "postgres: left running ($others other connections)"
        fi
        PG_STARTED_HERE=0
    fi
    set -e
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

setup_all

drop_stale_dbs cchc_bench_

db_created=1  # from here on the database may exist: always drop it
log "odoo: installing $ENGINE without demo data into $BENCH_DB (log: .local/bench-init.log)"
t0=$SECONDS
if ! odoo_cmd -d "$BENCH_DB" -i "$ENGINE" --without-demo=all --stop-after-init --no-http \
        --max-cron-threads 0 >"$BENCH_INIT_LOG" 2>&1; then
    tail -n 30 "$BENCH_INIT_LOG" >&2
    die "installing $ENGINE failed (see .local/bench-init.log)"
fi
[ "$(module_state "$BENCH_DB" "$ENGINE")" = installed ] || die "$ENGINE is not installed in $BENCH_DB"
log "odoo: $BENCH_DB ready in $((SECONDS - t0))s"

BENCH_SCRIPT="${CCHC_BENCH_SCRIPT:-bench_campaign.py}"
log "bench: running bench/$BENCH_SCRIPT $*"
t0=$SECONDS
"$PY" "$REPO_ROOT/bench/$BENCH_SCRIPT" -c "$ODOO_CONF" -d "$BENCH_DB" "$@"
log "bench: finished in $((SECONDS - t0))s"
