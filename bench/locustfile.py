"""Deadline-day users of cchc_index, for locust (run by bench/load_run.py).

Each simulated user starts with the session it logged in with earlier
(/web/session/authenticate, by load_run.py before the run: logging in is
measured apart), loads the web client (session info, and /web for the CSRF
token) and then works as the web client does, over
JSON-RPC (/web/dataset/call_kw, /web/dataset/call_button), the upload route
(/web/binary/upload_attachment) and the file route (/web/content/…), pausing
between actions. The accounts and what each one works on come from the plan
(CCHC_LOAD_PLAN, written by load_run.py); every write is logged with whether
the server acknowledged it, to CCHC_LOAD_ACKS (JSON lines), for the
consistency check.

- officers (two per unit, each on half of the items): open their evaluation,
  list its items, score items, upload 1–5 MB PDFs as evidence;
- unit heads: score the items left, then submit; afterwards only open it;
- appraisers (campaign B): open their agency's appraisals, score the items,
  finish each appraisal when every item is scored;
- the secretariat: open the results of campaign B, an evaluation, and ask
  for the draft decision (rendered in the background), then download it.
"""

import hashlib
import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["CCHC_LOAD_PLAN"], encoding="utf-8").read())
SPECS = PLAN["specs"]
WAIT = PLAN.get("wait", (2, 10))
ACCOUNTS = {role: iter(accounts) for role, accounts in PLAN["accounts"].items()}
ACKS = []
CSRF_RE = re.compile(r'csrf_token: "([^"]+)"')
SCORES = [i / 4 for i in range(9)]  # 0 to 2 points (the items' maximum)
EXPLANATION = "Đơn vị đã thực hiện; văn bản số 12/KH-UBND."
# How long a user waits for the draft decision before giving up.
DECISION_WAIT = 180
_rpc_ids = itertools.count(1)
# A PDF body without "/": no random PDF operator or name in it.
_NO_SLASH = bytes.maketrans(b"/", b"0")


def pdf_bytes(rng):
    size = rng.randint(1, 5) * 1024 * 1024
    body = rng.randbytes(size).translate(_NO_SLASH)
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nstream\n"
        + body
        + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n"
    )


def ack(kind, ok, **values):
    ACKS.append({"kind": kind, "ok": ok, "t": time.time(), **values})


@events.quitting.add_listener
def _write_acks(environment, **_kw):
    with open(os.environ["CCHC_LOAD_ACKS"], "w", encoding="utf-8") as f:
        for row in ACKS:
            f.write(json.dumps(row) + "\n")


class OdooUser(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    role = None

    def on_start(self):
        try:
            self.account = next(ACCOUNTS[self.role])
        except StopIteration:
            raise StopUser() from None
        self.rng = random.Random(self.account["login"])
        # Logged in earlier in the day (load_run.py did it): the web client
        # loads with the session it has.
        self.client.cookies.set("session_id", self.account["session_id"])
        result = self.rpc("session info", "/web/session/get_session_info", {})
        if not result:
            raise StopUser()
        self.user_context = result["user_context"]
        with self.client.get("/web", name="web client", catch_response=True) as r:
            found = CSRF_RE.search(r.text or "")
            self.csrf = found and found.group(1)
            if not found:
                r.failure("no CSRF token in /web")
        self.begin()

    def begin(self):
        pass

    # ---------------------------------------------------------- requests --

    def rpc(self, name, url, params):
        """The result of a JSON-RPC call, or None (failure recorded)."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(_rpc_ids)}
        payload["params"] = params
        with self.client.post(
            url, json=payload, name=name, catch_response=True, timeout=300
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return None
            data = r.json()
            if "error" in data:
                error = data["error"].get("data") or {}
                message = (error.get("message") or str(data["error"]))[:120]
                r.failure(f"{error.get('name', 'error')}: {message}")
                return None
            return data["result"] if data["result"] is not None else True

    def call(self, name, model, method, args, route="call_kw", **kwargs):
        kwargs.setdefault("context", self.user_context)
        result = self.rpc(
            name,
            f"/web/dataset/{route}/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )
        # A button that returns no action answers False: done all the same.
        return True if result is False and route == "call_button" else result

    def open_evaluation(self, evaluation_id, name="evaluation: open"):
        return self.call(
            name,
            "cchc.evaluation",
            "web_read",
            [[evaluation_id]],
            specification=SPECS["evaluation_form"],
        )

    def list_items(self, domain, name="items: list"):
        result = self.call(
            name,
            "cchc.evaluation.line",
            "web_search_read",
            [],
            domain=domain,
            specification=SPECS["line_list"],
            limit=80,
        )
        return result["records"] if result else []

    def write_line(self, name, line_id, vals):
        result = self.call(
            name,
            "cchc.evaluation.line",
            "web_save",
            [[line_id]],
            vals=vals,
            specification=SPECS["line_list"],
        )
        for field, value in vals.items():
            ack("line", bool(result), id=line_id, field=field, value=value)
        return result

    def upload(self, line_id):
        content = pdf_bytes(self.rng)
        filename = f"minh-chung-{line_id}-{self.rng.randrange(10**6)}.pdf"
        with self.client.post(
            "/web/binary/upload_attachment",
            data={
                "model": "cchc.evaluation.line",
                "id": str(line_id),
                "csrf_token": self.csrf or "",
            },
            files={"ufile": (filename, content, "application/pdf")},
            name="evidence: upload PDF",
            catch_response=True,
            timeout=300,
        ) as r:
            result = None
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            else:
                result = r.json()[0]
                if "error" in result:
                    r.failure(f"upload: {result['error']}")
                    result = None
        ack(
            "attachment",
            bool(result),
            id=result and result["id"],
            line_id=line_id,
            name=filename,
            size=len(content),
            sha1=hashlib.sha1(content).hexdigest(),
        )


class Officer(OdooUser):
    """A unit's officer, on the items of its half (parity) of the unit's list."""

    role = "officer"
    weight = PLAN["weights"][role]

    def begin(self):
        self.evaluation_id = self.account["evaluation_id"]
        self.lines = []
        self.open_evaluation(self.evaluation_id)
        self.refresh_items()

    def refresh_items(self):
        records = self.list_items([["evaluation_id", "=", self.evaluation_id]])
        if records:
            parity = self.account["parity"]
            self.lines = [r["id"] for i, r in enumerate(records) if i % 2 == parity]

    @task(3)
    def open(self):
        self.open_evaluation(self.evaluation_id)

    @task(2)
    def items(self):
        self.refresh_items()

    @task(6)
    def score(self):
        if self.lines:
            line_id = self.rng.choice(self.lines)
            self.write_line(
                "item: write score", line_id, {"free_points": self.rng.choice(SCORES)}
            )

    @task(1)
    def evidence(self):
        if self.lines:
            self.upload(self.rng.choice(self.lines))


class Head(OdooUser):
    """A unit's head: scores what is left, submits, then only looks."""

    role = "head"
    weight = PLAN["weights"][role]

    def begin(self):
        self.evaluation_id = self.account["evaluation_id"]
        self.submitted = False
        self.open_evaluation(self.evaluation_id)

    @task
    def work(self):
        if self.submitted:
            self.open_evaluation(self.evaluation_id)
            return
        records = self.list_items([["evaluation_id", "=", self.evaluation_id]])
        if not records:
            return
        unscored = [r["id"] for r in records if not r["is_scored"]]
        if unscored:
            self.write_line(
                "item: write score (head)",
                unscored[0],
                {"free_points": self.rng.choice(SCORES), "explanation": EXPLANATION},
            )
            return
        result = self.call(
            "evaluation: submit",
            "cchc.evaluation",
            "action_submit",
            [[self.evaluation_id]],
            route="call_button",
        )
        ack("submit", bool(result), id=self.evaluation_id)
        self.submitted = bool(result)


class Appraiser(OdooUser):
    """An appraiser of campaign B, through its share of its agency's appraisals."""

    role = "appraiser"
    weight = PLAN["weights"][role]

    def begin(self):
        self.todo = list(self.account["appraisal_ids"])

    @task
    def work(self):
        if not self.todo:
            self.call(
                "appraisals: list",
                "cchc.appraisal",
                "web_search_read",
                [],
                domain=[["agency_id", "=", self.account["agency_id"]]],
                specification={"display_name": {}, "state": {}, "progress": {}},
                limit=80,
            )
            return
        appraisal_id = self.todo[0]
        result = self.call(
            "appraisal: open",
            "cchc.appraisal",
            "web_read",
            [[appraisal_id]],
            specification=SPECS["appraisal_form"],
        )
        if not result:
            return
        appraisal = result[0]
        if appraisal["state"] not in ("pending", "in_progress"):
            self.todo.pop(0)
            return
        left = [
            line["id"]
            for line in appraisal["line_ids"]
            if not (line.get("is_appraised") or line.get("is_na"))
        ]
        if left:
            self.write_line(
                "item: write appraised score",
                left[0],
                {"appraised_points": self.rng.choice(SCORES)},
            )
            return
        done = self.call(
            "appraisal: done",
            "cchc.appraisal",
            "action_done",
            [[appraisal_id]],
            route="call_button",
        )
        ack("appraisal_done", bool(done), id=appraisal_id)
        if done:
            self.todo.pop(0)


class Secretariat(OdooUser):
    """The secretariat: results of campaign B, an evaluation, the decision."""

    role = "secretariat"
    weight = PLAN["weights"][role]

    def begin(self):
        self.evaluation_ids = []

    @task(3)
    def results(self):
        result = self.call(
            "results: list",
            "cchc.evaluation",
            "web_search_read",
            [],
            domain=[["campaign_id", "=", PLAN["campaign_b"]]],
            specification=SPECS["evaluation_list"],
            order="appraised_index desc",
            limit=80,
        )
        if result:
            self.evaluation_ids = [r["id"] for r in result["records"]]

    @task(2)
    def evaluation(self):
        if self.evaluation_ids:
            self.open_evaluation(
                self.rng.choice(self.evaluation_ids), "evaluation: open (secretariat)"
            )

    @task(1)
    def decision(self):
        """Ask for the draft decision (rendered by a background job for a
        campaign of this size), look at the campaign's form every few seconds
        as the user would until the file is there (the user is told by a bus
        notification), then download it."""
        campaign = [PLAN["campaign_b"]]
        spec = {"draft_decision_date": {}, "decision_requester_ids": {}}
        asked = time.time()
        answer = self.call(
            "decision: ask",
            "cchc.campaign",
            "action_print_decision",
            [campaign],
            route="call_button",
        )
        if not answer:
            return
        uid = self.user_context["uid"]
        while time.time() - asked < DECISION_WAIT:
            self.wait()
            state = self.call(
                "decision: is it ready",
                "cchc.campaign",
                "web_read",
                [campaign],
                specification=spec,
            )
            if state and uid not in state[0]["decision_requester_ids"]:
                break
        else:
            events.request.fire(
                request_type="JOB",
                name="decision: ready (ask → file)",
                response_time=(time.time() - asked) * 1000,
                response_length=0,
                exception=TimeoutError(f"no draft after {DECISION_WAIT} s"),
            )
            return
        url = f"/web/content/cchc.campaign/{PLAN['campaign_b']}/draft_decision"
        with self.client.get(
            url, name="decision: download", catch_response=True, timeout=300
        ) as r:
            ok = r.status_code == 200 and r.content.startswith(b"%PDF")
            if not ok:
                r.failure(f"HTTP {r.status_code}, not a PDF")
        events.request.fire(
            request_type="JOB",
            name="decision: ready (ask → file)",
            response_time=(time.time() - asked) * 1000,
            response_length=0,
            exception=None if ok else ValueError("no PDF"),
        )
        ack("decision", ok, id=PLAN["campaign_b"], asked=asked)
