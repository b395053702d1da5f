from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_round, format_date

from .cchc_input_mixin import format_number, is_blank

EVALUATION_STATES = [
    ("draft", "Self-assessment"),
    ("submitted", "Submitted"),
    ("appraisal", "Under Appraisal"),
    ("explanation", "Explanation Requested"),
    ("appraised", "Appraised"),
    ("published", "Published"),
]
# The evaluation's workflow: each state and the states it is reached from.
EVALUATION_TRANSITIONS = {
    "draft": ("submitted",),  # sent back to the unit
    "submitted": ("draft",),
    # the first appraised score, the unit's answer to an explanation request,
    # or a finished appraisal reopened by the secretariat
    "appraisal": ("submitted", "explanation", "appraised"),
    # an agency asks the unit (another agency may ask while it answers the first)
    "explanation": ("submitted", "appraisal", "explanation"),
    # every appraisal done (all of an evaluation's items may be not applicable)
    "appraised": ("submitted", "appraisal"),
    "published": ("appraised",),
}


def index_of(points, maximum):
    """Index = points ÷ applicable maximum × 100, rounded half-up to 2 decimals."""
    if not maximum:
        return 0.0
    return float_round(points * 100.0 / maximum, 2, rounding_method="HALF-UP")


def index_sql(points, maximum):
    """``index_of`` in SQL, for the batch paths: ROUND on numeric (exact
    decimals) rounds half-up as well."""
    return SQL(
        "CASE WHEN %(max)s > 0 THEN ROUND(%(points)s * 100 / %(max)s, 2) ELSE 0 END",
        points=points,
        max=maximum,
    )


def full_index_of(appraised, survey, bonus, deduction, bonus_cap, maximum):
    """The index of all its components: (appraised + survey points + bonus up to
    the cap − deductions) ÷ applicable maximum × 100, bounded to 0..100 and
    rounded half-up to 2 decimals."""
    points = float_round(
        appraised + survey + min(bonus, bonus_cap) - deduction,
        2,
        rounding_method="HALF-UP",
    )
    return min(max(index_of(points, maximum), 0.0), 100.0)


def full_index_sql(appraised, survey, bonus, deduction, bonus_cap, maximum):
    """``full_index_of`` in SQL, on numeric."""
    points = SQL(
        "(%s + %s + LEAST(%s, %s) - %s)", appraised, survey, bonus, bonus_cap, deduction
    )
    return SQL("LEAST(GREATEST(%s, 0), 100)", index_sql(points, maximum))


def index_components_sql(campaign_ids):
    """Per field of the evaluations of these campaigns, from its lines: the
    appraised points of all its items (the field's subtotal) and the components
    of the index: appraised points of the appraised items, survey points of the
    measured survey items, bonus (before the cap) and deduction points, and the
    maximum (appraised items that apply and measured survey items). An
    evaluation's components are the sums over its fields."""
    return SQL(
        """
        SELECT l.evaluation_id, l.evaluation_field_id,
               SUM(l.appraised_points) AS points,
               COALESCE(SUM(l.appraised_points)
                   FILTER (WHERE c.point_kind = 'normal'), 0) AS appraised,
               COALESCE(SUM(l.survey_points)
                   FILTER (WHERE c.point_kind = 'survey' AND l.survey_na IS NOT TRUE), 0)
                   AS survey,
               COALESCE(SUM(l.appraised_points)
                   FILTER (WHERE c.point_kind = 'bonus'), 0) AS bonus,
               COALESCE(SUM(l.appraised_points)
                   FILTER (WHERE c.point_kind = 'deduction'), 0) AS deduction,
               COALESCE(SUM(l.applicable_max)
                   FILTER (WHERE c.point_kind = 'normal'), 0)
               + COALESCE(SUM(c.max_points)
                   FILTER (WHERE c.point_kind = 'survey' AND l.survey_na IS NOT TRUE), 0)
                   AS maximum
          FROM cchc_evaluation_line l
          JOIN cchc_evaluation e ON e.id = l.evaluation_id
          JOIN cchc_criterion c ON c.id = l.criterion_id
         WHERE e.campaign_id = ANY(%s)
      GROUP BY l.evaluation_id, l.evaluation_field_id
        """,
        list(campaign_ids),
    )


class CchcEvaluation(models.Model):
    """One unit's assessment in a campaign."""

    _name = "cchc.evaluation"
    _check_company_auto = True
    _description = "Unit Evaluation"
    _inherit = ["mail.thread", "mail.activity.mixin", "cchc.guard.mixin"]
    # Ordered as campaigns are (newest year first), then by unit.
    _order = "campaign_id, unit_type_id, agency_id"
    _cchc_parent = ("campaign_id", "_check_not_published")
    _rec_names_search = ["agency_id", "campaign_id"]

    campaign_id = fields.Many2one(
        "cchc.campaign", required=True, ondelete="restrict", index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True
    )
    agency_id = fields.Many2one(
        "cchc.agency",
        string="Unit",
        required=True,
        index=True,
        readonly=True,
        check_company=True,
    )
    unit_type_id = fields.Many2one(
        related="agency_id.unit_type_id", store=True, string="Unit Type"
    )
    year = fields.Integer(related="campaign_id.year", store=True, aggregator=None)
    criteria_set_id = fields.Many2one(
        "cchc.criteria.set", required=True, readonly=True, check_company=True
    )
    campaign_state = fields.Selection(
        related="campaign_id.state", string="Campaign Stage"
    )
    state = fields.Selection(
        EVALUATION_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        group_expand=True,
    )
    date_deadline = fields.Date(
        string="Closing Date",
        required=True,
        tracking=True,
        help="Last day to submit; the secretariat can extend it for one unit.",
    )
    line_ids = fields.One2many("cchc.evaluation.line", "evaluation_id", string="Items")
    field_ids = fields.One2many(
        "cchc.evaluation.field", "evaluation_id", string="Fields"
    )
    appraisal_ids = fields.One2many(
        "cchc.appraisal", "evaluation_id", string="Appraisals"
    )
    change_ids = fields.One2many("cchc.score.change", "evaluation_id", string="History")
    document_ids = fields.One2many(
        "cchc.evidence.document", "evaluation_id", string="Evidence Library"
    )
    onsite_check_ids = fields.One2many(
        "cchc.onsite.check", "evaluation_id", string="On-site Checks"
    )
    # Results: set for a whole campaign at once by cchc.campaign._recompute_results.
    appraised_total = fields.Float(
        string="Appraised Points", digits=(6, 2), readonly=True, copy=False
    )
    appraised_index = fields.Float(
        string="Index",
        digits=(5, 2),
        readonly=True,
        copy=False,
        aggregator="avg",
        help="(Appraised + survey points + bonus − deductions) ÷ index maximum × "
        "100, between 0 and 100.",
    )
    survey_points = fields.Float(
        digits=(6, 2), readonly=True, copy=False, aggregator="avg"
    )
    bonus_points = fields.Float(
        string="Bonus",
        digits=(6, 2),
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Appraised bonus points, up to the set's bonus cap.",
    )
    deduction_points = fields.Float(
        string="Deductions", digits=(6, 2), readonly=True, copy=False, aggregator="avg"
    )
    index_max = fields.Float(
        string="Index Maximum",
        digits=(6, 2),
        readonly=True,
        copy=False,
        aggregator=None,
        help="The appraised items that apply and the survey items measured.",
    )
    band_id = fields.Many2one(
        "cchc.campaign.band", string="Classification", readonly=True, copy=False
    )
    rank = fields.Integer(
        readonly=True, copy=False, aggregator=None, help="Rank within the unit type."
    )
    participant_ids = fields.One2many(
        "cchc.evaluation.participant", "evaluation_id", string="Participants"
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    self_total = fields.Float(
        string="Self-assessed Points",
        compute="_compute_totals",
        store=True,
        digits=(6, 2),
    )
    applicable_max = fields.Float(
        string="Applicable Maximum",
        compute="_compute_totals",
        store=True,
        digits=(6, 2),
    )
    self_index = fields.Float(
        string="Self-assessed Index",
        compute="_compute_totals",
        store=True,
        digits=(5, 2),
        aggregator="avg",
    )
    item_count = fields.Integer(
        compute="_compute_totals", store=True, string="Items Count"
    )
    scored_count = fields.Integer(
        compute="_compute_totals", store=True, string="Items Scored"
    )
    scored_progress = fields.Float(
        compute="_compute_totals", store=True, string="Scored (%)", aggregator="avg"
    )

    # What still blocks the submission, from the check action_submit makes.
    blocking_line_ids = fields.Many2many(
        "cchc.evaluation.line",
        string="Items to Complete",
        compute="_compute_submission_check",
    )
    submission_notes = fields.Text(
        string="Also Missing", compute="_compute_submission_check"
    )
    can_submit = fields.Boolean(compute="_compute_submission_check")
    days_left = fields.Integer(
        compute="_compute_days_left",
        help="Days from today in the province to the closing date.",
    )

    # After publication: where points were lost, and the unit's plan.
    lost_line_ids = fields.One2many(
        "cchc.evaluation.line",
        "evaluation_id",
        string="Where Points Were Lost",
        domain=[("points_lost", ">", 0)],
    )
    improvement_action_ids = fields.One2many(
        "cchc.improvement.action",
        "evaluation_id",
        string="Improvement Plan",
        groups="cchc_index.group_cchc_officer,cchc_index.group_cchc_secretariat",
    )
    improvement_progress = fields.Float(
        string="Improvement Progress (%)",
        compute="_compute_improvement_progress",
        groups="cchc_index.group_cchc_officer,cchc_index.group_cchc_secretariat",
        help="Share of the plan's actions done (cancelled ones left out).",
    )
    # The classification reached and the next one up: by the self index during
    # the self-assessment, by the appraised index once appraised.
    self_band_id = fields.Many2one(
        "cchc.campaign.band",
        string="Self-assessed Classification",
        compute="_compute_band_gap",
    )
    next_band_id = fields.Many2one(
        "cchc.campaign.band",
        string="Next Classification",
        compute="_compute_band_gap",
    )
    next_band_gap = fields.Float(
        string="Index Points to the Next Classification",
        compute="_compute_band_gap",
        digits=(5, 2),
    )

    _sql_constraints = [
        (
            "unit_unique",
            "unique(campaign_id, agency_id)",
            "A unit has one evaluation per campaign.",
        ),
    ]

    def init(self):
        # Recomputing a campaign's results rewrites all its evaluations at once:
        # half-full pages let PostgreSQL update each row in place (HOT update),
        # without adding index entries.
        self.env.cr.execute(
            SQL("ALTER TABLE %s SET (fillfactor = 50)", SQL.identifier(self._table))
        )

    @api.depends("agency_id.name", "campaign_id.year")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = f"{rec.agency_id.name} – {rec.campaign_id.year}"

    @api.depends(
        "field_ids.self_points",
        "field_ids.applicable_max",
        "field_ids.item_count",
        "field_ids.scored_count",
        "field_ids.criterion_id.point_kind",
        "criteria_set_id.bonus_cap",
    )
    def _compute_totals(self):
        """The self-assessed index: by the index's formula, without survey points
        (bonus and deduction items make fields of their own)."""
        for rec in self:
            fields_ = rec.field_ids
            points = defaultdict(float)
            for field in fields_:
                points[field.point_kind] += field.self_points
            bonus = min(points["bonus"], rec.criteria_set_id.bonus_cap)
            rec.self_total = float_round(
                points["normal"] + points["survey"] + bonus - points["deduction"], 2
            )
            rec.applicable_max = sum(fields_.mapped("applicable_max"))
            rec.self_index = full_index_of(
                points["normal"] + points["survey"],
                0.0,
                points["bonus"],
                points["deduction"],
                rec.criteria_set_id.bonus_cap,
                rec.applicable_max,
            )
            rec.item_count = sum(fields_.mapped("item_count"))
            rec.scored_count = sum(fields_.mapped("scored_count"))
            rec.scored_progress = (
                100.0 * rec.scored_count / rec.item_count if rec.item_count else 0.0
            )

    @api.depends("self_index", "appraised_index", "state", "campaign_id.band_ids")
    def _compute_band_gap(self):
        for rec in self:
            rec.self_band_id = rec.campaign_id._band_of(rec.self_index)[0]
            index = (
                rec.appraised_index
                if rec.state in ("appraised", "published")
                else rec.self_index
            )
            next_band = rec.campaign_id._band_of(index)[1]
            rec.next_band_id = next_band
            rec.next_band_gap = (
                float_round(next_band.lower_bound - index, 2) if next_band else 0.0
            )

    @api.depends("improvement_action_ids.state")
    def _compute_improvement_progress(self):
        groups = self.env["cchc.improvement.action"]._read_group(
            [("evaluation_id", "in", self.ids), ("state", "!=", "cancelled")],
            ["evaluation_id", "state"],
            ["__count"],
        )
        counts = defaultdict(lambda: defaultdict(int))
        for evaluation, state, count in groups:
            counts[evaluation][state] = count
        for rec in self:
            by_state = counts[rec]
            total = sum(by_state.values())
            rec.improvement_progress = (
                100.0 * by_state["done"] / total if total else 0.0
            )

    def action_open_improvement_plan(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_index.cchc_improvement_action_action"
        )
        action["domain"] = [("evaluation_id", "=", self.id)]
        action["context"] = {"default_evaluation_id": self.id}
        return action

    @api.model
    def _create_for_campaigns(self, campaigns):
        """Every unit's evaluation, its field subtotals and its lines, in batch.

        The evaluations (one per unit in scope, on the criteria set of its unit
        type), their field subtotals and their lines (about 55 per unit) are
        inserted by set-based statements, so that the number of queries does
        not grow with the number of units; their computed columns get their
        initial values (nothing scored yet; an evaluation's applicable maximum
        and items are those of its set's leaves) in the same statements, the
        caches are invalidated after. What the ORM's create would check holds
        by construction: the campaigns' units and sets belong to their
        company, the campaigns are not published (checked here), the values
        are the system's own; no tracking, no followers (as with the context
        keys tracking_disable, mail_create_nolog, mail_create_nosubscribe).
        """
        campaigns._check_not_published()
        self.env.flush_all()
        campaign_field = self.env["cchc.campaign"]._fields
        units, sets = campaign_field["agency_ids"], campaign_field["criteria_set_ids"]
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO cchc_evaluation (
                campaign_id, company_id, agency_id, unit_type_id, year,
                criteria_set_id, state, date_deadline, self_total, applicable_max,
                self_index, item_count, scored_count, scored_progress,
                create_uid, write_uid, create_date, write_date)
            SELECT c.id, c.company_id, a.id, a.unit_type_id, c.year, s.id, 'draft',
                   c.date_self_close, 0, COALESCE(items.applicable_max, 0), 0,
                   COALESCE(items.item_count, 0), 0, 0,
                   %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
              FROM cchc_campaign c
              JOIN %(units)s cu ON cu.%(unit_campaign)s = c.id
              JOIN cchc_agency a ON a.id = cu.%(unit)s
              JOIN %(sets)s cs ON cs.%(set_campaign)s = c.id
              JOIN cchc_criteria_set s
                ON s.id = cs.%(set)s AND s.unit_type_id = a.unit_type_id
         LEFT JOIN (SELECT set_id,
                           -- the self-assessed maximum and items: appraised ones
                           SUM(CASE WHEN point_kind = 'normal'
                                    THEN max_points ELSE 0 END) AS applicable_max,
                           COUNT(*) FILTER (WHERE point_kind <> 'survey') AS item_count
                      FROM cchc_criterion
                     WHERE is_leaf
                  GROUP BY set_id) items ON items.set_id = s.id
             WHERE c.id = ANY(%(campaigns)s)
          ORDER BY c.id, a.sequence, a.name, a.id
         RETURNING id
                """,
                uid=self.env.uid,
                campaigns=campaigns.ids,
                units=SQL.identifier(units.relation),
                unit_campaign=SQL.identifier(units.column1),
                unit=SQL.identifier(units.column2),
                sets=SQL.identifier(sets.relation),
                set_campaign=SQL.identifier(sets.column1),
                set=SQL.identifier(sets.column2),
            )
        )
        evaluations = self.browse(sorted(row[0] for row in self.env.cr.fetchall()))
        # Each set's fields with their leaves, computed once for all its units.
        leaves = SQL(
            """
            SELECT root.id AS root_id, root.set_id, root.sort_key AS root_key,
                   leaf.id, leaf.sort_key, leaf.point_kind, leaf.max_points
              FROM cchc_criterion root
              JOIN cchc_criterion leaf
                ON leaf.set_id = root.set_id AND leaf.is_leaf
               AND starts_with(leaf.parent_path, root.parent_path)
             WHERE root.parent_id IS NULL
               AND root.set_id IN (SELECT criteria_set_id FROM cchc_evaluation
                                    WHERE id = ANY(%s))
            """,
            evaluations.ids,
        )
        now = SQL("NOW() AT TIME ZONE 'UTC'")
        self.env.cr.execute(
            SQL(
                """
            WITH leaves AS (%(leaves)s), roots AS (
                SELECT root_id, set_id, root_key,
                       -- the self-assessed maximum and items: appraised ones
                       SUM(CASE WHEN point_kind = 'normal'
                                THEN max_points ELSE 0 END) AS applicable_max,
                       COUNT(*) FILTER (WHERE point_kind <> 'survey') AS item_count
                  FROM leaves
              GROUP BY root_id, set_id, root_key
            )
            INSERT INTO cchc_evaluation_field (
                evaluation_id, criterion_id, agency_id, company_id, sort_key,
                applicable_max, item_count, self_points, self_index, scored_count,
                create_uid, write_uid, create_date, write_date)
            SELECT e.id, r.root_id, e.agency_id, e.company_id, r.root_key,
                   r.applicable_max, r.item_count, 0, 0, 0,
                   %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM cchc_evaluation e
              JOIN roots r ON r.set_id = e.criteria_set_id
             WHERE e.id = ANY(%(ids)s)
                """,
                leaves=leaves,
                uid=self.env.uid,
                now=now,
                ids=evaluations.ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
            WITH leaves AS (%(leaves)s)
            INSERT INTO cchc_evaluation_line (
                evaluation_id, evaluation_field_id, criterion_id, sort_key,
                applicable_max, is_na, is_scored, free_entered, figure_done,
                figure_total, figure_rate, free_points, self_points, points_lost,
                create_uid, write_uid, create_date, write_date)
            SELECT f.evaluation_id, f.id, leaf.id, leaf.sort_key,
                   CASE WHEN leaf.point_kind = 'normal' THEN leaf.max_points ELSE 0 END,
                   FALSE, FALSE, FALSE, 0, 0, 0, 0, 0, 0,
                   %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM cchc_evaluation_field f
              JOIN leaves leaf ON leaf.root_id = f.criterion_id
             WHERE f.evaluation_id = ANY(%(ids)s)
                """,
                leaves=leaves,
                uid=self.env.uid,
                now=now,
                ids=evaluations.ids,
            )
        )
        # The new records' caches: theirs and the campaigns' one2many.
        self.env.invalidate_all()
        return evaluations

    def _head_users(self):
        """Unit heads of these evaluations' units, by agency."""
        heads = self.env["res.users"].search(
            [
                ("cchc_agency_id", "in", self.agency_id.ids),
                ("groups_id", "in", self.env.ref("cchc_index.group_cchc_head").id),
            ]
        )
        by_agency = defaultdict(lambda: self.env["res.users"])
        for user in heads:
            by_agency[user.cchc_agency_id] |= user
        return by_agency

    def _schedule_for_heads(self, activity_type_xmlid, summary, note):
        """One activity of this type per unit head, created in one batch."""
        heads = self._head_users()
        activity_type = self.env.ref(activity_type_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": rec.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": rec.date_deadline,
                    "user_id": user.id,
                    "automated": True,
                }
                for rec in self
                for user in heads[rec.agency_id]
            ]
        )

    def _notify_heads_opened(self):
        self._schedule_for_heads(
            "cchc_index.mail_activity_type_self_assessment",
            self.env._("Self-assess and submit the Reform Index"),
            self.env._(
                "Score every item with its evidence or an explanation, then submit."
            ),
        )

    def _remind_heads(self):
        """Remind the heads of units that have no open reminder yet."""
        reminder = "cchc_index.mail_activity_type_deadline_reminder"
        reminded = set(self.activity_search([reminder]).mapped("res_id"))
        self.filtered(lambda e: e.id not in reminded)._schedule_for_heads(
            reminder,
            self.env._("Reform Index: closing date is near"),
            self.env._("The self-assessment has not been submitted yet."),
        )

    def _check_not_published(self):
        self.campaign_id._check_not_published()

    def _check_open(self):
        """Raise unless these self-assessments can still be changed by their unit.

        A self-assessment withdrawn by its head may be corrected while the
        others are appraised, until its closing date.
        The evaluations stay locked until the transaction ends, so that a
        concurrent submission and a change of the unit's items are serialised.
        """
        self._cchc_lock()
        for rec in self:
            if rec.state != "draft" or rec.campaign_id.state not in (
                "self_assessment",
                "appraisal",
            ):
                raise UserError(
                    self.env._(
                        "The self-assessment of %(unit)s is not open: it can no longer "
                        "be changed.",
                        unit=rec.agency_id.name,
                    )
                )
            rec._check_before_closing()

    def _check_unit_files(self):
        """Raise unless the acting user may change the files and the evidence
        library of these open self-assessments: a user of their unit."""
        self._check_open()
        user = self.env.user
        for rec in self:
            if not (
                user.has_group("cchc_index.group_cchc_officer")
                and user.cchc_agency_id == rec.agency_id
            ):
                raise AccessError(
                    self.env._(
                        "Only the users of %(unit)s can change the files of its "
                        "self-assessment.",
                        unit=rec.agency_id.name,
                    )
                )

    def _check_before_closing(self):
        """Raise once the closing date of this self-assessment has passed in
        its province."""
        self.ensure_one()
        if self.date_deadline < self.company_id._cchc_today():
            raise UserError(
                self.env._(
                    "The self-assessment of %(unit)s closed on %(date)s.",
                    unit=self.agency_id.name,
                    date=format_date(self.env, self.date_deadline),
                )
            )

    def _submission_blockers(self):
        """What keeps this self-assessment from being submitted, as (reason,
        items) pairs; no items for a reason about the whole evaluation. The one
        check of ``action_submit``, listed live on the form."""
        self.ensure_one()
        lines = self.line_ids
        blockers = [
            (
                self.env._("Not scored"),
                lines.filtered(
                    lambda line: not line.is_scored and line.point_kind != "survey"
                ),
            ),
            (
                self.env._("No evidence and no explanation"),
                lines.filtered("needs_explanation"),
            ),
            (
                self.env._("Deduction without a reason"),
                lines._without_deduction_reason("self_points"),
            ),
        ]
        blockers = [(reason, found) for reason, found in blockers if found]
        roles = set(self.participant_ids.mapped("role"))
        if not {"head", "division_head"} <= roles:
            blockers.append(
                (
                    self.env._(
                        "The participants must include the head of the unit and "
                        "the heads of its divisions."
                    ),
                    lines.browse(),
                )
            )
        return blockers

    def _get_submission_problems(self):
        """The blockers as sentences: the reason, then the codes of its items."""
        return [
            self.env._(
                "%(reason)s: %(codes)s.",
                reason=reason,
                codes=", ".join(found.mapped("code")),
            )
            if found
            else reason
            for reason, found in self._submission_blockers()
        ]

    @api.depends(
        "state",
        "line_ids.is_scored",
        "line_ids.needs_explanation",
        "line_ids.self_points",
        "line_ids.explanation",
        "line_ids.appraisal_comment",
        "participant_ids.role",
    )
    def _compute_submission_check(self):
        for rec in self:
            blockers = rec._submission_blockers() if rec.state == "draft" else []
            rec.blocking_line_ids = rec.line_ids.browse().union(
                *(found for _reason, found in blockers)
            )
            rec.submission_notes = "\n".join(
                reason for reason, found in blockers if not found
            )
            rec.can_submit = rec.state == "draft" and not blockers

    @api.depends("date_deadline")
    def _compute_days_left(self):
        for rec in self:
            rec.days_left = (
                (rec.date_deadline - rec.company_id._cchc_today()).days
                if rec.date_deadline and rec.company_id
                else 0
            )

    def _set_state(self, state):
        """Move these evaluations to a workflow state, from one that leads there.

        The only writer of ``state``: the callers (the evaluation's actions, the
        campaign's and the appraisal's) have checked who acts and taken the locks
        they need, so the evaluations are written as the system.
        """
        sources = EVALUATION_TRANSITIONS[state]
        wrong = self.filtered(lambda e: e.state not in sources)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The evaluation of %(unit)s is at stage %(state)s: it cannot "
                    "move to %(target)s.",
                    unit=wrong[0].agency_id.name,
                    state=labels[wrong[0].state],
                    target=labels[state],
                )
            )
        vals = {"state": state}
        if state == "submitted":
            vals.update(
                submitted_by_id=self.env.uid, date_submitted=fields.Datetime.now()
            )
        elif state == "draft":
            vals.update(submitted_by_id=False, date_submitted=False)
        self.sudo().write(vals)

    def action_submit(self):
        """The unit head submits: the self-assessment is then locked."""
        if not self.env.user.has_group("cchc_index.group_cchc_head"):
            raise AccessError(self.env._("Only the head of the unit can submit."))
        for rec in self:
            if rec.agency_id != self.env.user.cchc_agency_id:
                raise AccessError(
                    self.env._(
                        "Only the head of %(unit)s can submit.", unit=rec.agency_id.name
                    )
                )
            rec._check_open()
            if problems := rec._get_submission_problems():
                raise UserError(
                    self.env._(
                        "%(unit)s cannot be submitted yet:\n%(problems)s",
                        unit=rec.agency_id.name,
                        problems="\n".join(f"- {p}" for p in problems),
                    )
                )
        self._set_state("submitted")
        self.env["cchc.appraisal"].sudo()._create_for_evaluations(self)
        # Submitted again after a withdrawal while the appraisal is open.
        self._enter_appraisal()
        self.activity_feedback(
            [
                "cchc_index.mail_activity_type_self_assessment",
                "cchc_index.mail_activity_type_deadline_reminder",
            ],
            feedback=self.env._("Submitted."),
        )
        # A log note needs no e-mail address, unlike message_post.
        self._message_log_batch(
            bodies={
                rec.id: self.env._(
                    "%(head)s confirmed and submitted the self-assessment: "
                    "%(points)s of %(max)s points, index %(index)s.",
                    head=self.env.user.name,
                    points=format_number(self.env, rec.self_total),
                    max=format_number(self.env, rec.applicable_max),
                    index=format_number(self.env, rec.self_index),
                )
                for rec in self
            }
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Submitted"),
                "message": self.env._(
                    "The self-assessment of %(units)s is submitted: the appraising "
                    "agencies can now appraise it.",
                    units=", ".join(self.agency_id.mapped("name")),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_copy_participants(self):
        """Copy the participants of the unit's latest earlier self-assessment
        that lists some (those already listed by name are kept as they are)."""
        self.ensure_one()
        # An open self-assessment only, said before looking for earlier ones;
        # the guard checks the new participants as well.
        self._check_open()
        previous = self.search(
            [
                ("agency_id", "=", self.agency_id.id),
                ("year", "<", self.year),
                ("participant_ids", "!=", False),
            ],
            order="year desc",
            limit=1,
        )
        if not previous:
            raise UserError(
                self.env._(
                    "No earlier self-assessment of %(unit)s lists participants.",
                    unit=self.agency_id.name,
                )
            )
        listed = set(self.participant_ids.mapped("name"))
        # Created as the user: the guard and the record rules decide.
        self.env["cchc.evaluation.participant"].create(
            [
                {
                    "evaluation_id": self.id,
                    "name": person.name,
                    "job_title": person.job_title,
                    "role": person.role,
                }
                for person in previous.participant_ids
                if person.name not in listed
            ]
        )

    def _enter_appraisal(self):
        """Those of these evaluations whose campaign is at the appraisal stage
        enter it: their appraisers are told, and those with nothing to appraise
        are appraised."""
        entering = self.filtered(lambda e: e.campaign_id.state == "appraisal")
        entering._finish_without_appraisal()
        entering.appraisal_ids._notify_appraisers_opened()

    def _finish_without_appraisal(self):
        """Submitted evaluations with nothing to appraise (all their items take
        their points from the survey) are appraised when the appraisal starts:
        no agency would ever finish an appraisal of theirs."""
        idle = self.filtered(lambda e: e.state == "submitted" and not e.appraisal_ids)
        if idle:
            idle._set_state("appraised")
            idle.campaign_id._recompute_results()

    def action_withdraw(self):
        """The unit head takes the submission back to correct it and submit it
        again: before the closing date, and while no appraiser has started.
        The appraisals are removed; the next submission creates them again."""
        user = self.env.user
        is_head = user.has_group("cchc_index.group_cchc_head")
        for rec in self:
            if not is_head or rec.agency_id != user.cchc_agency_id:
                raise AccessError(
                    self.env._(
                        "Only the head of %(unit)s can withdraw its submission.",
                        unit=rec.agency_id.name,
                    )
                )
        # Serialised with an appraiser's first score, which moves the
        # evaluation (and its appraisal) too.
        self._cchc_lock()
        for rec in self:
            started = (
                rec.state not in ("draft", "submitted")
                or rec.appraisal_ids.filtered(lambda a: a.state != "pending")
                or rec.line_ids.filtered("is_appraised")
            )
            if started:
                raise UserError(
                    self.env._(
                        "The appraisal of %(unit)s has started: its submission can "
                        "no longer be withdrawn.",
                        unit=rec.agency_id.name,
                    )
                )
            rec._check_before_closing()
        self.appraisal_ids.sudo().unlink()
        self._set_state("draft")
        self._message_log_batch(
            bodies={
                rec.id: self.env._(
                    "%(head)s withdrew the submission to correct it; it must be "
                    "submitted again by %(date)s.",
                    head=user.name,
                    date=format_date(self.env, rec.date_deadline),
                )
                for rec in self
            }
        )

    def action_reset_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.evaluation.reset",
            "view_mode": "form",
            "target": "new",
            "context": {"default_evaluation_ids": self.ids},
        }

    def _reset_to_draft(self, reason):
        """Send submitted evaluations back to their unit (secretariat only)."""
        if not self.env.user.has_group("cchc_index.group_cchc_secretariat"):
            raise AccessError(
                self.env._(
                    "Only the secretariat can send a self-assessment back to its unit."
                )
            )
        if self.filtered(lambda e: e.state != "submitted"):
            raise UserError(
                self.env._("Only a submitted self-assessment can be sent back.")
            )
        # Serialised with the start of the appraisal, which locks them too.
        self.campaign_id._cchc_lock()
        if self.campaign_id.filtered(lambda c: c.state != "self_assessment"):
            raise UserError(self.env._("The campaign is no longer in self-assessment."))
        self.appraisal_ids.sudo().unlink()
        self._set_state("draft")
        self._message_log_batch(
            bodies=dict.fromkeys(
                self.ids,
                self.env._("Sent back to the unit. Reason: %(reason)s", reason=reason),
            )
        )

    def action_open_history(self):
        """Every recorded change of this evaluation's items, to group and export."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_index.cchc_score_change_action"
        )
        action["domain"] = [("evaluation_id", "=", self.id)]
        action["name"] = self.env._(
            "History of %(evaluation)s", evaluation=self.display_name
        )
        return action

    @api.model
    def action_my_evaluation(self):
        """The evaluations of the current user's unit, newest campaign first."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_index.cchc_evaluation_action"
        )
        agency = self.env.user.cchc_agency_id
        evaluations = self.search([("agency_id", "=", agency.id)]) if agency else self
        action["domain"] = [("id", "in", evaluations.ids)]
        if evaluations:
            action.update(
                view_mode="form", views=[(False, "form")], res_id=evaluations[0].id
            )
        return action

    def action_answer_explanation(self):
        """The unit head sends the answers back to the appraisers who asked."""
        if not self.env.user.has_group("cchc_index.group_cchc_head"):
            raise AccessError(self.env._("Only the head of the unit can answer."))
        for rec in self:
            if rec.state != "explanation":
                raise UserError(
                    self.env._(
                        "No explanation is asked of %(unit)s.", unit=rec.agency_id.name
                    )
                )
            asked = rec.line_ids.filtered("explanation_requested")
            unanswered = asked.filtered(lambda x: is_blank(x.explanation_answer))
            if unanswered:
                raise UserError(
                    self.env._(
                        "Answer every item asked about first: %(codes)s.",
                        codes=", ".join(unanswered.mapped("code")),
                    )
                )
            appraisals = rec.appraisal_ids.filtered(lambda a: a.state == "explanation")
            rec.activity_feedback(
                ["cchc_index.mail_activity_type_explanation_requested"],
                feedback=self.env._("Answered."),
            )
            rec._message_log(
                body=self.env._(
                    "%(head)s answered the explanation request on %(codes)s.",
                    head=self.env.user.name,
                    codes=", ".join(asked.mapped("code")),
                )
            )
            asked.sudo().write({"explanation_requested": False})
            appraisals.sudo().write({"state": "in_progress"})
            rec._set_state("appraisal")
            appraisals._schedule_for_appraisers(
                "cchc_index.mail_activity_type_explanation_answered",
                self.env._("Reform Index: explanation answered"),
            )

    def write(self, vals):
        if (
            "date_deadline" in vals
            and not self.env.su
            and not self.env.user.has_group("cchc_index.group_cchc_secretariat")
        ):
            raise AccessError(
                self.env._("Only the secretariat can change a closing date.")
            )
        return super().write(vals)
