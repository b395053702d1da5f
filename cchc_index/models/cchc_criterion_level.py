from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round

from .cchc_input_mixin import format_number


class CchcCriterionLevel(models.Model):
    """A level (e.g. 'on time: 1') or a percentage band of a scored item."""

    _name = "cchc.criterion.level"
    _description = "Criterion Level or Band"
    _inherit = ["cchc.guard.mixin"]
    _cchc_visible_text_fields = ("name",)
    _order = "criterion_id, sequence, id"
    _cchc_parent = ("criterion_id", "_check_structure_editable")

    criterion_id = fields.Many2one(
        "cchc.criterion", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="criterion_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Label", required=True)
    points = fields.Float(digits=(6, 2), required=True)
    min_percent = fields.Float(
        string="From (%)",
        digits=(5, 2),
        help="Percentage bands only: the lowest rate (in %) that earns these points.",
    )

    @api.depends_context("lang")
    @api.depends("name", "points")
    def _compute_display_name(self):
        """The points, then the label: what the unit chooses among, the points
        visible even when a narrow column cuts the label."""
        for level in self:
            level.display_name = self.env._(
                "%(points)s pts: %(label)s",
                label=level.name,
                points=format_number(self.env, level.points),
            )

    @api.constrains("points", "min_percent")
    def _check_within_maximum(self):
        for level in self:
            maximum = level.criterion_id.max_points
            if float_compare(level.points, 0.0, 2) < 0 or (
                float_compare(level.points, maximum, 2) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "Level '%(level)s' of %(code)s gives %(points)s points: it "
                        "must lie between 0 and the maximum %(max)s.",
                        level=level.name,
                        code=level.criterion_id.code,
                        points=format_number(self.env, level.points),
                        max=format_number(self.env, maximum),
                    )
                )
            if not 0 <= level.min_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "Band '%(level)s' of %(code)s starts at %(percent)s%%: it "
                        "must lie between 0 and 100%%.",
                        level=level.name,
                        code=level.criterion_id.code,
                        percent=format_number(self.env, level.min_percent),
                    )
                )

    @api.model
    def _method_problem(self, method, min_percents):
        """Check the levels of an item, given as their lower bounds in %.

        Shared by activation and the spreadsheet import, which checks rows
        before creating anything.
        """
        if method in ("yes_no", "free"):
            return min_percents and self.env._(
                "only levels and bands methods take levels."
            )
        if len(min_percents) < 2:
            return self.env._("this method needs at least two levels or bands.")
        if method == "bands" and not any(
            float_compare(pct, 0.0, 2) == 0 for pct in min_percents
        ):
            return self.env._(
                "one band must start at 0% so that every figure gets points."
            )
        if method == "bands":
            starts = sorted(float_round(pct, 2) for pct in min_percents)
            if twins := sorted({a for a, b in pairwise(starts) if a == b}):
                return self.env._(
                    "two bands start at %(percents)s%%: each band needs its own "
                    "lowest rate.",
                    percents="%, ".join(f"{pct:g}" for pct in twins),
                )
        return False

    def _cchc_check_editable(self, vals=None):
        if vals is None or self._cchc_changed(vals):
            return super()._cchc_check_editable(vals)
