from odoo import Command

from .common import CchcCase


class TestResults(CchcCase):
    """Index, classification and ranking of a whole campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criteria_set = cls.env["cchc.criteria.set"].create(
            {"year": 2031, "unit_type_id": cls.unit_type_so.id}
        )
        cls.env["cchc.criterion"].create(
            [
                {
                    "set_id": cls.criteria_set.id,
                    "code": "1",
                    "name": "Tổng hợp",
                    "max_points": 82,
                    "scoring_method": "free",
                    "appraising_agency_id": cls.agency_snv.id,
                },
                {
                    "set_id": cls.criteria_set.id,
                    "code": "2",
                    "name": "Thủ tục hành chính",
                    "max_points": 18,
                    "scoring_method": "free",
                    "allow_na": True,
                    "appraising_agency_id": cls.agency_snv.id,
                },
            ]
        )
        cls.criteria_set.action_activate()

    def _campaign(self, appraised):
        """A campaign whose units are appraised at these (field 1, field 2) points;
        None for field 2 means not applicable."""
        agencies = self.env["cchc.agency"].create(
            [
                {
                    "name": f"Đơn vị {i}",
                    "code": f"R{len(appraised)}_{i}",
                    "unit_type_id": self.unit_type_so.id,
                }
                for i in range(len(appraised))
            ]
        )
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2031,
                "criteria_set_ids": [Command.set(self.criteria_set.ids)],
                "agency_ids": [Command.set(agencies.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        campaign.action_open_self_assessment()
        for agency, (first, second) in zip(agencies, appraised, strict=True):
            evaluation = campaign.evaluation_ids.filtered(
                lambda e, a=agency: e.agency_id == a
            )
            lines = {line.code: line for line in evaluation.line_ids}
            if second is None:
                lines["2"].is_na = True
            # Appraised scores as the appraisal workflow leaves them.
            self.env.cr.execute(
                "UPDATE cchc_evaluation_line SET appraised_points = %s, is_appraised = TRUE "
                "WHERE id = %s",
                (first, lines["1"].id),
            )
            self.env.cr.execute(
                "UPDATE cchc_evaluation_line SET appraised_points = %s, is_appraised = TRUE "
                "WHERE id = %s",
                (second or 0, lines["2"].id),
            )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE cchc_evaluation SET state = 'appraised' WHERE campaign_id = %s",
            (campaign.id,),
        )
        self.env.invalidate_all()
        return campaign, agencies

    def test_index_classification_and_rank(self):
        campaign, agencies = self._campaign(
            [
                (72, 18),  # 90.00
                (71.99, 18),  # 89.99
                (62, 18),  # 80.00
                (62, 18),  # 80.00, tie
                (47, 18),  # 65.00
                (32, 18),  # 50.00
                (31.99, 18),  # 49.99
                (76.5, None),  # N/A: 76.5 of 82 applicable
            ]
        )
        campaign._recompute_results()
        results = [
            (
                e.applicable_max,
                e.appraised_total,
                e.appraised_index,
                e.band_id.name,
                e.rank,
            )
            for e in campaign.evaluation_ids.sorted(
                lambda e: agencies.ids.index(e.agency_id.id)
            )
        ]
        self.assertEqual(
            results,
            [
                (100, 90, 90.00, "Xuất sắc", 2),
                (100, 89.99, 89.99, "Tốt", 3),
                (100, 80, 80.00, "Tốt", 4),
                (100, 80, 80.00, "Tốt", 4),
                (100, 65, 65.00, "Khá", 6),
                (100, 50, 50.00, "Trung bình", 7),
                (100, 49.99, 49.99, "Yếu", 8),
                (82, 76.5, 93.29, "Xuất sắc", 1),
            ],
        )
        # The report view sees the same points.
        report = self.env["cchc.score.report"].search(
            [("campaign_id", "=", campaign.id)]
        )
        self.assertAlmostEqual(
            sum(report.mapped("appraised_points")), sum(r[1] for r in results)
        )
        # Its fields are compared across sets by their code.
        self.assertEqual(
            set(report.mapped("field_code")),
            {f"LV{code}" for code in report.field_id.mapped("code")},
        )

    def test_recompute_query_count_does_not_grow_with_units(self):
        small, _agencies = self._campaign([(50, 10)] * 5)
        large, _agencies = self._campaign([(50, 10)] * 50)
        self.env.flush_all()
        before = self.cr.sql_log_count
        small._recompute_results()
        small_count = self.cr.sql_log_count - before
        with self.assertQueryCount(small_count):
            large._recompute_results()
        self.assertEqual(set(large.evaluation_ids.mapped("appraised_index")), {60.0})
        self.assertEqual(set(large.evaluation_ids.mapped("rank")), {1})
