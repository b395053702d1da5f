from odoo import fields, models


class CchcCampaignQuota(models.Model):
    """How many units of a type the province may award (Bằng khen) in a campaign."""

    _name = "cchc.campaign.quota"
    _description = "Award Quota"
    _inherit = ["cchc.guard.mixin"]
    _order = "campaign_id, unit_type_id"
    _cchc_parent = ("campaign_id", "_check_not_published")

    campaign_id = fields.Many2one(
        "cchc.campaign", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True
    )
    unit_type_id = fields.Many2one("cchc.unit.type", required=True)
    max_units = fields.Integer(string="At Most", required=True)

    _sql_constraints = [
        (
            "unit_type_unique",
            "unique(campaign_id, unit_type_id)",
            "A campaign has one award quota per unit type.",
        ),
        ("max_units_positive", "CHECK(max_units >= 0)", "A quota cannot be negative."),
    ]
