from odoo import http
from odoo.http import content_disposition, request


class CchcIndexController(http.Controller):
    @http.route("/cchc_index/criteria_set/<int:set_id>/xlsx", type="http", auth="user")
    def criteria_set_xlsx(self, set_id):
        """Download a criteria set as the spreadsheet its import reads."""
        criteria_set = request.env["cchc.criteria.set"].browse(set_id).exists()
        if not criteria_set:
            raise request.not_found()
        criteria_set.check_access("read")
        filename = (
            f"criteria-set-{criteria_set.year}-{criteria_set.unit_type_id.code}.xlsx"
        )
        return request.make_response(
            criteria_set._export_xlsx(),
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
