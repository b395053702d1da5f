from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .cchc_input_mixin import format_number
from .cchc_score_change import TrailAction


class CchcAppraisal(models.Model):
    """One appraising agency's work on one submitted evaluation."""

    _name = "cchc.appraisal"
    _description = "Appraisal"
    _inherit = ["mail.thread", "mail.activity.mixin", "cchc.guard.mixin"]
    _order = "campaign_id desc, agency_id, evaluation_id"
    _cchc_parent = ("evaluation_id", "_check_not_published")

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="evaluation_id.company_id", store=True, index=True
    )
    campaign_id = fields.Many2one(related="evaluation_id.campaign_id", store=True)
    unit_id = fields.Many2one(
        related="evaluation_id.agency_id", store=True, string="Unit", index=True
    )
    agency_id = fields.Many2one(
        "cchc.agency",
        string="Appraising Agency",
        required=True,
        index=True,
        readonly=True,
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("in_progress", "In Progress"),
            ("explanation", "Explanation Requested"),
            ("done", "Done"),
        ],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
        group_expand=True,
    )
    line_ids = fields.One2many("cchc.evaluation.line", "appraisal_id", string="Items")
    line_count = fields.Integer(compute="_compute_progress")
    appraised_count = fields.Integer(compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", string="Appraised (%)")
    self_points = fields.Float(
        compute="_compute_progress", string="Self-assessed", digits=(6, 2)
    )
    appraised_points = fields.Float(
        compute="_compute_progress", string="Appraised", digits=(6, 2)
    )

    _sql_constraints = [
        (
            "agency_unique",
            "unique(evaluation_id, agency_id)",
            "An agency appraises an evaluation once.",
        ),
    ]

    @api.depends("unit_id.name", "agency_id.code")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = f"{rec.unit_id.name} – {rec.agency_id.code}"

    @api.depends("line_ids.is_appraised", "line_ids.appraised_points")
    def _compute_progress(self):
        for rec in self:
            lines = rec.line_ids
            rec.line_count = len(lines)
            rec.appraised_count = len(
                lines.filtered(lambda x: x.is_appraised or x.is_na)
            )
            rec.progress = (
                100.0 * rec.appraised_count / rec.line_count if rec.line_count else 0.0
            )
            rec.self_points = sum(lines.mapped("self_points"))
            rec.appraised_points = sum(lines.mapped("appraised_points"))

    @api.model
    def _create_for_evaluations(self, evaluations):
        """One appraisal per assigned agency, holding that agency's lines."""
        lines_by_key = defaultdict(lambda: self.env["cchc.evaluation.line"])
        # Survey items are not appraised: the survey gives their points.
        for line in evaluations.line_ids.filtered(lambda x: x.point_kind != "survey"):
            lines_by_key[line.evaluation_id, line.criterion_id.assigned_agency_id] |= (
                line
            )
        keys = list(lines_by_key)
        appraisals = self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        ).create([{"evaluation_id": e.id, "agency_id": a.id} for e, a in keys])
        for key, appraisal in zip(keys, appraisals, strict=True):
            lines_by_key[key].write({"appraisal_id": appraisal.id})
        return appraisals

    def _check_appraiser(self):
        """Raise unless the current user may act on these appraisals as their
        appraiser.

        The one check of who appraises: for the appraisals' actions and for their
        lines' appraised scores and comments. Whose appraisals an appraiser
        changes is the record rules' business: ``rule_appraisal_own_agency`` (his
        agency's) is the only rule that grants writing an appraisal, whatever
        other role the user holds. What no rule says is that he acts here in the
        appraiser's role.
        """
        if self.env.su:
            return
        if self.env.user.has_group("cchc_index.group_cchc_appraiser"):
            refused = self - self._filtered_access("write")
        else:
            refused = self
        if refused:
            # Names of reference records, also when the appraisal is not his.
            appraisal = refused[0].sudo()
            raise AccessError(
                self.env._(
                    "Only the appraisers of %(agency)s can do this: these items of "
                    "%(unit)s are appraised by %(agency)s.",
                    agency=appraisal.agency_id.name,
                    unit=appraisal.unit_id.name,
                )
            )

    def _check_appraising(self):
        """Raise unless these appraisals accept appraised scores now."""
        for rec in self:
            rec.campaign_id._check_not_published()
            if rec.campaign_id.state != "appraisal" or rec.state not in (
                "pending",
                "in_progress",
            ):
                raise UserError(
                    self.env._(
                        "The appraisal of %(unit)s by %(agency)s does not accept scores "
                        "now.",
                        unit=rec.unit_id.name,
                        agency=rec.agency_id.name,
                    )
                )

    def _mark_started(self):
        self.filtered(lambda a: a.state == "pending").write({"state": "in_progress"})
        self.evaluation_id.filtered(lambda e: e.state == "submitted")._set_state(
            "appraisal"
        )

    def action_accept_self_scores(self):
        """Appraise every remaining line at the unit's own score."""
        lines = self.line_ids.filtered(lambda x: not (x.is_appraised or x.is_na))
        for self_points, group in lines.grouped("self_points").items():
            group.with_context(cchc_trail_action=TrailAction("accept")).write(
                {"appraised_points": self_points}
            )

    def action_request_explanation_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.explanation.request",
            "view_mode": "form",
            "target": "new",
            "context": {"default_appraisal_id": self.id},
        }

    def _request_explanation(self, lines, message):
        """Ask the unit about these lines; the rest of the evaluation stays locked."""
        self.ensure_one()
        self._check_appraiser()
        if not lines or lines.appraisal_id != self:
            raise UserError(
                self.env._("Choose one or more items of this appraisal to ask about.")
            )
        self._check_appraising()
        lines.sudo().write(
            {"explanation_requested": True, "explanation_question": message}
        )
        self.sudo().write({"state": "explanation"})
        evaluation = self.evaluation_id.sudo()
        evaluation._set_state("explanation")
        evaluation._message_log(
            body=self.env._(
                "%(agency)s asks for an explanation on %(codes)s: %(message)s",
                agency=self.agency_id.name,
                codes=", ".join(lines.mapped("code")),
                message=message,
            )
        )
        # The question is plain text: markup in it is shown, never rendered.
        evaluation._schedule_for_heads(
            "cchc_index.mail_activity_type_explanation_requested",
            self.env._("Reform Index: explanation requested"),
            # Not plaintext2html: it turns URLs into links.
            Markup("<p>%s</p>") % Markup("<br/>").join(message.splitlines()),
        )

    def action_done(self):
        self._check_appraiser()
        # The last two agencies finishing at the same moment must see each other.
        self.evaluation_id._cchc_lock()
        self._check_appraising()
        for rec in self:
            missing = rec.line_ids.filtered(lambda x: not (x.is_appraised or x.is_na))
            if missing:
                raise UserError(
                    self.env._(
                        "Appraise every item first. Not appraised: %(codes)s.",
                        codes=", ".join(missing.mapped("code")),
                    )
                )
            unjustified = rec.line_ids._without_deduction_reason("appraised_points")
            if unjustified:
                raise UserError(
                    self.env._(
                        "Give the reason of each deduction in the comment: %(codes)s.",
                        codes=", ".join(unjustified.mapped("code")),
                    )
                )
        self.sudo().write({"state": "done"})
        self.activity_feedback(
            ["cchc_index.mail_activity_type_explanation_answered"],
            feedback=self.env._("Appraisal finished."),
        )
        for rec in self:
            rec.evaluation_id.sudo()._message_log(
                body=self.env._(
                    "%(agency)s finished its appraisal: %(points)s points.",
                    agency=rec.agency_id.name,
                    points=format_number(self.env, rec.appraised_points),
                )
            )
        finished = self.evaluation_id.sudo().filtered(
            lambda e: all(a.state == "done" for a in e.appraisal_ids)
        )
        finished._set_state("appraised")
        self.campaign_id._recompute_results()
