import re
import subprocess

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import CchcCase

MM = 72 / 25.4  # PDF points per millimetre


def vn(value, digits=2):
    """``value`` as Vietnamese documents write it: ``1.234,50``."""
    return f"{value:,.{digits}f}".translate(str.maketrans(",.", ".,"))


@tagged("post_install", "-at_install")
class TestReports(HttpCase, CchcCase):
    """The official documents, rendered to PDF by wkhtmltopdf and read back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appraisers = cls._make_appraisers()
        units = (
            cls.agency_stp
            | cls.env.ref("cchc_index_ha_nam.agency_skhdt")
            | cls.env.ref("cchc_index_ha_nam.agency_phuly")
        )
        cls.campaign = cls._make_campaign(
            units,
            decision_number="2546/QĐ-UBND",
            decision_date="2018-12-20",
            signer_name="Nguyễn Văn Thành",
            proposal_reference="Tờ trình số 512/TTr-SNV ngày 15/12/2018",
            award_min_index=82.5,
        )
        cls._submit_all(cls.campaign)
        skhdt = cls.campaign.evaluation_ids.filtered(
            lambda e: e.agency_id.code == "SKHDT"
        )
        lowered = skhdt.line_ids.filtered(
            lambda x: x.scoring_method == "yes_no" and x.self_points > 0
        )[0]
        lowered.with_user(cls.appraisers[lowered.assigned_agency_id.code]).write(
            {"appraised_points": 0, "appraisal_comment": "Không có văn bản kiểm chứng"}
        )
        cls._appraise(cls.campaign, cls.appraisers)
        cls.campaign.action_council_review()
        cls.campaign.with_user(cls.council).action_approve()
        cls.campaign.action_publish()
        cls.env["res.lang"]._activate_lang("vi_VN")

    def _pdf(self, report, records):
        """The PDF of ``records``, printed by a user whose language is English."""
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang="en_US")
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    @staticmethod
    def _text(pdf, *args):
        return subprocess.run(
            ["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()

    def _pdf_text(self, report, records):
        return " ".join(self._text(self._pdf(report, records)).split())

    def _page_count(self, pdf):
        info = subprocess.run(
            ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])

    def _top_words(self, pdf, page):
        """The words of the first line of ``page``, with their boxes in points."""
        html = self._text(pdf, "-bbox", "-f", str(page), "-l", str(page))
        words = [
            (word, float(x0), float(y0), float(x1))
            for x0, y0, x1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<',
                html,
            )
        ]
        self.assertTrue(words, f"page {page} has no text")
        top = min(y0 for _word, _x0, y0, _x1 in words)
        return [w for w in words if w[2] < top + 3]

    def _assert_numbered(self, pdf, first_page, last_page):
        """Pages ``first_page``..``last_page`` are one document (Nghị định 30): no
        number on its first page, then 2, 3, … centred over the text block
        (30 mm left, 15 mm right margins) in the 20 mm top margin."""
        first_line = self._top_words(pdf, first_page)
        self.assertGreaterEqual(
            first_line[0][2], 20 * MM - 1, f"page {first_page}: {first_line}"
        )
        for page in range(first_page + 1, last_page + 1):
            ((word, x0, y0, x1),) = self._top_words(pdf, page)
            self.assertEqual(word, str(page - first_page + 1))
            self.assertLess(y0, 20 * MM)
            self.assertGreater(y0, 5 * MM)
            self.assertAlmostEqual((x0 + x1) / 2, (30 + (210 - 15)) / 2 * MM, delta=2)

    def test_number_format(self):
        """Numbers are written in the document's language, Vietnamese, whatever
        the user's."""
        report = self.env["ir.actions.report"]
        fmt = report.with_context(lang="vi_VN")._cchc_format_number
        self.assertEqual(fmt(1234.5), "1.234,50")
        self.assertEqual(fmt(95.754), "95,75")
        self.assertEqual(fmt(85.5, trim=True), "85,5")
        self.assertEqual(fmt(80.0, trim=True), "80")
        html, _kind = report.with_context(lang="en_US")._render_qweb_html(
            "cchc_index.action_report_decision", self.campaign.ids
        )
        first = self.campaign.evaluation_ids.sorted("rank")[0]
        self.assertIn(vn(first.appraised_index), html.decode())

    def test_decision(self):
        text = self._pdf_text("cchc_index.action_report_decision", self.campaign)
        for expected in (
            "ỦY BAN NHÂN DÂN TỈNH HÀ NAM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 2546/QĐ-UBND",
            "Hà Nam, ngày 20 tháng 12 năm 2018",
            "QUYẾT ĐỊNH",
            "Căn cứ Quyết định số 1075/QĐ-UBND",
            "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 512/TTr-SNV",
            "Điều 1.",
            "Điều 3.",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Nguyễn Văn Thành",
            "Nơi nhận:",
            "Lưu: VT, NC.",
            "PHỤ LỤC",
        ):
            self.assertIn(expected, text)
        # The annex lists each group in rank order with its classification.
        so = self.campaign.evaluation_ids.filtered(
            lambda e: e.unit_type_id.code == "so"
        )
        so = so.sorted("rank")
        self.assertEqual(so.mapped("rank"), [1, 2])
        first, second = so
        row = (
            f"{first.rank} {first.agency_id.name} "
            + " ".join(vn(f.appraised_points) for f in first.field_ids)
            + f" {vn(first.appraised_total)} {vn(first.appraised_index)} {first.band_id.name}"
        )
        self.assertIn(row, text)
        self.assertIn(",", vn(first.appraised_index))
        self.assertNotRegex(text, r"\b\d+\.\d\d\b")
        self.assertLess(
            text.index(first.agency_id.name), text.index(second.agency_id.name)
        )
        self.assertLess(
            text.index(second.agency_id.name), text.index("UBND thành phố Phủ Lý")
        )

    def test_scorecard(self):
        skhdt = self.campaign.evaluation_ids.filtered(
            lambda e: e.agency_id.code == "SKHDT"
        )
        text = self._pdf_text("cchc_index.action_report_scorecard", skhdt)
        self.assertIn("KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018", text)
        self.assertIn("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", text)
        self.assertIn("Không có văn bản", text)  # the comment column wraps
        self.assertIn(f"Chỉ số cải cách hành chính: {vn(skhdt.appraised_index)}", text)
        self.assertIn(f"Xếp loại: {skhdt.band_id.name}", text)
        totals = f"{vn(skhdt.applicable_max)} {vn(skhdt.self_total)} {vn(skhdt.appraised_total)}"
        self.assertIn("Tổng cộng", text)
        self.assertIn(totals, text)

    def test_award_proposal(self):
        proposal = self.env["cchc.award.proposal"]._create_for_campaign(self.campaign)
        proposal.write(
            {
                "number": "512/TTr-SNV",
                "date": "2018-12-15",
                "candidate_ids": [
                    Command.create(
                        {
                            "name": "Trần Thị Thu Hương",
                            "job_title": "Trưởng phòng",
                            "agency_id": self.agency_snv.id,
                            "selected": True,
                        }
                    )
                ],
            }
        )
        self.assertEqual(len(proposal.line_ids), 3)  # all reach 82,5
        proposal.line_ids.selected = True
        text = self._pdf_text("cchc_index.action_report_award_proposal", proposal)
        for expected in (
            "UBND TỈNH HÀ NAM",
            "SỞ NỘI VỤ",
            "Số: 512/TTr-SNV",
            "Hà Nam, ngày 15 tháng 12 năm 2018",
            "TỜ TRÌNH",
            "Kính gửi: Ủy ban nhân dân tỉnh Hà Nam",
            "Quyết định số 2546/QĐ-UBND",
            "Trần Thị Thu Hương",
            "GIÁM ĐỐC",
            "đạt từ 82,5 điểm trở lên",
        ):
            self.assertIn(expected, text)
        for line in proposal.line_ids:
            self.assertIn(line.agency_id.name, text)
            self.assertIn(vn(line.appraised_index), text)
        self.assertIn(f"cho {len(proposal.line_ids)} tập thể và 1 cá nhân", text)

    def test_page_numbers(self):
        """The decision and a scorecard: numbered from page 2, top centre."""
        decision = self._pdf("cchc_index.action_report_decision", self.campaign)
        pages = self._page_count(decision)
        self.assertGreaterEqual(pages, 2)  # the annex starts a page
        self._assert_numbered(decision, 1, pages)
        skhdt = self.campaign.evaluation_ids.filtered(
            lambda e: e.agency_id.code == "SKHDT"
        )
        scorecard = self._pdf("cchc_index.action_report_scorecard", skhdt)
        pages = self._page_count(scorecard)
        self.assertGreaterEqual(pages, 2)
        self._assert_numbered(scorecard, 1, pages)

    def test_page_numbers_per_document(self):
        """Scorecards printed together: each one numbers its own pages."""
        evaluations = self.campaign.evaluation_ids.sorted("id")[:2]
        counts = [
            self._page_count(self._pdf("cchc_index.action_report_scorecard", e))
            for e in evaluations
        ]
        both = self._pdf("cchc_index.action_report_scorecard", evaluations)
        self.assertEqual(self._page_count(both), sum(counts))
        self._assert_numbered(both, 1, counts[0])
        self._assert_numbered(both, counts[0] + 1, sum(counts))
