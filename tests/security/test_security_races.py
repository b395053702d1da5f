"""Two users doing the last step at the same moment: nothing is left stuck.

Each race runs over real concurrent JSON-RPC connections, several rounds on
fresh campaigns, and checks the state the database is left in.
"""

import base64
import time

ROUNDS = 3


def _states(world, model, ids):
    return [r["state"] for r in world.admin(model, "read", ids, ["state"])]


def _timed(call):
    """Run call; return (monotonic time it returned at, error or None)."""
    try:
        call()
        error = None
    except Exception as exc:  # noqa: BLE001 - reported by the caller
        error = exc
    return time.monotonic(), error


def test_last_two_agencies_finish_at_once(world, at_once):
    """Three agencies accept, one finishes, the other two finish together: the
    evaluation is appraised (before: it stayed under appraisal for ever)."""
    for _round in range(ROUNDS):
        ids = world.scored_campaign("A")
        world.as_user(world.heads["A"])("cchc.evaluation", "action_submit", [ids["A"]])
        world.admin("cchc.campaign", "action_start_appraisal", [ids["campaign"]])
        appraisals = world.admin(
            "cchc.appraisal",
            "search_read",
            [("evaluation_id", "=", ids["A"])],
            fields=["agency_id"],
        )
        assert len(appraisals) == 3
        sessions = []
        for appraisal in appraisals:
            login = world.appraisers[appraisal["agency_id"][0]]
            session = world.session(login)
            session("cchc.appraisal", "action_accept_self_scores", [appraisal["id"]])
            sessions.append((session, appraisal["id"]))
        first, *last_two = sessions
        first[0]("cchc.appraisal", "action_done", [first[1]])
        _results, errors = at_once(
            [
                lambda s=s, a=a: s("cchc.appraisal", "action_done", [a])
                for s, a in last_two
            ]
        )
        assert errors == [None, None]
        assert (
            _states(world, "cchc.appraisal", [a["id"] for a in appraisals])
            == ["done"] * 3
        )
        assert _states(world, "cchc.evaluation", [ids["A"]]) == ["appraised"]


def test_appraisal_starts_while_a_unit_is_sent_back(world, at_once):
    """Starting the appraisal and sending a unit back at the same moment: one
    of them wins (before: both did, and the unit could never submit again)."""
    secretariat = world.session(world.roles["secretariat"])
    admin = world.session("admin", "admin")
    for _round in range(ROUNDS):
        ids = world.scored_campaign("AB")
        for code in "AB":
            world.as_user(world.heads[code])(
                "cchc.evaluation", "action_submit", [ids[code]]
            )
        wizard = secretariat(
            "cchc.evaluation.reset",
            "create",
            {"evaluation_ids": [(6, 0, [ids["A"]])], "reason": "Thiếu tài liệu."},
        )
        _results, errors = at_once(
            [
                lambda c=ids["campaign"]: admin(
                    "cchc.campaign", "action_start_appraisal", [c]
                ),
                lambda w=wizard: secretariat(
                    "cchc.evaluation.reset", "action_confirm", [w]
                ),
            ]
        )
        assert errors.count(None) == 1, errors
        [campaign] = _states(world, "cchc.campaign", [ids["campaign"]])
        [unit_a] = _states(world, "cchc.evaluation", [ids["A"]])
        appraisals = world.admin(
            "cchc.appraisal", "search_count", [("evaluation_id", "=", ids["A"])]
        )
        if errors[0] is None:  # the appraisal started: A stays submitted
            assert (campaign, unit_a, appraisals) == ("appraisal", "submitted", 3)
        else:  # A was sent back: the campaign waits for it
            assert (campaign, unit_a, appraisals) == ("self_assessment", "draft", 0)


def test_evidence_uploaded_while_the_head_submits(world, at_once):
    """A file accepted at the moment of submission is part of the submission:
    an upload that ends after the submission is refused."""
    raw = world.pdf + b"%" * (3 * 1024 * 1024)
    for _round in range(ROUNDS):
        ids = world.scored_campaign("C")
        officer = world.session(world.officers["C"])
        head = world.session(world.heads["C"])
        upload = {
            "name": "late.pdf",
            "datas": base64.b64encode(raw).decode(),
            "res_model": "cchc.evaluation.line",
            "res_id": ids["lines_C"]["1.1"],
        }
        results, _errors = at_once(
            [
                lambda o=officer, v=upload: _timed(
                    lambda: o("ir.attachment", "create", v)
                ),
                lambda h=head, e=ids["C"]: _timed(
                    lambda: h("cchc.evaluation", "action_submit", [e])
                ),
            ]
        )
        (upload_at, upload_error), (submit_at, submit_error) = results
        assert submit_error is None
        assert _states(world, "cchc.evaluation", [ids["C"]]) == ["submitted"]
        if upload_error is None:
            assert upload_at < submit_at, "a file was added after the submission"
        else:
            assert "not open" in str(upload_error)
