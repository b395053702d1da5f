from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from math import floor

from lxml import html

from odoo.tests import tagged

from .common import CchcCase

COMPONENT_HEADERS = (
    "Điểm thẩm định",
    "Điểm ĐTXHH",
    "Điểm thưởng",
    "Điểm trừ",
    "Điểm tối đa",
    "Chỉ số",
)


def exact(value):
    """A stored number (2 decimals) as an exact fraction."""
    return Fraction(Decimal(str(value)))


def half_up(value):
    """Round a non-negative fraction half-up to 2 decimals."""
    return Fraction(floor(value * 100 + Fraction(1, 2)), 100)


def from_vn(text):
    """A number as the Vietnamese documents print it: 1.234,50."""
    return Fraction(Decimal(text.strip().replace(".", "").replace(",", ".")))


@tagged("post_install", "-at_install")
class TestSurveyDemo(CchcCase):
    """The demo's 2019 campaign, by the modern method: its index recomputed for
    every unit from the raw data, as the province would check it, equals the
    stored index and the decision annex."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env.ref("cchc_index_ha_nam.demo_campaign_2019")

    def _survey_points(self):
        """Per (unit, survey item): (valid responses, minimum, points or None
        when not measured), from the survey answers themselves."""
        campaign = self.campaign
        minimum = defaultdict(int)
        for questionnaire in campaign.survey_ids:
            for item in questionnaire.survey_id.question_ids.cchc_criterion_id:
                minimum[item] += questionnaire.min_responses
        weights = defaultdict(list)
        respondents = defaultdict(set)
        answers = self.env["survey.user_input.line"].search(
            [("user_input_id.cchc_campaign_survey_id", "in", campaign.survey_ids.ids)]
        )
        for answer in answers:
            response = answer.user_input_id
            item = answer.question_id.cchc_criterion_id
            if (
                response.state != "done"
                or response.test_entry
                or answer.skipped
                or not item
            ):
                continue
            key = (response.cchc_agency_id, item)
            weights[key].append(exact(answer.suggested_answer_id.answer_score))
            respondents[key].add(response.id)
        result = {}
        for evaluation in campaign.evaluation_ids:
            for line in evaluation.line_ids.filtered(
                lambda x: x.point_kind == "survey"
            ):
                key = (evaluation.agency_id, line.criterion_id)
                count, least = len(respondents[key]), max(minimum[line.criterion_id], 1)
                points = None
                if count >= least:
                    mean = sum(weights[key]) / len(weights[key])
                    points = half_up(mean * exact(line.criterion_id.max_points) / 100)
                result[key] = (count, least, points)
        return result

    def _recompute(self, evaluation, survey):
        """The index's components of one unit, from its lines and the answers."""
        by_kind = defaultdict(list)
        for line in evaluation.line_ids:
            by_kind[line.criterion_id.point_kind].append(line)
        appraised = sum(exact(x.appraised_points) for x in by_kind["normal"])
        maximum = sum(
            exact(x.criterion_id.max_points) for x in by_kind["normal"] if not x.is_na
        )
        survey_points = Fraction(0)
        for line in by_kind["survey"]:
            _count, _least, points = survey[evaluation.agency_id, line.criterion_id]
            if points is not None:
                survey_points += points
                maximum += exact(line.criterion_id.max_points)
        bonus = sum(exact(x.appraised_points) for x in by_kind["bonus"])
        bonus = min(bonus, exact(evaluation.criteria_set_id.bonus_cap))
        deduction = sum(exact(x.appraised_points) for x in by_kind["deduction"])
        total = appraised + survey_points + bonus - deduction
        index = min(max(half_up(max(total, 0) * 100 / maximum), 0), 100)
        return {
            "Điểm thẩm định": appraised,
            "Điểm ĐTXHH": survey_points,
            "Điểm thưởng": bonus,
            "Điểm trừ": deduction,
            "Điểm tối đa": maximum,
            "Chỉ số": index,
        }

    def _annex_rows(self):
        """The decision annex's rows: unit name -> {column header: number}."""
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "cchc_index.action_report_decision", self.campaign.ids
        )
        rows = {}
        for table in html.fromstring(content).xpath("//table[hasclass('cchc-grid')]"):
            headers = [
                " ".join(th.text_content().split())
                for th in table.xpath(".//thead//th")
            ]
            for tr in table.xpath(".//tbody/tr"):
                cells = [td.text_content() for td in tr.xpath("./td")]
                rows[cells[1].strip()] = {
                    header: from_vn(cell)
                    for header, cell in zip(headers, cells, strict=True)
                    if header in COMPONENT_HEADERS
                }
        return rows

    def test_index_recomputed_from_raw_data(self):
        campaign = self.campaign
        self.assertEqual(campaign.state, "published")
        self.assertTrue(campaign.criteria_set_ids._has_index_components())
        survey = self._survey_points()
        annex = self._annex_rows()
        self.assertEqual(len(annex), len(campaign.evaluation_ids))
        for evaluation in campaign.evaluation_ids:
            unit = evaluation.agency_id.name
            expected = self._recompute(evaluation, survey)
            stored = {
                "Điểm thẩm định": evaluation.appraised_total,
                "Điểm ĐTXHH": evaluation.survey_points,
                "Điểm thưởng": evaluation.bonus_points,
                "Điểm trừ": evaluation.deduction_points,
                "Điểm tối đa": evaluation.index_max,
                "Chỉ số": evaluation.appraised_index,
            }
            with self.subTest(unit=unit):
                self.assertEqual(
                    {k: exact(v) for k, v in stored.items()}, expected, "stored"
                )
                self.assertEqual(annex[unit], expected, "decision annex")

    def test_every_component_is_at_work(self):
        """The demo shows each part of the method: survey points for every
        unit, answers from the links and paper forms typed in by the
        secretariat, bonuses (one above the cap) and deductions."""
        evaluations = self.campaign.evaluation_ids
        self.assertTrue(all(e.survey_points > 0 for e in evaluations))
        self.assertTrue(any(e.deduction_points > 0 for e in evaluations))
        raw_bonus = {
            e: sum(
                e.line_ids.filtered(lambda x: x.point_kind == "bonus").mapped(
                    "appraised_points"
                )
            )
            for e in evaluations
        }
        cap = self.campaign.criteria_set_ids.mapped("bonus_cap")
        self.assertEqual(set(cap), {2})
        self.assertTrue(any(raw > 2 for raw in raw_bonus.values()))
        self.assertTrue(
            all(e.bonus_points == min(raw_bonus[e], 2) for e in evaluations)
        )
        responses = self.env["survey.user_input"].search(
            [("cchc_campaign_survey_id", "in", self.campaign.survey_ids.ids)]
        )
        staff = self.env.ref("cchc_index_ha_nam.demo_user_secretariat").partner_id
        paper = responses.filtered(lambda r: r.partner_id == staff)
        self.assertTrue(paper)
        self.assertTrue(responses - paper)
        self.assertEqual(set(responses.mapped("state")), {"done"})
        self.assertEqual(responses.cchc_agency_id, self.campaign.agency_ids)

    def test_unit_under_the_minimum(self):
        """One unit has too few citizen responses: its item is not measured,
        and its unit reads why."""
        survey = self._survey_points()
        not_measured = {
            (agency.code, item.code): (count, least)
            for (agency, item), (count, least, points) in survey.items()
            if points is None
        }
        self.assertEqual(not_measured, {("BQLKDH", "3.4.2"): (3, 5)})
        line = self.campaign.evaluation_ids.line_ids.filtered(
            lambda x: x.agency_id.code == "BQLKDH" and x.code == "3.4.2"
        )
        self.assertTrue(line.survey_na)
        self.assertEqual(
            line.with_context(lang="en_US").survey_note,
            "Not measured: 3 valid responses, fewer than the minimum of 5.",
        )

    def test_chronology(self):
        """2018 by the plan of the time, 2019 by the modern method, both
        published; this year's campaign (2020) open on copies of the 2019 sets,
        its survey items shown to units as "from the survey"."""
        campaigns = self.env["cchc.campaign"].search(
            [("year", "in", (2018, 2019, 2020))], order="year"
        )
        self.assertEqual(
            [(c.year, c.state) for c in campaigns],
            [(2018, "published"), (2019, "published"), (2020, "self_assessment")],
        )
        self.assertFalse(campaigns[0].criteria_set_ids._has_index_components())
        open_campaign = campaigns[2]
        kinds = {
            (c.code, c.point_kind)
            for c in open_campaign.criteria_set_ids.criterion_ids
            if c.point_kind != "normal"
        }
        self.assertEqual(
            kinds,
            {
                ("1.4", "survey"),
                ("3.4.2", "survey"),
                ("5.4.2", "survey"),
                ("8", "bonus"),
                ("9", "deduction"),
            },
        )
        line = open_campaign.evaluation_ids.line_ids.filtered(
            lambda x: x.agency_id == self.agency_stp and x.code == "3.4.2"
        )
        self.assertEqual(
            line.with_user(self.officer).with_context(lang="en_US").survey_note,
            "From the survey",
        )

    def test_score_analysis_components(self):
        """The per-field analysis adds up, per unit, to the index's components."""
        rows = self.env["cchc.score.report"].search(
            [("campaign_id", "=", self.campaign.id)]
        )
        for evaluation in self.campaign.evaluation_ids:
            mine = rows.filtered(lambda r, e=evaluation: r.agency_id == e.agency_id)
            raw_bonus = sum(
                evaluation.line_ids.filtered(lambda x: x.point_kind == "bonus").mapped(
                    "appraised_points"
                )
            )
            with self.subTest(unit=evaluation.agency_id.code):
                for fname, expected in (
                    ("appraised_item_points", evaluation.appraised_total),
                    ("survey_points", evaluation.survey_points),
                    ("bonus_points", raw_bonus),
                    ("deduction_points", evaluation.deduction_points),
                ):
                    self.assertAlmostEqual(
                        sum(mine.mapped(fname)), expected, 2, msg=fname
                    )
