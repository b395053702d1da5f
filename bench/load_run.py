"""Deadline-day load test: locust against a running multi-process Odoo.

Run by scripts/load.sh (``make load``) once the data is built
(bench/load_setup.py) and Odoo runs with --workers. For each number of users:

1. a plan from the database's current state (which accounts work on which
   unit, appraisal…), for bench/locustfile.py;
2. locust, headless, for --duration seconds (users spawned at --spawn-rate per
   second), while a sampler reads every 2 s the CPU time of the Odoo and the
   PostgreSQL processes (/proc) and pg_stat_activity (connections, those
   active, what they wait for);
3. per action: requests, requests/s, p50/p95/p99, errors (locust's CSV), and
   the SQL queries per request from Odoo's request log;
4. the consistency check (bench/load_check.py): every acknowledged write is in
   the database, stored totals are the sums of their lines, no evaluation is
   stuck between two steps.

Prints Markdown tables and writes them to bench/LOAD.md (--output).
"""

import argparse
import csv
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
from bench_campaign import machine_info
from load_check import (
    lost_attachments,
    lost_transitions,
    lost_writes,
    stuck_states,
    wrong_appraised_totals,
    wrong_totals,
)

HERE = Path(__file__).resolve().parent
SESSIONS = {}  # login: session id, kept from one run to the next
# Odoo's request log: "POST /path HTTP/1.1" status - queries query_time other_time
REQUEST_RE = re.compile(
    r'"(?:GET|POST) (\S+) HTTP/[\d.]+" (\d+) \S+ (\d+) ([\d.]+) ([\d.]+)'
)
# Share of the users in each role (locust spawns its user classes by weight).
# Odoo's retry of a request that failed to serialize (odoo.service.model).
RETRY_RE = re.compile(
    r"odoo\.service\.model: (\w+), (?:\d+ tries left, try again|(maximum number))"
)
ROLE_WEIGHTS = {"officer": 60, "head": 15, "appraiser": 17, "secretariat": 8}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--dsn", required=True, help="libpq DSN of the database")
    parser.add_argument("--specs", required=True, help="from load_setup.py")
    parser.add_argument("--locust", required=True, help="the locust executable")
    parser.add_argument("--odoo-pid", type=int, required=True)
    parser.add_argument("--pg-pid", type=int, required=True)
    parser.add_argument("--odoo-log", required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--password", default="load")
    parser.add_argument(
        "--users",
        default=os.environ.get("CCHC_LOAD_USERS", "50,200"),
        help="numbers of concurrent users, one run each (default: %(default)s)",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("CCHC_LOAD_DURATION", 150)),
        help="seconds per run (default: %(default)s)",
    )
    parser.add_argument("--spawn-rate", type=float, default=5.0)
    parser.add_argument("--wait", default="2,10", help="pause between actions, s")
    parser.add_argument("--output", default=str(HERE / "LOAD.md"))
    args = parser.parse_args()
    args.users = [int(u) for u in args.users.split(",") if u]
    args.wait = [float(w) for w in args.wait.split(",")]
    return args


# ------------------------------------------------------------------ plan --


def build_plan(cur, args, specs):
    """Accounts per role and what each works on, from the current state."""
    cur.execute(
        """SELECT e.id, a.code FROM cchc_evaluation e JOIN cchc_agency a ON a.id = e.agency_id
            WHERE e.campaign_id = %s AND e.state = 'draft' ORDER BY e.id""",
        [specs["campaign_a"]],
    )
    drafts = cur.fetchall()
    # Heads take units from the end, officers (two per unit) from the start.
    heads_max = len(drafts) // 4
    heads = [
        {"login": f"load_{code.lower()}_h", "evaluation_id": eid}
        for eid, code in drafts[len(drafts) - heads_max :]
    ]
    officers = [
        {
            "login": f"load_{code.lower()}_o{parity + 1}",
            "evaluation_id": eid,
            "parity": parity,
        }
        for eid, code in drafts[: len(drafts) - heads_max]
        for parity in (0, 1)
    ]
    cur.execute(
        """SELECT ap.id, ap.agency_id, a.code FROM cchc_appraisal ap
             JOIN cchc_agency a ON a.id = ap.agency_id
            WHERE ap.campaign_id = %s AND ap.state IN ('pending', 'in_progress')
         ORDER BY ap.agency_id, ap.id""",
        [specs["campaign_b"]],
    )
    by_agency = defaultdict(list)
    for appraisal_id, agency_id, code in cur.fetchall():
        by_agency[agency_id, code].append(appraisal_id)
    cur.execute("SELECT login FROM res_users WHERE login LIKE 'load\\_%%'")
    logins = {row[0] for row in cur.fetchall()}
    per_agency = []
    for (agency_id, code), ids in sorted(by_agency.items()):
        mine = sorted(lg for lg in logins if lg.startswith(f"load_{code.lower()}_"))
        per_agency.append(
            [
                {
                    "login": lg,
                    "agency_id": agency_id,
                    "appraisal_ids": ids[i :: len(mine)],
                }
                for i, lg in enumerate(mine)
            ]
        )
    # Interleaved: the first appraisers spawned come from every agency.
    appraisers = [a for group in zip(*per_agency, strict=False) for a in group]
    secretariat = [{"login": lg} for lg in sorted(logins) if "secretariat" in lg]
    return {
        "db": args.db,
        "password": args.password,
        "wait": args.wait,
        "weights": ROLE_WEIGHTS,
        "specs": specs,
        "campaign_b": specs["campaign_b"],
        "accounts": {
            "officer": officers,
            "head": heads,
            "appraiser": appraisers,
            "secretariat": secretariat,
        },
    }


# ----------------------------------------------------------------- login --


def log_in(args, accounts, concurrency):
    """Log every account in (as its users did earlier in the day), `concurrency`
    at a time; its session goes into the account. Returns the latencies (s)
    and the failures."""
    import requests  # noqa: PLC0415  (only the driver needs it)

    def one(account):
        t0 = time.perf_counter()
        session = requests.Session()
        r = session.post(
            f"{args.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "db": args.db,
                    "login": account["login"],
                    "password": args.password,
                },
            },
            timeout=600,
        )
        ok = r.status_code == 200 and "result" in r.json()
        account["session_id"] = session.cookies.get("session_id")
        return time.perf_counter() - t0, ok

    if not accounts:
        return [], 0
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, accounts))
    return [t for t, _ok in results], sum(not ok for _t, ok in results)


# --------------------------------------------------------------- sampler --


def children_of(pids):
    """pids and all their descendants (from /proc)."""
    parents = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents[ppid].append(int(entry))
    found, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo += parents.get(pid, [])
    return found


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, ValueError, IndexError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds():
    """CPU time used by every process of the machine (/proc/stat)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class Sampler(threading.Thread):
    """CPU of Odoo and PostgreSQL, pg_stat_activity, every `period` s."""

    def __init__(self, args, period=2.0):
        super().__init__(daemon=True)
        self.args, self.period = args, period
        self.stop_event = threading.Event()
        self.cpu = {"odoo": [], "postgres": [], "locust": [], "machine": []}
        self.roots = {"odoo": args.odoo_pid, "postgres": args.pg_pid}
        self.loadavg = []
        self.connections, self.active, self.odoo_procs = [], [], []
        self.waits = Counter()

    def run(self):
        conn = psycopg2.connect(self.args.dsn)
        conn.autocommit = True
        cur = conn.cursor()
        last, last_t = None, time.monotonic()
        while not self.stop_event.wait(self.period):
            procs = {k: children_of([pid]) for k, pid in self.roots.items()}
            now = {k: cpu_seconds(p) for k, p in procs.items()}
            now["machine"] = machine_cpu_seconds()
            t = time.monotonic()
            if last:
                for key, value in now.items():
                    if key in last:
                        self.cpu[key].append(100 * (value - last[key]) / (t - last_t))
            last, last_t = now, t
            with open("/proc/loadavg", encoding="ascii") as f:
                self.loadavg.append(float(f.read().split()[0]))
            self.odoo_procs.append(len(procs["odoo"]))
            cur.execute(
                """SELECT state, wait_event_type, wait_event FROM pg_stat_activity
                    WHERE datname = %s AND pid <> pg_backend_pid()""",
                [self.args.db],
            )
            rows = cur.fetchall()
            self.connections.append(len(rows))
            active = [r for r in rows if r[0] == "active"]
            self.active.append(len(active))
            for _state, kind, event in active:
                if kind:
                    self.waits[f"{kind}:{event}"] += 1
        conn.close()

    def stop(self):
        self.stop_event.set()
        self.join()


# ---------------------------------------------------------------- locust --


def run_locust(args, users, plan_path, acks_path, prefix, sampler):
    env = dict(os.environ, CCHC_LOAD_PLAN=str(plan_path), CCHC_LOAD_ACKS=str(acks_path))
    cmd = [
        args.locust,
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--host",
        args.url,
        "-u",
        str(users),
        "-r",
        str(args.spawn_rate),
        "-t",
        f"{args.duration}s",
        "--stop-timeout",
        "30",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with open(f"{prefix}.log", "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler.roots["locust"] = proc.pid
        proc.wait()
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        stats = list(csv.DictReader(f))
    failures = []
    if os.path.exists(f"{prefix}_failures.csv"):
        with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
            failures = list(csv.DictReader(f))
    # Exceptions in the users' code (the load driver's bugs): errors too.
    if os.path.exists(f"{prefix}_exceptions.csv"):
        with open(f"{prefix}_exceptions.csv", encoding="utf-8") as f:
            failures += [
                {
                    "Occurrences": r["Count"],
                    "Name": "locust user",
                    "Error": r["Message"],
                }
                for r in csv.DictReader(f)
            ]
    return stats, failures


def odoo_retries(log_path, offset):
    """Concurrency failures Odoo retried, and those it gave up on, by error."""
    retried, given_up = Counter(), Counter()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        for line in f:
            if m := RETRY_RE.search(line):
                (given_up if m.group(2) else retried)[m.group(1)] += 1
    return retried, given_up


def odoo_queries(log_path, offset):
    """Median and max SQL queries per request path, from Odoo's request log
    (lines after byte offset)."""
    by_path = defaultdict(list)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        for line in f:
            if m := REQUEST_RE.search(line):
                path = re.sub(r"/\d+(?=$|[/?])", "/<id>", m.group(1).split("?")[0])
                seconds = float(m.group(4)) + float(m.group(5))
                by_path[path].append((int(m.group(3)), seconds * 1000))
    return {
        path: {
            "count": len(rows),
            "queries": statistics.median(q for q, _ms in rows),
            "queries_max": max(q for q, _ms in rows),
            "ms": statistics.median(ms for _q, ms in rows),
            "ms_p95": percentile([ms for _q, ms in rows], 95),
        }
        for path, rows in by_path.items()
    }


def percentile(values, pct):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * pct / 100))]


# ----------------------------------------------------------- consistency --

DECISION_QUEUE = (
    "SELECT cchc_campaign_id, res_users_id FROM cchc_campaign_decision_requester_rel"
)


def wait_for_decisions(cur, timeout=180):
    """Seconds until the background job has rendered the decisions asked for
    during the run (None: still some queued after timeout)."""
    t0 = time.perf_counter()
    while True:
        cur.connection.rollback()
        cur.execute(DECISION_QUEUE)
        if not cur.fetchall():
            return time.perf_counter() - t0
        if time.perf_counter() - t0 > timeout:
            return None
        time.sleep(1)


def consistency(cur, specs, acks):
    """Problems found, by check (see bench/load_check.py)."""
    campaigns = [specs["campaign_a"], specs["campaign_b"]]
    line_acks = [a for a in acks if a["kind"] == "line"]
    ids = sorted({a["id"] for a in line_acks})
    stored = {}
    if ids:
        cur.execute(
            """SELECT id, free_points, explanation, appraised_points
                 FROM cchc_evaluation_line WHERE id = ANY(%s)""",
            [ids],
        )
        for lid, free, explanation, appraised in cur.fetchall():
            stored[lid, "free_points"] = free
            stored[lid, "explanation"] = explanation
            stored[lid, "appraised_points"] = appraised
    att_acks = [a for a in acks if a["kind"] == "attachment"]
    att_ids = [a["id"] for a in att_acks if a["ok"]]
    attachments = {}
    if att_ids:
        cur.execute(
            """SELECT id, res_model, res_id, name, file_size, checksum
                 FROM ir_attachment WHERE id = ANY(%s)""",
            [att_ids],
        )
        keys = ("res_model", "res_id", "name", "file_size", "checksum")
        attachments = {
            r[0]: dict(zip(keys, r[1:], strict=True)) for r in cur.fetchall()
        }
    cur.execute(
        """SELECT id, state, submitted_by_id, self_total, applicable_max, self_index,
                  item_count, scored_count, appraised_total
             FROM cchc_evaluation WHERE campaign_id = ANY(%s)""",
        [campaigns],
    )
    keys = (
        "state",
        "submitted_by_id",
        "self_total",
        "applicable_max",
        "self_index",
        "item_count",
        "scored_count",
        "appraised_total",
    )
    evaluations = {r[0]: dict(zip(keys, r[1:], strict=True)) for r in cur.fetchall()}
    cur.execute(
        """SELECT f.id, f.evaluation_id, f.self_points, f.applicable_max, f.self_index,
                  f.item_count, f.scored_count
             FROM cchc_evaluation_field f
             JOIN cchc_evaluation e ON e.id = f.evaluation_id
            WHERE e.campaign_id = ANY(%s)""",
        [campaigns],
    )
    keys = (
        "evaluation_id",
        "self_points",
        "applicable_max",
        "self_index",
        "item_count",
        "scored_count",
    )
    fields = {r[0]: dict(zip(keys, r[1:], strict=True)) for r in cur.fetchall()}
    cur.execute(
        """SELECT l.evaluation_field_id, l.evaluation_id, l.self_points, l.applicable_max,
                  l.is_scored, l.appraised_points, l.appraisal_id
             FROM cchc_evaluation_line l
             JOIN cchc_evaluation e ON e.id = l.evaluation_id
            WHERE e.campaign_id = ANY(%s)""",
        [campaigns],
    )
    keys = (
        "field_id",
        "evaluation_id",
        "self_points",
        "applicable_max",
        "is_scored",
        "appraised_points",
        "appraisal_id",
    )
    lines = [dict(zip(keys, r, strict=True)) for r in cur.fetchall()]
    cur.execute(
        "SELECT id, evaluation_id, state FROM cchc_appraisal WHERE campaign_id = ANY(%s)",
        [campaigns],
    )
    appraisal_rows = cur.fetchall()
    cur.execute(DECISION_QUEUE)
    queued = cur.fetchall()
    appraisals = [{"evaluation_id": e, "state": s} for _i, e, s in appraisal_rows]
    appraisal_states = {i: s for i, _e, s in appraisal_rows}
    eval_states = {eid: ev["state"] for eid, ev in evaluations.items()}
    return {
        "acknowledged writes of items": lost_writes(line_acks, stored),
        "acknowledged uploads": lost_attachments(att_acks, attachments),
        "acknowledged submissions": lost_transitions(
            [a for a in acks if a["kind"] == "submit"],
            eval_states,
            {"submitted", "appraisal", "explanation", "appraised"},
        ),
        "acknowledged finished appraisals": lost_transitions(
            [a for a in acks if a["kind"] == "appraisal_done"],
            appraisal_states,
            {"done"},
        ),
        "stored totals = sum of lines": wrong_totals(lines, fields, evaluations),
        "appraised totals = sum of lines": wrong_appraised_totals(lines, evaluations),
        "no evaluation stuck": stuck_states(evaluations, appraisals, lines),
        "no decision asked for and never rendered": [
            f"user {uid} still waits for the decision of campaign {cid}"
            for cid, uid in queued
        ],
    }


# --------------------------------------------------------------- report --


def fmt(value, digits=0):
    return "–" if value is None else f"{value:.{digits}f}"


def action_table(stats):
    lines = [
        "| action | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in stats:
        name = "**all**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {name} | {row['Request Count']} | {float(row['Requests/s']):.2f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} "
            f"| {float(row['Max Response Time']):.0f} | {row['Failure Count']} |"
        )
    return "\n".join(lines)


def server_lines(sampler, workers):
    def avg_max(values, digits=0):
        if not values:
            return "–"
        return f"{statistics.mean(values):.{digits}f} / {max(values):.{digits}f}"

    waits = ", ".join(f"{k} ({v})" for k, v in sampler.waits.most_common(6)) or "none"
    return [
        f"Odoo: {workers} HTTP workers + cron worker + gevent + master "
        f"({max(sampler.odoo_procs or [0])} processes incl. wkhtmltopdf at most); "
        f"CPU % (100 = one core) mean / max: {avg_max(sampler.cpu['odoo'])}",
        f"PostgreSQL CPU % mean / max: {avg_max(sampler.cpu['postgres'])}; "
        f"locust (the load generator): {avg_max(sampler.cpu['locust'])}; the whole "
        f"machine (other work included): {avg_max(sampler.cpu['machine'])} of "
        f"{100 * (os.cpu_count() or 1)}; load average mean / max "
        f"{avg_max(sampler.loadavg, 1)}",
        f"PostgreSQL connections of the database mean / max: "
        f"{avg_max(sampler.connections, 1)}; active mean / max: "
        f"{avg_max(sampler.active, 1)}",
        f"Wait events of active sessions (samples): {waits}",
    ]


def login_line(logins, workers):
    times, failures, wall = logins
    if not times:
        return "Logins before the run: none (sessions of the previous run)"
    q = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return (
        f"Logins before the run (/web/session/authenticate, {workers} at a time, "
        f"accounts without a session from the previous run): "
        f"{len(times)} in {wall:.0f} s = {len(times) / wall:.2f}/s, p50 "
        f"{statistics.median(times) * 1000:.0f} ms, p95 {q[18] * 1000:.0f} ms, "
        f"{failures} failed"
    )


def retry_line(retries):
    retried, given_up = retries

    def show(counter):
        return ", ".join(f"{k} {v}" for k, v in counter.most_common()) or "none"

    return (
        f"Requests Odoo retried after a concurrency failure: {show(retried)}; "
        f"given up after 5 tries: {show(given_up)}"
    )


def failure_lines(failures):
    return [
        f"{row['Occurrences']} × {row['Name']}: {row['Error']}"
        for row in sorted(failures, key=lambda r: -int(r["Occurrences"]))[:10]
    ]


def query_table(queries):
    lines = [
        "| request path | requests | queries median | queries max "
        "| in the worker p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for path, q in sorted(queries.items(), key=lambda x: -x[1]["count"]):
        if path.startswith(("/web/dataset", "/web/binary", "/report", "/web/session")):
            lines.append(
                f"| {path} | {q['count']} | {q['queries']:g} | {q['queries_max']} "
                f"| {q['ms']:.0f} | {q['ms_p95']:.0f} |"
            )
    return "\n".join(lines)


def targets(stats, failures, problems):
    by_name = {row["Name"]: row for row in stats}

    def p95(name):
        row = by_name.get(name)
        return float(row["95%"]) if row and row["95%"] not in ("N/A", "") else None

    def verdict(ok):
        return "met" if ok else "**missed**"

    write, open_ = p95("item: write score"), p95("evaluation: open")
    errors = sum(int(r["Occurrences"]) for r in failures)
    lost = sum(len(v) for v in problems.values())
    return [
        f"p95 of an item write < 500 ms: {verdict(write is not None and write < 500)} "
        f"({fmt(write)} ms)",
        f"p95 of opening an evaluation < 1 s: "
        f"{verdict(open_ is not None and open_ < 1000)} ({fmt(open_)} ms)",
        f"no error: {verdict(errors == 0)} ({errors})",
        f"nothing lost, nothing inconsistent: {verdict(lost == 0)} ({lost} problems)",
    ]


def run_level(args, specs, users, cur, work_dir):
    plan = build_plan(cur, args, specs)
    # The accounts locust will use: its users are spawned by class weight.
    for role, accounts in plan["accounts"].items():
        share = -(-users * ROLE_WEIGHTS[role] // sum(ROLE_WEIGHTS.values())) + 1
        del accounts[share:]
    everyone = [a for accounts in plan["accounts"].values() for a in accounts]
    for account in everyone:
        account["session_id"] = SESSIONS.get(account["login"])
    t0 = time.perf_counter()
    login_times, login_failures = log_in(
        args, [a for a in everyone if not a["session_id"]], args.workers
    )
    login_wall = time.perf_counter() - t0
    SESSIONS.update((a["login"], a["session_id"]) for a in everyone)
    plan_path = work_dir / f"plan-{users}.json"
    acks_path = work_dir / f"acks-{users}.jsonl"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    counts = {r: len(plan["accounts"][r]) for r in ROLE_WEIGHTS}
    print(
        f"== {users} users for {args.duration} s (accounts available: {counts})",
        flush=True,
    )
    offset = os.path.getsize(args.odoo_log)
    sampler = Sampler(args)
    sampler.start()
    t0 = time.perf_counter()
    stats, failures = run_locust(
        args, users, plan_path, acks_path, work_dir / f"locust-{users}", sampler
    )
    elapsed = time.perf_counter() - t0
    sampler.stop()
    acks = [json.loads(x) for x in acks_path.read_text(encoding="utf-8").splitlines()]
    drained = wait_for_decisions(cur)
    problems = consistency(cur, specs, acks)
    kinds = Counter((a["kind"], a["ok"]) for a in acks)
    return {
        "users": users,
        "elapsed": elapsed,
        "stats": stats,
        "failures": failures,
        "sampler": sampler,
        "queries": odoo_queries(args.odoo_log, offset),
        "retries": odoo_retries(args.odoo_log, offset),
        "problems": problems,
        "drained": drained,
        "acks": kinds,
        "logins": (login_times, login_failures, login_wall),
    }


def drain_line(drained):
    if drained is None:
        return "Decisions still queued 180 s after the run"
    return f"Decisions still queued after the run: rendered within {drained:.0f} s"


def level_text(args, r):
    acks = r["acks"]
    written = ", ".join(
        f"{kind}: {acks[kind, True]} acknowledged, {acks[kind, False]} refused or failed"
        for kind in sorted({k for k, _ok in acks})
    )
    out = [
        f"### {r['users']} users, {args.duration} s (pauses {args.wait[0]:g}–"
        f"{args.wait[1]:g} s, spawn {args.spawn_rate:g}/s)",
        "",
        action_table(r["stats"]),
        "",
        *[f"- {line}" for line in server_lines(r["sampler"], args.workers)],
        f"- {login_line(r['logins'], args.workers)}",
        f"- {retry_line(r['retries'])}",
        f"- Writes logged by the users: {written or 'none'}",
        f"- {drain_line(r['drained'])}",
        "",
        "Errors (locust):" if r["failures"] else "Errors (locust): none",
        "",
        *[f"- {line}" for line in failure_lines(r["failures"])],
        "",
        "SQL queries and time spent in the worker per request (Odoo's request log; "
        "the rest of locust's figure is the wait for a free worker and the network):",
        "",
        query_table(r["queries"]),
        "",
        "Consistency:",
        "",
    ]
    for check, found in r["problems"].items():
        out.append(
            f"- {check}: " + ("ok" if not found else f"**{len(found)} problems**")
        )
        out += [f"  - {p}" for p in found[:5]]
    out += ["", "Targets:", ""]
    out += [f"- {t}" for t in targets(r["stats"], r["failures"], r["problems"])]
    return "\n".join(out)


def main():
    args = parse_args()
    specs = json.loads(Path(args.specs).read_text(encoding="utf-8"))
    work_dir = Path(args.work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    conn = psycopg2.connect(args.dsn)
    cur = conn.cursor()
    cur.execute("SELECT version()")
    pg_version = cur.fetchone()[0]
    cur.execute("SHOW max_connections")
    max_conn = cur.fetchone()[0]
    header = [
        f"Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"Machine: {machine_info()}, Python {platform.python_version()}",
        f"PostgreSQL: {pg_version.split(' on ')[0]} (max_connections {max_conn})",
        f"Odoo: --workers {args.workers}, --max-cron-threads 1 (the background "
        "jobs), db_maxconn default (64)",
    ]
    for line in header:
        print(line, flush=True)
    sections = []
    for users in args.users:
        result = run_level(args, specs, users, cur, work_dir)
        text = level_text(args, result)
        print(text, flush=True)
        sections.append(text)
    conn.close()
    Path(args.output).write_text(
        "\n".join(
            [
                "# cchc_index deadline-day load test",
                "",
                *[f"- {h}" for h in header],
                "",
                NOTES,
                "",
                *sections,
                "",
            ]
        ),
        encoding="utf-8",
    )
    print(f"written to {args.output}")


NOTES = """\
Method (`make load` = scripts/load.sh): cchc_index installed without demo in a
throwaway database; bench/load_setup.py builds 30 departments and 130 communes,
four appraising agencies, campaign A on its deadline day (80 % of the items
scored) and campaign B under appraisal, two officers and a head per unit, ten
appraisers per agency, ten secretariat members. Odoo runs as a province runs
it, with `--workers` on the embedded PostgreSQL; locust
(bench/locustfile.py) drives it over HTTP as the web client does: officers
(60 % of the users) open their evaluation, list and score items and upload
1–5 MB PDFs; heads (15 %) score the items left and submit; appraisers (17 %)
open their appraisals, score items and finish them; the secretariat (8 %)
lists the results, opens evaluations and asks for the draft decision, which
Odoo's cron worker renders in the background (wkhtmltopdf): they look at the
campaign every few seconds until it is there, then download it.
Every write is logged with the server's answer and checked in the database
afterwards (bench/load_check.py). The load generator runs on the same
machine and takes CPU from the server."""


if __name__ == "__main__":
    sys.exit(main())
