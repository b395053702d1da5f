from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDecisionFile(HttpCase):
    """A published decision is rendered once, then served from its file
    (wkhtmltopdf fetches the assets from the test server)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.published = cls.env.ref(
            "cchc_index_ha_nam.demo_campaign_2018"
        ).with_context(force_report_rendering=True)
        cls.open = cls.env["cchc.campaign"].search(
            [("state", "=", "self_assessment")], limit=1
        )
        cls.env["ir.config_parameter"].sudo().set_param("report.url", cls.base_url())

    def test_rendered_once(self):
        self.assertFalse(self.published.published_decision)
        pdf = self.published._decision_pdf()
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(self.published.published_decision)
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "cchc.campaign"),
                ("res_id", "=", self.published.id),
                ("res_field", "=", "published_decision"),
            ]
        )
        self.assertEqual(attachment.raw, pdf)
        self.env.invalidate_all()
        # Served from the file: no rendering (which runs hundreds of queries).
        with self.assertQueryCount(2):
            self.assertEqual(self.published._decision_pdf(), pdf)

    def test_not_kept_before_publication(self):
        """A campaign in progress renders its draft every time."""
        pdf = self.open.with_context(force_report_rendering=True)._decision_pdf()
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertFalse(self.open.published_decision)
