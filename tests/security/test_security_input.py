"""Bad input: each refused with a clear message, and nothing changed."""

import base64
import io
import math

import openpyxl
import pytest

LINE = "cchc.evaluation.line"
SELF = ["free_points", "self_points", "self_level_id", "self_answer", "is_na"]
FIGURE = ["figure_done", "figure_total", "figure_rate", "self_points"]
APPRAISED = ["appraised_points", "is_appraised"]
BAD_NUMBERS = [
    (-1, "outside 0 to"),
    (20.5, "outside 0 to"),
    ("abc", "not a number"),
    ("12", "not a number"),
    (True, "not a number"),
    (math.nan, "not a number"),
    (math.inf, "not a number"),
    (-math.inf, "not a number"),
    (1e300, "too large"),
    (12.345, "decimals"),
]


@pytest.mark.parametrize(("value", "message"), BAD_NUMBERS)
def test_bad_self_score(world, open_campaign, value, message):
    line = open_campaign["lines_A"]["1.2"]  # free points, 0 to 20
    with world.unchanged(LINE, [line], SELF):
        error = world.refused(
            world.heads["A"], LINE, "write", [line], {"free_points": value}
        )
    assert message in error.message


@pytest.mark.parametrize(
    ("code", "vals", "message"),
    [
        ("1.1", {"self_level_id": ("3", "less")}, "own levels"),
        ("1.2", {"self_answer": "yes"}, "yes / no"),
        ("2", {"self_answer": "maybe"}, "maybe"),
        ("2", {"is_na": True}, "not applicable"),
        ("3", {"figure_done": 61, "figure_total": 60}, "exceeds the total"),
        ("3", {"figure_done": 5, "figure_total": 0}, "more than 0"),
        ("3", {"figure_done": -1, "figure_total": 60}, "negative"),
        ("3", {"figure_done": math.nan, "figure_total": 60}, "not a number"),
        ("3", {"figure_done": 37, "figure_total": math.inf}, "not a number"),
        ("3", {"figure_done": 1e12, "figure_total": 2e12}, "too large"),
        ("3", {"figure_done": 37.555, "figure_total": 60}, "decimals"),
        ("1.2", {"figure_done": 1, "figure_total": 2}, "percentage-band"),
    ],
)
def test_bad_self_answer(world, open_campaign, code, vals, message):
    line = open_campaign["lines_A"][code]
    if "self_level_id" in vals:
        vals = {"self_level_id": world.level(*vals["self_level_id"])}
    with world.unchanged(LINE, [line], SELF + FIGURE):
        error = world.refused(world.heads["A"], LINE, "write", [line], vals)
    assert message in error.message


def test_good_self_score_is_saved(world, open_campaign):
    """The control: the same user and line take a valid score."""
    line = open_campaign["lines_A"]["1.2"]
    world.as_user(world.heads["A"])(LINE, "write", [line], {"free_points": 12.25})
    assert world.admin(LINE, "read", [line], ["self_points"])[0]["self_points"] == 12.25


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        *[("1.2", value, message) for value, message in BAD_NUMBERS],
        ("1.1", 15, "not one of the item's scores"),
    ],
)
def test_bad_appraised_score(world, appraisal_campaign, code, value, message):
    line = appraisal_campaign["lines_C"][code]  # appraised by Sở Nội vụ
    with world.unchanged(LINE, [line], APPRAISED):
        error = world.refused(
            world.appraiser_snv, LINE, "write", [line], {"appraised_points": value}
        )
    assert message in error.message


# A 1×1 picture: evidence is checked by its content, not its first bytes.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc```\x00\x00\x00\x04\x00\x01"
    b"\xf6\x178U\x00\x00\x00\x00IEND\xaeB`\x82"
)
REFUSED_FILES = [
    ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64),
    ("run.sh", b"#!/bin/sh\nrm -rf ~\n"),
    ("run.bat", b"@echo off\r\ndel /q *\r\n"),
    ("x.js", b"alert(document.cookie)"),
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
    ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
    ("scan.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 64),
    ("notes.txt", b"#!/usr/bin/env python3\nimport os\n"),
    ("no-extension", b"%PDF-1.4\n%%EOF\n"),
]


@pytest.mark.parametrize(("name", "raw"), REFUSED_FILES)
def test_refused_evidence_file(world, open_campaign, name, raw):
    line = open_campaign["lines_A"]["1.2"]
    officer = world.as_user(world.officers["A"])
    with (
        world.unchanged(LINE, [line], ["evidence_ids"]),
        pytest.raises(officer.Error) as error,
    ):
        world.evidence(world.officers["A"], line, name, raw)
    assert error.value.name == "ValidationError"
    assert "evidence" in error.value.message


def test_evidence_cannot_be_renamed_to_a_program(world, open_campaign):
    evidence = open_campaign["evidence_A"]
    with world.unchanged("ir.attachment", [evidence], ["name"]):
        error = world.refused(
            world.officers["A"], "ir.attachment", "write", [evidence], {"name": "x.exe"}
        )
    assert error.name == "ValidationError"


def test_evidence_size_limit_is_configurable(world, open_campaign):
    line = open_campaign["lines_A"]["1.2"]
    key = "cchc_index.evidence_max_size_mb"
    params = "ir.config_parameter"
    previous = world.admin(params, "get_param", key)
    big = world.pdf + b"%" + b"x" * 30_000 + b"\n"
    try:
        world.admin(params, "set_param", key, "0.02")
        officer = world.as_user(world.officers["A"])
        with (
            world.unchanged(LINE, [line], ["evidence_ids"]),
            pytest.raises(officer.Error) as error,
        ):
            world.evidence(world.officers["A"], line, "big.pdf", big)
        assert error.value.name == "ValidationError"
        assert "at most 0.02 MB" in error.value.message
        world.admin(params, "set_param", key, "1")
        accepted = world.evidence(world.officers["A"], line, "big.pdf", big)
    finally:
        world.admin(params, "set_param", key, previous)
    officer("ir.attachment", "unlink", [accepted])


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("decision.pdf", b"%PDF-1.4\n%%EOF\n"),
        ("photo.PNG", PNG),
        ("figures.csv", b"done,total\n37,40\n"),
    ],
)
def test_allowed_evidence_file(world, open_campaign, name, raw):
    line = open_campaign["lines_A"]["1.1"]
    officer = world.as_user(world.officers["A"])
    attachment = world.evidence(world.officers["A"], line, name, raw)
    assert (
        attachment in officer(LINE, "read", [line], ["evidence_ids"])[0]["evidence_ids"]
    )
    officer("ir.attachment", "unlink", [attachment])


HEADER = [
    "Code",
    "Name",
    "Maximum points",
    "Scoring method",
    "Levels / bands",
    "Appraising agency",
    "May be not applicable",
    "Evidence required",
    "Guide",
]
GOOD_ROWS = [
    ["1", "Field", 60, "free", "", "SNV", 0, 1, ""],
    ["1.1", "Plan", 60, "levels", "On time: 60\nLate: 30\nNone: 0", "", 0, 1, ""],
    ["2", "Online services", 40, "free", "", "STTTT", 0, 1, ""],
]


def _xlsx(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _import(world, content):
    secretariat = world.as_user(world.roles["secretariat"])
    wizard = secretariat(
        "cchc.criteria.import",
        "create",
        {
            "file": base64.b64encode(content).decode(),
            "filename": "set.xlsx",
            "year": world.year + 100,
            "unit_type_id": world.ref("cchc_index.unit_type_so"),
        },
    )
    return secretariat("cchc.criteria.import", "action_import", [wizard])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_xlsx([[r[1], r[0], *r[2:]] for r in GOOD_ROWS]), "is not of the form"),
        (_xlsx([r[:3] for r in GOOD_ROWS], header=HEADER[:3]), "scoring method"),
        (_xlsx([*GOOD_ROWS, GOOD_ROWS[2]]), "appears twice"),
        (
            _xlsx([*GOOD_ROWS, ["3.1", "Orphan", 0, "free", "", "", 0, 1, ""]]),
            "parent 3 is missing",
        ),
        (
            _xlsx([[*GOOD_ROWS[0][:2], 50, *GOOD_ROWS[0][3:]], *GOOD_ROWS[1:]]),
            "add up to",
        ),
        (
            _xlsx(
                [
                    *GOOD_ROWS[:2],
                    ["2", "Online services", "nan", "free", "", "", 0, 1, ""],
                ]
            ),
            "not a number",
        ),
        (b"code,name\n1,Field\n", "cannot be read"),
    ],
    ids=[
        "swapped-columns",
        "missing-columns",
        "duplicate",
        "orphan",
        "sum",
        "nan",
        "not-xlsx",
    ],
)
def test_malformed_import(world, content, message):
    year = world.year + 100
    count = world.admin("cchc.criteria.set", "search_count", [("year", "=", year)])
    secretariat = world.as_user(world.roles["secretariat"])
    with pytest.raises(secretariat.Error) as error:
        _import(world, content)
    assert error.value.name == "UserError"
    assert message in error.value.message
    assert (
        world.admin("cchc.criteria.set", "search_count", [("year", "=", year)]) == count
    )


def test_wellformed_import_creates_a_set(world):
    """The control: the same wizard and user import a correct file."""
    action = _import(world, _xlsx(GOOD_ROWS))
    set_id = action["res_id"]
    criteria = world.admin(
        "cchc.criterion", "search_read", [("set_id", "=", set_id)], fields=["code"]
    )
    assert sorted(c["code"] for c in criteria) == ["1", "1.1", "2"]
    world.as_user(world.roles["secretariat"])("cchc.criteria.set", "unlink", [set_id])
