from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    cchc_agency_id = fields.Many2one(
        "cchc.agency",
        string="CCHC Agency",
        index="btree_not_null",
        help="The agency this user works for in the Administrative Reform Index.",
    )
