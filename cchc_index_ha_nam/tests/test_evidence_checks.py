import base64
import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .common import CchcCase

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BROKEN_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def vietnamese_pdf(*lines):
    """A one-page PDF with a text layer, in a font that writes Vietnamese;
    without lines, a page with a drawing only (as a scan has no text)."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("DejaVu", 12)
    for number, line in enumerate(lines):
        page.drawString(50, 800 - 20 * number, line)
    if not lines:
        page.rect(50, 500, 300, 200, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


DECISION = vietnamese_pdf(
    "ỦY BAN NHÂN DÂN TỈNH HÀ NAM",
    "Số: 123/QĐ-UBND          Hà Nam, ngày 12 tháng 3 năm 2039",
    "QUYẾT ĐỊNH Ban hành Kế hoạch cải cách hành chính năm 2039",
)
OLD_DECISION = vietnamese_pdf(
    "ỦY BAN NHÂN DÂN TỈNH HÀ NAM",
    "Số: 123 / QĐ-UBND",
    "Hà Nam, ngày 12 tháng 3 năm 2018",
)
SCAN = vietnamese_pdf()


class TestEvidenceChecks(CchcCase):
    """The number and date printed on a document's first page are read in
    batches after upload and compared with what the unit typed and with the
    assessed year: mismatches become flags, nothing is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_small_campaign(2039)
        cls.cron = cls.env.ref("cchc_index.ir_cron_check_evidence_documents")

    def _document(self, raw, name="qd.pdf", **vals):
        return (
            self.env["cchc.evidence.document"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Quyết định ban hành kế hoạch CCHC",
                    "document_number": "123/QĐ-UBND",
                    "document_date": "2039-03-12",
                    "evaluation_id": self.evaluation.id,
                    "upload": base64.b64encode(raw),
                    "upload_name": name,
                    **vals,
                }
            )
        )

    def _run_checks(self):
        """What the cron does, batch after batch, until nothing waits."""
        documents = self.env["cchc.evidence.document"]
        while documents.search_count([("check_state", "=", "pending")]):
            documents._cron_check_documents()

    def test_upload_triggers_the_checks_without_waiting_for_them(self):
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        document = self._document(DECISION)
        self.assertEqual(document.check_state, "pending")
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            len(triggers),
        )

    def test_number_and_date_read_and_matching(self):
        document = self._document(DECISION)
        self._run_checks()
        self.assertEqual(
            (document.check_state, document.read_number, str(document.read_date)),
            ("done", "123/QĐ-UBND", "2039-03-12"),
        )
        self.assertFalse(document.check_flags)

    def test_mismatches_are_flagged_on_the_citation(self):
        document = self._document(
            OLD_DECISION, document_number="124/QĐ-UBND", document_date="2039-03-13"
        )
        self._run_checks()
        self.assertEqual(document.read_number, "123/QĐ-UBND")
        self.assertEqual(
            document.check_flags.splitlines(),
            [
                "The document reads number 123/QĐ-UBND, not 124/QĐ-UBND.",
                "The document is dated 03/12/2018, not 03/13/2039.",
                "The document is dated 03/12/2018, outside the assessed year 2039.",
            ],
        )
        line = self.lines["1.1"]
        self.env["cchc.evidence.citation"].with_user(self.officer).create(
            {"line_id": line.id, "document_id": document.id, "section": "Điều 1"}
        )
        self.assertEqual(line.citation_ids.check_flags, document.check_flags)
        self.assertIn("not 124/QĐ-UBND", line.with_user(self.officer).evidence_warning)
        # Typed again, checked again.
        document.with_user(self.officer).write(
            {"document_number": "123/QĐ-UBND", "document_date": "2018-03-12"}
        )
        self.assertEqual(document.check_state, "pending")
        self._run_checks()
        self.assertEqual(
            document.check_flags,
            "The document is dated 03/12/2018, outside the assessed year 2039.",
        )

    def test_unreadable_pdfs_never_stop_the_batch(self):
        scan = self._document(SCAN, name="scan.pdf", document_number="1/KH")
        broken = self._document(BROKEN_PDF, name="broken.pdf", document_number="2/KH")
        good = self._document(DECISION)
        self._run_checks()
        self.assertEqual(
            (scan | broken | good).mapped("check_state"),
            ["unreadable", "unreadable", "done"],
        )
        self.assertIn("No text could be read", scan.check_flags)
        self.assertFalse(good.check_flags)

    def test_files_other_than_pdf_are_not_read(self):
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
        )
        document = self._document(png, name="photo.png")
        self._run_checks()
        self.assertEqual(document.check_state, "skipped")
        self.assertFalse(document.check_flags)
