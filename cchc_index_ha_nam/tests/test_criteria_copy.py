from .common import CchcCase


class TestCriteriaCopy(CchcCase):
    def _snapshot(self, criteria_set):
        return [
            (
                c.code,
                c.name,
                c.max_points,
                c.scoring_method,
                c.allow_na,
                c.evidence_required,
                c.appraising_agency_id,
                c.assigned_agency_id,
                c.parent_id.code,
                c.guide,
                [(lv.name, lv.points, lv.min_percent) for lv in c.level_ids],
            )
            for c in criteria_set.criterion_ids
        ]

    def test_copy_shipped_set_to_next_year(self):
        source = self.env.ref("cchc_index_ha_nam.criteria_set_2018_huyen")
        action = source.with_user(self.secretariat).action_copy_next_year()
        copy = self.env["cchc.criteria.set"].browse(action["res_id"])
        self.assertEqual(copy.year, 2019)
        self.assertEqual(copy.state, "draft")
        self.assertEqual(copy.unit_type_id, source.unit_type_id)
        self.assertEqual(copy.description, source.description)
        self.assertEqual(self._snapshot(copy), self._snapshot(source))
        self.assertFalse(copy.criterion_ids & source.criterion_ids)
        self.assertEqual(
            len(copy.criterion_ids.level_ids), len(source.criterion_ids.level_ids)
        )
        # The copy is a free draft: it can change while the source stays locked.
        first_sub = copy.criterion_ids.filtered(lambda c: c.node_type == "sub")[0]
        first_sub.name = "Tiêu chí mới"
        self.assertNotEqual(self._snapshot(copy), self._snapshot(source))
        # The demo data may hold an active 2019 set of this type already.
        self.env["cchc.criteria.set"].search(
            [
                ("year", "=", 2019),
                ("unit_type_id", "=", copy.unit_type_id.id),
                ("state", "=", "active"),
            ]
        ).write({"state": "archived"})
        copy.action_activate()
        self.assertEqual(copy.state, "active")
