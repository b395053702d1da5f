from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class CchcEvaluationLine(models.Model):
    """One scored item of a unit's evaluation: self score, evidence, explanation."""

    _name = "cchc.evaluation.line"
    _description = "Evaluation Item"
    _order = "evaluation_id, sort_key"

    # What the unit fills in during self-assessment.
    SELF_FIELDS = {
        "is_na",
        "self_answer",
        "self_level_id",
        "figure_done",
        "figure_total",
        "free_points",
        "explanation",
    }

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True, readonly=True
    )
    evaluation_field_id = fields.Many2one(
        "cchc.evaluation.field",
        string="Field",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    agency_id = fields.Many2one(related="evaluation_id.agency_id", store=True)
    state = fields.Selection(related="evaluation_id.state")
    criterion_id = fields.Many2one(
        "cchc.criterion",
        string="Item",
        required=True,
        ondelete="restrict",
        readonly=True,
    )
    code = fields.Char(related="criterion_id.code")
    sort_key = fields.Char(related="criterion_id.sort_key", store=True)
    scoring_method = fields.Selection(related="criterion_id.scoring_method")
    max_points = fields.Float(related="criterion_id.max_points", string="Maximum")
    allow_na = fields.Boolean(related="criterion_id.allow_na")
    evidence_required = fields.Boolean(related="criterion_id.evidence_required")
    guide = fields.Text(related="criterion_id.guide")

    is_na = fields.Boolean(string="Not Applicable")
    self_answer = fields.Selection(
        [("yes", "Yes"), ("no", "No")], string="Done?", help="Yes / no items."
    )
    self_level_id = fields.Many2one(
        "cchc.criterion.level",
        string="Level",
        domain="[('criterion_id', '=', criterion_id)]",
    )
    figure_done = fields.Float(string="Achieved", digits=(12, 2), aggregator=None)
    figure_total = fields.Float(string="Out of", digits=(12, 2), aggregator=None)
    free_points = fields.Float(string="Points Given", digits=(6, 2), aggregator=None)
    free_entered = fields.Boolean(readonly=True)
    figure_rate = fields.Float(
        string="Rate (%)",
        compute="_compute_self_points",
        store=True,
        digits=(5, 2),
        aggregator=None,
    )
    self_points = fields.Float(
        string="Self Score", compute="_compute_self_points", store=True, digits=(6, 2)
    )
    applicable_max = fields.Float(
        compute="_compute_self_points", store=True, digits=(6, 2)
    )
    is_scored = fields.Boolean(
        string="Scored", compute="_compute_self_points", store=True
    )
    explanation = fields.Text(
        help="Required when no evidence is attached: how the unit scored this item."
    )
    evidence_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        domain=[("res_model", "=", "cchc.evaluation.line")],
        help="Documents issued by a competent authority. Give the document number "
        "and, where only part applies, the section or page in the description.",
    )
    evidence_count = fields.Integer(compute="_compute_evidence_count")
    needs_explanation = fields.Boolean(
        compute="_compute_evidence_count",
        help="Evidence is required but none is attached and nothing is explained.",
    )

    @api.depends("code", "criterion_id.name")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = rec.criterion_id.display_name

    @api.depends(
        "is_na",
        "self_answer",
        "self_level_id.points",
        "figure_done",
        "figure_total",
        "free_points",
        "free_entered",
        "criterion_id.max_points",
        "criterion_id.scoring_method",
        "criterion_id.level_ids",
    )
    def _compute_self_points(self):
        for rec in self:
            item = rec.criterion_id
            rec.figure_rate = (
                100.0 * rec.figure_done / rec.figure_total if rec.figure_total else 0.0
            )
            rec.applicable_max = 0.0 if rec.is_na else item.max_points
            if rec.is_na:
                rec.self_points, rec.is_scored = 0.0, True
            elif item.scoring_method == "yes_no":
                rec.self_points = item.max_points if rec.self_answer == "yes" else 0.0
                rec.is_scored = bool(rec.self_answer)
            elif item.scoring_method == "levels":
                rec.self_points = rec.self_level_id.points
                rec.is_scored = bool(rec.self_level_id)
            elif item.scoring_method == "bands":
                band = rec._band_for(rec.figure_rate)
                rec.self_points = band.points if rec.figure_total else 0.0
                rec.is_scored = bool(rec.figure_total)
            else:
                rec.self_points = rec.free_points
                rec.is_scored = rec.free_entered

    def _band_for(self, rate):
        """The band of this line's item that a rate (in %) falls in."""
        bands = self.criterion_id.level_ids.filtered(
            lambda b: float_compare(b.min_percent, rate, 2) <= 0
        )
        return bands.sorted("min_percent", reverse=True)[:1]

    @api.depends(
        "evidence_ids", "explanation", "is_na", "criterion_id.evidence_required"
    )
    def _compute_evidence_count(self):
        for rec in self:
            rec.evidence_count = len(rec.evidence_ids)
            rec.needs_explanation = (
                rec.criterion_id.evidence_required
                and not rec.is_na
                and not rec.evidence_count
                and not (rec.explanation or "").strip()
            )

    @api.constrains(*SELF_FIELDS)
    def _check_self_score(self):
        for rec in self:
            if problem := rec._get_score_problem():
                raise ValidationError(
                    self.env._("%(code)s: %(problem)s", code=rec.code, problem=problem)
                )

    def _get_score_problem(self):
        """Why this line's self score does not fit its item, if it does not."""
        item = self.criterion_id
        method = item.scoring_method
        if self.is_na and not item.allow_na:
            return self.env._("this item cannot be declared not applicable.")
        if self.self_answer and method != "yes_no":
            return self.env._("only yes / no items take a yes / no answer.")
        if self.self_level_id and (
            method != "levels" or self.self_level_id.criterion_id != item
        ):
            return self.env._("choose one of this item's own levels.")
        if (self.figure_done or self.figure_total) and method != "bands":
            return self.env._("only percentage-band items take a declared figure.")
        if self.figure_total < 0 or self.figure_done < 0:
            return self.env._("a declared figure cannot be negative.")
        if float_compare(self.figure_done, self.figure_total, 2) > 0:
            return self.env._(
                "the achieved figure (%(done)s) exceeds the total (%(total)s).",
                done=self.figure_done,
                total=self.figure_total,
            )
        if self.free_entered and method != "free":
            return self.env._("only free-points items take points directly.")
        if float_compare(self.free_points, 0.0, 2) < 0 or (
            float_compare(self.free_points, item.max_points, 2) > 0
        ):
            return self.env._(
                "%(points)s points is outside 0 to %(max)s.",
                points=self.free_points,
                max=item.max_points,
            )
        return False

    def write(self, vals):
        if self.SELF_FIELDS & set(vals):
            self.evaluation_id._check_open()
            if "free_points" in vals:
                vals = {**vals, "free_entered": True}
        return super().write(vals)

    @api.model
    def _check_evidence_editable(self, line_ids):
        """Evidence files follow the line: changeable only while it is open."""
        self.browse(line_ids).exists().evaluation_id._check_open()

    def action_open_line(self):
        """The line's own form, for its evidence files and explanation."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
