"""bench/load_check.py: what the load test's consistency check calls a problem.

Pure functions on hand-made rows: no server, no database.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from load_check import (  # noqa: E402
    index_of,
    lost_attachments,
    lost_transitions,
    lost_writes,
    stuck_states,
    wrong_appraised_totals,
    wrong_totals,
)


def w(t, value, ok=True, lid=7, field="free_points"):
    return {"id": lid, "field": field, "value": value, "ok": ok, "t": t}


def test_index_rounds_half_up_on_decimals():
    # 1.675 is 1.67499… as a binary float: Python's round() gives 1.67
    assert index_of(1.675, 100) == 1.68
    assert index_of(2, 3) == 66.67
    assert index_of(5, 0) == 0.0


def test_the_last_acknowledged_write_must_be_stored():
    acks = [w(1, 1.0), w(2, 1.5)]
    assert lost_writes(acks, {(7, "free_points"): 1.5}) == []
    problems = lost_writes(acks, {(7, "free_points"): 1.0})
    assert problems == ["line 7 free_points: acknowledged 1.5, stored 1.0"]


def test_order_is_by_time_not_by_log_position():
    acks = [w(2, 1.5), w(1, 1.0)]
    assert lost_writes(acks, {(7, "free_points"): 1.5}) == []


def test_a_later_unacknowledged_attempt_may_have_committed():
    acks = [w(1, 1.0), w(2, 2.0, ok=False)]
    assert lost_writes(acks, {(7, "free_points"): 2.0}) == []
    assert lost_writes(acks, {(7, "free_points"): 1.0}) == []
    assert lost_writes(acks, {(7, "free_points"): 0.5})


def test_refused_writes_alone_prove_nothing():
    assert lost_writes([w(1, 2.0, ok=False)], {(7, "free_points"): 0.0}) == []


def test_text_writes_compare_exactly():
    acks = [w(1, "Văn bản 12", field="explanation")]
    assert lost_writes(acks, {(7, "explanation"): "Văn bản 12"}) == []
    assert lost_writes(acks, {(7, "explanation"): None})


def test_uploads_must_be_stored_whole_on_their_line():
    row = {
        "ok": True,
        "id": 3,
        "line_id": 7,
        "name": "a.pdf",
        "size": 10,
        "sha1": "ab",
    }
    att = {
        "res_model": "cchc.evaluation.line",
        "res_id": 7,
        "name": "a.pdf",
        "file_size": 10,
        "checksum": "ab",
    }
    assert lost_attachments([row], {3: att}) == []
    assert lost_attachments([row], {}) == ["attachment 3 (a.pdf) is missing"]
    assert lost_attachments([row], {3: {**att, "checksum": "cd"}}) == [
        "attachment 3: checksum differ"
    ]
    assert lost_attachments([{**row, "ok": False, "id": None}], {}) == []


def test_acknowledged_transitions_must_hold():
    acks = [{"kind": "submit", "id": 1, "ok": True}]
    assert lost_transitions(acks, {1: "submitted"}, {"submitted"}) == []
    assert lost_transitions(acks, {1: "draft"}, {"submitted"})


def _field(eid, points, maximum, items, scored):
    return {
        "evaluation_id": eid,
        "self_points": points,
        "applicable_max": maximum,
        "self_index": index_of(points, maximum),
        "item_count": items,
        "scored_count": scored,
    }


def _line(fid, points, maximum=2.0, scored=True):
    return {
        "field_id": fid,
        "self_points": points,
        "applicable_max": maximum,
        "is_scored": scored,
    }


def test_totals_are_the_sums_of_their_lines():
    lines = [_line(10, 1.5), _line(10, 2.0), _line(11, 0.0, scored=False)]
    fields = {10: _field(1, 3.5, 4.0, 2, 2), 11: _field(1, 0.0, 2.0, 1, 0)}
    evaluation = {
        "self_total": 3.5,
        "applicable_max": 6.0,
        "self_index": 58.33,
        "item_count": 3,
        "scored_count": 2,
    }
    assert wrong_totals(lines, fields, {1: evaluation}) == []
    stale = {**fields, 10: _field(1, 1.5, 4.0, 2, 2)}
    problems = wrong_totals(lines, stale, {1: evaluation})
    assert problems[0].startswith("field subtotal 10: self_points 1.5")
    assert wrong_totals(lines, fields, {1: {**evaluation, "scored_count": 3}}) == [
        "evaluation 1: scored_count 3, its fields give 2"
    ]


def test_appraised_totals_count_only_once_appraised():
    lines = [
        {"evaluation_id": 1, "appraised_points": 1.0},
        {"evaluation_id": 1, "appraised_points": 0.5},
    ]
    assert (
        wrong_appraised_totals(
            lines, {1: {"state": "appraised", "appraised_total": 1.5}}
        )
        == []
    )
    assert (
        wrong_appraised_totals(lines, {1: {"state": "appraisal", "appraised_total": 0}})
        == []
    )
    assert wrong_appraised_totals(
        lines, {1: {"state": "appraised", "appraised_total": 1.0}}
    )


def _eval(state, submitted_by=2):
    return {"state": state, "submitted_by_id": submitted_by}


def test_workflow_states_that_are_consistent():
    evaluations = {
        1: _eval("draft", None),
        2: _eval("submitted"),
        3: _eval("appraisal"),
        4: _eval("appraised"),
    }
    appraisals = [
        {"evaluation_id": 2, "state": "pending"},
        {"evaluation_id": 3, "state": "done"},
        {"evaluation_id": 3, "state": "in_progress"},
        {"evaluation_id": 4, "state": "done"},
    ]
    lines = [
        {"evaluation_id": e, "appraisal_id": None if e == 1 else 9}
        for e in (1, 2, 3, 4)
    ]
    assert stuck_states(evaluations, appraisals, lines) == []


def test_workflow_states_left_between_two_steps():
    evaluations = {
        1: _eval("submitted"),  # its appraisal started
        2: _eval("appraisal"),  # every appraisal done
        3: _eval("appraised"),  # one appraisal not done
        4: _eval("submitted"),  # no appraisal at all
        5: _eval("draft"),  # submitted by someone, still draft
    }
    appraisals = [
        {"evaluation_id": 1, "state": "in_progress"},
        {"evaluation_id": 2, "state": "done"},
        {"evaluation_id": 3, "state": "done"},
        {"evaluation_id": 3, "state": "pending"},
    ]
    lines = [{"evaluation_id": e, "appraisal_id": 9} for e in (1, 2, 3)]
    problems = stuck_states(evaluations, appraisals, lines)
    assert problems == [
        "evaluation 1: appraisal started, still submitted",
        "evaluation 2: every appraisal done, still appraisal",
        "evaluation 3: appraised with appraisals not done",
        "evaluation 4: submitted, items without an appraisal",
        "evaluation 5: draft, yet submitted or appraised",
    ]
