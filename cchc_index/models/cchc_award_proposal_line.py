from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CchcAwardProposalLine(models.Model):
    """A unit listed for a collective award, with its published result."""

    _name = "cchc.award.proposal.line"
    _description = "Proposed Collective"
    _inherit = ["cchc.guard.mixin"]
    _order = "proposal_id, unit_type_id, rank, id"
    _cchc_parent = ("proposal_id", "_check_draft")

    proposal_id = fields.Many2one(
        "cchc.award.proposal", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="proposal_id.company_id", store=True, index=True
    )
    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="restrict"
    )
    agency_id = fields.Many2one(related="evaluation_id.agency_id", store=True)
    unit_type_id = fields.Many2one(related="evaluation_id.unit_type_id", store=True)
    appraised_index = fields.Float(related="evaluation_id.appraised_index", store=True)
    band_id = fields.Many2one(related="evaluation_id.band_id", store=True)
    rank = fields.Integer(related="evaluation_id.rank", store=True)
    selected = fields.Boolean()
    tie_at_cut = fields.Boolean(
        string="Tied at the Cut",
        readonly=True,
        help="Tied with other units for the last places of the quota: the "
        "secretariat decides.",
    )

    _sql_constraints = [
        (
            "evaluation_unique",
            "unique(proposal_id, evaluation_id)",
            "A unit is listed once in an award proposal.",
        ),
    ]

    @api.depends("agency_id.name")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = rec.agency_id.name

    @api.constrains("evaluation_id", "proposal_id")
    def _check_evaluation(self):
        for rec in self:
            if rec.evaluation_id.campaign_id != rec.proposal_id.campaign_id:
                raise ValidationError(
                    self.env._(
                        "%(unit)s is not assessed in %(campaign)s.",
                        unit=rec.agency_id.name,
                        campaign=rec.proposal_id.campaign_id.display_name,
                    )
                )
