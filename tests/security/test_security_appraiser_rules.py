"""Appraisers change only their own agency's lines and appraisals, over JSON-RPC,
whatever other role they hold; they still read every submitted line."""

LINE = "cchc.evaluation.line"
APPRAISAL = "cchc.appraisal"
APPRAISED = ["appraised_points", "is_appraised", "appraisal_comment"]


def _appraisal(world, evaluation_id, agency_xmlid):
    [appraisal_id] = world.admin(
        APPRAISAL,
        "search",
        [
            ("evaluation_id", "=", evaluation_id),
            ("agency_id", "=", world.ref(agency_xmlid)),
        ],
    )
    return appraisal_id


def _refused_everywhere(world, login, line_id, appraisal_id, agency_name):
    """The user can neither appraise the line nor act on the appraisal, and
    nothing changes."""
    assert world.as_user(login)(LINE, "has_access", [line_id], "read")
    with (
        world.unchanged(LINE, [line_id], APPRAISED),
        world.unchanged(APPRAISAL, [appraisal_id], ["state"]),
    ):
        for vals in ({"appraised_points": 0}, {"appraisal_comment": "Not done"}):
            error = world.refused(login, LINE, "write", [line_id], vals)
            assert error.name == "AccessError"
            assert f"appraised by {agency_name}" in error.message
        error = world.refused(login, APPRAISAL, "action_done", [appraisal_id])
        assert error.name == "AccessError"
        assert f"Only the appraisers of {agency_name}" in error.message


def test_another_agency_appraiser_is_refused(world, appraisal_campaign):
    login = world.appraiser_stp
    user = world.as_user(login)
    line = appraisal_campaign["lines_C"]["1.2"]  # appraised by Sở Nội vụ
    snv_appraisal = _appraisal(
        world, appraisal_campaign["C"], "cchc_index_ha_nam.agency_snv"
    )
    # Reads what he read before: every line of the submitted evaluation.
    [read] = user(LINE, "read", [line], ["code"])
    assert read["code"] == "1.2"
    assert set(appraisal_campaign["lines_C"].values()) <= set(
        user(LINE, "search", [("evaluation_id", "=", appraisal_campaign["C"])])
    )
    # The record rule: not even the line is his to write.
    assert not user(LINE, "has_access", [line], "write")
    _refused_everywhere(world, login, line, snv_appraisal, "Sở Nội vụ")
    # His own agency's item and appraisal are his to write.
    own = appraisal_campaign["lines_C"]["2"]  # appraised by Sở Tư pháp
    stp_appraisal = _appraisal(
        world, appraisal_campaign["C"], "cchc_index_ha_nam.agency_stp"
    )
    assert user(LINE, "has_access", [own], "write")
    assert user(APPRAISAL, "has_access", [stp_appraisal], "write")


def test_secretariat_appraiser_is_refused_on_other_agencies(world, appraisal_campaign):
    """Sở Nội vụ runs the campaign and appraises: it reads every appraisal but
    changes only its own agency's (the secretariat's rules let it write every
    line, the appraisal's rule decides who appraises it)."""
    login = f"sec.secretariat-appraiser.{world.tag}"
    world.admin(
        "res.users",
        "create",
        {
            "name": f"secretariat appraiser {world.tag}",
            "login": login,
            "password": login,
            "lang": "en_US",
            "cchc_agency_id": world.ref("cchc_index_ha_nam.agency_snv"),
            "groups_id": [
                (
                    6,
                    0,
                    [
                        world.ref("base.group_user"),
                        world.ref("cchc_index.group_cchc_secretariat"),
                        world.ref("cchc_index.group_cchc_appraiser"),
                    ],
                )
            ],
        },
    )
    user = world.as_user(login)
    line = appraisal_campaign["lines_D"]["2"]  # appraised by Sở Tư pháp
    stp_appraisal = _appraisal(
        world, appraisal_campaign["D"], "cchc_index_ha_nam.agency_stp"
    )
    assert user(APPRAISAL, "has_access", [stp_appraisal], "read")
    assert not user(APPRAISAL, "has_access", [stp_appraisal], "write")
    _refused_everywhere(world, login, line, stp_appraisal, "Sở Tư pháp")
    snv_appraisal = _appraisal(
        world, appraisal_campaign["D"], "cchc_index_ha_nam.agency_snv"
    )
    assert user(APPRAISAL, "has_access", [snv_appraisal], "write")
    assert user(LINE, "has_access", [appraisal_campaign["lines_D"]["1.1"]], "write")
