import base64
import io
import math

import openpyxl

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cchc_index.models.cchc_input_mixin import is_blank

from .common import CchcCase
from .test_criteria_xlsx import workbook_bytes
from .test_score_matrix import render_xlsx

INVISIBLE = [
    "\u200b",
    "\u200c\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u3164",
    "\u115f\u1160",
    "\u2800",
    "\uffa0",
    " \u3000\t\n",
]


def set_raw(lines, fname, value):
    """Store a value as an older version could, without the checks."""
    lines.env.flush_all()
    lines.env.cr.execute(
        f"UPDATE cchc_evaluation_line SET {fname} = %s WHERE id = ANY(%s)",  # noqa: S608
        [value, lines.ids],
    )
    lines.invalidate_recordset()


class TestInputRules(CchcCase):
    """Generic checks of typed-in values, field ranges, imports and exports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criteria_set = cls._make_set()
        cls.items = {c.code: c for c in cls.criteria_set.criterion_ids}
        cls.draft_campaign = cls._make_campaign(cls.agency_stp)

    def test_is_blank(self):
        for text in [*INVISIBLE, "", None, False]:
            self.assertTrue(is_blank(text), repr(text))
        for text in ["a", "\u200bx", "Đạt", "0", "·"]:
            self.assertFalse(is_blank(text), repr(text))

    def test_numbers_must_be_finite_and_fit(self):
        campaign = self.draft_campaign
        cases = [
            (campaign, "award_min_index", math.nan, "not a number"),
            (campaign, "award_min_index", math.inf, "not a number"),
            (campaign, "award_min_index", 1e300, "too large"),
            (campaign, "award_min_index", 90.125, "decimals"),
            (campaign, "reminder_days", 1e300, "too large"),
            (campaign, "award_max_individuals", 2.5, "not a whole number"),
            (campaign.band_ids[0], "lower_bound", math.nan, "not a number"),
            (self.items["1.2"], "max_points", math.nan, "not a number"),
            (self.items["1.2"], "max_points", 1e300, "too large"),
            (self.items["1.1"].level_ids[0], "points", math.nan, "not a number"),
            (self.items["2"].level_ids[0], "min_percent", -math.inf, "not a number"),
        ]
        for record, fname, value, message in cases:
            before = record[fname]
            with self.subTest(field=fname, value=value):
                with self.assertRaisesRegex(ValidationError, message):
                    record.write({fname: value})
                self.assertEqual(record[fname], before)
        with self.assertRaisesRegex(ValidationError, "not a number"):
            self.env["cchc.campaign.band"].create(
                {"campaign_id": campaign.id, "name": "X", "lower_bound": math.nan}
            )

    def test_field_ranges(self):
        campaign = self.draft_campaign
        cases = [
            ("award_min_index", -50, "between 0 and 100"),
            ("award_min_index", 100.5, "between 0 and 100"),
            ("award_max_individuals", -1, "cannot be negative"),
            ("reminder_days", -1, "0 to 365 days"),
            ("reminder_days", 366, "0 to 365 days"),
        ]
        for fname, value, message in cases:
            with self.subTest(field=fname, value=value):
                with (
                    self.assertRaisesRegex(ValidationError, message),
                    self.env.cr.savepoint(),
                ):
                    campaign.write({fname: value})
                campaign.invalidate_recordset()
        campaign.write(
            {"award_min_index": 0, "award_max_individuals": 0, "reminder_days": 365}
        )
        with self.assertRaisesRegex(ValidationError, "0 to 100 points"):
            self.items["1.2"].max_points = 150

    def test_texts_are_valid_and_bounded(self):
        campaign = self.draft_campaign
        with self.assertRaisesRegex(ValidationError, "not valid Unicode"):
            campaign.write({"signer_name": "Nguy\ud800n"})
        with self.assertRaisesRegex(ValidationError, "NUL"):
            campaign.write({"signer_name": "a\x00b"})
        with self.assertRaisesRegex(ValidationError, "257 characters, more than"):
            campaign.write({"decision_number": "x" * 257})
        with self.assertRaisesRegex(ValidationError, "10001 characters, more than"):
            campaign.write({"legal_bases": "x" * 10_001})
        campaign.write({"decision_number": "x" * 256, "legal_bases": "x" * 10_000})
        for text in ("", "\u3164", "\u200b \u2800"):
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValidationError, "visible text"):
                    self.items["1.2"].name = text
                with self.assertRaisesRegex(ValidationError, "visible text"):
                    campaign.band_ids[0].name = text

    def test_invisible_explanation_does_not_count(self):
        campaign = self.draft_campaign
        campaign.action_open_self_assessment()
        evaluation = campaign.evaluation_ids
        self._add_participants(evaluation)
        self._score_all(evaluation.line_ids)
        line = evaluation.line_ids.filtered("evidence_required")[0]
        for text in INVISIBLE[:-1]:
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValidationError, "visible text"):
                    line.write({"explanation": text})
        self.assertFalse(line.needs_explanation)
        set_raw(line, "explanation", "\u200b\u3164")
        self.assertTrue(line.needs_explanation)
        self.assertIn(
            f"No evidence and no explanation: {line.code}.",
            evaluation._get_submission_problems(),
        )

    def test_empty_names_are_refused(self):
        self.draft_campaign.action_open_self_assessment()
        evaluation = self.draft_campaign.evaluation_ids
        for name in ("", "\u2800", "\u200b"):
            with self.subTest(name=name):
                with self.assertRaisesRegex(ValidationError, "visible text"):
                    self.env["cchc.evaluation.participant"].create(
                        {"evaluation_id": evaluation.id, "name": name}
                    )
        for name in ("", "\u3164"):
            with self.assertRaisesRegex(ValidationError, "visible text"):
                self.env["cchc.award.candidate"]._cchc_check_input({"name": name})

    def test_criteria_export_writes_text_as_text(self):
        formula = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'
        self.items["1.2"].write(
            {"name": formula, "guide": "Xem http://evil.example/huong-dan"}
        )
        content = render_xlsx(
            "cchc_index.action_report_criteria_set_xlsx", self.criteria_set
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "1.2")
        self.assertEqual((row[1].value, row[1].data_type), (formula, "s"))
        self.assertEqual(row[8].value, "Xem http://evil.example/huong-dan")
        self.assertFalse(any(cell.hyperlink for r in sheet.iter_rows() for cell in r))

    def test_score_matrix_writes_text_as_text(self):
        formula = '=HYPERLINK("http://evil.example/x","x")'
        self.agency_stp.name = formula
        campaign = self.draft_campaign
        campaign.action_open_self_assessment()
        content = render_xlsx("cchc_index.action_report_score_matrix", campaign)
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        cells = [c for s in workbook.worksheets for r in s.iter_rows() for c in r]
        names = [c for c in cells if c.value == formula]
        self.assertTrue(names)
        self.assertTrue(all(c.data_type == "s" for c in names))

    def _import(self, rows):
        wizard = (
            self.env["cchc.criteria.import"]
            .with_user(self.secretariat)
            .create(
                {
                    "file": base64.b64encode(workbook_bytes(rows)),
                    "filename": "set.xlsx",
                    "year": 2031,
                    "unit_type_id": self.unit_type_so.id,
                }
            )
        )
        return self.env["cchc.criteria.set"].browse(wizard.action_import()["res_id"])

    @staticmethod
    def _rows(bands, points=40):
        return [
            ["1", "Chỉ đạo", 100 - points, "free", None, "SNV", 0, 0, None],
            ["2", "Hiện đại hóa", points, "bands", bands, "STTTT", 0, 1, None],
        ]

    def test_import_reads_band_wording(self):
        imported = self._import(
            self._rows("Trên 90%: 2; từ 70% đến 90%: 1; dưới 70%: 0", points=2)
        )
        bands = imported.criterion_ids.filtered(lambda c: c.code == "2").level_ids
        self.assertEqual(
            [(b.name, b.points, b.min_percent) for b in bands],
            [("Trên 90%", 2, 90.01), ("từ 70% đến 90%", 1, 70), ("dưới 70%", 0, 0)],
        )
        imported.action_activate()
        line = self.env["cchc.evaluation.line"].new(
            {"criterion_id": bands[0].criterion_id.id}
        )
        self.assertEqual(
            [line._band_for(rate).points for rate in (50, 69.99, 70, 90, 90.01, 100)],
            [0, 0, 1, 1, 2, 2],
        )

    def test_import_reads_more_band_wording(self):
        imported = self._import(
            self._rows(
                "Đạt 100%: 2\nTừ 50,5% đến dưới 100%: 1,5\n"
                "TRÊN 20% ĐẾN 50,49%: 0,5\nDưới hoặc bằng: 0 @ 0",
            )
        )
        bands = imported.criterion_ids.filtered(lambda c: c.code == "2").level_ids
        self.assertEqual(bands.mapped("min_percent"), [100, 50.5, 20.01, 0])
        self.assertEqual(bands.mapped("points"), [2, 1.5, 0.5, 0])

    def test_import_refuses_unreadable_or_uncovered_bands(self):
        cases = [
            ("Cao: 40\nThấp: 0", "band 'Cao: 40' cannot be read"),
            ("Khoảng 90%: 40\nDưới 90%: 0", "band 'Khoảng 90%: 40' cannot be read"),
            (
                "Trên 90%: 40; Từ 70% đến 80%: 20; Dưới 70%: 0",
                "rates between 'Từ 70% đến 80%: 20' and 'Trên 90%: 40' fall in no",
            ),
            (
                "Từ 80%: 40; Từ 70% đến 85%: 20; Dưới 70%: 0",
                "bands 'Từ 70% đến 85%: 20' and 'Từ 80%: 40' overlap",
            ),
            (
                "Từ 90% đến 95%: 40; Dưới 90%: 0",
                "rates above 'Từ 90% đến 95%: 40' fall in no band",
            ),
            (
                "Từ 90% đến 80%: 40; Dưới 90%: 0",
                "band 'Từ 90% đến 80%: 40' ends below the rate it starts",
            ),
            ("Cao: 40 @ 50\nVừa: 20 @ 50\nThấp: 0 @ 0", "two bands start at 50%"),
            ("Trên 90%: 40; từ 70% đến 90%: 20", "one band must start at 0%"),
        ]
        for bands, message in cases:
            with self.subTest(bands=bands):
                with self.assertRaises(UserError) as caught:
                    self._import(self._rows(bands))
                self.assertIn(f"Row 3: {message}", str(caught.exception))
        self.assertFalse(self.env["cchc.criteria.set"].search([("year", "=", 2031)]))

    def test_import_refuses_bad_values(self):
        rows = [
            ["1", "Chỉ đạo", 1e300, "free", None, "SNV", 0, 0, None],
            ["2", "\u200b\u3164", 40, "free", None, "SNV", 0, 0, None],
            ["3", "x" * 300, 0, "free", None, "SNV", 0, 0, "g" * 10_001],
            ["4", "Âm", -5, "free", None, "SNV", 0, 0, None],
            ["5", "Lẻ", 10.555, "free", None, "SNV", 0, 0, None],
        ]
        with self.assertRaises(UserError) as caught:
            self._import(rows)
        message = str(caught.exception)
        for expected in [
            "Row 2: maximum points '1e+300' is not a number from 0 to 100",
            "Row 3: the name is empty",
            "Row 4: Name: the text has 300 characters",
            "Row 4: Scoring Guide: the text has 10001 characters",
            "Row 5: maximum points '-5' is not a number from 0 to 100",
            "Row 6: Maximum Points: 10.555 has more than 2 decimals",
        ]:
            self.assertIn(expected, message)
        self.assertNotIn("Row 3: Name", message)

    def test_activation_refuses_equal_band_thresholds(self):
        self.items["2"].write(
            {
                "level_ids": [
                    Command.create({"name": "Khá", "points": 20, "min_percent": 90})
                ]
            }
        )
        with self.assertRaisesRegex(ValidationError, "two bands start at 90%"):
            self.criteria_set.action_activate()
        self.assertEqual(self.criteria_set.state, "draft")


class TestInputExplanation(CchcCase):
    """Explanations, questions and answers: visible text, shown as text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_submitted_evaluation()
        cls.appraisal = cls.evaluation.appraisal_ids.filtered(
            lambda a: a.agency_id.code == "STP"
        )
        cls.lines = cls.appraisal.line_ids.filtered(lambda x: not x.is_na)[:2]

    def test_question_is_plain_text_and_answers_visible(self):
        stp = self.appraisers["STP"]
        question = (
            '<a href="http://evil.example">Bấm đây</a>'
            '<img src="http://evil.example/t.gif"><b style="color:red">Gấp</b>'
        )
        self.appraisal.with_user(stp)._request_explanation(self.lines, question)
        activity = self.evaluation.activity_ids.filtered(
            lambda a: a.summary == "Reform Index: explanation requested"
        )
        self.assertTrue(activity)
        for note in activity.mapped("note"):
            self.assertNotIn("<a ", note)
            self.assertNotIn("<img", note)
            self.assertNotIn("<b ", note)
            self.assertIn("&lt;a href=", note)
        with self.assertRaisesRegex(ValidationError, "visible text"):
            self.lines[0].with_user(self.officer).write(
                {"explanation_answer": "\u3164\u200b"}
            )
        set_raw(self.lines, "explanation_answer", "\u200b")
        with self.assertRaisesRegex(UserError, "Answer every item"):
            self.evaluation.with_user(self.head).action_answer_explanation()
        with self.assertRaisesRegex(ValidationError, "visible text"):
            self.env["cchc.explanation.request"].with_user(stp).create(
                {
                    "appraisal_id": self.appraisal.id,
                    "line_ids": [Command.set(self.lines.ids)],
                    "message": "\u2800",
                }
            )
