"""Benchmark of a whole campaign of cchc_index, from 26 to 10 000 units.

Runs against an existing database where cchc_index is installed without demo
data (scripts/bench.sh makes a throwaway one), with Odoo used as a library:

    python bench/bench_campaign.py -c .local/odoo.conf -d DB [--sizes 26,130]

For each number of units U, in the same database: a new unit type's agencies
(one ORM create), a campaign on a criteria set of 50 free-points items in 7
fields, then

1. ``cchc.evaluation._create_for_campaigns(campaign)`` (what
   ``action_open_self_assessment`` does minus the checks, the heads' activities
   and the stage change): wall time and SQL queries;
2. every line given a new random appraised score by one SQL UPDATE (fixed
   seeds), evaluations set to 'appraised', then
   ``campaign._recompute_results()``: time and queries, best of --runs rounds
   (each with new scores on every line);
3. the raw SQL floor: one SELECT ... GROUP BY evaluation computing the totals
   and indexes over the same lines, timed in the same rounds just before (2),
   best of them; ratio (2)/(3); and (3b) a read-only SELECT, written here, of
   all that (2) produces (every field's subtotal, the index's components, the
   index, the rank and the band); ratio (2)/(3b), the cost of the writes;
4. the XLSX score matrix, rendered by report_xlsx (``_render_xlsx``);
5. the decision PDF (U <= --pdf-max);
6. one evaluation form open by its unit head: ``web_read`` with the spec of
   the form view (line_ids with the fields of its list view, limit 40 as the
   web client sends it) after ``env.invalidate_all()``; the query count is
   also given with every line read (no limit);
7. peak RSS of the process so far (``ru_maxrss``; sizes run in the given
   order, so it is cumulative);
8. survey points (U <= --survey-max): a second campaign of U units of another
   unit type, on a set of one scored item and two survey items asked by one
   questionnaire (sample 30, minimum 20); 30 completed responses per unit (10
   for every tenth unit, under the minimum) inserted by SQL, untimed; then
   ``campaign._compute_survey_points()`` timed and its queries counted, its
   points checked against an independent SQL computation.

Prints the machine, versions and a Markdown table, and writes them to
bench/RESULTS.md (or --output).
"""

import argparse
import datetime
import logging
import os
import platform
import resource
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from lxml import etree

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.sql_db import connection_info_for
from odoo.tools import config

DEFAULT_SIZES = (26, 130, 1000, 10000)
YEAR = 2095
# 50 scored items per unit, in 7 fields, each item worth 2 points (100 in all).
FIELD_ITEMS = (8, 7, 7, 7, 7, 7, 7)
ITEM_POINTS = 2
ITEMS = sum(FIELD_ITEMS)
SEEDS = (0.4242, -0.1717, 0.2323, -0.5151, 0.6868)  # setseed() takes [-1, 1]
UNREACHABLE_URL = "http://127.0.0.1:9"  # discard port: wkhtmltopdf fails fast
# Step 8: field 1 = one scored item; field 2 = two survey items (code, points).
SURVEY_ITEMS = (("2.1", 25), ("2.2", 15))
SURVEY_WEIGHTS = (100, 60, 20, 0)  # answers A-D, in % of the item's maximum
SURVEY_SAMPLE, SURVEY_MIN, SURVEY_FEW = 30, 20, 10  # every tenth unit: SURVEY_FEW


class BudgetExceeded(Exception):
    pass


@contextmanager
def budget(seconds):
    """Raise BudgetExceeded in the main thread after this many seconds."""

    def on_alarm(signum, frame):
        raise BudgetExceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--sizes",
        default=os.environ.get("CCHC_BENCH_SIZES") or ",".join(map(str, DEFAULT_SIZES)),
        help="numbers of units, comma-separated (default: %(default)s)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        choices=range(1, len(SEEDS) + 1),
        metavar=f"1..{len(SEEDS)}",
        help="rounds of new scores, SQL floor and recompute, of which the best "
        "is kept (default: %(default)s)",
    )
    parser.add_argument(
        "--pdf-max",
        type=int,
        default=1000,
        help="render the decision PDF only up to this many units",
    )
    parser.add_argument(
        "--survey-max",
        type=int,
        default=10000,
        help="run the survey points step (8) only up to this many units "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=float(os.environ.get("CCHC_BENCH_BUDGET", 600)),
        help="seconds allowed to the XLSX and the PDF steps before they are "
        "reported as skipped (default: %(default)s)",
    )
    parser.add_argument(
        "--show-form-queries",
        action="store_true",
        help="print the SQL queries of the form open (step 6)",
    )
    parser.add_argument(
        "--output",
        default=str(Path(__file__).resolve().parent / "RESULTS.md"),
        help="Markdown file written with the results",
    )
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.replace(" ", "").split(",") if s]
    return args


def machine_info():
    mem_kb = 0
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_kb = int(line.split()[1])
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    return f"{nproc} CPU ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Bench:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args

    # ------------------------------------------------------------ helpers --

    def queries(self):
        return self.cr.sql_log_count

    def vacuum_analyze(self, tables):
        """Commit, then VACUUM ANALYZE from an autocommit connection, as
        autovacuum would have done between the steps of a real campaign."""
        self.cr.commit()
        _db, info = connection_info_for(self.cr.dbname)
        conn = psycopg2.connect(**info)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                for table in tables:
                    cur.execute(f"VACUUM ANALYZE {table}")
        finally:
            conn.close()

    @contextmanager
    def show_queries(self, enabled):
        """Print the SQL queries run inside the block (odoo.sql_db debug log)."""
        if not enabled:
            yield
            return
        logger = logging.getLogger("odoo.sql_db")
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("    SQL %(message)s"))
        level, propagate = logger.level, logger.propagate
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        print("  ---- queries ----")
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate

    # -------------------------------------------------------------- setup --

    def make_criteria_set(self, year=YEAR, unit_type=None, appraisers=None):
        """50 free-points items in 7 fields, built in draft then activated, for
        a new unit type unless one is given; the fields are appraised by the
        given appraising agencies in turn (by default one new agency)."""
        env = self.env
        if unit_type is None:
            unit_type = env["cchc.unit.type"].create(
                {"name": "Bench units", "code": "bench", "sequence": 99}
            )
        if appraisers is None:
            appraisers = env["cchc.agency"].create(
                {"name": "Bench appraiser", "code": "BENCH-APPR", "is_appraiser": True}
            )
        criteria_set = env["cchc.criteria.set"].create(
            {"year": year, "unit_type_id": unit_type.id}
        )
        roots = env["cchc.criterion"].create(
            [
                {
                    "set_id": criteria_set.id,
                    "code": str(f + 1),
                    "name": f"Lĩnh vực {f + 1}",
                    "max_points": ITEM_POINTS * items,
                    "scoring_method": "free",
                    "appraising_agency_id": appraisers[f % len(appraisers)].id,
                }
                for f, items in enumerate(FIELD_ITEMS)
            ]
        )
        env["cchc.criterion"].create(
            [
                {
                    "set_id": criteria_set.id,
                    "parent_id": root.id,
                    "code": f"{f + 1}.{i + 1}",
                    "name": f"Tiêu chí {f + 1}.{i + 1}",
                    "max_points": ITEM_POINTS,
                    "scoring_method": "free",
                }
                for f, (root, items) in enumerate(zip(roots, FIELD_ITEMS, strict=True))
                for i in range(items)
            ]
        )
        criteria_set.action_activate()
        env["ir.config_parameter"].set_param("report.url", UNREACHABLE_URL)
        env.flush_all()
        self.cr.commit()
        assert criteria_set.state == "active"
        assert len(criteria_set.criterion_ids) == len(FIELD_ITEMS) + ITEMS
        return criteria_set, unit_type

    def make_survey_set(self, year=YEAR):
        """For step 8, a set of a new unit type: field 1 one free-points item
        of 60; field 2 two survey items of 25 and 15 points, both asked by one
        questionnaire (one question each, answers weighing SURVEY_WEIGHTS)."""
        env = self.env
        unit_type = env["cchc.unit.type"].create(
            {"name": "Bench survey units", "code": "bench_survey", "sequence": 98}
        )
        appraiser = env["cchc.agency"].create(
            {
                "name": "Bench survey appraiser",
                "code": "BENCH-SAPPR",
                "is_appraiser": True,
            }
        )
        criteria_set = env["cchc.criteria.set"].create(
            {"year": year, "unit_type_id": unit_type.id}
        )
        fields_ = env["cchc.criterion"].create(
            [
                {
                    "set_id": criteria_set.id,
                    "code": code,
                    "name": f"Lĩnh vực {code}",
                    "max_points": points,
                    "scoring_method": "free",
                    "appraising_agency_id": appraiser.id,
                }
                for code, points in (("1", 60), ("2", 40))
            ]
        )
        items = env["cchc.criterion"].create(
            [
                {
                    "set_id": criteria_set.id,
                    "parent_id": fields_[0].id,
                    "code": "1.1",
                    "name": "Tiêu chí 1.1",
                    "max_points": 60,
                    "scoring_method": "free",
                }
            ]
            + [
                {
                    "set_id": criteria_set.id,
                    "parent_id": fields_[1].id,
                    "code": code,
                    "name": f"Khảo sát {code}",
                    "max_points": points,
                    "scoring_method": "free",
                    "point_kind": "survey",
                }
                for code, points in SURVEY_ITEMS
            ]
        )
        criteria_set.action_activate()
        survey = env["survey.survey"].create(
            {
                "title": "Phiếu khảo sát bench",
                "access_mode": "token",
                "questions_layout": "one_page",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": f"Câu hỏi về {item.code}",
                            "question_type": "simple_choice",
                            "cchc_criterion_id": item.id,
                            "suggested_answer_ids": [
                                Command.create({"value": letter, "answer_score": w})
                                for letter, w in zip(
                                    "ABCD", SURVEY_WEIGHTS, strict=True
                                )
                            ],
                        }
                    )
                    for item in items[1:]
                ],
            }
        )
        env.flush_all()
        self.cr.commit()
        assert criteria_set.state == "active"
        return criteria_set, unit_type, survey

    def make_agencies(self, unit_type, count, name, code):
        """COUNT units of a type, named "NAME00000"…, coded "CODE-00000"…."""
        return self.env["cchc.agency"].create(
            [
                {
                    "name": f"{name}{i:05d}",
                    "code": f"{code}-{i:05d}",
                    "unit_type_id": unit_type.id,
                }
                for i in range(count)
            ]
        )

    def create_campaign(self, name, year, criteria_sets, agencies, **dates):
        """A draft campaign with its decision's particulars (dates: by default
        self-assessment over the first half of the year)."""
        return self.env["cchc.campaign"].create(
            {
                "name": name,
                "year": year,
                "criteria_set_ids": [Command.set(criteria_sets.ids)],
                "agency_ids": [Command.set(agencies.ids)],
                "date_self_open": dates.get("date_self_open", f"{year}-01-01"),
                "date_self_close": dates.get("date_self_close", f"{year}-06-30"),
                "decision_number": "2546/QĐ-UBND",
                "decision_date": f"{year}-12-20",
                "signer_name": "Nguyễn Văn Thành",
                "proposal_reference": f"Tờ trình số 512/TTr-SNV ngày 15/12/{year}",
            }
        )

    def make_campaign(self, size, criteria_set, unit_type):
        env = self.env
        agencies = self.make_agencies(unit_type, size, f"Đơn vị {size}-", f"B{size}")
        campaign = self.create_campaign(
            f"Bench {size} units", YEAR, criteria_set, agencies
        )
        head = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": f"Head {size}",
                    "login": f"bench_head_{size}",
                    "cchc_agency_id": agencies[0].id,
                    "groups_id": [
                        Command.set(
                            [
                                env.ref("base.group_user").id,
                                env.ref("cchc_index.group_cchc_head").id,
                            ]
                        )
                    ],
                }
            )
        )
        env.flush_all()
        self.cr.commit()
        return campaign, agencies, head

    # -------------------------------------------------------------- steps --

    def step_create(self, campaign):
        env = self.env
        env.flush_all()
        env.invalidate_all()
        q0, t0 = self.queries(), time.perf_counter()
        evaluations = env["cchc.evaluation"]._create_for_campaigns(campaign)
        env.flush_all()
        elapsed, count = time.perf_counter() - t0, self.queries() - q0
        # what action_open_self_assessment does next (not measured)
        campaign.state = "self_assessment"
        env.flush_all()
        return evaluations, elapsed, count

    def appraise_all(self, campaign, seed):
        """New random appraised scores on every line (one UPDATE, fixed seed)."""
        cr = self.cr
        cr.execute("SELECT setseed(%s)", [seed])
        cr.execute(
            """
            UPDATE cchc_evaluation_line l
               SET appraised_points = ROUND((random() * l.applicable_max)::numeric, 2),
                   is_appraised = TRUE
              FROM cchc_evaluation e
             WHERE e.id = l.evaluation_id AND e.campaign_id = %s
            """,
            [campaign.id],
        )
        cr.execute(
            "UPDATE cchc_evaluation SET state = 'appraised' WHERE campaign_id = %s",
            [campaign.id],
        )
        cr.execute(
            "UPDATE cchc_campaign SET state = 'appraisal' WHERE id = %s", [campaign.id]
        )
        self.env.invalidate_all()
        self.vacuum_analyze(
            ["cchc_evaluation_line", "cchc_evaluation_field", "cchc_evaluation"]
        )

    FLOOR_SQL = """
        SELECT l.evaluation_id, SUM(l.appraised_points) AS total,
               CASE WHEN e.applicable_max > 0
                    THEN ROUND(SUM(l.appraised_points) * 100 / e.applicable_max, 2)
                    ELSE 0 END AS index
          FROM cchc_evaluation_line l
          JOIN cchc_evaluation e ON e.id = l.evaluation_id
         WHERE e.campaign_id = %(campaign)s
      GROUP BY l.evaluation_id, e.applicable_max
    """

    # (3b) What the recompute produces, read-only and written here
    # independently of the engine: every field's subtotal and the index's
    # components, the index (half-up, bounded 0..100), the rank per unit type
    # and the band. The recompute is this plus writing what changed.
    SAME_RESULTS_SQL = """
        WITH f AS (
            SELECT l.evaluation_id, l.evaluation_field_id,
                   SUM(l.appraised_points) AS points,
                   SUM(l.appraised_points) FILTER (WHERE c.point_kind = 'normal') AS a,
                   SUM(l.survey_points) FILTER (
                       WHERE c.point_kind = 'survey' AND l.survey_na IS NOT TRUE) AS s,
                   SUM(l.appraised_points) FILTER (WHERE c.point_kind = 'bonus') AS b,
                   SUM(l.appraised_points)
                       FILTER (WHERE c.point_kind = 'deduction') AS d,
                   COALESCE(SUM(l.applicable_max)
                       FILTER (WHERE c.point_kind = 'normal'), 0)
                   + COALESCE(SUM(c.max_points) FILTER (
                       WHERE c.point_kind = 'survey' AND l.survey_na IS NOT TRUE), 0)
                       AS m
              FROM cchc_evaluation_line l
              JOIN cchc_evaluation e ON e.id = l.evaluation_id
              JOIN cchc_criterion c ON c.id = l.criterion_id
             WHERE e.campaign_id = %(campaign)s
          GROUP BY l.evaluation_id, l.evaluation_field_id
        ), ev AS (
            SELECT f.evaluation_id, SUM(f.points) AS total,
                   COALESCE(SUM(f.a), 0) + COALESCE(SUM(f.s), 0)
                   + LEAST(COALESCE(SUM(f.b), 0), COALESCE(MAX(cs.bonus_cap), 0))
                   - COALESCE(SUM(f.d), 0) AS points, SUM(f.m) AS m,
                   MAX(e.unit_type_id) AS unit_type_id
              FROM f
              JOIN cchc_evaluation e ON e.id = f.evaluation_id
              JOIN cchc_criteria_set cs ON cs.id = e.criteria_set_id
          GROUP BY f.evaluation_id
        ), ix AS (
            SELECT evaluation_id, total, unit_type_id,
                   CASE WHEN m > 0 THEN LEAST(GREATEST(
                       ROUND(points::numeric * 100 / m::numeric, 2), 0), 100)
                   ELSE 0 END AS index
              FROM ev
        )
        SELECT ix.evaluation_id, ix.index,
               RANK() OVER (PARTITION BY ix.unit_type_id ORDER BY ix.index DESC),
               (SELECT b.id FROM cchc_campaign_band b
                 WHERE b.campaign_id = %(campaign)s AND b.lower_bound <= ix.index
              ORDER BY b.lower_bound DESC LIMIT 1)
          FROM ix
    """

    def floor(self, campaign, sql=None):
        """(seconds, rows) of one run of the raw SQL floor (or of sql)."""
        t0 = time.perf_counter()
        self.cr.execute(sql or self.FLOOR_SQL, {"campaign": campaign.id})
        rows = self.cr.fetchall()
        return time.perf_counter() - t0, len(rows)

    def step_recompute(self, campaign):
        """(2) and (3) in rounds: new scores on every line, then the floor and
        the recompute over them. Returns the best recompute seconds, its
        queries (the same in every round), the best floor seconds, the
        number of rows of the floor and the best (3b) seconds."""
        env = self.env
        best, best_floor, best_same, counts = None, None, None, set()
        for seed in SEEDS[: self.args.runs]:
            self.appraise_all(campaign, seed)
            self.floor(campaign)  # the lines in cache for both measures
            floor_s, floor_rows = self.floor(campaign)
            same_s, _rows = self.floor(campaign, self.SAME_RESULTS_SQL)
            best_same = same_s if best_same is None else min(best_same, same_s)
            env.invalidate_all()
            q0, t0 = self.queries(), time.perf_counter()
            campaign._recompute_results()
            env.flush_all()
            elapsed = time.perf_counter() - t0
            counts.add(self.queries() - q0)
            self.cr.commit()
            best = elapsed if best is None else min(best, elapsed)
            best_floor = floor_s if best_floor is None else min(best_floor, floor_s)
        assert len(counts) == 1, f"query counts differ between rounds: {counts}"
        return best, counts.pop(), best_floor, floor_rows, best_same

    def timed_with_budget(self, func):
        """(seconds, None) or (None, 'skipped (> N s)') if over the budget."""
        self.cr.commit()
        self.env.invalidate_all()
        t0 = time.perf_counter()
        try:
            with budget(self.args.budget):
                func()
        except BudgetExceeded:
            self.cr.rollback()
            self.env.invalidate_all()
            return None, f"skipped (> {self.args.budget:g} s)"
        elapsed = time.perf_counter() - t0
        self.env.invalidate_all()
        return elapsed, None

    def step_xlsx(self, campaign):
        result = {}

        def run():
            result["data"], _type = self.env["ir.actions.report"]._render_xlsx(
                "cchc_index.action_report_score_matrix", campaign.ids, data=None
            )

        elapsed, skipped = self.timed_with_budget(run)
        size = len(result.get("data") or b"")
        result.clear()
        return elapsed, skipped, size

    def step_pdf(self, campaign):
        result = {}

        def run():
            result["pdf"] = self.env["ir.actions.report"]._render_qweb_pdf(
                "cchc_index.action_report_decision", campaign.ids
            )

        elapsed, skipped = self.timed_with_budget(run)
        if elapsed is not None:
            pdf, kind = result["pdf"]
            assert kind == "pdf" and pdf.startswith(b"%PDF"), kind
        return elapsed, skipped

    def form_spec(self, evaluation, line_limit=40, view_type="form"):
        """The web client's spec for the form (or list) view, from get_views."""
        views = evaluation.get_views([(False, view_type)])
        arch = etree.fromstring(views["views"][view_type]["arch"])
        cache = {}

        def list_arch(comodel):
            if comodel._name not in cache:
                sub = comodel.get_views([(False, "list")])
                cache[comodel._name] = etree.fromstring(sub["views"]["list"]["arch"])
            return cache[comodel._name]

        def spec_of(node, model):
            spec = {}
            for child in node:
                if not isinstance(child.tag, str):
                    continue
                if child.tag != "field":
                    spec.update(spec_of(child, model))
                    continue
                name = child.get("name")
                field = model._fields[name]
                if field.type in ("one2many", "many2many"):
                    comodel = model.env[field.comodel_name]
                    sub = child.find("list")
                    if sub is None and child.get("widget") != "many2many_tags":
                        sub = list_arch(comodel)
                    if sub is None:  # tags: display names only
                        spec[name] = {"fields": {"display_name": {}}}
                        continue
                    spec[name] = {"fields": spec_of(sub, comodel)}
                    if line_limit:
                        spec[name]["limit"] = int(sub.get("limit", line_limit))
                elif field.type in ("many2one", "reference"):
                    spec[name] = {"fields": {"display_name": {}}}
                else:
                    spec[name] = {}
            return spec

        return spec_of(arch, evaluation)

    def step_form(self, evaluation, head):
        """(ms, queries, queries on a cold registry cache, queries reading all
        the lines, number of lines).

        The first web_read of a new user also fills the registry caches (record
        rules, groups): counted apart; the figures are those of the next ones.
        """
        evaluation = evaluation.with_user(head)
        spec = self.form_spec(evaluation)
        all_lines_spec = self.form_spec(evaluation, line_limit=None)
        results = []
        for s in (spec, spec, all_lines_spec):
            self.env.invalidate_all()
            with self.show_queries(self.args.show_form_queries):
                q0, t0 = self.queries(), time.perf_counter()
                data = evaluation.web_read(s)
                results.append((time.perf_counter() - t0, self.queries() - q0, data))
        (_e, cold, _d), (elapsed, count, data), (_e2, count_all, data_all) = results
        assert data[0]["id"] == evaluation.id
        return elapsed, count, cold, count_all, len(data_all[0]["line_ids"])

    RESPONSES_SQL = """
        WITH units AS (
            SELECT cchc_agency_id AS agency_id,
                   row_number() OVER (ORDER BY cchc_agency_id) AS n
              FROM cchc_agency_cchc_campaign_rel
             WHERE cchc_campaign_id = %(campaign)s
        )
        INSERT INTO survey_user_input
               (survey_id, cchc_campaign_survey_id, cchc_agency_id, state,
                test_entry, access_token, scoring_percentage, scoring_total,
                scoring_success, create_uid, write_uid, create_date, write_date)
        SELECT %(survey)s, %(questionnaire)s, u.agency_id, 'done', FALSE,
               gen_random_uuid()::text, 0, 0, FALSE, %(uid)s, %(uid)s,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM units u
         CROSS JOIN LATERAL generate_series(
               1, CASE WHEN u.n %% 10 = 0 THEN %(few)s ELSE %(sample)s END) k
    """
    ANSWERS_SQL = """
        WITH choices AS (
            SELECT a.question_id, array_agg(a.id ORDER BY a.id) AS ids,
                   array_agg(a.answer_score ORDER BY a.id) AS scores,
                   count(*) AS n
              FROM survey_question_answer a
              JOIN survey_question q ON q.id = a.question_id
             WHERE q.survey_id = %(survey)s
          GROUP BY a.question_id
        ), picks AS MATERIALIZED (
            SELECT ui.id AS user_input_id, q.id AS question_id, q.sequence,
                   1 + floor(random() * c.n)::int AS k, c.ids, c.scores
              FROM survey_user_input ui
              JOIN survey_question q ON q.survey_id = ui.survey_id
              JOIN choices c ON c.question_id = q.id
             WHERE ui.cchc_campaign_survey_id = %(questionnaire)s
        )
        INSERT INTO survey_user_input_line
               (user_input_id, survey_id, question_id, question_sequence,
                answer_type, suggested_answer_id, answer_score, skipped,
                create_uid, write_uid, create_date, write_date)
        SELECT user_input_id, %(survey)s, question_id, sequence, 'suggestion',
               ids[k], scores[k], FALSE, %(uid)s, %(uid)s,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM picks
    """
    # Independent of the engine's statement: the lines' own answer_score, the
    # minimum of the campaign's questionnaire, one row per evaluation line.
    SURVEY_CHECK_SQL = """
        WITH given AS (
            SELECT ui.cchc_agency_id AS agency_id, q.cchc_criterion_id AS criterion_id,
                   COUNT(*) AS responses, AVG(al.answer_score::numeric) AS weight
              FROM survey_user_input_line al
              JOIN survey_user_input ui ON ui.id = al.user_input_id
              JOIN survey_question q ON q.id = al.question_id
             WHERE ui.cchc_campaign_survey_id = %(questionnaire)s
          GROUP BY 1, 2
        )
        SELECT l.id, l.survey_points, l.survey_na, l.survey_response_count,
               COALESCE(g.responses, 0),
               CASE WHEN COALESCE(g.responses, 0) < %(minimum)s THEN 0
                    ELSE ROUND(g.weight * c.max_points / 100, 2) END
          FROM cchc_evaluation_line l
          JOIN cchc_evaluation e ON e.id = l.evaluation_id
          JOIN cchc_criterion c ON c.id = l.criterion_id AND c.point_kind = 'survey'
     LEFT JOIN given g ON g.agency_id = e.agency_id AND g.criterion_id = c.id
         WHERE e.campaign_id = %(campaign)s
    """

    def step_survey(self, size, survey_set, survey):
        """(seconds, queries, responses) of ``_compute_survey_points`` on a new
        campaign of SIZE units of the survey set's type, its responses
        inserted by SQL beforehand (untimed); its points checked."""
        env, cr = self.env, self.cr
        agencies = self.make_agencies(
            survey_set.unit_type_id, size, f"Đơn vị khảo sát {size}-", f"S{size}"
        )
        campaign = self.create_campaign(
            f"Bench survey {size} units", YEAR, survey_set, agencies
        )
        questionnaire = env["cchc.campaign.survey"].create(
            {
                "campaign_id": campaign.id,
                "survey_id": survey.id,
                "respondent_group": "civil_servant",
                "sample_size": SURVEY_SAMPLE,
                "min_responses": SURVEY_MIN,
            }
        )
        env["cchc.evaluation"]._create_for_campaigns(campaign)
        campaign.state = "self_assessment"
        env.flush_all()
        params = {
            "campaign": campaign.id,
            "survey": survey.id,
            "questionnaire": questionnaire.id,
            "uid": env.uid,
            "sample": SURVEY_SAMPLE,
            "few": SURVEY_FEW,
            "minimum": SURVEY_MIN,
        }
        cr.execute(self.RESPONSES_SQL, params)
        responses = cr.rowcount
        cr.execute("SELECT setseed(%s)", [SEEDS[0]])
        cr.execute(self.ANSWERS_SQL, params)
        assert cr.rowcount == responses * len(SURVEY_ITEMS), cr.rowcount
        self.vacuum_analyze(
            [
                "survey_user_input",
                "survey_user_input_line",
                "cchc_evaluation_line",
                "cchc_evaluation",
            ]
        )
        env.invalidate_all()
        q0, t0 = self.queries(), time.perf_counter()
        campaign._compute_survey_points()
        env.flush_all()
        elapsed, count = time.perf_counter() - t0, self.queries() - q0
        cr.execute(self.SURVEY_CHECK_SQL, params)
        rows = cr.fetchall()
        assert len(rows) == size * len(SURVEY_ITEMS), len(rows)
        bad = [
            row[0]
            for row in rows
            if abs(row[1] - float(row[5])) > 0.005
            or row[2] != (row[4] < SURVEY_MIN)
            or row[3] != row[4]
        ]
        assert not bad, f"survey points differ from the SQL check for {bad[:5]}"
        assert any(row[2] for row in rows) and not all(row[2] for row in rows)
        self.cr.commit()
        return elapsed, count, responses

    # ---------------------------------------------------------------- run --

    def run_size(self, size, criteria_set, unit_type, survey_setup, log):
        row = {"U": size}
        t_start = time.perf_counter()
        campaign, _agencies, head = self.make_campaign(size, criteria_set, unit_type)
        log(f"U={size}: {size} units and the campaign created")

        evaluations, row["create_s"], row["create_q"] = self.step_create(campaign)
        self.cr.execute(
            "SELECT count(*) FROM cchc_evaluation_line l JOIN cchc_evaluation e "
            "ON e.id = l.evaluation_id WHERE e.campaign_id = %s",
            [campaign.id],
        )
        row["lines"] = self.cr.fetchone()[0]
        log(
            f"U={size}: (1) {len(evaluations)} evaluations, {row['lines']} lines "
            f"in {row['create_s']:.2f} s, {row['create_q']} queries"
        )
        self.vacuum_analyze(
            ["cchc_evaluation_line", "cchc_evaluation_field", "cchc_evaluation"]
        )

        (
            row["recompute_s"],
            row["recompute_q"],
            row["floor_s"],
            floor_rows,
            row["same_s"],
        ) = self.step_recompute(campaign)
        assert floor_rows == size, floor_rows
        log(
            f"U={size}: (2) recompute {row['recompute_s']:.3f} s, "
            f"{row['recompute_q']} queries; (3) floor {row['floor_s']:.3f} s; "
            f"(3b) same results read-only {row['same_s']:.3f} s"
        )
        self.check_results(campaign)

        row["xlsx_s"], row["xlsx_skip"], xlsx_bytes = self.step_xlsx(campaign)
        log(
            f"U={size}: (4) XLSX "
            + (row["xlsx_skip"] or f"{row['xlsx_s']:.2f} s, {xlsx_bytes} bytes")
        )

        if size <= self.args.pdf_max:
            row["pdf_s"], row["pdf_skip"] = self.step_pdf(campaign)
            log(f"U={size}: (5) PDF " + (row["pdf_skip"] or f"{row['pdf_s']:.2f} s"))
        else:
            row["pdf_s"], row["pdf_skip"] = None, f"not run (U > {self.args.pdf_max})"

        first = evaluations.sorted("id")[:1]
        (
            row["form_s"],
            row["form_q"],
            row["form_q_cold"],
            row["form_q_all"],
            lines_read,
        ) = self.step_form(first, head)
        log(
            f"U={size}: (6) form {row['form_s'] * 1000:.0f} ms, {row['form_q']} "
            f"queries ({row['form_q_cold']} on cold registry caches, "
            f"{row['form_q_all']} reading all {lines_read} lines)"
        )
        row["rss_mb"] = peak_rss_mb()

        if size <= self.args.survey_max:
            row["survey_s"], row["survey_q"], row["responses"] = self.step_survey(
                size, *survey_setup
            )
            row["survey_skip"] = None
            log(
                f"U={size}: (8) survey points of {row['responses']} responses "
                f"in {row['survey_s']:.3f} s, {row['survey_q']} queries"
            )
        else:
            row["survey_s"] = row["survey_q"] = row["responses"] = None
            row["survey_skip"] = f"not run (U > {self.args.survey_max})"
        row["total_s"] = time.perf_counter() - t_start
        self.cr.commit()
        self.env.invalidate_all()
        return row

    def check_results(self, campaign):
        """The recomputed indexes are those of the SQL floor; indexes, ranks
        and bands those of (3b)."""
        self.cr.execute(self.FLOOR_SQL, {"campaign": campaign.id})
        floor = {eid: float(index) for eid, _total, index in self.cr.fetchall()}
        self.cr.execute(self.SAME_RESULTS_SQL, {"campaign": campaign.id})
        same = {
            eid: (float(i), rank, band) for eid, i, rank, band in self.cr.fetchall()
        }
        self.cr.execute(
            "SELECT id, appraised_index, rank, band_id FROM cchc_evaluation "
            "WHERE campaign_id = %s",
            [campaign.id],
        )
        rows = self.cr.fetchall()
        bad = [eid for eid, index, _r, _b in rows if abs(index - floor[eid]) > 0.005]
        assert not bad, f"indexes differ from the SQL floor for {bad[:5]}"
        bad = [
            eid
            for eid, index, rank, band in rows
            if abs(index - same[eid][0]) > 0.005 or (rank, band) != same[eid][1:]
        ]
        assert not bad, f"results differ from (3b) for {bad[:5]}"
        assert all(rank for _e, _i, rank, _b in rows), "unranked evaluations"


def fmt(value, digits=2, skip=None):
    if value is None:
        return skip or "–"
    return f"{value:.{digits}f}"


def markdown_table(rows):
    header = (
        "| U | lines | (1) create s | (1) queries | (2) recompute s | (2) queries "
        "| (3) SQL floor s | (2)/(3) | (3b) same results s | (2)/(3b) "
        "| (4) XLSX s | (5) PDF s | (6) form ms "
        "| (6) queries (cold; all lines) | (7) peak RSS MB | (8) responses "
        "| (8) survey s | (8) queries |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for r in rows:
        ratio = r["recompute_s"] / r["floor_s"] if r["floor_s"] else None
        same = r["recompute_s"] / r["same_s"] if r["same_s"] else None
        lines.append(
            "| "
            + " | ".join(
                [
                    str(r["U"]),
                    str(r["lines"]),
                    fmt(r["create_s"]),
                    str(r["create_q"]),
                    fmt(r["recompute_s"], 3),
                    str(r["recompute_q"]),
                    fmt(r["floor_s"], 3),
                    fmt(ratio, 1) + "×",
                    fmt(r["same_s"], 3),
                    fmt(same, 1) + "×",
                    fmt(r["xlsx_s"], 2, r["xlsx_skip"]),
                    fmt(r["pdf_s"], 2, r["pdf_skip"]),
                    fmt(r["form_s"] * 1000, 0),
                    f"{r['form_q']} ({r['form_q_cold']}; {r['form_q_all']})",
                    fmt(r["rss_mb"], 0),
                    fmt(r["responses"], 0),
                    fmt(r["survey_s"], 3, r["survey_skip"]),
                    fmt(r["survey_q"], 0),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def targets(rows):
    by_u = {r["U"]: r for r in rows}

    def verdict(ok):
        return "met" if ok else "**missed**"

    def constant(label, counts, sizes):
        if sizes < 2:
            return f"{label}: not measured (fewer than two sizes)"
        shown = ", ".join(map(str, sorted(counts)))
        return f"{label}: {verdict(len(counts) == 1)} ({shown})"

    def at(label, size, value, limit, unit="s", digits=2):
        """label at U=size: value(row) against limit, or why not measured."""
        r = by_u.get(size)
        got = r and value(r)
        if got is None:
            return f"{label}: not measured"
        shown = f"{got:.1f}×" if unit == "×" else f"{got:.{digits}f} {unit}"
        return f"{label}: {verdict(got <= limit)} ({shown})"

    out = [
        constant(
            "(2) query count constant in U",
            {r["recompute_q"] for r in rows},
            len(rows),
        ),
        at(
            "(2) ≤ 3× the SQL floor at U=1000",
            1000,
            lambda r: r["recompute_s"] / r["floor_s"],
            3,
            "×",
        ),
        at(
            "(2) ≤ 2× the SQL floor at U=1000 (issue 17)",
            1000,
            lambda r: r["recompute_s"] / r["floor_s"],
            2,
            "×",
        ),
        at(
            "(2) ≤ 2× a read-only SELECT of the same results (3b) at U=1000",
            1000,
            lambda r: r["recompute_s"] / r["same_s"],
            2,
            "×",
        ),
        at(
            "(1) create ≤ 15 s at U=10000 (issue 17)",
            10000,
            lambda r: r["create_s"],
            15,
        ),
    ]
    for size, limit in ((130, 1), (10000, 10)):
        label = f"(4) XLSX ≤ {limit} s at U={size} (issue 17)"
        r = by_u.get(size)
        if r and r["xlsx_s"] is None:
            out.append(f"{label}: {r['xlsx_skip']}")
        else:
            out.append(at(label, size, lambda r: r["xlsx_s"], limit))
    out += [
        at(
            "(2) recompute < 10 s at U=10000",
            10000,
            lambda r: r["recompute_s"],
            10,
        ),
        at("(5) decision PDF < 20 s at U=130", 130, lambda r: r["pdf_s"], 20),
    ]
    worst = max(max(r["form_q"], r["form_q_all"]) for r in rows)
    cold = max(r["form_q_cold"] for r in rows)
    out.append(
        f"(6) form open < 30 queries: {verdict(worst < 30)} (at most {worst}; "
        f"{cold} for a user's first read, record rules and groups not cached yet)"
    )
    surveyed = [r for r in rows if r["survey_q"] is not None]
    out.append(
        constant(
            "(8) survey points query count constant in U",
            {r["survey_q"] for r in surveyed},
            len(surveyed),
        )
    )
    return out


def start_odoo(args):
    """Odoo as a library on the bench's database; a log printing the elapsed time."""
    config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn", "--no-http"]
    )
    started = time.perf_counter()

    def log(msg):
        print(f"[{time.perf_counter() - started:7.1f}s] {msg}", flush=True)

    return Registry(args.database), log


def bench_env(cr):
    """The superuser's environment, without tracking or chatter, in English."""
    return api.Environment(
        cr,
        SUPERUSER_ID,
        {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "mail_notrack": True,
            "lang": "en_US",
        },
    )


def main():
    args = parse_args()
    started = time.perf_counter()
    registry, log = start_odoo(args)
    rows = []
    with registry.cursor() as cr:
        env = bench_env(cr)
        cr.execute("SELECT demo FROM ir_module_module WHERE name = 'cchc_index'")
        if cr.fetchone()[0]:
            print("WARNING: demo data is loaded in this database", file=sys.stderr)
        cr.execute("SELECT version()")
        pg_version = cr.fetchone()[0]
        header = [
            f"Date: {datetime.datetime.now():%Y-%m-%d %H:%M}",
            f"Machine: {machine_info()}, Python {platform.python_version()}",
            "Load average at the start (1, 5, 15 min): "
            + ", ".join(f"{load:.2f}" for load in os.getloadavg()),
            f"Odoo: {odoo.release.version}",
            f"PostgreSQL: {pg_version}",
        ]
        for line in header:
            print(line, flush=True)
        bench = Bench(env, args)
        criteria_set, unit_type = bench.make_criteria_set()
        log(f"criteria set: {ITEMS} items in {len(FIELD_ITEMS)} fields, active")
        survey_set, _survey_type, survey = bench.make_survey_set()
        log("survey set: 1 scored item, 2 survey items in one questionnaire")
        for size in args.sizes:
            rows.append(
                bench.run_size(size, criteria_set, unit_type, (survey_set, survey), log)
            )
            log(f"U={size}: done in {rows[-1]['total_s']:.1f} s")
    total = time.perf_counter() - started
    header.append(
        "Load average at the end (1, 5, 15 min): "
        + ", ".join(f"{load:.2f}" for load in os.getloadavg())
    )
    table = markdown_table(rows)
    verdicts = targets(rows)
    print()
    print(table)
    print()
    for line in verdicts:
        print("-", line)
    print(f"\nTotal bench time: {total:.0f} s")
    write_results(args.output, header, table, verdicts, total, args)


NOTES = """\
Method (bench/bench_campaign.py, run by `make bench` = scripts/bench.sh on a
throwaway database with cchc_index installed without demo data):

- Criteria set: 50 free-points items of 2 points in 7 fields (8 + 6 × 7 items),
  built in draft with the ORM then activated; one unit type; all sizes in one
  database, one campaign per size, units created by one ORM `create`.
- (1) `env["cchc.evaluation"]._create_for_campaigns(campaign)` called directly
  (no heads' activities, no stage change), timed up to the final flush.
- (2) and (3) in `--runs` rounds, each: every line given a new appraised score
  by one SQL UPDATE (random, `setseed`), evaluations set to 'appraised', VACUUM
  ANALYZE (as autovacuum would), one untimed run of (3) (the lines in cache for
  both measures), (3) timed, then (2) `campaign._recompute_results()` timed up
  to the final flush, its queries counted with `cr.sql_log_count` (the same in
  every round). The best round of each is reported.
- (3) is one `SELECT … GROUP BY evaluation` over the same lines computing the
  total and `ROUND(total*100/applicable_max, 2)`, rows fetched. The recomputed
  indexes are checked against it.
- (3b) is one read-only `SELECT` of what (2) produces, written in the bench
  independently of the engine: every field's subtotal and components (appraised,
  survey, bonus, deduction, maximum), the index (half-up, capped bonus, bounded
  0..100), the rank per unit type and the band; timed in the same rounds. The
  recomputed indexes, ranks and bands are checked against it. (2)/(3b) is what
  writing the changed rows costs.
- (4) `_render_xlsx("cchc_index.action_report_score_matrix")` (report_xlsx).
- (5) `_render_qweb_pdf("cchc_index.action_report_decision")`, `report.url` set
  to an unreachable local URL (no server runs).
- (6) `evaluation.web_read(spec)` as the unit's head, spec built from
  `get_views` of the form (line_ids with the fields of the line list, limit 40
  as the web client sends it), after `env.invalidate_all()`, registry caches
  warm; in brackets the count of the user's very first read (record rules and
  groups not in the registry caches yet) and the count with every line of the
  evaluation read (no limit).
- (7) `ru_maxrss` of the process after the size (cumulative over the sizes),
  before (8).
- (8) A second campaign of U units of another unit type, on a set of one
  free-points item of 60 and two survey items of 25 and 15 points, both asked
  by one questionnaire of Odoo Survey (one simple-choice question each, answers
  weighing 100 / 60 / 20 / 0 %), sample 30, minimum 20 valid responses. Its
  evaluations by `_create_for_campaigns`; 30 completed responses per unit (10
  for every tenth unit: under the minimum, not measured) with one random answer
  per question (`setseed`), inserted by SQL `INSERT … SELECT` into
  `survey_user_input` and `survey_user_input_line` (the ORM would take minutes
  for 30 000 responses), then VACUUM ANALYZE of the responses, their lines,
  the evaluation lines and the evaluations, as autovacuum would have done by
  the council review; all untimed. (Without the ANALYZE of the evaluations
  just created, the planner expects one and joins every unit's lines with every
  unit's answers: 31 s instead of 1.5 s at U=10000.) Then
  `campaign._compute_survey_points()` (as `action_council_review` calls it)
  timed once (a second run finds nothing to change) up to the final flush, its
  queries counted; its points, minimums and
  response counts are checked against an independent SQL computation (mean of
  the lines' answer scores × the item's maximum / 100, rounded to 2 decimals;
  0 under the minimum). Run for U ≤ `--survey-max`.
"""


def write_results(path, header, table, verdicts, total, args):
    sizes = ", ".join(map(str, args.sizes))
    text = "\n".join(
        [
            "# cchc_index campaign benchmark",
            "",
            *[f"- {line}" for line in header],
            f"- Sizes: {sizes}; best of {args.runs} for (2) and (3); step budget "
            f"{args.budget:g} s; total bench time {total:.0f} s",
            "",
            table,
            "",
            "Targets:",
            "",
            *[f"- {line}" for line in verdicts],
            "",
            NOTES,
        ]
    )
    Path(path).write_text(text, encoding="utf-8")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
