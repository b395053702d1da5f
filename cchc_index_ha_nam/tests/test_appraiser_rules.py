from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import CchcCase


class TestAppraiserRules(CchcCase):
    """Appraisers read every submitted evaluation, but change only the lines and
    appraisals of their own agency, whatever other role they hold: the record
    rules say which, ``cchc.appraisal._check_appraiser`` that they act as
    appraisers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_submitted_evaluation()
        cls.by_agency = {a.agency_id.code: a for a in cls.evaluation.appraisal_ids}

        def line_of(code):
            return cls.by_agency[code].line_ids.filtered(lambda x: not x.is_na)[0]

        cls.snv_line, cls.stp_line = line_of("SNV"), line_of("STP")

        def user(login, *groups, agency):
            return new_test_user(
                cls.env,
                login=login,
                groups=",".join(["base.group_user", *groups]),
                cchc_agency_id=agency.id,
            )

        # Sở Tư pháp is assessed and appraises; Sở Nội vụ runs the campaign
        # and appraises.
        cls.unit_appraiser = user(
            "t_unit_appraiser",
            "cchc_index.group_cchc_officer",
            "cchc_index.group_cchc_appraiser",
            agency=cls.agency_stp,
        )
        cls.secretariat_appraiser = user(
            "t_secretariat_appraiser",
            "cchc_index.group_cchc_secretariat",
            "cchc_index.group_cchc_appraiser",
            agency=cls.agency_snv,
        )

    def test_the_rules_grant_reading_and_writing_apart(self):
        def perms(xmlid):
            rule = self.env.ref(f"cchc_index.{xmlid}")
            return [rule.perm_read, rule.perm_write, rule.perm_create, rule.perm_unlink]

        self.assertEqual(
            perms("rule_evaluation_line_appraiser"), [True, False, False, False]
        )
        self.assertEqual(
            perms("rule_evaluation_line_appraiser_write"), [False, True, True, True]
        )
        self.assertEqual(perms("rule_appraisal_own_agency"), [True] * 4)
        for xmlid in ("rule_appraisal_own_unit", "rule_appraisal_all"):
            self.assertEqual(perms(xmlid), [True, False, False, False], xmlid)

    def test_another_agency_reads_but_writes_nothing(self):
        stp = self.appraisers["STP"]
        line = self.snv_line.with_user(stp)
        # Read as before: every line of a submitted evaluation, the appraisals
        # of the own agency.
        self.assertEqual(
            self.env["cchc.evaluation.line"]
            .with_user(stp)
            .search([("evaluation_id", "=", self.evaluation.id)]),
            self.evaluation.line_ids,
        )
        self.assertEqual(line.read(["code"])[0]["code"], self.snv_line.code)
        self.assertEqual(
            self.env["cchc.appraisal"]
            .with_user(stp)
            .search([("evaluation_id", "=", self.evaluation.id)]),
            self.by_agency["STP"],
        )
        # Lines and appraisals: written only by the appraisers of their agency.
        self.assertFalse(line.has_access("write"))
        with self.assertRaises(AccessError):
            line.check_access("write")
        for vals in ({"appraised_points": 0}, {"appraisal_comment": "Không đạt"}):
            with self.assertRaisesRegex(AccessError, "appraised by Sở Nội vụ"):
                line.write(vals)
        snv_appraisal = self.by_agency["SNV"].with_user(stp)
        self.assertFalse(snv_appraisal.has_access("write"))
        with self.assertRaisesRegex(AccessError, "Only the appraisers of Sở Nội vụ"):
            snv_appraisal.action_done()
        with self.assertRaisesRegex(AccessError, "Only the appraisers of Sở Nội vụ"):
            snv_appraisal._request_explanation(self.snv_line, "Vì sao?")
        self.assertFalse(self.snv_line.is_appraised or self.snv_line.appraisal_comment)
        self.assertFalse(self.snv_line.explanation_requested)
        self.assertEqual(self.by_agency["SNV"].state, "pending")
        # The appraisers of the right agency write.
        own = self.stp_line.with_user(stp)
        self.assertTrue(own.has_access("write"))
        self.assertTrue(self.by_agency["STP"].with_user(stp).has_access("write"))
        own.write({"appraised_points": own.self_points, "appraisal_comment": "Đạt"})
        self.assertTrue(self.stp_line.is_appraised)
        self.assertEqual(self.by_agency["STP"].state, "in_progress")

    def test_a_unit_that_appraises_changes_only_its_agency_items(self):
        """The officer of an assessed unit who appraises for it reads his
        unit's appraisals by other agencies, and changes none of them."""
        user = self.unit_appraiser
        snv_appraisal = self.by_agency["SNV"].with_user(user)
        self.assertTrue(snv_appraisal.has_access("read"))
        self.assertFalse(snv_appraisal.has_access("write"))
        with self.assertRaisesRegex(AccessError, "Only the appraisers of Sở Nội vụ"):
            snv_appraisal.action_done()
        with self.assertRaisesRegex(AccessError, "appraised by Sở Nội vụ"):
            self.snv_line.with_user(user).write({"appraised_points": 0})
        self.assertTrue(self.by_agency["STP"].with_user(user).has_access("write"))
        self.assertFalse(self.snv_line.is_appraised)

    def test_the_secretariat_that_appraises_changes_only_its_agency_items(self):
        """Sở Nội vụ's secretariat reads every appraisal but appraises only for
        Sở Nội vụ; the secretariat alone keeps writing appraisals (chatter)."""
        user = self.secretariat_appraiser
        appraisals = self.evaluation.appraisal_ids
        self.assertEqual(
            self.env["cchc.appraisal"]
            .with_user(user)
            .search([("evaluation_id", "=", self.evaluation.id)]),
            appraisals,
        )
        stp_appraisal = self.by_agency["STP"].with_user(user)
        self.assertFalse(stp_appraisal.has_access("write"))
        with self.assertRaisesRegex(AccessError, "Only the appraisers of Sở Tư pháp"):
            stp_appraisal.action_done()
        with self.assertRaisesRegex(AccessError, "appraised by Sở Tư pháp"):
            self.stp_line.with_user(user).write({"appraised_points": 0})
        self.assertFalse(self.stp_line.is_appraised)
        self.assertTrue(appraisals.with_user(self.secretariat).has_access("write"))
        line = self.snv_line.with_user(user)
        line.write({"appraised_points": line.self_points})
        self.assertTrue(self.snv_line.is_appraised)
