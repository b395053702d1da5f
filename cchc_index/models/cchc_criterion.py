import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .cchc_input_mixin import format_number

CODE_PATTERN = re.compile(r"^[1-9][0-9]*(\.[1-9][0-9]*){0,2}$")
POINT_KINDS = [
    ("normal", "Self-assessed and appraised"),
    ("survey", "From the survey"),
    ("bonus", "Bonus"),
    ("deduction", "Deduction"),
]
# Kinds whose maximum counts in the set's 100 points and the index's maximum.
COUNTED_KINDS = ("normal", "survey")
# Kinds a whole subtree takes: their items sit under a field of the same kind.
SEPARATE_KINDS = ("bonus", "deduction")


class CchcCriterion(models.Model):
    """A node of a criteria set: field (lĩnh vực) › criterion › sub-criterion.

    Leaves are the scored items; a parent is worth the sum of its children.
    """

    _name = "cchc.criterion"
    _check_company_auto = True
    _description = "Criterion"
    _inherit = ["cchc.guard.mixin"]
    _cchc_visible_text_fields = ("name",)
    _parent_store = True
    _order = "set_id, sort_key"
    _cchc_parent = ("set_id", "_check_structure_editable")

    # Fields that make the structure and the points of a set: frozen once active.
    LOCKED_FIELDS = {
        "set_id",
        "parent_id",
        "code",
        "max_points",
        "point_kind",
        "scoring_method",
        "allow_na",
        "evidence_required",
        "level_ids",
    }

    set_id = fields.Many2one(
        "cchc.criteria.set",
        string="Criteria Set",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="set_id.company_id", store=True, index=True)
    set_state = fields.Selection(related="set_id.state", string="Set Status")
    parent_id = fields.Many2one("cchc.criterion", ondelete="cascade", index=True)
    child_ids = fields.One2many("cchc.criterion", "parent_id", string="Children")
    parent_path = fields.Char(index=True)
    code = fields.Char(required=True, help="Position in the set: 1, 1.1 or 1.1.1.")
    sort_key = fields.Char(compute="_compute_sort_key", store=True)
    name = fields.Char(required=True)
    node_type = fields.Selection(
        [("field", "Field"), ("criterion", "Criterion"), ("sub", "Sub-criterion")],
        string="Level",
        compute="_compute_node_type",
        store=True,
        recursive=True,
    )
    is_leaf = fields.Boolean(
        string="Scored Item",
        compute="_compute_is_leaf",
        store=True,
        help="Items without children are the ones units score.",
    )
    tree_label = fields.Char(
        string="Item",
        compute="_compute_tree_label",
        help="Code and name, indented by level.",
    )
    max_points = fields.Float(string="Maximum Points", digits=(6, 2), required=True)
    children_points = fields.Float(
        string="Children Total", compute="_compute_children_points", digits=(6, 2)
    )
    guide = fields.Text(string="Scoring Guide")
    scoring_method = fields.Selection(
        [
            ("yes_no", "Yes / no"),
            ("levels", "Levels"),
            ("bands", "Percentage bands"),
            ("free", "Free points"),
        ],
        required=True,
        default="yes_no",
        help="Yes / no: 0 or the maximum. Levels: one of the listed levels. "
        "Percentage bands: the unit declares a figure (e.g. 37 of 40) and the "
        "band its rate falls in gives the points. Free: 0 to the maximum.",
    )
    point_kind = fields.Selection(
        POINT_KINDS,
        string="Source of Points",
        required=True,
        default="normal",
        help="Self-assessed and appraised: the unit scores the item and the "
        "appraisers check it. "
        "From the survey: the sociological survey gives its points; the unit does "
        "not score it. Bonus: added to the index, up to the set's bonus cap. "
        "Deduction: subtracted from the index, with its reason. Bonus and "
        "deduction items sit in fields of their own, outside the 100 points.",
    )
    level_ids = fields.One2many(
        "cchc.criterion.level", "criterion_id", string="Levels / Bands", copy=True
    )
    allow_na = fields.Boolean(
        string="May Be Not Applicable",
        help="A unit may declare this item not applicable (không áp dụng): it then "
        "leaves both the achieved points and the maximum.",
    )
    evidence_required = fields.Boolean(default=True)
    appraising_agency_id = fields.Many2one(
        "cchc.agency",
        check_company=True,
        domain="[('is_appraiser', '=', True)]",
        help="Leave empty to use the agency of the parent item.",
    )
    assigned_agency_id = fields.Many2one(
        "cchc.agency",
        string="Appraised By",
        compute="_compute_assigned_agency_id",
        store=True,
        recursive=True,
        index=True,
    )

    _sql_constraints = [
        (
            "code_unique",
            "unique(set_id, code)",
            "Each code appears only once in a criteria set.",
        ),
        (
            "max_points_positive",
            "CHECK(max_points >= 0)",
            "The maximum points cannot be negative.",
        ),
    ]

    @api.constrains("max_points")
    def _check_max_points(self):
        for rec in self:
            if not 0 <= rec.max_points <= 100:
                raise ValidationError(
                    self.env._(
                        "%(code)s is worth %(points)s points: an item is worth 0 to "
                        "100 points.",
                        code=rec.code,
                        points=format_number(self.env, rec.max_points),
                    )
                )

    @api.depends("parent_id.node_type")
    def _compute_node_type(self):
        next_type = {False: "field", "field": "criterion", "criterion": "sub"}
        for rec in self:
            rec.node_type = next_type.get(rec.parent_id.node_type, "sub")

    @api.depends("code")
    def _compute_sort_key(self):
        """Order items as their codes read: 1.2 before 1.10."""
        for rec in self:
            rec.sort_key = ".".join(
                part.zfill(4) for part in (rec.code or "").split(".")
            )

    @api.depends("code", "name", "node_type")
    def _compute_tree_label(self):
        indent = {"field": 0, "criterion": 1, "sub": 2}
        for rec in self:
            # Em spaces: list cells keep them, unlike ordinary spaces.
            rec.tree_label = "\u2003\u2003" * indent.get(rec.node_type, 0) + (
                rec.display_name or ""
            )

    @api.depends("child_ids")
    def _compute_is_leaf(self):
        for rec in self:
            rec.is_leaf = not rec.child_ids

    @api.depends("child_ids.max_points")
    def _compute_children_points(self):
        for rec in self:
            rec.children_points = sum(rec.child_ids.mapped("max_points"))

    @api.depends("appraising_agency_id", "parent_id.assigned_agency_id")
    def _compute_assigned_agency_id(self):
        for rec in self:
            rec.assigned_agency_id = (
                rec.appraising_agency_id or rec.parent_id.assigned_agency_id
            )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = f"{rec.code} {rec.name}" if rec.code else rec.name

    @api.constrains("code", "parent_id", "set_id")
    def _check_code_and_parent(self):
        for rec in self:
            if not CODE_PATTERN.match(rec.code or ""):
                raise ValidationError(
                    self.env._(
                        "Code %(code)s is not valid: use 1, 1.2 or 1.2.3.",
                        code=rec.code,
                    )
                )
            expected_prefix = f"{rec.parent_id.code}." if rec.parent_id else ""
            own_prefix = rec.code.rpartition(".")[0]
            if own_prefix != expected_prefix.rstrip("."):
                raise ValidationError(
                    self.env._(
                        "Code %(code)s does not fit under its parent %(parent)s.",
                        code=rec.code,
                        parent=rec.parent_id.code or self.env._("(none)"),
                    )
                )
            if rec.parent_id and rec.parent_id.set_id != rec.set_id:
                raise ValidationError(
                    self.env._(
                        "An item and its parent must belong to the same criteria set."
                    )
                )

    @api.constrains("max_points", "level_ids")
    def _check_levels_within_maximum(self):
        self.level_ids._check_within_maximum()

    def _get_structure_problems(self):
        """Describe every rule these items break, for activation and import."""
        problems = []
        for rec in self:
            if problem := rec._get_kind_problem():
                problems.append(f"{rec.code}: {problem}")
            if rec.child_ids:
                if float_compare(rec.children_points, rec.max_points, 2):
                    problems.append(
                        self.env._(
                            "%(code)s is worth %(max)s points but its items add up "
                            "to %(sum)s.",
                            code=rec.code,
                            max=format_number(self.env, rec.max_points),
                            sum=format_number(self.env, rec.children_points),
                        )
                    )
            elif problem := rec._get_method_problem():
                problems.append(f"{rec.code}: {problem}")
        return problems

    def _get_kind_problem(self):
        """What is wrong with the kind of points of this item, if anything:
        bonus and deduction items make fields of their own, whose items are all
        of that kind; survey points come to scored items only."""
        self.ensure_one()
        kind, parent_kind = self.point_kind, self.parent_id.point_kind
        labels = dict(self._fields["point_kind"]._description_selection(self.env))
        if (
            self.parent_id
            and kind != parent_kind
            and {kind, parent_kind} & set(SEPARATE_KINDS)
        ):
            return self.env._(
                "its source of points (%(kind)s) differs from its parent's "
                "(%(parent_kind)s): bonus and deduction items make fields of "
                "their own.",
                kind=labels[kind],
                parent_kind=labels[parent_kind],
            )
        if kind == "survey" and self.child_ids:
            return self.env._(
                "only a scored item (without sub-items) takes its points from the "
                "survey."
            )
        return False

    def _get_method_problem(self):
        """What is wrong with the levels or bands of this scored item, if anything."""
        self.ensure_one()
        return self.level_ids._method_problem(
            self.scoring_method, self.level_ids.mapped("min_percent")
        )

    def _cchc_check_editable(self, vals=None):
        """Names and guides may be corrected on an active set, not its structure."""
        if vals is None or self.LOCKED_FIELDS & self._cchc_changed(vals):
            return super()._cchc_check_editable(vals)

    def _check_structure_editable(self):
        self.set_id._check_structure_editable()

    def _export_row(self):
        """This item as a row of the criteria set spreadsheet."""
        self.ensure_one()
        levels = "\n".join(
            f"{level.name}: {level.points:g}"
            + (f" @ {level.min_percent:g}%" if self.scoring_method == "bands" else "")
            for level in self.level_ids
        )
        return [
            self.code,
            self.name,
            self.max_points,
            self.scoring_method,
            levels,
            self.appraising_agency_id.code or "",
            int(self.allow_na),
            int(self.evidence_required),
            self.guide or "",
            self.point_kind,
        ]

    def _copy_tree(self, new_set):
        """Copy these items (whole trees) into new_set, one batch per level."""
        new_by_old = {}
        for node_type in ("field", "criterion", "sub"):
            nodes = self.filtered(lambda c, t=node_type: c.node_type == t)
            vals_list = nodes.copy_data()
            for node, vals in zip(nodes, vals_list, strict=True):
                vals.update(
                    set_id=new_set.id, parent_id=new_by_old.get(node.parent_id.id)
                )
            created = self.create(vals_list)
            new_by_old.update(zip(nodes.ids, created.ids, strict=True))
        # Created level by level: re-read the set's items in code order.
        new_set.invalidate_recordset(["criterion_ids"])
        return self.browse(new_by_old.values())
