from odoo import http
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content, filename):
    return request.make_response(
        content,
        headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Disposition", content_disposition(filename)),
        ],
    )


class CchcIndexController(http.Controller):
    @http.route("/cchc_index/criteria_set/<int:set_id>/xlsx", type="http", auth="user")
    def criteria_set_xlsx(self, set_id):
        """Download a criteria set as the spreadsheet its import reads."""
        criteria_set = request.env["cchc.criteria.set"].browse(set_id).exists()
        if not criteria_set:
            raise request.not_found()
        criteria_set.check_access("read")
        return xlsx_response(
            criteria_set._export_xlsx(),
            f"criteria-set-{criteria_set.year}-{criteria_set.unit_type_id.code}.xlsx",
        )

    @http.route(
        "/cchc_index/campaign/<int:campaign_id>/score_matrix.xlsx",
        type="http",
        auth="user",
    )
    def campaign_score_matrix_xlsx(self, campaign_id):
        """Download a campaign's results, with the rows the user may read."""
        campaign = request.env["cchc.campaign"].browse(campaign_id).exists()
        if not campaign:
            raise request.not_found()
        campaign.check_access("read")
        return xlsx_response(
            request.env["report.cchc_index.score_matrix"]._generate(campaign),
            f"chi-so-cchc-{campaign.year}.xlsx",
        )
