from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .cchc_criterion import COUNTED_KINDS
from .cchc_input_mixin import format_number


class CchcCriteriaSet(models.Model):
    """Bộ chỉ số: the criteria of one year for one unit type, worth 100 points."""

    _name = "cchc.criteria.set"
    _description = "Criteria Set"
    _inherit = ["mail.thread", "cchc.guard.mixin"]
    _order = "year desc, unit_type_id"

    TOTAL_POINTS = 100.0

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    unit_type_id = fields.Many2one("cchc.unit.type", required=True, tracking=True)
    description = fields.Html(sanitize_overridable=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("archived", "Archived")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    criterion_ids = fields.One2many("cchc.criterion", "set_id", string="Criteria")
    total_points = fields.Float(
        compute="_compute_counts",
        digits=(6, 2),
        help="The fields counted in the index's maximum: bonus and deduction "
        "fields are left out.",
    )
    bonus_cap = fields.Float(
        digits=(6, 2),
        tracking=True,
        help="The most bonus points a unit can add to its index, whatever its "
        "bonus items give.",
    )
    field_count = fields.Integer(compute="_compute_counts", string="Fields")
    criterion_count = fields.Integer(compute="_compute_counts", string="Criteria Count")
    sub_criterion_count = fields.Integer(
        compute="_compute_counts", string="Sub-criteria"
    )

    @api.depends("year", "unit_type_id.name")
    def _compute_name(self):
        for rec in self:
            rec.name = self.env._(
                "Criteria set %(year)s – %(unit_type)s",
                year=rec.year,
                unit_type=rec.unit_type_id.name or "",
            )

    @api.depends(
        "criterion_ids.max_points",
        "criterion_ids.node_type",
        "criterion_ids.point_kind",
    )
    def _compute_counts(self):
        groups = self.env["cchc.criterion"]._read_group(
            [("set_id", "in", self.ids)],
            ["set_id", "node_type", "point_kind"],
            ["__count", "max_points:sum"],
        )
        stats = defaultdict(lambda: [0, 0.0])
        for criteria_set, node_type, kind, count, points in groups:
            stats[criteria_set, node_type][0] += count
            if kind in COUNTED_KINDS:
                stats[criteria_set, node_type][1] += points
        for rec in self:
            rec.field_count, rec.total_points = stats[rec, "field"]
            rec.criterion_count = stats[rec, "criterion"][0]
            rec.sub_criterion_count = stats[rec, "sub"][0]

    @api.constrains("bonus_cap")
    def _check_bonus_cap(self):
        for rec in self:
            if not 0 <= rec.bonus_cap <= self.TOTAL_POINTS:
                raise ValidationError(
                    self.env._(
                        "The bonus cap is %(cap)s points: it must lie between 0 "
                        "and 100.",
                        cap=format_number(self.env, rec.bonus_cap),
                    )
                )

    def _cchc_check_editable(self, vals=None):
        if vals is None or self._cchc_changed(vals) - {"description"}:
            # The bonus cap is a rule of the set's points: locked like them.
            self._check_structure_editable()

    def _check_structure_editable(self):
        """Raise if a set is active or archived, or used by a campaign that has
        started: its structure and points are then those units were scored on."""
        in_use = (
            self.env["cchc.campaign"]
            .sudo()
            .search_count(
                [("criteria_set_ids", "in", self.ids), ("state", "!=", "draft")],
                limit=1,
            )
        )
        if in_use or self.filtered(lambda s: s.state != "draft"):
            raise UserError(
                self.env._(
                    "The structure and points of an active or archived criteria set, "
                    "or of one used by a campaign, are locked. Copy the set to a new "
                    "draft to change them."
                )
            )

    def _check_complete(self):
        """Every rule an active set must satisfy; raise one error listing all."""
        for rec in self:
            problems = []
            if float_compare(rec.total_points, self.TOTAL_POINTS, 2):
                problems.append(
                    self.env._(
                        "The fields total %(total)s points instead of 100.",
                        total=format_number(self.env, rec.total_points),
                    )
                )
            bonus_items = rec.criterion_ids.filtered(
                lambda c: c.is_leaf and c.point_kind == "bonus"
            )
            if bonus_items and float_compare(rec.bonus_cap, 0.0, 2) <= 0:
                problems.append(
                    self.env._(
                        "Bonus items (%(codes)s) need a bonus cap: the most bonus "
                        "points a unit can get.",
                        codes=", ".join(bonus_items.mapped("code")),
                    )
                )
            elif not bonus_items and float_compare(rec.bonus_cap, 0.0, 2) > 0:
                problems.append(
                    self.env._("A bonus cap is given but the set has no bonus item.")
                )
            problems += rec.criterion_ids._get_structure_problems()
            if problems:
                raise ValidationError(
                    self.env._(
                        "%(set)s cannot be activated:\n%(problems)s",
                        set=rec.display_name,
                        problems="\n".join(f"- {p}" for p in problems),
                    )
                )

    def _has_index_components(self):
        """Whether these sets have survey, bonus or deduction items: the
        documents then show the index's components."""
        return any(c.point_kind != "normal" for c in self.criterion_ids)

    def action_activate(self):
        for rec in self:
            if rec.state != "draft":
                raise UserError(
                    self.env._("Only a draft criteria set can be activated.")
                )
            other = self.search(
                [
                    ("id", "!=", rec.id),
                    ("year", "=", rec.year),
                    ("unit_type_id", "=", rec.unit_type_id.id),
                    ("company_id", "=", rec.company_id.id),
                    ("state", "=", "active"),
                ],
                limit=1,
            )
            if other:
                raise UserError(
                    self.env._(
                        "%(other)s is already active for this year and unit type.",
                        other=other.display_name,
                    )
                )
        self.check_access("write")
        self._check_complete()
        self.sudo().state = "active"

    def action_archive_set(self):
        if self.filtered(lambda s: s.state != "active"):
            raise UserError(self.env._("Only an active criteria set can be archived."))
        self.check_access("write")
        self.sudo().state = "archived"

    def action_copy_next_year(self):
        self.ensure_one()
        new_set = self.copy({"year": self.year + 1})
        self.criterion_ids._copy_tree(new_set)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new_set.id,
            "view_mode": "form",
        }

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref("cchc_index.action_report_criteria_set_xlsx").report_action(
            self, config=False
        )

    def action_open_import(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.criteria.import",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_year": self.year
                or (self.company_id or self.env.company)._cchc_today().year,
                "default_unit_type_id": self.unit_type_id.id,
            },
        }
