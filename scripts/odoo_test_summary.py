"""Summarise an Odoo 18 test run log (`odoo ... --test-enable --stop-after-init`).

Usage: odoo_test_summary.py LOGFILE ODOO_EXIT_CODE COUNTS_OUT

Writes "PASSED FAILED" to COUNTS_OUT and prints a short report.

What Odoo 18 logs (odoo/tests/result.py, odoo/service/server.py,
odoo/modules/loading.py):
  * per failing test, logger = the test module, level ERROR:
        "FAIL: TestClass.test_method\\n<traceback>"   (assertion failure)
        "ERROR: TestClass.test_method\\n<traceback>"  (exception)
  * per skipped test, level INFO: "skipped TestClass.test_method : reason"
  * per module with failures, odoo.modules.loading, level ERROR:
        "Module cchc_index: 1 failures, 0 errors of 3 tests"
  * odoo.modules.loading, level ERROR: "At least one test failed when loading the modules."
  * once per database at the end, logger odoo.tests.result, level INFO (ERROR
    when a test failed, WARNING when no test ran):
        "0 failed, 0 error(s) of 12 tests when loading database 'cchc_test_1'"
  * odoo.tests.stats, INFO: "cchc_index: 12 tests 1.23s 456 queries"
Any other ERROR/CRITICAL record counts as one more failure (Odoo/runbot rule).
A skipped test counts as a failure too: HttpCase skips its browser tours when
Chromium or websocket-client is missing, and that must not pass unnoticed.
"""

import re
import sys

RECORD = re.compile(
    r"^(?P<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (?P<pid>\d+) (?P<level>[A-Z]+) "
    r"(?P<db>\S+) (?P<logger>[^:\s]+): (?P<msg>.*)$"
)
RESULT = re.compile(
    r"^(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database (.+)$"
)
TEST_FAILURE = re.compile(r"^(FAIL|ERROR): (.+)$")
SUMMARY_ERRORS = (
    re.compile(r"^Module \S+: \d+ failures, \d+ errors of \d+ tests$"),
    re.compile(r"^At least one test failed when loading the modules\.$"),
    re.compile(r"^Test suite halted: max failed tests already reached"),
    re.compile(r"^\S+: at least one error occurred in a test$"),
    RESULT,
)


def main(logfile, rc, counts_out):
    results = []  # (failed, errors, total)
    failing_tests = []
    other_errors = []
    skipped = 0
    with open(logfile, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            m = RECORD.match(line.rstrip("\n"))
            if not m:
                continue
            level, logger, msg = m["level"], m["logger"], m["msg"].rstrip()
            if logger == "odoo.tests.result":
                r = RESULT.match(msg)
                if r:
                    results.append((int(r[1]), int(r[2]), int(r[3])))
            if level == "INFO" and msg.startswith("skipped "):
                skipped += 1
            if level not in ("ERROR", "CRITICAL"):
                continue
            t = TEST_FAILURE.match(msg)
            if t:
                failing_tests.append(
                    f"{t[1]}: {logger.removeprefix('odoo.addons.')}.{t[2]}"
                )
            elif not any(p.match(msg) for p in SUMMARY_ERRORS):
                other_errors.append(f"{level} {logger}: {msg}")

    problems = []
    if not results:
        problems.append(
            f"no Odoo test result line found (odoo exit code {rc}) - crashed before the end?"
        )
        failed, errors, total = 0, 0, 0
    else:
        failed = sum(r[0] for r in results)
        errors = sum(r[1] for r in results)
        total = sum(r[2] for r in results)
        if total == 0:
            problems.append(
                "0 Odoo tests ran - that is a failure (are the tests imported in tests/__init__.py?)"
            )
    n_failed = failed + errors + skipped + len(other_errors) + len(problems)
    if rc != 0 and n_failed == 0:
        problems.append(f"odoo exited with code {rc}")
        n_failed += 1
    n_passed = max(total - failed - errors - skipped, 0)

    print(
        f"Odoo tests: {total} run, {failed} failed, {errors} error(s), {skipped} skipped"
    )
    for t in failing_tests:
        print(f"  {t}")
    if other_errors:
        print(
            f"Odoo log: {len(other_errors)} other ERROR/CRITICAL line(s), each counted as a failure:"
        )
        for e in other_errors[:20]:
            print(f"  {e[:300]}")
    if skipped:
        print(
            f"  {skipped} skipped test(s) counted as failures (see 'skipped' in the log)"
        )
    for p in problems:
        print(f"  {p}")
    with open(counts_out, "w", encoding="utf-8") as fh:
        fh.write(f"{n_passed} {n_failed}\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
