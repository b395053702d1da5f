"""Cost of the items' history (cchc.score.change): 50 items written with and
without it.

Runs against a database where cchc_index is installed without demo data
(scripts/bench.sh makes a throwaway one; CCHC_BENCH_SCRIPT picks this file):

    CCHC_BENCH_SCRIPT=bench_audit.py bash scripts/bench.sh [--rounds 7]

A unit officer writes a self score and an explanation on each of the 50 items
of an open evaluation, one write per item as the form saves them, then all 50
in one write; "without" is the same code with the history's snapshot switched
off (no old values read, nothing inserted). Median wall time and SQL queries
of --rounds rounds, alternating with and without; everything is rolled back.
Prints a Markdown table and writes it to bench/RESULTS_AUDIT.md (or --output).
"""

import argparse
import datetime
import platform
import statistics
import time
from pathlib import Path
from unittest.mock import patch

from bench_campaign import YEAR, Bench, machine_info, start_odoo

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tests import new_test_user

WHY = [
    "Why a model of its own rather than mail tracking: tracking needs mail.thread on",
    "the lines (a chatter per item nobody opens) and posts one message per line",
    "written, which floods the evaluation; the history is one row per field changed,",
    "on the evaluation's History tab, grouped by item, user or day, and exported from",
    "its list. It is written by one INSERT per write of lines (old values read from",
    "the cache the write's checks loaded), not by the ORM's create.",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--output",
        default=str(Path(__file__).resolve().parent / "RESULTS_AUDIT.md"),
        help="Markdown file written with the results",
    )
    return parser.parse_args()


def open_evaluation(env, criteria_set, unit_type):
    """An open evaluation of a new unit, and an officer of that unit."""
    agency = env["cchc.agency"].create(
        {"name": "Đơn vị đo", "code": "BENCH-AUDIT", "unit_type_id": unit_type.id}
    )
    campaign = env["cchc.campaign"].create(
        {
            "year": YEAR,
            "criteria_set_ids": [Command.set(criteria_set.ids)],
            "agency_ids": [Command.set(agency.ids)],
            "date_self_open": f"{YEAR}-01-01",
            "date_self_close": "2099-12-31",
        }
    )
    campaign.action_open_self_assessment()
    officer = new_test_user(
        env,
        login="bench.audit.officer",
        groups="base.group_user,cchc_index.group_cchc_officer",
        cchc_agency_id=agency.id,
    )
    return campaign.evaluation_ids, officer


def timed(env, call):
    """(seconds, SQL queries) of call, flushed, from a cold cache."""
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    call()
    env.flush_all()
    return time.perf_counter() - started, env.cr.sql_log_count - queries


def main():
    args = parse_args()
    registry, _log = start_odoo(args)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"}
        )
        criteria_set, unit_type = Bench(env, args).make_criteria_set()
        evaluation, officer = open_evaluation(env, criteria_set, unit_type)
        lines = evaluation.line_ids.with_user(officer)
        assert len(lines) == 50, len(lines)
        changes = env["cchc.score.change"]
        no_trail = patch.object(
            type(changes), "_snapshot", lambda self, lines, fnames: {}
        )
        results = {(mode, kind): [] for mode in ("with", "without") for kind in (1, 50)}
        for number in range(args.rounds):
            for mode in ("with", "without") if number % 2 else ("without", "with"):
                vals = {
                    "free_points": (number % 4) * 0.5,
                    "explanation": f"{mode} {number}",
                }

                def one_by_one(vals=vals):
                    for line in lines:
                        line.write(vals)

                def in_one_write(vals=vals):
                    lines.write({**vals, "free_points": vals["free_points"] + 0.25})

                for kind, call in ((1, one_by_one), (50, in_one_write)):
                    if mode == "without":
                        with no_trail:
                            results[mode, kind].append(timed(env, call))
                    else:
                        results[mode, kind].append(timed(env, call))
        recorded = changes.search_count([("evaluation_id", "=", evaluation.id)])
        cr.rollback()

    def median(mode, kind):
        runs = results[mode, kind]
        return (
            statistics.median(s for s, _q in runs) * 1000,
            statistics.median(q for _s, q in runs),
        )

    rows = [
        "| 50 items written | without history | with history | extra |",
        "|---|---|---|---|",
    ]
    for kind, label in ((1, "one write per item"), (50, "one write of 50 items")):
        (ms0, q0), (ms1, q1) = median("without", kind), median("with", kind)
        rows.append(
            f"| {label} | {ms0:.0f} ms, {q0:.0f} queries | {ms1:.0f} ms, "
            f"{q1:.0f} queries | {ms1 - ms0:+.0f} ms ({(ms1 / ms0 - 1) * 100:+.0f} %), "
            f"{q1 - q0:+.0f} queries |"
        )
    header = [
        f"Date: {datetime.datetime.now():%Y-%m-%d %H:%M}",
        f"Machine: {machine_info()}, Python {platform.python_version()}",
        f"Odoo: {odoo.release.version}; median of {args.rounds} rounds; "
        f"{recorded} changes recorded in the rounds with history "
        "(2 fields × 50 items × 2 kinds per round, less the values unchanged)",
    ]
    text = "\n".join(
        ["# Cost of the items' history", "", *header, "", *rows, "", *WHY, ""]
    )
    print(text)
    Path(args.output).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
