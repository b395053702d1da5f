"""scripts/odoo_test_summary.py: what counts as passed and as failed."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "odoo_test_summary.py"
PREFIX = "2026-11-30 09:00:00,000 42"
RESULT = f"{PREFIX} INFO db odoo.tests.result: 0 failed, 0 error(s) of 5 tests when loading database 'db'"


def summarise(tmp_path, *lines, rc=0):
    log = tmp_path / "odoo.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = tmp_path / "counts"
    subprocess.run(
        [sys.executable, SCRIPT, log, str(rc), counts], check=True, capture_output=True
    )
    return tuple(int(n) for n in counts.read_text().split())


def test_all_passed(tmp_path):
    assert summarise(tmp_path, RESULT) == (5, 0)


def test_a_skipped_test_is_a_failure(tmp_path):
    skipped = f"{PREFIX} INFO db odoo.addons.cchc_index.tests.test_tours: skipped TestTours.test_appraisal : websocket-client module is not installed"
    assert summarise(tmp_path, skipped, RESULT) == (4, 1)


def test_a_logged_error_is_a_failure(tmp_path):
    error = f"{PREFIX} ERROR db odoo.sql_db: bad query"
    assert summarise(tmp_path, error, RESULT) == (5, 1)


def test_no_result_line_is_a_failure(tmp_path):
    assert summarise(tmp_path, f"{PREFIX} INFO db odoo: started", rc=1) == (0, 1)
