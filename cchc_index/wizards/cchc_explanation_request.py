from odoo import fields, models


class CchcExplanationRequest(models.TransientModel):
    """Ask a unit to explain some items of an appraisal (giải trình)."""

    _name = "cchc.explanation.request"
    _description = "Request an Explanation"
    _inherit = ["cchc.input.mixin"]
    _cchc_visible_text_fields = ("message",)

    appraisal_id = fields.Many2one("cchc.appraisal", required=True)
    line_ids = fields.Many2many(
        "cchc.evaluation.line",
        string="Items",
        required=True,
        domain="[('appraisal_id', '=', appraisal_id), "
        "('explanation_requested', '=', False), ('is_na', '=', False)]",
    )
    message = fields.Text(required=True)

    def action_confirm(self):
        self.appraisal_id._request_explanation(self.line_ids, self.message)
