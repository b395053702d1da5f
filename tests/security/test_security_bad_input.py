"""Bad values over JSON-RPC: a clean, translated refusal and nothing written.

The session's JSON body is written by json.dumps, which sends NaN and
Infinity as Python's json reads them, and a lone surrogate as a "\\ud800"
escape: the server gets them exactly as a hand-made request would send them.
"""

import base64
import math

import pytest
from test_security_input import _xlsx

CAMPAIGN = "cchc.campaign"
LINE = "cchc.evaluation.line"
PARTICIPANT = "cchc.evaluation.participant"


@pytest.fixture(scope="module")
def draft(world):
    """A draft campaign, a draft criteria set with a levels item, as admin."""
    w = world
    campaign_id = w.admin(
        CAMPAIGN,
        "create",
        {
            "year": w.year,
            "criteria_set_ids": [(6, 0, [w.set_id])],
            "agency_ids": [(6, 0, [w.units["A"]])],
            "date_self_close": f"{w.year}-12-31",
        },
    )
    set_id = w.admin(
        "cchc.criteria.set",
        "create",
        {"year": w.year + 200, "unit_type_id": w.ref("cchc_index.unit_type_so")},
    )
    item_id = w.admin(
        "cchc.criterion",
        "create",
        {
            "set_id": set_id,
            "code": "1",
            "name": "Item 1",
            "max_points": 10,
            "scoring_method": "levels",
            "level_ids": [(0, 0, {"name": "Good", "points": 10})],
        },
    )
    campaign = w.admin(CAMPAIGN, "read", [campaign_id], ["band_ids", "quota_ids"])[0]
    item = w.admin("cchc.criterion", "read", [item_id], ["level_ids"])[0]
    yield {
        CAMPAIGN: campaign_id,
        "cchc.campaign.band": campaign["band_ids"][0],
        "cchc.campaign.quota": campaign["quota_ids"][0],
        "cchc.criterion": item_id,
        "cchc.criterion.level": item["level_ids"][0],
    }
    w.admin(CAMPAIGN, "unlink", [campaign_id])
    w.admin("cchc.criteria.set", "unlink", [set_id])


@pytest.mark.parametrize(
    ("model", "field", "value", "message"),
    [
        (CAMPAIGN, "award_min_index", math.nan, "not a number"),
        (CAMPAIGN, "award_min_index", math.inf, "not a number"),
        (CAMPAIGN, "award_min_index", -50, "between 0 and 100"),
        (CAMPAIGN, "award_min_index", 1e300, "too large"),
        (CAMPAIGN, "reminder_days", -1, "0 to 365 days"),
        (CAMPAIGN, "reminder_days", 1e300, "too large"),
        (CAMPAIGN, "award_max_individuals", -3, "cannot be negative"),
        (CAMPAIGN, "signer_name", "Nguy\ud800n", "not valid Unicode"),
        (CAMPAIGN, "decision_number", "x" * 257, "more than the 256 allowed"),
        ("cchc.campaign.band", "lower_bound", math.nan, "not a number"),
        ("cchc.campaign.band", "name", "\u3164", "visible text"),
        ("cchc.campaign.quota", "max_units", -5, "cannot be negative"),
        ("cchc.criterion", "max_points", 1e300, "too large"),
        ("cchc.criterion", "max_points", 150, "0 to 100 points"),
        ("cchc.criterion", "max_points", math.nan, "not a number"),
        ("cchc.criterion.level", "points", math.nan, "not a number"),
        ("cchc.criterion.level", "min_percent", -math.inf, "not a number"),
    ],
)
def test_bad_value_is_refused(world, draft, model, field, value, message):
    record = draft[model]
    with world.unchanged(model, [record], [field]):
        error = world.refused(
            world.roles["secretariat"], model, "write", [record], {field: value}
        )
    assert error.name == "ValidationError", error
    assert message in error.message


def test_lone_surrogate_in_a_name(world, open_campaign):
    """A clean JSON-RPC error, not an HTTP 500, and no participant added."""
    evaluation = open_campaign["A"]
    domain = [("evaluation_id", "=", evaluation)]
    before = world.admin(PARTICIPANT, "search_count", domain)
    error = world.refused(
        world.heads["A"],
        "cchc.evaluation",
        "write",
        [evaluation],
        {"participant_ids": [(0, 0, {"name": "L\udce9 Lan", "role": "invited"})]},
    )
    assert error.name == "ValidationError"
    assert "not valid Unicode" in error.message
    assert world.admin(PARTICIPANT, "search_count", domain) == before


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "\u2800\u3164", "\u00ad"])
def test_participant_needs_a_visible_name(world, open_campaign, name):
    evaluation = open_campaign["A"]
    domain = [("evaluation_id", "=", evaluation)]
    before = world.admin(PARTICIPANT, "search_count", domain)
    error = world.refused(
        world.heads["A"],
        PARTICIPANT,
        "create",
        {"evaluation_id": evaluation, "name": name, "role": "invited"},
    )
    assert error.name == "ValidationError"
    assert "visible text" in error.message
    assert world.admin(PARTICIPANT, "search_count", domain) == before


@pytest.mark.parametrize("text", ["\u200b", "\u3164\u2800", "\ufeff\u00ad", " \t"])
def test_invisible_explanation_is_refused(world, open_campaign, text):
    line = open_campaign["lines_A"]["1.2"]
    with world.unchanged(LINE, [line], ["explanation", "needs_explanation"]):
        error = world.refused(
            world.officers["A"], LINE, "write", [line], {"explanation": text}
        )
    assert error.name == "ValidationError"
    assert "visible text" in error.message


def _import(world, rows, year):
    secretariat = world.as_user(world.roles["secretariat"])
    wizard = secretariat(
        "cchc.criteria.import",
        "create",
        {
            "file": base64.b64encode(_xlsx(rows)).decode(),
            "filename": "set.xlsx",
            "year": year,
            "unit_type_id": world.ref("cchc_index.unit_type_so"),
        },
    )
    return secretariat("cchc.criteria.import", "action_import", [wizard])


def _rows(bands, field_points=98):
    return [
        ["1", "Field", field_points, "free", "", "SNV", 0, 1, ""],
        ["2", "Rate", 100 - field_points, "bands", bands, "STTTT", 0, 1, ""],
    ]


def test_import_reads_band_wording(world):
    """The decision's wording: above 90% gets 2, 70 to 90% gets 1, below 0."""
    action = _import(
        world, _rows("Trên 90%: 2; từ 70% đến 90%: 1; dưới 70%: 0"), world.year + 201
    )
    set_id = action["res_id"]
    levels = world.admin(
        "cchc.criterion.level",
        "search_read",
        [("criterion_id.set_id", "=", set_id)],
        fields=["points", "min_percent"],
        order="min_percent",
    )
    assert [(lv["min_percent"], lv["points"]) for lv in levels] == [
        (0, 0),
        (70, 1),
        (90.01, 2),
    ]
    world.as_user(world.roles["secretariat"])("cchc.criteria.set", "unlink", [set_id])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (_rows("Trên 90%: 2; Dưới 70%: 0"), "fall in no band"),
        (_rows("Cao: 2 @ 50; Vừa: 1 @ 50; Thấp: 0 @ 0"), "two bands start at 50%"),
        (_rows("Khoảng 90%: 2; Dưới 90%: 0"), "cannot be read"),
        (_rows("", field_points=1e300), "not a number from 0 to 100"),
    ],
    ids=["gap", "equal-thresholds", "unreadable", "huge-maximum"],
)
def test_import_refuses_bad_rows(world, rows, message):
    year = world.year + 202
    secretariat = world.as_user(world.roles["secretariat"])
    with pytest.raises(secretariat.Error) as error:
        _import(world, rows, year)
    assert error.value.name == "UserError"
    assert message in error.value.message
    assert not world.admin("cchc.criteria.set", "search", [("year", "=", year)])
