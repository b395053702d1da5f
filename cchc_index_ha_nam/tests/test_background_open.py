from odoo.exceptions import UserError

from .common import CchcCase


class TestBackgroundOpen(CchcCase):
    """A campaign of more units than the threshold is opened by a cron job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("cchc_index.background_open_units", 1)
        cls.cron = cls.env.ref("cchc_index.ir_cron_open_campaigns")

    def test_small_campaign_opens_at_once(self):
        campaign = self._make_campaign(self.agency_stp)
        before = self._cron_triggers(self.cron)
        campaign.with_user(self.secretariat).action_open_self_assessment()
        self.assertEqual(self._cron_triggers(self.cron), before)
        self.assertEqual(campaign.state, "self_assessment")
        self.assertEqual(campaign.evaluation_ids.agency_id, self.agency_stp)

    def test_large_campaign_opens_in_background(self):
        units = self.agency_stp | self.agency_stttt
        campaign = self._make_campaign(units)
        before = self._cron_triggers(self.cron)
        action = campaign.with_user(self.secretariat).action_open_self_assessment()
        self.assertEqual(len(self._cron_triggers(self.cron) - before), 1)
        self.assertEqual(action["params"]["type"], "info")
        self.assertIn(campaign.name, action["params"]["message"])
        self.assertEqual(campaign.state, "draft")
        self.assertEqual(campaign.opening_user_id, self.secretariat)
        self.assertFalse(campaign.evaluation_ids)
        with self.assertRaisesRegex(UserError, "being opened in the background"):
            campaign.with_user(self.secretariat).action_open_self_assessment()

        self.cron.method_direct_trigger()
        self.assertEqual(campaign.state, "self_assessment")
        self.assertFalse(campaign.opening_user_id)
        self.assertEqual(campaign.evaluation_ids.agency_id, units)
        criteria = campaign.criteria_set_ids.criterion_ids.filtered("is_leaf")
        for evaluation in campaign.evaluation_ids:
            self.assertEqual(
                evaluation.line_ids.criterion_id,
                criteria.filtered(
                    lambda c, e=evaluation: c.set_id == e.criteria_set_id
                ),
            )
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        message = f"{campaign.name} is open: 2 units got their evaluation."
        self.assertIn(
            (
                "simple_notification",
                {"type": "success", "message": message, "sticky": True},
            ),
            self._bus_notifications(self.secretariat),
        )
        self.assertIn(message, campaign.message_ids[0].body)

    def test_failure_is_told(self):
        """A campaign that can no longer be opened by its user is left as it
        was; the user is told why."""
        campaign = self._make_campaign(self.agency_stp | self.agency_stttt)
        campaign.with_user(self.secretariat).action_open_self_assessment()
        self.secretariat.groups_id -= self.env.ref("cchc_index.group_cchc_secretariat")
        self.cron.method_direct_trigger()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.opening_user_id)
        self.assertFalse(campaign.evaluation_ids)
        ((kind, payload),) = self._bus_notifications(self.secretariat)
        self.assertEqual(kind, "simple_notification")
        self.assertEqual(payload["type"], "danger")
        self.assertIn(f"{campaign.name} could not be opened", payload["message"])
        self.assertIn("could not be opened", campaign.message_ids[0].body)

    def test_told_in_their_language(self):
        """The job runs as the user who asked, in their language."""
        self.env.ref("base.lang_vi_VN").active = True
        self.secretariat.lang = "vi_VN"
        campaign = self._make_campaign(self.agency_stp | self.agency_stttt)
        campaign.with_user(self.secretariat).action_open_self_assessment()
        self.cron.method_direct_trigger()
        message = f"{campaign.name} đã mở: 2 đơn vị đã có phiếu đánh giá."
        ((_kind, payload),) = self._bus_notifications(self.secretariat)
        self.assertEqual(payload["message"], message)
        self.assertIn(message, campaign.message_ids[0].body)
