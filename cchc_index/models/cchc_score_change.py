from odoo import api, fields, models
from odoo.exceptions import AccessError

from .cchc_evaluation import EVALUATION_STATES
from .cchc_input_mixin import format_number

# What an item's trail records: the unit's entries, the appraisers', and the
# evidence files ("evidence", not a field of the line).
TRAIL_FIELDS = (
    "is_na",
    "self_answer",
    "self_level_id",
    "figure_done",
    "figure_total",
    "free_points",
    "explanation",
    "explanation_answer",
    "appraised_points",
    "appraisal_comment",
)
TRAIL_ACTIONS = [
    ("edit", "Entered on the item"),
    ("accept", "Self scores accepted"),
    ("evidence", "Evidence file"),
]


class CchcScoreChange(models.Model):
    """One change of an evaluation item: who, when, old and new value, from
    which action. Written by the system only, in batch; nobody can change or
    delete it."""

    _name = "cchc.score.change"
    _description = "Evaluation Item Change"
    _inherit = ["cchc.guard.mixin"]
    _order = "date desc, id desc"
    _log_access = False

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True, readonly=True
    )
    line_id = fields.Many2one(
        "cchc.evaluation.line",
        string="Item",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="evaluation_id.company_id", store=True, index=True
    )
    agency_id = fields.Many2one(
        related="evaluation_id.agency_id", store=True, string="Unit"
    )
    code = fields.Char(related="line_id.code")
    field_name = fields.Selection(
        "_selection_field_name", string="Changed", required=True, readonly=True
    )
    old_value = fields.Text(string="Old Value", readonly=True)
    new_value = fields.Text(string="New Value", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, readonly=True, ondelete="restrict"
    )
    date = fields.Datetime(required=True, readonly=True)
    action = fields.Selection(TRAIL_ACTIONS, required=True, readonly=True)
    stage = fields.Selection(
        EVALUATION_STATES, string="Evaluation Stage", required=True, readonly=True
    )

    @api.model
    def _selection_field_name(self):
        line_fields = self.env["cchc.evaluation.line"]._fields
        return [
            (name, line_fields[name]._description_string(self.env))
            for name in TRAIL_FIELDS
        ] + [("evidence", self.env._("Evidence"))]

    @api.model
    def _display(self, line, fname, value):
        """A value as the trail shows it."""
        field = line._fields[fname]
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if not value and field.type != "float":
            return ""
        if field.type == "many2one":
            return value.display_name
        if field.type == "selection":
            return dict(field._description_selection(self.env))[value]
        if field.type == "float":
            return format_number(self.env, value)
        return value

    @api.model
    def _snapshot(self, lines, fnames):
        """{line id: {field: shown value}} of these lines, before a change."""
        return {
            line.id: {f: self._display(line, f, line[f]) for f in fnames}
            for line in lines
        }

    @api.model
    def _record(self, changes, action=None):
        """Store changes, given as (line, field, old shown, new shown), in one
        batch, as the acting user did them."""
        action = action or self.env.context.get("cchc_trail_action") or "edit"
        now = fields.Datetime.now()
        self.sudo().create(
            [
                {
                    "evaluation_id": line.evaluation_id.id,
                    "line_id": line.id,
                    "field_name": fname,
                    "old_value": old,
                    "new_value": new,
                    "user_id": self.env.uid,
                    "date": now,
                    "action": action,
                    "stage": line.evaluation_id.state,
                }
                for line, fname, old, new in changes
                if old != new
            ]
        )

    @api.model
    def _record_since(self, lines, before):
        """Store what changed on these lines since the snapshot ``before``."""
        fnames = next(iter(before.values()), {}).keys()
        after = self._snapshot(lines, fnames)
        self._record(
            [
                (line, f, before[line.id][f], after[line.id][f])
                for line in lines
                for f in fnames
            ]
        )

    def _refuse_change(self):
        raise AccessError(
            self.env._(
                "The history of an evaluation cannot be changed or deleted, by anyone."
            )
        )

    # Created by the system only: every field is read-only to the guard.
    def write(self, vals):
        self._refuse_change()

    def unlink(self):
        self._refuse_change()
