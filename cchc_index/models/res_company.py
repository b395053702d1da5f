from odoo import fields, models

from odoo.addons.base.models.res_partner import _tz_get


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

    def _cchc_today(self):
        """Today's date in the province, the same for every user and request."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self.cchc_tz))
