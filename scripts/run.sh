#!/usr/bin/env bash
# make run: set up everything, create the database on first use, start Odoo in the background.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all

URL="http://localhost:$HTTP_PORT"

if [ -f "$ODOO_PID" ] && pid_is_odoo "$(cat "$ODOO_PID")"; then
    log "odoo: already running (pid $(cat "$ODOO_PID")) at $URL - 'make stop' to stop it"
    log "log in as admin / admin (database $DB); log: .local/odoo.log"
    exit 0
fi
rm -f "$ODOO_PID"

state=""
db_exists "$DB" && state="$(module_state "$DB")"
if [ "$state" = installed ]; then
    log "odoo: reusing database $DB ($MODULE installed)"
elif [ "$(module_state "$DB" "$ENGINE")" = installed ]; then
    # A database from before the split: the engine's upgrade hands the province's
    # data to $MODULE and installs it.
    log "odoo: upgrading $ENGINE in database $DB (log: .local/odoo-init.log)"
    odoo_cmd -d "$DB" -u "$ENGINE" --stop-after-init --no-http --max-cron-threads 0 \
        >"$LOCAL_DIR/odoo-init.log" 2>&1 || die "upgrading $ENGINE failed (see .local/odoo-init.log)"
    [ "$(module_state "$DB")" = installed ] \
        || die "$MODULE is not installed after the upgrade (see .local/odoo-init.log)"
else
    [ -n "$state" ] && log "odoo: $MODULE is '$state' in existing database $DB, installing it again"
    log "odoo: initialising database $DB with $MODULE and demo data (log: .local/odoo-init.log)"
    t0=$SECONDS
    if ! odoo_cmd -d "$DB" -i "$MODULE" --stop-after-init --no-http --max-cron-threads 0 \
            >"$LOCAL_DIR/odoo-init.log" 2>&1; then
        grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOCAL_DIR/odoo-init.log" | head -n 20 >&2 || true
        tail -n 30 "$LOCAL_DIR/odoo-init.log" >&2
        die "database initialisation failed (see .local/odoo-init.log)"
    fi
    [ "$(module_state "$DB")" = installed ] || die "$MODULE is not installed after init (see .local/odoo-init.log)"
    if [ "$(psql_admin "$DB" -c "SELECT demo FROM ir_module_module WHERE name = '$MODULE'")" != t ]; then
        # Odoo installs a module without its demo when the demo fails: show why,
        # and drop the half-built database so that the next `make run` tries again.
        grep -E -A 15 'demo data failed|Failed to load demo' "$LOCAL_DIR/odoo-init.log" | head -n 40 >&2 || true
        drop_db "$DB"
        die "the demo data of $MODULE failed to load (see .local/odoo-init.log); database $DB dropped"
    fi
    log "odoo: database $DB ready in $((SECONDS - t0))s (demo data loaded)"
fi

port_is_free "$HTTP_PORT" || die "port $HTTP_PORT is in use by another program; set CCHC_HTTP_PORT"
log "odoo: starting on $URL (log: .local/odoo.log)"
start_odoo_bg "$ODOO_PID" "$ODOO_LOG" -d "$DB" --db-filter "^$DB\$" --http-port "$HTTP_PORT"
pid="$(cat "$ODOO_PID")"
if ! wait_http "http://127.0.0.1:$HTTP_PORT/web/login" "$pid" 180; then
    tail -n 30 "$ODOO_LOG" >&2
    stop_pidfile "$ODOO_PID" odoo
    die "Odoo did not answer on $URL/web/login (see .local/odoo.log)"
fi
log "odoo: running (pid $pid)"
echo
echo "    Odoo 18:  $URL   (database $DB)"
echo "    Log in:   admin / admin"
echo "    Stop:     make stop"
