"""The addon's official documents: rendered in Vietnamese, whatever the user's
language, and paginated as Nghị định 30/2020/NĐ-CP requires (Arabic numerals,
centred in the top margin, from page 2). Debian's wkhtmltopdf ignores header
HTML, so the numbers are stamped onto the PDF it renders."""

import io

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from odoo import api, models
from odoo.tools import formatLang
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from .cchc_input_mixin import format_number

REPORT_PREFIX = "cchc_index."
DOCUMENT_LANG = "vi_VN"
PAGE_NUMBER_FONT = "Times-Roman"
PAGE_NUMBER_SIZE = 13
# Baseline of the page number below the top edge: the digits span ~10-13 mm,
# inside the 20 mm top margin.
PAGE_NUMBER_BASELINE = 13 * mm


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _is_cchc_document(self, report_ref):
        return self._get_report(report_ref).report_name.startswith(REPORT_PREFIX)

    @api.model
    def _render_qweb_html(self, report_ref, docids, data=None):
        """The documents are Vietnamese: render them in the document's language."""
        if self._is_cchc_document(report_ref):
            self = self.with_context(lang=DOCUMENT_LANG)
        return super()._render_qweb_html(report_ref, docids, data=data)

    def _get_rendering_context(self, report, docids, data):
        data = super()._get_rendering_context(report, docids, data)
        if self._is_cchc_document(report):
            data["format_number"] = self._cchc_format_number
        return data

    def _cchc_format_number(self, value, trim=False):
        """``value`` with 2 decimals in the rendering language (vi_VN: ``1.234,50``);
        with ``trim``, only the decimals it needs (``80``, ``85,5``)."""
        if trim:
            return format_number(self.env, value)
        return formatLang(self.env, value, digits=2)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Number the pages of each document. Several records are rendered one by
        one: Odoo splits a multi-record PDF by its outlines, which Debian's
        wkhtmltopdf does not write, and each document numbers its own pages."""
        if not self._is_cchc_document(report_ref):
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        if res_ids and len(res_ids) > 1 and len(set(res_ids)) == len(res_ids):
            collected = {}
            for res_id in res_ids:
                collected.update(
                    self._render_qweb_pdf_prepare_streams(
                        report_ref, data, res_ids=[res_id]
                    )
                )
            return collected
        report = self._get_report(report_ref)
        collected = super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        for stream_data in collected.values():
            # A stream reloaded from its attachment was numbered when it was saved.
            reloaded = report.attachment_use and stream_data["attachment"]
            if stream_data["stream"] and not reloaded:
                stream_data["stream"] = self._cchc_number_pages(
                    stream_data["stream"], report.get_paperformat()
                )
        return collected

    @api.model
    def _cchc_number_pages(self, stream, paperformat):
        """Return a copy of the PDF ``stream`` with 2, 3, … centred over the text
        block in the top margin of every page but the first."""
        reader = PdfFileReader(stream, strict=False)
        if len(reader.pages) < 2:
            return stream
        overlay = io.BytesIO()
        numbers = canvas.Canvas(overlay)
        for number, page in enumerate(reader.pages[1:], start=2):
            width = float(page.mediabox.width)
            height = float(page.mediabox.height)
            left = paperformat.margin_left * mm
            right = width - paperformat.margin_right * mm
            numbers.setPageSize((width, height))
            numbers.setFont(PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
            numbers.drawCentredString(
                (left + right) / 2, height - PAGE_NUMBER_BASELINE, str(number)
            )
            numbers.showPage()
        numbers.save()
        number_pages = PdfFileReader(overlay, strict=False).pages
        writer = PdfFileWriter()
        writer.add_page(reader.pages[0])
        for page, number_page in zip(reader.pages[1:], number_pages, strict=True):
            page.merge_page(number_page)
            writer.add_page(page)
        result = io.BytesIO()
        writer.write(result)
        stream.close()
        return result
