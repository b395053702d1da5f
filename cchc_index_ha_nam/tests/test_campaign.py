from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import CchcCase


class TestCampaign(CchcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency_phuly = cls.env.ref("cchc_index_ha_nam.agency_phuly")
        cls.head_phuly = cls.env["res.users"].create(
            {
                "name": "Chủ tịch Phủ Lý",
                "login": "t_head_phuly",
                "cchc_agency_id": cls.agency_phuly.id,
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref("base.group_user").id,
                            cls.env.ref("cchc_index.group_cchc_head").id,
                        ]
                    )
                ],
            }
        )

    def test_defaults(self):
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2018,
                "date_self_close": "2018-11-15",
                "criteria_set_ids": [
                    Command.link(
                        self.env.ref("cchc_index_ha_nam.criteria_set_2018_so").id
                    ),
                    Command.link(
                        self.env.ref("cchc_index_ha_nam.criteria_set_2018_huyen").id
                    ),
                ],
            }
        )
        self.assertEqual(
            campaign.name, "Chỉ số CCHC năm 2018", "in the province's language"
        )
        self.assertEqual(
            [(b.name, b.lower_bound) for b in campaign.band_ids],
            [
                ("Xuất sắc", 90),
                ("Tốt", 80),
                ("Khá", 65),
                ("Trung bình", 50),
                ("Yếu", 0),
            ],
        )
        self.assertEqual(
            {q.unit_type_id.code: q.max_units for q in campaign.quota_ids},
            {"so": 4, "huyen": 2},
        )
        self.assertEqual(
            (campaign.award_min_index, campaign.award_max_individuals), (90, 5)
        )
        active_units = self.env["cchc.agency"].search(
            [("unit_type_id.code", "in", ("so", "huyen"))]
        )
        self.assertEqual(campaign.agency_ids, active_units)
        self.assertEqual(len(campaign.agency_ids), 26)

    def test_open_creates_evaluations_and_tells_heads(self):
        campaign = self._make_campaign(self.agency_stp | self.agency_phuly)
        campaign.with_user(self.secretariat).action_open_self_assessment()
        self.assertEqual(campaign.state, "self_assessment")
        by_unit = {e.agency_id: e for e in campaign.evaluation_ids}
        self.assertEqual(set(by_unit), {self.agency_stp, self.agency_phuly})
        so_set = self.env.ref("cchc_index_ha_nam.criteria_set_2018_so")
        leaves = so_set.criterion_ids.filtered("is_leaf")
        stp = by_unit[self.agency_stp]
        self.assertEqual(stp.criteria_set_id, so_set)
        self.assertEqual(stp.line_ids.criterion_id, leaves)
        self.assertEqual(len(stp.field_ids), 7)
        self.assertEqual(stp.field_ids.mapped("max_points"), [17, 15, 18, 8, 18, 6, 18])
        self.assertEqual(stp.applicable_max, 100)
        self.assertEqual((stp.self_total, stp.self_index, stp.scored_count), (0, 0, 0))
        self.assertEqual(stp.item_count, len(leaves))
        huyen = by_unit[self.agency_phuly]
        self.assertEqual(
            huyen.line_ids.criterion_id,
            self.env.ref(
                "cchc_index_ha_nam.criteria_set_2018_huyen"
            ).criterion_ids.filtered("is_leaf"),
        )
        self.assertEqual(campaign.submitted_count, 0)
        # Each unit head gets an activity; officers do not.
        self.assertIn(self.head, stp.activity_ids.user_id)
        self.assertNotIn(self.officer, stp.activity_ids.user_id)
        self.assertIn(self.head_phuly, huyen.activity_ids.user_id)
        for evaluation in (stp, huyen):
            for user in evaluation.activity_ids.user_id:
                self.assertEqual(user.cchc_agency_id, evaluation.agency_id)
                self.assertTrue(user.has_group("cchc_index.group_cchc_head"))
        with self.assertRaisesRegex(UserError, "this step is not possible"):
            campaign.action_open_self_assessment()

    def test_open_query_count_does_not_grow_with_units(self):
        unit_type = self.env.ref("cchc_index.unit_type_so")
        extra = self.env["cchc.agency"].create(
            [
                {"name": f"Sở thử {i}", "code": f"T{i}", "unit_type_id": unit_type.id}
                for i in range(55)
            ]
        )
        heads = self.env["res.users"].create(
            [
                {
                    "name": f"Head {i}",
                    "login": f"t_head_{i}",
                    "cchc_agency_id": agency.id,
                    "groups_id": [
                        Command.link(self.env.ref("cchc_index.group_cchc_head").id)
                    ],
                }
                for i, agency in enumerate(extra)
            ]
        )
        small = self._make_campaign(extra[:5])
        large = self._make_campaign(extra[5:])
        Evaluation = self.env["cchc.evaluation"]
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        Evaluation._create_for_campaigns(small)
        small_count = self.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            Evaluation._create_for_campaigns(large)
        self.assertEqual(len(small.evaluation_ids), 5)
        self.assertEqual(len(large.evaluation_ids), 50)
        self.assertEqual(len(large.evaluation_ids.line_ids), 50 * 51)
        self.assertEqual(large.evaluation_ids.mapped("item_count"), [51] * 50)
        self.assertEqual(large.evaluation_ids.mapped("applicable_max"), [100] * 50)
        # Telling the heads is batched too: one activity each.
        large.evaluation_ids._notify_heads_opened()
        activities = self.env["mail.activity"].search([("user_id", "in", heads.ids)])
        self.assertEqual(len(activities), 50)
        self.assertEqual(
            set(activities.mapped("res_id")), set(large.evaluation_ids.ids)
        )

    def test_transitions_are_guarded(self):
        campaign = self._make_campaign(self.agency_stp)
        for action in (
            campaign.action_start_appraisal,
            campaign.action_council_review,
            campaign.action_publish,
            campaign.action_close,
        ):
            with self.assertRaisesRegex(UserError, "this step is not possible"):
                action()
        campaign.action_open_self_assessment()
        with self.assertRaisesRegex(UserError, "have not submitted.*Sở Tư pháp"):
            campaign.action_start_appraisal()
        with self.assertRaisesRegex(UserError, "Only a draft campaign"):
            campaign.unlink()

    def test_open_needs_scope_and_sets(self):
        empty = self._make_campaign(self.env["cchc.agency"])
        with self.assertRaisesRegex(UserError, "units in scope"):
            empty.action_open_self_assessment()
        only_so = self._make_campaign(
            self.agency_stp | self.agency_phuly,
            criteria_set_ids=[
                Command.set(self.env.ref("cchc_index_ha_nam.criteria_set_2018_so").ids)
            ],
        )
        with self.assertRaisesRegex(
            UserError, "No criteria set for the unit type of: UBND thành phố Phủ Lý"
        ):
            only_so.action_open_self_assessment()
        self.assertFalse(only_so.evaluation_ids)

    def test_campaign_constraints(self):
        twin = self._make_set(year=2018)
        twin.write({"state": "active"})
        with self.assertRaisesRegex(ValidationError, "one criteria set per unit type"):
            self._make_campaign(
                self.agency_stp,
                criteria_set_ids=[
                    Command.set(
                        [
                            twin.id,
                            self.env.ref("cchc_index_ha_nam.criteria_set_2018_so").id,
                        ]
                    )
                ],
            )
        other_year = self._make_set(year=2019)
        with self.assertRaisesRegex(ValidationError, "those of its year"):
            self._make_campaign(
                self.agency_stp, criteria_set_ids=[Command.set(other_year.ids)]
            )
        with self.assertRaisesRegex(ValidationError, "open before it closes"):
            self._make_campaign(self.agency_stp, date_self_open="2100-01-01")
        with self.assertRaisesRegex(ValidationError, "lowest classification band"):
            self._make_campaign(
                self.agency_stp,
                band_ids=[Command.create({"name": "Tốt", "lower_bound": 50})],
            )
