import json
import re
from decimal import ROUND_HALF_UP, Decimal

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CchcCase
from .test_score_matrix import read_workbook, render_xlsx, sheet_rows

# Answer weights, in % of the item's maximum.
WEIGHTS = {"A": 100, "B": 60, "C": 20, "D": 0}


def vn(value):
    """A number as the Vietnamese documents write it: 1.234,50."""
    return f"{value:,.2f}".translate(str.maketrans(",.", ".,"))


def expected_points(letters, maximum):
    """Weighted mean of the answers × the item's maximum, half-up to 2 decimals."""
    mean = Decimal(sum(WEIGHTS[x] for x in letters)) / len(letters)
    return float(
        (mean * Decimal(maximum) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    )


class SurveyCase(CchcCase):
    """A set whose field 2 comes from the survey: 2.1 (25 points, asked of civil
    servants and citizens) and 2.2 (15 points, asked of civil servants); two
    questionnaires built in Odoo Survey."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appraisers = cls._make_appraisers()
        Criterion = cls.env["cchc.criterion"]
        cls.criteria_set = cls._make_set(year=2033, field_points=(60, 40))
        field_2 = cls.criteria_set.criterion_ids.filtered(lambda c: c.code == "2")
        field_2.write({"scoring_method": "yes_no", "level_ids": [Command.clear()]})
        cls.item_21, cls.item_22 = Criterion.create(
            [
                {
                    "set_id": cls.criteria_set.id,
                    "parent_id": field_2.id,
                    "code": code,
                    "name": name,
                    "max_points": points,
                    "point_kind": "survey",
                    "scoring_method": "free",
                }
                for code, name, points in (
                    ("2.1", "Mức độ hài lòng của người dân", 25),
                    ("2.2", "Đánh giá của công chức", 15),
                )
            ]
        )
        cls.criteria_set.action_activate()
        cls.survey_cs = cls._make_survey(
            "Phiếu khảo sát công chức", [cls.item_21, cls.item_22]
        )
        cls.survey_citizen = cls._make_survey("Phiếu khảo sát người dân", [cls.item_21])

    @classmethod
    def _make_survey(cls, title, items):
        """One question per item, answers A–D weighing 100 / 60 / 20 / 0 %."""
        return cls.env["survey.survey"].create(
            {
                "title": title,
                "access_mode": "token",
                "questions_layout": "one_page",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": f"Câu hỏi về {item.code}",
                            "question_type": "simple_choice",
                            "cchc_criterion_id": item.id,
                            "suggested_answer_ids": [
                                Command.create({"value": letter, "answer_score": w})
                                for letter, w in WEIGHTS.items()
                            ],
                        }
                    )
                    for item in items
                ],
            }
        )

    @classmethod
    def _make_campaign_with_survey(cls, agencies):
        campaign = cls.env["cchc.campaign"].create(
            {
                "year": 2033,
                "criteria_set_ids": [Command.set(cls.criteria_set.ids)],
                "agency_ids": [Command.set(agencies.ids)],
                "date_self_close": "2099-12-31",
                "survey_ids": [
                    Command.create(
                        {
                            "survey_id": cls.survey_cs.id,
                            "respondent_group": "civil_servant",
                            "sample_size": 3,
                            "min_responses": 2,
                            "date_close": "2033-11-30",
                        }
                    ),
                    Command.create(
                        {
                            "survey_id": cls.survey_citizen.id,
                            "respondent_group": "citizen",
                            "sample_size": 2,
                            "min_responses": 1,
                            "date_close": "2033-11-30",
                        }
                    ),
                ],
            }
        )
        campaign.action_open_self_assessment()
        campaign.survey_ids.action_generate_links()
        return campaign

    @staticmethod
    def _questionnaire(campaign, survey):
        return campaign.survey_ids.filtered(lambda q: q.survey_id == survey)

    @classmethod
    def _respond(cls, campaign, survey, agency, letters, done=True):
        """Fill one unused link of this unit: letters in question order."""
        link = cls.env["survey.user_input"].search(
            [
                (
                    "cchc_campaign_survey_id",
                    "=",
                    cls._questionnaire(campaign, survey).id,
                ),
                ("cchc_agency_id", "=", agency.id),
                ("state", "=", "new"),
            ],
            limit=1,
        )
        for question, letter in zip(survey.question_ids, letters, strict=True):
            answer = question.suggested_answer_ids.filtered(
                lambda a, x=letter: a.value == x
            )
            link._save_lines(question, answer.id)
        if done:
            link._mark_done()
        else:
            link._mark_in_progress()
        return link


class TestSurveyPoints(SurveyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head_stttt = new_test_user(
            cls.env,
            login="t_head_survey_stttt",
            groups="base.group_user,cchc_index.group_cchc_head",
            cchc_agency_id=cls.agency_stttt.id,
        )
        cls.campaign = cls._make_campaign_with_survey(cls.agency_stp | cls.agency_stttt)
        cls.evaluations = {e.agency_id: e for e in cls.campaign.evaluation_ids}

    def _lines(self, agency):
        return {line.code: line for line in self.evaluations[agency].line_ids}

    def _collect(self):
        """Sở Tư pháp: 3 civil servants, 2 citizens. Sở TT&TT: 2 civil servants,
        no citizen. A test entry and an unfinished form count for nothing."""
        stp, stttt = self.agency_stp, self.agency_stttt
        for letters in ("AA", "BA", "CB"):
            self._respond(self.campaign, self.survey_cs, stp, letters)
        for letters in ("A", "D"):
            self._respond(self.campaign, self.survey_citizen, stp, letters)
        for letters in ("BC", "BB"):
            self._respond(self.campaign, self.survey_cs, stttt, letters)
        self._respond(self.campaign, self.survey_citizen, stttt, "A", done=False)
        extra = self.env["survey.user_input"].create(
            {
                "survey_id": self.survey_cs.id,
                "cchc_campaign_survey_id": self._questionnaire(
                    self.campaign, self.survey_cs
                ).id,
                "cchc_agency_id": stttt.id,
                "test_entry": True,
            }
        )
        for question in self.survey_cs.question_ids:
            extra._save_lines(question, question.suggested_answer_ids[0].id)
        extra._mark_done()

    def _to_council(self):
        for agency, head in (
            (self.agency_stp, self.head),
            (self.agency_stttt, self.head_stttt),
        ):
            evaluation = self.evaluations[agency]
            self._score_all(
                evaluation.line_ids.filtered(lambda x: x.point_kind != "survey")
            )
            self._add_participants(evaluation)
            evaluation.with_user(head).action_submit()
        self.campaign.action_start_appraisal()
        CchcCase._appraise(self.campaign, self.appraisers)
        self.campaign.action_council_review()

    # --- collection -------------------------------------------------------------

    def test_links_per_unit_and_group(self):
        """As many links as the sample, each with its own token, keyed to the
        unit, closing at the end of the closing day in the province."""
        links = self.env["survey.user_input"].search(
            [("cchc_campaign_survey_id", "in", self.campaign.survey_ids.ids)]
        )
        self.assertEqual(len(links), 2 * (3 + 2))
        self.assertEqual(len(set(links.mapped("access_token"))), len(links))
        self.assertEqual(
            sorted(
                (
                    link.cchc_agency_id.code,
                    link.cchc_campaign_survey_id.respondent_group,
                )
                for link in links
            ).count((self.agency_stp.code, "civil_servant")),
            3,
        )
        # 23:59:59 in Asia/Ho_Chi_Minh (UTC+7)
        self.assertEqual(
            set(links.mapped("deadline")),
            {fields.Datetime.to_datetime("2033-11-30 16:59:59")},
        )
        self.assertTrue(links[0].cchc_answer_url.endswith(links[0].get_start_url()))
        # Made again: the links already made stay, none is added.
        self.assertFalse(self.campaign.survey_ids.action_generate_links())

    def test_progress_per_unit_and_group(self):
        self._collect()
        progress = self.env["cchc.survey.progress"].search(
            [("campaign_id", "=", self.campaign.id)]
        )
        self.assertEqual(
            sorted(
                (p.agency_id.code, p.respondent_group, p.collected, p.wanted)
                for p in progress
            ),
            sorted(
                [
                    (self.agency_stp.code, "civil_servant", 3, 3),
                    (self.agency_stp.code, "citizen", 2, 2),
                    (self.agency_stttt.code, "civil_servant", 2, 3),
                    (self.agency_stttt.code, "citizen", 0, 2),
                ]
            ),
        )

    # --- points -----------------------------------------------------------------

    def test_points_weights_and_minimum(self):
        self._collect()
        self._to_council()
        stp, stttt = self._lines(self.agency_stp), self._lines(self.agency_stttt)
        # 2.1 at Sở Tư pháp: A B C (civil servants), A D (citizens).
        self.assertEqual(
            (
                stp["2.1"].survey_points,
                stp["2.1"].survey_response_count,
                stp["2.1"].survey_na,
            ),
            (expected_points("ABCAD", 25), 5, False),
        )
        self.assertEqual(stp["2.2"].survey_points, expected_points("AAB", 15))
        # 2.1 at Sở TT&TT: 2 valid responses, below the minimum of 2 + 1.
        self.assertTrue(stttt["2.1"].survey_na)
        self.assertEqual(
            stttt["2.1"].survey_note,
            "Not measured: 2 valid responses, fewer than the minimum of 3.",
        )
        self.assertEqual(
            (stttt["2.2"].survey_points, stttt["2.2"].survey_na),
            (expected_points("CB", 15), False),
        )
        # The index: appraised + survey points of the measured items.
        evaluation = self.evaluations[self.agency_stp]
        survey = expected_points("ABCAD", 25) + expected_points("AAB", 15)
        self.assertEqual(
            (evaluation.survey_points, evaluation.index_max),
            (round(survey, 2), 100.0),
        )
        self.assertEqual(
            evaluation.appraised_index,
            round(evaluation.appraised_total + evaluation.survey_points, 2),
        )
        other = self.evaluations[self.agency_stttt]
        self.assertEqual(
            (other.survey_points, other.index_max),
            (expected_points("CB", 15), 75.0),
        )

    def test_late_responses_taken_until_approval(self):
        self._collect()
        self._to_council()
        self._respond(self.campaign, self.survey_citizen, self.agency_stttt, "B")
        self.campaign.action_update_survey_points()
        line = self._lines(self.agency_stttt)["2.1"]
        self.assertEqual(
            (line.survey_na, line.survey_points),
            (False, expected_points("BBB", 25)),
        )
        self.campaign.with_user(self.council).action_approve()
        with self.assertRaisesRegex(UserError, "survey points are final"):
            self.campaign.action_update_survey_points()

    def test_query_count_does_not_grow_with_units(self):
        """The survey points of a whole campaign: as many queries for 6 units
        as for 2."""
        agencies = self.env["cchc.agency"].create(
            [
                {
                    "name": f"Sở khảo sát {i}",
                    "code": f"SKS{i}",
                    "unit_type_id": self.unit_type_so.id,
                }
                for i in range(6)
            ]
        )
        small = self._make_campaign_with_survey(agencies[:2])
        big = self._make_campaign_with_survey(agencies)
        for campaign, units in ((small, agencies[:2]), (big, agencies)):
            for agency in units:
                self._respond(campaign, self.survey_cs, agency, "AB")
                self._respond(campaign, self.survey_cs, agency, "AB")
                self._respond(campaign, self.survey_citizen, agency, "C")
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        small._compute_survey_points()
        queries = self.env.cr.sql_log_count - before
        with self.assertQueryCount(queries):
            big._compute_survey_points()
        lines = big.evaluation_ids.line_ids.filtered(lambda x: x.code == "2.1")
        self.assertEqual(
            set(lines.mapped("survey_points")), {expected_points("AAC", 25)}
        )

    # --- who sees and changes what ------------------------------------------------

    def test_unit_does_not_score_survey_items(self):
        line = self._lines(self.agency_stp)["2.1"]
        self.assertEqual((line.is_scored, line.applicable_max), (False, 0.0))
        with self.assertRaisesRegex(UserError, "2.1 take their points from the survey"):
            line.with_user(self.officer).write({"free_points": 20})
        with self.assertRaisesRegex(UserError, "take their points from the survey"):
            line.with_user(self.officer).write({"is_na": True})

    def test_survey_items_are_not_appraised(self):
        self._collect()
        for agency, head in (
            (self.agency_stp, self.head),
            (self.agency_stttt, self.head_stttt),
        ):
            evaluation = self.evaluations[agency]
            self._score_all(
                evaluation.line_ids.filtered(lambda x: x.point_kind != "survey")
            )
            self._add_participants(evaluation)
            evaluation.with_user(head).action_submit()
        self.campaign.action_start_appraisal()
        line = self._lines(self.agency_stp)["2.1"]
        self.assertFalse(line.appraisal_id)
        self.assertEqual(
            self.evaluations[self.agency_stp].appraisal_ids.agency_id, self.agency_snv
        )
        with self.assertRaisesRegex(UserError, "2.1 is not under appraisal"):
            line.with_user(self.appraisers["STTTT"]).write({"appraised_points": 25})

    def test_unit_sees_survey_results_after_publication(self):
        self._collect()
        self._to_council()
        line = self._lines(self.agency_stp)["2.1"].with_user(self.head)
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.head).search([])
        with self.assertRaises(AccessError):
            line.read(["survey_points"])
        self.assertEqual(line.survey_note, "From the survey")
        self.campaign.with_user(self.council).action_approve()
        self.campaign.write(
            {"decision_number": "99/QĐ-UBND", "decision_date": "2033-12-20"}
        )
        self.campaign.action_publish()
        line.invalidate_recordset()
        self.assertEqual(
            line.survey_note,
            "From the survey: %s points from 5 valid responses."
            % f"{expected_points('ABCAD', 25):g}",
        )


class TestSurveyDocuments(SurveyCase):
    """The decision annex and the score matrix show the index's components."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        campaign = cls._make_campaign_with_survey(cls.agency_stp)
        cls.campaign = campaign
        for letters in ("AA", "BA"):
            cls._respond(campaign, cls.survey_cs, cls.agency_stp, letters)
        cls._respond(campaign, cls.survey_citizen, cls.agency_stp, "C")
        evaluation = campaign.evaluation_ids
        cls._score_all(evaluation.line_ids.filtered(lambda x: x.point_kind != "survey"))
        cls._add_participants(evaluation)
        evaluation.with_user(cls.head).action_submit()
        campaign.action_start_appraisal()
        cls._appraise(campaign, cls.appraisers)
        campaign.action_council_review()
        campaign.with_user(cls.council).action_approve()
        campaign.write({"decision_number": "7/QĐ-UBND", "decision_date": "2033-12-20"})
        campaign.action_publish()
        cls.evaluation = evaluation

    def test_decision_annex(self):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "cchc_index.action_report_decision", self.campaign.ids
        )
        text = " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())
        e = self.evaluation
        self.assertEqual(e.survey_points, expected_points("ABC", 25) + 15.0)
        self.assertIn(
            "Điểm thẩm định Điểm ĐTXHH Điểm thưởng Điểm trừ Điểm tối đa Chỉ số", text
        )
        cells = " ".join(
            vn(value)
            for value in (
                e.appraised_total,
                e.survey_points,
                e.bonus_points,
                e.deduction_points,
                e.index_max,
                e.appraised_index,
            )
        )
        self.assertIn(f"{e.agency_id.name} {vn(e.field_ids[0].appraised_points)}", text)
        self.assertIn(cells, text)
        self.assertIn("điểm điều tra xã hội học", text)

    def test_score_matrix(self):
        workbook = read_workbook(
            render_xlsx("cchc_index.action_report_score_matrix", self.campaign)
        )
        rows = sheet_rows(workbook[workbook.sheetnames[0]])
        e = self.evaluation
        self.assertEqual(
            rows[0][4:],
            [
                "Appraised Total",
                "Survey Points",
                "Bonus",
                "Deductions",
                "Index Maximum",
                "Index",
                "Classification",
            ],
        )
        self.assertEqual(
            rows[1][4:9],
            [e.appraised_total, e.survey_points, 0, 0, e.index_max],
        )


@tagged("post_install", "-at_install")
class TestSurveyPublicLink(SurveyCase, HttpCase):
    """A respondent answers through the unit's link, without login, once."""

    def _call(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def test_answer_once_without_login(self):
        campaign = self._make_campaign_with_survey(self.agency_stp)
        link = self.env["survey.user_input"].search(
            [
                (
                    "cchc_campaign_survey_id",
                    "=",
                    self._questionnaire(campaign, self.survey_citizen).id,
                )
            ],
            limit=1,
        )
        page = self.url_open(link.get_start_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Phiếu khảo sát người dân", page.text)
        survey_token, token = self.survey_citizen.access_token, link.access_token
        question = self.survey_citizen.question_ids
        answer = question.suggested_answer_ids.filtered(lambda a: a.value == "B")
        self._call(f"/survey/begin/{survey_token}/{token}", {})
        self._call(
            f"/survey/submit/{survey_token}/{token}",
            {str(question.id): str(answer.id)},
        )
        link.invalidate_recordset()
        self.assertEqual(link.state, "done")
        self.assertEqual(link.user_input_line_ids.suggested_answer_id, answer)
        self.assertEqual(link.cchc_agency_id, self.agency_stp)
        # The same link cannot answer again.
        result = self._call(
            f"/survey/submit/{survey_token}/{token}",
            {str(question.id): str(question.suggested_answer_ids[0].id)},
        )
        self.assertEqual(result[1], {"error": "unauthorized"})
        self.assertEqual(link.user_input_line_ids.suggested_answer_id, answer)
