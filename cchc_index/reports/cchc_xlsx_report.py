from io import StringIO

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet, cell_string_tuple

from odoo import models
from odoo.exceptions import MissingError, UserError


class RowsWorksheet(Worksheet):
    """A worksheet that writes many rows of plain values fast.

    In constant_memory mode ``write()`` costs some microseconds a cell (its type
    dispatch, then the rendering of the finished row), most of the time of a
    large report. ``write_rows()`` renders the rows' XML itself, byte for byte
    what ``write()`` gives: each distinct string and the row tag are rendered
    once by xlsxwriter, numbers as xlsxwriter formats them. It does so in
    constant_memory mode with strings_to_formulas, strings_to_numbers and
    strings_to_urls off, and calls ``write()`` otherwise.
    """

    def write_rows(self, first_row, rows, cell_formats):
        """Write ``rows`` (sequences of str, int, float or None) from
        ``first_row`` down, the value of column ``c`` in ``cell_formats[c]``
        (a Format or None). Like ``write()``, an empty value is written as a
        blank cell if it has a format, else left out."""
        fast = self.constant_memory and not self.set_rows
        # Strings written as they are: no formulas, numbers or links made of them.
        fast &= not (
            self.strings_to_formulas or self.strings_to_numbers or self.strings_to_urls
        )
        if not fast:
            for row, values in enumerate(rows, start=first_row):
                for col, value in enumerate(values):
                    self.write(row, col, value, cell_formats[col])
            return
        if first_row < self.previous_row or (
            first_row == self.previous_row and self.table
        ):
            raise ValueError("write_rows() writes below the rows already written")
        self._write_single_row(first_row)  # the row written before, if any
        styles = [self._style_attribute(col, f) for col, f in enumerate(cell_formats)]
        refs = [
            f'<c r="{xl_col_to_name(col)}%d"{style}' for col, style in enumerate(styles)
        ]
        numbers = [ref + "><v>%.16G</v></c>" for ref in refs]
        blanks = [
            ref + "/>" if cell_formats[col] else None for col, ref in enumerate(refs)
        ]
        row_tag = self._render(self._write_row, 0, None).replace('r="1"', 'r="%d"', 1)
        strings = {}  # string: the end of its cell's XML
        first = last = None  # the first and last rows written, columns used
        col_min = col_max = None
        out = []
        for row, values in enumerate(rows, start=first_row):
            if row >= self.xls_rowmax:
                raise ValueError("write_rows() writes past the last row of a sheet")
            number = row + 1
            cells = []
            skipped = []
            for col, value in enumerate(values):
                kind = type(value)
                if kind is float or kind is int:
                    cells.append(numbers[col] % (number, value))
                elif kind is str and value:
                    tail = strings.get(value)
                    if tail is None:
                        tail = strings[value] = self._string_cell_tail(value)
                    cells.append(refs[col] % number + tail)
                elif value is not None and kind is not str:
                    raise TypeError(f"write_rows() cannot write a {kind.__name__}")
                elif blanks[col]:
                    cells.append(blanks[col] % number)
                else:
                    skipped.append(col)
            if not cells:
                continue
            if skipped:
                used = [c for c in range(len(values)) if c not in skipped]
                low, high = used[0], used[-1]
            else:
                low, high = 0, len(values) - 1
            if first is None:
                first, col_min, col_max = row, low, high
            last, col_min, col_max = row, min(col_min, low), max(col_max, high)
            out.append(row_tag % number + "".join(cells) + "</row>")
            if len(out) >= 1000:
                self.fh.write("".join(out))
                out.clear()
        self.fh.write("".join(out))
        if first is not None:
            self._check_dimensions(first, col_min)
            self._check_dimensions(last, col_max)
            self.previous_row = last

    def _style_attribute(self, col, cell_format):
        """The s="…" attribute of a cell of this column, as _write_cell puts it."""
        cell_format = cell_format or self.col_formats.get(col)
        return f' s="{cell_format._get_xf_index()}"' if cell_format else ""

    def _string_cell_tail(self, string):
        """What follows the r and s attributes in the XML of a string cell."""
        string = string[: self.xls_strmax]
        rendered = self._render(self._write_cell, 0, 0, cell_string_tuple(string, None))
        return rendered[len('<c r="A1"') :]

    def _render(self, method, *args):
        """The XML a rendering method of xlsxwriter writes."""
        fh, self.fh = self.fh, StringIO()
        try:
            method(*args)
            return self.fh.getvalue()
        finally:
            self.fh = fh


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
