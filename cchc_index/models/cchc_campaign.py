import base64
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare

from .cchc_evaluation import full_index_sql, index_components_sql
from .cchc_input_mixin import format_number, is_blank
from .ir_actions_report import DOCUMENT_LANG

DEFAULT_BANDS = [
    ("Xuất sắc", 90),
    ("Tốt", 80),
    ("Khá", 65),
    ("Trung bình", 50),
    ("Yếu", 0),
]
DEFAULT_QUOTAS = {"so": 4, "huyen": 2}
# Campaigns of more units are opened, and their decision rendered, by a
# background job (system parameters cchc_index.background_open_units and
# cchc_index.background_print_units): it would hold a web worker too long.
BACKGROUND_OPEN_UNITS = 1000
BACKGROUND_PRINT_UNITS = 100
# Who may read the decision before it is published.
DRAFT_READERS = "cchc_index.group_cchc_secretariat,cchc_index.group_cchc_council"
# What the secretariat may still change once a campaign is published.
PUBLICATION_PAGE_FIELDS = {"public_results"}


class CchcCampaign(models.Model):
    """Kỳ đánh giá: one year's assessment of the units in scope."""

    _name = "cchc.campaign"
    _description = "Assessment Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "cchc.guard.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: self._default_year(),
        help="One campaign per year: by default the year after the latest one.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("self_assessment", "Self-assessment"),
            ("appraisal", "Appraisal"),
            ("council", "Council Review"),
            ("published", "Published"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        group_expand=True,
    )
    criteria_set_ids = fields.Many2many(
        "cchc.criteria.set",
        string="Criteria Sets",
        check_company=True,
        domain="[('state', '=', 'active'), ('year', '=', year)]",
        help="The criteria set used for each unit type.",
    )
    agency_ids = fields.Many2many(
        "cchc.agency",
        string="Units in Scope",
        check_company=True,
        compute="_compute_agency_ids",
        store=True,
        readonly=False,
        domain="[('unit_type_id', 'in', unit_type_ids)]",
    )
    unit_type_ids = fields.Many2many(
        "cchc.unit.type", compute="_compute_unit_type_ids", string="Unit Types"
    )
    date_self_open = fields.Date(string="Self-assessment Opens", tracking=True)
    date_self_close = fields.Date(
        string="Self-assessment Closes", required=True, tracking=True
    )
    date_appraisal_close = fields.Date(string="Appraisal Closes", tracking=True)
    reminder_days = fields.Integer(
        default=3,
        help="Units that have not submitted are reminded this many days before "
        "their closing date.",
    )
    band_ids = fields.One2many(
        "cchc.campaign.band",
        "campaign_id",
        string="Classification Bands",
        copy=True,
        default=lambda self: [
            Command.create({"name": name, "lower_bound": bound})
            for name, bound in DEFAULT_BANDS
        ],
    )
    quota_ids = fields.One2many(
        "cchc.campaign.quota",
        "campaign_id",
        string="Award Quotas",
        copy=True,
        default=lambda self: self._default_quotas(),
    )
    award_min_index = fields.Float(
        string="Minimum Index for an Award", digits=(5, 2), default=90
    )
    award_max_individuals = fields.Integer(string="Individuals Awarded", default=5)
    evaluation_ids = fields.One2many(
        "cchc.evaluation", "campaign_id", string="Evaluations"
    )
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    decision_number = fields.Char(
        tracking=True,
        copy=False,
        help="Number of the publication decision, e.g. 2345/QĐ-UBND.",
    )
    decision_date = fields.Date(tracking=True, copy=False)
    public_results = fields.Boolean(
        string="Public Results Page",
        default=True,
        tracking=True,
        copy=False,
        help="Once published, the ranking and the decision are shown to everyone "
        "on the public results page (/cchc). Untick to withdraw the page.",
    )
    published_decision = fields.Binary(
        attachment=True,
        readonly=True,
        copy=False,
        help="The publication decision as published, rendered once and then "
        "served as it is.",
    )
    # The decision's texts: the company's (the province's) by default; the
    # secretariat adapts them per campaign.
    province_name = fields.Char(
        string="Province",
        default=lambda self: self.env.company.cchc_province_name,
        help="Issuing province, as printed on the documents.",
    )
    legal_bases = fields.Text(
        default=lambda self: self.env.company.cchc_legal_bases,
        help="The decision's legal bases (Căn cứ …), one per line.",
    )
    proposal_reference = fields.Char(
        help="The Department of Home Affairs' submission, e.g. "
        "Tờ trình số 512/TTr-SNV ngày 15/12/2018.",
    )
    signer_name = fields.Char(
        default=lambda self: self.env.company.cchc_signer_name,
        help="Who signs the decision.",
    )
    signer_title = fields.Char(default=lambda self: self.env.company.cchc_signer_title)
    signer_authority = fields.Char(
        default=lambda self: self.env.company.cchc_signer_authority,
        help="Signing on behalf, e.g. KT. CHỦ TỊCH.",
    )
    recipients = fields.Text(
        default=lambda self: self.env.company.cchc_recipients,
        help="Nơi nhận: one recipient per line.",
    )
    opening_user_id = fields.Many2one(
        "res.users",
        string="Being Opened For",
        readonly=True,
        copy=False,
        help="Set while a background job opens the self-assessment for this user.",
    )
    decision_requester_ids = fields.Many2many(
        "res.users",
        "cchc_campaign_decision_requester_rel",
        string="Decision Requested By",
        readonly=True,
        copy=False,
        groups=DRAFT_READERS,
        help="Set while a background job renders the decision for these users.",
    )
    draft_decision = fields.Binary(
        attachment=True,
        readonly=True,
        copy=False,
        groups=DRAFT_READERS,
        help="The decision as the results stood when it was last rendered in the "
        "background, before publication.",
    )
    draft_decision_date = fields.Datetime(
        string="Draft Rendered On", readonly=True, copy=False, groups=DRAFT_READERS
    )
    decision_filename = fields.Char(compute="_compute_decision_filename")
    survey_ids = fields.One2many(
        "cchc.campaign.survey",
        "campaign_id",
        string="Survey Questionnaires",
        help="The sociological survey (ĐTXHH): one questionnaire per group of "
        "respondents.",
    )
    evaluation_count = fields.Integer(compute="_compute_progress")
    submitted_count = fields.Integer(compute="_compute_progress")
    submission_progress = fields.Float(compute="_compute_progress")

    @api.model
    def _latest_of(self, company):
        return self.search(
            [("company_id", "=", company.id)], order="year desc, id desc", limit=1
        )

    @api.model
    def _default_year(self):
        """The year after the company's latest campaign, or this year."""
        latest = self._latest_of(self.env.company)
        return latest.year + 1 if latest else self.env.company._cchc_today().year

    @api.model
    def _default_quotas(self):
        unit_types = self.env["cchc.unit.type"].search(
            [("code", "in", list(DEFAULT_QUOTAS))]
        )
        return [
            Command.create(
                {"unit_type_id": ut.id, "max_units": DEFAULT_QUOTAS[ut.code]}
            )
            for ut in unit_types
        ]

    @api.depends("year", "company_id")
    def _compute_name(self):
        """Named in the documents' language (the decision cites the name),
        whoever creates it."""
        env = self.with_context(lang=DOCUMENT_LANG).env
        for rec in self:
            rec.name = env._("Reform Index %(year)s", year=rec.year)

    @api.depends("year", "state")
    def _compute_decision_filename(self):
        for rec in self:
            name = f"QD-cong-bo-chi-so-CCHC-{rec.year}.pdf"
            published = rec.state in ("published", "closed")
            rec.decision_filename = name if published else f"Du-thao-{name}"

    @api.depends("criteria_set_ids")
    def _compute_unit_type_ids(self):
        for rec in self:
            rec.unit_type_ids = rec.criteria_set_ids.unit_type_id

    @api.depends("criteria_set_ids", "company_id")
    def _compute_agency_ids(self):
        agencies = self.env["cchc.agency"].search(
            [
                ("unit_type_id", "in", self.criteria_set_ids.unit_type_id.ids),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        for rec in self:
            rec.agency_ids = agencies.filtered(
                lambda a, r=rec: (
                    a.company_id == r.company_id
                    and a.unit_type_id in r.criteria_set_ids.unit_type_id
                )
            )

    @api.depends("evaluation_ids.state")
    def _compute_progress(self):
        groups = self.env["cchc.evaluation"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"]
        )
        counts = defaultdict(lambda: defaultdict(int))
        for campaign, state, count in groups:
            counts[campaign][state] = count
        for rec in self:
            by_state = counts[rec]
            rec.evaluation_count = sum(by_state.values())
            rec.submitted_count = rec.evaluation_count - by_state["draft"]
            rec.submission_progress = (
                100.0 * rec.submitted_count / rec.evaluation_count
                if rec.evaluation_count
                else 0.0
            )

    @api.onchange("year", "company_id")
    def _onchange_year(self):
        """Warn at once of a year that already has its campaign."""
        other = self._of_year(self.year, self.company_id) - self._origin
        if other:
            return {
                "warning": {
                    "title": self.env._("Campaign of %(year)s", year=self.year),
                    "message": self._year_taken_message(other),
                }
            }

    @api.model
    def _of_year(self, year, company):
        """The company's campaigns of a year."""
        return self.search([("year", "=", year), ("company_id", "=", company.id)])

    @api.model
    def _year_taken_message(self, other):
        return self.env._(
            "%(year)s already has its campaign, %(campaign)s: open it instead, "
            "or choose another year.",
            year=other[0].year,
            campaign=other[0].display_name,
        )

    @api.constrains("criteria_set_ids", "year")
    def _check_criteria_sets(self):
        for rec in self:
            unit_types = rec.criteria_set_ids.unit_type_id
            if len(unit_types) != len(rec.criteria_set_ids):
                raise ValidationError(
                    self.env._("A campaign uses one criteria set per unit type.")
                )
            if any(s.year != rec.year for s in rec.criteria_set_ids):
                raise ValidationError(
                    self.env._(
                        "The criteria sets of a campaign must be those of its year."
                    )
                )

    @api.constrains("date_self_open", "date_self_close", "date_appraisal_close")
    def _check_dates(self):
        for rec in self:
            dates = [rec.date_self_open, rec.date_self_close, rec.date_appraisal_close]
            dates = [d for d in dates if d]
            if dates != sorted(dates):
                raise ValidationError(
                    self.env._(
                        "Self-assessment must open before it closes, and close before "
                        "the appraisal closes."
                    )
                )

    @api.constrains("band_ids")
    def _check_bands(self):
        for rec in self:
            if rec.band_ids and min(rec.band_ids.mapped("lower_bound")) != 0:
                raise ValidationError(
                    self.env._("The lowest classification band must start at 0.")
                )

    @api.constrains("award_min_index", "award_max_individuals", "reminder_days")
    def _check_ranges(self):
        for rec in self:
            if not 0 <= rec.award_min_index <= 100:
                raise ValidationError(
                    self.env._(
                        "The minimum index for an award is %(index)s: it must lie "
                        "between 0 and 100.",
                        index=format_number(self.env, rec.award_min_index),
                    )
                )
            if rec.award_max_individuals < 0:
                raise ValidationError(
                    self.env._("The number of individuals awarded cannot be negative.")
                )
            if not 0 <= rec.reminder_days <= 365:
                raise ValidationError(
                    self.env._(
                        "Reminders are sent %(days)s days before the closing date: "
                        "use 0 to 365 days.",
                        days=rec.reminder_days,
                    )
                )

    def _check_state(self, expected):
        """Guard a transition: the secretariat's, from the expected stage.

        The campaigns stay locked until the transaction ends: a unit sent back
        at the same moment is serialised with the transition.
        """
        self.check_access("write")
        self._cchc_lock()
        for rec in self:
            if rec.state != expected:
                raise UserError(
                    self.env._(
                        "%(campaign)s is at stage %(state)s: this step is not possible.",
                        campaign=rec.display_name,
                        state=dict(
                            rec._fields["state"]._description_selection(self.env)
                        )[rec.state],
                    )
                )

    def action_open_self_assessment(self):
        """Create every unit's evaluation and tell the unit heads.

        A campaign of more units than the system parameter
        ``cchc_index.background_open_units`` is opened by a background job
        (``_cron_open_campaigns``), which tells the user when it is done: its
        creation can outlast a web request.
        """
        self._check_openable()
        threshold = self._background_threshold(
            "cchc_index.background_open_units", BACKGROUND_OPEN_UNITS
        )
        large = self.filtered(lambda c: len(c.agency_ids) > threshold)
        (self - large)._open_self_assessment()
        if not large:
            return False
        large.sudo().opening_user_id = self.env.user
        return self._run_in_background(
            "cchc_index.ir_cron_open_campaigns",
            self.env._(
                "%(campaigns)s will be opened in the background; you will be "
                "told when it is done.",
                campaigns=", ".join(large.mapped("name")),
            ),
        )

    @api.model
    def _run_in_background(self, cron_xmlid, message):
        """Start the background job now; the notification telling the user."""
        self.env.ref(cron_xmlid)._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _tell(self, user, kind, message):
        """Tell user, wherever they are in the web client, until they close it."""
        user._bus_send(
            "simple_notification", {"type": kind, "message": message, "sticky": True}
        )

    @api.model
    def _background_threshold(self, key, default):
        """The number of units above which a task runs in the background."""
        return int(self.env["ir.config_parameter"].sudo().get_param(key, default))

    def _check_openable(self):
        """Raise unless these campaigns can open their self-assessment."""
        self._check_state("draft")
        for rec in self:
            if rec.opening_user_id:
                raise UserError(
                    self.env._(
                        "%(campaign)s is being opened in the background.",
                        campaign=rec.name,
                    )
                )
            if not rec.agency_ids:
                raise UserError(self.env._("Choose the units in scope first."))
            inactive = rec.criteria_set_ids.filtered(lambda s: s.state != "active")
            if inactive:
                raise UserError(
                    self.env._(
                        "Activate the criteria sets first: %(sets)s.",
                        sets=", ".join(inactive.mapped("display_name")),
                    )
                )
            missing = rec.agency_ids.filtered(
                lambda a, r=rec: a.unit_type_id not in r.criteria_set_ids.unit_type_id
            )
            if missing:
                raise UserError(
                    self.env._(
                        "No criteria set for the unit type of: %(units)s.",
                        units=", ".join(missing.mapped("name")),
                    )
                )

    def _open_self_assessment(self):
        if not self:
            return
        evaluations = self.env["cchc.evaluation"]._create_for_campaigns(self)
        evaluations._notify_heads_opened()
        self.sudo().state = "self_assessment"

    @api.model
    def _cron_open_campaigns(self):
        """Open one of the campaigns queued by ``action_open_self_assessment``,
        as the user who asked, and tell them; the cron runs again while others
        remain (``ir.cron._notify_progress``)."""
        queued = self.sudo().search([("opening_user_id", "!=", False)], order="id")
        if not queued:
            return
        campaign = queued[0]
        user = campaign.opening_user_id
        campaign.opening_user_id = False
        # As if the user had opened it in the web client, in their language.
        as_user = (
            campaign.with_user(user)
            .with_context(lang=user.lang)
            .with_company(campaign.company_id)
        )
        try:
            with self.env.cr.savepoint():
                as_user._check_openable()
                as_user._open_self_assessment()
        except (UserError, AccessError) as error:
            kind = "danger"
            message = as_user.env._(
                "%(campaign)s could not be opened: %(error)s",
                campaign=campaign.name,
                error=str(error),
            )
        else:
            kind = "success"
            message = as_user.env._(
                "%(campaign)s is open: %(count)s units got their evaluation.",
                campaign=campaign.name,
                count=len(campaign.evaluation_ids),
            )
        campaign._message_log(body=message)
        self._tell(user, kind, message)
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(queued) - 1)

    def action_start_appraisal(self):
        self._check_state("self_assessment")
        late = self.evaluation_ids.filtered(lambda e: e.state == "draft")
        if late:
            raise UserError(
                self.env._(
                    "These units have not submitted their self-assessment yet: "
                    "%(units)s. Extend their closing date or wait for them.",
                    units=", ".join(late.agency_id.mapped("name")),
                )
            )
        self.sudo().state = "appraisal"
        self.evaluation_ids._enter_appraisal()

    def action_council_review(self):
        self._check_state("appraisal")
        pending = self.evaluation_ids.filtered(lambda e: e.state != "appraised")
        if pending:
            raise UserError(
                self.env._(
                    "These units are not appraised yet: %(units)s.",
                    units=", ".join(pending.agency_id.mapped("name")),
                )
            )
        self._compute_survey_points()
        self._recompute_results()
        self.sudo().state = "council"
        self._notify_council()

    def _notify_council(self):
        """An activity for each council member of the campaign's province."""
        self.sudo().activity_feedback(
            ["cchc_index.mail_activity_type_results_sent_back"]
        )
        self._schedule_for_group(
            "cchc_index.group_cchc_council",
            "cchc_index.mail_activity_type_council_review",
            self.env._("Approve the Reform Index results"),
            self.env._(
                "The appraisal is complete: review the results and ranking, "
                "then approve them for publication."
            ),
        )

    def _schedule_for_group(self, group_xmlid, activity_type, summary, note):
        """An activity for each user of a group working for the campaign's
        province."""
        users = self.env.ref(group_xmlid).users
        for rec in self:
            for user in users.filtered(lambda u, r=rec: r.company_id in u.company_ids):
                rec.activity_schedule(
                    activity_type, summary=summary, note=note, user_id=user.id
                )

    def action_update_survey_points(self):
        """Take the survey responses collected since the council review began."""
        self._check_state("council")
        if self.approved_by_id:
            raise UserError(
                self.env._("The results are approved: the survey points are final.")
            )
        self._compute_survey_points()
        self._recompute_results()

    def action_view_survey_progress(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Survey Progress"),
            "res_model": "cchc.survey.progress",
            "view_mode": "pivot,list",
            "domain": [("campaign_id", "=", self.id)],
        }

    def _check_awaiting_approval(self):
        """Raise unless the user is of the council and these campaigns await
        its approval; they stay locked until the transaction ends."""
        if not self.env.user.has_group("cchc_index.group_cchc_council"):
            raise AccessError(self.env._("Only the council approves the results."))
        self._cchc_lock()
        for rec in self:
            if rec.state != "council" or rec.approved_by_id:
                raise UserError(
                    self.env._("%(campaign)s awaits no approval.", campaign=rec.name)
                )

    def action_approve(self):
        """The council approves the results for publication."""
        self._check_awaiting_approval()
        self.sudo().write(
            {"approved_by_id": self.env.uid, "date_approved": fields.Datetime.now()}
        )
        self.sudo().activity_feedback(
            ["cchc_index.mail_activity_type_council_review"],
            feedback=self.env._("Approved by %(user)s.", user=self.env.user.name),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Results approved: the secretariat can now publish them."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_send_back_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the Results Back"),
            "res_model": "cchc.campaign.send.back",
            "view_mode": "form",
            "target": "new",
            "context": {"default_campaign_id": self.id},
        }

    def _send_back(self, reason):
        """The council returns the results to the appraisal stage, with its
        reason in the chatter and an activity for the secretariat."""
        self._check_awaiting_approval()
        self.sudo().state = "appraisal"
        campaigns = self.sudo()
        campaigns.activity_feedback(
            ["cchc_index.mail_activity_type_council_review"],
            feedback=self.env._("Sent back: %(reason)s", reason=reason),
        )
        for rec in campaigns:
            rec._message_log(
                body=self.env._(
                    "%(user)s (council) sent the results back to the secretariat: "
                    "%(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        campaigns._schedule_for_group(
            "cchc_index.group_cchc_secretariat",
            "cchc_index.mail_activity_type_results_sent_back",
            self.env._("Reform Index results sent back by the council"),
            Markup("<p>%s</p>") % Markup("<br/>").join(reason.splitlines()),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "message": self.env._(
                    "Results sent back to the secretariat: the campaign is at the "
                    "appraisal stage again."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_publish(self):
        """Publish the decision: every record of the campaign becomes read-only."""
        self._check_state("council")
        for rec in self:
            if not rec.approved_by_id:
                raise UserError(self.env._("The council has not approved the results."))
            if not (rec.decision_number and rec.decision_date):
                raise UserError(
                    self.env._("Enter the number and date of the publication decision.")
                )
        self.evaluation_ids._set_state("published")
        self.sudo().state = "published"

    def _decision_pdf(self):
        """The PDF of this campaign's decision. Once the campaign is published
        it no longer changes: the PDF is rendered on the first request, then
        served from its file, so that no visitor makes the server render it
        again."""
        self.ensure_one()
        if self.published_decision:
            return base64.b64decode(self.published_decision)
        pdf, report_type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("cchc_index.report_decision", self.ids)
        )
        if report_type == "pdf" and self.state in ("published", "closed"):
            self.sudo().published_decision = base64.b64encode(pdf)
        return pdf

    def action_print_decision(self):
        """The decision as it stands; once published, the published one.

        Before publication only the secretariat and the council read it. The
        decision of more units than the system parameter
        ``cchc_index.background_print_units`` is rendered by a background job
        (``_cron_render_decisions``) that tells whoever asked: one render
        serves every request made in the meantime.
        """
        self.ensure_one()
        self.check_access("read")
        if self.published_decision:
            return self._download_action("published_decision")
        published = self.state in ("published", "closed")
        if not published and not self.env.user.has_groups(DRAFT_READERS):
            raise AccessError(
                self.env._(
                    "Only the secretariat and the council read the decision before "
                    "it is published."
                )
            )
        if self.evaluation_count <= self._background_threshold(
            "cchc_index.background_print_units", BACKGROUND_PRINT_UNITS
        ):
            return self.env.ref("cchc_index.action_report_decision").report_action(
                self, config=False
            )
        self.sudo().decision_requester_ids = [Command.link(self.env.uid)]
        return self._run_in_background(
            "cchc_index.ir_cron_render_decisions",
            self.env._(
                "The decision of %(campaign)s is being rendered in the "
                "background; you will be told when it is ready.",
                campaign=self.name,
            ),
        )

    def _download_action(self, fname):
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/{fname}/"
            f"{self.decision_filename}?download=true",
            "target": "self",
        }

    @api.model
    def _cron_render_decisions(self):
        """Render the decision of one campaign queued by
        ``action_print_decision`` and tell who asked, each in their language;
        the cron runs again while others remain. A request made during the
        render triggers the cron again: the results may have changed."""
        queued = self.sudo().search(
            [("decision_requester_ids", "!=", False)], order="id"
        )
        if not queued:
            return
        campaign = queued[0]
        users = campaign.decision_requester_ids
        vals = {"decision_requester_ids": [Command.unlink(u.id) for u in users]}
        try:
            with self.env.cr.savepoint():
                pdf = campaign._decision_pdf()
        except UserError as error:
            kind, failure = "danger", str(error)
        else:
            kind, failure = "success", None
            if not campaign.published_decision:
                vals["draft_decision"] = base64.b64encode(pdf)
                vals["draft_decision_date"] = fields.Datetime.now()
        campaign.write(vals)
        for user in users:
            env = campaign.with_user(user).with_context(lang=user.lang).env
            if failure:
                message = env._(
                    "The decision of %(campaign)s could not be rendered: %(error)s",
                    campaign=campaign.name,
                    error=failure,
                )
            else:
                message = env._(
                    "The decision of %(campaign)s is ready: download it from the "
                    "campaign's form.",
                    campaign=campaign.name,
                )
            self._tell(user, kind, message)
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(queued) - 1)

    def action_close(self):
        self._check_state("published")
        self.sudo().state = "closed"

    def _cchc_check_editable(self, vals=None):
        # The public page of a published campaign can be withdrawn and restored.
        if vals is None or set(vals) - PUBLICATION_PAGE_FIELDS:
            self._check_not_published()
        if (
            vals
            and self.filtered(lambda c: c.state != "draft")
            and {"year", "criteria_set_ids", "agency_ids", "company_id"}
            & self._cchc_changed(vals)
        ):
            raise UserError(
                self.env._(
                    "The year, criteria sets and units of a campaign are fixed once "
                    "its self-assessment has opened."
                )
            )

    def _check_not_published(self):
        for rec in self:
            if rec.state in ("published", "closed"):
                raise UserError(
                    self.env._(
                        "%(campaign)s is published: its records can no longer change.",
                        campaign=rec.name,
                    )
                )

    def _recompute_results(self):
        """Appraised totals, indexes, classifications and ranks of whole campaigns.

        One set-based statement, whatever the number of units: the lines are
        read once and summed per field (``index_components_sql``), then the
        field subtotals and the evaluations' results are written from these
        sums, leaving unchanged rows alone.
        The index is that of all its components (``full_index_sql``): rounded
        half-up on exact decimals (PostgreSQL numeric); its band is the one
        whose range [lower bound, next lower bound) holds it (bounds are unique
        in a campaign, the lowest is 0). JIT compilation is off for this
        statement: it runs once over the lines, and compiling its hundred
        expressions costs more than it saves (0.15 s of 0.8 s at 10,000 units).
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SET LOCAL jit = off;
            WITH field_totals AS (%(components)s
            ), field_update AS (
                UPDATE cchc_evaluation_field f
                   SET appraised_points = t.points
                  FROM field_totals t
                 WHERE f.id = t.evaluation_field_id
                   AND f.evaluation_id = t.evaluation_id
                   AND f.appraised_points IS DISTINCT FROM t.points
            ), components AS (
                SELECT e.id AS evaluation_id, COALESCE(s.bonus_cap, 0) AS bonus_cap,
                       COALESCE(SUM(t.appraised), 0) AS appraised,
                       COALESCE(SUM(t.survey), 0) AS survey,
                       COALESCE(SUM(t.bonus), 0) AS bonus,
                       COALESCE(SUM(t.deduction), 0) AS deduction,
                       COALESCE(SUM(t.maximum), 0) AS maximum
                  FROM cchc_evaluation e
                  JOIN cchc_criteria_set s ON s.id = e.criteria_set_id
             LEFT JOIN field_totals t ON t.evaluation_id = e.id
                 WHERE e.campaign_id = ANY(%(ids)s)
              GROUP BY e.id, s.bonus_cap
            ), totals AS (
                SELECT e.id, e.campaign_id, e.unit_type_id,
                       e.state IN ('appraised', 'published') AS ranked,
                       c.appraised AS appraised_total, c.survey AS survey_points,
                       LEAST(c.bonus, c.bonus_cap) AS bonus_points,
                       c.deduction AS deduction_points, c.maximum AS index_max,
                       %(index)s AS appraised_index
                  FROM cchc_evaluation e
                  JOIN components c ON c.evaluation_id = e.id
            ), bands AS (
                SELECT id, campaign_id, lower_bound,
                       LEAD(lower_bound) OVER (
                           PARTITION BY campaign_id ORDER BY lower_bound
                       ) AS upper_bound
                  FROM cchc_campaign_band
                 WHERE campaign_id = ANY(%(ids)s)
            ), results AS (
                SELECT t.id, t.appraised_total, t.survey_points, t.bonus_points,
                       t.deduction_points, t.index_max, t.appraised_index,
                       b.id AS band_id,
                       CASE WHEN t.ranked THEN RANK() OVER (
                           PARTITION BY t.campaign_id, t.unit_type_id, t.ranked
                           ORDER BY t.appraised_index DESC) END AS rank
                  FROM totals t
             LEFT JOIN bands b
                    ON b.campaign_id = t.campaign_id
                   AND b.lower_bound <= t.appraised_index
                   AND (b.upper_bound IS NULL OR t.appraised_index < b.upper_bound)
            )
            UPDATE cchc_evaluation e
               SET appraised_total = r.appraised_total,
                   survey_points = r.survey_points,
                   bonus_points = r.bonus_points,
                   deduction_points = r.deduction_points,
                   index_max = r.index_max,
                   appraised_index = r.appraised_index,
                   band_id = r.band_id,
                   rank = r.rank
              FROM results r
             WHERE e.id = r.id
               AND (e.appraised_total, e.survey_points, e.bonus_points,
                    e.deduction_points, e.index_max, e.appraised_index, e.band_id,
                    e.rank)
                   IS DISTINCT FROM
                   (r.appraised_total, r.survey_points, r.bonus_points,
                    r.deduction_points, r.index_max, r.appraised_index, r.band_id,
                    r.rank);
            RESET jit;
            """,
                ids=self.ids,
                components=index_components_sql(self.ids),
                index=full_index_sql(
                    *(
                        SQL.identifier("c", name)
                        for name in (
                            "appraised",
                            "survey",
                            "bonus",
                            "deduction",
                            "bonus_cap",
                            "maximum",
                        )
                    )
                ),
            )
        )
        for model in ("cchc.evaluation", "cchc.evaluation.field"):
            self.env[model].invalidate_model()

    def _band_of(self, index):
        """The band an index falls in, and the next band up (or an empty one)."""
        self.ensure_one()
        bands = self.band_ids.sorted("lower_bound")
        reached = bands.filtered(lambda b: float_compare(b.lower_bound, index, 2) <= 0)
        return reached[-1:], (bands - reached)[:1]

    def _compute_survey_points(self):
        """Points of the survey items of whole campaigns, in one statement
        whatever the number of units.

        For a unit and a survey item: the mean of the weights (answer scores,
        in %) of the answers its valid responses (completed, not tests) give to
        the item's questions, times the item's maximum, rounded half-up to 2
        decimals. Below the minimum of valid responses (those of the
        questionnaires asking about the item, added up; at least 1), the item is
        not measured.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH minimums AS (
                SELECT cs.campaign_id, asked.criterion_id,
                       SUM(cs.min_responses) AS min_responses
                  FROM cchc_campaign_survey cs
                  JOIN (SELECT DISTINCT survey_id, cchc_criterion_id AS criterion_id
                          FROM survey_question
                         WHERE cchc_criterion_id IS NOT NULL) asked
                    ON asked.survey_id = cs.survey_id
                 WHERE cs.campaign_id = ANY(%(ids)s)
              GROUP BY cs.campaign_id, asked.criterion_id
            ), answers AS (
                SELECT cs.campaign_id, ui.cchc_agency_id AS agency_id,
                       q.cchc_criterion_id AS criterion_id,
                       COUNT(DISTINCT ui.id) AS responses,
                       AVG(a.answer_score::numeric) AS weight
                  FROM survey_user_input ui
                  JOIN cchc_campaign_survey cs ON cs.id = ui.cchc_campaign_survey_id
                  JOIN survey_user_input_line al ON al.user_input_id = ui.id
                  JOIN survey_question q ON q.id = al.question_id
                  JOIN survey_question_answer a ON a.id = al.suggested_answer_id
                 WHERE cs.campaign_id = ANY(%(ids)s)
                   AND ui.state = 'done' AND ui.test_entry IS NOT TRUE
                   AND al.skipped IS NOT TRUE AND q.cchc_criterion_id IS NOT NULL
              GROUP BY cs.campaign_id, ui.cchc_agency_id, q.cchc_criterion_id
            ), results AS (
                SELECT l.id,
                       COALESCE(r.responses, 0) AS responses,
                       GREATEST(COALESCE(m.min_responses, 0), 1) AS min_responses,
                       COALESCE(r.responses, 0)
                           < GREATEST(COALESCE(m.min_responses, 0), 1) AS na,
                       ROUND(COALESCE(r.weight, 0) * c.max_points / 100, 2) AS points
                  FROM cchc_evaluation_line l
                  JOIN cchc_evaluation e ON e.id = l.evaluation_id
                  JOIN cchc_criterion c
                    ON c.id = l.criterion_id AND c.point_kind = 'survey'
             LEFT JOIN minimums m
                    ON m.campaign_id = e.campaign_id AND m.criterion_id = c.id
             LEFT JOIN answers r
                    ON r.campaign_id = e.campaign_id AND r.agency_id = e.agency_id
                   AND r.criterion_id = c.id
                 WHERE e.campaign_id = ANY(%(ids)s)
            )
            UPDATE cchc_evaluation_line l
               SET survey_points = CASE WHEN r.na THEN 0 ELSE r.points END,
                   survey_response_count = r.responses,
                   survey_min_responses = r.min_responses,
                   survey_na = r.na
              FROM results r
             WHERE l.id = r.id
               AND (l.survey_points, l.survey_response_count,
                    l.survey_min_responses, l.survey_na)
                   IS DISTINCT FROM
                   (CASE WHEN r.na THEN 0 ELSE r.points END, r.responses,
                    r.min_responses, r.na)
            """,
                ids=self.ids,
            )
        )
        self.env["cchc.evaluation.line"].invalidate_model(
            [
                "survey_points",
                "survey_response_count",
                "survey_min_responses",
                "survey_na",
            ]
        )

    def _document_lines(self, fname):
        """A multi-line text field as a list of lines, for the documents."""
        self.ensure_one()
        return [
            line.strip()
            for line in (self[fname] or "").splitlines()
            if not is_blank(line)
        ]

    def _results_by_unit_type(self):
        """Published evaluations grouped by unit type, in rank order."""
        self.ensure_one()
        evaluations = self.evaluation_ids.sorted(
            lambda e: (e.unit_type_id.sequence, e.rank or 999, e.agency_id.name)
        )
        return list(evaluations.grouped("unit_type_id").items())

    def action_award_proposal(self):
        """Open the campaign's award proposal, drafting it on first use."""
        self.ensure_one()
        proposal = self.env["cchc.award.proposal"].search(
            [("campaign_id", "=", self.id)], limit=1
        ) or self.env["cchc.award.proposal"]._create_for_campaign(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.award.proposal",
            "res_id": proposal.id,
            "view_mode": "form",
        }

    def action_export_score_matrix(self):
        self.ensure_one()
        return self.env.ref("cchc_index.action_report_score_matrix").report_action(
            self, config=False
        )

    def action_view_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_index.cchc_evaluation_action_results"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        return action

    def action_view_public_page(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/cchc/{self.id}",
            "target": "new",
        }

    def action_view_evaluations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_index.cchc_evaluation_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    @api.model
    def _cron_remind_deadlines(self):
        """Remind units that have not submitted as their closing date nears."""
        campaigns = self.search([("state", "=", "self_assessment")])
        due = self.env["cchc.evaluation"]
        for company, company_campaigns in campaigns.grouped("company_id").items():
            # The closing dates of each province are its own calendar days.
            today = company._cchc_today()
            evaluations = self.env["cchc.evaluation"].search(
                [
                    ("campaign_id", "in", company_campaigns.ids),
                    ("state", "=", "draft"),
                    ("date_deadline", ">=", today),
                ]
            )
            due |= evaluations.filtered(
                lambda e, t=today: (
                    (e.date_deadline - t).days <= e.campaign_id.reminder_days
                )
            )
        due._remind_heads()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("Only a draft campaign can be deleted."))
