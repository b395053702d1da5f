from odoo import api, fields, models
from odoo.exceptions import AccessError


class CchcAwardCandidate(models.Model):
    """An individual proposed for a Bằng khen, by a unit or by the secretariat."""

    _name = "cchc.award.candidate"
    _check_company_auto = True
    _description = "Proposed Individual"
    _inherit = ["cchc.guard.mixin"]
    _cchc_visible_text_fields = ("name",)
    _order = "proposal_id, id"
    _cchc_parent = ("proposal_id", "_check_draft")

    proposal_id = fields.Many2one(
        "cchc.award.proposal", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="proposal_id.company_id", store=True, index=True
    )
    name = fields.Char(required=True)
    job_title = fields.Char(string="Position")
    agency_id = fields.Many2one(
        "cchc.agency",
        string="Unit",
        required=True,
        check_company=True,
        index=True,
        default=lambda self: self.env.user.cchc_agency_id,
        help="The unit where the person works, which proposes them.",
    )
    achievements = fields.Text()
    proposed_by = fields.Selection(
        [("unit", "Unit"), ("secretariat", "Secretariat")],
        required=True,
        readonly=True,
        default=lambda self: self._default_proposed_by(),
    )
    selected = fields.Boolean(help="Chosen by the secretariat for the proposal.")

    @api.model
    def _default_proposed_by(self):
        if self.env.user.has_group("cchc_index.group_cchc_secretariat"):
            return "secretariat"
        return "unit"

    def _check_may_select(self):
        if not (
            self.env.su or self.env.user.has_group("cchc_index.group_cchc_secretariat")
        ):
            raise AccessError(
                self.env._("Only the secretariat selects the individuals to propose.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("selected") for vals in vals_list):
            self._check_may_select()
        return super().create(vals_list)

    def write(self, vals):
        if "selected" in vals:
            self._check_may_select()
        return super().write(vals)
