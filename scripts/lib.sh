# shellcheck shell=bash
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file
# Shared functions for scripts/*.sh (sourced, not executed).
#
# Environment knobs (all optional):
#   CCHC_PGPORT       embedded PostgreSQL port            (default 54329)
#   CCHC_DB           database used by `make run`         (default cchc)
#   CCHC_HTTP_PORT    Odoo HTTP port for `make run`       (default 8069)
#   ODOO_SRC          an Odoo 18 source tree to pip-install when no odoo 18 is importable
#   CCHC_PROVINCE     province module of `make run`/`make test` (default cchc_index_ha_nam)
#   CCHC_ADDONS_ROOT  folder holding the cchc_index addons (default: the repo root)
#   PYTHON            python interpreter                  (default python3)

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDONS_ROOT="$(cd "${CCHC_ADDONS_ROOT:-$REPO_ROOT}" && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"
ENGINE=cchc_index
# The province module that `make run` and `make test` install (it brings the engine).
MODULE="${CCHC_PROVINCE:-cchc_index_ha_nam}"

PGPORT="${CCHC_PGPORT:-54329}"
DB="${CCHC_DB:-cchc}"
HTTP_PORT="${CCHC_HTTP_PORT:-8069}"

PG_SYS_USER=cchcpg        # unprivileged system user running PostgreSQL when we are root
PG_ADMIN=postgres         # cluster superuser, reachable only over the unix socket
DB_USER=cchc              # role Odoo connects with (TCP, password)
DB_PASSWORD=cchc

PG_DIR="$LOCAL_DIR/pg"
PGDATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_SOCK_DIR="$PG_DIR/run"
ODOO_CONF="$LOCAL_DIR/odoo.conf"
ODOO_LOG="$LOCAL_DIR/odoo.log"
ODOO_PID="$LOCAL_DIR/odoo.pid"
PIP_CONSTRAINT_FILE="$LOCAL_DIR/pip-constraints.txt"
ADDON_PKGS_DIR="$LOCAL_DIR/addons"  # pip --target of requirements-addons.txt

APT_PACKAGES=(wkhtmltopdf fonts-liberation fonts-dejavu-core chromium
              libpq-dev libldap2-dev libsasl2-dev poppler-utils faketime libmagic1)

PG_STARTED_HERE=0

log()  { printf '==> %s\n' "$*"; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
die()  { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the PostgreSQL owner (cchcpg when root, else ourselves).
as_pg() {
    if is_root; then runuser -u "$PG_SYS_USER" -- "$@"; else "$@"; fi
}

# Real interpreter path (a pyenv shim would hide the server's pid).
resolve_python() {
    local py="${PYTHON:-python3}"
    command -v "$py" >/dev/null 2>&1 || die "$py not found; install Python 3.10+ or set PYTHON"
    PY="$("$py" -c 'import sys; print(sys.executable)')"
}

port_is_free() {  # port_is_free PORT
    "$PY" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---------------------------------------------------------------- apt ----

dpkg_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

pg_bin_dir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$d" ] && [ -x "$d/postgres" ] && printf '%s\n' "$d"
}

ensure_apt_packages() {
    local missing=() p sudo=()
    pg_bin_dir >/dev/null || missing+=(postgresql)
    for p in "${APT_PACKAGES[@]}"; do dpkg_installed "$p" || missing+=("$p"); done
    [ "${#missing[@]}" -eq 0 ] && { log "system packages: all present"; return 0; }

    command -v apt-get >/dev/null 2>&1 \
        || die "missing system packages: ${missing[*]} (no apt-get here: install them by hand)"
    if ! is_root; then
        sudo -n true 2>/dev/null \
            || die "missing system packages: ${missing[*]}; run 'sudo apt-get install ${missing[*]}' or run as root"
        sudo=(sudo -n)
    fi
    mkdir -p "$LOCAL_DIR"
    log "apt-get: installing ${missing[*]} (log: .local/apt.log)"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update >"$LOCAL_DIR/apt.log" 2>&1 \
        || { tail -n 20 "$LOCAL_DIR/apt.log" >&2; die "apt-get update failed"; }
    if [[ " ${missing[*]} " == *" postgresql "* ]]; then
        # We run our own cluster: keep Debian from creating/starting its 'main' one.
        "${sudo[@]}" apt-get install -y postgresql-common >>"$LOCAL_DIR/apt.log" 2>&1 \
            || { tail -n 20 "$LOCAL_DIR/apt.log" >&2; die "apt-get install postgresql-common failed"; }
        if [ -f /etc/postgresql-common/createcluster.conf ]; then
            "${sudo[@]}" sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' \
                /etc/postgresql-common/createcluster.conf
        fi
    fi
    "${sudo[@]}" apt-get install -y "${missing[@]}" >>"$LOCAL_DIR/apt.log" 2>&1 \
        || { tail -n 20 "$LOCAL_DIR/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
}

# ---------------------------------------------------------------- pip ----

# Every pip install goes through here: setuptools<81 is needed (also inside
# isolated build envs) to build cbor2 / psycopg2 / python-ldap on py3.11.
pip_install() {
    mkdir -p "$LOCAL_DIR"
    printf 'setuptools<81\n' >"$PIP_CONSTRAINT_FILE"
    local constraints="$PIP_CONSTRAINT_FILE" configured
    # PIP_CONSTRAINT overrides pip.conf's 'constraint': keep those too.
    configured="$("$PY" -m pip config get global.constraint 2>/dev/null || true)"
    [ -n "$configured" ] && constraints="$constraints $configured"
    PIP_CONSTRAINT="$constraints" "$PY" -m pip install --disable-pip-version-check -q "$@"
}

# Print the requirement lines of FILE that are not satisfied (--names-only:
# only check that the distribution is installed, ignore version pins).
missing_requirements() {
    "$PY" "$REPO_ROOT/scripts/missing_reqs.py" "$@"
}

# --------------------------------------------------------------- odoo ----

odoo_major() {
    "$PY" -c 'import odoo.release; print(odoo.release.version_info[0])' 2>/dev/null || true
}

install_odoo_src() {  # install_odoo_src DIR
    local src="$1"
    [ -f "$src/odoo/release.py" ] || die "$src is not an Odoo source tree (no odoo/release.py)"
    grep -Eq "^version_info = \(18," "$src/odoo/release.py" \
        || die "$src is not Odoo 18 ($(grep -E '^version_info' "$src/odoo/release.py"))"
    log "pip: installing Odoo requirements from $src/requirements.txt (several minutes)"
    pip_install -r "$src/requirements.txt"
    log "pip: installing Odoo from $src (editable)"
    pip_install -e "$src"
}

ensure_odoo() {
    resolve_python
    local major
    major="$(odoo_major)"
    if [ "$major" != 18 ]; then
        [ -n "$major" ] && warn "importable odoo is version $major, need 18"
        if [ -n "${ODOO_SRC:-}" ]; then
            install_odoo_src "$(cd "$ODOO_SRC" && pwd)"
        else
            local src="$LOCAL_DIR/odoo-src"
            if [ ! -f "$src/odoo/release.py" ]; then
                log "git: cloning Odoo 18.0 into .local/odoo-src"
                mkdir -p "$LOCAL_DIR"
                rm -rf "$src"
                git clone -q --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$src" \
                    || die "no Odoo 18 found: python '$PY' cannot import odoo 18, ODOO_SRC is not set and cloning https://github.com/odoo/odoo.git failed. Install Odoo 18 into this python, or set ODOO_SRC=/path/to/odoo-18-source, or set PYTHON to an interpreter that has Odoo 18."
            fi
            install_odoo_src "$src"
        fi
        major="$(odoo_major)"
        [ "$major" = 18 ] || die "Odoo 18 still not importable by $PY after install; install Odoo 18 or set ODOO_SRC"
    fi

    ODOO_PKG_DIR="$("$PY" -c 'import os, odoo; print(os.path.dirname(os.path.abspath(odoo.__file__)))')"
    ODOO_SRC_ROOT="$(dirname "$ODOO_PKG_DIR")"
    local reqs="$ODOO_SRC_ROOT/requirements.txt" missing
    if [ -f "$reqs" ]; then
        missing="$(missing_requirements --names-only "$reqs")"
        if [ -n "$missing" ]; then
            log "pip: Odoo requirements missing ($(echo "$missing" | paste -sd ' ')) -> pip install -r $reqs"
            pip_install -r "$reqs"
        fi
    fi
    ADDONS_PATH="$ODOO_PKG_DIR/addons"
    [ -d "$ODOO_SRC_ROOT/addons" ] && ADDONS_PATH="$ODOO_SRC_ROOT/addons,$ADDONS_PATH"
    ADDONS_PATH="$ADDONS_PATH,$ADDONS_ROOT"
    [ -f "$ADDONS_ROOT/$MODULE/__manifest__.py" ] && [ -f "$ADDONS_ROOT/$ENGINE/__manifest__.py" ] \
        || die "$ADDONS_ROOT/$MODULE/__manifest__.py not found: the addon is not there (yet)"
    log "odoo: $("$PY" -c 'import odoo.release; print(odoo.release.version)') from $ODOO_PKG_DIR"
}

ensure_project_requirements() {
    local reqs="$REPO_ROOT/requirements.txt" missing
    [ -f "$reqs" ] || return 0
    missing="$(missing_requirements "$reqs")"
    if [ -n "$missing" ]; then
        log "pip: installing project requirements ($(echo "$missing" | paste -sd ' '))"
        pip_install -r "$reqs"
    else
        log "python requirements: all present"
    fi
}

# Addons published as wheels (requirements-addons.txt) go to .local/addons,
# whose odoo/addons folder joins the addons path (why not site-packages: see
# that file).
ensure_addon_requirements() {
    local reqs="$REPO_ROOT/requirements-addons.txt" missing
    [ -f "$reqs" ] || return 0
    missing="$(missing_requirements --path="$ADDON_PKGS_DIR" "$reqs")"
    if [ -n "$missing" ]; then
        log "pip: installing addons into .local/addons ($(echo "$missing" | paste -sd ' '))"
        pip_install --no-deps --upgrade --target "$ADDON_PKGS_DIR" -r "$reqs"
    else
        log "addon wheels: all present"
    fi
    ADDONS_PATH="$ADDONS_PATH,$ADDON_PKGS_DIR/odoo/addons"
}

# ---------------------------------------------------------- postgresql ----

ensure_pg_user() {
    is_root || return 0
    if ! id -u "$PG_SYS_USER" >/dev/null 2>&1; then
        log "creating system user $PG_SYS_USER"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$PG_SYS_USER"
    fi
}

# Name the first ancestor of $1 the PostgreSQL user cannot traverse.
explain_untraversable() {
    local d="$1" p=""
    IFS=/ read -r -a parts <<<"${d#/}"
    for part in "${parts[@]}"; do
        p="$p/$part"
        if ! as_pg test -x "$p" 2>/dev/null; then
            printf '%s (%s)' "$p" "$(stat -c '%A %U:%G' "$p")"
            return
        fi
    done
    printf '%s' "$d"
}

pg_sock_dir_for() {
    # unix socket paths are limited to 107 bytes
    local sock="$PG_SOCK_DIR/.s.PGSQL.$PGPORT"
    if [ "${#sock}" -le 100 ]; then
        printf '%s\n' "$PG_SOCK_DIR"
    else
        printf '/tmp/cchc-pg-%s\n' "$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-10)"
    fi
}

psql_admin() {  # psql_admin DB SQL...
    local db="$1"; shift
    as_pg "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PGPORT" \
        -U "$PG_ADMIN" -d "$db" "$@"
}

pg_running() {
    PG_BIN="${PG_BIN:-$(pg_bin_dir)}"
    [ -f "$PGDATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

ensure_pg() {
    PG_BIN="$(pg_bin_dir)" || die "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
    ensure_pg_user
    mkdir -p "$LOCAL_DIR" "$PG_DIR"
    is_root && chown "$PG_SYS_USER:" "$PG_DIR"
    chmod 700 "$PG_DIR"
    if ! as_pg test -w "$PG_DIR" 2>/dev/null; then
        die "user $PG_SYS_USER cannot reach $PG_DIR: $(explain_untraversable "$PG_DIR") is not traversable by others. Clone the repo somewhere world-traversable (e.g. under /work or /srv) or 'chmod o+x' that folder."
    fi
    PG_SOCK="$(pg_sock_dir_for)"
    as_pg mkdir -p "$PG_SOCK"
    as_pg chmod 700 "$PG_SOCK"

    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        log "postgres: initdb in .local/pg/data ($("$PG_BIN/postgres" --version))"
        as_pg "$PG_BIN/initdb" -D "$PGDATA" -U "$PG_ADMIN" -E UTF8 --locale=C \
            --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 \
            || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
        as_pg tee "$PGDATA/pg_hba.conf" >/dev/null <<EOF
# Managed by scripts/lib.sh
# admin over the (0700) unix socket only; everyone else over TCP with a password
local   all   $PG_ADMIN                    trust
host    all   all         127.0.0.1/32     scram-sha-256
EOF
        printf "include_if_exists = 'cchc.conf'\n" | as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null
    fi

    if pg_running; then
        local running_port
        running_port="$(sed -n 4p "$PGDATA/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$running_port" ] && [ "$running_port" != "$PGPORT" ]; then
            warn "cluster already runs on port $running_port (CCHC_PGPORT=$PGPORT ignored)"
            PGPORT="$running_port"
            PG_SOCK="$(pg_sock_dir_for)"
        fi
        log "postgres: already running on 127.0.0.1:$PGPORT"
    else
        port_is_free "$PGPORT" || die "port $PGPORT is in use by another program; set CCHC_PGPORT to a free port"
        as_pg tee "$PGDATA/cchc.conf" >/dev/null <<EOF
# Written at each start by scripts/lib.sh
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PG_SOCK'
unix_socket_permissions = 0700
synchronous_commit = off
# Opening a campaign writes 50 lines per unit: with the default 1 GB of WAL
# between checkpoints, opening 10,000 units checkpoints every few seconds.
max_wal_size = 4GB
EOF
        log "postgres: starting on 127.0.0.1:$PGPORT (log: ${PG_LOG#"$REPO_ROOT/"})"
        # The database keeps the real clock when the tests run under faketime
        # (libfaketime breaks PostgreSQL's lock timeouts).
        as_pg env -u LD_PRELOAD -u FAKETIME "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -w -t 60 start >/dev/null \
            || { tail -n 20 "$PG_LOG" >&2; die "PostgreSQL did not start"; }
        PG_STARTED_HERE=1
    fi

    psql_admin postgres <<EOF
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER;
  END IF;
END
\$\$;
ALTER ROLE $DB_USER WITH LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD '$DB_PASSWORD';
EOF
}

stop_pg() {
    PG_BIN="$(pg_bin_dir)" || return 0
    if pg_running; then
        log "postgres: stopping"
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    fi
}

db_exists() {  # db_exists NAME
    [ "$(psql_admin postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

module_state() {  # module_state DB [MODULE] -> state of the module ('' if unknown)
    psql_admin "$1" -c "SELECT state FROM ir_module_module WHERE name = '${2:-$MODULE}'" 2>/dev/null || true
}

drop_db() {  # drop_db NAME
    psql_admin postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
    rm -rf "$LOCAL_DIR/filestore/filestore/$1"
}

drop_stale_dbs() {  # drop_stale_dbs PREFIX: databases PREFIX<pid> left by runs killed hard
    local stale
    for stale in $(psql_admin postgres -c "SELECT datname FROM pg_database WHERE datname ~ '^$1[0-9]+\$'"); do
        kill -0 "${stale#"$1"}" 2>/dev/null && continue
        log "postgres: dropping stale $stale"
        drop_db "$stale"
    done
}

# Install cchc_index WITHOUT demo data into a new throwaway database;
# teardown_throwaway_db drops it (and stops PostgreSQL if we started it and
# nobody else uses it). Used by `make bench` and `make load`.
THROWAWAY_DB=""

install_throwaway_db() {  # install_throwaway_db NAME LOGFILE: the engine alone, no demo
    local db="$1" logfile="$2" t0=$SECONDS
    THROWAWAY_DB="$db"  # from here on the database may exist: always drop it
    log "odoo: installing $ENGINE without demo data into $db (log: ${logfile#"$REPO_ROOT/"})"
    if ! odoo_cmd -d "$db" -i "$ENGINE" --without-demo=all --stop-after-init --no-http \
            --max-cron-threads 0 >"$logfile" 2>&1; then
        tail -n 30 "$logfile" >&2
        die "installing $ENGINE failed (see ${logfile#"$REPO_ROOT/"})"
    fi
    [ "$(module_state "$db" "$ENGINE")" = installed ] || die "$ENGINE is not installed in $db"
    log "odoo: $db ready in $((SECONDS - t0))s"
}

teardown_throwaway_db() {  # idempotent
    if [ -n "$THROWAWAY_DB" ]; then
        log "postgres: dropping $THROWAWAY_DB"
        drop_db "$THROWAWAY_DB"
        THROWAWAY_DB=""
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
}

# --------------------------------------------------------- odoo config ----

write_odoo_conf() {
    mkdir -p "$LOCAL_DIR/filestore"
    cat >"$ODOO_CONF" <<EOF
; Generated by scripts/lib.sh at each run - edits are overwritten.
[options]
db_host = 127.0.0.1
db_port = $PGPORT
db_user = $DB_USER
db_password = $DB_PASSWORD
db_template = template0
addons_path = $ADDONS_PATH
data_dir = $LOCAL_DIR/filestore
admin_passwd = cchc-master
without_demo = False
http_interface = 127.0.0.1
proxy_mode = False
list_db = False
workers = 0
max_cron_threads = 1
limit_time_real = 600
EOF
}

odoo_cmd() { "$PY" -m odoo -c "$ODOO_CONF" "$@"; }

# Everything `make run` / `make test` need before Odoo itself.
setup_all() {
    mkdir -p "$LOCAL_DIR"
    ensure_apt_packages
    ensure_odoo
    ensure_project_requirements
    ensure_addon_requirements
    ensure_pg
    write_odoo_conf
}

pid_is_odoo() {  # pid_is_odoo PID
    [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qE -- "-m odoo |/odoo(-bin)? "
}

wait_http() {  # wait_http URL PID TIMEOUT
    local url="$1" pid="$2" timeout="$3" i
    for ((i = 0; i < timeout; i++)); do
        if "$PY" - "$url" <<'EOF' 2>/dev/null; then return 0; fi
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 1
    done
    return 1
}

# start_odoo_bg PIDFILE LOGFILE ARGS...  -> pid in $! and PIDFILE
start_odoo_bg() {
    local pidfile="$1" logfile="$2"; shift 2
    setsid "$PY" -m odoo -c "$ODOO_CONF" "$@" >>"$logfile" 2>&1 </dev/null &
    echo "$!" >"$pidfile"
}

# start_odoo_prefork_bg PIDFILE LOGFILE ARGS...: as start_odoo_bg, for
# --workers: the prefork server starts its gevent process by running
# sys.argv[0] again, which must then be a script (odoo-bin), not `-m odoo`.
start_odoo_prefork_bg() {
    local pidfile="$1" logfile="$2" script f
    shift 2
    for f in "$ODOO_SRC_ROOT/odoo-bin" "$ODOO_SRC_ROOT/setup/odoo" "$(dirname "$PY")/odoo"; do
        [ -f "$f" ] && { script="$f"; break; }
    done
    [ -n "${script:-}" ] || die "no odoo-bin script found next to $ODOO_SRC_ROOT or $PY"
    setsid "$PY" "$script" -c "$ODOO_CONF" "$@" >>"$logfile" 2>&1 </dev/null &
    echo "$!" >"$pidfile"
}

stop_pidfile() {  # stop_pidfile PIDFILE NAME
    local pidfile="$1" name="$2" pid i
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    if pid_is_odoo "$pid"; then
        log "$name: stopping pid $pid"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        if kill -0 "$pid" 2>/dev/null; then
            warn "$name pid $pid still alive after 30s, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}
