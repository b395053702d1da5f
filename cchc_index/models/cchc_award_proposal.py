from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, formatLang


class CchcAwardProposal(models.Model):
    """Tờ trình đề nghị khen thưởng: the collectives and individuals proposed for
    a Bằng khen after a campaign's results are published."""

    _name = "cchc.award.proposal"
    _description = "Award Proposal"
    _inherit = ["mail.thread", "cchc.guard.mixin"]
    _cchc_visible_text_fields = ("name",)
    _order = "campaign_id desc, id desc"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    campaign_id = fields.Many2one(
        "cchc.campaign",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        domain="[('state', 'in', ('published', 'closed'))]",
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("proposed", "Proposed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    number = fields.Char(
        tracking=True,
        copy=False,
        help="Number of the submission (Tờ trình), e.g. 123/TTr-SNV.",
    )
    date = fields.Date(tracking=True, copy=False)
    line_ids = fields.One2many(
        "cchc.award.proposal.line", "proposal_id", string="Collectives"
    )
    candidate_ids = fields.One2many(
        "cchc.award.candidate", "proposal_id", string="Individuals"
    )
    candidate_count = fields.Integer(compute="_compute_candidate_count")
    tie_note = fields.Text(
        readonly=True,
        copy=False,
        help="Units tied at the quota's cut, left for the secretariat to decide.",
    )

    @api.depends("campaign_id.year")
    def _compute_name(self):
        for rec in self:
            rec.name = self.env._(
                "Reform Index %(year)s Award Proposal", year=rec.campaign_id.year
            )

    @api.depends("candidate_ids")
    def _compute_candidate_count(self):
        for rec in self:
            rec.candidate_count = len(rec.candidate_ids)

    @api.constrains("campaign_id")
    def _check_campaign(self):
        for rec in self:
            if rec.campaign_id.state not in ("published", "closed"):
                raise ValidationError(
                    self.env._(
                        "Awards are proposed from published results: %(campaign)s "
                        "is not published.",
                        campaign=rec.campaign_id.display_name,
                    )
                )
        self.line_ids._check_evaluation()

    @api.model
    def _create_for_campaign(self, campaign):
        """A draft proposal for this campaign, with its collectives generated."""
        proposal = self.create({"campaign_id": campaign.id})
        proposal.action_generate()
        return proposal

    def _check_secretariat(self):
        if not (
            self.env.su or self.env.user.has_group("cchc_index.group_cchc_secretariat")
        ):
            raise AccessError(
                self.env._("Only the secretariat prepares the award proposal.")
            )

    def _cchc_check_editable(self, vals=None):
        self._check_draft()

    def _check_draft(self):
        for rec in self:
            if rec.state != "draft":
                raise UserError(
                    self.env._(
                        "%(proposal)s has been proposed: it can no longer change.",
                        proposal=rec.display_name,
                    )
                )

    def action_generate(self):
        """List the collectives eligible by the campaign's rules, highest index
        first, within each unit type's quota; a tie group straddling the quota is
        listed unselected for the secretariat to decide."""
        self._check_secretariat()
        self._check_draft()
        for rec in self:
            campaign = rec.campaign_id
            eligible = campaign.evaluation_ids.filtered(
                lambda e, c=campaign: (
                    e.state == "published"
                    and float_compare(
                        e.appraised_index, c.award_min_index, precision_digits=2
                    )
                    >= 0
                )
            ).sorted(lambda e: (e.rank, e.agency_id.name))
            line_vals, notes = [], []
            for quota in campaign.quota_ids:
                places = quota.max_units
                of_type = eligible.filtered(
                    lambda e, q=quota: e.unit_type_id == q.unit_type_id
                )
                for group in of_type.grouped("rank").values():
                    if not places:
                        break
                    fits = len(group) <= places
                    line_vals += [
                        {
                            "evaluation_id": evaluation.id,
                            "selected": fits,
                            "tie_at_cut": not fits,
                        }
                        for evaluation in group
                    ]
                    if not fits:
                        notes.append(
                            self.env._(
                                "%(unit_type)s: %(units)s tie at index %(index)s for "
                                "%(places)s remaining place(s). Select the ones to "
                                "propose.",
                                unit_type=quota.unit_type_id.name,
                                units=", ".join(group.agency_id.mapped("name")),
                                index=formatLang(
                                    self.env, group[0].appraised_index, digits=2
                                ),
                                places=places,
                            )
                        )
                        break
                    places -= len(group)
            rec.sudo().write(
                {
                    "line_ids": [Command.clear()]
                    + [Command.create(vals) for vals in line_vals],
                    "tie_note": "\n".join(notes) or False,
                }
            )

    def action_propose(self):
        """Check the selection against the campaign's rules and send it."""
        self._check_secretariat()
        self._check_draft()
        for rec in self:
            campaign = rec.campaign_id
            if not (rec.number and rec.date):
                raise UserError(
                    self.env._(
                        "Enter the number and date of the submission document first."
                    )
                )
            selected = rec.line_ids.filtered("selected")
            quotas = {q.unit_type_id: q.max_units for q in campaign.quota_ids}
            for unit_type, lines in selected.grouped("unit_type_id").items():
                if len(lines) > quotas.get(unit_type, 0):
                    raise UserError(
                        self.env._(
                            "%(count)s units of type %(unit_type)s are selected, but "
                            "at most %(quota)s can be proposed.",
                            count=len(lines),
                            unit_type=unit_type.name,
                            quota=quotas.get(unit_type, 0),
                        )
                    )
            below = selected.filtered(
                lambda x, c=campaign: (
                    float_compare(
                        x.appraised_index, c.award_min_index, precision_digits=2
                    )
                    < 0
                )
            )
            if below:
                raise UserError(
                    self.env._(
                        "These units have an index below %(minimum)s and cannot be "
                        "proposed: %(units)s.",
                        minimum=formatLang(
                            self.env, campaign.award_min_index, digits=2
                        ),
                        units=", ".join(below.agency_id.mapped("name")),
                    )
                )
            individuals = rec.candidate_ids.filtered("selected")
            if len(individuals) > campaign.award_max_individuals:
                raise UserError(
                    self.env._(
                        "%(count)s individuals are selected, but at most %(max)s can "
                        "be proposed.",
                        count=len(individuals),
                        max=campaign.award_max_individuals,
                    )
                )
        self.sudo().write({"state": "proposed"})

    def action_view_candidates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Individuals"),
            "res_model": "cchc.award.candidate",
            "view_mode": "list,form",
            "domain": [("proposal_id", "=", self.id)],
            "context": {"default_proposal_id": self.id},
        }
