"""Locked records over RPC through every path: create, copy, re-parenting,
stored related keys and unlink, as the role that would abuse each."""

import pytest

EVALUATION = "cchc.evaluation"
PROPOSAL = "cchc.award.proposal"
CANDIDATE = "cchc.award.candidate"


@pytest.fixture(scope="module")
def proposals(world, published_campaign):
    """Two award proposals of the published campaign: one proposed, one draft
    holding a candidate of unit E."""
    secretariat = world.as_user(world.roles["secretariat"])
    campaign = published_campaign["campaign"]
    proposed = secretariat(PROPOSAL, "create", {"campaign_id": campaign})
    secretariat(
        PROPOSAL,
        "write",
        [proposed],
        {"number": f"2/{world.tag}", "date": "2099-01-05"},
    )
    secretariat(PROPOSAL, "action_propose", [proposed])
    draft = secretariat(PROPOSAL, "create", {"campaign_id": campaign})
    candidate = world.as_user(world.officers["E"])(
        CANDIDATE, "create", {"proposal_id": draft, "name": "Nguyễn Văn An"}
    )
    return {"proposed": proposed, "draft": draft, "candidate": candidate}


def test_forged_published_evaluation(world, published_campaign):
    """The secretariat creates or copies an evaluation already published, rank
    1, index 99.5: refused, and the campaign keeps its one evaluation."""
    campaign = published_campaign["campaign"]
    forged = {
        "campaign_id": campaign,
        "agency_id": world.units["A"],
        "criteria_set_id": world.set_id,
        "date_deadline": f"{world.year}-12-31",
        "state": "published",
        "rank": 1,
        "appraised_index": 99.5,
    }
    secretariat = world.roles["secretariat"]
    error = world.refused(secretariat, EVALUATION, "create", forged)
    assert "only through the workflow" in error.message
    error = world.refused(
        secretariat,
        EVALUATION,
        "copy",
        [published_campaign["E"]],
        default={"agency_id": world.units["A"], "rank": 1, "appraised_index": 99.5},
    )
    assert "only through the workflow" in error.message
    error = world.refused(
        secretariat,
        EVALUATION,
        "create",
        {k: v for k, v in forged.items() if k not in ("state", "rank")},
        context={"default_state": "published", "default_rank": 1},
    )
    assert "only through the workflow" in error.message
    assert (
        world.admin(EVALUATION, "search_count", [("campaign_id", "=", campaign)]) == 1
    )


def test_criteria_set_of_a_published_campaign(world, published_campaign):
    """Written back to draft, its points changed, an item moved out: refused."""
    secretariat = world.roles["secretariat"]
    with world.unchanged("cchc.criteria.set", [world.set_id], ["state"]):
        error = world.refused(
            secretariat,
            "cchc.criteria.set",
            "write",
            [world.set_id],
            {"state": "draft"},
        )
        assert error.name == "AccessError"
    [item] = world.admin(
        "cchc.criterion",
        "search",
        [("set_id", "=", world.set_id), ("code", "=", "1.2")],
    )
    with world.unchanged("cchc.criterion", [item], ["max_points", "set_id"]):
        for vals in ({"max_points": 15}, {"set_id": False}):
            error = world.refused(secretariat, "cchc.criterion", "write", [item], vals)
            assert "locked" in error.message
    [evaluation] = world.admin(
        EVALUATION, "read", [published_campaign["E"]], ["appraised_total"]
    )
    assert evaluation["appraised_total"] == 77.5


def test_award_proposal_stages(world, proposals):
    secretariat = world.roles["secretariat"]
    for proposal, state in (
        (proposals["proposed"], "draft"),
        (proposals["draft"], "proposed"),
    ):
        with world.unchanged(PROPOSAL, [proposal], ["state"]):
            error = world.refused(
                secretariat, PROPOSAL, "write", [proposal], {"state": state}
            )
            assert "only through the workflow" in error.message


def test_candidate_moved_into_a_proposed_proposal(world, proposals):
    for login in (world.roles["secretariat"], world.officers["E"]):
        with world.unchanged(CANDIDATE, [proposals["candidate"]], ["proposal_id"]):
            error = world.refused(
                login,
                CANDIDATE,
                "write",
                [proposals["candidate"]],
                {"proposal_id": proposals["proposed"]},
            )
            assert "has been proposed" in error.message


def test_candidate_forged_by_a_unit(world, proposals):
    officer = world.officers["E"]
    error = world.refused(
        officer,
        CANDIDATE,
        "create",
        {"proposal_id": proposals["draft"], "name": "X", "proposed_by": "secretariat"},
    )
    assert "only through the workflow" in error.message
    world.refused(
        officer,
        CANDIDATE,
        "create",
        {"proposal_id": proposals["draft"], "name": "X", "agency_id": world.units["A"]},
    )
    with world.unchanged(CANDIDATE, [proposals["candidate"]], ["agency_id"]):
        error = world.refused(
            officer,
            CANDIDATE,
            "write",
            [proposals["candidate"]],
            {"agency_id": world.units["A"]},
        )
        assert error.name == "AccessError"
    [candidate] = world.admin(
        CANDIDATE, "read", [proposals["candidate"]], ["proposed_by", "agency_id"]
    )
    assert (candidate["proposed_by"], candidate["agency_id"][0]) == (
        "unit",
        world.units["E"],
    )


def test_participant_moved_to_another_evaluation(
    world, open_campaign, published_campaign
):
    """Unit A's participant moved into B's or E's (published) evaluation, or its
    stored unit rewritten: refused by the rules; into A's own submitted
    evaluation, which the rules allow: refused by that evaluation's lock."""
    submitted = world.scored_campaign("A")["A"]
    world.as_user(world.heads["A"])(EVALUATION, "action_submit", [submitted])
    participants = "cchc.evaluation.participant"
    [participant] = world.admin(
        participants, "search", [("evaluation_id", "=", open_campaign["A"])], limit=1
    )
    officer = world.officers["A"]
    with world.unchanged(participants, [participant], ["evaluation_id", "agency_id"]):
        for vals in (
            {"evaluation_id": open_campaign["B"]},
            {"evaluation_id": published_campaign["E"]},
            {"agency_id": world.units["B"]},
        ):
            world.refused(officer, participants, "write", [participant], vals)
        error = world.refused(
            officer, participants, "write", [participant], {"evaluation_id": submitted}
        )
        assert "is not open" in error.message


def test_published_records_are_not_deleted(world, published_campaign):
    secretariat = world.roles["secretariat"]
    campaign = published_campaign["campaign"]
    for model, domain in (
        ("cchc.onsite.check", [("evaluation_id", "=", published_campaign["E"])]),
        ("cchc.campaign.band", [("campaign_id", "=", campaign)]),
        ("cchc.campaign.quota", [("campaign_id", "=", campaign)]),
    ):
        ids = world.admin(model, "search", domain)
        assert ids, model
        error = world.refused(secretariat, model, "unlink", ids)
        assert "is published" in error.message
        assert world.admin(model, "search", domain) == ids
