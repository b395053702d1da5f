import base64
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError

from .common import CchcCase


class TestEvaluationAccess(CchcCase):
    """A unit's evaluation, lines and evidence are its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency_skhdt = cls.env.ref("cchc_index_ha_nam.agency_skhdt")
        cls.officer_b = cls.env["res.users"].create(
            {
                "name": "Cán bộ Sở KH&ĐT",
                "login": "t_officer_b",
                "cchc_agency_id": cls.agency_skhdt.id,
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref("base.group_user").id,
                            cls.env.ref("cchc_index.group_cchc_head").id,
                        ]
                    )
                ],
            }
        )
        campaign = cls._make_campaign(cls.agency_stp | cls.agency_skhdt)
        campaign.action_open_self_assessment()
        cls.eval_a = campaign.evaluation_ids.filtered(
            lambda e: e.agency_id == cls.agency_stp
        )
        cls.eval_b = campaign.evaluation_ids - cls.eval_a
        cls.line_a = cls.eval_a.line_ids[0]
        cls.evidence_a = cls.env["ir.attachment"].create(
            {
                "name": "bao-cao.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 A"),
                "res_model": "cchc.evaluation.line",
                "res_id": cls.line_a.id,
            }
        )

    def test_unit_sees_only_its_own(self):
        Evaluation = self.env["cchc.evaluation"]
        self.assertEqual(
            Evaluation.with_user(self.officer).search(
                [("id", "in", (self.eval_a | self.eval_b).ids)]
            ),
            self.eval_a,
        )
        self.assertEqual(
            self.env["cchc.evaluation.line"]
            .with_user(self.officer_b)
            .search([("evaluation_id", "in", (self.eval_a | self.eval_b).ids)]),
            self.eval_b.line_ids,
        )
        for user in (self.officer_b,):
            with self.assertRaises(AccessError):
                self.eval_a.with_user(user).read(["self_total"])
            with self.assertRaises(AccessError):
                self.line_a.with_user(user).read(["explanation"])
            with self.assertRaises(AccessError):
                self.line_a.with_user(user).write({"explanation": "x"})
            with self.assertRaises(AccessError):
                self.evidence_a.with_user(user).read(["datas"])
            with self.assertRaises(AccessError):
                self.eval_a.field_ids.with_user(user).read(["self_points"])
            with self.assertRaises(AccessError):
                self.env["ir.attachment"].with_user(user).create(
                    {
                        "name": "x",
                        "res_model": "cchc.evaluation.line",
                        "res_id": self.line_a.id,
                    }
                )
            with self.assertRaises(AccessError):
                self.eval_a.with_user(user).action_submit()
        # Its own unit's officer reads the evidence.
        self.assertTrue(self.evidence_a.with_user(self.officer).datas)

    def test_officer_cannot_manage(self):
        with self.assertRaises(AccessError):
            self.eval_a.line_ids[0].with_user(self.officer).unlink()
        with self.assertRaises(AccessError):
            self.env["cchc.evaluation"].with_user(self.officer).create(
                {
                    "campaign_id": self.eval_a.campaign_id.id,
                    "agency_id": self.agency_stp.id,
                    "criteria_set_id": self.eval_a.criteria_set_id.id,
                    "date_deadline": self.env.company._cchc_today(),
                }
            )
        with self.assertRaises(AccessError):
            self.eval_a.campaign_id.with_user(self.head).action_start_appraisal()

    def test_appraiser_and_council(self):
        # Appraisers do not see self-assessments in progress; the council sees all.
        Evaluation = self.env["cchc.evaluation"]
        self.assertFalse(
            Evaluation.with_user(self.appraiser).search([("id", "=", self.eval_a.id)])
        )
        self.assertEqual(
            Evaluation.with_user(self.council).search(
                [("id", "in", (self.eval_a | self.eval_b).ids)]
            ),
            self.eval_a | self.eval_b,
        )
        with self.assertRaises(AccessError):
            self.line_a.with_user(self.council).write({"explanation": "x"})
        self._score_all(self.eval_a.line_ids)
        self._add_participants(self.eval_a)
        self.eval_a.with_user(self.head).action_submit()
        self.assertEqual(
            Evaluation.with_user(self.appraiser).search(
                [("id", "in", (self.eval_a | self.eval_b).ids)]
            ),
            self.eval_a,
        )
        self.assertTrue(self.evidence_a.with_user(self.appraiser).datas)

    def test_my_unit_menu(self):
        action = (
            self.env["cchc.evaluation"].with_user(self.officer).action_my_evaluation()
        )
        self.assertIn(self.eval_a.id, action["domain"][0][2])
        self.assertNotIn(self.eval_b.id, action["domain"][0][2])
        # The newest campaign opens: the demo's open 2020 one, not the
        # published ones (nor this test's).
        evaluation = self.env["cchc.evaluation"].browse(action["res_id"])
        self.assertEqual(
            (evaluation.year, evaluation.agency_id), (2020, self.agency_stp)
        )


class TestReminderCron(CchcCase):
    def test_reminders_only_for_units_not_submitted(self):
        campaign = self._make_campaign(
            self.agency_stp | self.env.ref("cchc_index_ha_nam.agency_sct")
        )
        campaign.action_open_self_assessment()
        submitted = campaign.evaluation_ids.filtered(
            lambda e: e.agency_id == self.agency_stp
        )
        late = campaign.evaluation_ids - submitted
        head_b = self.env["res.users"].create(
            {
                "name": "Giám đốc Sở Công Thương",
                "login": "t_head_sct",
                "cchc_agency_id": late.agency_id.id,
                "groups_id": [
                    Command.link(self.env.ref("cchc_index.group_cchc_head").id)
                ],
            }
        )
        self._score_all(submitted.line_ids)
        self._add_participants(submitted)
        submitted.with_user(self.head).action_submit()
        in_two_days = self.env.company._cchc_today() + timedelta(days=2)
        campaign.evaluation_ids.date_deadline = in_two_days
        Activity = self.env["mail.activity"]
        summary = "Reform Index: closing date is near"

        campaign.reminder_days = 1
        self.env["cchc.campaign"]._cron_remind_deadlines()
        self.assertFalse(Activity.search([("summary", "=", summary)]))

        campaign.reminder_days = 3
        self.env.ref("cchc_index.ir_cron_remind_deadlines").method_direct_trigger()
        reminders = Activity.search([("summary", "=", summary)])
        self.assertEqual(set(reminders.mapped("res_id")), set(late.ids))
        self.assertIn(head_b, reminders.user_id)
        self.assertEqual(reminders.user_id.cchc_agency_id, late.agency_id)
        self.assertEqual(set(reminders.mapped("date_deadline")), {in_two_days})
        # Run again: no second reminder.
        self.env["cchc.campaign"]._cron_remind_deadlines()
        self.assertEqual(Activity.search([("summary", "=", summary)]), reminders)
