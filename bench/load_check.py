"""Consistency of the database after a load test: pure functions over rows.

load_run.py reads the rows from PostgreSQL and the writes the simulated users
logged (with whether the server acknowledged them); each function here returns
a list of problems (strings), empty when all is well. No Odoo, no database:
tests/test_load_check.py tests them on hand-made rows.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

TOLERANCE = 0.005  # stored with 2 decimals


def index_of(points, maximum):
    """points ÷ maximum × 100, half-up to 2 decimals (as the engine rounds)."""
    if not maximum:
        return 0.0
    value = Decimal(str(points)) * 100 / Decimal(str(maximum))
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _differs(a, b):
    return abs((a or 0.0) - (b or 0.0)) > TOLERANCE


def lost_writes(acks, stored):
    """Acknowledged field writes not in the database.

    acks: dicts {id, field, value, ok, t} in any order; stored: {(id, field):
    value}. The last acknowledged write of a field must be what is stored,
    unless a later unacknowledged attempt (a timeout may still have committed)
    wrote what is stored.
    """
    by_key = defaultdict(list)
    for row in acks:
        by_key[row["id"], row["field"]].append(row)
    problems = []
    for key, rows in sorted(by_key.items()):
        rows.sort(key=lambda r: r["t"])
        acked = [i for i, r in enumerate(rows) if r["ok"]]
        if not acked:
            continue
        allowed = [rows[acked[-1]]["value"]]
        allowed += [r["value"] for r in rows[acked[-1] + 1 :] if not r["ok"]]
        value = stored.get(key)
        if not any(_same(value, a) for a in allowed):
            problems.append(
                f"line {key[0]} {key[1]}: acknowledged {allowed[0]!r}, stored {value!r}"
            )
    return problems


def _same(stored, written):
    if isinstance(written, float | int) and not isinstance(written, bool):
        return stored is not None and not _differs(stored, written)
    return stored == written


def lost_attachments(acks, stored):
    """Acknowledged uploads missing or altered: stored {id: {res_model, res_id,
    name, file_size, checksum}}."""
    problems = []
    for row in acks:
        if not row["ok"]:
            continue
        att = stored.get(row["id"])
        if att is None:
            problems.append(f"attachment {row['id']} ({row['name']}) is missing")
            continue
        expected = {
            "res_model": "cchc.evaluation.line",
            "res_id": row["line_id"],
            "name": row["name"],
            "file_size": row["size"],
            "checksum": row["sha1"],
        }
        wrong = [k for k, v in expected.items() if att.get(k) != v]
        if wrong:
            problems.append(f"attachment {row['id']}: {', '.join(wrong)} differ")
    return problems


def lost_transitions(acks, states, allowed):
    """Acknowledged workflow steps not stored: states {id: state}; allowed:
    the states a record may be in after the step."""
    return [
        f"{row['kind']} of {row['id']} acknowledged, state is {states.get(row['id'])!r}"
        for row in acks
        if row["ok"] and states.get(row["id"]) not in allowed
    ]


def wrong_totals(lines, fields, evaluations):
    """Stored subtotals and totals that are not the sums of their lines.

    lines: dicts {field_id, self_points, applicable_max, is_scored};
    fields: {id: {evaluation_id, self_points, applicable_max, self_index,
    item_count, scored_count}}; evaluations: {id: {self_total,
    applicable_max, self_index, item_count, scored_count}}.
    """
    sums = defaultdict(lambda: {"points": 0.0, "max": 0.0, "items": 0, "scored": 0})
    for line in lines:
        s = sums[line["field_id"]]
        s["points"] += line["self_points"] or 0.0
        s["max"] += line["applicable_max"] or 0.0
        s["items"] += 1
        s["scored"] += bool(line["is_scored"])
    problems = []
    by_evaluation = defaultdict(
        lambda: {"points": 0.0, "max": 0.0, "items": 0, "scored": 0}
    )
    for fid, f in sorted(fields.items()):
        s = sums[fid]
        expected = {
            "self_points": s["points"],
            "applicable_max": s["max"],
            "self_index": index_of(s["points"], s["max"]),
            "item_count": s["items"],
            "scored_count": s["scored"],
        }
        problems += [
            f"field subtotal {fid}: {k} {f[k]!r}, its lines give {v!r}"
            for k, v in expected.items()
            if _differs(f[k], v)
        ]
        e = by_evaluation[f["evaluation_id"]]
        for key in e:
            e[key] += s[key]
    for eid, ev in sorted(evaluations.items()):
        s = by_evaluation[eid]
        expected = {
            "self_total": s["points"],
            "applicable_max": s["max"],
            "self_index": index_of(s["points"], s["max"]),
            "item_count": s["items"],
            "scored_count": s["scored"],
        }
        problems += [
            f"evaluation {eid}: {k} {ev[k]!r}, its fields give {v!r}"
            for k, v in expected.items()
            if _differs(ev[k], v)
        ]
    return problems


def wrong_appraised_totals(lines, evaluations):
    """Appraised evaluations whose appraised total is not the sum of their
    lines' appraised points: lines {evaluation_id, appraised_points};
    evaluations {id: {state, appraised_total}}."""
    sums = defaultdict(float)
    for line in lines:
        sums[line["evaluation_id"]] += line["appraised_points"] or 0.0
    return [
        f"evaluation {eid}: appraised total {ev['appraised_total']!r}, "
        f"its lines give {sums[eid]!r}"
        for eid, ev in sorted(evaluations.items())
        if ev["state"] in ("appraised", "published")
        and _differs(ev["appraised_total"], sums[eid])
    ]


def stuck_states(evaluations, appraisals, lines):
    """Evaluations left between two workflow steps.

    evaluations {id: {state, submitted_by_id}}; appraisals: dicts
    {evaluation_id, state}; lines: dicts {evaluation_id, appraisal_id}.
    """
    by_evaluation = defaultdict(list)
    for a in appraisals:
        by_evaluation[a["evaluation_id"]].append(a["state"])
    unassigned = {line["evaluation_id"] for line in lines if not line["appraisal_id"]}
    problems = []
    for eid, ev in sorted(evaluations.items()):
        state, mine = ev["state"], by_evaluation.get(eid, [])
        if state == "draft":
            if mine or ev["submitted_by_id"]:
                problems.append(f"evaluation {eid}: draft, yet submitted or appraised")
            continue
        if not ev["submitted_by_id"]:
            problems.append(f"evaluation {eid}: {state} without its submitter")
        if not mine or eid in unassigned:
            problems.append(f"evaluation {eid}: {state}, items without an appraisal")
            continue
        started = any(s != "pending" for s in mine)
        all_done = all(s == "done" for s in mine)
        if state == "submitted" and started:
            problems.append(f"evaluation {eid}: appraisal started, still submitted")
        if state in ("appraised", "published") and not all_done:
            problems.append(f"evaluation {eid}: {state} with appraisals not done")
        if all_done and state not in ("appraised", "published"):
            problems.append(f"evaluation {eid}: every appraisal done, still {state}")
        if state == "explanation" and "explanation" not in mine:
            problems.append(f"evaluation {eid}: explanation asked by no appraisal")
    return problems
