from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

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
    total_points = fields.Float(compute="_compute_counts", digits=(6, 2))
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

    @api.depends("criterion_ids.max_points", "criterion_ids.node_type")
    def _compute_counts(self):
        groups = self.env["cchc.criterion"]._read_group(
            [("set_id", "in", self.ids)],
            ["set_id", "node_type"],
            ["__count", "max_points:sum"],
        )
        stats = {(s, node_type): (count, pts) for s, node_type, count, pts in groups}
        for rec in self:
            rec.field_count, rec.total_points = stats.get((rec, "field"), (0, 0.0))
            rec.criterion_count = stats.get((rec, "criterion"), (0, 0))[0]
            rec.sub_criterion_count = stats.get((rec, "sub"), (0, 0))[0]

    def _cchc_check_editable(self, vals=None):
        if vals is None or self._cchc_changed(vals) - {"description"}:
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
            problems += rec.criterion_ids._get_structure_problems()
            if problems:
                raise ValidationError(
                    self.env._(
                        "%(set)s cannot be activated:\n%(problems)s",
                        set=rec.display_name,
                        problems="\n".join(f"- {p}" for p in problems),
                    )
                )

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
