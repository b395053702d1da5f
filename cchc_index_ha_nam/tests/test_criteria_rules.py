from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import CchcCase


class TestCriteriaRules(CchcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criteria_set = cls._make_set()
        cls.items = {c.code: c for c in cls.criteria_set.criterion_ids}

    def test_tree_and_defaults(self):
        items = self.items
        self.assertEqual(self.criteria_set.total_points, 100)
        self.assertEqual(items["1"].node_type, "field")
        self.assertEqual(items["1.1"].node_type, "criterion")
        self.assertTrue(items["1.1"].is_leaf)
        self.assertFalse(items["1"].is_leaf)
        self.assertEqual(items["1"].children_points, 60)
        # The appraising agency defaults to the field's, and follows it.
        self.assertEqual(items["1.1"].assigned_agency_id, self.agency_snv)
        items["1"].appraising_agency_id = self.agency_stp
        self.assertEqual(items["1.2"].assigned_agency_id, self.agency_stp)
        items["1.2"].appraising_agency_id = self.agency_stttt
        self.assertEqual(items["1.2"].assigned_agency_id, self.agency_stttt)
        self.assertEqual(items["1.1"].display_name, "1.1 Kế hoạch CCHC")
        self.assertEqual(
            self.criteria_set.criterion_ids.mapped("code"), ["1", "1.1", "1.2", "2"]
        )

    def test_activate(self):
        self.criteria_set.action_activate()
        self.assertEqual(self.criteria_set.state, "active")
        with self.assertRaisesRegex(UserError, "Only a draft"):
            self.criteria_set.action_activate()
        # A second active set for the same year and unit type is refused.
        twin = self._make_set()
        with self.assertRaisesRegex(UserError, "already active"):
            twin.action_activate()

    def test_parent_must_equal_children(self):
        self.items["1.2"].max_points = 35
        self.items["2"].max_points = 45
        with self.assertRaisesRegex(
            ValidationError, "1 is worth 60 points but its items add up to 55"
        ):
            self.criteria_set.action_activate()
        self.assertEqual(self.criteria_set.state, "draft")

    def test_total_must_be_100(self):
        self.items["2"].write(
            {
                "max_points": 50,
                "level_ids": [
                    Command.update(self.items["2"].level_ids[0].id, {"points": 50})
                ],
            }
        )
        with self.assertRaisesRegex(ValidationError, "110 points instead of 100"):
            self.criteria_set.action_activate()

    def test_level_within_maximum(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and the maximum 20"):
            self.items["1.1"].level_ids[0].points = 25
        with self.assertRaisesRegex(ValidationError, "between 0 and the maximum"):
            self.items["1.1"].level_ids[2].points = -1
        with self.assertRaisesRegex(ValidationError, "between 0 and the maximum"):
            # Lowering the maximum below a level is caught too.
            self.items["1.1"].max_points = 15
        with self.assertRaisesRegex(ValidationError, "between 0 and 100%"):
            self.items["2"].level_ids[0].min_percent = 120

    def test_method_needs_fitting_levels(self):
        self.items["2"].level_ids[1].min_percent = 50
        self.items["1.2"].write(
            {
                "scoring_method": "levels",
                "level_ids": [Command.create({"name": "Có", "points": 40})],
            }
        )
        with self.assertRaises(ValidationError) as caught:
            self.criteria_set.action_activate()
        message = str(caught.exception)
        self.assertIn("2: one band must start at 0%", message)
        self.assertIn("1.2: this method needs at least two levels", message)

    def test_codes(self):
        Criterion = self.env["cchc.criterion"]
        base = {"set_id": self.criteria_set.id, "name": "X", "max_points": 1}
        with self.assertRaisesRegex(ValidationError, "not valid"):
            Criterion.create({**base, "code": "1.a"})
        with self.assertRaisesRegex(ValidationError, "does not fit under its parent 1"):
            Criterion.create({**base, "code": "2.1", "parent_id": self.items["1"].id})
        with self.assertRaisesRegex(ValidationError, "not valid"):
            Criterion.create(
                {**base, "code": "1.1.1.1", "parent_id": self.items["1.1"].id}
            )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            Criterion.create({**base, "code": "1.1", "parent_id": self.items["1"].id})

    def test_active_set_is_locked(self):
        self.criteria_set.action_activate()
        item = self.items["1.1"]
        for vals in (
            {"max_points": 10},
            {"code": "1.3"},
            {"scoring_method": "free"},
            {"allow_na": True},
        ):
            with self.assertRaisesRegex(UserError, "locked"):
                item.write(vals)
        with self.assertRaisesRegex(UserError, "locked"):
            item.level_ids[0].points = 5
        with self.assertRaisesRegex(UserError, "locked"):
            item.level_ids[0].unlink()
        with self.assertRaisesRegex(UserError, "locked"):
            self.env["cchc.criterion.level"].create(
                {"criterion_id": item.id, "name": "Y", "points": 1}
            )
        with self.assertRaisesRegex(UserError, "locked"):
            item.unlink()
        with self.assertRaisesRegex(UserError, "locked"):
            self.env["cchc.criterion"].create(
                {
                    "set_id": self.criteria_set.id,
                    "code": "3",
                    "name": "Z",
                    "max_points": 1,
                }
            )
        with self.assertRaisesRegex(UserError, "locked"):
            self.criteria_set.unlink()
        # Wording may still be corrected, and rewriting equal values is no change.
        item.write(
            {"name": "Kế hoạch CCHC năm", "guide": "Đúng hạn: 20", "max_points": 20}
        )
        self.assertEqual(item.name, "Kế hoạch CCHC năm")
        self.criteria_set.action_archive_set()
        self.assertEqual(self.criteria_set.state, "archived")
        with self.assertRaisesRegex(UserError, "locked"):
            item.max_points = 1

    def test_build_set_in_form(self):
        """The secretariat builds a draft set through the forms."""
        criteria_set = (
            self.env["cchc.criteria.set"]
            .with_user(self.secretariat)
            .create({"year": 2031, "unit_type_id": self.unit_type_so.id})
        )
        self.assertIn("2031", criteria_set.name)
        with Form(self.env["cchc.criterion"].with_user(self.secretariat)) as form:
            form.set_id = criteria_set
            form.code = "1"
            form.name = "Toàn bộ"
            form.max_points = 100
            form.scoring_method = "levels"
            with form.level_ids.new() as level:
                level.name = "Đạt"
                level.points = 100
            with form.level_ids.new() as level:
                level.name = "Không đạt"
                level.points = 0
        criteria_set.with_user(self.secretariat).action_activate()
        self.assertEqual(criteria_set.state, "active")
