import contextlib
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import CchcCase

CLOSING_DAY = date(2036, 3, 15)
LAST_MINUTE = "2036-03-15 16:59:00"  # 23:59 on 15 March in Vietnam (UTC+7)
NEXT_DAY = "2036-03-15 17:01:00"  # 00:01 on 16 March in Vietnam


class TestWithdraw(CchcCase):
    """The unit head takes a submission back to correct it, before the closing
    date and before any appraiser has started, and submits it again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appraisers = cls._make_appraisers()
        cls._open_small_campaign(2036)
        cls._score_all(cls.evaluation.line_ids)
        cls._add_participants(cls.evaluation)
        cls.evaluation.with_user(cls.head).action_submit()

    def _withdraw(self, user=None):
        self.evaluation.with_user(user or self.head).action_withdraw()

    def _bodies(self):
        return " ".join(self.evaluation.message_ids.mapped("body"))

    def _appraiser_scores(self, line):
        appraiser = self.appraisers[line.assigned_agency_id.code]
        line.with_user(appraiser).write({"appraised_points": line.self_points})

    def _withdraw_and_resubmit(self):
        """Withdraw, correct an item, submit again; check each step."""
        before = self.evaluation.appraisal_ids
        self.assertEqual(len(before), 2)
        self._withdraw()
        self.assertEqual(self.evaluation.state, "draft")
        self.assertFalse(before.exists())
        self.assertFalse(self.evaluation.line_ids.appraisal_id)
        self.assertIn("withdrew the submission to correct it", self._bodies())
        line = self.evaluation.line_ids.filtered(lambda x: x.code == "1.1")
        line.with_user(self.officer).self_level_id = line.criterion_id.level_ids[1]
        self.evaluation.with_user(self.head).action_submit()
        after = self.evaluation.appraisal_ids
        self.assertEqual(self.evaluation.state, "submitted")
        self.assertEqual(len(after), 2)
        self.assertFalse(after & before)
        self.assertEqual(after.line_ids, self.evaluation.line_ids)
        self.assertEqual(line.self_points, 10)
        return line

    def test_head_withdraws_corrects_and_submits_again(self):
        self._withdraw_and_resubmit()
        self.assertEqual(self._bodies().count("confirmed and submitted"), 2)

    def test_withdraw_during_appraisal_before_anyone_started(self):
        self.campaign.action_start_appraisal()
        line = self._withdraw_and_resubmit()
        # The new appraisals reach their appraisers, as at the appraisal's start.
        for appraisal in self.evaluation.appraisal_ids:
            self.assertIn(
                self.appraisers[appraisal.agency_id.code],
                appraisal.activity_ids.filtered(
                    lambda a: (
                        a.activity_type_id
                        == self.env.ref("cchc_index.mail_activity_type_appraisal")
                    )
                ).user_id,
            )
        self._appraiser_scores(line)
        self.assertEqual(self.evaluation.state, "appraisal")

    def test_only_the_head_of_the_unit_withdraws(self):
        other_head = new_test_user(
            self.env,
            login="t_head_snv",
            groups="base.group_user,cchc_index.group_cchc_head",
            cchc_agency_id=self.agency_snv.id,
        )
        for user in (self.officer, other_head, self.secretariat, self.manager):
            with self.assertRaisesRegex(
                AccessError, "Only the head of Sở Tư pháp can withdraw"
            ):
                self._withdraw(user)
        self.assertEqual(self.evaluation.state, "submitted")
        self.assertEqual(len(self.evaluation.appraisal_ids), 2)

    def test_refused_once_an_appraiser_started(self):
        self.campaign.action_start_appraisal()
        self._appraiser_scores(self.evaluation.line_ids[0])
        with self.assertRaisesRegex(UserError, "has started"):
            self._withdraw()
        self.assertEqual(self.evaluation.state, "appraisal")
        self.assertTrue(self.evaluation.line_ids[0].appraisal_id)

    def test_refused_when_a_draft_is_withdrawn(self):
        self._withdraw()
        with self.assertRaisesRegex(UserError, "cannot move to Self-assessment"):
            self._withdraw()

    def test_closing_date_is_the_province_calendar_day(self):
        self.evaluation.with_user(self.secretariat).date_deadline = CLOSING_DAY
        with freeze_time(LAST_MINUTE), contextlib.closing(self.env.cr.savepoint()):
            self._withdraw()
            self.assertEqual(self.evaluation.state, "draft")
            self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(NEXT_DAY):
            with self.assertRaisesRegex(UserError, "closed on 03/15/2036"):
                self._withdraw()
        self.assertEqual(self.evaluation.state, "submitted")
