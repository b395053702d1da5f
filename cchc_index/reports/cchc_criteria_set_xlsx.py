from odoo import models


class ReportCriteriaSetXlsx(models.AbstractModel):
    """A criteria set as the spreadsheet that its import wizard reads back."""

    _name = "report.cchc_index.criteria_set_xlsx"
    _inherit = "cchc.xlsx.report"
    _description = "Criteria Set Spreadsheet"

    def get_workbook_options(self):
        return {**super().get_workbook_options(), "in_memory": True}

    def generate_xlsx_report(self, workbook, data, criteria_set):
        self._check_printable(criteria_set)
        sheet = workbook.add_worksheet(str(criteria_set.year))
        bold = workbook.add_format({"bold": True, "text_wrap": True})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        titles = self.env["cchc.criteria.import"]._column_titles()
        sheet.write_row(0, 0, titles, bold)
        widths = (8, 60, 10, 12, 40, 12, 10, 10, 60, 14, 12)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        for row, item in enumerate(criteria_set.criterion_ids, start=1):
            sheet.write_row(row, 0, item._export_row(), wrap)
        if criteria_set.bonus_cap and criteria_set.criterion_ids:
            # The set's own rule: once, on the first row (see the import).
            sheet.write(1, len(widths) - 1, criteria_set.bonus_cap, wrap)
        sheet.freeze_panes(1, 2)
