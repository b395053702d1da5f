from odoo import models
from odoo.exceptions import MissingError, UserError


class CchcXlsxReport(models.AbstractModel):
    """What the module's spreadsheets share: one record each, read access, text."""

    _name = "cchc.xlsx.report"
    _inherit = "report.report_xlsx.abstract"
    _description = "Reform Index Spreadsheet"

    def get_workbook_options(self):
        # User text stays text, even when it starts with "=" or looks like a URL.
        return {"strings_to_formulas": False, "strings_to_urls": False}

    def _check_printable(self, records):
        """Refuse anything but one existing record the user may read."""
        if len(records) != 1:
            raise UserError(
                self.env._(
                    "Print this spreadsheet for one record at a time (%(count)s "
                    "selected).",
                    count=len(records),
                )
            )
        if not records.exists():
            raise MissingError(
                self.env._("The record to print does not exist or has been deleted.")
            )
        records.check_access("read")
