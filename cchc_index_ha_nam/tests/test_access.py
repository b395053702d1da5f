from odoo.exceptions import AccessError
from odoo.tests import Form

from .common import CchcCase

REFERENCE_MODELS = (
    "cchc.unit.type",
    "cchc.agency",
    "cchc.criteria.set",
    "cchc.criterion",
    "cchc.criterion.level",
)


class TestAccess(CchcCase):
    """Every CCHC role reads the reference data; only the secretariat manages it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criteria_set = cls._make_set()
        cls.readers = cls.officer | cls.head | cls.appraiser | cls.council

    def test_every_role_reads(self):
        for user in self.readers | self.secretariat | self.manager:
            for model in REFERENCE_MODELS:
                records = self.env[model].with_user(user).search([])
                self.assertTrue(records, f"{user.login} reads {model}")
                records.read(["display_name"])

    def test_readers_cannot_write(self):
        item = self.criteria_set.criterion_ids[0]
        for user in self.readers:
            with self.assertRaises(AccessError, msg=user.login):
                item.with_user(user).write({"name": "X"})
            with self.assertRaises(AccessError, msg=user.login):
                self.env["cchc.agency"].with_user(user).create(
                    {"name": "X", "code": "X"}
                )
            with self.assertRaises(AccessError, msg=user.login):
                self.criteria_set.with_user(user).action_activate()
            with self.assertRaises(AccessError, msg=user.login):
                self.env["cchc.criteria.import"].with_user(user).create(
                    {"year": 2030, "unit_type_id": self.unit_type_so.id}
                )
            with self.assertRaises(AccessError, msg=user.login):
                self.env.ref("cchc_index_ha_nam.criteria_set_2018_so").with_user(
                    user
                ).action_copy_next_year()

    def test_outsider_sees_nothing(self):
        for model in REFERENCE_MODELS:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.outsider).search([])

    def test_secretariat_manages(self):
        with Form(self.env["cchc.agency"].with_user(self.secretariat)) as form:
            form.name = "UBND phường Lê Hồng Phong"
            form.code = "LHP"
            form.unit_type_id = self.env.ref("cchc_index.unit_type_xa")
        agency = form.record
        self.assertEqual(agency.unit_type_id.code, "xa")
        agency.with_user(self.secretariat).action_archive()
        self.assertFalse(agency.active)
        self.criteria_set.with_user(self.secretariat).criterion_ids[0].name = "Đổi tên"
        self.criteria_set.with_user(self.secretariat).action_activate()
        self.assertEqual(self.criteria_set.state, "active")
        draft = self._make_set(year=2035)
        draft.with_user(self.secretariat).unlink()
        self.assertFalse(draft.exists())

    def test_user_agency_link(self):
        self.assertLessEqual(self.officer | self.head, self.agency_stp.user_ids)
        self.assertNotIn(self.appraiser, self.agency_stp.user_ids)
        self.assertEqual(self.agency_stp.user_count, len(self.agency_stp.user_ids))
        self.assertEqual(
            self.officer.with_user(self.officer).cchc_agency_id, self.agency_stp
        )
