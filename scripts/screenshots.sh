#!/usr/bin/env bash
# make screenshots: start the demo (make run) and take the README screenshots
# of it with headless Chromium into docs/screenshots/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$REPO_ROOT/scripts/run.sh"
resolve_python
CCHC_URL="http://localhost:$HTTP_PORT" CCHC_DB="$DB" "$PY" "$REPO_ROOT/scripts/screenshots.py"
