from odoo import fields, models


class CchcUnitType(models.Model):
    """A kind of assessed unit (sở/ban/ngành, UBND cấp huyện, UBND cấp xã).

    Kept as data because the kinds change with administrative reforms.
    """

    _name = "cchc.unit.type"
    _description = "Assessed Unit Type"
    _inherit = ["cchc.input.mixin"]
    _cchc_visible_text_fields = ("name", "code")
    _order = "sequence, id"

    name = fields.Char(required=True)
    code = fields.Char(required=True, help="Short technical code, e.g. 'so'.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    agency_ids = fields.One2many("cchc.agency", "unit_type_id", string="Units")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a unit type must be unique."),
    ]
