import io
import zipfile

import xlsxwriter

from odoo import Command

from odoo.addons.cchc_index.reports.cchc_xlsx_report import RowsWorksheet

from .common import CchcCase
from .test_score_matrix import read_workbook, render_xlsx, sheet_rows

# Computed columns that _create_for_campaigns fills itself.
COMPUTED = (
    "self_total",
    "applicable_max",
    "self_index",
    "item_count",
    "scored_count",
    "scored_progress",
)


class TestCreateForCampaigns(CchcCase):
    """The evaluations inserted by SQL are those the ORM would create."""

    def test_same_values_as_the_orm(self):
        units = (
            self.agency_stp
            | self.agency_stttt
            | self.env.ref("cchc_index_ha_nam.agency_phuly")
        )
        campaign = self._make_campaign(units)
        evaluations = self.env["cchc.evaluation"]._create_for_campaigns(campaign)
        self.assertEqual(campaign.evaluation_ids, evaluations)
        self.assertEqual(evaluations.agency_id, units)
        stored = evaluations.read(COMPUTED)
        for evaluation in evaluations:
            agency = evaluation.agency_id
            self.assertEqual(
                (
                    evaluation.company_id,
                    evaluation.unit_type_id,
                    evaluation.year,
                    evaluation.state,
                    evaluation.date_deadline,
                    evaluation.create_uid,
                    evaluation.rank,
                    evaluation.band_id,
                ),
                (
                    campaign.company_id,
                    agency.unit_type_id,
                    campaign.year,
                    "draft",
                    campaign.date_self_close,
                    self.env.user,
                    0,
                    self.env["cchc.campaign.band"],
                ),
            )
            self.assertEqual(
                evaluation.criteria_set_id.unit_type_id, agency.unit_type_id
            )
            self.assertIn(evaluation.criteria_set_id, campaign.criteria_set_ids)
            self.assertFalse(evaluation.message_follower_ids)
        # The ORM's own computation gives the same values.
        for fname in COMPUTED:
            self.env.add_to_compute(evaluations._fields[fname], evaluations)
        evaluations.flush_recordset()
        self.env.invalidate_all()
        self.assertEqual(evaluations.read(COMPUTED), stored)
        self.assertTrue(all(values["item_count"] > 0 for values in stored))


class TestRowsWorksheet(CchcCase):
    """write_rows() writes the sheet XML that write() would."""

    def _sheet_xml(self, fast):
        rows = [
            ("Sở Tư pháp", 1, 2.5, None, "", 1 / 3),
            (" leading space", 0, -4.25, None, "a&b<c>\x01_x0041_", 10**12),
            ("<r>not rich</r>", None, None, None, None, None),
            (None, None, None, None, None, None),
            ("=1+1", 3, 0.1 + 0.2, None, "x" * 40000, 7),
        ]
        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        sheet = workbook.add_worksheet("S", worksheet_class=RowsWorksheet)
        self.assertTrue(sheet.constant_memory)
        points = workbook.add_format({"num_format": "0.00"})
        formats = [None, workbook.add_format({"num_format": "0"}), points, points]
        formats += [None, points]
        sheet.write(0, 0, "Header", points)
        sheet.set_column(1, 1, 12)
        if fast:
            sheet.write_rows(1, rows, formats)
        else:
            for row, values in enumerate(rows, start=1):
                for col, value in enumerate(values):
                    sheet.write(row, col, value, formats[col])
        sheet.freeze_panes(1, 1)
        workbook.close()
        return zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")

    def test_same_xml_as_write(self):
        fast = self._sheet_xml(fast=True)
        self.assertEqual(fast, self._sheet_xml(fast=False))
        self.assertIn(b'<row r="6"><c r="A6" t="inlineStr"><is><t>=1+1</t>', fast)


class TestScoreMatrixQueries(CchcCase):
    """The score matrix reads a campaign in a number of queries that does not
    grow with its units."""

    def _campaign(self, count):
        unit_type = self.env.ref("cchc_index.unit_type_so")
        agencies = self.env["cchc.agency"].create(
            [
                {
                    "name": f"Sở thử {count}-{i}",
                    "code": f"Q{count}-{i}",
                    "unit_type_id": unit_type.id,
                }
                for i in range(count)
            ]
        )
        campaign = self._make_campaign(
            agencies,
            criteria_set_ids=[
                Command.set(self.env.ref("cchc_index_ha_nam.criteria_set_2018_so").ids)
            ],
        )
        campaign.action_open_self_assessment()
        self.env.cr.execute(
            "UPDATE cchc_evaluation SET state = 'appraised' WHERE campaign_id = %s",
            [campaign.id],
        )
        self.env.invalidate_all()
        campaign._recompute_results()
        return campaign

    def test_query_count_does_not_grow_with_units(self):
        small, large = self._campaign(3), self._campaign(30)
        self.env.flush_all()
        self.env.invalidate_all()
        secretariat_small = small.with_user(self.secretariat)
        render_xlsx("cchc_index.action_report_score_matrix", secretariat_small)
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        content = render_xlsx(
            "cchc_index.action_report_score_matrix", secretariat_small
        )
        small_count = self.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            content = render_xlsx(
                "cchc_index.action_report_score_matrix",
                large.with_user(self.secretariat),
            )
        workbook = read_workbook(content)
        self.assertEqual(len(sheet_rows(workbook["Items"])), 30 * 51 + 1)
        self.assertEqual(len(sheet_rows(workbook.worksheets[0])), 30 + 1)
