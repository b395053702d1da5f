from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .cchc_input_mixin import format_number


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    cchc_criterion_id = fields.Many2one(
        "cchc.criterion",
        string="Reform Index Item",
        domain="[('point_kind', '=', 'survey')]",
        index="btree_not_null",
        ondelete="restrict",
        help="The survey item whose points this question's answers give. Each "
        "answer's Score is its weight, in % of the item's maximum.",
    )


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    @api.constrains("answer_score", "question_id")
    def _check_cchc_weight(self):
        for rec in self.filtered("question_id.cchc_criterion_id"):
            if not 0 <= rec.answer_score <= 100:
                raise ValidationError(
                    self.env._(
                        "The answer %(answer)s weighs %(weight)s%%: the answers of "
                        "a Reform Index question weigh 0 to 100%% of the item's "
                        "maximum.",
                        answer=rec.value,
                        weight=format_number(self.env, rec.answer_score),
                    )
                )


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    cchc_campaign_survey_id = fields.Many2one(
        "cchc.campaign.survey",
        string="Campaign Questionnaire",
        index="btree_not_null",
        ondelete="cascade",
    )
    cchc_agency_id = fields.Many2one(
        "cchc.agency",
        string="Assessed Unit",
        index="btree_not_null",
        ondelete="restrict",
        help="The unit this response assesses.",
    )

    @api.constrains("cchc_campaign_survey_id", "cchc_agency_id", "survey_id")
    def _check_cchc_unit(self):
        for rec in self.filtered("cchc_campaign_survey_id"):
            questionnaire = rec.cchc_campaign_survey_id
            if rec.survey_id != questionnaire.survey_id or (
                rec.cchc_agency_id not in questionnaire.campaign_id.agency_ids
            ):
                raise ValidationError(
                    self.env._(
                        "A response to %(survey)s must assess one of the units of "
                        "%(campaign)s.",
                        survey=questionnaire.survey_id.display_name,
                        campaign=questionnaire.campaign_id.display_name,
                    )
                )

    cchc_answer_url = fields.Char(
        string="Answer Link",
        compute="_compute_cchc_answer_url",
        help="Opens this response without login; it is answered once.",
    )

    @api.depends("access_token", "survey_id.access_token")
    def _compute_cchc_answer_url(self):
        for rec in self:
            rec.cchc_answer_url = rec.cchc_campaign_survey_id and (
                rec.get_base_url() + rec.get_start_url()
            )
