import io

import openpyxl

from odoo.exceptions import UserError

from .common import CchcCase
from .test_criteria_xlsx import REPORT, TestCriteriaXlsx, workbook_bytes
from .test_score_matrix import render_xlsx

# A set with an item of each source of points, as a province writes it.
ROWS = [
    ["1", "Chỉ đạo", 60, "free", None, "SNV", 0, 0, None, "Tự đánh giá"],
    ["1.1", "Kế hoạch", 40, "yes_no", None, None, 0, 1, None, None],
    ["1.2", "Hài lòng", 20, "free", None, None, 0, 0, None, "Điều tra XHH"],
    ["2", "Hiện đại hóa", 40, "yes_no", None, "STTTT", 0, 1, None, "normal"],
    ["3", "Sáng kiến", 3, "free", None, "SNV", 0, 1, None, "Điểm thưởng", 2],
    ["4", "Chậm báo cáo", 5, "free", None, "SNV", 0, 0, None, "điểm  trừ"],
]


class TestCriteriaKindsXlsx(CchcCase):
    """The source of points of each item and the set's bonus cap, in the
    spreadsheet of a set: exported, read back, worded as provinces write them."""

    _import = TestCriteriaXlsx._import
    _snapshot = TestCriteriaXlsx._snapshot

    def _kinds(self, criteria_set):
        return [(c.code, c.point_kind) for c in criteria_set.criterion_ids]

    def test_round_trip_modern_sets(self):
        """The demo's 2019 sets (survey, bonus and deduction items, a bonus
        cap) come back equal."""
        for xmlid in ("criteria_set_2019_so", "criteria_set_2019_huyen"):
            source = self.env.ref(f"cchc_index_ha_nam.{xmlid}")
            content = render_xlsx(REPORT, source.with_user(self.officer))
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            self.assertEqual(sheet.cell(1, 10).value, "Source of points")
            self.assertEqual(sheet.cell(2, 11).value, source.bonus_cap)
            imported = self._import(content, year=2040 + source.id)
            self.assertEqual(self._snapshot(imported), self._snapshot(source))
            self.assertEqual(self._kinds(imported), self._kinds(source))
            self.assertEqual(imported.bonus_cap, source.bonus_cap)
            self.assertEqual(
                {kind for _code, kind in self._kinds(imported)},
                {"normal", "survey", "bonus", "deduction"},
            )
            imported.action_activate()

    def test_province_wording(self):
        imported = self._import(workbook_bytes(ROWS))
        self.assertEqual(
            self._kinds(imported),
            [
                ("1", "normal"),
                ("1.1", "normal"),
                ("1.2", "survey"),
                ("2", "normal"),
                ("3", "bonus"),
                ("4", "deduction"),
            ],
        )
        self.assertEqual(imported.bonus_cap, 2)
        self.assertEqual(imported.total_points, 100)
        imported.action_activate()

    def test_unknown_kind_refused(self):
        rows = [list(row) for row in ROWS]
        rows[2][9] = "Điểm phạt"
        rows[4][10] = "hai"
        sets_before = self.env["cchc.criteria.set"].search_count([])
        with self.assertRaises(UserError) as caught:
            self._import(workbook_bytes(rows))
        message = str(caught.exception)
        self.assertIn("Row 4: source of points 'Điểm phạt' is unknown", message)
        self.assertIn("Row 6: bonus cap 'hai' is not a number from 0 to 100.", message)
        self.assertEqual(self.env["cchc.criteria.set"].search_count([]), sets_before)
        # In the user's language.
        self.env = self.env(context=dict(self.env.context, lang="vi_VN"))
        with self.assertRaises(UserError) as caught:
            self._import(workbook_bytes(rows))
        self.assertIn("Dòng 4: nguồn điểm 'Điểm phạt'", str(caught.exception))

    def test_one_bonus_cap(self):
        rows = [list(row) for row in ROWS]
        rows[0].append(3)
        with self.assertRaisesRegex(UserError, "Row 2: the set has one bonus cap"):
            self._import(workbook_bytes(rows))
