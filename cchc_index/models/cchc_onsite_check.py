from odoo import api, fields, models


class CchcOnsiteCheck(models.Model):
    """The secretariat's on-site check of a unit's self-scoring."""

    _name = "cchc.onsite.check"
    _description = "On-site Check"
    _inherit = ["mail.thread", "cchc.input.mixin"]
    _order = "date desc, id desc"

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True
    )
    agency_id = fields.Many2one(related="evaluation_id.agency_id", store=True)
    date = fields.Date(
        required=True, default=lambda self: self.env.company._cchc_today()
    )
    members = fields.Text(help="Who carried out the check.")
    findings = fields.Html()
    line_ids = fields.Many2many(
        "cchc.evaluation.line",
        string="Items Concerned",
        domain="[('evaluation_id', '=', evaluation_id)]",
    )

    @api.depends("evaluation_id.display_name", "date")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = f"{rec.evaluation_id.display_name} – {rec.date}"

    @api.model_create_multi
    def create(self, vals_list):
        self.env["cchc.evaluation"].browse(
            [vals["evaluation_id"] for vals in vals_list if vals.get("evaluation_id")]
        ).campaign_id._check_not_published()
        return super().create(vals_list)

    def write(self, vals):
        self.evaluation_id.campaign_id._check_not_published()
        return super().write(vals)
