from odoo import fields, models, tools
from odoo.tools import SQL


class CchcRepeatLossReport(models.Model):
    """Items on which a unit lost points in two consecutive published
    campaigns: where its improvement plan did not work, or was missing."""

    _name = "cchc.repeat.loss.report"
    _description = "Reform Index Repeated Losses"
    _auto = False
    _order = "year desc, agency_id, code"

    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    agency_id = fields.Many2one("cchc.agency", string="Unit", readonly=True)
    unit_type_id = fields.Many2one("cchc.unit.type", readonly=True)
    line_id = fields.Many2one("cchc.evaluation.line", string="Item", readonly=True)
    code = fields.Char(string="Item Code", readonly=True)
    previous_points_lost = fields.Float(
        string="Points Lost the Year Before", readonly=True, digits=(6, 2)
    )
    points_lost = fields.Float(readonly=True, digits=(6, 2))
    previous_action_count = fields.Integer(
        string="Actions Planned the Year Before", readonly=True
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
                SELECT cur.id, e.company_id, e.year, e.agency_id, e.unit_type_id,
                       cur.id AS line_id, crit.code,
                       prev.points_lost AS previous_points_lost, cur.points_lost,
                       (SELECT COUNT(*) FROM cchc_improvement_action a
                         WHERE a.line_id = prev.id AND a.state != 'cancelled')
                           AS previous_action_count
                  FROM cchc_evaluation_line cur
                  JOIN cchc_evaluation e ON e.id = cur.evaluation_id
                  JOIN cchc_criterion crit ON crit.id = cur.criterion_id
                  JOIN cchc_evaluation pe
                    ON pe.agency_id = e.agency_id AND pe.year = e.year - 1
                   AND pe.state = 'published'
                  JOIN cchc_evaluation_line prev ON prev.evaluation_id = pe.id
                  JOIN cchc_criterion pcrit
                    ON pcrit.id = prev.criterion_id AND pcrit.code = crit.code
                 WHERE e.state = 'published'
                   AND cur.points_lost > 0 AND prev.points_lost > 0
            )
            """,
                SQL.identifier(self._table),
            )
        )
