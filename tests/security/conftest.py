"""A world of its own for the security suite, built as admin over JSON-RPC.

A small criteria set of a far year (every scoring method, 100 points), fresh
units, users of every role (password = login) and campaigns at each stage, so
that the demo data stays as it is and the suite can run again on the same
database.
"""

import base64
import contextlib
import threading
import uuid

import pytest

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
# How the server refuses: access rights and rules, guards, invalid values.
REFUSALS = {"AccessError", "UserError", "ValidationError", "ValueError"}
ROLE_GROUPS = {
    "officer": "cchc_index.group_cchc_officer",
    "head": "cchc_index.group_cchc_head",
    "appraiser": "cchc_index.group_cchc_appraiser",
    "secretariat": "cchc_index.group_cchc_secretariat",
    "council": "cchc_index.group_cchc_council",
    "admin": "cchc_index.group_cchc_manager",
    "internal": None,
}
# code: (max, method, levels as (label, points, lowest %), [may be N/A, appraised by])
ITEMS = {
    "1": (40, None, [], False, "agency_snv"),
    "1.1": (20, "levels", [("On time", 20, 0), ("Late", 10, 0), ("None", 0, 0)]),
    "1.2": (20, "free", [], True),
    "2": (30, "yes_no", [], False, "agency_stp"),
    "3": (
        30,
        "bands",
        [("90% or more", 30, 90), ("50% or more", 15, 50), ("less", 0, 0)],
        False,
        "agency_stttt",
    ),
}


class World:
    """Ids of what the suite built, and helpers to build more."""

    pdf = PDF

    def __init__(self, session):
        self.session = session
        self.admin = session("admin", "admin")
        self.tag = uuid.uuid4().hex[:6]
        self._refs = {}
        self._sessions = {}

    def ref(self, xmlid):
        if xmlid not in self._refs:
            module, name = xmlid.split(".")
            [data] = self.admin(
                "ir.model.data",
                "search_read",
                [("module", "=", module), ("name", "=", name)],
                fields=["res_id"],
            )
            self._refs[xmlid] = data["res_id"]
        return self._refs[xmlid]

    def as_user(self, login):
        """A (cached) session of a user the world created."""
        if login not in self._sessions:
            self._sessions[login] = self.session(login)
        return self._sessions[login]

    def user(self, name, role, agency_id=False):
        login = f"sec.{name}.{self.tag}"
        groups = [self.ref("base.group_user")]
        if ROLE_GROUPS[role]:
            groups.append(self.ref(ROLE_GROUPS[role]))
        self.admin(
            "res.users",
            "create",
            {
                "name": f"{role} {name} {self.tag}",
                "login": login,
                "password": login,
                "lang": "en_US",
                "cchc_agency_id": agency_id,
                "groups_id": [(6, 0, groups)],
            },
        )
        return login

    def agency(self, code):
        return self.admin(
            "cchc.agency",
            "create",
            {
                "name": f"Unit {code} {self.tag}",
                "code": f"{code}{self.tag}".upper(),
                "unit_type_id": self.ref("cchc_index.unit_type_so"),
            },
        )

    def make_set(self):
        """The small criteria set, activated, in the next free far year."""
        years = self.admin(
            "cchc.criteria.set",
            "search_read",
            [("year", ">=", 2090)],
            fields=["year"],
            order="year desc",
            limit=1,
        )
        self.year = years[0]["year"] + 1 if years else 2090
        set_id = self.admin(
            "cchc.criteria.set",
            "create",
            {"year": self.year, "unit_type_id": self.ref("cchc_index.unit_type_so")},
        )
        ids = {}
        for code, (points, method, levels, *more) in ITEMS.items():
            allow_na, agency = (more + [False, None])[:2]
            parent = code.rpartition(".")[0]
            vals = {"scoring_method": method} if method else {}
            ids[code] = self.admin(
                "cchc.criterion",
                "create",
                {
                    **vals,
                    "set_id": set_id,
                    "parent_id": ids.get(parent, False),
                    "code": code,
                    "name": f"Item {code}",
                    "max_points": points,
                    "allow_na": allow_na,
                    "appraising_agency_id": agency
                    and self.ref(f"cchc_index_ha_nam.{agency}"),
                    "level_ids": [
                        (0, 0, {"name": n, "points": p, "min_percent": m})
                        for n, p, m in levels
                    ],
                },
            )
        self.admin("cchc.criteria.set", "action_activate", [set_id])
        self.set_id = set_id

    def campaign(self, agency_ids):
        """A campaign of the world's year on its set, open for self-assessment."""
        campaign_id = self.admin(
            "cchc.campaign",
            "create",
            {
                "year": self.year,
                "criteria_set_ids": [(6, 0, [self.set_id])],
                "agency_ids": [(6, 0, agency_ids)],
                "date_self_open": f"{self.year}-01-01",
                "date_self_close": f"{self.year}-12-31",
            },
        )
        self.admin("cchc.campaign", "action_open_self_assessment", [campaign_id])
        return campaign_id

    def evaluation(self, campaign_id, agency_id):
        [evaluation_id] = self.admin(
            "cchc.evaluation",
            "search",
            [("campaign_id", "=", campaign_id), ("agency_id", "=", agency_id)],
        )
        return evaluation_id

    def lines(self, evaluation_id):
        """{code: line id} of an evaluation."""
        lines = self.admin(
            "cchc.evaluation.line",
            "search_read",
            [("evaluation_id", "=", evaluation_id)],
            fields=["code"],
        )
        return {line["code"]: line["id"] for line in lines}

    def level(self, code, label):
        [level_id] = self.admin(
            "cchc.criterion.level",
            "search",
            [
                ("criterion_id.set_id", "=", self.set_id),
                ("criterion_id.code", "=", code),
                ("name", "=", label),
            ],
        )
        return level_id

    def score(self, login, evaluation_id):
        """The unit's user scores every item (self total 20 + 12.5 + 30 + 15 =
        77.5), explains the missing evidence and lists its participants."""
        unit = self.as_user(login)
        lines = self.lines(evaluation_id)
        values = {
            "1.1": {"self_level_id": self.level("1.1", "On time")},
            "1.2": {"free_points": 12.5},
            "2": {"self_answer": "yes"},
            "3": {"figure_done": 37, "figure_total": 60},
        }
        for code, vals in values.items():
            unit("cchc.evaluation.line", "write", [lines[code]], vals)
        unit(
            "cchc.evaluation.line",
            "write",
            list(lines.values()),
            {"explanation": "Figures from the unit's annual report."},
        )
        unit(
            "cchc.evaluation",
            "write",
            [evaluation_id],
            {
                "participant_ids": [
                    (0, 0, {"name": "Head", "role": "head"}),
                    (0, 0, {"name": "Division head", "role": "division_head"}),
                ]
            },
        )

    def scored_campaign(self, codes):
        """A campaign of the units of these codes, open for self-assessment,
        every item scored by each unit's head: {"campaign": id, code: its
        evaluation id, "lines_<code>": its lines}."""
        campaign_id = self.campaign([self.units[code] for code in codes])
        ids = {"campaign": campaign_id}
        for code in codes:
            ids[code] = self.evaluation(campaign_id, self.units[code])
            ids[f"lines_{code}"] = self.lines(ids[code])
            self.score(self.heads[code], ids[code])
        return ids

    def evidence(self, login, line_id, name="evidence.pdf", raw=PDF):
        return self.as_user(login)(
            "ir.attachment",
            "create",
            {
                "name": name,
                "datas": base64.b64encode(raw).decode(),
                "res_model": "cchc.evaluation.line",
                "res_id": line_id,
            },
        )

    def refused(self, login, model, method, *args, **kwargs):
        """Call as that user, expecting a refusal; return the server's error."""
        user = self.as_user(login)
        with pytest.raises(user.Error) as error:
            user(model, method, *args, **kwargs)
        assert error.value.name in REFUSALS, error.value
        return error.value

    @contextlib.contextmanager
    def unchanged(self, model, ids, fields):
        """Assert that these records read the same (as admin) afterwards."""
        before = self.admin(model, "read", ids, fields)
        yield
        assert self.admin(model, "read", ids, fields) == before

    def appraise_all(self, evaluation_id):
        """Each appraising agency accepts the self scores and finishes."""
        appraisals = self.admin(
            "cchc.appraisal",
            "search_read",
            [("evaluation_id", "=", evaluation_id)],
            fields=["agency_id"],
        )
        for appraisal in appraisals:
            login = self.appraisers[appraisal["agency_id"][0]]
            appraiser = self.as_user(login)
            appraiser("cchc.appraisal", "action_accept_self_scores", [appraisal["id"]])
            appraiser("cchc.appraisal", "action_done", [appraisal["id"]])


@pytest.fixture(scope="session")
def world(session):
    """Set, units A-E, their users, appraisers and one user of every role."""
    w = World(session)
    w.make_set()
    w.units = {code: w.agency(code) for code in "ABCDE"}
    w.officers = {c: w.user(f"officer{c}", "officer", a) for c, a in w.units.items()}
    w.heads = {c: w.user(f"head{c}", "head", a) for c, a in w.units.items()}
    w.appraisers = {
        w.ref(f"cchc_index_ha_nam.{agency}"): w.user(
            agency, "appraiser", w.ref(f"cchc_index_ha_nam.{agency}")
        )
        for agency in ("agency_snv", "agency_stp", "agency_stttt")
    }
    w.appraiser_snv = w.appraisers[w.ref("cchc_index_ha_nam.agency_snv")]
    w.appraiser_stp = w.appraisers[w.ref("cchc_index_ha_nam.agency_stp")]
    w.roles = {
        "officer": w.officers["A"],
        "head": w.heads["A"],
        "appraiser": w.appraiser_snv,
        "secretariat": w.user(
            "secretariat", "secretariat", w.ref("cchc_index_ha_nam.agency_snv")
        ),
        "council": w.user("council", "council"),
        "admin": w.user("admin", "admin"),
        "internal": w.user("internal", "internal"),
    }
    return w


@pytest.fixture(scope="session")
def open_campaign(world):
    """Self-assessment: unit A in draft with evidence, unit B submitted."""
    w = world
    ids = w.scored_campaign("AB")
    for code in "AB":
        ids[f"evidence_{code}"] = w.evidence(
            w.officers[code], ids[f"lines_{code}"]["2"]
        )
    w.as_user(w.heads["B"])("cchc.evaluation", "action_submit", [ids["B"]])
    return ids


@pytest.fixture(scope="session")
def appraisal_campaign(world):
    """Appraisal: units C and D submitted, nothing appraised yet."""
    w = world
    ids = w.scored_campaign("CD")
    for code in "CD":
        w.as_user(w.heads[code])("cchc.evaluation", "action_submit", [ids[code]])
    w.admin("cchc.campaign", "action_start_appraisal", [ids["campaign"]])
    return ids


@pytest.fixture(scope="session")
def published_campaign(world):
    """Published: unit E appraised (with an on-site check), approved by the council
    and published."""
    w = world
    ids = w.scored_campaign("E")
    campaign_id = ids["campaign"]
    ids["evidence_E"] = w.evidence(w.officers["E"], ids["lines_E"]["2"])
    w.as_user(w.heads["E"])("cchc.evaluation", "action_submit", [ids["E"]])
    w.admin("cchc.campaign", "action_start_appraisal", [campaign_id])
    ids["onsite_E"] = w.admin(
        "cchc.onsite.check",
        "create",
        {"evaluation_id": ids["E"], "members": "Đoàn kiểm tra Sở Nội vụ"},
    )
    w.appraise_all(ids["E"])
    w.admin("cchc.campaign", "action_council_review", [campaign_id])
    w.as_user(w.roles["council"])("cchc.campaign", "action_approve", [campaign_id])
    w.admin(
        "cchc.campaign",
        "write",
        [campaign_id],
        {"decision_number": f"1/{w.tag}", "decision_date": f"{w.year}-12-31"},
    )
    w.admin("cchc.campaign", "action_publish", [campaign_id])
    return ids


def _at_once(calls):
    """Run the calls in threads released together; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the caller
            errors[index] = error

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
        assert not thread.is_alive(), "a concurrent call did not answer in 300 s"
    return results, errors


@pytest.fixture(scope="session")
def at_once():
    """Run calls in threads released together: at_once(calls) -> (results, errors)."""
    return _at_once
