import base64
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import CchcCase


@tagged("post_install", "-at_install")
class TestBackgroundDecision(HttpCase, CchcCase):
    """The decision of a campaign of more units than the threshold is rendered
    by a cron job, once for everyone who asked meanwhile (wkhtmltopdf fetches
    the assets from the test server)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("report.url", cls.base_url())
        cls.cron = cls.env.ref("cchc_index.ir_cron_render_decisions")
        cls.campaign = cls._make_campaign(cls.agency_stp | cls.agency_stttt)
        cls._submit_all(cls.campaign)
        cls.council.lang = "en_US"
        cls.env.ref("base.lang_vi_VN").active = True
        cls.secretariat.lang = "vi_VN"

    def _large(self):
        self.env["ir.config_parameter"].set_param(
            "cchc_index.background_print_units", 1
        )

    def _render(self):
        """Run the job as the cron does, the PDF rendered for real."""
        self.env["cchc.campaign"].with_context(
            force_report_rendering=True
        )._cron_render_decisions()

    def test_small_campaign_prints_at_once(self):
        before = self._cron_triggers(self.cron)
        action = self.campaign.with_user(self.secretariat).action_print_decision()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "cchc_index.report_decision")
        self.assertEqual(self._cron_triggers(self.cron), before)

    def test_large_campaign_renders_in_background(self):
        self._large()
        before = self._cron_triggers(self.cron)
        for user in (self.secretariat, self.council):
            action = self.campaign.with_user(user).action_print_decision()
            self.assertEqual(action["params"]["type"], "info")
            self.assertIn(self.campaign.name, action["params"]["message"])
        self.assertEqual(len(self._cron_triggers(self.cron) - before), 2)
        self.assertEqual(
            self.campaign.decision_requester_ids, self.secretariat | self.council
        )
        self.assertFalse(self.campaign.draft_decision)

        self._render()
        self.assertFalse(self.campaign.decision_requester_ids)
        pdf = base64.b64decode(self.campaign.draft_decision)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(self.campaign.draft_decision_date)
        self.assertFalse(self.campaign.published_decision)
        # Each one told once, in their own language.
        told = {
            "en_US": f"The decision of {self.campaign.name} is ready: download it "
            "from the campaign's form.",
            "vi_VN": f"Quyết định công bố {self.campaign.name} đã sẵn sàng: tải về tại "
            "màn hình kỳ đánh giá.",
        }
        for user in (self.secretariat, self.council):
            self.assertEqual(
                self._bus_notifications(user),
                [
                    (
                        "simple_notification",
                        {"type": "success", "message": told[user.lang], "sticky": True},
                    )
                ],
            )
        # A second run finds nothing left to render and tells no one.
        rendered_on = self.campaign.draft_decision_date
        report = type(self.env["ir.actions.report"])
        with patch.object(report, "_render_qweb_pdf", side_effect=AssertionError):
            self._render()
        self.assertEqual(self.campaign.draft_decision_date, rendered_on)
        for user in (self.secretariat, self.council):
            self.assertEqual(len(self._bus_notifications(user)), 1)

        # The draft is downloaded over HTTP by who may read it.
        self.authenticate(self.secretariat.login, self.secretariat.login)
        url = (
            f"/web/content/cchc.campaign/{self.campaign.id}/draft_decision/"
            f"{self.campaign.decision_filename}?download=true"
        )
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, pdf)
        self.authenticate(self.officer.login, self.officer.login)
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_draft_is_for_secretariat_and_council(self):
        self._large()
        for user in (self.officer, self.head, self.appraiser):
            with self.assertRaisesRegex(AccessError, "before it is published"):
                self.campaign.with_user(user).action_print_decision()
        self.assertFalse(self.campaign.decision_requester_ids)
        self.campaign.with_user(self.secretariat).action_print_decision()
        self._render()
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.officer).read(["draft_decision"])

    def test_published_decision_is_its_file(self):
        """Once published, the print is the published file, for every reader."""
        published = self.env.ref("cchc_index_ha_nam.demo_campaign_2019")
        self._large()
        action = published.with_user(self.secretariat).action_print_decision()
        self.assertEqual(action["params"]["type"], "info")
        self.assertFalse(published.published_decision)
        self._render()
        pdf = base64.b64decode(published.published_decision)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertFalse(published.draft_decision)
        for user in (self.secretariat, self.officer):
            action = published.with_user(user).action_print_decision()
            self.assertEqual(action["type"], "ir.actions.act_url")
            self.authenticate(user.login, user.login)
            self.assertEqual(self.url_open(action["url"]).content, pdf)

    def test_failure_is_told(self):
        """A render that fails leaves nothing queued; who asked is told why.
        The job is run by its cron, one campaign a run, reporting what is left."""
        self._large()
        published = self.env.ref("cchc_index_ha_nam.demo_campaign_2019")
        published.with_user(self.secretariat).action_print_decision()
        self.campaign.with_user(self.council).action_print_decision()
        report = type(self.env["ir.actions.report"])
        failure = UserError("Wkhtmltopdf failed (error code: -11).")
        progress = self.env["ir.cron.progress"]
        error = "Wkhtmltopdf failed (error code: -11)."
        told = {  # each in their language
            self.secretariat: f"Không tạo được quyết định công bố {published.name}: {error}",
            self.council: f"The decision of {self.campaign.name} could not be rendered: "
            f"{error}",
        }
        for remaining, campaign, user in (
            (1, published, self.secretariat),
            (0, self.campaign, self.council),
        ):
            with patch.object(report, "_render_qweb_pdf", side_effect=failure):
                self.cron.method_direct_trigger()
            last = progress.search(
                [("cron_id", "=", self.cron.id)], order="id desc", limit=1
            )
            self.assertEqual((last.done, last.remaining), (1, remaining))
            self.assertFalse(campaign.decision_requester_ids)
            self.assertFalse(campaign.draft_decision or campaign.published_decision)
            ((kind, payload),) = self._bus_notifications(user)
            self.assertEqual(kind, "simple_notification")
            self.assertEqual(payload["type"], "danger")
            self.assertEqual(payload["message"], told[user])
        self.assertFalse(self.campaign.decision_requester_ids)
