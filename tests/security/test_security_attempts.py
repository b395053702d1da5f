"""Cross-agency and privilege attempts: all refused, nothing changed."""

import base64

import pytest

LINE = "cchc.evaluation.line"
EVALUATION = "cchc.evaluation"
SCORES = [
    "self_points",
    "free_points",
    "explanation",
    "appraised_points",
    "is_appraised",
]
EVALUATION_STATE = ["state", "self_total", "appraised_total", "appraised_index", "rank"]


def test_other_unit_evaluation_cannot_be_read_or_found(world, open_campaign):
    officer_b = world.officers["B"]
    world.refused(officer_b, EVALUATION, "read", [open_campaign["A"]], ["self_total"])
    user = world.as_user(officer_b)
    assert user(EVALUATION, "search", [("id", "=", open_campaign["A"])]) == []
    visible = user(EVALUATION, "search_read", [], fields=["agency_id"])
    assert visible
    assert {e["agency_id"][0] for e in visible} == {world.units["B"]}


def test_other_unit_lines_cannot_be_read(world, open_campaign):
    officer_b = world.officers["B"]
    user = world.as_user(officer_b)
    lines_a = list(open_campaign["lines_A"].values())
    world.refused(officer_b, LINE, "read", lines_a, ["self_points"])
    for model in (LINE, "cchc.evaluation.field", "cchc.evaluation.participant"):
        assert user(model, "search", [("evaluation_id", "=", open_campaign["A"])]) == []
    world.refused(
        officer_b, "ir.attachment", "read", [open_campaign["evidence_A"]], ["datas"]
    )


@pytest.mark.parametrize("intruder", ["officerB", "appraiser", "internal"])
@pytest.mark.parametrize(
    "path", ["/web/content/{id}", "/web/content/{id}?download=true", "/web/image/{id}"]
)
def test_other_unit_evidence_cannot_be_downloaded(world, open_campaign, intruder, path):
    login = {
        "officerB": world.officers["B"],
        "appraiser": world.appraiser_snv,  # unit A has not submitted yet
        "internal": world.roles["internal"],
    }[intruder]
    url = path.format(id=open_campaign["evidence_A"])
    response = world.as_user(login).get(url)
    assert world.pdf not in response.content
    if path.startswith("/web/image"):
        # Odoo answers an image it may not show with its placeholder picture.
        assert response.status_code in (200, 403, 404)
        assert response.headers["Content-Type"].startswith("image/")
    else:
        assert response.status_code in (403, 404), response.status_code
        own = world.as_user(world.officers["A"]).get(url)
        assert (own.status_code, own.content) == (200, world.pdf)


def test_other_unit_line_cannot_be_written(world, open_campaign):
    line_a = open_campaign["lines_A"]["1.2"]
    with world.unchanged(LINE, [line_a], SCORES + ["evidence_ids"]):
        world.refused(
            world.heads["B"], LINE, "write", [line_a], {"explanation": "Not ours"}
        )
        world.refused(world.heads["B"], LINE, "write", [line_a], {"free_points": 20})
        world.refused(
            world.officers["B"],
            "ir.attachment",
            "create",
            {
                "name": "planted.pdf",
                "datas": base64.b64encode(world.pdf).decode(),
                "res_model": LINE,
                "res_id": line_a,
            },
        )


def test_unit_cannot_write_appraised_score(world, appraisal_campaign):
    line = appraisal_campaign["lines_C"]["1.2"]
    with world.unchanged(LINE, [line], SCORES):
        for login in (world.heads["C"], world.officers["C"]):
            error = world.refused(
                login, LINE, "write", [line], {"appraised_points": 20}
            )
            assert error.name == "AccessError"
            world.refused(login, LINE, "write", [line], {"appraisal_comment": "Fine"})


def test_appraiser_cannot_write_another_agency_item(world, appraisal_campaign):
    line = appraisal_campaign["lines_C"]["1.2"]  # appraised by Sở Nội vụ
    with world.unchanged(LINE, [line], SCORES):
        error = world.refused(
            world.appraiser_stp, LINE, "write", [line], {"appraised_points": 10}
        )
        assert error.name == "AccessError"
        assert "appraised by" in error.message


def test_appraiser_cannot_write_self_score(world, appraisal_campaign):
    lines = appraisal_campaign["lines_C"]
    with world.unchanged(LINE, list(lines.values()), SCORES + ["self_level_id"]):
        for vals in (
            {"free_points": 20},
            {"explanation": "Changed by the appraiser"},
            {"self_level_id": world.level("1.1", "Late")},
        ):
            line = lines["1.1" if "self_level_id" in vals else "1.2"]
            world.refused(world.appraiser_snv, LINE, "write", [line], vals)


def test_submitting_on_behalf_of_another_unit(world, open_campaign):
    evaluation_a = open_campaign["A"]
    with world.unchanged(EVALUATION, [evaluation_a], EVALUATION_STATE):
        for login in (
            world.heads["B"],
            world.roles["secretariat"],
            world.officers["A"],
        ):
            error = world.refused(login, EVALUATION, "action_submit", [evaluation_a])
            assert error.name == "AccessError"


@pytest.mark.parametrize(
    ("who", "target", "vals"),
    [
        ("headA", "evaluation", {"state": "submitted"}),
        ("headA", "evaluation", {"self_total": 100}),
        ("headA", "evaluation", {"appraised_index": 100, "rank": 1}),
        ("headA", "evaluation", {"agency_id": "B"}),
        ("headA", "line", {"self_points": 20}),
        ("headA", "line", {"is_appraised": True}),
        ("headA", "line", {"evaluation_id": "B"}),
        ("headA", "line", {"criterion_id": "2"}),
        ("secretariat", "evaluation", {"state": "appraised"}),
        ("admin", "evaluation", {"appraised_index": 99}),
    ],
)
def test_workflow_fields_cannot_be_written(world, open_campaign, who, target, vals):
    login = {
        "headA": world.heads["A"],
        "secretariat": world.roles["secretariat"],
        "admin": world.roles["admin"],
    }[who]
    model, record = {
        "evaluation": (EVALUATION, open_campaign["A"]),
        "line": (LINE, open_campaign["lines_A"]["1.2"]),
    }[target]
    vals = dict(vals)
    if vals.get("agency_id") == "B":
        vals["agency_id"] = world.units["B"]
    if vals.get("evaluation_id") == "B":
        vals["evaluation_id"] = open_campaign["B"]
    if vals.get("criterion_id") == "2":
        vals["criterion_id"] = world.admin(
            LINE, "read", [open_campaign["lines_A"]["2"]], ["criterion_id"]
        )[0]["criterion_id"][0]
    with world.unchanged(model, [record], sorted(vals)):
        error = world.refused(login, model, "write", [record], vals)
        assert error.name == "AccessError"
        assert "only through the workflow" in error.message


def test_appraisal_and_campaign_stages_cannot_be_written(world, appraisal_campaign):
    [appraisal] = world.admin(
        "cchc.appraisal",
        "search",
        [
            ("evaluation_id", "=", appraisal_campaign["C"]),
            ("agency_id", "=", world.ref("cchc_index_ha_nam.agency_snv")),
        ],
    )
    campaign = appraisal_campaign["campaign"]
    with world.unchanged("cchc.appraisal", [appraisal], ["state"]):
        world.refused(
            world.appraiser_snv,
            "cchc.appraisal",
            "write",
            [appraisal],
            {"state": "done"},
        )
    with world.unchanged("cchc.campaign", [campaign], ["state", "approved_by_id"]):
        for login in (world.roles["secretariat"], world.roles["admin"]):
            world.refused(
                login, "cchc.campaign", "write", [campaign], {"state": "published"}
            )
            world.refused(
                login,
                "cchc.campaign",
                "write",
                [campaign],
                {"approved_by_id": world.as_user(login).uid},
            )


def test_appraiser_cannot_answer_for_the_unit(world, appraisal_campaign):
    line = appraisal_campaign["lines_D"]["2"]  # appraised by Sở Tư pháp
    appraiser = world.as_user(world.appraiser_stp)
    [appraisal] = appraiser(
        "cchc.appraisal", "search", [("evaluation_id", "=", appraisal_campaign["D"])]
    )
    wizard = appraiser(
        "cchc.explanation.request",
        "create",
        {"appraisal_id": appraisal, "line_ids": [(6, 0, [line])], "message": "Why?"},
    )
    appraiser("cchc.explanation.request", "action_confirm", [wizard])
    with world.unchanged(LINE, [line], ["explanation_answer"]):
        for login in (
            world.appraiser_stp,
            world.roles["secretariat"],
            world.heads["C"],
        ):
            world.refused(
                login, LINE, "write", [line], {"explanation_answer": "Forged answer"}
            )
    world.as_user(world.heads["D"])(
        LINE, "write", [line], {"explanation_answer": "Decision 12/QĐ attached."}
    )
    assert world.admin(LINE, "read", [line], ["explanation_answer"])[0][
        "explanation_answer"
    ] == ("Decision 12/QĐ attached.")


def test_nothing_changes_after_submission(world, open_campaign):
    head_b = world.heads["B"]
    evaluation, lines = open_campaign["B"], open_campaign["lines_B"]
    evidence = open_campaign["evidence_B"]
    with (
        world.unchanged(LINE, list(lines.values()), SCORES + ["is_na", "evidence_ids"]),
        world.unchanged(
            EVALUATION, [evaluation], EVALUATION_STATE + ["participant_ids"]
        ),
        world.unchanged("ir.attachment", [evidence], ["name", "checksum"]),
    ):
        for vals in ({"free_points": 1}, {"explanation": "Later"}, {"is_na": True}):
            world.refused(head_b, LINE, "write", [lines["1.2"]], vals)
        world.refused(
            head_b,
            EVALUATION,
            "write",
            [evaluation],
            {"participant_ids": [(0, 0, {"name": "Late", "role": "invited"})]},
        )
        world.refused(
            head_b,
            "cchc.evaluation.participant",
            "create",
            {"evaluation_id": evaluation, "name": "Late", "role": "invited"},
        )
        world.refused(head_b, "ir.attachment", "write", [evidence], {"name": "new.pdf"})
        world.refused(
            head_b,
            "ir.attachment",
            "write",
            [evidence],
            {"datas": base64.b64encode(b"%PDF-1.4 other").decode()},
        )
        world.refused(
            head_b,
            "ir.attachment",
            "create",
            {
                "name": "late.pdf",
                "datas": base64.b64encode(world.pdf).decode(),
                "res_model": LINE,
                "res_id": lines["1.2"],
            },
        )


def test_nothing_is_deleted_after_submission(world, open_campaign):
    evaluation, lines = open_campaign["B"], open_campaign["lines_B"]
    evidence = open_campaign["evidence_B"]
    for login in (world.heads["B"], world.roles["secretariat"], world.roles["admin"]):
        world.refused(login, EVALUATION, "unlink", [evaluation])
        world.refused(login, LINE, "unlink", [lines["1.2"]])
    for login in (world.heads["B"], world.officers["B"], world.roles["secretariat"]):
        world.refused(login, "ir.attachment", "unlink", [evidence])
    assert world.admin(EVALUATION, "search", [("id", "=", evaluation)]) == [evaluation]
    assert world.admin(LINE, "search_count", [("evaluation_id", "=", evaluation)]) == 4
    assert world.admin("ir.attachment", "search", [("id", "=", evidence)]) == [evidence]


def test_nothing_changes_after_publication(world, published_campaign):
    evaluation, lines = published_campaign["E"], published_campaign["lines_E"]
    campaign, evidence = (
        published_campaign["campaign"],
        published_campaign["evidence_E"],
    )
    secretariat = world.roles["secretariat"]
    with (
        world.unchanged(LINE, list(lines.values()), SCORES + ["appraisal_comment"]),
        world.unchanged(EVALUATION, [evaluation], EVALUATION_STATE + ["date_deadline"]),
        world.unchanged("cchc.campaign", [campaign], ["name", "state"]),
    ):
        world.refused(
            secretariat,
            EVALUATION,
            "write",
            [evaluation],
            {"date_deadline": "2099-01-01"},
        )
        world.refused(secretariat, "cchc.campaign", "write", [campaign], {"name": "X"})
        world.refused(
            world.appraiser_snv,
            LINE,
            "write",
            [lines["1.1"]],
            {"appraised_points": 10, "appraisal_comment": "Reconsidered"},
        )
        world.refused(
            world.heads["E"], LINE, "write", [lines["1.2"]], {"explanation": "x"}
        )
        world.refused(world.officers["E"], "ir.attachment", "unlink", [evidence])
        world.refused(secretariat, "cchc.campaign", "action_publish", [campaign])
    assert world.admin("ir.attachment", "search", [("id", "=", evidence)]) == [evidence]
