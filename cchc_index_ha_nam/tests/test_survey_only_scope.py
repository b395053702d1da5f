from odoo import Command

from .common import CchcCase


class TestSurveyOnlyScope(CchcCase):
    """An evaluation with nothing to appraise (every item from the survey) is
    not left waiting for an appraisal no agency will ever finish."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criteria_set = cls.env["cchc.criteria.set"].create(
            {"year": 2034, "unit_type_id": cls.unit_type_so.id}
        )
        cls.env["cchc.criterion"].create(
            [
                {
                    "set_id": cls.criteria_set.id,
                    "code": code,
                    "name": name,
                    "max_points": points,
                    "point_kind": "survey",
                    "scoring_method": "free",
                    "evidence_required": False,
                    "appraising_agency_id": agency.id,
                }
                for code, name, points, agency in (
                    ("1", "Sự hài lòng của người dân", 60, cls.agency_snv),
                    ("2", "Đánh giá của công chức", 40, cls.agency_stttt),
                )
            ]
        )
        cls.criteria_set.action_activate()

    def _campaign(self):
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2034,
                "criteria_set_ids": [Command.set(self.criteria_set.ids)],
                "agency_ids": [Command.set(self.agency_stp.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        campaign.action_open_self_assessment()
        evaluation = campaign.evaluation_ids
        self._add_participants(evaluation)
        return campaign, evaluation

    def test_appraised_when_the_appraisal_starts(self):
        campaign, evaluation = self._campaign()
        evaluation.with_user(self.head).action_submit()
        self.assertFalse(evaluation.appraisal_ids)
        # Submitted during the self-assessment: it may still be withdrawn.
        self.assertEqual(evaluation.state, "submitted")
        campaign.action_start_appraisal()
        self.assertEqual(evaluation.state, "appraised")
        campaign.action_council_review()
        self.assertEqual(campaign.state, "council")
        # No response: nothing measured, the index is 0.
        self.assertEqual((evaluation.index_max, evaluation.appraised_index), (0, 0))
        self.assertTrue(all(evaluation.line_ids.mapped("survey_na")))
