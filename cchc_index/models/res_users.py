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

    def _cchc_home_action(self):
        """Where the Reform Index opens for this user: a unit's officers and
        head on their unit's newest evaluation, appraisers on what they can
        appraise now, the secretariat and the council on the campaigns."""
        self.ensure_one()
        if self.cchc_agency_id and self.has_group("cchc_index.group_cchc_officer"):
            return self.env["cchc.evaluation"].action_my_evaluation()
        xmlid = "cchc_index.cchc_campaign_action"
        if self.has_group("cchc_index.group_cchc_appraiser") and not self.has_group(
            "cchc_index.group_cchc_secretariat"
        ):
            xmlid = "cchc_index.cchc_appraisal_action"
        return self.env["ir.actions.act_window"]._for_xml_id(xmlid)
