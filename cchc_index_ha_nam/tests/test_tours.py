from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import CchcCase

EVALUATIONS = "/odoo/action-cchc_index.cchc_evaluation_action"
APPRAISALS = "/odoo/action-cchc_index.cchc_appraisal_action"
CAMPAIGNS = "/odoo/action-cchc_index.cchc_campaign_action"


@tagged("post_install", "-at_install")
class TestTours(HttpCase, CchcCase):
    """The main screens, driven through the browser by the users of each role."""

    def _line(self, evaluation, code):
        return evaluation.line_ids.filtered(lambda x: x.code == code)

    def test_self_assessment(self):
        campaign = self._make_campaign(self.agency_stp, name="Tour Self 2018")
        campaign.action_open_self_assessment()
        evaluation = campaign.evaluation_ids
        # One item of each scoring method is left for the tour to score.
        left = evaluation.line_ids.filtered(
            lambda x: x.code in ("2.2.1", "2.2.2", "2.2.3", "2.3")
        )
        self.assertEqual(
            set(left.mapped("scoring_method")), {"yes_no", "levels", "bands", "free"}
        )
        self._score_all(evaluation.line_ids - left)
        (left - self._line(evaluation, "2.3")).explanation = "Theo báo cáo năm."
        self._add_participants(evaluation)

        self.start_tour(
            f"{EVALUATIONS}/{evaluation.id}", "cchc_self_assessment", login="t_officer"
        )
        self.start_tour(
            f"{EVALUATIONS}/{evaluation.id}",
            "cchc_self_assessment_submit",
            login="t_head",
        )

        self.env.invalidate_all()
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(evaluation.submitted_by_id, self.head)
        yes_no, bands, levels, free = (
            self._line(evaluation, code) for code in ("2.2.1", "2.2.2", "2.2.3", "2.3")
        )
        self.assertEqual(yes_no.self_answer, "yes")
        self.assertEqual(yes_no.self_points, 1)
        self.assertEqual(
            levels.self_level_id.name, "Xử lý, kiến nghị xử lý chưa đầy đủ"
        )
        self.assertEqual(levels.self_points, 1)
        self.assertEqual((bands.figure_done, bands.figure_total), (8, 10))
        self.assertEqual(bands.self_points, 2)
        self.assertEqual(free.free_points, 2.5)
        self.assertEqual(free.self_points, 2.5)
        self.assertEqual(free.evidence_ids.name, "bao_cao_2.3.txt")
        self.assertIn("12/BC-STP", free.explanation)

    def test_appraisal(self):
        appraisers = self._make_appraisers()
        campaign = self._make_campaign(self.agency_stp, name="Tour Appraisal 2018")
        self._submit_all(campaign)
        evaluation = campaign.evaluation_ids
        appraisal = evaluation.appraisal_ids.filtered(
            lambda a: a.agency_id == self.agency_stp
        )
        login = appraisers["STP"].login

        self.start_tour(APPRAISALS, "cchc_appraisal", login=login)

        self.env.invalidate_all()
        asked = self._line(evaluation, "2.3")
        self.assertEqual(appraisal.state, "explanation")
        self.assertEqual(evaluation.state, "explanation")
        self.assertTrue(asked.explanation_requested)
        self.assertIn("thi hành pháp luật", asked.explanation_question)
        # The head of the unit answers.
        asked.with_user(self.head).explanation_answer = "Đã bổ sung báo cáo số 12."
        evaluation.with_user(self.head).action_answer_explanation()

        self.start_tour(
            f"{APPRAISALS}/{appraisal.id}", "cchc_appraisal_finish", login=login
        )

        self.env.invalidate_all()
        lowered = self._line(evaluation, "2.2.2")
        self.assertEqual(appraisal.state, "done")
        self.assertEqual(lowered.self_points, 2)
        self.assertEqual(lowered.appraised_points, 1)
        self.assertIn("80%", lowered.appraisal_comment)
        self.assertEqual(asked.appraised_points, asked.self_points)

    def test_publication(self):
        appraisers = self._make_appraisers()
        campaign = self._make_campaign(self.agency_stp, name="Tour Publication 2018")
        self._submit_all(campaign)
        self._appraise(campaign, appraisers)
        url = f"{CAMPAIGNS}/{campaign.id}"

        self.start_tour(url, "cchc_publication", login="t_secretariat")
        self.env.invalidate_all()
        self.assertEqual(campaign.state, "council")

        campaign.with_user(self.council).action_approve()
        self.start_tour(url, "cchc_publication_publish", login="t_secretariat")

        self.env.invalidate_all()
        self.assertEqual(campaign.state, "published")
        self.assertEqual(campaign.decision_number, "123/QĐ-UBND")
        self.assertEqual(str(campaign.decision_date), "2018-12-20")
        self.assertEqual(campaign.evaluation_ids.state, "published")
