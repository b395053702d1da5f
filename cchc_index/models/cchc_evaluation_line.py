from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .cchc_input_mixin import format_number, is_blank
from .cchc_score_change import APPRAISAL_FIELDS, SELF_FIELDS, TRAIL_FIELDS


class CchcEvaluationLine(models.Model):
    """One scored item of a unit's evaluation: self score, evidence, explanation."""

    _name = "cchc.evaluation.line"
    _description = "Evaluation Item"
    _inherit = ["cchc.guard.mixin"]
    _cchc_visible_text_fields = (
        "explanation",
        "explanation_answer",
        "appraisal_comment",
        "explanation_question",
    )
    _order = "evaluation_id, sort_key"
    _cchc_parent = ("evaluation_id", "_check_not_published")

    evaluation_id = fields.Many2one(
        "cchc.evaluation", required=True, ondelete="cascade", index=True, readonly=True
    )
    # The unit and company are read through the evaluation, not copied on
    # each of its ~55 lines (the record rules join the indexed evaluation).
    company_id = fields.Many2one(related="evaluation_id.company_id")
    evaluation_field_id = fields.Many2one(
        "cchc.evaluation.field",
        string="Field",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    agency_id = fields.Many2one(related="evaluation_id.agency_id")
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
    point_kind = fields.Selection(related="criterion_id.point_kind")
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
        context={"default_res_model": "cchc.evaluation.line"},
        help="Documents issued by a competent authority. Give the document number "
        "and, where only part applies, the section or page in the description.",
    )
    appraisal_id = fields.Many2one(
        "cchc.appraisal", index="btree_not_null", readonly=True, copy=False
    )
    # Read through the item (the appraisers' record rule joins the small
    # criterion table), not copied on each line: a copy would cost every line
    # a foreign key check and an index entry when a campaign opens.
    assigned_agency_id = fields.Many2one(
        related="criterion_id.assigned_agency_id", string="Appraised By"
    )
    appraised_points = fields.Float(
        string="Appraised Score",
        digits=(6, 2),
        help="Final: the index uses it, never the higher of self and appraised.",
    )
    is_appraised = fields.Boolean(string="Appraised", readonly=True, copy=False)
    appraisal_comment = fields.Text(string="Appraiser's Comment")
    # The appraiser's bench: the allowed scores offered as the item's choices.
    appraisal_status = fields.Selection(
        [
            ("todo", "Not Appraised"),
            ("asked", "Waiting for the Unit"),
            ("done", "Appraised"),
            ("na", "Not Applicable"),
        ],
        compute="_compute_appraisal_status",
        help="An item not appraised yet is not one appraised at 0.",
    )
    appraised_answer = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        compute="_compute_appraised_choice",
        inverse="_inverse_appraised_answer",
        help="Yes / no items: yes earns the maximum, no earns 0.",
    )
    appraised_level_id = fields.Many2one(
        "cchc.criterion.level",
        compute="_compute_appraised_choice",
        inverse="_inverse_appraised_level_id",
        domain="[('criterion_id', '=', criterion_id)]",
    )
    allowed_scores = fields.Char(
        compute="_compute_allowed_scores",
        help="The scores this item can be given, with their points.",
    )
    preview_pdf = fields.Binary(
        string="Preview",
        compute="_compute_preview",
        help="The first PDF document the unit cites for this item.",
    )
    preview_name = fields.Char(string="Previewed Document", compute="_compute_preview")
    appraisal_problem = fields.Char(
        related="appraisal_id.appraising_problem", string="Why Not Now"
    )
    # Survey items: set for a whole campaign by cchc.campaign._compute_survey_points.
    survey_points = fields.Float(
        digits=(6, 2),
        readonly=True,
        copy=False,
        groups="cchc_index.group_cchc_secretariat,cchc_index.group_cchc_council,"
        "cchc_index.group_cchc_manager",
        help="Weighted mean of the valid answers, times the item's maximum.",
    )
    survey_response_count = fields.Integer(
        string="Valid Responses",
        readonly=True,
        copy=False,
        groups="cchc_index.group_cchc_secretariat,cchc_index.group_cchc_council,"
        "cchc_index.group_cchc_manager",
    )
    survey_min_responses = fields.Integer(
        string="Minimum Responses",
        readonly=True,
        copy=False,
        groups="cchc_index.group_cchc_secretariat,cchc_index.group_cchc_council,"
        "cchc_index.group_cchc_manager",
    )
    survey_na = fields.Boolean(
        string="Not Measured",
        readonly=True,
        copy=False,
        help="Fewer valid survey responses than the minimum: the item leaves both "
        "the points and the maximum of the index.",
    )
    survey_note = fields.Char(
        string="Survey",
        compute="_compute_survey_note",
        help="Where the points of a survey item come from.",
    )
    explanation_requested = fields.Boolean(readonly=True, copy=False)
    explanation_question = fields.Text(string="Question", readonly=True, copy=False)
    explanation_answer = fields.Text(string="Answer")
    points_lost = fields.Float(
        compute="_compute_points_lost",
        store=True,
        digits=(6, 2),
        help="Applicable maximum less the appraised score, once appraised.",
    )
    previous_action_ids = fields.Many2many(
        "cchc.improvement.action",
        string="Last Year's Improvement Actions",
        compute="_compute_previous_action_ids",
        groups="cchc_index.group_cchc_officer,cchc_index.group_cchc_secretariat",
        help="What the unit planned on this item after last year's result.",
    )
    change_ids = fields.One2many("cchc.score.change", "line_id", string="History")
    citation_ids = fields.One2many(
        "cchc.evidence.citation",
        "line_id",
        string="Cited Documents",
        help="Documents of the unit's library that prove this item, each with its "
        "section or page.",
    )
    evidence_warning = fields.Text(
        compute="_compute_evidence_warning",
        help="What to check in the cited documents: the same file cited by another "
        "unit, a number or a date that does not match the document.",
    )
    evidence_count = fields.Integer(compute="_compute_evidence_count")
    needs_explanation = fields.Boolean(
        compute="_compute_evidence_count",
        help="Evidence is required but none is attached and nothing is explained.",
    )

    criterion_name = fields.Char(related="criterion_id.name", string="Item Name")
    choices_note = fields.Char(
        string="Choices",
        compute="_compute_choices_note",
        help="The answers this item allows and the points each gives.",
    )
    has_explanation = fields.Boolean(
        string="Explained", compute="_compute_has_explanation"
    )
    blocking_reason = fields.Char(
        string="To Complete",
        compute="_compute_blocking_reason",
        help="Why this item keeps the self-assessment from being submitted.",
    )

    @api.depends_context("lang")
    @api.depends(
        "criterion_id.point_kind",
        "criterion_id.scoring_method",
        "criterion_id.max_points",
        "criterion_id.level_ids.points",
        "criterion_id.level_ids.min_percent",
    )
    def _compute_choices_note(self):
        for rec in self:
            item = rec.criterion_id
            points = format_number(self.env, item.max_points)
            if item.point_kind == "survey":
                rec.choices_note = self.env._("From the survey")
            elif item.scoring_method == "yes_no":
                rec.choices_note = self.env._(
                    "Yes: %(points)s pts · No: 0", points=points
                )
            elif item.scoring_method == "bands":
                rec.choices_note = " · ".join(
                    self.env._(
                        "≥ %(percent)s%%: %(points)s",
                        percent=format_number(self.env, band.min_percent),
                        points=format_number(self.env, band.points),
                    )
                    for band in item.level_ids.sorted("min_percent", reverse=True)
                )
            elif item.scoring_method == "levels":
                rec.choices_note = self.env._(
                    "%(count)s levels, up to %(points)s pts",
                    count=len(item.level_ids),
                    points=points,
                )
            else:
                rec.choices_note = self.env._("0 to %(points)s pts", points=points)

    @api.depends("explanation")
    def _compute_has_explanation(self):
        for rec in self:
            rec.has_explanation = not is_blank(rec.explanation)

    @api.depends(
        "is_scored",
        "needs_explanation",
        "self_points",
        "explanation",
        "appraisal_comment",
        "state",
    )
    def _compute_blocking_reason(self):
        reasons = defaultdict(list)
        for evaluation in self.evaluation_id.filtered(lambda e: e.state == "draft"):
            for reason, found in evaluation._submission_blockers():
                for line in found:
                    reasons[line].append(reason)
        for rec in self:
            rec.blocking_reason = "; ".join(reasons[rec]) or False

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
        "criterion_id.point_kind",
    )
    def _compute_self_points(self):
        """Self score; the applicable maximum is that of the self-assessed index:
        the appraised items that apply (survey, bonus and deduction items have
        their own places in the index)."""
        for rec in self:
            item = rec.criterion_id
            rec.figure_rate = (
                100.0 * rec.figure_done / rec.figure_total if rec.figure_total else 0.0
            )
            counted = not rec.is_na and item.point_kind == "normal"
            rec.applicable_max = item.max_points if counted else 0.0
            if item.point_kind == "survey":
                # Never scored by the unit: the survey gives its points.
                rec.self_points, rec.is_scored = 0.0, False
            elif rec.is_na:
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

    @api.depends(
        "applicable_max", "appraised_points", "is_appraised", "criterion_id.point_kind"
    )
    def _compute_points_lost(self):
        """What the unit lost on the item: short of its maximum, or the points
        deducted by a deduction item."""
        for rec in self:
            if not rec.is_appraised:
                rec.points_lost = 0.0
            elif rec.point_kind == "deduction":
                rec.points_lost = rec.appraised_points
            else:
                rec.points_lost = rec.applicable_max - rec.appraised_points

    def _compute_previous_action_ids(self):
        actions = self.env["cchc.improvement.action"].search(
            [
                ("agency_id", "in", self.agency_id.ids),
                (
                    "year",
                    "in",
                    [year - 1 for year in set(self.evaluation_id.mapped("year"))],
                ),
                ("criterion_code", "in", list(set(self.mapped("code")))),
            ]
        )
        by_key = defaultdict(lambda: actions.browse())
        for action in actions:
            by_key[action.agency_id, action.year, action.criterion_code] |= action
        for rec in self:
            rec.previous_action_ids = by_key[
                rec.agency_id, rec.evaluation_id.year - 1, rec.code
            ]

    @api.depends_context("lang")
    @api.depends("point_kind", "survey_na", "state")
    def _compute_survey_note(self):
        """ "From the survey" for the unit; the responses and, when the item is
        not measured, the reason, once the results are published (and for the
        secretariat and the council before)."""
        insider = self.env.user.has_groups(
            "cchc_index.group_cchc_secretariat,cchc_index.group_cchc_council,"
            "cchc_index.group_cchc_manager"
        )
        for rec in self:
            if rec.point_kind != "survey":
                rec.survey_note = False
                continue
            line = rec.sudo()
            if not (insider or rec.state == "published"):
                rec.survey_note = self.env._("From the survey")
            elif line.survey_na:
                rec.survey_note = self.env._(
                    "Not measured: %(count)s valid responses, fewer than the "
                    "minimum of %(min)s.",
                    count=line.survey_response_count,
                    min=line.survey_min_responses,
                )
            else:
                rec.survey_note = self.env._(
                    "From the survey: %(points)s points from %(count)s valid "
                    "responses.",
                    points=format_number(self.env, line.survey_points),
                    count=line.survey_response_count,
                )

    @api.depends("citation_ids.shared_agency_ids", "citation_ids.check_flags")
    def _compute_evidence_warning(self):
        for rec in self:
            warnings = []
            for citation in rec.citation_ids:
                if citation.is_shared:
                    warnings.append(
                        self.env._(
                            "%(document)s: the same file is cited by %(units)s.",
                            document=citation.display_name,
                            units=", ".join(citation.shared_agency_ids.mapped("name")),
                        )
                    )
                warnings.extend(
                    f"{citation.display_name}: {flag}"
                    for flag in (citation.check_flags or "").splitlines()
                )
            rec.evidence_warning = "\n".join(warnings)

    @api.depends("is_na", "is_appraised", "explanation_requested")
    def _compute_appraisal_status(self):
        for rec in self:
            if rec.is_na:
                rec.appraisal_status = "na"
            elif rec.explanation_requested:
                rec.appraisal_status = "asked"
            else:
                rec.appraisal_status = "done" if rec.is_appraised else "todo"

    @api.depends("appraised_points", "is_appraised", "criterion_id.level_ids.points")
    def _compute_appraised_choice(self):
        """The choice the appraised score stands for, once appraised."""
        for rec in self:
            item = rec.criterion_id
            points = rec.appraised_points
            rec.appraised_answer = rec.is_appraised and (
                "yes" if float_compare(points, item.max_points, 2) == 0 else "no"
            )
            rec.appraised_level_id = (
                rec.is_appraised
                and item.level_ids.filtered(
                    lambda level, p=points: float_compare(level.points, p, 2) == 0
                )[:1]
            )

    def _inverse_appraised_answer(self):
        for rec in self.filtered("appraised_answer"):
            max_points = rec.criterion_id.max_points
            rec.appraised_points = max_points if rec.appraised_answer == "yes" else 0.0

    def _inverse_appraised_level_id(self):
        for rec in self.filtered("appraised_level_id"):
            rec.appraised_points = rec.appraised_level_id.points

    @api.depends_context("lang")
    @api.depends(
        "criterion_id.scoring_method",
        "criterion_id.max_points",
        "criterion_id.level_ids.name",
        "criterion_id.level_ids.points",
    )
    def _compute_allowed_scores(self):
        env = self.env
        for rec in self:
            item = rec.criterion_id
            if item.scoring_method == "yes_no":
                choices = [(env._("Yes"), item.max_points), (env._("No"), 0.0)]
            elif item.scoring_method in ("levels", "bands"):
                choices = [(level.name, level.points) for level in item.level_ids]
            else:
                rec.allowed_scores = env._(
                    "From 0 to %(max)s points.",
                    max=format_number(env, item.max_points),
                )
                continue
            # "; ": a decimal comma must not read as a separator
            rec.allowed_scores = "; ".join(
                env._(
                    "%(choice)s: %(points)s",
                    choice=name,
                    points=format_number(env, points),
                )
                for name, points in choices
            )

    @api.depends("citation_ids.document_id.attachment_id")
    def _compute_preview(self):
        """The first cited PDF, to read beside the score."""
        for rec in self:
            document = rec.citation_ids.document_id.filtered(
                lambda d: d.attachment_id.mimetype == "application/pdf"
            )[:1]
            rec.preview_pdf = document.attachment_id.datas
            rec.preview_name = document.display_name

    def _band_for(self, rate):
        """The band of this line's item that a rate (in %) falls in."""
        bands = self.criterion_id.level_ids.filtered(
            lambda b: float_compare(b.min_percent, rate, 2) <= 0
        )
        return bands.sorted("min_percent", reverse=True)[:1]

    @api.depends(
        "evidence_ids",
        "citation_ids",
        "explanation",
        "is_na",
        "criterion_id.evidence_required",
        "criterion_id.point_kind",
    )
    def _compute_evidence_count(self):
        for rec in self:
            # An upload is cited from the library: counted once.
            rec.evidence_count = len(rec.evidence_ids) + len(
                rec.citation_ids.filtered(lambda c: not c.upload_id)
            )
            rec.needs_explanation = (
                rec.criterion_id.evidence_required
                and rec.criterion_id.point_kind != "survey"
                and not rec.is_na
                and not rec.evidence_count
                and is_blank(rec.explanation)
            )

    def _without_deduction_reason(self, fname):
        """Deductions of these lines (the points in fname) given without a
        reason: neither the unit's explanation nor the appraiser's comment."""
        return self.filtered(
            lambda line: (
                line.point_kind == "deduction"
                and float_compare(line[fname], 0.0, 2) > 0
                and is_blank(line.explanation)
                and is_blank(line.appraisal_comment)
            )
        )

    @api.constrains(*SELF_FIELDS, "free_entered")
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
        if self.figure_done and float_is_zero(self.figure_total, 2):
            return self.env._("the total of a declared figure must be more than 0.")
        if float_compare(self.figure_done, self.figure_total, 2) > 0:
            return self.env._(
                "the achieved figure (%(done)s) exceeds the total (%(total)s).",
                done=format_number(self.env, self.figure_done),
                total=format_number(self.env, self.figure_total),
            )
        if self.free_entered and method != "free":
            return self.env._("only free-points items take points directly.")
        if float_compare(self.free_points, 0.0, 2) < 0 or (
            float_compare(self.free_points, item.max_points, 2) > 0
        ):
            return self.env._(
                "%(points)s points is outside 0 to %(max)s.",
                points=format_number(self.env, self.free_points),
                max=format_number(self.env, item.max_points),
            )
        return False

    @api.constrains("appraised_points", "is_appraised")
    def _check_appraised_points(self):
        # A not applicable item leaves both the points and the maximum.
        for rec in self.filtered(lambda line: line.is_na):
            if not float_is_zero(rec.appraised_points, 2):
                raise ValidationError(
                    self.env._(
                        "%(code)s is not applicable to this unit: it takes no "
                        "appraised score.",
                        code=rec.code,
                    )
                )
        for rec in self.filtered(lambda line: line.is_appraised and not line.is_na):
            item = rec.criterion_id
            points = rec.appraised_points
            if item.scoring_method == "yes_no":
                allowed = [0.0, item.max_points]
            elif item.scoring_method in ("levels", "bands"):
                allowed = item.level_ids.mapped("points")
            else:
                allowed = None
            if allowed is not None and not any(
                float_compare(points, value, 2) == 0 for value in allowed
            ):
                raise ValidationError(
                    self.env._(
                        "%(code)s: an appraised score of %(points)s is not one of the "
                        "item's scores (%(allowed)s).",
                        code=rec.code,
                        points=format_number(self.env, points),
                        # "; ": a decimal comma must not read as a separator
                        allowed="; ".join(
                            format_number(self.env, value)
                            for value in sorted(set(allowed))
                        ),
                    )
                )
            if float_compare(points, 0.0, 2) < 0 or (
                float_compare(points, item.max_points, 2) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(code)s: an appraised score of %(points)s is outside 0 to "
                        "%(max)s.",
                        code=rec.code,
                        points=format_number(self.env, points),
                        max=format_number(self.env, item.max_points),
                    )
                )

    def _check_appraisable(self):
        """Appraised scores and comments: by the appraisers of each item's
        appraisal (``cchc.appraisal._check_appraiser``), while it accepts them."""
        self.appraisal_id._check_appraiser()
        if outside := self.filtered(lambda line: not line.appraisal_id):
            raise UserError(
                self.env._(
                    "Item %(code)s is not under appraisal.", code=outside[0].code
                )
            )
        self.appraisal_id._check_appraising()
        # An explanation request freezes the items asked about, not the others.
        if asked := self.filtered("explanation_requested"):
            raise UserError(
                self.env._(
                    "Item %(code)s waits for the unit's explanation: it can be "
                    "appraised again once the unit has answered.",
                    code=asked[0].code,
                )
            )

    def _cchc_check_editable(self, vals=None):
        """Nobody scores a survey item: the survey gives its points."""
        if vals and self._cchc_changed(vals).intersection(SELF_FIELDS):
            survey = self.filtered(lambda line: line.point_kind == "survey")
            if survey:
                raise UserError(
                    self.env._(
                        "%(codes)s take their points from the survey: they are not "
                        "self-assessed.",
                        codes=", ".join(survey.mapped("code")),
                    )
                )
        return super()._cchc_check_editable(vals)

    def _check_unit_user(self):
        """Self scores, evidence and answers: only by the users of the line's unit."""
        if self.env.su:
            return
        user = self.env.user
        is_unit_user = user.has_group("cchc_index.group_cchc_officer")
        for rec in self:
            if not is_unit_user or user.cchc_agency_id != rec.agency_id:
                raise AccessError(
                    self.env._(
                        "Only the users of %(unit)s can change its self-assessment "
                        "of item %(code)s.",
                        unit=rec.agency_id.name,
                        code=rec.code,
                    )
                )

    def _check_answerable(self):
        """Answers: only on the items an appraiser asked about, while asked."""
        self._check_unit_user()
        for rec in self:
            if not (rec.explanation_requested and rec.state == "explanation"):
                raise UserError(
                    self.env._(
                        "No explanation was asked for item %(code)s.", code=rec.code
                    )
                )

    def write(self, vals):
        fnames = set(vals)
        if fnames.intersection(SELF_FIELDS):
            self.evaluation_id._check_open()
            self._check_unit_user()
        if fnames.intersection(APPRAISAL_FIELDS):
            self._check_appraisable()
        if "explanation_answer" in fnames:
            self._check_answerable()
        trail = self.env["cchc.score.change"]
        traced = [f for f in TRAIL_FIELDS if f in fnames]
        before = traced and trail._snapshot(self.sudo(), traced)
        result = super().write(vals)
        if before:
            trail._record_since(self.sudo(), before)
        # What was entered is recorded by the line itself, as the system.
        flags = {"free_entered": True} if "free_points" in vals else {}
        if "appraised_points" in vals:
            flags["is_appraised"] = True
        if flags:
            super(CchcEvaluationLine, self.sudo()).write(flags)
        if fnames.intersection(APPRAISAL_FIELDS):
            self.appraisal_id.sudo()._mark_started()
        return result

    @api.model
    def _check_evidence_editable(self, line_ids, adding=False):
        """Evidence files follow the line: changed by its unit while the
        evaluation is open; during an explanation round, only added, and only
        to the items asked about."""
        lines = self.browse(line_ids)
        lines._check_unit_user()
        answering = lines.filtered(
            lambda line: line.explanation_requested and line.state == "explanation"
        )
        (lines - answering).evaluation_id._check_open()
        if answering and not adding:
            raise UserError(
                self.env._(
                    "Item %(code)s: during an explanation round, evidence can "
                    "only be added; the files already submitted cannot be "
                    "replaced, renamed or deleted.",
                    code=answering[0].code,
                )
            )
        answering._check_answerable()

    def action_request_explanation(self):
        """Ask the unit about this item, from the bench."""
        self.ensure_one()
        return self.appraisal_id.action_request_explanation_wizard(lines=self)

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
