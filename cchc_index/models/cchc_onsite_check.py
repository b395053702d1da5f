from odoo import api, fields, models


class CchcOnsiteCheck(models.Model):
    """The secretariat's on-site check of a unit's self-scoring."""

    _name = "cchc.onsite.check"
    _description = "On-site Check"
    _inherit = ["mail.thread", "cchc.guard.mixin"]
    _order = "date desc, id desc"
    _cchc_parent = ("evaluation_id", "_check_not_published")

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="evaluation_id.company_id", store=True, index=True
    )
    agency_id = fields.Many2one(related="evaluation_id.agency_id", store=True)
    date = fields.Date(required=True, default=lambda self: self._default_date())
    members = fields.Text(help="Who carried out the check.")
    findings = fields.Html()
    line_ids = fields.Many2many(
        "cchc.evaluation.line",
        string="Items Concerned",
        domain="[('evaluation_id', '=', evaluation_id)]",
    )

    @api.model
    def _default_date(self):
        """Today in the province of the evaluation (of the context), else in
        the current company's."""
        evaluation = self.env["cchc.evaluation"].browse(
            self.env.context.get("default_evaluation_id")
        )
        return (evaluation.company_id or self.env.company)._cchc_today()

    @api.depends("evaluation_id.display_name", "date")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = f"{rec.evaluation_id.display_name} – {rec.date}"
