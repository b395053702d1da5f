from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import CchcCase


class TestBonusDeduction(CchcCase):
    """Bonus and deduction items: outside the 100 points, the bonus capped,
    deductions with their reason, the index bounded to 0..100."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appraisers = cls._make_appraisers()
        cls.criteria_set = cls._make_set(year=2031)
        cls.criteria_set.bonus_cap = 4
        cls.bonus_field, cls.deduction = cls._add_kind_fields(cls.criteria_set)
        cls.criteria_set.action_activate()

    @classmethod
    def _add_kind_fields(cls, criteria_set):
        """Field 3 of bonus items (5 + 3 points), field 4 a deduction of up to 10."""
        Criterion = cls.env["cchc.criterion"]
        bonus_field, deduction = Criterion.create(
            [
                {
                    "set_id": criteria_set.id,
                    "code": "3",
                    "name": "Điểm thưởng",
                    "max_points": 8,
                    "point_kind": "bonus",
                    "appraising_agency_id": cls.agency_snv.id,
                },
                {
                    "set_id": criteria_set.id,
                    "code": "4",
                    "name": "Điểm trừ: chậm báo cáo",
                    "max_points": 10,
                    "point_kind": "deduction",
                    "scoring_method": "free",
                    "evidence_required": False,
                    "appraising_agency_id": cls.agency_snv.id,
                },
            ]
        )
        Criterion.create(
            [
                {
                    "set_id": criteria_set.id,
                    "parent_id": bonus_field.id,
                    "code": "3.1",
                    "name": "Sáng kiến CCHC được công nhận",
                    "max_points": 5,
                    "point_kind": "bonus",
                    "scoring_method": "free",
                },
                {
                    "set_id": criteria_set.id,
                    "parent_id": bonus_field.id,
                    "code": "3.2",
                    "name": "Giải thưởng cấp tỉnh",
                    "max_points": 3,
                    "point_kind": "bonus",
                },
            ]
        )
        return bonus_field, deduction

    def _campaign(self):
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2031,
                "criteria_set_ids": [Command.set(self.criteria_set.ids)],
                "agency_ids": [Command.set(self.agency_stp.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        campaign.action_open_self_assessment()
        return campaign

    def _submitted(self, deduction=6.0, reason="Chậm 2 báo cáo quý."):
        """Sở Tư pháp's evaluation, every item scored, its deduction declared."""
        campaign = self._campaign()
        evaluation = campaign.evaluation_ids
        lines = {line.code: line for line in evaluation.line_ids}
        self._score_all(evaluation.line_ids)
        lines["4"].write({"free_points": deduction, "explanation": reason})
        self._add_participants(evaluation)
        evaluation.with_user(self.head).action_submit()
        campaign.action_start_appraisal()
        return campaign, evaluation, lines

    def _appraise(self, evaluation, points, comments=None):
        """SNV and STTTT appraise the given lines (code: points), accept the rest."""
        lines = {line.code: line for line in evaluation.line_ids}
        for code, value in points.items():
            appraiser = self.appraisers[lines[code].assigned_agency_id.code]
            lines[code].with_user(appraiser).write(
                {
                    "appraised_points": value,
                    "appraisal_comment": (comments or {}).get(code, False),
                }
            )
        for appraisal in evaluation.appraisal_ids:
            appraiser = self.appraisers[appraisal.agency_id.code]
            appraisal.with_user(appraiser).action_accept_self_scores()
            appraisal.with_user(appraiser).action_done()

    def _components(self, evaluation):
        return (
            evaluation.appraised_total,
            evaluation.bonus_points,
            evaluation.deduction_points,
            evaluation.index_max,
            evaluation.appraised_index,
        )

    # --- the set's rules ------------------------------------------------------

    def test_outside_the_hundred_points(self):
        """The set is worth 100 without its bonus and deduction fields."""
        self.assertEqual(self.criteria_set.total_points, 100)
        self.assertEqual(self.criteria_set.state, "active")

    def test_bonus_items_need_a_cap(self):
        criteria_set = self._make_set(year=2032)
        self._add_kind_fields(criteria_set)
        with self.assertRaisesRegex(ValidationError, r"Bonus items \(3.1, 3.2\) need"):
            criteria_set.action_activate()
        self.assertEqual(criteria_set.state, "draft")

    def test_a_cap_needs_bonus_items(self):
        criteria_set = self._make_set(year=2032)
        criteria_set.bonus_cap = 5
        with self.assertRaisesRegex(ValidationError, "the set has no bonus item"):
            criteria_set.action_activate()

    def test_cap_within_hundred(self):
        with self.assertRaisesRegex(ValidationError, "must lie between 0 and 100"):
            self._make_set(year=2032).bonus_cap = 120

    def test_bonus_items_make_fields_of_their_own(self):
        """A bonus item under an appraised field would count in its 100 points."""
        criteria_set = self._make_set(year=2032)
        criteria_set.bonus_cap = 2
        field_1 = criteria_set.criterion_ids.filtered(lambda c: c.code == "1")
        self.env["cchc.criterion"].create(
            {
                "set_id": criteria_set.id,
                "parent_id": field_1.id,
                "code": "1.3",
                "name": "Thưởng",
                "max_points": 2,
                "point_kind": "bonus",
            }
        )
        with self.assertRaises(ValidationError) as caught:
            criteria_set.action_activate()
        message = str(caught.exception)
        self.assertIn("1.3: its source of points (Bonus) differs", message)
        self.assertIn("make fields of their own", message)
        # and field 1 is then worth 60 while its items add up to 62
        self.assertIn("1 is worth 60 points but its items add up to 62", message)

    def test_kind_locked_on_an_active_set(self):
        with self.assertRaises(UserError):
            self.deduction.point_kind = "normal"

    # --- the index --------------------------------------------------------------

    def test_index_with_bonus_and_deduction(self):
        """80 appraised + bonus 8 capped at 4 − 6 deducted, of 100: 78."""
        campaign, evaluation, _lines = self._submitted()
        # Self-assessed alike: 100 + bonus 5.5 capped at 4 − 6.
        self.assertEqual(
            (evaluation.applicable_max, evaluation.self_total, evaluation.self_index),
            (100.0, 98.0, 98.0),
        )
        self._appraise(
            evaluation,
            {"1.1": 0, "1.2": 40, "2": 40, "3.1": 5, "3.2": 3, "4": 6},
            {"4": "Chậm 2 báo cáo quý (công văn 12/SNV)."},
        )
        self.assertEqual(self._components(evaluation), (80.0, 4.0, 6.0, 100.0, 78.0))
        self.assertEqual(evaluation.band_id.name, "Khá")
        # The points deducted are points lost (the improvement plan's items);
        # a bonus is none.
        lost = {line.code: line.points_lost for line in evaluation.line_ids}
        self.assertEqual(lost["4"], 6.0)
        codes = evaluation.lost_line_ids.mapped("code")
        self.assertIn("4", codes)
        self.assertIn("1.1", codes)
        self.assertNotIn("3.1", codes)
        # Classification and ranking use the full index.
        campaign.action_council_review()
        self.assertEqual((evaluation.rank, evaluation.appraised_index), (1, 78.0))

    def test_index_bounded(self):
        """Deductions beyond the points give 0, never a negative index."""
        _campaign, evaluation, _lines = self._submitted(deduction=10)
        self._appraise(
            evaluation,
            {"1.1": 0, "1.2": 0, "2": 10, "3.1": 0, "3.2": 0, "4": 10},
            {"4": "Vi phạm kỷ luật."},
        )
        self.assertEqual(self._components(evaluation), (10.0, 0.0, 10.0, 100.0, 0.0))

    def test_index_bounded_above(self):
        """A full score and its bonus stay at 100."""
        _campaign, evaluation, _lines = self._submitted(deduction=0)
        self._appraise(
            evaluation, {"1.1": 20, "1.2": 40, "2": 40, "3.1": 5, "3.2": 3, "4": 0}
        )
        self.assertEqual(self._components(evaluation), (100.0, 4.0, 0.0, 100.0, 100.0))

    # --- reasons of deductions --------------------------------------------------

    def test_deduction_declared_without_reason(self):
        campaign = self._campaign()
        evaluation = campaign.evaluation_ids
        self._score_all(evaluation.line_ids)
        deduction = evaluation.line_ids.filtered(lambda x: x.code == "4")
        deduction.write({"free_points": 2, "explanation": False})
        self._add_participants(evaluation)
        with self.assertRaisesRegex(UserError, "Deduction without a reason: 4"):
            evaluation.with_user(self.head).action_submit()
        self.assertEqual(evaluation.state, "draft")

    def test_deduction_appraised_without_reason(self):
        """The appraiser who deducts more than the unit declared gives the reason:
        the unit's explanation, or the appraiser's comment."""
        _campaign, evaluation, lines = self._submitted(deduction=0, reason=False)
        snv = self.appraisers["SNV"]
        lines["4"].with_user(snv).write({"appraised_points": 3})
        appraisal = lines["4"].appraisal_id.with_user(snv)
        appraisal.action_accept_self_scores()
        with self.assertRaisesRegex(UserError, "reason of each deduction.*: 4"):
            appraisal.action_done()
        self.assertNotEqual(appraisal.state, "done")
        lines["4"].with_user(snv).write(
            {"appraisal_comment": "Báo cáo quý III chậm 15 ngày."}
        )
        appraisal.action_done()
        self.assertEqual(appraisal.state, "done")
