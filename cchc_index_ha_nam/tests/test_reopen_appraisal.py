from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CchcCase


@tagged("post_install", "-at_install")
class TestReopenAppraisal(CchcCase):
    """After the council sends results back, the secretariat reopens one
    agency's appraisal, which corrects it and finishes again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_submitted_evaluation()
        cls._appraise(cls.campaign, cls.appraisers)
        cls.campaign.action_council_review()
        cls.appraisal = cls.evaluation.appraisal_ids[0]
        cls.appraiser = cls.appraisers[cls.appraisal.agency_id.code]

    def test_reopen_correct_and_finish_again(self):
        with self.assertRaisesRegex(UserError, "appraisal stage"):
            self.appraisal.with_user(self.secretariat).action_reopen()
        self.campaign.with_user(self.council)._send_back("Mục 1.1 chấm chưa đúng.")
        self.assertEqual(self.campaign.state, "appraisal")
        line = self.appraisal.line_ids.filtered(lambda x: x.max_points)[0]
        self.assertGreater(line.self_points, 0)
        with self.assertRaisesRegex(UserError, "does not accept scores now"):
            line.with_user(self.appraiser).appraised_points = 0
        with self.assertRaises(AccessError):
            self.appraisal.with_user(self.appraiser).action_reopen()

        self.appraisal.with_user(self.secretariat).action_reopen()
        self.assertEqual(self.appraisal.state, "in_progress")
        self.assertEqual(self.evaluation.state, "appraisal")
        with self.assertRaisesRegex(UserError, "finished appraisal"):
            self.appraisal.with_user(self.secretariat).action_reopen()
        others = self.evaluation.appraisal_ids - self.appraisal
        self.assertEqual(set(others.mapped("state")), {"done"})
        self.assertIn(
            self.appraiser,
            self.appraisal.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("cchc_index.mail_activity_type_appraisal")
                )
            ).user_id,
        )
        with self.assertRaisesRegex(UserError, "not appraised yet"):
            self.campaign.action_council_review()
        self.assertIn(
            "reopened the appraisal", self.evaluation.message_ids[0].body.striptags()
        )
        before = self.evaluation.appraised_total
        line.with_user(self.appraiser).write(
            {"appraised_points": 0, "appraisal_comment": "Không có văn bản kiểm chứng"}
        )
        self.appraisal.with_user(self.appraiser).action_done()
        self.assertEqual(self.evaluation.state, "appraised")
        self.assertEqual(self.evaluation.appraised_total, before - line.self_points)
        self.campaign.action_council_review()
        self.assertEqual(self.campaign.state, "council")
