#!/usr/bin/env bash
# make lint: pre-commit run --all-files (hooks: ruff, ruff-format, pylint-odoo, prettier-xml).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

resolve_python
if ! "$PY" -m pre_commit --version >/dev/null 2>&1; then
    log "pip: installing pre-commit"
    pip_install pre-commit
fi
command -v node >/dev/null 2>&1 || die "node is required for the prettier hook (apt-get install nodejs npm)"
cd "$REPO_ROOT"
exec "$PY" -m pre_commit run --all-files --show-diff-on-failure "$@"
