from odoo import Command
from odoo.exceptions import UserError

from .common import CchcCase


class TestEvaluationStates(CchcCase):
    """The evaluation moves only from a stage that leads to the next one, whoever
    moves it: its own actions, the campaign's or the appraisal's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criteria_set = cls._make_set(year=2034)
        cls.criteria_set.action_activate()
        cls.campaign = cls.env["cchc.campaign"].create(
            {
                "year": 2034,
                "criteria_set_ids": [Command.set(cls.criteria_set.ids)],
                "agency_ids": [Command.set(cls.agency_stp.ids)],
                "date_self_close": "2099-12-31",
            }
        )

    def _force(self, model, records, state):
        """Put records at a stage the workflow would not have left them at."""
        self.env.flush_all()
        self.env.cr.execute(
            f"UPDATE {self.env[model]._table} SET state = %s WHERE id = ANY(%s)",
            (state, records.ids),
        )
        self.env.invalidate_all()

    def _refused(self, call, message):
        """call raises a UserError matching message, and changes nothing."""
        with self.assertRaises(UserError) as caught:
            call()
        self.assertRegex(str(caught.exception), message)

    def test_draft_evaluation_cannot_be_marked_appraised(self):
        self.campaign.action_open_self_assessment()
        evaluation = self.campaign.evaluation_ids
        self._refused(
            lambda: evaluation._set_state("appraised"),
            "The evaluation of Sở Tư pháp is at stage Self-assessment: it cannot "
            "move to Appraised.",
        )
        self._refused(
            lambda: evaluation._set_state("published"), "cannot move to Published"
        )
        self.assertEqual(evaluation.state, "draft")

    def test_publication_needs_appraised_evaluations(self):
        self.campaign.action_open_self_assessment()
        evaluation = self.campaign.evaluation_ids
        self.campaign.write(
            {"decision_number": "3/QĐ-UBND", "decision_date": "2034-12-20"}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE cchc_campaign SET state = 'council', approved_by_id = %s "
            "WHERE id = %s",
            (self.council.id, self.campaign.id),
        )
        self._force("cchc.evaluation", evaluation, "appraisal")
        self._refused(
            self.campaign.with_user(self.secretariat).action_publish,
            "Sở Tư pháp is at stage Under Appraisal: it cannot move to Published",
        )
        self.assertEqual(
            (self.campaign.state, evaluation.state), ("council", "appraisal")
        )

    def test_evaluation_awaiting_answers_is_not_appraised(self):
        self._submit_all(self.campaign)
        evaluation = self.campaign.evaluation_ids
        appraisers = self._make_appraisers()
        first, last = (
            appraisal.with_user(appraisers[appraisal.agency_id.code])
            for appraisal in evaluation.appraisal_ids
        )
        first.action_accept_self_scores()
        first.action_done()
        last.action_accept_self_scores()
        self.assertEqual(evaluation.state, "appraisal")
        # Still waiting for the unit's answers, though no appraisal says so.
        self._force("cchc.evaluation", evaluation, "explanation")
        self._refused(
            last.action_done,
            "at stage Explanation Requested: it cannot move to Appraised",
        )
        self.assertEqual((evaluation.state, last.state), ("explanation", "in_progress"))
