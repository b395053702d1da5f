from datetime import timedelta

from .common import CchcCase

SELF_ASSESSMENT = "cchc_index.mail_activity_type_self_assessment"
REMINDER = "cchc_index.mail_activity_type_deadline_reminder"
REQUESTED = "cchc_index.mail_activity_type_explanation_requested"
ANSWERED = "cchc_index.mail_activity_type_explanation_answered"


class TestActivities(CchcCase):
    """One activity type for each purpose; done activities are marked done."""

    def _activities(self, records, xmlid, active=True):
        """The activities of this type on these records, open or done."""
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                    ("activity_type_id", "=", self.env.ref(xmlid).id),
                    ("active", "=", active),
                ]
            )
        )

    def _assert_done(self, activities, feedback):
        """Kept as done, with the done message and its feedback in the chatter."""
        self.assertTrue(activities)
        self.assertFalse(any(activities.mapped("active")))
        self.assertTrue(all(activities.mapped("date_done")))
        for activity in activities:
            record = self.env[activity.res_model].browse(activity.res_id)
            done = record.message_ids.filtered(
                lambda m, a=activity: m.mail_activity_type_id == a.activity_type_id
            )
            self.assertTrue(done, activity.summary)
            self.assertIn(feedback, done[0].body)

    def test_types_of_a_self_assessment(self):
        """The to-do at opening and the closing-date reminder are of their own
        types; reminders are counted by type, whatever their summary or the
        language of the cron; submitting closes both."""
        self._setup_open_evaluation()
        evaluation = self.evaluation
        todo = self._activities(evaluation, SELF_ASSESSMENT)
        self.assertIn(self.head, todo.user_id)
        self.assertFalse(self._activities(evaluation, REMINDER))

        evaluation.with_user(self.secretariat).date_deadline = (
            self.env.company._cchc_today() + timedelta(days=1)
        )
        Campaign = self.env["cchc.campaign"]
        Campaign._cron_remind_deadlines()
        reminders = self._activities(evaluation, REMINDER)
        self.assertIn(self.head, reminders.user_id)
        self.assertEqual(reminders.user_id.cchc_agency_id, self.agency_stp)
        self.assertEqual(self._activities(evaluation, SELF_ASSESSMENT), todo)
        # The head notes something in the summary; the cron runs in Vietnamese.
        reminders.with_user(self.head).summary = "Nhắc: nộp trước thứ Sáu"
        Campaign.with_context(lang="vi_VN")._cron_remind_deadlines()
        Campaign._cron_remind_deadlines()
        self.assertEqual(self._activities(evaluation, REMINDER), reminders)

        self._score_all(evaluation.line_ids)
        self._add_participants(evaluation)
        evaluation.with_user(self.head).action_submit()
        self.assertFalse(evaluation.activity_ids)
        self._assert_done(todo | reminders, "Submitted.")

    def test_types_of_an_explanation_round(self):
        """Asked: the heads get an "explanation requested" activity, marked done
        when they answer; the appraisers then get an "explanation answered"
        activity, marked done when they finish."""
        appraisers = self._make_appraisers()
        campaign = self._make_campaign(self.agency_stp)
        self._submit_all(campaign)
        evaluation = campaign.evaluation_ids
        appraisal = evaluation.appraisal_ids.filtered(
            lambda a: a.agency_id == self.agency_stp
        )
        stp = appraisers["STP"]
        asked = appraisal.line_ids[:2]
        appraisal.with_user(stp)._request_explanation(asked, "Đề nghị bổ sung")

        requested = self._activities(evaluation, REQUESTED)
        self.assertIn(self.head, requested.user_id)
        self.assertEqual(set(requested.mapped("note")), {"<p>Đề nghị bổ sung</p>"})
        self.assertFalse(self._activities(evaluation, SELF_ASSESSMENT))

        asked.with_user(self.head).write({"explanation_answer": "Đã bổ sung"})
        evaluation.with_user(self.head).action_answer_explanation()
        self.assertFalse(evaluation.activity_ids, "the heads' requests are done")
        self._assert_done(requested, "Answered.")
        answered = self._activities(appraisal, ANSWERED)
        self.assertIn(stp, answered.user_id)
        self.assertEqual(answered.user_id.cchc_agency_id, self.agency_stp)
        # Besides the appraisal to do, since the secretariat opened it.
        self.assertEqual(
            appraisal.activity_ids - answered,
            self._activities(appraisal, "cchc_index.mail_activity_type_appraisal"),
        )

        appraisal.with_user(stp).action_accept_self_scores()
        appraisal.with_user(stp).action_done()
        self.assertFalse(appraisal.activity_ids)
        self._assert_done(answered, "Appraisal finished.")
