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
