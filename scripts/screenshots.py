"""Screenshots of the demo for the README, taken with headless Chromium.

Needs the demo server of `make run` (http://localhost:8069, database cchc) and
Debian's chromium and poppler-utils. Run: python3 scripts/screenshots.py
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time

import requests
import websocket

BASE = os.environ.get("CCHC_URL", "http://localhost:8069")
DB = os.environ.get("CCHC_DB", "cchc")
OUT = os.path.join(os.path.dirname(__file__), "..", "docs", "screenshots")
PORT = int(os.environ.get("CCHC_DEVTOOLS_PORT", "9333"))
BENCH = "action-cchc_index.cchc_evaluation_line_action_appraise"


def session_for(login):
    session = requests.Session()
    password = "admin" if login == "admin" else login
    session.post(
        f"{BASE}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": DB, "login": login, "password": password},
        },
        timeout=30,
    ).raise_for_status()
    return session


def call_kw(session, model, method, args, kwargs=None):
    response = session.post(
        f"{BASE}/web/dataset/call_kw",
        json={
            "jsonrpc": "2.0",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        },
        timeout=60,
    ).json()
    if "error" in response:
        sys.exit(f"{model}.{method}: {response['error']['data']['message']}")
    return response["result"]


class Browser:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self):
        self.process = subprocess.Popen(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--remote-debugging-port={PORT}",
                f"--user-data-dir={tempfile.mkdtemp()}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                tabs = requests.get(f"http://127.0.0.1:{PORT}/json", timeout=2).json()
                break
            except requests.RequestException:
                time.sleep(0.2)
        page = next(tab for tab in tabs if tab["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"])
        self.message_id = 0
        self.call("Network.enable")
        # The web client shows dates in the browser's time zone.
        self.call("Emulation.setTimezoneOverride", timezoneId="Asia/Ho_Chi_Minh")
        self.resize(1800, 900)

    def resize(self, width, height, mobile=False):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def call(self, method, **params):
        self.message_id += 1
        self.socket.send(
            json.dumps({"id": self.message_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.message_id:
                return message

    def wait_for(self, selector, timeout=60):
        """Wait until the page shows an element matching selector."""
        expression = f"!!document.querySelector({json.dumps(selector)})"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = self.call("Runtime.evaluate", expression=expression)
            if result["result"]["result"].get("value"):
                time.sleep(1)  # let images and fonts settle
                return
            time.sleep(0.3)
        sys.exit(f"{selector} did not appear within {timeout}s")

    def shoot(self, session, path, name, ready=".o_view_controller"):
        self.call("Network.clearBrowserCookies")
        self.call(
            "Network.setCookie",
            name="session_id",
            value=session.cookies["session_id"],
            domain="localhost",
            path="/",
        )
        self.call("Page.navigate", url=BASE + path)
        self.wait_for(ready)
        data = self.call("Page.captureScreenshot", format="png")["result"]["data"]
        with open(os.path.join(OUT, f"{name}.png"), "wb") as image:
            image.write(base64.b64decode(data))
        print(f"docs/screenshots/{name}.png")

    def close(self):
        self.socket.close()
        self.process.kill()


def shoot_bench(admin, browser):
    """The appraiser's bench at 1366 and 400 px: an item with a cited PDF of an
    appraisal under way if there is one, else of 2018's."""
    domain = [
        ("appraisal_id.agency_id.code", "=", "VPUBND"),
        ("citation_ids", "!=", False),
    ]
    lines = call_kw(
        admin,
        "cchc.evaluation.line",
        "search_read",
        [[*domain, ("appraisal_id.campaign_id.state", "=", "appraisal")]],
        {"fields": ["appraisal_id"], "limit": 1},
    ) or call_kw(
        admin,
        "cchc.evaluation.line",
        "search_read",
        [[*domain, ("appraisal_id.campaign_id.year", "=", 2018)]],
        {"fields": ["appraisal_id"], "limit": 1},
    )
    line = lines[0]
    path = f"/odoo/cchc.appraisal/{line['appraisal_id'][0]}/{BENCH}/{line['id']}"
    appraiser = session_for("cchc.appraiser.vpubnd")
    for width, height, mobile in ((1366, 768, False), (400, 860, True)):
        browser.resize(width, height, mobile)
        browser.shoot(
            appraiser,
            path,
            f"appraiser-bench-{width}",
            ready='.o_field_widget[name="preview_pdf"] iframe',
        )
    browser.resize(1800, 900)


def main():
    os.makedirs(OUT, exist_ok=True)
    admin = session_for("admin")
    campaign_id = call_kw(
        admin, "cchc.campaign", "search", [[("year", "=", 2018)]], {"limit": 1}
    )[0]
    appraisal_id = call_kw(
        admin,
        "cchc.appraisal",
        "search",
        [
            [
                ("campaign_id", "=", campaign_id),
                ("unit_id.code", "=", "PHULY"),
                ("agency_id.code", "=", "VPUBND"),
            ]
        ],
    )[0]
    browser = Browser()
    try:
        browser.shoot(
            admin,
            "/odoo/action-cchc_index.cchc_campaign_action",
            "campaign-kanban",
            ready=".o_kanban_record",
        )
        browser.shoot(
            session_for("cchc.officer"),
            "/odoo/action-cchc_index.cchc_evaluation_action_my",
            "evaluation-form",
        )
        browser.shoot(
            session_for("cchc.appraiser.vpubnd"),
            f"/odoo/action-cchc_index.cchc_appraisal_action/{appraisal_id}",
            "appraisal-form",
        )
        browser.shoot(
            session_for("cchc.secretariat"),
            "/odoo/action-cchc_index.cchc_evaluation_action_results",
            "results-ranking",
            ready=".o_data_row",
        )
        shoot_bench(admin, browser)
    finally:
        browser.close()
    pdf = admin.get(
        f"{BASE}/report/pdf/cchc_index.report_decision/{campaign_id}", timeout=120
    ).content
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                "-singlefile",
                pdf_file.name,
                os.path.join(OUT, "decision-page-1"),
            ],
            check=True,
        )
    print("docs/screenshots/decision-page-1.png")


if __name__ == "__main__":
    main()
