from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResUsers(models.Model):
    _inherit = "res.users"

    cchc_agency_id = fields.Many2one(
        "cchc.agency",
        string="CCHC Agency",
        index="btree_not_null",
        domain="[('company_id', 'in', company_ids)]",
        help="The agency this user works for in the Administrative Reform Index.",
    )

    @api.constrains("cchc_agency_id", "company_ids")
    def _check_cchc_agency_company(self):
        for user in self:
            agency = user.sudo().cchc_agency_id
            if agency and agency.company_id not in user.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s works for %(agency)s, an agency of %(company)s: "
                        "give the user access to that company.",
                        user=user.name,
                        agency=agency.name,
                        company=agency.company_id.name,
                    )
                )
