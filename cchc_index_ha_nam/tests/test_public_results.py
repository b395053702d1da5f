from lxml import html

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import HttpCase

from odoo.addons.cchc_index.models.cchc_input_mixin import format_number


@tagged("post_install", "-at_install")
class TestPublicResults(HttpCase):
    """The public results pages, as an anonymous visitor, on the demo: the
    2018 and 2019 campaigns published, the 2020 one in self-assessment."""

    # The tour runs on a phone's screen, 400 px wide.
    browser_size = "400x800"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env.ref("cchc_index_ha_nam.demo_campaign_2018")
        cls.campaign_open = cls.env["cchc.campaign"].search([("year", "=", 2020)])
        cls.stp = cls.env.ref("cchc_index_ha_nam.agency_stp")
        cls.evaluation = cls.campaign.evaluation_ids.filtered(
            lambda e: e.agency_id == cls.stp
        )
        cls.vi = cls.env(context={"lang": "vi_VN"})

    def _get(self, url, status=200):
        self.env.flush_all()
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, status, url)
        return response

    def _page(self, url):
        return html.fromstring(self._get(url).content)

    def _num(self, value):
        return format_number(self.vi, value)

    def test_campaign_list(self):
        page = self._page("/cchc")
        years = page.xpath("//ul[hasclass('o_cchc_campaigns')]/li/@data-year")
        self.assertEqual(years, ["2019", "2018"])
        self.assertEqual(page.get("lang"), "vi-VN")
        self.assertEqual(
            self._page("/chi-so-cchc").xpath("//li/@data-year"), ["2019", "2018"]
        )
        response = self._get("/chi-so-cchc/2018", 303)
        self.assertTrue(
            response.headers["Location"].endswith(f"/cchc/{self.campaign.id}")
        )
        self._get("/chi-so-cchc/2020", 404)

    def test_ranking_page(self):
        self.assertEqual(self.campaign.state, "published")
        page = self._page(f"/cchc/{self.campaign.id}")
        row = page.xpath("//tr[@data-unit-code='STP']")[0]
        cell = {
            name: row.xpath(f".//td[hasclass('o_cchc_{name}')]")[0].text_content()
            for name in ("rank", "index", "total", "band")
        }
        evaluation = self.evaluation
        self.assertEqual(cell["rank"], str(evaluation.rank))
        self.assertEqual(cell["index"], self._num(evaluation.appraised_index))
        self.assertEqual(cell["total"], self._num(evaluation.appraised_total))
        self.assertEqual(cell["band"], evaluation.band_id.name)
        # Vietnamese numbers: a decimal comma.
        self.assertNotIn(".", cell["index"])
        field_1 = evaluation.field_ids.sorted("sort_key")[0]
        points = row.xpath(".//td[@data-field='1']")[0].text_content()
        self.assertEqual(points, self._num(field_1.appraised_points))
        # Both unit types, each ranked from 1, in rank order.
        for table in page.xpath("//table[hasclass('o_cchc_ranking')]"):
            ranks = [
                int(r) for r in table.xpath(".//td[hasclass('o_cchc_rank')]/text()")
            ]
            self.assertEqual(ranks[0], 1)
            self.assertEqual(ranks, sorted(ranks))
        self.assertEqual(len(page.xpath("//table[hasclass('o_cchc_ranking')]")), 2)
        units = page.xpath("//table[hasclass('o_cchc_ranking')]/tbody/tr")
        self.assertEqual(len(units), len(self.campaign.evaluation_ids))
        # The decision and its signer; nothing of comments, evidence, people.
        text = page.text_content()
        self.assertIn(self.campaign.decision_number, text)
        self.assertIn(self.campaign.signer_name, text)
        lines = self.campaign.evaluation_ids.line_ids
        for comment in set(
            lines.filtered("appraisal_comment").mapped("appraisal_comment")
        ):
            self.assertNotIn(comment, text)
        for name in self.campaign.evaluation_ids.participant_ids.mapped("name"):
            self.assertNotIn(name, text)
        self.assertFalse(page.xpath("//a[contains(@href, '/web/content')]"))

    def test_unit_page(self):
        page = self._page(f"/cchc/unit/{self.stp.id}")
        self.assertEqual(
            page.xpath("//h1[hasclass('o_cchc_unit_name')]")[0].text, self.stp.name
        )
        # Only published years: the 2020 self-assessment is not shown.
        self.assertEqual(
            page.xpath("//table[hasclass('o_cchc_history')]/tbody/tr/@data-year"),
            ["2019", "2018"],
        )
        row = page.xpath("//tr[@data-year='2018']")[0]
        self.assertEqual(
            row.xpath(".//td[hasclass('o_cchc_index')]")[0].text_content(),
            self._num(self.evaluation.appraised_index),
        )
        self.assertIn(self.campaign.decision_number, row.text_content())
        fields = page.xpath(
            "//section[@data-year='2018']//div[hasclass('o_cchc_bar_row')]"
        )
        self.assertEqual(len(fields), len(self.evaluation.field_ids))
        self.assertIn(
            self._num(self.evaluation.field_ids.sorted("sort_key")[0].appraised_points),
            fields[0].text_content(),
        )

    def test_index_components(self):
        """A campaign of the modern method shows the index's components as its
        decision does: the counted fields, then survey, bonus, deduction
        points and the maximum; the bonus and deduction fields are not field
        columns. The 2018 campaign shows none of them."""
        campaign = self.env.ref("cchc_index_ha_nam.demo_campaign_2019")
        evaluation = campaign.evaluation_ids.filtered(
            lambda e: e.bonus_points and e.deduction_points and e.survey_points
        )[:1]
        self.assertTrue(evaluation)
        page = self._page(f"/cchc/{campaign.id}")
        row = page.xpath(f"//tr[@data-unit-code='{evaluation.agency_id.code}']")[0]
        cells = {
            name: row.xpath(f".//td[hasclass('o_cchc_{name}')]")[0].text_content()
            for name in ("survey", "bonus", "deduction", "max", "total", "index")
        }
        self.assertEqual(
            cells,
            {
                "survey": self._num(evaluation.survey_points),
                "bonus": self._num(evaluation.bonus_points),
                "deduction": self._num(evaluation.deduction_points),
                "max": self._num(evaluation.index_max),
                "total": self._num(evaluation.appraised_total),
                "index": self._num(evaluation.appraised_index),
            },
        )
        counted = evaluation.field_ids._counted().criterion_id.mapped("code")
        self.assertEqual(row.xpath(".//td/@data-field"), counted)
        self.assertFalse(row.xpath(".//td[@data-field='8' or @data-field='9']"))
        self.assertIn("điểm điều tra xã hội học", page.text_content())
        old = self._page(f"/cchc/{self.campaign.id}")
        self.assertFalse(old.xpath("//td[hasclass('o_cchc_survey')]"))

        history = self._page(f"/cchc/unit/{evaluation.agency_id.id}")
        year = history.xpath("//table[hasclass('o_cchc_history')]//tr[@data-year]")
        self.assertEqual(
            [
                r.xpath(".//td[hasclass('o_cchc_survey')]")[0].text_content()
                for r in year
            ],
            [self._num(evaluation.survey_points), self._num(0)],
        )
        bars = history.xpath(
            "//section[@data-year='2019']//div[hasclass('o_cchc_bar_row')]"
        )
        self.assertEqual(len(bars), len(counted))

    def test_decision_pdf(self):
        response = self._get(f"/cchc/{self.campaign.id}/decision.pdf")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # In test mode Odoo renders the report's HTML instead of calling wkhtmltopdf.
        self.assertIn(self.campaign.decision_number, response.content.decode())

    def test_not_public(self):
        """A campaign in progress, an unknown one or one whose page was
        withdrawn is not found; nor is its decision, nor a unit without
        public results."""
        self.assertEqual(self.campaign_open.state, "self_assessment")
        self._get(f"/cchc/{self.campaign_open.id}", 404)
        self._get(f"/cchc/{self.campaign_open.id}/decision.pdf", 404)
        self._get("/cchc/999999", 404)
        # The secretariat withdraws the page: the only change a published
        # campaign still takes.
        secretariat = new_test_user(
            self.env,
            login="t_public_secretariat",
            groups="base.group_user,cchc_index.group_cchc_secretariat",
        )
        officer = new_test_user(
            self.env,
            login="t_public_officer",
            groups="base.group_user,cchc_index.group_cchc_officer",
            cchc_agency_id=self.stp.id,
        )
        with self.assertRaises(AccessError):
            self.campaign.with_user(officer).public_results = False
        with self.assertRaises(UserError):
            self.campaign.with_user(secretariat).write(
                {"public_results": False, "decision_number": "1/QĐ-UBND"}
            )
        self.campaign.with_user(secretariat).public_results = False
        self.assertEqual(self.campaign.state, "published")
        self._get(f"/cchc/{self.campaign.id}", 404)
        self._get(f"/cchc/{self.campaign.id}/decision.pdf", 404)
        # The unit's page and the list keep the 2019 results only.
        history = self._page(f"/cchc/unit/{self.stp.id}")
        self.assertEqual(
            history.xpath("//table[hasclass('o_cchc_history')]/tbody/tr/@data-year"),
            ["2019"],
        )
        self.assertEqual(self._page("/cchc").xpath("//li/@data-year"), ["2019"])
        # Restored by the secretariat.
        self.campaign.public_results = True
        self._get(f"/cchc/{self.campaign.id}")

    def test_draft_campaign(self):
        draft = self.campaign.copy({"year": 2018})
        self.assertEqual(draft.state, "draft")
        self.assertTrue(draft.public_results)
        self._get(f"/cchc/{draft.id}", 404)

    def test_evidence_refused(self):
        """The evidence of a published evaluation stays private."""
        evidence = self.evaluation.line_ids.evidence_ids[:1]
        self.assertTrue(evidence)
        for url in (
            f"/web/content/{evidence.id}",
            f"/web/content/{evidence.id}?download=true",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(evidence.raw[:20], response.content)

    def test_query_count(self):
        """A page reads its data in a fixed number of queries, whatever the
        number of units."""
        results = self.env["cchc.public.results"].sudo()
        self.env.invalidate_all()
        with self.assertQueryCount(2):
            campaign = results._campaign(self.campaign.id)
            groups = results._ranking(campaign)
        self.assertEqual(
            sum(len(g["units"]) for g in groups), len(self.campaign.evaluation_ids)
        )
        with self.assertQueryCount(1):
            results._unit_history(self.stp.id)
        with self.assertQueryCount(1):
            results._campaigns()

    def test_tour(self):
        """On a phone's screen (browser_size)."""
        self.start_tour(f"/cchc/{self.campaign.id}", "cchc_public_results")
