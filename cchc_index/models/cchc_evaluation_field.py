from odoo import api, fields, models
from odoo.tools import SQL

from .cchc_criterion import COUNTED_KINDS
from .cchc_evaluation import index_of


class CchcEvaluationField(models.Model):
    """Subtotals of one field (lĩnh vực) in a unit's evaluation."""

    _name = "cchc.evaluation.field"
    _description = "Evaluation Field Subtotal"
    _inherit = ["cchc.guard.mixin"]
    _order = "evaluation_id, sort_key"
    _cchc_parent = ("evaluation_id", "_check_not_published")

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="evaluation_id.company_id", store=True, index=True
    )
    agency_id = fields.Many2one(related="evaluation_id.agency_id", store=True)
    criterion_id = fields.Many2one(
        "cchc.criterion", string="Field", required=True, ondelete="restrict"
    )
    sort_key = fields.Char(related="criterion_id.sort_key", store=True)
    max_points = fields.Float(related="criterion_id.max_points", string="Maximum")
    point_kind = fields.Selection(related="criterion_id.point_kind")
    line_ids = fields.One2many(
        "cchc.evaluation.line", "evaluation_field_id", string="Items"
    )
    self_points = fields.Float(
        string="Self-assessed", compute="_compute_totals", store=True, digits=(6, 2)
    )
    applicable_max = fields.Float(
        string="Applicable Maximum",
        compute="_compute_totals",
        store=True,
        digits=(6, 2),
    )
    self_index = fields.Float(compute="_compute_totals", store=True, digits=(5, 2))
    appraised_points = fields.Float(
        string="Appraised", digits=(6, 2), readonly=True, copy=False
    )
    item_count = fields.Integer(compute="_compute_totals", store=True)
    scored_count = fields.Integer(compute="_compute_totals", store=True)

    def init(self):
        # Recomputing a campaign's results rewrites all its subtotals at once:
        # half-full pages let PostgreSQL update each row in place (HOT update),
        # without adding index entries.
        self.env.cr.execute(
            SQL("ALTER TABLE %s SET (fillfactor = 50)", SQL.identifier(self._table))
        )

    @api.depends("criterion_id.display_name")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = rec.criterion_id.display_name

    @api.depends(
        "line_ids.self_points",
        "line_ids.applicable_max",
        "line_ids.is_scored",
        "line_ids.criterion_id.point_kind",
    )
    def _compute_totals(self):
        for rec in self:
            lines = rec.line_ids
            rec.self_points = sum(lines.mapped("self_points"))
            rec.applicable_max = sum(lines.mapped("applicable_max"))
            rec.self_index = index_of(rec.self_points, rec.applicable_max)
            # The items the unit scores: survey items are not self-assessed.
            rec.item_count = len(lines.filtered(lambda x: x.point_kind != "survey"))
            rec.scored_count = len(lines.filtered("is_scored"))

    def _counted(self):
        """The subtotals of the fields counted in the index's maximum (not the
        bonus and deduction fields)."""
        return self.filtered(lambda f: f.point_kind in COUNTED_KINDS)
