from odoo import fields, models

from odoo.addons.base.models.res_partner import _tz_get

# National wording of the publication decision (a Vietnamese document whatever the
# user's language); each province adds its own bases on its company.
DEFAULT_LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương "
    "trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;"
)
DEFAULT_RECIPIENTS = (
    "Như Điều 3;\nBộ Nội vụ (để b/c);\nTT Tỉnh ủy, TT HĐND tỉnh (để b/c);\n"
    "Chủ tịch, các PCT UBND tỉnh;\nCổng Thông tin điện tử tỉnh;\nLưu: VT, NC."
)


class ResCompany(models.Model):
    _inherit = "res.company"

    cchc_tz = fields.Selection(
        _tz_get,
        string="Reform Index Time Zone",
        default="Asia/Ho_Chi_Minh",
        required=True,
        help="The province's time zone: the dates of its campaigns (closing dates, "
        "reminders) are calendar days there, whoever asks and from wherever.",
    )

    # Defaults of each new campaign's documents: the province's own texts.
    cchc_province_name = fields.Char(
        string="Province",
        help="The province as its documents name it, e.g. Ninh Bình: printed in the "
        "issuing body (ỦY BAN NHÂN DÂN TỈNH …) and the place of the decisions.",
    )
    cchc_legal_bases = fields.Text(
        string="Legal Bases of the Decision",
        default=DEFAULT_LEGAL_BASES,
        help="Căn cứ … of the publication decision, one per line.",
    )
    cchc_signer_name = fields.Char(string="Signer of the Decision")
    cchc_signer_title = fields.Char(string="Signer's Title", default="PHÓ CHỦ TỊCH")
    cchc_signer_authority = fields.Char(
        string="Signing Authority",
        default="KT. CHỦ TỊCH",
        help="Signing on behalf, e.g. KT. CHỦ TỊCH.",
    )
    cchc_recipients = fields.Text(
        string="Recipients of the Decision",
        default=DEFAULT_RECIPIENTS,
        help="Nơi nhận: one recipient per line.",
    )

    def _cchc_today(self):
        """Today's date in the province, the same for every user and request."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self.cchc_tz))
