import base64

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import HttpCase
from odoo.tools.misc import file_open

from odoo.addons.cchc_index.models.cchc_input_mixin import format_number

from .common import CchcCase

CAMPAIGNS = "/odoo/action-cchc_index.cchc_campaign_action"
COUNCIL_REVIEW = "cchc_index.mail_activity_type_council_review"
SENT_BACK = "cchc_index.mail_activity_type_results_sent_back"


class AssistantCase(CchcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.latest = cls.env["cchc.campaign"].search(
            [("company_id", "=", cls.env.company.id)], order="year desc", limit=1
        )
        cls.next_year = cls.latest.year + 1
        cls.last_sets = cls.env["cchc.criteria.set"].search(
            [("year", "=", cls.latest.year), ("state", "=", "active")]
        )

    def _assistant(self, user=None):
        return Form(
            self.env["cchc.campaign.assistant"].with_user(user or self.secretariat)
        )

    def _council_campaign(self):
        """An appraised 2018 campaign of Sở Tư pháp, with the council."""
        campaign = self._make_campaign(self.agency_stp, name="Council 2018")
        self._submit_all(campaign)
        self._appraise(campaign, self._make_appraisers())
        campaign.with_user(self.secretariat).action_council_review()
        return campaign

    def _activities(self, campaign, xmlid, active=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "cchc.campaign"),
                    ("res_id", "=", campaign.id),
                    ("activity_type_id", "=", self.env.ref(xmlid).id),
                    ("active", "=", active),
                ]
            )
        )


class TestCampaignAssistant(AssistantCase):
    """The secretariat's new campaign, and the council sending results back."""

    def test_defaults_copy_last_year(self):
        """Next year, last year's sets copied and activated in one step, every
        unit of their types but the excluded one, the company's texts."""
        self.assertTrue(self.last_sets, "the demo has active sets of its last year")
        company = self.env.company
        form = self._assistant()
        self.assertEqual(form.year, self.next_year)
        self.assertEqual(form.set_mode, "copy")
        self.assertEqual(set(form.source_set_ids.ids), set(self.last_sets.ids))
        self.assertEqual(
            set(form.unit_type_ids.ids), set(self.last_sets.unit_type_id.ids)
        )
        self.assertEqual(form.province_name, company.cchc_province_name)
        self.assertEqual(form.legal_bases, company.cchc_legal_bases)
        self.assertEqual(form.signer_title, company.cchc_signer_title)
        self.assertEqual(
            form.date_self_close,
            self.latest.date_self_close + relativedelta(years=1),
        )
        units = self.env["cchc.agency"].search(
            [("unit_type_id", "in", self.last_sets.unit_type_id.ids)]
        )
        form.excluded_agency_ids.add(self.agency_stp)
        self.assertEqual(form.agency_count, len(units) - 1)
        action = form.save().action_create()

        campaign = self.env["cchc.campaign"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "cchc.campaign")
        self.assertEqual(campaign.year, self.next_year)
        self.assertEqual(campaign.state, "draft")
        self.assertEqual(campaign.agency_ids, units - self.agency_stp)
        self.assertEqual(campaign.province_name, company.cchc_province_name)
        copies = campaign.criteria_set_ids
        self.assertEqual(copies.mapped("year"), [self.next_year] * len(self.last_sets))
        self.assertEqual(set(copies.mapped("state")), {"active"})
        self.assertFalse(copies & self.last_sets)
        for old in self.last_sets:
            new = copies.filtered(lambda s, o=old: s.unit_type_id == o.unit_type_id)
            self.assertEqual(
                sorted(new.criterion_ids.mapped("code")),
                sorted(old.criterion_ids.mapped("code")),
            )
        # The campaign opens as it is.
        campaign.with_user(self.secretariat).action_open_self_assessment()
        self.assertEqual(len(campaign.evaluation_ids), len(units) - 1)

    def test_sets_prepared_for_the_year(self):
        """Sets already prepared for the year are offered instead; leaving a
        unit type out leaves its units out."""
        so_set = self.last_sets.filtered(lambda s: s.unit_type_id == self.unit_type_so)
        prepared = self.env["cchc.criteria.set"].browse(
            so_set.action_copy_next_year()["res_id"]
        )
        prepared.action_activate()
        form = self._assistant()
        self.assertEqual(form.set_mode, "existing")
        self.assertEqual(form.criteria_set_ids[:], prepared)
        self.assertEqual(form.unit_type_ids[:], self.unit_type_so)
        campaign = self.env["cchc.campaign"].browse(
            form.save().action_create()["res_id"]
        )
        self.assertEqual(campaign.criteria_set_ids, prepared)
        self.assertEqual(
            campaign.agency_ids,
            self.env["cchc.agency"].search(
                [("unit_type_id", "=", self.unit_type_so.id)]
            ),
        )

    def test_one_campaign_per_year(self):
        """A year that has its campaign is refused, in the user's language; the
        campaign form warns as soon as the year is typed."""
        form = self._assistant()
        form.year = self.latest.year
        wizard = form.save()
        count = self.env["cchc.campaign"].search_count([])
        with self.assertRaisesRegex(UserError, "already has its campaign"):
            wizard.action_create()
        with self.assertRaisesRegex(UserError, "đã có kỳ đánh giá"):
            wizard.with_context(lang="vi_VN").action_create()
        self.assertEqual(self.env["cchc.campaign"].search_count([]), count)
        self.assertEqual(
            self.env["cchc.criteria.set"].search_count([("year", "=", self.next_year)]),
            0,
            "nothing is copied for a refused campaign",
        )
        warning = (
            self.env["cchc.campaign"]
            .new({"year": self.latest.year})
            ._onchange_year()["warning"]
        )
        self.assertIn(self.latest.name, warning["message"])
        self.assertFalse(
            self.env["cchc.campaign"].new({"year": self.next_year})._onchange_year()
        )

    def test_named_in_the_documents_language(self):
        """A campaign created from an English session is named in the
        documents' language; the demo's first campaign opens its chatter in
        Vietnamese."""
        wizard = self._assistant().save().with_context(lang="en_US")
        campaign = self.env["cchc.campaign"].browse(wizard.action_create()["res_id"])
        self.assertEqual(campaign.name, f"Chỉ số CCHC năm {self.next_year}")
        demo = self.env.ref("cchc_index_ha_nam.demo_campaign_2018")
        created = demo.message_ids.sorted("id")[:1]
        self.assertIn("Kỳ đánh giá", created.body)
        self.assertNotIn("Assessment Campaign", created.body)

    def test_every_unit_excluded_is_refused(self):
        form = self._assistant()
        form.unit_type_ids.clear()
        form.unit_type_ids.add(self.unit_type_so)
        for agency in self.env["cchc.agency"].search(
            [("unit_type_id", "=", self.unit_type_so.id)]
        ):
            form.excluded_agency_ids.add(agency)
        with self.assertRaisesRegex(UserError, "keep at least one"):
            form.save().action_create()

    def test_a_year_without_sets_is_refused(self):
        """Nothing to copy from the year before: the assistant says what is
        missing and creates nothing."""
        form = self._assistant()
        form.year = self.next_year + 5
        self.assertFalse(form.source_set_ids)
        self.assertFalse(form.unit_type_ids)
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "unit types in scope"):
            wizard.action_create()
        self.assertFalse(self.env["cchc.campaign"].search([("year", "=", wizard.year)]))

    def test_a_unit_type_without_a_set_is_refused(self):
        """A unit type put in scope without a set of its own is named."""
        wizard = self._assistant().save()
        orphan = self.env["cchc.unit.type"].create(
            {"name": "Ban quản lý dự án", "code": "bqlda"}
        )
        wizard.unit_type_ids |= orphan
        with self.assertRaisesRegex(UserError, "Without a set: Ban quản lý dự án"):
            wizard.action_create()
        self.assertFalse(self.env["cchc.campaign"].search([("year", "=", wizard.year)]))

    def test_only_last_years_sets_are_copied(self):
        """Copying skips no year: older sets are refused, nothing is copied."""
        wizard = self._assistant().save()
        self.assertEqual(wizard.set_mode, "copy")
        older = self.env["cchc.criteria.set"].search(
            [("year", "<", self.latest.year), ("state", "=", "active")], limit=1
        )
        self.assertTrue(older)
        wizard.source_set_ids |= older
        sets_before = self.env["cchc.criteria.set"].search_count([])
        with self.assertRaisesRegex(UserError, "Only the sets of the year before"):
            wizard.action_create()
        self.assertEqual(self.env["cchc.criteria.set"].search_count([]), sets_before)

    def test_send_back_needs_a_visible_reason(self):
        campaign = self._council_campaign()
        wizards = self.env["cchc.campaign.send.back"].with_user(self.council)
        for reason in (" \u200b ", "\u00a0\n"):
            with self.assertRaisesRegex(ValidationError, "write visible text"):
                wizards.create({"campaign_id": campaign.id, "reason": reason})
        self.assertEqual(campaign.state, "council")

    def test_only_the_secretariat_creates(self):
        with self.assertRaises(AccessError):
            self._assistant(self.council).save()

    def test_send_back_then_approve(self):
        """The council sends the results back with its reason: appraisal stage
        again, the reason in the chatter, an activity for the secretariat; sent
        to the council again, it approves."""
        campaign = self._council_campaign()
        reason = "Kiểm tra lại điểm mục 2.3 của Sở Tư pháp."
        with self.assertRaises(AccessError):
            campaign.with_user(self.secretariat)._send_back(reason)
        wizard = (
            self.env["cchc.campaign.send.back"]
            .with_user(self.council)
            .create({"campaign_id": campaign.id, "reason": reason})
        )
        result = wizard.action_confirm()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertEqual(campaign.state, "appraisal")
        self.assertFalse(campaign.approved_by_id)
        self.assertTrue(
            campaign.message_ids.filtered(
                lambda m: reason in m.body and self.council.name in m.body
            ),
            "the reason is in the chatter, with who sent the results back",
        )
        self.assertFalse(self._activities(campaign, COUNCIL_REVIEW))
        review_type = self.env.ref(COUNCIL_REVIEW)
        done = campaign.message_ids.filtered(
            lambda m: m.mail_activity_type_id == review_type
        )
        self.assertIn(reason, done[0].body, "the council's to-do is done, with why")
        sent_back = self._activities(campaign, SENT_BACK)
        self.assertIn(self.secretariat, sent_back.user_id)
        self.assertIn(reason, str(sent_back[0].note))
        with self.assertRaisesRegex(UserError, "awaits no approval"):
            campaign.with_user(self.council).action_approve()

        campaign.with_user(self.secretariat).action_council_review()
        self.assertEqual(campaign.state, "council")
        self.assertFalse(self._activities(campaign, SENT_BACK))
        self.assertTrue(self._activities(campaign, SENT_BACK, active=False))
        campaign.with_user(self.council).action_approve()
        self.assertEqual(campaign.approved_by_id, self.council)
        with self.assertRaisesRegex(UserError, "awaits no approval"):
            campaign.with_user(self.council)._send_back(reason)

    def test_numbers_in_messages_in_the_users_language(self):
        """The submission message writes decimals as the head's language does."""
        self.env["res.lang"]._activate_lang("vi_VN")
        self.head.lang = "vi_VN"
        self._setup_open_evaluation()
        lines = self.evaluation.line_ids
        self._score_all(lines)
        self._add_participants(self.evaluation)
        # As the web client calls: in the user's language.
        self.evaluation.with_user(self.head).with_context(lang="vi_VN").action_submit()
        body = self.evaluation.message_ids[0].body
        self.assertIn("trên tổng số", body)
        vi = self.env(context={"lang": "vi_VN"})
        for value in (self.evaluation.self_total, self.evaluation.self_index):
            self.assertIn(format_number(vi, value), body)
        self.assertNotRegex(body, r"\d\.\d", "no decimal point")


@tagged("post_install", "-at_install")
class TestCampaignAssistantTour(HttpCase, AssistantCase):
    """The secretariat creates next year's campaign in the assistant; the
    council sends results back, then approves them."""

    def test_assistant_tour(self):
        self.start_tour(CAMPAIGNS, "cchc_campaign_assistant", login="t_secretariat")
        self.env.invalidate_all()
        campaign = self.env["cchc.campaign"].search([("year", "=", self.next_year)])
        self.assertEqual(len(campaign), 1)
        units = self.env["cchc.agency"].search(
            [("unit_type_id", "in", self.last_sets.unit_type_id.ids)]
        )
        self.assertEqual(campaign.agency_ids, units - self.agency_stp)
        self.assertEqual(set(campaign.criteria_set_ids.mapped("state")), {"active"})

    def test_council_tour(self):
        campaign = self._council_campaign()
        url = f"{CAMPAIGNS}/{campaign.id}"
        self.start_tour(url, "cchc_council_send_back", login="t_council")
        self.env.invalidate_all()
        self.assertEqual(campaign.state, "appraisal")
        self.assertTrue(campaign.message_ids.filtered(lambda m: "mục 2.3" in m.body))

        campaign.with_user(self.secretariat).action_council_review()
        self.start_tour(url, "cchc_council_approve", login="t_council")
        self.env.invalidate_all()
        self.assertEqual(campaign.approved_by_id, self.council)

    def test_login_page_is_the_provinces(self):
        """The login page shows the province's logo placeholder (not "Your
        logo") and offers no sign-up."""
        page = self.url_open("/web/login")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("/web/signup", page.text)
        company = self.env.company
        logo = self.url_open("/web/binary/company_logo")
        self.assertEqual(logo.content, base64.b64decode(company.logo_web))
        with file_open("base/static/img/res_company_logo.png", "rb") as f:
            self.assertNotEqual(base64.b64decode(company.logo), f.read())
        self.assertEqual(company.name, "UBND tỉnh Hà Nam")
