#!/usr/bin/env bash
# make stop: stop the Odoo server and the PostgreSQL cluster started by `make run` (by pid only).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -f "$ODOO_PID" ]; then
    stop_pidfile "$ODOO_PID" odoo
else
    log "odoo: not running (no .local/odoo.pid)"
fi
if [ -f "$PGDATA/PG_VERSION" ]; then
    is_root && ! id -u "$PG_SYS_USER" >/dev/null 2>&1 && { log "postgres: not running"; exit 0; }
    if pg_running; then stop_pg; else log "postgres: not running"; fi
fi
