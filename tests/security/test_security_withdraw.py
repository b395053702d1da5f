"""Withdrawing a submission over the wire: only the unit head, and never at
the moment an appraiser starts."""

EVALUATION = "cchc.evaluation"
LINE = "cchc.evaluation.line"
ROUNDS = 3


def _submitted_in_appraisal(world, code):
    ids = world.scored_campaign(code)
    world.as_user(world.heads[code])(EVALUATION, "action_submit", [ids[code]])
    world.admin("cchc.campaign", "action_start_appraisal", [ids["campaign"]])
    return ids


def test_only_the_head_withdraws(world):
    ids = _submitted_in_appraisal(world, "A")
    with world.unchanged(EVALUATION, [ids["A"]], ["state", "appraisal_ids"]):
        for role in ("officer", "appraiser", "secretariat", "council", "admin"):
            error = world.refused(
                world.roles[role], EVALUATION, "action_withdraw", [ids["A"]]
            )
            assert error.name == "AccessError", (role, error)
    world.as_user(world.heads["A"])(EVALUATION, "action_withdraw", [ids["A"]])
    [evaluation] = world.admin(EVALUATION, "read", [ids["A"]], ["state"])
    assert evaluation["state"] == "draft"


def test_withdraw_while_an_appraiser_starts(world, at_once):
    """The head withdraws while the appraiser of item 1.1 gives its first
    score: one of them wins, and the evaluation is either back in draft
    without appraisals or under appraisal with the score."""
    head = world.session(world.heads["B"])
    appraiser = world.session(world.appraiser_snv)
    for _round in range(ROUNDS):
        ids = _submitted_in_appraisal(world, "B")
        line_id = ids["lines_B"]["1.1"]
        _results, errors = at_once(
            [
                lambda e=ids["B"]: head(EVALUATION, "action_withdraw", [e]),
                lambda x=line_id: appraiser(
                    LINE, "write", [x], {"appraised_points": 20}
                ),
            ]
        )
        assert errors.count(None) == 1, errors
        [evaluation] = world.admin(EVALUATION, "read", [ids["B"]], ["state"])
        appraisals = world.admin(
            "cchc.appraisal", "search_count", [("evaluation_id", "=", ids["B"])]
        )
        [line] = world.admin(LINE, "read", [line_id], ["is_appraised", "appraisal_id"])
        if errors[0] is None:  # withdrawn: nothing of the appraisal is left
            assert (evaluation["state"], appraisals) == ("draft", 0)
            assert (line["is_appraised"], line["appraisal_id"]) == (False, False)
        else:  # the appraiser started first: the submission stays
            assert "has started" in str(errors[0])
            assert (evaluation["state"], appraisals, line["is_appraised"]) == (
                "appraisal",
                3,
                True,
            )
