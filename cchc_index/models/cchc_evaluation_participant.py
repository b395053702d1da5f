from odoo import api, fields, models


class CchcEvaluationParticipant(models.Model):
    """Who took part in a unit's self-assessment, as the plan requires."""

    _name = "cchc.evaluation.participant"
    _description = "Self-assessment Participant"
    _inherit = ["cchc.input.mixin"]
    _cchc_visible_text_fields = ("name",)
    _order = "evaluation_id, role, id"

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True
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

    @api.model_create_multi
    def create(self, vals_list):
        self.env["cchc.evaluation"].browse(
            [vals["evaluation_id"] for vals in vals_list if vals.get("evaluation_id")]
        )._check_open()
        return super().create(vals_list)

    def write(self, vals):
        self.evaluation_id._check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self.evaluation_id._check_open()
