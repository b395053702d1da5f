from odoo import fields, models


class CchcEvaluationParticipant(models.Model):
    """Who took part in a unit's self-assessment, as the plan requires."""

    _name = "cchc.evaluation.participant"
    _description = "Self-assessment Participant"
    _inherit = ["cchc.guard.mixin"]
    _cchc_visible_text_fields = ("name",)
    _order = "evaluation_id, role, id"
    _cchc_parent = ("evaluation_id", "_check_open")

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="evaluation_id.company_id", store=True, index=True
    )
    agency_id = fields.Many2one(related="evaluation_id.agency_id", store=True)
    name = fields.Char(required=True)
    job_title = fields.Char(string="Position")
    role = fields.Selection(
        [
            ("head", "Head of the unit"),
            ("division_head", "Head of a division"),
            ("invited", "Invited"),
        ],
        required=True,
        default="division_head",
    )
