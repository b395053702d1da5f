from odoo import api, fields, models


class CchcCampaignQuota(models.Model):
    """How many units of a type the province may award (Bằng khen) in a campaign."""

    _name = "cchc.campaign.quota"
    _description = "Award Quota"
    _inherit = ["cchc.input.mixin"]
    _order = "campaign_id, unit_type_id"

    campaign_id = fields.Many2one(
        "cchc.campaign", required=True, ondelete="cascade", index=True
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
