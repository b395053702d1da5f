import base64
import contextlib

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import CchcCase

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
CLOSING_DAY = "2030-03-15"
# 23:59 and 00:01 around the end of the closing day in Tokyo (UTC+9); it is
# still 21:59 and 22:01 on the closing day in Vietnam (UTC+7).
TOKYO_LAST_MINUTE = "2030-03-15 14:59:00"
TOKYO_NEXT_DAY = "2030-03-15 15:01:00"
REMINDER = "Reform Index: closing date is near"
INCOMPATIBLE = "belongs to another company"


class TestMultiCompany(CchcCase):
    """Two provinces on one database: each sees nothing of the other's
    campaigns, evaluations and files, and keeps its own calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_open_evaluation()
        cls.line = cls.evaluation.line_ids[0]
        cls.evidence = cls._attach(cls.line)
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {"name": "Tỉnh Kyoto", "cchc_tz": "Asia/Tokyo"}
        )
        cls.env_b = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company_b.id])
        )
        # The same short code as Sở Tư pháp of province A: codes are per province.
        cls.unit_b = cls.env_b["cchc.agency"].create(
            {
                "name": "Sở Tư pháp tỉnh Kyoto",
                "code": cls.agency_stp.code,
                "unit_type_id": cls.unit_type_so.id,
                "is_appraiser": True,
            }
        )
        cls.secretariat_b, cls.officer_b, cls.head_b = (
            new_test_user(
                cls.env,
                login=f"t_{role}_b",
                groups=f"base.group_user,cchc_index.group_cchc_{role}",
                company_id=cls.company_b.id,
                company_ids=[Command.set(cls.company_b.ids)],
                cchc_agency_id=cls.unit_b.id,
            )
            for role in ("secretariat", "officer", "head")
        )
        # The year and unit type of an active set of province A.
        cls.set_b = cls.env_b["cchc.criteria.set"].create(
            {"year": 2018, "unit_type_id": cls.unit_type_so.id}
        )
        cls.env_b["cchc.criterion"].create(
            {
                "set_id": cls.set_b.id,
                "code": "1",
                "name": "Chỉ đạo, điều hành",
                "max_points": 100,
                "appraising_agency_id": cls.unit_b.id,
            }
        )
        cls.set_b.action_activate()
        cls.campaign_b = (
            cls.env_b["cchc.campaign"]
            .with_user(cls.secretariat_b)
            .create(
                {
                    "year": 2018,
                    "criteria_set_ids": [Command.set(cls.set_b.ids)],
                    "date_self_open": "2018-10-01",
                    "date_self_close": "2099-12-31",
                }
            )
        )
        cls.campaign_b.action_open_self_assessment()
        cls.evaluation_b = cls.campaign_b.evaluation_ids
        cls.line_b = cls.evaluation_b.line_ids
        cls.evidence_b = cls._attach(cls.line_b)

    @classmethod
    def _attach(cls, line):
        return cls.env["ir.attachment"].create(
            {
                "name": "decision.pdf",
                "datas": base64.b64encode(PDF),
                "res_model": line._name,
                "res_id": line.id,
            }
        )

    def _records_of(self, campaign):
        """A campaign and everything under it, by model."""
        evaluation = campaign.evaluation_ids
        criteria_set = campaign.criteria_set_ids
        records = [
            campaign,
            campaign.band_ids,
            campaign.quota_ids,
            evaluation,
            evaluation.field_ids,
            evaluation.line_ids,
            campaign.agency_ids,
            criteria_set,
            criteria_set.criterion_ids,
            criteria_set.criterion_ids.level_ids,
            self.env["cchc.score.report"].search([("campaign_id", "=", campaign.id)]),
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "cchc.evaluation.line"),
                    ("res_id", "in", evaluation.line_ids.ids),
                ]
            ),
        ]
        return [r for r in records if r]

    def _assert_sees_nothing(self, user, campaign):
        for records in self._records_of(campaign):
            with self.subTest(user=user.login, model=records._name):
                model = self.env[records._name].with_user(user)
                if not model.has_access("read"):
                    # Not for this role at all (e.g. the score analysis).
                    with self.assertRaises(AccessError):
                        model.search([("id", "in", records.ids)])
                    continue
                self.assertFalse(model.search([("id", "in", records.ids)]))
                with self.assertRaises(AccessError):
                    model.browse(records.ids).read(["display_name"])

    def test_the_province_of_each_record(self):
        self.assertEqual(self.unit_b.company_id, self.company_b)
        self.assertEqual(self.campaign_b.company_id, self.company_b)
        self.assertEqual(self.agency_stp.company_id, self.company_a)
        for records in self._records_of(self.campaign_b):
            if records._name != "ir.attachment":
                with self.subTest(model=records._name):
                    self.assertEqual(records.company_id, self.company_b)
        self.assertEqual(self.campaign_b.agency_ids, self.unit_b)

    def test_users_of_b_see_nothing_of_a(self):
        for user in (self.secretariat_b, self.officer_b, self.head_b):
            self._assert_sees_nothing(user, self.campaign)
        # ...and their own province as before.
        for records in self._records_of(self.campaign_b):
            with self.subTest(model=records._name):
                model = self.env[records._name].with_user(self.secretariat_b)
                self.assertEqual(model.search([("id", "in", records.ids)]), records)
        self.assertEqual(
            self.env["cchc.evaluation.line"].with_user(self.officer_b).search([]),
            self.line_b,
        )

    def test_users_of_a_see_nothing_of_b(self):
        for user in (self.secretariat, self.council, self.officer, self.manager):
            self._assert_sees_nothing(user, self.campaign_b)
        self.assertNotIn(
            self.evaluation_b,
            self.env["cchc.evaluation"].with_user(self.secretariat).search([]),
        )

    def test_a_campaign_of_b_uses_only_sets_and_units_of_b(self):
        campaigns = self.env_b["cchc.campaign"]
        shipped_set = self.env.ref("cchc_index_ha_nam.criteria_set_2018_so")
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            campaigns.create(
                {
                    "year": 2018,
                    "criteria_set_ids": [Command.set(shipped_set.ids)],
                    "date_self_close": "2099-12-31",
                }
            )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            campaigns.create(
                {
                    "year": 2018,
                    "criteria_set_ids": [Command.set(self.set_b.ids)],
                    "agency_ids": [Command.set((self.unit_b | self.agency_stp).ids)],
                    "date_self_close": "2099-12-31",
                }
            )
        draft_set = self.env_b["cchc.criteria.set"].create(
            {"year": 2031, "unit_type_id": self.unit_type_so.id}
        )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env_b["cchc.criterion"].create(
                {
                    "set_id": draft_set.id,
                    "code": "1",
                    "name": "Chỉ đạo, điều hành",
                    "max_points": 100,
                    "appraising_agency_id": self.agency_snv.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.officer_b.cchc_agency_id = self.agency_stp

    def test_a_ministry_user_of_both_provinces_sees_both(self):
        ministry = new_test_user(
            self.env,
            login="t_ministry",
            groups="base.group_user,cchc_index.group_cchc_council",
            company_ids=[Command.set((self.company_a | self.company_b).ids)],
        )
        campaigns = self.env["cchc.campaign"].with_user(ministry)
        both = self.campaign | self.campaign_b
        self.assertEqual(campaigns.search([("id", "in", both.ids)]), both)
        only_b = campaigns.with_context(allowed_company_ids=[self.company_b.id])
        self.assertEqual(only_b.search([("id", "in", both.ids)]), self.campaign_b)

    def _change(self, when, line, env):
        """Whether changing the line at that UTC time is accepted; undone after."""
        with freeze_time(when), contextlib.closing(self.env.cr.savepoint()):
            try:
                line.with_env(env).explanation = "Số liệu theo báo cáo năm."
            except UserError as error:
                self.assertIn("closed on", error.args[0])
                return False
            return True

    def test_the_unit_of_b_closes_at_midnight_in_tokyo(self):
        (self.evaluation | self.evaluation_b).date_deadline = CLOSING_DAY
        officer_b = self.env(user=self.officer_b, context={"tz": "UTC"})
        # Asked from province A's company, the date is still that of Tokyo.
        from_a = self.env(
            context={"allowed_company_ids": [self.company_a.id, self.company_b.id]}
        )
        self.assertTrue(self._change(TOKYO_LAST_MINUTE, self.line_b, officer_b))
        self.assertTrue(self._change(TOKYO_LAST_MINUTE, self.line_b, from_a))
        self.assertFalse(self._change(TOKYO_NEXT_DAY, self.line_b, officer_b))
        self.assertFalse(self._change(TOKYO_NEXT_DAY, self.line_b, from_a))
        # In Vietnam the closing day goes on.
        officer_a = self.env(user=self.officer)
        self.assertTrue(self._change(TOKYO_NEXT_DAY, self.line, officer_a))

    def test_reminders_follow_each_province_calendar(self):
        (self.evaluation | self.evaluation_b).date_deadline = CLOSING_DAY
        (self.campaign | self.campaign_b).reminder_days = 3
        # 00:01 on 12 March in Tokyo, 22:01 on 11 March in Vietnam.
        with freeze_time("2030-03-11 15:01:00"):
            self.env["cchc.campaign"]._cron_remind_deadlines()
        reminded = self.env["mail.activity"].search(
            [
                ("res_model", "=", "cchc.evaluation"),
                ("res_id", "in", (self.evaluation | self.evaluation_b).ids),
                ("summary", "=", REMINDER),
            ]
        )
        self.assertEqual(reminded.mapped("res_id"), self.evaluation_b.ids)
        self.assertEqual(reminded.user_id, self.head_b)

    def test_an_onsite_check_of_b_is_dated_in_tokyo(self):
        # 00:30 on 1 January 2031 in Tokyo, 22:30 on 31 December 2030 in Vietnam.
        with freeze_time("2030-12-31 15:30:00"):
            checks = self.env["cchc.onsite.check"]
            of_b = checks.with_context(default_evaluation_id=self.evaluation_b.id)
            self.assertEqual(str(of_b.default_get(["date"])["date"]), "2031-01-01")
            self.assertEqual(str(checks.default_get(["date"])["date"]), "2030-12-31")
            # B's next campaign is the year after its latest one, not A's.
            year = self.env["cchc.campaign"].with_user(self.secretariat_b)
            self.assertEqual(
                year.default_get(["year"])["year"], self.campaign_b.year + 1
            )
