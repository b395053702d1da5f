"""The history of an evaluation's items over the wire: written by every role's
changes, and changed or deleted by none."""

import pytest

CHANGE = "cchc.score.change"
LINE = "cchc.evaluation.line"
ROLES = ("officer", "head", "appraiser", "secretariat", "council", "admin")


@pytest.fixture(scope="module")
def traced(world):
    """Unit A scored by its head and submitted; item 1.1 appraised by the
    appraiser of Sở Nội vụ."""
    ids = world.scored_campaign("A")
    world.as_user(world.heads["A"])("cchc.evaluation", "action_submit", [ids["A"]])
    world.admin("cchc.campaign", "action_start_appraisal", [ids["campaign"]])
    world.as_user(world.appraiser_snv)(
        LINE,
        "write",
        [ids["lines_A"]["1.1"]],
        {"appraised_points": 10, "appraisal_comment": "Late."},
    )
    ids["changes"] = world.admin(
        CHANGE,
        "search_read",
        [("evaluation_id", "=", ids["A"])],
        fields=["field_name", "old_value", "new_value", "user_id", "code"],
        order="id",
    )
    return ids


def test_changes_of_the_head_and_the_appraiser_are_recorded(world, traced):
    by_field = {(c["code"], c["field_name"]): c for c in traced["changes"]}
    head = by_field["1.2", "free_points"]
    assert (head["old_value"], head["new_value"]) == ("0", "12.5")
    assert head["user_id"][1].startswith("head headA")
    score = by_field["1.1", "appraised_points"]
    assert (score["old_value"], score["new_value"]) == ("0", "10")
    assert score["user_id"][1].startswith("appraiser agency_snv")
    assert by_field["1.1", "appraisal_comment"]["new_value"] == "Late."


@pytest.mark.parametrize("role", ROLES)
def test_nobody_changes_or_deletes_the_history(world, traced, role):
    change_ids = [c["id"] for c in traced["changes"]]
    login = world.roles[role]
    fields = ["field_name", "old_value", "new_value", "user_id", "date"]
    with world.unchanged(CHANGE, change_ids, fields):
        world.refused(login, CHANGE, "write", change_ids[:1], {"new_value": "0"})
        world.refused(login, CHANGE, "unlink", change_ids[:1])
        world.refused(login, CHANGE, "copy", change_ids[0])
        world.refused(
            login,
            CHANGE,
            "create",
            {
                "evaluation_id": traced["A"],
                "line_id": traced["lines_A"]["1.1"],
                "field_name": "appraised_points",
                "new_value": "20",
                "user_id": 1,
                "date": "2090-01-01 00:00:00",
                "action": "edit",
                "stage": "appraisal",
            },
        )
    count = world.admin(CHANGE, "search_count", [("evaluation_id", "=", traced["A"])])
    assert count == len(change_ids)
