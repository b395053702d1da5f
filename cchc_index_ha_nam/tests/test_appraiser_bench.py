import base64
import io

from reportlab.pdfgen import canvas

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import format_date
from odoo.tools.safe_eval import safe_eval

from .common import CchcCase


def _one_page_pdf():
    """A real PDF: the browser's viewer shows it."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Ke hoach CCHC so 12/KH-STP")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


PDF = _one_page_pdf()
APPRAISALS = "/odoo/action-cchc_index.cchc_appraisal_action"
APPRAISAL_TYPE = "cchc_index.mail_activity_type_appraisal"


class BenchCase(CchcCase):
    """A small campaign whose unit (Sở Tư pháp) cites a PDF on items 1.1 and
    1.2 and has submitted; Sở Nội vụ appraises items 1.1 (levels) and 1.2
    (yes / no)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appraisers = cls._make_appraisers()
        cls.snv = cls.appraisers["SNV"]
        cls._open_small_campaign(2041)
        upload = (
            cls.env["ir.attachment"]
            .with_user(cls.officer)
            .create(
                {
                    "name": "12-KH-STP.pdf",
                    "datas": base64.b64encode(PDF),
                    "res_model": "cchc.evaluation.line",
                    "res_id": cls.lines["1.1"].id,
                }
            )
        )
        cls.document = cls.lines["1.1"].citation_ids.document_id
        cls.env["cchc.evidence.citation"].with_user(cls.officer).create(
            {
                "line_id": cls.lines["1.2"].id,
                "document_id": cls.document.id,
                "section": "Mục II",
            }
        )
        cls.upload = upload
        cls._score_all(cls.evaluation.line_ids)
        cls._add_participants(cls.evaluation)
        cls.evaluation.with_user(cls.head).action_submit()
        cls.appraisal = cls.evaluation.appraisal_ids.filtered(
            lambda a: a.agency_id == cls.agency_snv
        )

    def _line(self, code, user=None):
        return self.lines[code].with_user(user or self.snv)


class TestAppraiserBench(BenchCase):
    """The appraiser's queue and bench: what can be appraised now, why not,
    the allowed scores, and an explanation request that freezes only the
    items asked about."""

    def test_queue_offers_what_can_be_appraised_now(self):
        Appraisal = self.env["cchc.appraisal"].with_user(self.snv)
        appraisal = self.appraisal.with_user(self.snv)
        mine = [("campaign_id", "=", self.campaign.id)]
        # Submitted, but the secretariat has not opened the appraisal yet.
        self.assertFalse(Appraisal.search([*mine, ("is_appraisable", "=", True)]))
        self.assertEqual(
            Appraisal.search([*mine, ("is_appraisable", "=", False)]), appraisal
        )
        self.assertFalse(appraisal.is_appraisable)
        self.assertIn("has not opened yet", appraisal.appraising_problem)
        self.assertIn(
            format_date(self.env, self.campaign.date_self_close),
            appraisal.appraising_problem,
        )
        self.assertFalse(appraisal.activity_ids)
        # The queue hides it by default.
        action = self.env.ref("cchc_index.cchc_appraisal_action")
        self.assertIn("'search_default_appraisable': 1", action.context)

        self.campaign.action_start_appraisal()
        self.assertEqual(
            Appraisal.search([*mine, ("is_appraisable", "=", True)]), appraisal
        )
        self.assertFalse(appraisal.appraising_problem)
        # Work arrives: the appraisers of each agency get an activity.
        opened = appraisal.activity_ids
        self.assertEqual(opened.activity_type_id, self.env.ref(APPRAISAL_TYPE))
        self.assertIn(self.snv, opened.user_id)
        self.assertEqual(opened.user_id.cchc_agency_id, self.agency_snv)
        self.assertEqual(
            self.evaluation.appraisal_ids.activity_ids.user_id.cchc_agency_id,
            self.agency_snv | self.agency_stttt,
        )

        appraisal.action_accept_self_scores()
        appraisal.action_done()
        self.assertFalse(
            Appraisal.search([*mine, ("is_appraisable", "=", True)]) & appraisal
        )
        self.assertEqual(appraisal.appraising_problem, "this appraisal is finished.")
        self.assertFalse(appraisal.activity_ids, "the appraisal activity is done")

    def test_scores_refused_say_why_and_when(self):
        line = self._line("1.1")
        date = format_date(self.env, self.campaign.date_self_close)
        with self.assertRaises(UserError) as caught:
            line.write({"appraised_points": 10})
        message = str(caught.exception)
        self.assertIn("does not accept scores now", message)
        self.assertIn("has not opened yet", message)
        self.assertIn(date, message)
        vi = line.with_context(lang="vi_VN")
        with self.assertRaisesRegex(UserError, "chưa mở"):
            vi.write({"appraised_points": 10})
        self.assertFalse(line.is_appraised)

        self.campaign.action_start_appraisal()
        line.write({"appraised_points": 10})
        self.assertTrue(line.is_appraised)

    def test_not_appraised_is_not_zero(self):
        self.campaign.action_start_appraisal()
        levels, yes_no = self._line("1.1"), self._line("1.2")
        self.assertEqual(
            (levels.appraisal_status, levels.appraised_points, levels.is_appraised),
            ("todo", 0.0, False),
        )
        self.assertFalse(levels.appraised_level_id)
        self.assertFalse(yes_no.appraised_answer)
        # The choices are offered with their points.
        self.assertEqual(
            levels.with_context(lang="vi_VN").allowed_scores,
            "Kịp thời: 20; Chậm: 10; Không ban hành: 0",
        )
        self.assertEqual(
            yes_no.with_context(lang="vi_VN").allowed_scores,
            "Có: 40; Không: 0",
        )
        # Appraised at 0 through the yes / no choice: appraised, not "to do".
        yes_no.appraised_answer = "no"
        self.assertEqual(
            (yes_no.appraisal_status, yes_no.appraised_points, yes_no.is_appraised),
            ("done", 0.0, True),
        )
        self.assertEqual(yes_no.appraised_answer, "no")
        self.assertEqual(levels.appraisal_status, "todo")
        slow = levels.criterion_id.level_ids.filtered(lambda lv: lv.name == "Chậm")
        levels.appraised_level_id = slow
        self.assertEqual(
            (levels.appraised_points, levels.appraisal_status), (10, "done")
        )
        self.assertEqual(levels.appraised_level_id, slow)
        self.assertEqual(self.appraisal.appraised_count, 2)
        # The allowed scores are still enforced on the score itself.
        with self.assertRaisesRegex(UserError, "not one of the item's scores"):
            levels.appraised_points = 15

    def test_the_bench_opens_the_appraisal_items(self):
        """The bench's items come from the appraisal named in the URL (its
        active_id), so that a reload shows the same items."""
        action = self.appraisal.with_user(self.snv).action_open_bench()
        self.assertEqual(action["context"]["active_id"], self.appraisal.id)
        domain = safe_eval(action["domain"], {"active_id": self.appraisal.id})
        self.assertEqual(
            self.env["cchc.evaluation.line"].with_user(self.snv).search(domain),
            self.lines["1.1"] | self.lines["1.2"],
        )
        views = {mode: view for view, mode in action["views"]}
        self.assertEqual(
            views["form"],
            self.env.ref("cchc_index.cchc_evaluation_line_view_form_appraise").id,
        )

    def test_the_bench_previews_the_cited_pdf(self):
        for code in ("1.1", "1.2"):
            line = self._line(code)
            self.assertEqual(base64.b64decode(line.preview_pdf), PDF)
            self.assertIn(self.document.name, line.preview_name)
        bands = self.lines["2"].with_user(self.appraisers["STTTT"])
        self.assertFalse(bands.preview_pdf)
        self.assertFalse(bands.preview_name)

    def test_explanation_freezes_only_the_items_asked_about(self):
        self.campaign.action_start_appraisal()
        asked, other = self._line("1.1"), self._line("1.2")
        action = asked.action_request_explanation()
        wizard = (
            self.env["cchc.explanation.request"]
            .with_user(self.snv)
            .with_context(**action["context"])
            .create({"message": "Đề nghị bổ sung kế hoạch đã ký"})
        )
        self.assertEqual(wizard.line_ids, asked)
        wizard.action_confirm()
        self.assertTrue(asked.explanation_requested)
        self.assertEqual(asked.appraisal_status, "asked")
        self.assertEqual(self.appraisal.asked_count, 1)
        self.assertEqual(self.appraisal.state, "explanation")
        self.assertEqual(self.evaluation.state, "explanation")
        # The appraisal stays in the queue; its other items are still scored.
        self.assertTrue(self.appraisal.with_user(self.snv).is_appraisable)
        other.write({"appraised_points": 0, "appraisal_comment": "Chưa có báo cáo"})
        self.assertEqual(other.appraisal_status, "done")
        # The item asked about waits for the unit's answer.
        with self.assertRaisesRegex(UserError, "1.1 waits for the unit's explanation"):
            asked.write({"appraised_points": 20})
        with self.assertRaisesRegex(UserError, "1.1 waits for the unit's explanation"):
            asked.write({"appraisal_comment": "x"})
        self.appraisal.with_user(self.snv).action_accept_self_scores()
        self.assertFalse(asked.is_appraised)
        with self.assertRaisesRegex(UserError, "explanation on 1.1 before finishing"):
            self.appraisal.with_user(self.snv).action_done()
        # A second request offers the items not asked about yet.
        self.assertEqual(
            self.env["cchc.evaluation.line"]
            .with_user(self.snv)
            .search(
                [
                    ("appraisal_id", "=", self.appraisal.id),
                    ("explanation_requested", "=", False),
                    ("is_na", "=", False),
                ]
            ),
            other,
        )

        asked.with_user(self.head).explanation_answer = "Đã bổ sung kế hoạch số 12"
        self.evaluation.with_user(self.head).action_answer_explanation()
        self.assertEqual(self.evaluation.state, "appraisal")
        asked.write({"appraised_points": 20})
        self.appraisal.with_user(self.snv).action_done()
        self.assertEqual(self.appraisal.state, "done")
        self.assertEqual((asked.appraised_points, other.appraised_points), (20, 0))


@tagged("post_install", "-at_install")
class TestAppraiserBenchTour(HttpCase, BenchCase):
    """The appraiser appraises item by item beside the cited PDF, asks the
    unit about one item and goes on scoring the other."""

    def test_bench_tour(self):
        self.campaign.action_start_appraisal()
        self.campaign.name = "Bench Tour 2041"
        self.start_tour(APPRAISALS, "cchc_appraiser_bench", login=self.snv.login)

        self.env.invalidate_all()
        asked, scored = self.lines["1.1"], self.lines["1.2"]
        self.assertTrue(asked.explanation_requested)
        self.assertIn("kế hoạch đã ký", asked.explanation_question)
        self.assertFalse(asked.is_appraised)
        self.assertTrue(scored.is_appraised)
        self.assertEqual(scored.appraised_points, 0)
        self.assertIn("báo cáo", scored.appraisal_comment)
        self.assertEqual(self.appraisal.state, "explanation")
        self.assertEqual(self.evaluation.state, "explanation")
