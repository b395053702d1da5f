"""What a library document says: its number and date read from the first page
of a PDF with a text layer, compared with what the unit typed and with the
assessed year. Mismatches are flags for the unit and the appraisers; nothing is
refused for them."""

import io
import logging
import re
import unicodedata
from datetime import date

from odoo import api, fields, models
from odoo.tools import format_date
from odoo.tools.pdf import PdfFileReader

_logger = logging.getLogger(__name__)

# "Số: 123/QĐ-UBND", "Số 45/2018/NQ-HĐND": digits, then "/"-separated parts.
NUMBER_PATTERN = re.compile(r"\bSố\s*[:.]?\s*(\d+(?:\s*/\s*[\w.\-]+)+)", re.IGNORECASE)
# "ngày 12 tháng 3 năm 2018"
DATE_PATTERN = re.compile(
    r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE
)
CHECK_BATCH = 50
CRON_XMLID = "cchc_index.ir_cron_check_evidence_documents"


def normalized_number(number):
    """A document number as compared: no spaces, upper case, composed."""
    text = unicodedata.normalize("NFC", number or "")
    return re.sub(r"\s+", "", text).upper()


def read_first_page(raw):
    """(number, date) printed on the first page of a PDF, each None when not
    found; raise ValueError when the page has no text layer."""
    reader = PdfFileReader(io.BytesIO(raw), strict=False)
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text() or "")
    if not text.strip():
        raise ValueError("no text layer")
    number = NUMBER_PATTERN.search(text)
    found = DATE_PATTERN.search(text)
    day = None
    if found:
        try:
            day = date(int(found[3]), int(found[2]), int(found[1]))
        except ValueError:
            day = None
    return (number and re.sub(r"\s+", "", number[1])), day


class CchcEvidenceDocument(models.Model):
    _inherit = "cchc.evidence.document"

    check_state = fields.Selection(
        [
            ("pending", "To Check"),
            ("done", "Checked"),
            ("unreadable", "Not Readable"),
            ("skipped", "Not a PDF"),
        ],
        string="Check",
        default="pending",
        required=True,
        readonly=True,
        copy=False,
    )
    read_number = fields.Char(string="Number Read", readonly=True, copy=False)
    read_date = fields.Date(string="Date Read", readonly=True, copy=False)
    check_flags = fields.Text(
        string="Flags",
        readonly=True,
        copy=False,
        help="What the first page says against what was typed and the assessed "
        "year: to check, nothing is refused for it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.ref(CRON_XMLID).sudo()._trigger()
        return records

    def write(self, vals):
        result = super().write(vals)
        if {"document_number", "document_date"} & set(vals):
            # Checked again against the new values, in the next batch.
            self.sudo().write({"check_state": "pending"})
            self.env.ref(CRON_XMLID).sudo()._trigger()
        return result

    @api.model
    def _cron_check_documents(self, limit=CHECK_BATCH):
        """Check the documents waiting for it, a batch at a time; one
        unreadable file never stops the others."""
        documents = self.sudo().search(
            [("check_state", "=", "pending")], order="id", limit=limit
        )
        for document in documents:
            document._check_document()
        if len(documents) == limit:
            self.env.ref(CRON_XMLID).sudo()._trigger()

    def _check_document(self):
        self.ensure_one()
        if self.attachment_id.mimetype != "application/pdf":
            self.write({"check_state": "skipped", "check_flags": False})
            return
        try:
            number, day = read_first_page(self.attachment_id.raw)
        except Exception as error:  # noqa: BLE001 - any broken or image-only PDF
            _logger.info("evidence document %s not readable: %s", self.id, error)
            self.write(
                {
                    "check_state": "unreadable",
                    "read_number": False,
                    "read_date": False,
                    "check_flags": self.env._(
                        "No text could be read on the first page (a scan?): "
                        "check the number and the date by eye."
                    ),
                }
            )
            return
        self.write(
            {
                "check_state": "done",
                "read_number": number,
                "read_date": day,
                "check_flags": "\n".join(self._check_problems(number, day)) or False,
            }
        )

    def _check_problems(self, number, day):
        """Flags of what the first page says against what was typed."""
        problems = []
        if (
            number
            and self.document_number
            and (normalized_number(number) != normalized_number(self.document_number))
        ):
            problems.append(
                self.env._(
                    "The document reads number %(read)s, not %(typed)s.",
                    read=number,
                    typed=self.document_number,
                )
            )
        if day and self.document_date and day != self.document_date:
            problems.append(
                self.env._(
                    "The document is dated %(read)s, not %(typed)s.",
                    read=format_date(self.env, day),
                    typed=format_date(self.env, self.document_date),
                )
            )
        dated = day or self.document_date
        year = self.evaluation_id.year
        if dated and dated.year != year:
            problems.append(
                self.env._(
                    "The document is dated %(date)s, outside the assessed year "
                    "%(year)s.",
                    date=format_date(self.env, dated),
                    year=year,
                )
            )
        return problems
