import base64
import os
import time
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser, HttpCase
from odoo.tools import config
from odoo.tools.safe_eval import safe_eval

from .common import CchcCase

EVALUATIONS = "/odoo/action-cchc_index.cchc_evaluation_action"
# docs/screenshots/ when asked (CCHC_SCREENSHOTS=1), else Odoo's screenshots
# folder: an ordinary run leaves the repository as it is.
SCREENSHOTS = (
    os.path.join(os.path.dirname(__file__), "..", "..", "docs", "screenshots")
    if os.environ.get("CCHC_SCREENSHOTS")
    else os.path.join(config["screenshots"], "cchc_unit_screen")
)


class TestUnitScreen(CchcCase):
    """The unit's screen: what blocks the submission, listed before the head
    submits, and the participants of last year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_open_evaluation()

    def test_checklist_is_what_submit_refuses(self):
        evaluation = self.evaluation.with_user(self.officer)
        unscored = evaluation.line_ids.filtered(lambda x: x.point_kind != "survey")
        self.assertFalse(evaluation.can_submit)
        self.assertEqual(set(evaluation.blocking_line_ids.ids), set(unscored.ids))
        for line in unscored:
            self.assertTrue(line.blocking_reason.startswith("Not scored"), line.code)
        self.assertIn("heads of its divisions", evaluation.submission_notes)

        left = self.evaluation.line_ids.filtered(lambda x: x.code in ("2.2.1", "2.3"))
        self._score_all(self.evaluation.line_ids - left)
        self._add_participants(self.evaluation)
        left[0].self_answer = "yes"  # 2.2.1: scored, but neither files nor explanation
        self.env.invalidate_all()
        self.assertFalse(evaluation.submission_notes)
        self.assertEqual(evaluation.blocking_line_ids, left)
        reasons = {line.code: line.blocking_reason for line in left}
        self.assertEqual(
            reasons,
            {
                "2.2.1": "No evidence and no explanation",
                "2.3": "Not scored; No evidence and no explanation",
            },
        )
        # The head's refusal names the same items.
        with self.assertRaises(UserError) as refusal:
            self.evaluation.with_user(self.head).action_submit()
        for problem in self.evaluation._get_submission_problems():
            self.assertIn(problem, str(refusal.exception))
        self.assertIn(
            "No evidence and no explanation: 2.2.1, 2.3.", str(refusal.exception)
        )

        left.write({"explanation": "Theo báo cáo năm."})
        left[1].free_points = 1.5
        self.env.invalidate_all()
        self.assertTrue(evaluation.can_submit)
        self.assertFalse(evaluation.blocking_line_ids)
        self.assertFalse(left.filtered("blocking_reason"))

        result = self.evaluation.with_user(self.head).action_submit()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn(self.agency_stp.name, result["params"]["message"])
        self.assertEqual(self.evaluation.state, "submitted")
        # Submitted: nothing is left to complete, nor can it be submitted again.
        self.assertFalse(evaluation.can_submit)

    def test_items_action_follows_the_url(self):
        """The items page takes its evaluation from the URL (active_id), so that
        a reload shows the same items, not every year's."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_index.cchc_evaluation_line_action"
        )
        domain = safe_eval(action["domain"], {"active_id": self.evaluation.id})
        self.assertEqual(
            self.env["cchc.evaluation.line"].search(domain), self.evaluation.line_ids
        )

    def test_days_left_in_the_province(self):
        """Counted in the province's days: at 00:30 on 1 January in Vietnam
        (still 31 December in UTC), 9 days are left to 10 January."""
        self.evaluation.date_deadline = "2031-01-10"
        with freeze_time("2030-12-31 17:30:00"):
            self.evaluation.invalidate_recordset(["days_left"])
            self.assertEqual(self.evaluation.days_left, 9)
            self.evaluation.date_deadline = "2031-01-01"
            self.assertEqual(self.evaluation.days_left, 0)

    def _open_unit_evaluation(self, year):
        """An open evaluation of Sở Tư pháp in a campaign of ``year`` on a
        small set."""
        criteria_set = self._make_set(year=year)
        criteria_set.action_activate()
        campaign = self.env["cchc.campaign"].create(
            {
                "year": year,
                "criteria_set_ids": [Command.set(criteria_set.ids)],
                "agency_ids": [Command.set(self.agency_stp.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        campaign.action_open_self_assessment()
        return campaign.evaluation_ids

    def test_participants_from_the_previous_campaign(self):
        earlier = self._open_unit_evaluation(2031)
        self._add_participants(earlier)
        earlier.participant_ids.filtered(
            lambda p: p.role == "head"
        ).job_title = "Giám đốc"
        later = self._open_unit_evaluation(2032)
        self.assertFalse(later.participant_ids)
        self.env["cchc.evaluation.participant"].create(
            {"evaluation_id": later.id, "name": "Ngô Văn Bình", "role": "invited"}
        )

        later.with_user(self.officer).action_copy_participants()

        self.assertEqual(
            sorted(later.participant_ids.mapped(lambda p: (p.name, p.role))),
            [("Lê Thị Lan", "head"), ("Ngô Văn Bình", "invited")],
        )
        self.assertEqual(
            later.participant_ids.filtered(lambda p: p.role == "head").job_title,
            "Giám đốc",
        )

    @freeze_time("2030-06-30 17:30:00")  # 00:30 on 1 July in Vietnam
    def test_participants_copy_is_guarded(self):
        # The unit's first campaign (2018): nothing to copy.
        with self.assertRaisesRegex(UserError, "No earlier self-assessment"):
            self.evaluation.with_user(self.officer).action_copy_participants()
        self._add_participants(self._open_unit_evaluation(2031))
        later = self._open_unit_evaluation(2032)
        # Closed: the guard of the participants refuses.
        later.date_deadline = self.env.company._cchc_today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "closed on"):
            later.with_user(self.officer).action_copy_participants()
        self.env.invalidate_all()
        self.assertFalse(later.participant_ids)
        # Another unit's user cannot copy them either.
        later.date_deadline = self.env.company._cchc_today()
        with self.assertRaises(AccessError):
            later.with_user(self.appraiser).action_copy_participants()


@tagged("post_install", "-at_install")
class TestUnitScreenTour(HttpCase, CchcCase):
    """The officer scores the open campaign's items of every method, fixes what
    the checklist lists, the head submits; the scoring screen photographed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The demo's open campaign, whatever its year.
        cls.evaluation = cls.env["cchc.evaluation"].search(
            [
                ("agency_id", "=", cls.agency_stp.id),
                ("campaign_id.state", "=", "self_assessment"),
            ],
            limit=1,
        )
        evaluation = cls.evaluation
        lines = evaluation.line_ids
        cls.left = lines.filtered(
            lambda x: x.code in ("2.2.1", "2.2.2", "2.2.3", "2.3")
        )
        cls.left.write(
            {
                "self_answer": False,
                "self_level_id": False,
                "figure_done": 0,
                "figure_total": 0,
                "is_na": False,
                "explanation": False,
            }
        )
        free = cls.left.filtered(lambda x: x.scoring_method == "free")
        free.free_points = 0
        free.sudo().free_entered = False
        cls.left.citation_ids.unlink()
        cls.left.evidence_ids.unlink()
        cls._score_all(
            lines.filtered(lambda x: not x.is_scored and x.point_kind != "survey")
            - cls.left
        )
        (
            cls.left - cls.left.filtered(lambda x: x.code == "2.3")
        ).explanation = "Theo báo cáo năm."
        lines._without_deduction_reason("self_points").explanation = "Theo biên bản."
        evaluation.participant_ids.unlink()

    def _line(self, code):
        return self.evaluation.line_ids.filtered(lambda x: x.code == code)

    def test_unit_screen(self):
        evaluation = self.evaluation
        self.assertEqual(
            set(self.left.mapped("scoring_method")),
            {"yes_no", "levels", "bands", "free"},
        )
        self.assertEqual(set(evaluation.blocking_line_ids.ids), set(self.left.ids))
        # Before the officer's work: the checklist and the orange rows.
        self._shoot("unit-checklist-1366", "1366x900", ".o_form_sheet")
        self._shoot("unit-scoring-1366", "1366x900", ".o_notebook")
        self._shoot("unit-scoring-400", "400x860", ".o_notebook")
        self.start_tour(
            "/odoo/action-cchc_index.cchc_evaluation_action_my",
            "cchc_unit_screen",
            login="t_officer",
        )
        self.env.invalidate_all()
        self.assertEqual(
            sorted(evaluation.participant_ids.mapped("role")),
            sorted(
                self.env["cchc.evaluation"]
                .search(
                    [
                        ("agency_id", "=", self.agency_stp.id),
                        ("year", "<", evaluation.year),
                        ("participant_ids", "!=", False),
                    ],
                    order="year desc",
                    limit=1,
                )
                .participant_ids.mapped("role")
            ),
        )
        self.assertTrue(evaluation.can_submit)
        self.assertEqual(self._line("2.2.1").self_answer, "yes")
        self.assertEqual(self._line("2.2.3").self_points, 1)
        self.assertEqual(self._line("2.2.2").self_points, 2)
        self.assertEqual(self._line("2.3").free_points, 2.5)
        self.assertIn("12/BC-STP", self._line("2.3").explanation)
        self.assertEqual(self._line("2.3").evidence_ids.name, "bao_cao_2.3.txt")

        self.start_tour(
            f"{EVALUATIONS}/{evaluation.id}", "cchc_unit_screen_submit", login="t_head"
        )
        self.env.invalidate_all()
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(evaluation.submitted_by_id, self.head)

    def _shoot(self, name, size, scroll_to):
        """The evaluation's Items page at this window size, scrolled to an
        element, as a PNG under docs/screenshots."""
        self.browser_size = size
        self.officer.lang = "vi_VN"
        browser = ChromeBrowser(self)
        try:
            self.authenticate("t_officer", "t_officer", browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser.navigate_to(
                f"{self.base_url()}{EVALUATIONS}/{self.evaluation.id}", wait_stop=True
            )
            items = ".o_notebook a.nav-link[name='items']"
            self.assertTrue(browser._wait_ready(f"!!document.querySelector({items!r})"))
            browser._websocket_request(
                "Runtime.evaluate",
                params={"expression": f"document.querySelector({items!r}).click()"},
            )
            rows = "[name='line_ids'] .o_data_row, [name='line_ids'] .o_kanban_record"
            self.assertTrue(browser._wait_ready(f"!!document.querySelector({rows!r})"))
            browser._websocket_request(
                "Runtime.evaluate",
                params={
                    "expression": f"document.querySelector({scroll_to!r})"
                    ".scrollIntoView({block: 'start'})"
                },
            )
            time.sleep(1)  # fonts and icons
            data = browser._websocket_request(
                "Page.captureScreenshot", params={"format": "png"}
            )["data"]
        finally:
            browser.stop()
            self._wait_remaining_requests()
            del self.browser_size  # back to the class's
            self.officer.lang = "en_US"
        png = base64.b64decode(data)
        self.assertEqual(png[:4], b"\x89PNG")
        os.makedirs(SCREENSHOTS, exist_ok=True)
        with open(os.path.join(SCREENSHOTS, f"{name}.png"), "wb") as image:
            image.write(png)
