"""Two provinces on one database: the users of one see nothing of the other's
campaigns, evaluations and files, over RPC and by URL."""

import pytest


@pytest.fixture(scope="module")
def province_b(world):
    """Province B (Tokyo time) built by its own secretariat: a unit, an active
    set of the world's year, a campaign open for self-assessment and one file.
    The world's admin keeps access to province A only."""
    w = world
    company = w.admin(
        "res.company",
        "create",
        {"name": f"Province B {w.tag}", "cchc_tz": "Asia/Tokyo"},
    )
    b = {"company": company}

    def user(name, role, agency_id=False):
        login = f"sec.b{name}.{w.tag}"
        w.admin(
            "res.users",
            "create",
            {
                "name": f"{role} B {w.tag}",
                "login": login,
                "password": login,
                "lang": "en_US",
                "company_id": company,
                "company_ids": [(6, 0, [company])],
                "cchc_agency_id": agency_id,
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            w.ref("base.group_user"),
                            w.ref(f"cchc_index.group_cchc_{role}"),
                        ],
                    )
                ],
            },
        )
        return login

    b["secretariat"] = user("secretariat", "secretariat")
    secretariat = w.as_user(b["secretariat"])
    b["unit"] = secretariat(
        "cchc.agency",
        "create",
        {
            "name": f"Unit B {w.tag}",
            "code": f"B{w.tag}".upper(),
            "unit_type_id": w.ref("cchc_index.unit_type_so"),
            "is_appraiser": True,
        },
    )
    b["set"] = secretariat(
        "cchc.criteria.set",
        "create",
        {"year": w.year, "unit_type_id": w.ref("cchc_index.unit_type_so")},
    )
    secretariat(
        "cchc.criterion",
        "create",
        {
            "set_id": b["set"],
            "code": "1",
            "name": "Item 1",
            "max_points": 100,
            "appraising_agency_id": b["unit"],
        },
    )
    secretariat("cchc.criteria.set", "action_activate", [b["set"]])
    b["campaign"] = secretariat(
        "cchc.campaign",
        "create",
        {
            "year": w.year,
            "criteria_set_ids": [(6, 0, [b["set"]])],
            "date_self_close": f"{w.year}-12-31",
        },
    )
    secretariat("cchc.campaign", "action_open_self_assessment", [b["campaign"]])
    b["officer"] = user("officer", "officer", b["unit"])
    officer = w.as_user(b["officer"])
    [b["evaluation"]] = officer("cchc.evaluation", "search", [])
    [b["line"]] = officer("cchc.evaluation.line", "search", [])
    b["evidence"] = w.evidence(b["officer"], b["line"])
    # Creating a company gave the admin access to it: take it back.
    w.admin("res.users", "write", [w.admin.uid], {"company_ids": [(3, company)]})
    return b


def _a_records(world, open_campaign):
    """Province A's campaign and what lies under it, by model."""
    w, ids = world, open_campaign
    return {
        "cchc.campaign": [ids["campaign"]],
        "cchc.evaluation": [ids["A"], ids["B"]],
        "cchc.evaluation.line": list(ids["lines_A"].values()),
        "cchc.agency": list(w.units.values()),
        "cchc.criteria.set": [w.set_id],
        "ir.attachment": [ids["evidence_A"], ids["evidence_B"]],
    }


def _b_records(b):
    return {
        "cchc.campaign": [b["campaign"]],
        "cchc.evaluation": [b["evaluation"]],
        "cchc.evaluation.line": [b["line"]],
        "cchc.agency": [b["unit"]],
        "cchc.criteria.set": [b["set"]],
        "ir.attachment": [b["evidence"]],
    }


def _assert_sees_nothing(world, login, records):
    user = world.as_user(login)
    for model, ids in records.items():
        assert user(model, "search", [("id", "in", ids)]) == [], (login, model)
        error = world.refused(login, model, "read", ids, ["display_name"])
        assert error.name == "AccessError", (login, model, error)


def test_users_of_b_see_nothing_of_a(world, open_campaign, province_b):
    for login in (province_b["secretariat"], province_b["officer"]):
        _assert_sees_nothing(world, login, _a_records(world, open_campaign))
    # ...and their own province.
    secretariat = world.as_user(province_b["secretariat"])
    for model, ids in _b_records(province_b).items():
        assert secretariat(model, "search", [("id", "in", ids)]) == ids, model


def test_users_of_a_see_nothing_of_b(world, open_campaign, province_b):
    records = _b_records(province_b)
    for role in ("secretariat", "council", "admin"):
        _assert_sees_nothing(world, world.roles[role], records)
    _assert_sees_nothing(world, world.officers["A"], records)
    for model, ids in records.items():
        assert world.admin(model, "search", [("id", "in", ids)]) == [], model


def test_files_of_a_are_refused_by_url_to_b(world, open_campaign, province_b):
    officer_b = world.as_user(province_b["officer"])
    response = officer_b.get(f"/web/content/{open_campaign['evidence_A']}")
    assert response.status_code in (403, 404), response.status_code
    assert world.pdf not in response.content
    own = officer_b.get(f"/web/content/{province_b['evidence']}?download=true")
    assert own.status_code == 200 and own.content == world.pdf
    officer_a = world.as_user(world.officers["A"])
    response = officer_a.get(f"/web/content/{province_b['evidence']}")
    assert response.status_code in (403, 404), response.status_code
    assert world.pdf not in response.content


def test_a_campaign_of_b_takes_nothing_of_a(world, open_campaign, province_b):
    with world.unchanged("cchc.criteria.set", [world.set_id], ["state"]):
        world.refused(
            province_b["secretariat"],
            "cchc.campaign",
            "create",
            {
                "year": world.year,
                "criteria_set_ids": [(6, 0, [world.set_id])],
                "date_self_close": f"{world.year}-12-31",
            },
        )
    world.refused(
        province_b["secretariat"],
        "cchc.campaign",
        "create",
        {
            "year": world.year,
            "criteria_set_ids": [(6, 0, [province_b["set"]])],
            "agency_ids": [(6, 0, [province_b["unit"], world.units["A"]])],
            "date_self_close": f"{world.year}-12-31",
        },
    )
    assert world.as_user(province_b["secretariat"])(
        "cchc.campaign", "search", [("year", "=", world.year)]
    ) == [province_b["campaign"]]
