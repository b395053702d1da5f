from odoo import api, fields, models


class CchcCampaignBand(models.Model):
    """A classification band of a campaign: units from this index up get its label."""

    _name = "cchc.campaign.band"
    _description = "Classification Band"
    _inherit = ["cchc.input.mixin"]
    _cchc_visible_text_fields = ("name",)
    _order = "campaign_id, lower_bound desc"

    campaign_id = fields.Many2one(
        "cchc.campaign", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(string="Classification", required=True)
    lower_bound = fields.Float(string="From Index", digits=(5, 2), required=True)

    _sql_constraints = [
        (
            "lower_bound_range",
            "CHECK(lower_bound >= 0 AND lower_bound <= 100)",
            "A band starts between 0 and 100.",
        ),
        (
            "lower_bound_unique",
            "unique(campaign_id, lower_bound)",
            "Two bands of a campaign cannot start at the same index.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self.env["cchc.campaign"].browse(
            [vals["campaign_id"] for vals in vals_list if vals.get("campaign_id")]
        )._check_not_published()
        return super().create(vals_list)

    def write(self, vals):
        self.campaign_id._check_not_published()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        self.campaign_id._check_not_published()
