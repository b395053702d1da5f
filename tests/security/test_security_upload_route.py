"""The web client's upload route (/web/binary/upload_attachment) on items.

Needs CCHC_DB_DSN (exported by `make test`): the test holds a lock in the
database itself, as a colleague's change being committed would.
"""

import os
import re
import threading
import time

import psycopg2
import pytest

LINE = "cchc.evaluation.line"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
# The upload waiting for the evaluation's lock (cchc.guard.mixin._cchc_lock).
WAITING = """
    SELECT count(*) FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'
       AND query LIKE 'UPDATE "cchc_evaluation" SET write_date = write_date%%'
"""


def _upload(user, line_id, name):
    """The upload as the web client sends it; the route's JSON answer."""
    page = user.http.get(f"{user.url}/odoo", timeout=60).text
    token = re.search(r'csrf_token["\']?\s*[:=]\s*["\']([\w]+)', page).group(1)
    response = user.http.post(
        f"{user.url}/web/binary/upload_attachment",
        data={"model": LINE, "id": str(line_id), "csrf_token": token},
        files={"ufile": (name, PDF, "application/pdf")},
        timeout=120,
    )
    assert response.status_code == 200, response.text[:300]
    [answer] = response.json()
    return answer


@pytest.fixture
def dsn():
    value = os.environ.get("CCHC_DB_DSN", "").strip()
    if not value:
        pytest.fail("CCHC_DB_DSN is not set: run this test through `make test`")
    return value


def test_upload_route_adds_and_refuses_as_before(world, open_campaign):
    officer_a = world.as_user(world.officers["A"])
    answer = _upload(officer_a, open_campaign["lines_A"]["2"], "route.pdf")
    assert answer.get("id"), answer
    [stored] = world.admin(
        "ir.attachment", "read", [answer["id"]], ["res_model", "res_id"]
    )
    assert (stored["res_model"], stored["res_id"]) == (
        LINE,
        open_campaign["lines_A"]["2"],
    )
    # Unit B's item, and B has submitted: refused in the route's own words.
    answer = _upload(officer_a, open_campaign["lines_B"]["2"], "foreign.pdf")
    assert set(answer) == {"error"}, answer
    world.as_user(world.officers["A"])("ir.attachment", "unlink", [stored["id"]])


def test_upload_meeting_a_concurrent_change_is_retried(world, open_campaign, dsn):
    """A colleague's change of the same evaluation commits while the upload
    waits for its lock: Odoo retries the upload, which is stored (before:
    "Something horrible happened", the route swallowed the failure)."""
    officer_a = world.as_user(world.officers["A"])
    line_id = open_campaign["lines_A"]["3"]
    colleague = psycopg2.connect(dsn)
    watcher = psycopg2.connect(dsn)
    watcher.autocommit = True
    answers = []
    try:
        with colleague.cursor() as cr:
            cr.execute(
                "UPDATE cchc_evaluation SET write_date = write_date WHERE id = %s",
                [open_campaign["A"]],
            )
        upload = threading.Thread(
            target=lambda: answers.append(_upload(officer_a, line_id, "retried.pdf"))
        )
        upload.start()
        with watcher.cursor() as cr:
            for _poll in range(600):  # at most a minute
                cr.execute(WAITING)
                if cr.fetchone()[0]:
                    break
                time.sleep(0.1)
            else:
                pytest.fail("the upload never waited for the evaluation's lock")
        colleague.commit()
        upload.join(120)
    finally:
        colleague.close()
        watcher.close()
    assert answers and answers[0].get("id"), answers
    ids = world.admin(
        "ir.attachment", "search", [("res_model", "=", LINE), ("res_id", "=", line_id)]
    )
    assert answers[0]["id"] in ids
    world.as_user(world.officers["A"])("ir.attachment", "unlink", [answers[0]["id"]])
