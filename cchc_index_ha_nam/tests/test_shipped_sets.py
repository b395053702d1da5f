from odoo.tests import tagged
from odoo.tools import file_open
from odoo.tools.convert import convert_csv_import

from .common import CchcCase

FIELD_POINTS = [17, 15, 18, 8, 18, 6, 18]


@tagged("post_install", "-at_install")
class TestShippedSets(CchcCase):
    """The 2018 Hà Nam sets match the plan exactly."""

    def _check_set(self, xmlid, criteria_per_field, subs_per_field):
        criteria_set = self.env.ref(xmlid)
        self.assertEqual(criteria_set.state, "active")
        self.assertEqual(criteria_set.year, 2018)
        self.assertEqual(criteria_set.total_points, 100)
        self.assertIn("2948/QĐ-BNV", criteria_set.description)
        fields_ = criteria_set.criterion_ids.filtered(lambda c: c.node_type == "field")
        self.assertEqual(fields_.mapped("code"), [str(i) for i in range(1, 8)])
        self.assertEqual(fields_.mapped("max_points"), FIELD_POINTS)
        for field, n_criteria, n_subs in zip(
            fields_, criteria_per_field, subs_per_field, strict=True
        ):
            self.assertEqual(len(field.child_ids), n_criteria, field.code)
            self.assertEqual(len(field.child_ids.child_ids), n_subs, field.code)
            self.assertFalse(field.child_ids.child_ids.child_ids)
        self.assertEqual(criteria_set.field_count, 7)
        self.assertEqual(criteria_set.criterion_count, sum(criteria_per_field))
        self.assertEqual(criteria_set.sub_criterion_count, sum(subs_per_field))
        self.assertFalse(criteria_set.criterion_ids._get_structure_problems())
        return criteria_set

    def test_so_set(self):
        criteria_set = self._check_set(
            "cchc_index_ha_nam.criteria_set_2018_so",
            [5, 3, 4, 3, 4, 2, 4],
            [6, 5, 10, 4, 9, 0, 10],
        )
        self.assertEqual(
            (criteria_set.criterion_count, criteria_set.sub_criterion_count), (25, 44)
        )

    def test_huyen_set(self):
        criteria_set = self._check_set(
            "cchc_index_ha_nam.criteria_set_2018_huyen",
            [5, 3, 4, 3, 5, 3, 4],
            [6, 5, 12, 4, 12, 0, 10],
        )
        self.assertEqual(
            (criteria_set.criterion_count, criteria_set.sub_criterion_count), (27, 49)
        )

    def test_appraising_agencies(self):
        ref = self.env.ref
        expected_by_field = {
            "1": "agency_snv",
            "2": "agency_stp",
            "3": "agency_vpubnd",
            "4": "agency_snv",
            "5": "agency_snv",
            "6": "agency_stc",
        }
        for xmlid in ("criteria_set_2018_so", "criteria_set_2018_huyen"):
            items = ref(f"cchc_index_ha_nam.{xmlid}").criterion_ids
            by_code = {item.code: item for item in items}
            for item in items:
                field_code = item.code.split(".")[0]
                if field_code in expected_by_field:
                    self.assertEqual(
                        item.assigned_agency_id,
                        ref(f"cchc_index_ha_nam.{expected_by_field[field_code]}"),
                        item.code,
                    )
            self.assertIn("ISO", by_code["7.3"].name)
            for code, agency in (
                ("7.1", "agency_stttt"),
                ("7.2", "agency_stttt"),
                ("7.3", "agency_skhcn"),
            ):
                for item in items.filtered(
                    lambda i, c=code: i.code == c or i.code.startswith(c + ".")
                ):
                    self.assertEqual(
                        item.assigned_agency_id,
                        ref(f"cchc_index_ha_nam.{agency}"),
                        item.code,
                    )

    def test_agencies_and_unit_types(self):
        agencies = self.env["cchc.agency"].search([])
        huyen = agencies.filtered(lambda a: a.unit_type_id.code == "huyen")
        so = agencies.filtered(lambda a: a.unit_type_id.code == "so")
        self.assertEqual(len(huyen), 6)
        self.assertEqual(len(so), 20)
        self.assertEqual(
            set(agencies.filtered("is_appraiser").mapped("code")),
            {"SNV", "STP", "STC", "STTTT", "SKHCN", "VPUBND"},
        )
        self.assertEqual(
            self.env["cchc.unit.type"].search([]).mapped("code"), ["so", "huyen", "xa"]
        )

    def test_upgrade_reloads_the_shipped_items(self):
        """`-u cchc_index_ha_nam` reloads the shipped items, with their values, into the
        active sets (and the demo's published campaign uses them): no change,
        so no refusal."""
        criteria_set = self.env.ref("cchc_index_ha_nam.criteria_set_2018_so")
        before = criteria_set.criterion_ids.read(["code", "max_points", "parent_id"])
        for fname in ("cchc.criterion.csv", "cchc.criterion.level.csv"):
            with file_open(f"cchc_index_ha_nam/data/{fname}", "rb") as csv_file:
                convert_csv_import(
                    self.env, "cchc_index_ha_nam", fname, csv_file.read(), {}, "update"
                )
        self.assertEqual(criteria_set.state, "active")
        self.assertEqual(
            criteria_set.criterion_ids.read(["code", "max_points", "parent_id"]),
            before,
        )
