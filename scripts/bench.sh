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

teardown() { set +e; teardown_throwaway_db; set -e; }
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

setup_all

drop_stale_dbs cchc_bench_
install_throwaway_db "cchc_bench_$$" "$LOCAL_DIR/bench-init.log"

BENCH_SCRIPT="${CCHC_BENCH_SCRIPT:-bench_campaign.py}"
log "bench: running bench/$BENCH_SCRIPT $*"
t0=$SECONDS
"$PY" "$REPO_ROOT/bench/$BENCH_SCRIPT" -c "$ODOO_CONF" -d "$THROWAWAY_DB" "$@"
log "bench: finished in $((SECONDS - t0))s"
