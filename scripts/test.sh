#!/usr/bin/env bash
# make test: all Odoo tests of cchc_index and the province module on a throwaway database, then the
# pytest suite in tests/ against a server on that database.
# Last line printed: "N passed, N failed" (Odoo tests + pytest tests).
#
# Knobs for a partial run while developing (`make test` runs everything):
#   CCHC_TEST_TAGS   Odoo --test-tags   (default /cchc_index,/cchc_index_ha_nam,
#                    e.g. /cchc_index_ha_nam:TestProvinceDates)
#   CCHC_PYTEST      pytest selection   (default tests, e.g. "tests/security -k race";
#                    "none" skips the pytest part)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEST_DB="cchc_test_$$"
RUN_DIR="$LOCAL_DIR/test-runs"
ODOO_TEST_LOG="$LOCAL_DIR/test-odoo.log"
SERVER_LOG="$LOCAL_DIR/test-server.log"
TEST_TAGS="${CCHC_TEST_TAGS:-/$ENGINE,/$MODULE}"
PYTEST_SELECTION="${CCHC_PYTEST:-tests}"
read -r -a PYTEST_ARGS <<<"$PYTEST_SELECTION"
SERVER_PID="$RUN_DIR/server-$$.pid"
JUNIT="$RUN_DIR/pytest-$$.xml"
TEST_TIMEOUT="${CCHC_TEST_TIMEOUT:-3600}"
# hypothesis (test_scoring_truth) keeps its cache here, not in the work tree
export HYPOTHESIS_STORAGE_DIRECTORY="$LOCAL_DIR/hypothesis"

passed=0
failed=0
db_created=0
final_printed=0

teardown() {  # idempotent: stop the test server, drop the test db, stop PG if we started it
    set +e
    stop_pidfile "$SERVER_PID" "test server"
    if [ "$db_created" = 1 ]; then
        log "postgres: dropping $TEST_DB"
        drop_db "$TEST_DB" || teardown_failed=1
        db_created=0
    fi
    if [ "$PG_STARTED_HERE" = 1 ]; then
        stop_pg
        PG_STARTED_HERE=0
    fi
    rm -f "$JUNIT" "$RUN_DIR/odoo-counts-$$"
    set -e
}

on_exit() {
    local rc=$?
    teardown
    if [ "$final_printed" = 0 ]; then
        # aborted before the end: still close with the totals line
        [ "$failed" -eq 0 ] && failed=1
        echo "$passed passed, $failed failed"
        [ "$rc" -eq 0 ] && rc=1
    fi
    exit "$rc"
}
teardown_failed=0
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

setup_all
mkdir -p "$RUN_DIR"

drop_stale_dbs cchc_test_

# ------------------------------------------------------------ Odoo tests --
db_created=1  # from here on the database may exist: always drop it
port="$(free_port)"
log "odoo tests: installing $MODULE with demo data into $TEST_DB and running its tests (log: .local/test-odoo.log)"
t0=$SECONDS
set +e
timeout --signal=TERM --kill-after=30 "$TEST_TIMEOUT" \
    "$PY" -m odoo -c "$ODOO_CONF" -d "$TEST_DB" -i "$MODULE" \
    --test-enable --test-tags "$TEST_TAGS" --stop-after-init \
    --http-port "$port" --db-filter "^$TEST_DB\$" --max-cron-threads 0 --log-level test \
    2>&1 | tee "$ODOO_TEST_LOG"
odoo_rc=${PIPESTATUS[0]}
set -e
log "odoo tests: finished in $((SECONDS - t0))s (exit code $odoo_rc)"
[ "$odoo_rc" = 124 ] && warn "Odoo test run killed after ${TEST_TIMEOUT}s (CCHC_TEST_TIMEOUT)"

"$PY" "$REPO_ROOT/scripts/odoo_test_summary.py" "$ODOO_TEST_LOG" "$odoo_rc" "$RUN_DIR/odoo-counts-$$"
read -r odoo_passed odoo_failed <"$RUN_DIR/odoo-counts-$$"
passed=$((passed + odoo_passed))
failed=$((failed + odoo_failed))

# ---------------------------------------------------------------- pytest --
state="$(module_state "$TEST_DB")"
if [ "$PYTEST_SELECTION" = none ]; then
    log "pytest: skipped (CCHC_PYTEST=none)"
elif [ "$state" != installed ]; then
    log "pytest: not run, $MODULE is not installed in $TEST_DB (state '${state:-none}') - counted as a failure"
    failed=$((failed + 1))
else
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    log "pytest: starting Odoo on $url, database $TEST_DB (log: .local/test-server.log)"
    : >"$SERVER_LOG"
    start_odoo_bg "$SERVER_PID" "$SERVER_LOG" -d "$TEST_DB" --db-filter "^$TEST_DB\$" \
        --http-port "$port" --max-cron-threads 0
    if ! wait_http "$url/web/login" "$(cat "$SERVER_PID")" 180; then
        tail -n 30 "$SERVER_LOG" >&2
        log "pytest: Odoo did not answer on $url/web/login"
        failed=$((failed + 1))
    else
        log "pytest: running tests/"
        set +e
        (cd "$REPO_ROOT" && CCHC_URL="$url" CCHC_DB="$TEST_DB" CCHC_ODOO_CONF="$ODOO_CONF" CCHC_PYTHON="$PY" \
            CCHC_DB_DSN="host=127.0.0.1 port=$PGPORT dbname=$TEST_DB user=$DB_USER password=$DB_PASSWORD" \
            "$PY" -m pytest "${PYTEST_ARGS[@]}" -v -p no:cacheprovider --junitxml="$JUNIT")
        pytest_rc=$?
        set -e
        if [ "$pytest_rc" = 5 ]; then
            log "pytest: collected no tests - counted as a failure"
            failed=$((failed + 1))
        elif [ -f "$JUNIT" ]; then
            read -r p f < <("$PY" - "$JUNIT" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(max(tests - bad - skipped, 0), bad)
EOF
            )
            [ "$pytest_rc" != 0 ] && [ "$f" = 0 ] && f=1
            passed=$((passed + p))
            failed=$((failed + f))
        else
            log "pytest: exit code $pytest_rc and no report - counted as a failure"
            failed=$((failed + 1))
        fi
    fi
    stop_pidfile "$SERVER_PID" "test server"
fi

# --------------------------------------------------------------- the end --
teardown
[ "$teardown_failed" = 1 ] && failed=$((failed + 1))
final_printed=1
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
