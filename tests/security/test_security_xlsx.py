"""The spreadsheets over the wire (report_xlsx's /report/xlsx route): each
user gets what the access rules let them read, nothing of other units."""

import io

import openpyxl
import pytest

MATRIX = "/report/xlsx/cchc_index.score_matrix/{}"
CRITERIA_SET = "/report/xlsx/cchc_index.criteria_set_xlsx/{}"


def cell_values(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }


def unit_name(world, code):
    return f"Unit {code} {world.tag}"


@pytest.mark.parametrize("code", "AB")
def test_unit_officer_gets_own_unit_only(world, open_campaign, code):
    other = "B" if code == "A" else "A"
    response = world.as_user(world.officers[code]).get(
        MATRIX.format(open_campaign["campaign"])
    )
    assert response.status_code == 200
    values = cell_values(response.content)
    assert unit_name(world, code) in values
    assert unit_name(world, other) not in values


def test_secretariat_gets_every_unit(world, open_campaign):
    response = world.as_user(world.roles["secretariat"]).get(
        MATRIX.format(open_campaign["campaign"])
    )
    assert response.status_code == 200
    values = cell_values(response.content)
    assert {unit_name(world, "A"), unit_name(world, "B")} <= values


@pytest.mark.parametrize("path", [MATRIX, CRITERIA_SET])
def test_internal_user_refused(world, open_campaign, path):
    record_id = open_campaign["campaign"] if path == MATRIX else world.set_id
    response = world.as_user(world.roles["internal"]).get(path.format(record_id))
    assert response.status_code != 200
    assert not response.content.startswith(b"PK")  # no .xlsx (a zip) served
    assert unit_name(world, "A").encode() not in response.content


def test_criteria_set_for_officer(world):
    response = world.as_user(world.officers["A"]).get(CRITERIA_SET.format(world.set_id))
    assert response.status_code == 200
    assert {"1.1", "Item 1.1"} <= cell_values(response.content)


def test_old_routes_are_gone(world, open_campaign):
    admin = world.as_user(world.roles["admin"])
    for path in (
        f"/cchc_index/campaign/{open_campaign['campaign']}/score_matrix.xlsx",
        f"/cchc_index/criteria_set/{world.set_id}/xlsx",
    ):
        assert admin.get(path).status_code == 404
