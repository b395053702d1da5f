import contextlib
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common import CchcCase

CLOSING_DAY = date(2030, 3, 15)
# The last and the first minute around the end of the closing day in Vietnam (UTC+7).
LAST_MINUTE = "2030-03-15 16:59:00"  # 23:59 on 15 March in Vietnam
NEXT_DAY = "2030-03-15 17:01:00"  # 00:01 on 16 March in Vietnam
ACCEPTED = "accepted"
# Users' and requests' time zones that must not move the province's dates.
ZONES = ("Asia/Ho_Chi_Minh", "UTC", "Etc/GMT+12", "Pacific/Kiritimati", False)
REMINDER = "Reform Index: closing date is near"


class TestProvinceDates(CchcCase):
    """A campaign's dates are calendar days of the province, whoever asks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_open_evaluation()
        cls._score_all(cls.evaluation.line_ids)
        cls._add_participants(cls.evaluation)
        cls.evaluation.with_user(cls.secretariat).date_deadline = CLOSING_DAY
        cls.heads = {
            tz: new_test_user(
                cls.env,
                login=f"t_head_tz_{tz}",
                groups="base.group_user,cchc_index.group_cchc_head",
                cchc_agency_id=cls.agency_stp.id,
                tz=tz,
            )
            for tz in ZONES
        }
        cls.closed = (
            f"The self-assessment of {cls.agency_stp.name} closed on 03/15/2030."
        )

    def _submit(self, when, user, **context):
        """What submitting at that UTC time answers: ACCEPTED or the refusal.
        The submission is undone afterwards."""
        evaluation = self.evaluation.with_user(user).with_context(**context)
        with freeze_time(when), contextlib.closing(self.env.cr.savepoint()):
            try:
                evaluation.action_submit()
            except UserError as error:
                return error.args[0]
            self.assertEqual(evaluation.state, "submitted")
            return ACCEPTED

    def _answers(self, when):
        """{how the head asks: the answer} for heads of each time zone, and a
        head of Vietnam's time zone asking with each time zone in the context."""
        answers = {
            f"user tz {tz}": self._submit(when, head) for tz, head in self.heads.items()
        }
        vietnam_head = self.heads["Asia/Ho_Chi_Minh"]
        for tz in ZONES:
            answers[f"context tz {tz}"] = self._submit(when, vietnam_head, tz=tz)
        return answers

    def test_last_minute_of_the_closing_day_is_accepted_for_everyone(self):
        answers = self._answers(LAST_MINUTE)
        self.assertEqual(answers, dict.fromkeys(answers, ACCEPTED))

    def test_first_minute_after_the_closing_day_is_refused_for_everyone(self):
        answers = self._answers(NEXT_DAY)
        self.assertEqual(answers, dict.fromkeys(answers, self.closed))
        self.assertEqual(self.evaluation.state, "draft")

    def test_the_company_time_zone_moves_the_boundary(self):
        head = self.heads["Asia/Ho_Chi_Minh"]
        # Tokyo (UTC+9) ends 15 March at 15:00 UTC; Honolulu (UTC-10) at 10:00
        # UTC on 16 March.
        for zone, last_minute, next_day in (
            ("Asia/Tokyo", "2030-03-15 14:59:00", "2030-03-15 15:01:00"),
            ("Pacific/Honolulu", "2030-03-16 09:59:00", "2030-03-16 10:01:00"),
        ):
            with self.subTest(zone=zone):
                self.env.company.cchc_tz = zone
                self.assertEqual(self._submit(last_minute, head), ACCEPTED)
                self.assertEqual(self._submit(last_minute, head, tz="UTC"), ACCEPTED)
                self.assertEqual(self._submit(next_day, head), self.closed)
                self.assertEqual(self._submit(next_day, head, tz="UTC"), self.closed)

    def _remind_at(self, when):
        """Run the reminder cron at that UTC time; the heads' reminders."""
        with freeze_time(when):
            self.env["cchc.campaign"]._cron_remind_deadlines()
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "cchc.evaluation"),
                ("res_id", "=", self.evaluation.id),
                ("summary", "=", REMINDER),
            ]
        )

    def test_reminders_start_and_stop_at_midnight_in_vietnam(self):
        self.campaign.reminder_days = 3
        # 23:59 on 11 March in Vietnam: four days left, not yet.
        self.assertFalse(self._remind_at("2030-03-11 16:59:00"))
        # 00:01 on 12 March in Vietnam: three days left.
        self.assertIn(self.head, self._remind_at("2030-03-11 17:01:00").user_id)
        self._remind_at(LAST_MINUTE).unlink()
        # Once the closing day is over in Vietnam, no more reminders...
        self.assertFalse(self._remind_at(NEXT_DAY))
        # ...but up to its last minute, still one.
        self.assertIn(self.head, self._remind_at(LAST_MINUTE).user_id)

    def test_the_new_year_begins_at_midnight_in_vietnam(self):
        utc_user = self.heads["UTC"]
        # A province's first campaign is of the current year (later ones
        # follow its latest campaign).
        first = self.env["res.company"].create(
            {"name": "Tỉnh mới", "cchc_tz": "Asia/Ho_Chi_Minh"}
        )
        for when, year in (
            ("2030-12-31 16:59:00", 2030),  # 23:59 on 31 December in Vietnam
            ("2030-12-31 17:01:00", 2031),  # 00:01 on 1 January in Vietnam
        ):
            with self.subTest(when=when), freeze_time(when):
                for env in (self.env, self.env(user=utc_user, context={"tz": "UTC"})):
                    campaigns = env["cchc.campaign"].with_company(first).sudo()
                    self.assertEqual(campaigns.default_get(["year"])["year"], year)
                    check = env["cchc.onsite.check"].default_get(["date"])
                    self.assertEqual(check["date"].year, year)

    def test_the_demo_campaign_loads_after_midnight_in_vietnam(self):
        """At 17:30 UTC, already the next day in Vietnam, the demo's 2018
        campaign is still submitted, appraised and published."""
        agencies = self.env["cchc.agency"].search(
            [("code", "in", ("SNV", "STC", "PHULY"))]
        )
        with freeze_time("2030-06-01 17:30:00"):
            campaign = self._make_campaign(
                agencies,
                date_self_open="2018-10-15",
                date_self_close="2018-11-10",
                date_appraisal_close="2018-11-25",
            )
            self.env["cchc.demo"]._fill_2018_campaign(campaign.id, "99/QĐ-TEST")
        self.assertEqual(campaign.state, "published")
        self.assertEqual(set(campaign.evaluation_ids.mapped("state")), {"published"})
        for evaluation in campaign.evaluation_ids:
            self.assertEqual(evaluation.date_deadline, campaign.date_self_close)
            self.assertLess(evaluation.date_submitted.date(), evaluation.date_deadline)

    def test_the_demo_heads_live_in_the_province(self):
        heads = self.env["res.users"].search([("login", "=like", "thutruong.%")])
        self.assertTrue(heads)
        self.assertEqual(set(heads.mapped("tz")), {self.env.company.cchc_tz})

    def test_the_company_form_shows_the_time_zone(self):
        view = self.env.ref("base.view_company_form")
        arch = self.env["res.company"].get_view(view.id)["arch"]
        self.assertIn('name="cchc_tz"', arch)
