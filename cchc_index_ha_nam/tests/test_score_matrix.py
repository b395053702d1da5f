import io
import json
from unittest.mock import patch
from urllib.parse import urlencode

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cchc_index.reports import cchc_score_matrix_xlsx

from .common import CchcCase

ODD_UNIT_TYPE = "Khối thí điểm [A/B]: đơn vị sự nghiệp công lập?"


def read_workbook(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def render_xlsx(report_xmlid, records):
    """The .xlsx bytes of a report_xlsx report, as the records' user prints it."""
    content, report_type = records.env["ir.actions.report"]._render_xlsx(
        report_xmlid, records.ids, data=None
    )
    assert report_type == "xlsx"
    return content


def sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


class TestScoreMatrix(CchcCase):
    """The results spreadsheet holds exactly the appraised results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_so = cls._make_set(year=2030)
        cls.unit_type_odd = cls.env["cchc.unit.type"].create(
            {"name": ODD_UNIT_TYPE, "code": "odd", "sequence": 90}
        )
        set_odd = cls.env["cchc.criteria.set"].create(
            {"year": 2030, "unit_type_id": cls.unit_type_odd.id}
        )
        cls.env["cchc.criterion"].create(
            {
                "set_id": set_odd.id,
                "code": "1",
                "name": "Tổng hợp",
                "max_points": 100,
                "scoring_method": "free",
                "appraising_agency_id": cls.agency_snv.id,
            }
        )
        (set_so | set_odd).action_activate()
        # Appraised points by item code; None is not applicable.
        appraised = {
            ("Sở Gamma", cls.unit_type_so): {"1.1": 20, "1.2": 30, "2": 40},
            ("Sở Beta", cls.unit_type_so): {"1.1": 10, "1.2": None, "2": 40},
            ("Sở Alpha", cls.unit_type_so): {"1.1": 20, "1.2": 30, "2": 40},
            ("Sở Delta", cls.unit_type_so): {"1.1": 0, "1.2": 20, "2": 10},
            ("Xã Một", cls.unit_type_odd): {"1": 70},
            ("Xã Hai", cls.unit_type_odd): {"1": 85.5},
        }
        agencies = cls.env["cchc.agency"].create(
            [
                {"name": name, "code": f"M{i}", "unit_type_id": unit_type.id}
                for i, (name, unit_type) in enumerate(appraised)
            ]
        )
        cls.campaign = cls.env["cchc.campaign"].create(
            {
                "year": 2030,
                "criteria_set_ids": [Command.set((set_so | set_odd).ids)],
                "agency_ids": [Command.set(agencies.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        cls.campaign.action_open_self_assessment()
        cls.evaluations = cls.campaign.evaluation_ids
        cls._score_all(cls.evaluations.line_ids)
        for line in cls.evaluations.line_ids:
            points = appraised[line.agency_id.name, line.agency_id.unit_type_id][
                line.code
            ]
            if points is None:
                line.is_na = True
            # Appraised scores as the appraisal workflow leaves them.
            cls.env.cr.execute(
                "UPDATE cchc_evaluation_line SET appraised_points = %s, "
                "is_appraised = TRUE WHERE id = %s",
                (points or 0, line.id),
            )
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE cchc_evaluation SET state = 'appraised' WHERE campaign_id = %s",
            (cls.campaign.id,),
        )
        cls.env.invalidate_all()
        cls.campaign._recompute_results()

    def _ranked(self, unit_type):
        return self.evaluations.filtered(lambda e: e.unit_type_id == unit_type).sorted(
            lambda e: (e.rank, e.agency_id.name)
        )

    def _generate(self, user, campaigns=None):
        campaigns = (campaigns or self.campaign).with_user(user)
        return read_workbook(
            render_xlsx("cchc_index.action_report_score_matrix", campaigns)
        )

    def test_units_sheets(self):
        workbook = self._generate(self.secretariat)
        self.assertEqual(
            workbook.sheetnames,
            [
                "Sở, ban, ngành",
                # [ ] / : ? become spaces; cut at 31 characters.
                "Khối thí điểm  A B   đơn vị sự ",
                "Items",
            ],
        )
        sheet = workbook["Sở, ban, ngành"]
        rows = sheet_rows(sheet)
        self.assertEqual(
            rows[0],
            [
                "Rank",
                "Unit",
                "1. Chỉ đạo, điều hành (60)",
                "2. Hiện đại hóa (40)",
                "Appraised Total",
                "Applicable Maximum",
                "Index",
                "Classification",
            ],
        )
        self.assertEqual(
            rows[1:],
            [
                [
                    e.rank,
                    e.agency_id.name,
                    *e.field_ids.mapped("appraised_points"),
                    e.appraised_total,
                    e.applicable_max,
                    e.appraised_index,
                    e.band_id.name,
                ]
                for e in self._ranked(self.unit_type_so)
            ],
        )
        # Ties share a rank and are listed by name.
        self.assertEqual(
            [row[:2] + row[4:] for row in rows[1:]],
            [
                [1, "Sở Alpha", 90, 100, 90, "Xuất sắc"],
                [1, "Sở Gamma", 90, 100, 90, "Xuất sắc"],
                [3, "Sở Beta", 50, 60, 83.33, "Tốt"],
                [4, "Sở Delta", 30, 100, 30, "Yếu"],
            ],
        )
        self.assertEqual(rows[3][2:4], [10, 40])
        self.assertEqual(sheet.freeze_panes, "C2")
        self.assertTrue(sheet["C1"].font.b)
        self.assertTrue(sheet["C1"].alignment.wrap_text)
        self.assertEqual(sheet["A2"].number_format, "0")
        for cell in ("C2", "D2", "E2", "F2", "G2"):
            self.assertEqual(sheet[cell].number_format, "0.00")

        odd = sheet_rows(workbook.worksheets[1])
        self.assertEqual(odd[0][2], "1. Tổng hợp (100)")
        self.assertEqual(
            odd[1:],
            [
                [1, "Xã Hai", 85.5, 85.5, 100, 85.5, "Tốt"],
                [2, "Xã Một", 70, 70, 100, 70, "Khá"],
            ],
        )

    def test_items_sheet(self):
        sheet = self._generate(self.secretariat)["Items"]
        rows = sheet_rows(sheet)
        self.assertEqual(
            rows[0],
            [
                "Unit Type",
                "Unit",
                "Code",
                "Item",
                "Maximum",
                "Not Applicable",
                "Self Score",
                "Appraised Score",
            ],
        )
        self.assertEqual(len(rows), 4 * 3 + 2 * 1 + 1)
        expected = [
            [
                e.unit_type_id.name,
                e.agency_id.name,
                line.code,
                line.criterion_id.name,
                line.max_points,
                int(line.is_na),
                line.self_points,
                line.appraised_points,
            ]
            for unit_type in (self.unit_type_so, self.unit_type_odd)
            for e in self._ranked(unit_type)
            for line in e.line_ids
        ]
        self.assertEqual(rows[1:], expected)
        beta_na = rows[8]
        self.assertEqual(
            beta_na, ["Sở, ban, ngành", "Sở Beta", "1.2", "Báo cáo CCHC", 40, 1, 0, 0]
        )
        self.assertEqual(
            rows[1][:3] + rows[1][6:], ["Sở, ban, ngành", "Sở Alpha", "1.1", 20, 20]
        )
        self.assertEqual(rows[-1][1:3] + rows[-1][7:], ["Xã Một", "1", 70])
        self.assertEqual(sheet.freeze_panes, "D2")
        self.assertEqual(sheet["F2"].number_format, "0")
        self.assertEqual(sheet["H2"].number_format, "0.00")

    def test_items_sheet_read_in_chunks(self):
        """Lines read one evaluation at a time give the same sheet, in order."""
        expected = sheet_rows(self._generate(self.secretariat)["Items"])
        self.assertEqual(len(expected), 4 * 3 + 2 * 1 + 1)
        with patch.object(cchc_score_matrix_xlsx, "LINE_CHUNK", 1):
            chunked = sheet_rows(self._generate(self.secretariat)["Items"])
        self.assertEqual(chunked, expected)

    def test_unit_officer_gets_own_unit(self):
        beta = self.evaluations.agency_id.filtered(lambda a: a.name == "Sở Beta")
        officer = new_test_user(
            self.env,
            login="t_matrix_officer",
            groups="base.group_user,cchc_index.group_cchc_officer",
            cchc_agency_id=beta.id,
        )
        workbook = self._generate(officer)
        self.assertEqual(
            [row[1] for row in sheet_rows(workbook["Sở, ban, ngành"])[1:]],
            ["Sở Beta"],
        )
        self.assertEqual(workbook.worksheets[1].max_row, 1)
        self.assertEqual(
            {row[1] for row in sheet_rows(workbook["Items"])[1:]}, {"Sở Beta"}
        )

    def test_refusals(self):
        """Only users who may read the campaign, one campaign at a time."""
        stranger = new_test_user(
            self.env, login="t_matrix_nobody", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self._generate(stranger)
        other = self._make_campaign(self.agency_stp)
        with self.assertRaisesRegex(UserError, "one record at a time"):
            self._generate(self.secretariat, self.campaign | other)
        # An id of no campaign, as a /report/xlsx/<name>/<ids> URL may give.
        with self.assertRaises(MissingError):
            self.env["ir.actions.report"].with_user(self.secretariat)._render_xlsx(
                "cchc_index.action_report_score_matrix", [0], data=None
            )

    def test_print_menu_and_button(self):
        """The report is in the campaign's Print menu; the form button opens it."""
        report = self.env.ref("cchc_index.action_report_score_matrix")
        self.assertEqual(report.binding_model_id.model, "cchc.campaign")
        self.assertEqual(report.report_type, "xlsx")
        action = self.campaign.with_user(self.secretariat).action_export_score_matrix()
        self.assertEqual(
            (action["type"], action["report_type"], action["report_name"]),
            ("ir.actions.report", "xlsx", "cchc_index.score_matrix"),
        )
        self.assertEqual(action["context"]["active_ids"], self.campaign.ids)


@tagged("post_install", "-at_install")
class TestScoreMatrixDownload(HttpCase):
    def test_download(self):
        agency = self.env.ref("cchc_index_ha_nam.agency_stp")
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2018,
                "criteria_set_ids": [
                    Command.set(
                        [
                            self.env.ref("cchc_index_ha_nam.criteria_set_2018_so").id,
                            self.env.ref(
                                "cchc_index_ha_nam.criteria_set_2018_huyen"
                            ).id,
                        ]
                    )
                ],
                "agency_ids": [Command.set(agency.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        campaign.action_open_self_assessment()
        new_test_user(
            self.env,
            login="t_matrix_secretariat",
            groups="base.group_user,cchc_index.group_cchc_secretariat",
        )
        new_test_user(self.env, login="t_matrix_stranger", groups="base.group_user")
        url = f"/report/xlsx/cchc_index.score_matrix/{campaign.id}"

        self.authenticate("t_matrix_secretariat", "t_matrix_secretariat")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        workbook = read_workbook(response.content)
        self.assertEqual(
            workbook.sheetnames, ["Sở, ban, ngành", "UBND cấp huyện", "Items"]
        )
        self.assertEqual(workbook["Sở, ban, ngành"]["B2"].value, agency.name)
        self.assertEqual(
            workbook["Items"].max_row, len(campaign.evaluation_ids.line_ids) + 1
        )
        # The web client's download names the file after print_report_name.
        download = self.url_open(
            "/report/download?"
            + urlencode({"data": json.dumps([url, "xlsx"]), "context": "{}"})
        )
        self.assertEqual(download.status_code, 200)
        self.assertIn("chi-so-cchc-2018.xlsx", download.headers["Content-Disposition"])
        self.assertEqual(
            read_workbook(download.content).sheetnames, workbook.sheetnames
        )
        with mute_logger("odoo.http"):
            missing = self.url_open("/report/xlsx/cchc_index.score_matrix/0")
        self.assertNotEqual(missing.status_code, 200)

        self.authenticate("t_matrix_stranger", "t_matrix_stranger")
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(agency.name.encode(), response.content)
