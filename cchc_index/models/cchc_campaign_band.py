from odoo import fields, models


class CchcCampaignBand(models.Model):
    """A classification band of a campaign: units from this index up get its label."""

    _name = "cchc.campaign.band"
    _description = "Classification Band"
    _inherit = ["cchc.guard.mixin"]
    _cchc_visible_text_fields = ("name",)
    _order = "campaign_id, lower_bound desc"
    _cchc_parent = ("campaign_id", "_check_not_published")

    campaign_id = fields.Many2one(
        "cchc.campaign", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True
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
