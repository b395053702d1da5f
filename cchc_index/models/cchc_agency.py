from odoo import fields, models


class CchcAgency(models.Model):
    """A provincial agency: an assessed unit, an appraising agency, or both."""

    _name = "cchc.agency"
    _description = "Agency"
    _inherit = ["mail.thread", "cchc.input.mixin"]
    _cchc_visible_text_fields = ("name", "code")
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    code = fields.Char(
        string="Short Code", required=True, tracking=True, help="E.g. SNV, STP."
    )
    unit_type_id = fields.Many2one(
        "cchc.unit.type",
        tracking=True,
        index=True,
        help="Set for units whose reform index is assessed.",
    )
    is_appraiser = fields.Boolean(
        string="Appraises",
        tracking=True,
        help="This agency appraises the self-assessments of other units.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    user_ids = fields.One2many("res.users", "cchc_agency_id", string="Users")
    user_count = fields.Integer(compute="_compute_user_count", string="Users Count")

    _sql_constraints = [
        (
            "code_unique",
            "unique(company_id, code)",
            "The short code of an agency must be unique.",
        ),
    ]

    def _compute_user_count(self):
        counts = dict(
            self.env["res.users"]._read_group(
                [("cchc_agency_id", "in", self.ids)],
                ["cchc_agency_id"],
                ["__count"],
            )
        )
        for agency in self:
            agency.user_count = counts.get(agency, 0)
