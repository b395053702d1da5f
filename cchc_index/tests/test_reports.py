import subprocess

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import CchcCase


@tagged("post_install", "-at_install")
class TestReports(HttpCase, CchcCase):
    """The official documents, rendered to PDF by wkhtmltopdf and read back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appraisers = cls._make_appraisers()
        units = (
            cls.agency_stp
            | cls.env.ref("cchc_index.agency_skhdt")
            | cls.env.ref("cchc_index.agency_phuly")
        )
        cls.campaign = cls._make_campaign(
            units,
            decision_number="2546/QĐ-UBND",
            decision_date="2018-12-20",
            signer_name="Nguyễn Văn Thành",
            proposal_reference="Tờ trình số 512/TTr-SNV ngày 15/12/2018",
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

    def _pdf_text(self, report, records):
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return " ".join(text.split())

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
            + " ".join(f"{f.appraised_points:.2f}" for f in first.field_ids)
            + f" {first.appraised_total:.2f} {first.appraised_index:.2f} {first.band_id.name}"
        )
        self.assertIn(row, text)
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
        self.assertIn(f"Chỉ số cải cách hành chính: {skhdt.appraised_index:.2f}", text)
        self.assertIn(f"Xếp loại: {skhdt.band_id.name}", text)
        totals = f"{skhdt.applicable_max:.2f} {skhdt.self_total:.2f} {skhdt.appraised_total:.2f}"
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
        ):
            self.assertIn(expected, text)
        for line in proposal.line_ids:
            self.assertIn(line.agency_id.name, text)
            self.assertIn(f"{line.appraised_index:.2f}", text)
        self.assertIn(f"cho {len(proposal.line_ids)} tập thể và 1 cá nhân", text)
