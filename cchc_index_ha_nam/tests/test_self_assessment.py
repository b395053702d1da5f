import base64
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CchcCase


class TestSelfAssessment(CchcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_open_evaluation()
        cls.lines = {line.code: line for line in cls.evaluation.line_ids}

    def _line(self, method, allow_na=None):
        return next(
            line
            for line in self.evaluation.line_ids.sorted("sort_key")
            if line.scoring_method == method
            and (allow_na is None or line.allow_na == allow_na)
        )

    def _as(self, user, line):
        return line.with_user(user)

    def test_scores_follow_the_method(self):
        yes_no = self._as(self.officer, self._line("yes_no"))
        yes_no.self_answer = "yes"
        self.assertEqual(yes_no.self_points, yes_no.max_points)
        yes_no.self_answer = "no"
        self.assertEqual((yes_no.self_points, yes_no.is_scored), (0, True))

        levels = self._as(self.officer, self._line("levels"))
        level = levels.criterion_id.level_ids[1]
        levels.self_level_id = level
        self.assertEqual(levels.self_points, level.points)

        bands = self._as(self.officer, self._line("bands"))
        bands.write({"figure_done": 37, "figure_total": 40})
        self.assertEqual(bands.figure_rate, 92.5)
        expected = max(
            (b for b in bands.criterion_id.level_ids if b.min_percent <= 92.5),
            key=lambda b: b.min_percent,
        )
        self.assertEqual(bands.self_points, expected.points)
        bands.write({"figure_done": 0, "figure_total": 40})
        zero_band = bands.criterion_id.level_ids.filtered(lambda b: b.min_percent == 0)
        self.assertEqual(bands.self_points, zero_band.points)

        free = self._as(self.officer, self._line("free"))
        self.assertFalse(free.is_scored)
        free.free_points = 0
        self.assertTrue(free.is_scored)
        free.free_points = free.max_points
        self.assertEqual(free.self_points, free.max_points)

        evaluation = self.evaluation
        self.assertEqual(evaluation.scored_count, 4)
        total = sum(evaluation.line_ids.mapped("self_points"))
        self.assertAlmostEqual(evaluation.self_total, total)
        self.assertEqual(evaluation.self_index, round(total, 2))

    def test_not_applicable_leaves_the_maximum(self):
        line = self._as(self.officer, self._line("levels", allow_na=True))
        line.self_level_id = line.criterion_id.level_ids[0]
        line.is_na = True
        self.assertEqual((line.self_points, line.applicable_max), (0, 0))
        evaluation = self.evaluation
        self.assertEqual(evaluation.applicable_max, 100 - line.max_points)
        field = line.evaluation_field_id
        self.assertEqual(field.applicable_max, field.max_points - line.max_points)
        other = self._as(self.officer, self._line("yes_no"))
        other.self_answer = "yes"
        self.assertEqual(
            evaluation.self_index,
            round(other.max_points * 100 / (100 - line.max_points), 2),
        )

    def test_bad_scores_are_refused(self):
        levels = self._line("levels", allow_na=False)
        bands = self._line("bands")
        free = self._line("free")
        other_level = bands.criterion_id.level_ids[0]
        cases = [
            (levels, {"is_na": True}, "cannot be declared not applicable"),
            (levels, {"self_level_id": other_level.id}, "this item's own levels"),
            (levels, {"self_answer": "yes"}, "only yes / no items"),
            (
                levels,
                {"figure_done": 1, "figure_total": 2},
                "only percentage-band items",
            ),
            (levels, {"free_points": 1}, "only free-points items"),
            (
                bands,
                {"figure_done": 41, "figure_total": 40},
                r"achieved figure \(41\) exceeds the total \(40\)",
            ),
            (bands, {"figure_done": -1, "figure_total": 40}, "cannot be negative"),
            (free, {"free_points": free.max_points + 1}, "outside 0 to"),
            (free, {"free_points": -0.5}, "outside 0 to"),
        ]
        for line, vals, message in cases:
            # assertRaises (unlike assertRaisesRegex) rolls back like a request.
            with self.assertRaises(ValidationError, msg=str(vals)) as caught:
                self._as(self.officer, line).write(vals)
            self.assertRegex(str(caught.exception), f"{line.code}: .*{message}")
            self.assertFalse(line.is_scored, "nothing was written")
            self.assertEqual(line.self_points, 0)

    def test_submit(self):
        evaluation = self.evaluation
        # Officers cannot submit, nor can the head of another unit.
        with self.assertRaisesRegex(AccessError, "Only the head"):
            evaluation.with_user(self.officer).action_submit()
        # Incomplete: the error names the missing items.
        with self.assertRaises(UserError) as caught:
            evaluation.with_user(self.head).action_submit()
        message = str(caught.exception)
        self.assertIn("Not scored: 1.1.1, 1.1.2", message)
        self.assertIn("participants must include", message)
        lines = evaluation.line_ids.with_user(self.officer)
        self._score_all(lines)
        unexplained = lines.filtered("evidence_required")[0]
        unexplained.explanation = False
        self._add_participants(evaluation.with_user(self.officer))
        with self.assertRaisesRegex(
            UserError, f"No evidence and no explanation: {unexplained.code}\\."
        ):
            evaluation.with_user(self.head).action_submit()
        # Evidence instead of the explanation is enough. Uploaded as the line's
        # form does: a new row of evidence_ids, without res_model.
        unexplained.evidence_ids = [
            Command.create(
                {
                    "name": "ke-hoach.pdf",
                    "datas": base64.b64encode(b"%PDF-1.4 evidence"),
                    "description": "Số 12/KH-STP, mục II",
                }
            )
        ]
        self.assertEqual(unexplained.evidence_count, 1)
        self.assertEqual(unexplained.evidence_ids.res_model, "cchc.evaluation.line")
        evaluation.with_user(self.head).action_submit()
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(evaluation.submitted_by_id, self.head)
        self.assertIn("confirmed and submitted", evaluation.message_ids[0].body)
        self.assertEqual(self.campaign.submitted_count, 1)
        self.assertFalse(evaluation.activity_ids, "the head's to-do is done")

        # Read-only for the unit afterwards: scores, participants, evidence.
        with self.assertRaisesRegex(UserError, "not open"):
            lines[0].write({"explanation": "x"})
        with self.assertRaisesRegex(UserError, "not open"):
            evaluation.participant_ids[0].with_user(self.officer).name = "X"
        with self.assertRaisesRegex(UserError, "not open"):
            unexplained.evidence_ids.with_user(self.officer).unlink()
        with self.assertRaisesRegex(UserError, "not open"):
            self.env["ir.attachment"].with_user(self.officer).create(
                {
                    "name": "late.pdf",
                    "res_model": "cchc.evaluation.line",
                    "res_id": lines[0].id,
                }
            )
        with self.assertRaisesRegex(UserError, "not open"):
            evaluation.with_user(self.head).action_submit()

        # Only the secretariat sends it back, with a reason that is kept.
        with self.assertRaises(AccessError):
            evaluation.with_user(self.head)._reset_to_draft("x")
        wizard = (
            self.env["cchc.evaluation.reset"]
            .with_user(self.secretariat)
            .create(
                {"evaluation_ids": evaluation.ids, "reason": "Thiếu tài liệu mục 3"}
            )
        )
        wizard.action_confirm()
        self.assertEqual(evaluation.state, "draft")
        self.assertIn("Thiếu tài liệu mục 3", evaluation.message_ids[0].body)
        lines[0].write({"explanation": "Bổ sung"})

    def test_closing_date(self):
        evaluation = self.evaluation
        self._score_all(evaluation.line_ids)
        self._add_participants(evaluation)
        yesterday = self.env.company._cchc_today() - timedelta(days=1)
        with self.assertRaisesRegex(AccessError, "Only the secretariat"):
            evaluation.with_user(self.officer).date_deadline = yesterday
        evaluation.with_user(self.secretariat).date_deadline = yesterday
        with self.assertRaisesRegex(UserError, "closed on"):
            evaluation.with_user(self.head).action_submit()
        with self.assertRaisesRegex(UserError, "closed on"):
            evaluation.line_ids[0].with_user(self.officer).explanation = "late"
        # The secretariat extends this one unit's date.
        evaluation.with_user(
            self.secretariat
        ).date_deadline = self.env.company._cchc_today()
        evaluation.with_user(self.head).action_submit()
        self.assertEqual(evaluation.state, "submitted")
