from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CchcCase

ACTIVITY_TYPE = "cchc_index.mail_activity_type_improvement_action"


@tagged("post_install", "-at_install")
class TestImprovementPlan(CchcCase):
    """After publication: where each unit lost points, its improvement plan
    and who may see it; on the demo's published 2018 campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env.ref("cchc_index_ha_nam.demo_campaign_2018")
        cls.evaluation = cls.campaign.evaluation_ids.filtered(
            lambda e: e.agency_id == cls.agency_stp
        )
        cls.line = cls.evaluation.lost_line_ids.sorted("points_lost")[-1]
        cls.other_officer = new_test_user(
            cls.env,
            login="t_officer_phuly",
            groups="base.group_user,cchc_index.group_cchc_officer",
            cchc_agency_id=cls.env.ref("cchc_index_ha_nam.agency_phuly").id,
        )
        cls.Action = cls.env["cchc.improvement.action"]

    def _create(self, user, **vals):
        return self.Action.with_user(user).create(
            {
                "evaluation_id": self.evaluation.id,
                "line_id": self.line.id,
                "name": "Bổ sung tài liệu kiểm chứng",
                "user_id": user.id,
                "date_deadline": "2019-06-30",
                **vals,
            }
        )

    def _evaluation(self, year):
        """The demo's evaluation of Sở Tư pháp in that year."""
        return self.env["cchc.evaluation"].search(
            [("agency_id", "=", self.agency_stp.id), ("year", "=", year)]
        )

    def _activities(self, action):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", action._name),
                ("res_id", "=", action.id),
                ("activity_type_id", "=", self.env.ref(ACTIVITY_TYPE).id),
            ]
        )

    # ------------------------------------------------------------- access ---

    def test_unit_manages_its_own_plan(self):
        action = self._create(self.officer)
        self.assertEqual(action.agency_id, self.agency_stp)
        self.assertEqual(action.criterion_code, self.line.code)
        # The head of the same unit edits it, and reads it back.
        action.with_user(self.head).write({"state": "in_progress", "notes": "Đang làm"})
        self.assertEqual(action.with_user(self.head).state, "in_progress")
        self.assertEqual(
            self.Action.with_user(self.officer).search([("id", "=", action.id)]),
            action,
        )
        action.with_user(self.officer).unlink()
        self.assertFalse(action.exists())

    def test_other_unit_refused(self):
        action = self._create(self.officer)
        as_other = action.with_user(self.other_officer)
        self.assertFalse(as_other.search([("id", "=", action.id)]))
        with self.assertRaises(AccessError):
            as_other.read(["name"])
        with self.assertRaises(AccessError):
            as_other.write({"state": "done"})
        with self.assertRaises(AccessError):
            as_other.unlink()
        with self.assertRaises(AccessError):
            self._create(self.other_officer, user_id=self.officer.id)

    def test_not_moved_to_another_unit(self):
        """Re-parenting an action onto another unit's evaluation (with an owner of
        that unit) is refused like creating it there."""
        action = self._create(self.officer)
        phuly = self.campaign.evaluation_ids.filtered(
            lambda e: e.agency_id == self.other_officer.cchc_agency_id
        )
        with self.assertRaises(AccessError):
            action.with_user(self.officer).write(
                {
                    "evaluation_id": phuly.id,
                    "line_id": phuly.line_ids[0].id,
                    "user_id": self.other_officer.id,
                }
            )
        self.assertEqual(action.evaluation_id, self.evaluation)

    def test_secretariat_reads_all(self):
        action = self._create(self.officer)
        as_secretariat = self.Action.with_user(self.secretariat)
        self.assertIn(action, as_secretariat.search([]))
        self.assertEqual(action.with_user(self.secretariat).name, action.name)
        self.assertIn(
            action, self.evaluation.with_user(self.secretariat).improvement_action_ids
        )
        with self.assertRaises(AccessError):
            action.with_user(self.secretariat).write({"state": "done"})
        with self.assertRaises(AccessError):
            self._create(self.secretariat, user_id=self.officer.id)

    def test_others_see_nothing(self):
        action = self._create(self.officer)
        public = self.env.ref("base.public_user")
        for user in (self.appraiser, self.council, self.outsider, public):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Action.with_user(user).search([])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                action.with_user(user).read(["name"])
        # Nor through the evaluation's items, which appraisers and the council read.
        line = self.line.with_user(self.council)
        self.assertNotIn("previous_action_ids", line.fields_get())

    def test_published_evaluation_only(self):
        evaluation_open = self._evaluation(2020)
        self.assertEqual(evaluation_open.state, "draft")
        with self.assertRaises(ValidationError):
            self._create(self.officer, evaluation_id=evaluation_open.id, line_id=False)
        with self.assertRaises(ValidationError):
            self._create(self.officer, user_id=self.other_officer.id)

    def test_owner_activity(self):
        action = self._create(self.officer)
        activity = self._activities(action)
        self.assertEqual(activity.user_id, self.officer)
        self.assertEqual(activity.date_deadline, date(2019, 6, 30))
        action.with_user(self.officer).write({"user_id": self.head.id})
        activity = self._activities(action)
        self.assertEqual(activity.user_id, self.head)
        self.assertEqual(len(activity), 1)
        action.with_user(self.head).date_deadline = "2019-07-15"
        self.assertEqual(self._activities(action).date_deadline, date(2019, 7, 15))
        action.with_user(self.head).action_done()
        self.assertFalse(self._activities(action))
        # With the demo's three actions (one done, one under way, one planned).
        self.assertEqual(self.evaluation.with_user(self.head).improvement_progress, 50)
        action.with_user(self.head).action_cancel()
        self.assertAlmostEqual(
            self.evaluation.with_user(self.head).improvement_progress, 100 / 3, 2
        )

    # ------------------------------------------------- where points were lost ---

    def test_points_lost_ranking(self):
        """Each appraised item loses its maximum less its appraised score; the
        losses add up to what the unit's total misses."""
        evaluation = self.evaluation.with_user(self.officer)
        lost = evaluation.lost_line_ids
        self.assertTrue(lost)
        for line in evaluation.line_ids:
            self.assertAlmostEqual(
                line.points_lost, line.applicable_max - line.appraised_points, 2
            )
        self.assertEqual(
            lost, evaluation.line_ids.filtered(lambda x: x.points_lost > 0)
        )
        self.assertAlmostEqual(
            sum(lost.mapped("points_lost")),
            evaluation.applicable_max - evaluation.appraised_total,
            2,
        )
        # The view lists them from the largest loss.
        ranked = lost.sorted(lambda x: (-x.points_lost, x.sort_key))
        self.assertGreaterEqual(ranked[0].points_lost, ranked[-1].points_lost)

    def test_next_band_gap(self):
        """The classification of the self index, and the index points to the
        next one, on a set of known points (1.1: 20/10/0, 1.2: yes 40 or not
        applicable, 2: 40 from 90 %)."""
        criteria_set = self._make_set()
        criteria_set.action_activate()
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2030,
                "criteria_set_ids": [Command.set(criteria_set.ids)],
                "agency_ids": [Command.set(self.agency_stp.ids)],
                "date_self_open": "2030-01-01",
                "date_self_close": "2099-12-31",
            }
        )
        campaign.action_open_self_assessment()
        evaluation = campaign.evaluation_ids

        def bands():
            return (
                evaluation.self_index,
                evaluation.self_band_id.name,
                evaluation.next_band_id.name,
                evaluation.next_band_gap,
            )

        self.assertEqual(bands(), (0, "Yếu", "Trung bình", 50))
        lines = {
            line.code: line.with_user(self.officer) for line in evaluation.line_ids
        }
        levels = {lv.points: lv for lv in lines["1.1"].criterion_id.level_ids}
        lines["1.1"].self_level_id = levels[20]
        lines["1.2"].self_answer = "no"
        lines["2"].write({"figure_done": 9, "figure_total": 10})
        self.assertEqual(bands(), (60, "Trung bình", "Khá", 5))
        lines["1.2"].write({"self_answer": False, "is_na": True})
        lines["1.1"].self_level_id = levels[10]
        self.assertEqual(bands(), (83.33, "Tốt", "Xuất sắc", 6.67))
        lines["1.1"].self_level_id = levels[20]
        self.assertEqual(bands(), (100, "Xuất sắc", False, 0))

    def test_published_gap(self):
        """Once published, the gap is counted from the appraised index."""
        evaluation = self.evaluation
        band, next_band = self.campaign._band_of(evaluation.appraised_index)
        self.assertEqual(band, evaluation.band_id)
        self.assertEqual(evaluation.next_band_id, next_band)
        if next_band:
            self.assertAlmostEqual(
                evaluation.next_band_gap,
                next_band.lower_bound - evaluation.appraised_index,
                2,
            )
            self.assertGreater(evaluation.next_band_gap, 0)

    # -------------------------------------------------------- the next year ---

    def test_next_year_line_shows_last_year_actions(self):
        action = self._create(self.officer, state="in_progress")
        evaluation_2019 = self._evaluation(2019)
        line_2019 = evaluation_2019.line_ids.filtered(
            lambda x: x.code == self.line.code
        )
        self.assertIn(action, line_2019.with_user(self.officer).previous_action_ids)
        self.assertIn(action, line_2019.with_user(self.secretariat).previous_action_ids)
        other = evaluation_2019.line_ids.filtered(lambda x: x.code != self.line.code)
        self.assertNotIn(action, other.with_user(self.officer).previous_action_ids)
        # The 2018 line itself has no actions of 2017.
        self.assertFalse(self.line.with_user(self.officer).previous_action_ids)

    def test_demo_plan(self):
        """The demo's Sở Tư pháp planned actions after 2018, seen in 2019, and
        after 2019, seen in this year's open campaign."""
        for year in (2018, 2019):
            actions = self.Action.search(
                [("evaluation_id", "=", self._evaluation(year).id)]
            )
            self.assertEqual(len(actions), 3)
            self.assertEqual(
                set(actions.mapped("state")), {"done", "in_progress", "planned"}
            )
            next_year = self._evaluation(year + 1)
            shown = next_year.line_ids.with_user(self.officer).previous_action_ids
            self.assertEqual(shown, actions)
        self.assertEqual(self._evaluation(2020).state, "draft")

    def test_repeat_losses(self):
        """Items on which a unit lost points in 2018 and again in 2019 (the
        demo's published campaigns) are listed for the secretariat; not those
        of the open campaign."""
        report = self.env["cchc.repeat.loss.report"].with_user(self.secretariat)
        evaluation_2019 = self._evaluation(2019)
        lost_2018 = {
            line.code for line in self.evaluation.line_ids if line.points_lost > 0
        }
        lost_2019 = {
            line.code for line in evaluation_2019.line_ids if line.points_lost > 0
        }
        self.assertTrue(lost_2018 & lost_2019)
        self.assertTrue(lost_2018 - lost_2019)
        self.env.flush_all()
        rows = report.search([("agency_id", "=", self.agency_stp.id)])
        self.assertEqual(set(rows.mapped("code")), lost_2018 & lost_2019)
        self.assertEqual(set(rows.mapped("year")), {2019})
        self.assertEqual(rows.line_id.evaluation_id, evaluation_2019)
        with self.assertRaises(AccessError):
            report.with_user(self.officer).search([])
