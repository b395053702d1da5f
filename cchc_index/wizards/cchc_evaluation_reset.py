from odoo import fields, models


class CchcEvaluationReset(models.TransientModel):
    """Send submitted self-assessments back to their units, with a reason."""

    _name = "cchc.evaluation.reset"
    _description = "Send a Self-assessment Back"
    _inherit = ["cchc.input.mixin"]
    _cchc_visible_text_fields = ("reason",)

    evaluation_ids = fields.Many2many("cchc.evaluation", string="Evaluations")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.evaluation_ids._reset_to_draft(self.reason)
