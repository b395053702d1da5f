#!/usr/bin/env bash
# make reset: stop the demo server and drop its database, so that the next
# `make run` builds the demo again from the current code.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

resolve_python
[ -f "$ODOO_PID" ] && stop_pidfile "$ODOO_PID" odoo
ensure_pg
if db_exists "$DB"; then
    log "postgres: dropping $DB"
    drop_db "$DB"
else
    log "postgres: no database $DB"
fi
log "next 'make run' creates $DB again with the demo data"
