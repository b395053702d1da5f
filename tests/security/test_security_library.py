"""The evidence library over the wire: a unit's documents are its own, locked
at submission, and their files kept as uploaded."""

DOCUMENT = "cchc.evidence.document"
CITATION = "cchc.evidence.citation"
ATTACHMENT = "ir.attachment"


def test_a_library_is_its_units_and_locked_at_submission(world):
    w = world
    ids = w.scored_campaign("A")
    upload = w.evidence(w.officers["A"], ids["lines_A"]["2"], "12-KH.pdf")
    [document] = w.admin(
        DOCUMENT,
        "search_read",
        [("evaluation_id", "=", ids["A"])],
        fields=["attachment_id", "citation_ids"],
    )
    [citation] = w.admin(CITATION, "read", document["citation_ids"], ["upload_id"])
    assert citation["upload_id"][0] == upload
    doc_id, file_id = document["id"], document["attachment_id"][0]
    fields = ["name", "document_number", "evaluation_id", "attachment_id"]
    # Another unit and the appraisers (before submission) see nothing of it.
    for login in (w.officers["B"], w.appraiser_snv):
        assert w.as_user(login)(DOCUMENT, "search", [("id", "=", doc_id)]) == []
        with w.unchanged(DOCUMENT, [doc_id], fields):
            w.refused(login, DOCUMENT, "read", [doc_id], ["name"])
            w.refused(login, DOCUMENT, "write", [doc_id], {"name": "x"})
            w.refused(login, DOCUMENT, "unlink", [doc_id])
            w.refused(login, CITATION, "unlink", document["citation_ids"])
    # Its file is kept as uploaded, even by its unit.
    officer = w.officers["A"]
    w.refused(officer, ATTACHMENT, "write", [file_id], {"name": "x.pdf"})
    w.refused(officer, ATTACHMENT, "unlink", [file_id])
    w.as_user(officer)(DOCUMENT, "write", [doc_id], {"document_number": "12/KH-STP"})
    w.as_user(w.heads["A"])("cchc.evaluation", "action_submit", [ids["A"]])
    with w.unchanged(DOCUMENT, [doc_id], fields):
        w.refused(officer, DOCUMENT, "write", [doc_id], {"document_number": "13/KH"})
        w.refused(officer, DOCUMENT, "unlink", [doc_id])
        w.refused(officer, DOCUMENT, "copy", doc_id)
        w.refused(
            officer,
            CITATION,
            "create",
            {"line_id": ids["lines_A"]["1.2"], "document_id": doc_id},
        )
        w.refused(officer, CITATION, "unlink", document["citation_ids"])
        w.refused(officer, ATTACHMENT, "unlink", [upload])
    # Submitted: the appraisers read it, and only read it.
    appraiser = w.as_user(w.appraiser_snv)
    [seen] = appraiser(DOCUMENT, "read", [doc_id], ["document_number"])
    assert seen["document_number"] == "12/KH-STP"
    w.refused(w.appraiser_snv, DOCUMENT, "write", [doc_id], {"name": "x"})
