from odoo import http
from odoo.http import request
from odoo.tools import format_date

from ..models.cchc_input_mixin import format_number

DEFAULT_LANG = "vi_VN"


class CchcPublicResults(http.Controller):
    """The published results, for citizens: no login, read-only, a fixed
    small number of queries a page (see ``cchc.public.results``)."""

    def _set_lang(self):
        """The visitor's language: the user's own, else the browser's if
        installed, else Vietnamese."""
        installed = dict(request.env["res.lang"].get_installed())
        if not request.env.user._is_public():
            lang = request.env.user.lang
        else:
            lang = request.best_lang
            if lang not in installed:
                lang = DEFAULT_LANG if DEFAULT_LANG in installed else lang
        if lang in installed:
            request.update_context(lang=lang)
        return request.env.context.get("lang") or "en_US"

    def _render(self, template, values):
        lang = self._set_lang()
        env = request.env
        return request.render(
            template,
            {
                "html_data": {"lang": lang.replace("_", "-")},
                "fmt": lambda value: format_number(env, value),
                "fmt_date": lambda value: format_date(env, value),
                **values,
            },
        )

    @http.route(["/cchc", "/chi-so-cchc"], type="http", auth="public", readonly=True)
    def campaigns(self):
        results = request.env["cchc.public.results"].sudo()
        return self._render(
            "cchc_index.public_campaigns", {"campaigns": results._campaigns()}
        )

    @http.route("/chi-so-cchc/<int:year>", type="http", auth="public", readonly=True)
    def ranking_of_year(self, year):
        """The ranking of a year (the newest public campaign of that year)."""
        for campaign in request.env["cchc.public.results"].sudo()._campaigns():
            if campaign["year"] == year:
                return request.redirect(f"/cchc/{campaign['id']}")
        raise request.not_found()

    @http.route("/cchc/<int:campaign_id>", type="http", auth="public", readonly=True)
    def ranking(self, campaign_id):
        results = request.env["cchc.public.results"].sudo()
        campaign = results._campaign(campaign_id)
        if not campaign:
            raise request.not_found()
        return self._render(
            "cchc_index.public_ranking",
            {"campaign": campaign, "groups": results._ranking(campaign)},
        )

    @http.route("/cchc/<int:campaign_id>/decision.pdf", type="http", auth="public")
    def decision(self, campaign_id):
        """The publication decision of a public campaign only, as published."""
        campaign = request.env["cchc.public.results"].sudo()._campaign(campaign_id)
        if not campaign:
            raise request.not_found()
        pdf = campaign._decision_pdf()
        filename = f"QD-cong-bo-chi-so-CCHC-{campaign.year}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", f'inline; filename="{filename}"'),
            ],
        )

    @http.route("/cchc/unit/<int:agency_id>", type="http", auth="public", readonly=True)
    def unit(self, agency_id):
        history = request.env["cchc.public.results"].sudo()._unit_history(agency_id)
        if not history:
            raise request.not_found()
        return self._render(
            "cchc_index.public_unit",
            {
                "unit": history[0]["unit"],
                "unit_type": history[0]["unit_type"],
                "history": history,
            },
        )
