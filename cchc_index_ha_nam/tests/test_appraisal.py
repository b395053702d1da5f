import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import CchcCase


class TestAppraisal(CchcCase):
    """Submitted evaluations are appraised item by item by their assigned agency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_submitted_evaluation()
        cls.by_agency = {a.agency_id.code: a for a in cls.evaluation.appraisal_ids}

    def _field_lines(self, field_code):
        return self.evaluation.line_ids.filtered(
            lambda line: line.code.split(".")[0] == field_code and not line.is_na
        )

    def _appraise_all(self):
        self._appraise(self.campaign, self.appraisers)

    def test_appraisals_follow_the_assignment(self):
        self.assertEqual(
            set(self.by_agency), {"SNV", "STP", "VPUBND", "STC", "STTTT", "SKHCN"}
        )
        self.assertEqual(
            self.evaluation.line_ids, self.evaluation.appraisal_ids.line_ids
        )
        self.assertEqual(
            set(self.by_agency["STP"].line_ids.mapped("code")),
            set(
                self.evaluation.line_ids.filtered(
                    lambda x: x.code.startswith("2.")
                ).mapped("code")
            ),
        )
        self.assertTrue(
            all(
                line.code.startswith("7.3") for line in self.by_agency["SKHCN"].line_ids
            )
        )
        self.assertEqual(self.evaluation.state, "submitted")

    def test_only_the_assigned_agency_appraises(self):
        stp = self.appraisers["STP"]
        field_2 = self._field_lines("2")[0].with_user(stp)
        field_3 = self._field_lines("3")[0].with_user(stp)
        with self.assertRaisesRegex(AccessError, "appraised by Văn phòng UBND tỉnh"):
            field_3.write({"appraised_points": 0})
        with self.assertRaisesRegex(AccessError, "appraised by Văn phòng UBND tỉnh"):
            field_3.write({"appraisal_comment": "Không đạt"})
        field_2.write(
            {"appraised_points": field_2.self_points, "appraisal_comment": "Đạt"}
        )
        self.assertTrue(field_2.is_appraised)
        self.assertEqual(self.by_agency["STP"].state, "in_progress")
        self.assertEqual(self.evaluation.state, "appraisal")
        # The unit cannot appraise itself, nor can the council.
        for user in (self.officer, self.head, self.council):
            with self.assertRaises(AccessError, msg=user.login):
                field_2.with_user(user).write({"appraised_points": 0})
        # Appraisers cannot touch the unit's own scores.
        with self.assertRaisesRegex(UserError, "not open"):
            field_2.write({"explanation": "x"})

    def test_appraised_scores_are_validated(self):
        stp = self.appraisers["STP"]
        line = self._field_lines("2").filtered(lambda x: x.scoring_method != "free")[0]
        with self.assertRaises(ValidationError) as caught:
            line.with_user(stp).write({"appraised_points": line.max_points + 1})
        self.assertIn(line.code, str(caught.exception))
        line.invalidate_recordset()
        self.assertFalse(line.is_appraised)

    def test_appraised_score_is_final(self):
        snv = self.appraisers["SNV"]
        line = self._field_lines("1").filtered(
            lambda x: x.scoring_method == "levels" and x.self_points > 0
        )[0]
        lowest = min(line.criterion_id.level_ids.mapped("points"))
        line.with_user(snv).write(
            {"appraised_points": lowest, "appraisal_comment": "Chậm"}
        )
        self._appraise_all()
        evaluation = self.evaluation
        self.assertEqual(evaluation.state, "appraised")
        expected = evaluation.self_total - line.self_points + lowest
        self.assertAlmostEqual(evaluation.appraised_total, expected)
        self.assertLess(evaluation.appraised_total, evaluation.self_total)
        self.assertEqual(
            evaluation.appraised_index,
            round(expected * 100 / evaluation.applicable_max + 1e-9, 2),
        )
        self.assertEqual(evaluation.rank, 1)
        self.assertTrue(evaluation.band_id)
        field = line.evaluation_field_id
        self.assertAlmostEqual(
            field.appraised_points, sum(field.line_ids.mapped("appraised_points"))
        )

    def test_finish_needs_every_item(self):
        stp = self.appraisers["STP"]
        with self.assertRaisesRegex(UserError, "Not appraised: 2.1"):
            self.by_agency["STP"].with_user(stp).action_done()
        with self.assertRaisesRegex(AccessError, "Only the appraisers of Sở Tư pháp"):
            self.by_agency["STP"].with_user(self.appraisers["SNV"]).action_done()

    def test_explanation_round_trip(self):
        stp = self.appraisers["STP"]
        appraisal = self.by_agency["STP"]
        asked = self._field_lines("2")[:2]
        other = self._field_lines("1")[0]
        wizard = (
            self.env["cchc.explanation.request"]
            .with_user(stp)
            .create(
                {
                    "appraisal_id": appraisal.id,
                    "line_ids": [Command.set(asked.ids)],
                    "message": "Đề nghị bổ sung văn bản rà soát",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(appraisal.state, "explanation")
        self.assertEqual(self.evaluation.state, "explanation")
        self.assertIn(
            "Đề nghị bổ sung văn bản rà soát", self.evaluation.message_ids[0].body
        )
        self.assertIn(self.head, self.evaluation.activity_ids.user_id)
        # Asking about another agency's items is refused.
        with self.assertRaisesRegex(UserError, "items of this appraisal"):
            appraisal.with_user(stp)._request_explanation(other, "x")
        # Only the items asked about wait for the unit (they froze the whole
        # appraisal before): the others are still appraised.
        with self.assertRaisesRegex(UserError, "waits for the unit's explanation"):
            asked[0].with_user(stp).write({"appraised_points": 0})
        not_asked = appraisal.line_ids - asked
        not_asked[0].with_user(stp).write(
            {"appraised_points": not_asked[0].self_points}
        )

        # The unit answers on the asked items only; the rest stays locked.
        officer_line = asked[0].with_user(self.officer)
        with self.assertRaisesRegex(UserError, "No explanation was asked"):
            other.with_user(self.officer).write({"explanation_answer": "x"})
        with self.assertRaisesRegex(UserError, "not open"):
            other.with_user(self.officer).write({"explanation": "x"})
        with self.assertRaisesRegex(UserError, "Answer every item"):
            self.evaluation.with_user(self.head).action_answer_explanation()
        officer_line.explanation_answer = "Đã bổ sung Báo cáo số 15/BC-STP"
        self.env["ir.attachment"].with_user(self.officer).create(
            {
                "name": "bao-cao-15.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 more"),
                "res_model": "cchc.evaluation.line",
                "res_id": asked[0].id,
            }
        )
        asked[1].with_user(self.head).explanation_answer = "Văn bản đính kèm"
        with self.assertRaisesRegex(AccessError, "Only the head"):
            self.evaluation.with_user(self.officer).action_answer_explanation()
        self.evaluation.with_user(self.head).action_answer_explanation()
        self.assertEqual(appraisal.state, "in_progress")
        self.assertEqual(self.evaluation.state, "appraisal")
        self.assertFalse(asked.filtered("explanation_requested"))
        self.assertIn(
            "answered the explanation request", self.evaluation.message_ids[0].body
        )
        self.assertIn(stp, appraisal.activity_ids.user_id)
        with self.assertRaisesRegex(UserError, "No explanation was asked"):
            asked[0].with_user(self.officer).write({"explanation_answer": "later"})
        # The appraiser appraises again.
        asked[0].with_user(stp).write({"appraised_points": asked[0].self_points})
        self.assertTrue(asked[0].is_appraised)

    def test_council_review_and_publication(self):
        campaign = self.campaign
        with self.assertRaisesRegex(UserError, "not appraised yet: Sở Tư pháp"):
            campaign.action_council_review()
        self._appraise_all()
        campaign.with_user(self.secretariat).action_council_review()
        self.assertEqual(campaign.state, "council")
        council_type = self.env.ref("cchc_index.mail_activity_type_council_review")
        asked = campaign.activity_ids.filtered(
            lambda a: a.activity_type_id == council_type
        )
        self.assertIn(self.council, asked.user_id)
        self.assertNotIn(self.secretariat, asked.user_id)
        with self.assertRaisesRegex(UserError, "has not approved"):
            campaign.with_user(self.secretariat).action_publish()
        with self.assertRaisesRegex(AccessError, "Only the council"):
            campaign.with_user(self.secretariat).action_approve()
        feedback = campaign.with_user(self.council).action_approve()
        self.assertEqual(campaign.approved_by_id, self.council)
        self.assertEqual(feedback["params"]["type"], "success")
        self.assertFalse(
            campaign.activity_ids.filtered(lambda a: a.activity_type_id == council_type)
        )
        with self.assertRaisesRegex(UserError, "number and date"):
            campaign.with_user(self.secretariat).action_publish()
        campaign.with_user(self.secretariat).write(
            {"decision_number": "2345/QĐ-UBND", "decision_date": "2018-12-20"}
        )
        campaign.with_user(self.secretariat).action_publish()
        self.assertEqual(
            (campaign.state, self.evaluation.state), ("published", "published")
        )

        # Everything is read-only now, for everyone.
        line = self.evaluation.line_ids[0]
        attempts = [
            lambda: campaign.with_user(self.secretariat).write({"name": "X"}),
            lambda: (
                campaign.band_ids[0]
                .with_user(self.secretariat)
                .write({"lower_bound": 91})
            ),
            lambda: self.evaluation.with_user(self.secretariat).write(
                {"date_deadline": "2018-12-31"}
            ),
            lambda: line.with_user(self.appraisers[line.assigned_agency_id.code]).write(
                {"appraised_points": 0}
            ),
            lambda: line.with_user(self.officer).write({"explanation": "x"}),
            lambda: (
                self.evaluation.appraisal_ids[0]
                .with_user(self.secretariat)
                .write({"state": "pending"})
            ),
            lambda: (
                self.env["cchc.onsite.check"]
                .with_user(self.secretariat)
                .create({"evaluation_id": self.evaluation.id})
            ),
        ]
        for attempt in attempts:
            with self.assertRaisesRegex(
                UserError, "is published|not open|only through the workflow"
            ):
                attempt()
        campaign.with_user(self.secretariat).action_close()
        self.assertEqual(campaign.state, "closed")

    def test_onsite_check(self):
        check = (
            self.env["cchc.onsite.check"]
            .with_user(self.secretariat)
            .create(
                {
                    "evaluation_id": self.evaluation.id,
                    "members": "Đoàn kiểm tra Sở Nội vụ",
                    "findings": "<p>Thiếu tài liệu mục 2.1</p>",
                    "line_ids": [Command.set(self._field_lines("2")[:1].ids)],
                }
            )
        )
        self.assertEqual(self.evaluation.onsite_check_ids, check)
        self.assertTrue(check.with_user(self.officer).findings)
        other = new_test_user(
            self.env,
            login="t_officer_sct",
            groups="base.group_user,cchc_index.group_cchc_officer",
            cchc_agency_id=self.env.ref("cchc_index_ha_nam.agency_sct").id,
        )
        with self.assertRaises(AccessError):
            check.with_user(other).read(["findings"])
        with self.assertRaises(AccessError):
            check.with_user(self.officer).write({"members": "x"})
