from odoo import api, fields, models
from odoo.exceptions import ValidationError

ACTIVITY_TYPE = "cchc_index.mail_activity_type_improvement_action"
CLOSED_STATES = ("done", "cancelled")


class CchcImprovementAction(models.Model):
    """One action of a unit's improvement plan, after its published result:
    what the unit will do about an item where it lost points, who, by when."""

    _name = "cchc.improvement.action"
    _description = "Improvement Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "cchc.guard.mixin"]
    # Editable by its unit at any time; moved to another evaluation, it is
    # checked by the record rules again where it lands (the guard mixin).
    _cchc_scope_fields = ("evaluation_id",)
    _cchc_visible_text_fields = ("name",)
    _order = "date_deadline, id"
    _check_company_auto = True

    evaluation_id = fields.Many2one(
        "cchc.evaluation",
        string="Published Evaluation",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('state', '=', 'published')]",
        help="The published result this action remedies.",
    )
    company_id = fields.Many2one(
        related="evaluation_id.company_id", store=True, index=True
    )
    agency_id = fields.Many2one(
        related="evaluation_id.agency_id", store=True, index=True, string="Unit"
    )
    year = fields.Integer(related="evaluation_id.year", store=True, aggregator=None)
    line_id = fields.Many2one(
        "cchc.evaluation.line",
        string="Item",
        index="btree_not_null",
        ondelete="cascade",
        domain="[('evaluation_id', '=', evaluation_id)]",
        help="The item of the evaluation where points were lost.",
    )
    criterion_code = fields.Char(
        related="line_id.criterion_id.code", store=True, string="Item Code"
    )
    points_lost = fields.Float(related="line_id.points_lost")
    name = fields.Char(string="Action", required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('cchc_agency_id', '=', agency_id)]",
    )
    date_deadline = fields.Date(string="Deadline", required=True, tracking=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "Under Way"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        tracking=True,
        group_expand=True,
    )
    evidence_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Completion Evidence",
        domain=[("res_model", "=", "cchc.improvement.action")],
        context={"default_res_model": "cchc.improvement.action"},
    )
    notes = fields.Text()
    unit_progress = fields.Float(
        related="evaluation_id.improvement_progress", string="Unit's Progress (%)"
    )

    @api.constrains("evaluation_id", "line_id")
    def _check_evaluation(self):
        for rec in self:
            if rec.evaluation_id.state != "published":
                raise ValidationError(
                    self.env._(
                        "An improvement action remedies a published result: the "
                        "evaluation of %(unit)s is not published.",
                        unit=rec.agency_id.name,
                    )
                )
            if rec.line_id and rec.line_id.evaluation_id != rec.evaluation_id:
                raise ValidationError(
                    self.env._(
                        "Item %(code)s is not an item of this evaluation.",
                        code=rec.line_id.code,
                    )
                )

    @api.constrains("user_id", "evaluation_id")
    def _check_owner(self):
        for rec in self:
            if rec.user_id.cchc_agency_id != rec.agency_id:
                raise ValidationError(
                    self.env._(
                        "The owner of an improvement action works for %(unit)s: "
                        "%(user)s does not.",
                        unit=rec.agency_id.name,
                        user=rec.user_id.name,
                    )
                )

    @api.depends("name", "criterion_code")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = (
                f"{rec.criterion_code} – {rec.name}" if rec.criterion_code else rec.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._schedule_owner_activity()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "user_id" in vals:
            self.activity_unlink([ACTIVITY_TYPE])
            self._schedule_owner_activity()
        elif "date_deadline" in vals:
            self.activity_reschedule(
                [ACTIVITY_TYPE], date_deadline=vals["date_deadline"]
            )
        if vals.get("state") in CLOSED_STATES:
            self.activity_feedback([ACTIVITY_TYPE])
        return result

    def _schedule_owner_activity(self):
        """A to-do for the owner of each open action, due on its deadline."""
        for rec in self.filtered(lambda a: a.state not in CLOSED_STATES):
            rec.activity_schedule(
                ACTIVITY_TYPE,
                date_deadline=rec.date_deadline,
                summary=rec.name,
                user_id=rec.user_id.id,
            )

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
