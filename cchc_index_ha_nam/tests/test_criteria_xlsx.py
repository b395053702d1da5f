import base64
import io
import json
from urllib.parse import urlencode

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CchcCase
from .test_score_matrix import render_xlsx

REPORT = "cchc_index.action_report_criteria_set_xlsx"


def workbook_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["code", "name", "max", "method", "levels", "agency", "na", "evidence", "guide"]
    )
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


class TestCriteriaXlsx(CchcCase):
    def _import(self, content, year=2031, user=None):
        wizard = (
            self.env["cchc.criteria.import"]
            .with_user(user or self.secretariat)
            .create(
                {
                    "file": base64.b64encode(content),
                    "filename": "set.xlsx",
                    "year": year,
                    "unit_type_id": self.unit_type_so.id,
                }
            )
        )
        action = wizard.action_import()
        return self.env["cchc.criteria.set"].browse(action["res_id"])

    def _snapshot(self, criteria_set):
        return [
            (
                c.code,
                c.name,
                c.max_points,
                c.scoring_method,
                c.allow_na,
                c.evidence_required,
                c.appraising_agency_id,
                c.guide or False,
                c.parent_id.code,
                [
                    (lv.name, lv.points, lv.min_percent, lv.sequence)
                    for lv in c.level_ids
                ],
            )
            for c in criteria_set.criterion_ids
        ]

    def test_round_trip_shipped_sets(self):
        for xmlid in ("criteria_set_2018_so", "criteria_set_2018_huyen"):
            source = self.env.ref(f"cchc_index_ha_nam.{xmlid}")
            content = render_xlsx(REPORT, source.with_user(self.officer))
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            self.assertEqual(sheet.max_row, len(source.criterion_ids) + 1)
            imported = self._import(content, year=2040 + source.id)
            self.assertEqual(self._snapshot(imported), self._snapshot(source))
            self.assertEqual(imported.state, "draft")
            imported.action_activate()

    def test_export_report(self):
        """In the set's Print menu and behind its button; readers only, one set."""
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, "cchc.criteria.set")
        sets = self.env.ref("cchc_index_ha_nam.criteria_set_2018_so") | self.env.ref(
            "cchc_index_ha_nam.criteria_set_2018_huyen"
        )
        action = sets[0].with_user(self.officer).action_export_xlsx()
        self.assertEqual(
            (action["report_type"], action["report_name"]),
            ("xlsx", "cchc_index.criteria_set_xlsx"),
        )
        stranger = new_test_user(
            self.env, login="t_set_nobody", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            render_xlsx(REPORT, sets[0].with_user(stranger))
        with self.assertRaisesRegex(UserError, "one record at a time"):
            render_xlsx(REPORT, sets.with_user(self.officer))

    def test_import_reports_every_bad_row(self):
        rows = [
            ["1", "Chỉ đạo", 60, "free", None, "SNV", 0, 0, None],
            [
                "1.1",
                "Kế hoạch",
                30,
                "levels",
                "Kịp thời: 30\nChậm: 10",
                None,
                0,
                1,
                "g",
            ],
            ["1.2", "", 20, "yes_no", None, None, 0, 1, None],
            ["1.3", "Báo cáo", "mười", "yes_no", None, None, 0, 1, None],
            ["1.4", "Kiểm tra", 5, "magic", None, None, 0, 1, None],
            [
                "1.5",
                "Tuyên truyền",
                5,
                "levels",
                "Tốt: 9\nKém: 0",
                None,
                0,
                1,
                None,
            ],  # 8
            ["1.x", "Sai mã", 1, "yes_no", None, None, 0, 1, None],
            ["3.1", "Mồ côi", 1, "yes_no", None, None, 0, 1, None],
            [
                "2",
                "Hiện đại hóa",
                40,
                "bands",
                "Cao: 40 @ 90\nThấp: 10 @ 50",
                "XYZ",
                "có",
                "x",
                None,
            ],  # 11
            ["1.1", "Trùng", 1, "yes_no", None, None, "maybe", 1, None],
            ["4", "Lẻ", 5, "levels", "không có điểm", None, 0, 1, None],
        ]
        sets_before = self.env["cchc.criteria.set"].search_count([])
        items_before = self.env["cchc.criterion"].search_count([])
        with self.assertRaises(UserError) as caught:
            self._import(workbook_bytes(rows))
        message = str(caught.exception)
        expected = [
            "Row 4: the name is empty",
            "Row 5: maximum points 'mười' is not a number",
            "Row 6: scoring method 'magic' is unknown (use one of: Yes / no, Levels, "
            "Percentage bands, Free points)",
            "Row 7: level 'Tốt: 9' gives more than the maximum 5.",
            "Row 8: code '1.x' is not of the form",
            "Row 10: appraising agency 'XYZ' is unknown",
            "Row 11: code 1.1 appears twice",
            "Row 11: 'maybe' is not a yes/no value",
            "Row 12: level 'không có điểm' is not written as",
        ]
        for line in expected:
            self.assertIn(line, message)
        self.assertEqual(self.env["cchc.criteria.set"].search_count([]), sets_before)
        self.assertEqual(self.env["cchc.criterion"].search_count([]), items_before)

    def test_import_reports_tree_problems(self):
        """Rows that are fine one by one but do not make a sound tree."""
        rows = [
            ["1", "Chỉ đạo", 60, "free", None, "SNV", 0, 0, None],
            ["1.1", "Kế hoạch", 30, "levels", "Kịp thời: 30", None, 0, 1, None],
            ["1.2", "Báo cáo", 20, "yes_no", None, None, 0, 1, None],
            [
                "2",
                "Hiện đại hóa",
                40,
                "bands",
                "Cao: 40 @ 90\nThấp: 10 @ 50",
                None,
                0,
                1,
                None,
            ],
            ["3.1", "Mồ côi", 1, "yes_no", None, None, 0, 1, None],
        ]
        with self.assertRaises(UserError) as caught:
            self._import(workbook_bytes(rows))
        message = str(caught.exception)
        self.assertIn(
            "Row 2: 1 is worth 60 points but its items add up to 50.", message
        )
        self.assertIn("Row 3: this method needs at least two levels", message)
        self.assertIn("Row 5: one band must start at 0%", message)
        self.assertIn("Row 6: its parent 3 is missing", message)
        self.assertFalse(self.env["cchc.criteria.set"].search([("year", "=", 2031)]))

    def test_import_bad_file(self):
        with self.assertRaisesRegex(UserError, "cannot be read as an .xlsx"):
            self._import(b"not a spreadsheet")
        with self.assertRaisesRegex(UserError, "no item rows"):
            self._import(workbook_bytes([]))

    def test_import_good_file(self):
        rows = [
            ["1", "Chỉ đạo", 60, "free", None, "snv", 0, 0, None],
            [
                "1.1",
                "Kế hoạch",
                40,
                "Levels",
                "Kịp thời: 40; Chậm: 20,5\nKhông: 0",
                None,
                1,
                1,
                "Hướng dẫn",
            ],
            ["1.2", "Báo cáo", 20, "yes_no", None, "STTTT", 0, 1, None],
            [
                "2",
                "Hiện đại hóa",
                40,
                "bands",
                "Cao: 40 @ 90%\nThấp: 10 @ 0",
                None,
                0,
                1,
                None,
            ],
        ]
        imported = self._import(workbook_bytes(rows))
        items = {c.code: c for c in imported.criterion_ids}
        self.assertEqual(imported.total_points, 100)
        self.assertEqual(items["1.1"].parent_id, items["1"])
        self.assertEqual(items["1.1"].level_ids.mapped("points"), [40, 20.5, 0])
        self.assertTrue(items["1.1"].allow_na)
        self.assertEqual(items["1.1"].assigned_agency_id, self.agency_snv)
        self.assertEqual(items["1.2"].assigned_agency_id, self.agency_stttt)
        self.assertEqual(items["2"].level_ids.mapped("min_percent"), [90, 0])
        imported.action_activate()


@tagged("post_install", "-at_install")
class TestCriteriaXlsxDownload(HttpCase):
    def test_download(self):
        criteria_set = self.env.ref("cchc_index_ha_nam.criteria_set_2018_so")
        new_test_user(
            self.env,
            login="t_reader",
            groups="base.group_user,cchc_index.group_cchc_officer",
        )
        new_test_user(self.env, login="t_stranger", groups="base.group_user")
        url = f"/report/xlsx/cchc_index.criteria_set_xlsx/{criteria_set.id}"
        self.authenticate("t_reader", "t_reader")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["A2"].value, "1")
        download = self.url_open(
            "/report/download?"
            + urlencode({"data": json.dumps([url, "xlsx"]), "context": "{}"})
        )
        self.assertIn(
            "criteria-set-2018-so.xlsx", download.headers["Content-Disposition"]
        )
        self.authenticate("t_stranger", "t_stranger")
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"PK", response.content[:2])
