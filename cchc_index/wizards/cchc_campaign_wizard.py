from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# The decision's texts the assistant offers to edit, with the campaign's
# defaults (the company's).
DECISION_FIELDS = (
    "province_name",
    "legal_bases",
    "signer_authority",
    "signer_title",
    "signer_name",
    "recipients",
)
# The dates carried over from the previous campaign, a year later.
DATE_FIELDS = ("date_self_open", "date_self_close", "date_appraisal_close")


class CchcCampaignAssistant(models.TransientModel):
    """The secretariat's new campaign: next year, last year's sets, the units
    by type, the decision's texts, in one step."""

    _name = "cchc.campaign.assistant"
    _description = "New Campaign Assistant"
    _inherit = ["cchc.input.mixin"]
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    previous_campaign_id = fields.Many2one(
        "cchc.campaign",
        compute="_compute_previous_campaign_id",
    )
    year = fields.Integer(
        required=True,
        default=lambda self: self.env["cchc.campaign"]._default_year(),
        help="One campaign per year: by default the year after the latest campaign.",
    )
    set_mode = fields.Selection(
        [
            ("copy", "Copy last year's sets"),
            ("existing", "Use sets already prepared for the year"),
        ],
        string="Criteria Sets",
        required=True,
        compute="_compute_set_mode",
        store=True,
        readonly=False,
    )
    source_set_ids = fields.Many2many(
        "cchc.criteria.set",
        "cchc_campaign_assistant_source_set_rel",
        string="Sets to Copy",
        compute="_compute_set_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('state', '=', 'active'), ('year', '=', year - 1), "
        "('company_id', '=', company_id)]",
        help="Each set is copied to the new year with all its criteria, and the "
        "copy is activated.",
    )
    criteria_set_ids = fields.Many2many(
        "cchc.criteria.set",
        "cchc_campaign_assistant_set_rel",
        string="Sets of the Year",
        compute="_compute_set_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('state', '=', 'active'), ('year', '=', year), "
        "('company_id', '=', company_id)]",
    )
    available_unit_type_ids = fields.Many2many(
        "cchc.unit.type",
        string="Available Unit Types",
        compute="_compute_available_unit_type_ids",
    )
    unit_type_ids = fields.Many2many(
        "cchc.unit.type",
        string="Unit Types in Scope",
        compute="_compute_unit_type_ids",
        store=True,
        readonly=False,
        domain="[('id', 'in', available_unit_type_ids)]",
        help="Every active unit of these types takes part, except those excluded.",
    )
    excluded_agency_ids = fields.Many2many(
        "cchc.agency",
        string="Excluded Units",
        check_company=True,
        domain="[('unit_type_id', 'in', unit_type_ids), "
        "('company_id', '=', company_id)]",
    )
    agency_count = fields.Integer(
        compute="_compute_agency_count", string="Units Taking Part"
    )
    date_self_open = fields.Date(string="Self-assessment Opens")
    date_self_close = fields.Date(string="Self-assessment Closes", required=True)
    date_appraisal_close = fields.Date(string="Appraisal Closes")
    province_name = fields.Char(string="Province")
    legal_bases = fields.Text(
        help="The decision's legal bases (Căn cứ …), one per line."
    )
    signer_authority = fields.Char(help="Signing on behalf, e.g. KT. CHỦ TỊCH.")
    signer_title = fields.Char()
    signer_name = fields.Char()
    recipients = fields.Text(help="Nơi nhận: one recipient per line.")

    @api.model
    def default_get(self, fields_list):
        """The decision's texts as a new campaign has them; the dates of the
        previous campaign, a year later."""
        values = super().default_get(fields_list)
        wanted = [f for f in DECISION_FIELDS if f in fields_list]
        values.update(self.env["cchc.campaign"].default_get(wanted))
        campaigns = self.env["cchc.campaign"]
        latest = campaigns._latest_of(self.env.company)
        year = values.get("year") or campaigns._default_year()
        for fname in DATE_FIELDS:
            if fname in fields_list and latest[fname]:
                values[fname] = latest[fname] + relativedelta(years=year - latest.year)
        return values

    @api.depends("company_id")
    def _compute_previous_campaign_id(self):
        for rec in self:
            rec.previous_campaign_id = self.env["cchc.campaign"]._latest_of(
                rec.company_id
            )

    def _active_sets(self, year):
        self.ensure_one()
        return self.env["cchc.criteria.set"].search(
            [
                ("state", "=", "active"),
                ("year", "=", year),
                ("company_id", "=", self.company_id.id),
            ]
        )

    @api.depends("year", "company_id")
    def _compute_set_mode(self):
        for rec in self:
            rec.set_mode = "existing" if rec._active_sets(rec.year) else "copy"

    @api.depends("year", "company_id")
    def _compute_set_ids(self):
        for rec in self:
            rec.source_set_ids = rec._active_sets(rec.year - 1)
            rec.criteria_set_ids = rec._active_sets(rec.year)

    def _chosen_sets(self):
        self.ensure_one()
        return self.source_set_ids if self.set_mode == "copy" else self.criteria_set_ids

    @api.depends("set_mode", "source_set_ids", "criteria_set_ids")
    def _compute_available_unit_type_ids(self):
        for rec in self:
            rec.available_unit_type_ids = rec._chosen_sets().unit_type_id

    @api.depends("available_unit_type_ids")
    def _compute_unit_type_ids(self):
        for rec in self:
            rec.unit_type_ids = rec.available_unit_type_ids

    def _agencies(self):
        """The units taking part: the active ones of the types in scope, less
        the excluded ones."""
        self.ensure_one()
        # ``_origin``: the records themselves, also while the form is edited.
        return (
            self.env["cchc.agency"].search(
                [
                    ("unit_type_id", "in", self.unit_type_ids._origin.ids),
                    ("company_id", "=", self.company_id.id),
                ]
            )
            - self.excluded_agency_ids._origin
        )

    @api.depends("unit_type_ids", "excluded_agency_ids", "company_id")
    def _compute_agency_count(self):
        for rec in self:
            rec.agency_count = len(rec._agencies())

    @api.onchange("unit_type_ids")
    def _onchange_unit_type_ids(self):
        self.excluded_agency_ids = self.excluded_agency_ids.filtered(
            lambda a: a.unit_type_id in self.unit_type_ids
        )

    def _check_year_free(self):
        """One campaign per year and company."""
        self.ensure_one()
        campaigns = self.env["cchc.campaign"]
        if other := campaigns._of_year(self.year, self.company_id):
            raise UserError(campaigns._year_taken_message(other))

    def action_create(self):
        """Create the campaign (copying and activating last year's sets when
        asked) and open it."""
        self.ensure_one()
        self._check_year_free()
        chosen = self._chosen_sets().filtered(
            lambda s: s.unit_type_id in self.unit_type_ids
        )
        if not self.unit_type_ids:
            raise UserError(
                self.env._("Choose the unit types in scope and their criteria sets.")
            )
        if uncovered := self.unit_type_ids - chosen.unit_type_id:
            raise UserError(
                self.env._(
                    "Choose a criteria set for each unit type in scope. Without a "
                    "set: %(types)s.",
                    types=", ".join(uncovered.mapped("name")),
                )
            )
        agencies = self._agencies()
        if not agencies:
            raise UserError(self.env._("Every unit is excluded: keep at least one."))
        if self.set_mode == "copy":
            if any(s.year != self.year - 1 for s in chosen):
                raise UserError(
                    self.env._("Only the sets of the year before can be copied.")
                )
            chosen = self.env["cchc.criteria.set"].browse(
                [s.action_copy_next_year()["res_id"] for s in chosen]
            )
            chosen.action_activate()
        campaign = self.env["cchc.campaign"].create(
            {
                "year": self.year,
                "company_id": self.company_id.id,
                "criteria_set_ids": [Command.set(chosen.ids)],
                "agency_ids": [Command.set(agencies.ids)],
                **{fname: self[fname] for fname in DATE_FIELDS + DECISION_FIELDS},
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.campaign",
            "res_id": campaign.id,
            "view_mode": "form",
            "target": "current",
        }


class CchcCampaignSendBack(models.TransientModel):
    """The council sends the results back to the secretariat, with its reason."""

    _name = "cchc.campaign.send.back"
    _description = "Send the Results Back"
    _inherit = ["cchc.input.mixin"]
    _cchc_visible_text_fields = ("reason",)

    campaign_id = fields.Many2one("cchc.campaign", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        return self.campaign_id._send_back(self.reason)
