import re
from collections import defaultdict

from odoo import models
from odoo.tools import SQL, split_every

from ..models.cchc_criterion import COUNTED_KINDS
from .cchc_xlsx_report import RowsWorksheet

# Characters Excel refuses in a sheet name, and its maximum length.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
# Evaluations whose lines are read at a time for the items sheet.
LINE_CHUNK = 1000
# The SQL types the ORM's numbers are read as.
NUMBER_SQL_TYPES = {"float": "float8", "integer": "int4"}


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
        the rows of their own unit. The evaluations, fields and lines are read
        by SQL in the shape of the rows, through the queries of ``_search``
        (access rights and record rules applied); the names of the units,
        items and classifications through the ORM.
        """
        self._check_printable(campaign)
        evaluations = self._read_evaluations(campaign)
        formats = {
            "header": workbook.add_format(
                {"bold": True, "text_wrap": True, "valign": "top"}
            ),
            "text": None,
            "integer": workbook.add_format({"num_format": "0"}),
            "points": workbook.add_format({"num_format": "0.00"}),
        }
        listed = []  # the evaluations of the items sheet, in order
        for criteria_set in campaign.criteria_set_ids:
            unit_type = criteria_set.unit_type_id
            ranked = sorted(
                (e for e in evaluations if e["unit_type_id"] == unit_type.id),
                key=lambda e: (not e["rank"], e["rank"], e["unit"]),
            )
            self._write_matrix(workbook, formats, criteria_set, ranked)
            listed += [(unit_type.name, e) for e in ranked]
        self._write_sheet(
            workbook.add_worksheet(
                sheet_name(self.env._("Items")), worksheet_class=RowsWorksheet
            ),
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
            self._item_rows(listed),
            frozen_columns=3,
        )

    def _select(self, model, domain, columns, order=None):
        """Rows of ``columns`` (field names) of the records of ``domain`` the
        user may read, in ``order``; numbers as the ORM gives them (floats,
        NULL as 0)."""
        query = model._search(domain, order=order)
        alias = query.table
        selected = []
        for name in columns:
            column = model._field_to_sql(alias, name, query)
            kind = model._fields[name].type
            if kind in ("float", "integer"):
                column = SQL(f"COALESCE(%s, 0)::{NUMBER_SQL_TYPES[kind]}", column)
            selected.append(column)
        self.env.cr.execute(query.select(*selected))
        return self.env.cr.fetchall()

    def _names(self, model, ids, fnames=("name",)):
        """{id: values of fnames} of these records, read with the ORM."""
        return {
            rec["id"]: tuple(rec[f] for f in fnames)
            for rec in model.browse(ids).read(list(fnames))
        }

    def _read_evaluations(self, campaign):
        """The campaign's evaluations the user may read, in their model's
        order, as dicts with the values the sheets show and their field points."""
        model = self.env["cchc.evaluation"]
        columns = (
            "id",
            "unit_type_id",
            "agency_id",
            "rank",
            "appraised_total",
            "applicable_max",
            "survey_points",
            "bonus_points",
            "deduction_points",
            "index_max",
            "appraised_index",
            "band_id",
        )
        domain = [("campaign_id", "=", campaign.id)]
        evaluations = [
            dict(zip(columns, row, strict=True))
            for row in self._select(model, domain, columns, order=model._order)
        ]
        units = self._names(
            self.env["cchc.agency"], list({e["agency_id"] for e in evaluations})
        )
        bands = self._names(
            self.env["cchc.campaign.band"],
            list({e["band_id"] for e in evaluations if e["band_id"]}),
        )
        points = defaultdict(dict)  # evaluation id: {field criterion id: points}
        for evaluation_id, criterion_id, appraised in self._select(
            self.env["cchc.evaluation.field"],
            [("evaluation_id", "in", [e["id"] for e in evaluations])],
            ("evaluation_id", "criterion_id", "appraised_points"),
        ):
            points[evaluation_id][criterion_id] = appraised
        for evaluation in evaluations:
            evaluation["unit"] = units[evaluation["agency_id"]][0]
            evaluation["band"] = bands.get(evaluation["band_id"], (None,))[0]
            evaluation["points"] = points[evaluation["id"]]
        return evaluations

    def _item_rows(self, listed):
        """One row per line of the listed (unit type name, evaluation), in
        their order, each evaluation's lines in the order of the criteria.

        The lines of LINE_CHUNK evaluations are read at a time, as the rows
        are written: the sheet never is in memory whole.
        """
        line_model = self.env["cchc.evaluation.line"]
        items = {}  # criterion id: its code, name and maximum, read once
        for chunk in split_every(LINE_CHUNK, listed):
            by_evaluation = defaultdict(list)
            for (
                evaluation_id,
                criterion_id,
                is_na,
                self_points,
                appraised,
            ) in self._select(
                line_model,
                [("evaluation_id", "in", [e["id"] for _type, e in chunk])],
                (
                    "evaluation_id",
                    "criterion_id",
                    "is_na",
                    "self_points",
                    "appraised_points",
                ),
                order="sort_key, id",
            ):
                by_evaluation[evaluation_id].append(
                    (criterion_id, int(bool(is_na)), self_points, appraised)
                )
            missing = {
                line[0] for lines in by_evaluation.values() for line in lines
            } - items.keys()
            items.update(
                self._names(
                    self.env["cchc.criterion"],
                    list(missing),
                    ("code", "name", "max_points"),
                )
            )
            for type_name, evaluation in chunk:
                for criterion_id, *scores in by_evaluation[evaluation["id"]]:
                    yield (type_name, evaluation["unit"], *items[criterion_id], *scores)

    def _write_matrix(self, workbook, formats, criteria_set, evaluations):
        """The sheet of one unit type: a row per unit, a column per field."""
        # The fields in the index's 100 points; bonus and deductions have columns
        # of their own.
        fields_ = criteria_set.criterion_ids.filtered(
            lambda c: not c.parent_id and c.point_kind in COUNTED_KINDS
        )
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
        rows = (
            (
                e["rank"] or None,
                e["unit"],
                *(e["points"].get(field.id, 0.0) for field in fields_),
                e["appraised_total"],
                *(e[fname] for fname, _title in components),
                e["appraised_index"],
                e["band"] or None,
            )
            for e in evaluations
        )
        self._write_sheet(
            workbook.add_worksheet(
                sheet_name(criteria_set.unit_type_id.name),
                worksheet_class=RowsWorksheet,
            ),
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
        sheet.write_rows(1, rows, [formats[key] for _t, _w, key in columns])
        sheet.freeze_panes(1, frozen_columns)
