from odoo import fields, models
from odoo.tools import SQL

from .cchc_campaign_survey import RESPONDENT_GROUPS


class CchcSurveyProgress(models.Model):
    """Survey responses collected and wanted, per unit and questionnaire."""

    _name = "cchc.survey.progress"
    _description = "Survey Progress"
    _auto = False
    _order = "campaign_id, agency_id, respondent_group"

    campaign_id = fields.Many2one("cchc.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    campaign_survey_id = fields.Many2one(
        "cchc.campaign.survey", string="Questionnaire", readonly=True
    )
    agency_id = fields.Many2one("cchc.agency", string="Unit", readonly=True)
    respondent_group = fields.Selection(RESPONDENT_GROUPS, readonly=True)
    wanted = fields.Integer(readonly=True)
    collected = fields.Integer(readonly=True)
    progress = fields.Float(string="Collected (%)", readonly=True, aggregator="avg")

    def init(self):
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT row_number() OVER (ORDER BY cs.id, rel.cchc_agency_id) AS id,
                       cs.campaign_id, cs.company_id, cs.id AS campaign_survey_id,
                       rel.cchc_agency_id AS agency_id, cs.respondent_group,
                       cs.sample_size AS wanted,
                       COUNT(ui.id) AS collected,
                       CASE WHEN cs.sample_size > 0
                            THEN 100.0 * COUNT(ui.id) / cs.sample_size ELSE 0 END
                            AS progress
                  FROM cchc_campaign_survey cs
                  JOIN cchc_agency_cchc_campaign_rel rel
                    ON rel.cchc_campaign_id = cs.campaign_id
             LEFT JOIN survey_user_input ui
                    ON ui.cchc_campaign_survey_id = cs.id
                   AND ui.cchc_agency_id = rel.cchc_agency_id
                   AND ui.state = 'done' AND ui.test_entry IS NOT TRUE
              GROUP BY cs.id, rel.cchc_agency_id
            )
                """,
                SQL.identifier(self._table),
            )
        )
