"""Simultaneous requests: every accepted write is kept, totals stay right."""

import pytest

LINE = "cchc.evaluation.line"
ROUNDS = 5


def test_two_agencies_appraise_one_evaluation_at_once(
    world, appraisal_campaign, at_once
):
    lines = appraisal_campaign["lines_C"]
    snv = world.session(world.appraiser_snv)
    stttt_login = world.appraisers[world.ref("cchc_index_ha_nam.agency_stttt")]
    stttt = world.session(stttt_login)
    for round_ in range(ROUNDS):
        level, band = [(20, 30), (10, 15), (0, 0)][round_ % 3]
        _results, errors = at_once(
            [
                lambda p=level: snv(
                    LINE, "write", [lines["1.1"]], {"appraised_points": p}
                ),
                lambda p=band: stttt(
                    LINE, "write", [lines["3"]], {"appraised_points": p}
                ),
            ]
        )
        assert errors == [None, None]
        saved = world.admin(
            LINE, "read", [lines["1.1"], lines["3"]], ["appraised_points"]
        )
        assert [s["appraised_points"] for s in saved] == [level, band]


@pytest.mark.parametrize("same_line", [True, False], ids=["same-line", "two-lines"])
def test_one_unit_writes_at_once(world, open_campaign, same_line, at_once):
    """Two sessions of unit A: an accepted write is never silently lost, and the
    stored totals always match the lines."""
    lines = open_campaign["lines_A"]
    head, officer = world.session(world.heads["A"]), world.session(world.officers["A"])
    levels = [world.level("1.1", "On time"), world.level("1.1", "Late")]
    for round_ in range(ROUNDS):
        first = {"free_points": 5.0 + round_}
        second = (
            {"free_points": 15.0 - round_}
            if same_line
            else {"self_level_id": levels[round_ % 2]}
        )
        target = lines["1.2"] if same_line else lines["1.1"]
        _results, errors = at_once(
            [
                lambda v=first: head(LINE, "write", [lines["1.2"]], v),
                lambda v=second, t=target: officer(LINE, "write", [t], v),
            ]
        )
        for error in errors:  # a refusal (e.g. after Odoo's retries) is fine
            assert error is None or isinstance(error, head.Error), error
        done = world.admin(LINE, "read", [lines["1.1"], lines["1.2"]], ["self_points"])
        points = {"1.1": done[0]["self_points"], "1.2": done[1]["self_points"]}
        if same_line:
            accepted = [
                v["free_points"]
                for v, e in zip((first, second), errors, strict=True)
                if e is None
            ]
            assert accepted, errors
            assert points["1.2"] in accepted
        else:
            assert errors == [None, None]
            assert points["1.2"] == first["free_points"]
            assert points["1.1"] == (20.0 if round_ % 2 == 0 else 10.0)
        all_lines = world.admin(
            LINE,
            "search_read",
            [("evaluation_id", "=", open_campaign["A"])],
            fields=["self_points"],
        )
        [evaluation] = world.admin(
            "cchc.evaluation", "read", [open_campaign["A"]], ["self_total"]
        )
        assert evaluation["self_total"] == sum(x["self_points"] for x in all_lines)


UNITS = 20


@pytest.fixture(scope="module")
def crowd(world):
    """A campaign of 20 fresh units, each scored and ready to submit."""
    agencies = [world.agency(f"Q{n:02d}") for n in range(UNITS)]
    heads = [world.user(f"crowd{n:02d}", "head", a) for n, a in enumerate(agencies)]
    campaign = world.campaign(agencies)
    evaluations = [world.evaluation(campaign, a) for a in agencies]
    for head, evaluation in zip(heads, evaluations, strict=True):
        world.score(head, evaluation)
    return campaign, heads, evaluations


def test_twenty_units_submit_at_once(world, crowd, at_once):
    campaign, heads, evaluations = crowd
    sessions = [world.session(head) for head in heads]
    _results, errors = at_once(
        [
            lambda s=s, e=e: s("cchc.evaluation", "action_submit", [e])
            for s, e in zip(sessions, evaluations, strict=True)
        ]
    )
    assert errors == [None] * UNITS
    done = world.admin(
        "cchc.evaluation",
        "read",
        evaluations,
        ["state", "self_total", "self_index", "submitted_by_id", "appraisal_ids"],
    )
    assert {e["state"] for e in done} == {"submitted"}
    assert {e["self_total"] for e in done} == {77.5}
    assert {e["self_index"] for e in done} == {77.5}
    assert [e["submitted_by_id"][0] for e in done] == [s.uid for s in sessions]
    assert {len(e["appraisal_ids"]) for e in done} == {3}
    [progress] = world.admin(
        "cchc.campaign", "read", [campaign], ["submitted_count", "evaluation_count"]
    )
    assert progress == {
        "id": campaign,
        "submitted_count": UNITS,
        "evaluation_count": UNITS,
    }
