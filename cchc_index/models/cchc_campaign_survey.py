from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

RESPONDENT_GROUPS = [
    ("civil_servant", "Civil servants"),
    ("leader", "Leaders and managers"),
    ("citizen", "Citizens and businesses"),
]


class CchcCampaignSurvey(models.Model):
    """A questionnaire of a campaign's sociological survey (ĐTXHH), for one
    group of respondents: its sample per unit, the minimum of valid responses
    and the closing date of its links."""

    _name = "cchc.campaign.survey"
    _description = "Campaign Questionnaire"
    _inherit = ["cchc.guard.mixin"]
    _order = "campaign_id, respondent_group, id"
    _check_company_auto = True
    _cchc_parent = ("campaign_id", "_check_not_published")
    _cchc_scope_fields = ()

    campaign_id = fields.Many2one(
        "cchc.campaign", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        required=True,
        ondelete="restrict",
        help="Built in the Surveys app; link its questions to the survey items "
        "and give each answer its weight (Score, in % of the item's maximum).",
    )
    respondent_group = fields.Selection(RESPONDENT_GROUPS, required=True)
    sample_size = fields.Integer(
        string="Responses Wanted per Unit",
        default=10,
        help="The sample of each unit: as many answer links are made.",
    )
    min_responses = fields.Integer(
        string="Minimum Valid Responses",
        default=5,
        help="Below this number of valid responses from a unit, the items this "
        "questionnaire asks about are not measured for that unit.",
    )
    date_close = fields.Date(
        string="Closing Date", help="The links accept answers until this day."
    )
    criterion_ids = fields.Many2many(
        "cchc.criterion",
        string="Items Asked",
        compute="_compute_criterion_ids",
        help="The survey items its questions are linked to.",
    )
    link_count = fields.Integer(string="Links", compute="_compute_counts")
    response_count = fields.Integer(string="Responses", compute="_compute_counts")

    _sql_constraints = [
        (
            "survey_unique",
            "unique(campaign_id, survey_id)",
            "A questionnaire is used once in a campaign.",
        ),
    ]

    @api.depends("survey_id.question_and_page_ids.cchc_criterion_id")
    def _compute_criterion_ids(self):
        for rec in self:
            rec.criterion_ids = rec.survey_id.question_ids.cchc_criterion_id

    def _compute_counts(self):
        groups = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [("cchc_campaign_survey_id", "in", self.ids)],
                ["cchc_campaign_survey_id", "state"],
                ["__count"],
            )
        )
        links, done = {}, {}
        for questionnaire, state, count in groups:
            links[questionnaire] = links.get(questionnaire, 0) + count
            if state == "done":
                done[questionnaire] = count
        for rec in self:
            rec.link_count = links.get(rec, 0)
            rec.response_count = done.get(rec, 0)

    @api.constrains("sample_size", "min_responses")
    def _check_sample(self):
        for rec in self:
            if rec.sample_size < 1 or not 0 <= rec.min_responses <= rec.sample_size:
                raise ValidationError(
                    self.env._(
                        "%(survey)s: the sample of a unit must be at least 1 and the "
                        "minimum of valid responses between 0 and the sample.",
                        survey=rec.survey_id.display_name,
                    )
                )

    @api.constrains("survey_id", "campaign_id")
    def _check_items(self):
        for rec in self:
            sets = rec.campaign_id.criteria_set_ids
            foreign = rec.criterion_ids.filtered(
                lambda c, s=sets: c.set_id not in s or c.point_kind != "survey"
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(survey)s asks about %(items)s, which are not survey items "
                        "of the criteria sets of %(campaign)s.",
                        survey=rec.survey_id.display_name,
                        items=", ".join(foreign.mapped("display_name")),
                        campaign=rec.campaign_id.display_name,
                    )
                )

    def _deadline(self):
        """The last moment of the closing day, in the province's time zone, as UTC."""
        self.ensure_one()
        if not self.date_close:
            return False
        tz = pytz.timezone(self.company_id.cchc_tz)
        local = tz.localize(datetime.combine(self.date_close, time.max))
        return local.astimezone(pytz.utc).replace(tzinfo=None, microsecond=0)

    def action_generate_links(self):
        """Answer links for each unit of the campaign, up to its sample: one
        survey answer per link (token), keyed to the unit; existing links stay."""
        self.check_access("write")
        self._cchc_check_editable()
        existing = {
            (questionnaire.id, agency.id): count
            for questionnaire, agency, count in self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [("cchc_campaign_survey_id", "in", self.ids)],
                ["cchc_campaign_survey_id", "cchc_agency_id"],
                ["__count"],
            )
        }
        vals_list = []
        for rec in self:
            if rec.campaign_id.state in ("draft", "published", "closed"):
                raise UserError(
                    self.env._(
                        "Answer links are made once the campaign has opened, before "
                        "it is published."
                    )
                )
            deadline = rec._deadline()
            for agency in rec.campaign_id.agency_ids:
                missing = rec.sample_size - existing.get((rec.id, agency.id), 0)
                vals_list += [
                    {
                        "survey_id": rec.survey_id.id,
                        "cchc_campaign_survey_id": rec.id,
                        "cchc_agency_id": agency.id,
                        "deadline": deadline,
                    }
                ] * max(missing, 0)
        return self.env["survey.user_input"].sudo().create(vals_list)

    def action_view_links(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.survey_id.display_name,
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "domain": [("cchc_campaign_survey_id", "=", self.id)],
            "context": {
                "default_cchc_campaign_survey_id": self.id,
                "default_survey_id": self.survey_id.id,
                "search_default_group_by_cchc_agency_id": 1,
            },
        }
