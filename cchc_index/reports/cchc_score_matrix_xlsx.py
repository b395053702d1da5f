import re
from collections import defaultdict

from odoo import models
from odoo.tools import split_every

# Characters Excel refuses in a sheet name, and its maximum length.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
# Evaluations whose lines are read at a time for the items sheet.
LINE_CHUNK = 100


def sheet_name(name):
    return SHEET_NAME_FORBIDDEN.sub(" ", name)[:SHEET_NAME_MAX]


class ReportScoreMatrix(models.AbstractModel):
    """A campaign's results as a spreadsheet: units × fields, then item scores."""

    _name = "report.cchc_index.score_matrix"
    _inherit = "cchc.xlsx.report"
    _description = "Reform Index Score Matrix"

    def get_workbook_options(self):
        # Rows go to temporary files as they are written.
        return {**super().get_workbook_options(), "constant_memory": True}

    def generate_xlsx_report(self, workbook, data, campaign):
        """Write the campaign's results.

        One sheet per unit type ranks its units with their appraised points per
        field, total, applicable maximum, index and classification; the last
        sheet lists every unit's item scores, one row per unit and item.

        Built with the caller's rights, never sudo: it holds only the
        evaluations the record rules let the user read, so a unit officer gets
        the rows of their own unit.
        """
        self._check_printable(campaign)
        evaluations = self.env["cchc.evaluation"].search(
            [("campaign_id", "=", campaign.id)]
        )
        formats = {
            "header": workbook.add_format(
                {"bold": True, "text_wrap": True, "valign": "top"}
            ),
            "text": None,
            "integer": workbook.add_format({"num_format": "0"}),
            "points": workbook.add_format({"num_format": "0.00"}),
        }
        item_rows = []
        for criteria_set in campaign.criteria_set_ids:
            unit_type = criteria_set.unit_type_id
            ranked = evaluations.filtered(
                lambda e, t=unit_type: e.unit_type_id == t
            ).sorted(lambda e: (not e.rank, e.rank, e.agency_id.name))
            self._write_matrix(workbook, formats, criteria_set, ranked)
            item_rows += self._item_rows(ranked)
        self._write_sheet(
            workbook.add_worksheet(sheet_name(self.env._("Items"))),
            formats,
            [
                (self.env._("Unit Type"), 20, "text"),
                (self.env._("Unit"), 40, "text"),
                (self.env._("Code"), 8, "text"),
                (self.env._("Item"), 60, "text"),
                (self.env._("Maximum"), 10, "points"),
                (self.env._("Not Applicable"), 10, "integer"),
                (self.env._("Self Score"), 10, "points"),
                (self.env._("Appraised Score"), 10, "points"),
            ],
            item_rows,
            frozen_columns=3,
        )

    def _item_rows(self, evaluations):
        """One row per line of the evaluations, in their order.

        The lines are read a chunk of evaluations at a time and dropped from
        the cache after it: the ORM's prefetching over a whole campaign's lines
        costs time and memory that grow faster than the number of lines.
        """
        lines_model = self.env["cchc.evaluation.line"]
        items = {}  # criterion: its code, name and maximum, read once
        rows = []
        for ids in split_every(LINE_CHUNK, evaluations.ids):
            chunk = evaluations.browse(ids)
            lines = lines_model.search_fetch(
                [("evaluation_id", "in", chunk.ids)],
                [
                    "evaluation_id",
                    "criterion_id",
                    "is_na",
                    "self_points",
                    "appraised_points",
                ],
            )
            by_evaluation = defaultdict(list)
            for line in lines:
                criterion = line.criterion_id
                if criterion not in items:
                    items[criterion] = (
                        criterion.code,
                        criterion.name,
                        criterion.max_points,
                    )
                by_evaluation[line.evaluation_id].append(
                    (
                        *items[criterion],
                        int(line.is_na),
                        line.self_points,
                        line.appraised_points,
                    )
                )
            rows += [
                (evaluation.unit_type_id.name, evaluation.agency_id.name, *line_row)
                for evaluation in chunk
                for line_row in by_evaluation[evaluation]
            ]
            lines_model.invalidate_model()
        return rows

    def _write_matrix(self, workbook, formats, criteria_set, evaluations):
        """The sheet of one unit type: a row per unit, a column per field."""
        fields_ = criteria_set.criterion_ids.filtered(lambda c: not c.parent_id)
        # With survey, bonus or deduction items, their points beside the index.
        components = (
            [
                ("survey_points", self.env._("Survey Points")),
                ("bonus_points", self.env._("Bonus")),
                ("deduction_points", self.env._("Deductions")),
                ("index_max", self.env._("Index Maximum")),
            ]
            if criteria_set._has_index_components()
            else [("applicable_max", self.env._("Applicable Maximum"))]
        )
        columns = [
            (self.env._("Rank"), 6, "integer"),
            (self.env._("Unit"), 40, "text"),
            *(
                (f"{field.code}. {field.name} ({field.max_points:g})", 16, "points")
                for field in fields_
            ),
            (self.env._("Appraised Total"), 12, "points"),
            *((title, 12, "points") for _fname, title in components),
            (self.env._("Index"), 10, "points"),
            (self.env._("Classification"), 14, "text"),
        ]
        rows = []
        for evaluation in evaluations:
            points = {f.criterion_id: f.appraised_points for f in evaluation.field_ids}
            rows.append(
                (
                    evaluation.rank or None,
                    evaluation.agency_id.name,
                    *(points.get(field, 0.0) for field in fields_),
                    evaluation.appraised_total,
                    *(evaluation[fname] for fname, _title in components),
                    evaluation.appraised_index,
                    evaluation.band_id.name or None,
                )
            )
        self._write_sheet(
            workbook.add_worksheet(sheet_name(criteria_set.unit_type_id.name)),
            formats,
            columns,
            rows,
            frozen_columns=2,
        )

    def _write_sheet(self, sheet, formats, columns, rows, frozen_columns):
        """Header row, column widths and number formats, frozen panes, rows.

        :param columns: (title, width, format key) of each column
        """
        for col, (title, width, _format) in enumerate(columns):
            sheet.write(0, col, title, formats["header"])
            sheet.set_column(col, col, width)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                sheet.write(row, col, value, formats[columns[col][2]])
        sheet.freeze_panes(1, frozen_columns)
