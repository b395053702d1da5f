from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

DEFAULT_BANDS = [
    ("Xuất sắc", 90),
    ("Tốt", 80),
    ("Khá", 65),
    ("Trung bình", 50),
    ("Yếu", 0),
]
DEFAULT_QUOTAS = {"so": 4, "huyen": 2}


class CchcCampaign(models.Model):
    """Kỳ đánh giá: one year's assessment of the units in scope."""

    _name = "cchc.campaign"
    _description = "Assessment Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    year = fields.Integer(
        required=True, tracking=True, default=lambda self: fields.Date.today().year
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
        domain="[('state', '=', 'active'), ('year', '=', year)]",
        help="The criteria set used for each unit type.",
    )
    agency_ids = fields.Many2many(
        "cchc.agency",
        string="Units in Scope",
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
    evaluation_count = fields.Integer(compute="_compute_progress")
    submitted_count = fields.Integer(compute="_compute_progress")
    submission_progress = fields.Float(compute="_compute_progress")

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

    @api.depends("year")
    def _compute_name(self):
        for rec in self:
            rec.name = self.env._("Reform Index %(year)s", year=rec.year)

    @api.depends("criteria_set_ids")
    def _compute_unit_type_ids(self):
        for rec in self:
            rec.unit_type_ids = rec.criteria_set_ids.unit_type_id

    @api.depends("criteria_set_ids")
    def _compute_agency_ids(self):
        agencies = self.env["cchc.agency"].search(
            [("unit_type_id", "in", self.criteria_set_ids.unit_type_id.ids)]
        )
        for rec in self:
            rec.agency_ids = agencies.filtered(
                lambda a, r=rec: a.unit_type_id in r.criteria_set_ids.unit_type_id
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

    def _check_state(self, expected):
        """Guard a transition: the secretariat's, from the expected stage."""
        self.check_access("write")
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
        """Create every unit's evaluation and tell the unit heads."""
        self._check_state("draft")
        for rec in self:
            if not rec.agency_ids:
                raise UserError(self.env._("Choose the units in scope first."))
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
        evaluations = self.env["cchc.evaluation"]._create_for_campaigns(self)
        evaluations._notify_heads_opened()
        self.state = "self_assessment"

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
        self.state = "appraisal"

    def action_council_review(self):
        self._check_state("appraisal")
        self.state = "council"

    def action_publish(self):
        self._check_state("council")
        self.state = "published"

    def action_close(self):
        self._check_state("published")
        self.state = "closed"

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
        today = fields.Date.today()
        evaluations = self.env["cchc.evaluation"].search(
            [
                ("campaign_id.state", "=", "self_assessment"),
                ("state", "=", "draft"),
                ("date_deadline", ">=", today),
            ]
        )
        due = evaluations.filtered(
            lambda e: (e.date_deadline - today).days <= e.campaign_id.reminder_days
        )
        due._remind_heads()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("Only a draft campaign can be deleted."))
