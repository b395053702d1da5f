from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .cchc_evaluation import EVALUATION_STATES
from .cchc_input_mixin import format_number

# What the unit fills in during self-assessment.
SELF_FIELDS = (
    "is_na",
    "self_answer",
    "self_level_id",
    "figure_done",
    "figure_total",
    "free_points",
    "explanation",
)
# What the appraisers of the item's agency fill in.
APPRAISAL_FIELDS = ("appraised_points", "appraisal_comment")
# What an item's trail records: the unit's entries, its answer to an
# explanation request, the appraisers', and the evidence files ("evidence", not
# a field of the line).
TRAIL_FIELDS = (*SELF_FIELDS, "explanation_answer", *APPRAISAL_FIELDS)


class TrailAction(str):
    """The action a change comes from, as the system's own code names it in
    the context (``cchc_trail_action``); a plain string there is ignored."""


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
    old_value = fields.Text(readonly=True)
    new_value = fields.Text(readonly=True)
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
        """Store changes, given as (line, field, old shown, new shown), as the
        acting user did them: one INSERT for the batch (the ORM's create would
        cost several times more per write of a line)."""
        origin = self.env.context.get("cchc_trail_action")
        # Only the system's own actions name themselves (not an RPC context).
        action = action or (origin if isinstance(origin, TrailAction) else "edit")
        rows = [
            SQL(
                "(%s, %s, %s, %s, %s, %s)",
                line.evaluation_id.id,
                line.id,
                fname,
                old or None,
                new or None,
                line.evaluation_id.state,
            )
            for line, fname, old, new in changes
            if old != new
        ]
        if not rows:
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO cchc_score_change (
                    evaluation_id, line_id, company_id, agency_id, field_name,
                    old_value, new_value, user_id, date, action, stage)
                SELECT v.evaluation_id, v.line_id, e.company_id, e.agency_id,
                       v.field_name, v.old_value, v.new_value, %(uid)s,
                       %(now)s, %(action)s, v.stage
                  FROM (VALUES %(rows)s) AS v(
                        evaluation_id, line_id, field_name, old_value, new_value,
                        stage)
                  JOIN cchc_evaluation e ON e.id = v.evaluation_id
                """,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                action=action,
                rows=SQL(", ").join(rows),
            )
        )
        self.env["cchc.evaluation"].invalidate_model(["change_ids"])
        self.env["cchc.evaluation.line"].invalidate_model(["change_ids"])

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

    # Created by the system only: every field is read-only to the guard. Never
    # changed nor deleted, not even in sudo: no call to super on purpose.
    def write(self, vals):  # pylint: disable=method-required-super
        self._refuse_change()

    def unlink(self):  # pylint: disable=method-required-super
        self._refuse_change()
