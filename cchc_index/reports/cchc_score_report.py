from odoo import fields, models, tools
from odoo.tools import SQL


class CchcScoreReport(models.Model):
    """Points per unit, field and campaign, for pivot and graph analysis."""

    _name = "cchc.score.report"
    _description = "Reform Index Score Analysis"
    _auto = False
    _order = "campaign_id desc, agency_id, field_id"

    campaign_id = fields.Many2one("cchc.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    agency_id = fields.Many2one("cchc.agency", string="Unit", readonly=True)
    unit_type_id = fields.Many2one("cchc.unit.type", readonly=True)
    field_id = fields.Many2one("cchc.criterion", readonly=True)
    # The same field of the sets of every year and unit type: compared side by side.
    field_code = fields.Char(string="Field No.", readonly=True)
    state = fields.Selection(
        lambda self: self.env["cchc.evaluation"]._fields["state"].selection,
        readonly=True,
    )
    max_points = fields.Float(string="Maximum", readonly=True)
    applicable_max = fields.Float(string="Applicable Maximum", readonly=True)
    self_points = fields.Float(string="Self-assessed", readonly=True)
    appraised_points = fields.Float(string="Appraised", readonly=True)
    # The index's components, from the field's items of each source of points.
    appraised_item_points = fields.Float(string="Appraised Items", readonly=True)
    survey_points = fields.Float(
        readonly=True, help="Points of the survey items measured."
    )
    bonus_points = fields.Float(
        string="Bonus", readonly=True, help="Appraised bonus, before the set's cap."
    )
    deduction_points = fields.Float(string="Deductions", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
                SELECT f.id, e.campaign_id, e.company_id, c.year, e.agency_id, e.unit_type_id,
                       f.criterion_id AS field_id, 'LV' || crit.code AS field_code,
                       e.state, crit.max_points,
                       f.applicable_max, f.self_points, f.appraised_points,
                       COALESCE(k.appraised, 0) AS appraised_item_points,
                       COALESCE(k.survey, 0) AS survey_points,
                       COALESCE(k.bonus, 0) AS bonus_points,
                       COALESCE(k.deduction, 0) AS deduction_points
                  FROM cchc_evaluation_field f
                  JOIN cchc_evaluation e ON e.id = f.evaluation_id
                  JOIN cchc_campaign c ON c.id = e.campaign_id
                  JOIN cchc_criterion crit ON crit.id = f.criterion_id
             LEFT JOIN (
                    SELECT l.evaluation_field_id,
                           SUM(l.appraised_points)
                               FILTER (WHERE lc.point_kind = 'normal') AS appraised,
                           SUM(l.survey_points)
                               FILTER (WHERE lc.point_kind = 'survey'
                                       AND l.survey_na IS NOT TRUE) AS survey,
                           SUM(l.appraised_points)
                               FILTER (WHERE lc.point_kind = 'bonus') AS bonus,
                           SUM(l.appraised_points)
                               FILTER (WHERE lc.point_kind = 'deduction') AS deduction
                      FROM cchc_evaluation_line l
                      JOIN cchc_criterion lc ON lc.id = l.criterion_id
                  GROUP BY l.evaluation_field_id
                  ) k ON k.evaluation_field_id = f.id
            )
            """,
                SQL.identifier(self._table),
            )
        )
