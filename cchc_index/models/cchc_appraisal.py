from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

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
    campaign_state = fields.Selection(related="campaign_id.state")
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
    asked_count = fields.Integer(
        compute="_compute_progress",
        string="Waiting for the Unit",
        help="Items asked about: they wait for the unit's explanation.",
    )
    self_points = fields.Float(
        compute="_compute_progress", string="Self-assessed", digits=(6, 2)
    )
    appraised_points = fields.Float(
        compute="_compute_progress", string="Appraised", digits=(6, 2)
    )

    is_appraisable = fields.Boolean(
        string="Can Be Appraised Now",
        compute="_compute_appraising_problem",
        search="_search_is_appraisable",
    )
    appraising_problem = fields.Char(
        string="Why Not Now",
        compute="_compute_appraising_problem",
        help="Why this appraisal does not accept scores now, and when it will.",
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

    @api.depends(
        "line_ids.is_appraised",
        "line_ids.appraised_points",
        "line_ids.explanation_requested",
    )
    def _compute_progress(self):
        for rec in self:
            lines = rec.line_ids
            rec.line_count = len(lines)
            rec.asked_count = len(lines.filtered("explanation_requested"))
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

    @api.model
    def _appraisable_domain(self):
        """The appraisals that accept appraised scores now: see
        ``_get_appraising_problem``."""
        return [
            ("campaign_id.state", "=", "appraisal"),
            ("state", "!=", "done"),
        ]

    def _search_is_appraisable(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("This search is not supported."))
        domain = self._appraisable_domain()
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends_context("lang")
    @api.depends("state", "campaign_id.state", "campaign_id.date_self_close")
    def _compute_appraising_problem(self):
        for rec in self:
            rec.appraising_problem = rec._get_appraising_problem()
            rec.is_appraisable = not rec.appraising_problem

    def _get_appraising_problem(self):
        """Why this appraisal does not accept appraised scores now, and when it
        will, or False. An explanation request freezes only the items asked
        about (``cchc.evaluation.line._check_appraisable``)."""
        self.ensure_one()
        campaign = self.campaign_id
        if campaign.state in ("draft", "self_assessment"):
            return self.env._(
                "the appraisal of %(campaign)s has not opened yet: the secretariat "
                "opens it once every unit has submitted, after the self-assessment "
                "closes on %(date)s.",
                campaign=campaign.name,
                date=format_date(self.env, campaign.date_self_close),
            )
        if campaign.state != "appraisal":
            return self.env._(
                "the appraisal of %(campaign)s is closed: the campaign is at stage "
                "%(stage)s.",
                campaign=campaign.name,
                stage=dict(campaign._fields["state"]._description_selection(self.env))[
                    campaign.state
                ],
            )
        if self.state == "done":
            return self.env._("this appraisal is finished.")
        return False

    def _check_appraising(self):
        """Raise unless these appraisals accept appraised scores now, with the
        reason and when they will."""
        for rec in self:
            rec.campaign_id._check_not_published()
            if problem := rec._get_appraising_problem():
                raise UserError(
                    self.env._(
                        "The appraisal of %(unit)s by %(agency)s does not accept scores "
                        "now: %(reason)s",
                        unit=rec.unit_id.name,
                        agency=rec.agency_id.name,
                        reason=problem,
                    )
                )

    def _mark_started(self):
        self.filtered(lambda a: a.state == "pending").write({"state": "in_progress"})
        self.evaluation_id.filtered(lambda e: e.state == "submitted")._set_state(
            "appraisal"
        )

    def action_accept_self_scores(self):
        """Appraise every remaining line at the unit's own score, but those
        waiting for the unit's explanation."""
        lines = self.line_ids.filtered(
            lambda x: not (x.is_appraised or x.is_na or x.explanation_requested)
        )
        for self_points, group in lines.grouped("self_points").items():
            group.with_context(cchc_trail_action=TrailAction("accept")).write(
                {"appraised_points": self_points}
            )

    def action_open_bench(self):
        """The appraisal's items one by one, on the appraiser's bench."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_index.cchc_evaluation_line_action_appraise"
        )
        action["context"] = {"active_id": self.id, "active_model": self._name}
        return action

    def action_request_explanation_wizard(self, lines=None):
        self.ensure_one()
        context = {"default_appraisal_id": self.id}
        if lines:
            context["default_line_ids"] = lines.ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request an Explanation"),
            "res_model": "cchc.explanation.request",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def _schedule_for_appraisers(self, activity_type_xmlid, summary, note=False):
        """One activity of this type per appraiser of each appraisal's agency,
        created in one batch."""
        appraisers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("cchc_agency_id", "in", self.agency_id.ids),
                    (
                        "groups_id",
                        "in",
                        self.env.ref("cchc_index.group_cchc_appraiser").id,
                    ),
                ]
            )
        )
        activity_type = self.env.ref(activity_type_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": rec.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": rec.campaign_id.date_appraisal_close
                    or rec.company_id._cchc_today(),
                    "user_id": user.id,
                    "automated": True,
                }
                for rec in self
                for user in appraisers
                if user.cchc_agency_id == rec.agency_id
            ]
        )

    def _notify_appraisers_opened(self):
        """Work arrives: the appraisers of each agency get their appraisals."""
        self._schedule_for_appraisers(
            "cchc_index.mail_activity_type_appraisal",
            self.env._("Reform Index: appraise the self-assessment"),
            self.env._(
                "Appraise each item against the unit's evidence, then finish the "
                "appraisal."
            ),
        )

    def _request_explanation(self, lines, message):
        """Ask the unit about these lines: they wait for its answer, the other
        items of the appraisal can still be appraised."""
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
            asked = rec.line_ids.filtered("explanation_requested")
            if asked:
                raise UserError(
                    self.env._(
                        "Wait for the unit's explanation on %(codes)s before finishing "
                        "the appraisal.",
                        codes=", ".join(asked.mapped("code")),
                    )
                )
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
            [
                "cchc_index.mail_activity_type_appraisal",
                "cchc_index.mail_activity_type_explanation_answered",
            ],
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

    def action_reopen(self):
        """The secretariat reopens finished appraisals while the campaign is
        at the appraisal stage (e.g. after the council sent the results back):
        their agencies can correct them and finish again."""
        if not self.env.user.has_group("cchc_index.group_cchc_secretariat"):
            raise AccessError(
                self.env._("Only the secretariat can reopen a finished appraisal.")
            )
        self.evaluation_id._cchc_lock()
        for rec in self:
            if rec.state != "done" or rec.campaign_id.state != "appraisal":
                raise UserError(
                    self.env._(
                        "Only a finished appraisal of a campaign at the appraisal "
                        "stage can be reopened: %(appraisal)s.",
                        appraisal=rec.display_name,
                    )
                )
        self.sudo().write({"state": "in_progress"})
        self.evaluation_id.sudo().filtered(lambda e: e.state == "appraised")._set_state(
            "appraisal"
        )
        for rec in self:
            rec.evaluation_id.sudo()._message_log(
                body=self.env._(
                    "%(user)s reopened the appraisal of %(agency)s.",
                    user=self.env.user.name,
                    agency=rec.agency_id.name,
                )
            )
        self._notify_appraisers_opened()
