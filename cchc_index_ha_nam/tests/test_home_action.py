from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CchcCase


@tagged("post_install", "-at_install")
class TestHomeAction(CchcCase):
    """The app opens each role on its own work."""

    def _home(self, user):
        action = self.env.ref("cchc_index.action_cchc_home")
        self.assertEqual(self.env.ref("cchc_index.menu_cchc_root").action, action)
        return action.with_user(user).run()

    def test_unit_opens_its_newest_evaluation(self):
        newest = self.env["cchc.evaluation"].search(
            [("agency_id", "=", self.agency_stp.id)], order="year desc", limit=1
        )
        for user in (self.officer, self.head):
            action = self._home(user)
            self.assertEqual(
                (action["res_model"], action["view_mode"], action["res_id"]),
                ("cchc.evaluation", "form", newest.id),
            )
        self.assertEqual(newest.campaign_id.state, "self_assessment")

    def test_appraiser_opens_the_queue(self):
        action = self._home(self.appraiser)
        self.assertEqual(action["res_model"], "cchc.appraisal")
        self.assertIn("search_default_appraisable", action["context"])

    def test_secretariat_and_council_open_the_campaigns(self):
        for user in (self.secretariat, self.council, self.manager):
            self.assertEqual(self._home(user)["res_model"], "cchc.campaign")
        # A secretariat member who also appraises runs the campaigns first.
        self.secretariat.groups_id += self.env.ref("cchc_index.group_cchc_appraiser")
        self.assertEqual(self._home(self.secretariat)["res_model"], "cchc.campaign")

    def test_outsider_is_refused(self):
        with self.assertRaises(AccessError):
            self._home(self.outsider)
