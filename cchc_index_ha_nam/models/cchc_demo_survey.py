import random
from datetime import datetime, time, timedelta

from odoo import Command, api, models

# The 2019 sets follow the modern method: these items of the 2018 sets take
# their points from the sociological survey: code: (name, question, groups).
SURVEY_ITEMS = {
    "1.4": (
        "Đánh giá của công chức về công tác tuyên truyền cải cách hành chính",
        "Công tác tuyên truyền cải cách hành chính của cơ quan được thực hiện thế nào?",
        ("civil_servant",),
    ),
    "3.4.2": (
        "Mức độ hài lòng của cá nhân, tổ chức về tiếp nhận, xử lý phản ánh, kiến nghị",
        "Ông/bà đánh giá thế nào về việc cơ quan tiếp nhận, xử lý phản ánh, kiến nghị?",
        ("citizen",),
    ),
    "5.4.2": (
        "Đánh giá về chấp hành kỷ luật, kỷ cương hành chính của cán bộ, công chức",
        "Cán bộ, công chức của cơ quan chấp hành kỷ luật, kỷ cương hành chính thế nào?",
        ("civil_servant", "leader"),
    ),
}
# Respondent group: (questionnaire, responses wanted per unit, minimum valid).
QUESTIONNAIRES = {
    "civil_servant": ("Phiếu khảo sát cán bộ, công chức", 10, 6),
    "leader": ("Phiếu khảo sát lãnh đạo, quản lý", 4, 2),
    "citizen": ("Phiếu khảo sát người dân, doanh nghiệp", 8, 5),
}
# Answers and their weights, in % of the item's maximum.
ANSWERS = [("Rất tốt", 100), ("Tốt", 60), ("Chưa tốt", 20), ("Kém", 0)]
# Bonus and deduction fields added to the 2019 sets: (code, name, points, kind).
KIND_FIELDS = [
    ("8", "Điểm thưởng: sáng kiến, giải thưởng về cải cách hành chính", 3, "bonus"),
    ("9", "Điểm trừ: chậm báo cáo, vi phạm kỷ luật hành chính", 5, "deduction"),
]
BONUS_CAP = 2
# Few citizens use the services of this unit: its citizen responses fall short.
FEW_CITIZENS = "BQLKDH"
FEW_CITIZENS_RESPONSES = 3


class CchcDemo(models.AbstractModel):
    _inherit = "cchc.demo"

    @api.model
    def _copy_modern_sets(self, year):
        """The sets of the year before, copied to this year with the modern
        method: a few items from the survey, a bonus and a deduction field,
        then activated; named criteria_set_<year>_<unit type> like the shipped ones."""
        sets = self.env["cchc.criteria.set"]
        for old_set in sets.search([("year", "=", year - 1), ("state", "=", "active")]):
            new_set = sets.browse(old_set.action_copy_next_year()["res_id"])
            items = {item.code: item for item in new_set.criterion_ids}
            for code, (name, _question, _groups) in SURVEY_ITEMS.items():
                items[code].write(
                    {
                        "name": name,
                        "point_kind": "survey",
                        "scoring_method": "free",
                        "level_ids": [Command.clear()],
                        "allow_na": False,
                        "evidence_required": False,
                    }
                )
            self.env["cchc.criterion"].create(
                [
                    {
                        "set_id": new_set.id,
                        "code": code,
                        "name": name,
                        "max_points": points,
                        "point_kind": kind,
                        "scoring_method": "free",
                        "evidence_required": kind == "bonus",
                        "appraising_agency_id": self.env.ref(
                            "cchc_index_ha_nam.agency_snv"
                        ).id,
                    }
                    for code, name, points, kind in KIND_FIELDS
                ]
            )
            new_set.bonus_cap = BONUS_CAP
            sets |= new_set
        sets.action_activate()
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"cchc_index_ha_nam.criteria_set_{year}_"
                    f"{criteria_set.unit_type_id.code}",
                    "record": criteria_set,
                    "noupdate": True,
                }
                for criteria_set in sets
            ]
        )

    @api.model
    def _add_survey(self, campaign):
        """The campaign's questionnaires, built in Odoo Survey: one per unit type
        and respondent group, a question per survey item asked of the group."""
        vals_list = []
        for criteria_set in campaign.criteria_set_ids:
            items = {
                item.code: item
                for item in criteria_set.criterion_ids
                if item.point_kind == "survey"
            }
            for group, (title, sample, minimum) in QUESTIONNAIRES.items():
                questions = [
                    (items[code], question)
                    for code, (_name, question, groups) in SURVEY_ITEMS.items()
                    if group in groups
                ]
                survey = self.env["survey.survey"].create(
                    {
                        "title": f"{title} – {criteria_set.unit_type_id.name} "
                        f"({campaign.year})",
                        "access_mode": "token",
                        "questions_layout": "one_page",
                        "question_and_page_ids": [
                            Command.create(
                                {
                                    "title": question,
                                    "question_type": "simple_choice",
                                    "constr_mandatory": True,
                                    "cchc_criterion_id": item.id,
                                    "suggested_answer_ids": [
                                        Command.create(
                                            {"value": value, "answer_score": weight}
                                        )
                                        for value, weight in ANSWERS
                                    ],
                                }
                            )
                            for item, question in questions
                        ],
                    }
                )
                vals_list.append(
                    {
                        "campaign_id": campaign.id,
                        "survey_id": survey.id,
                        "respondent_group": group,
                        "sample_size": sample,
                        "min_responses": minimum,
                        "date_close": campaign.date_appraisal_close - timedelta(days=5),
                    }
                )
        self.env["cchc.campaign.survey"].create(vals_list)

    @api.model
    def _collect_survey(self, campaign):
        """Every unit's responses, in two batches: answered from the public
        links, or paper forms entered by the secretariat's staff in the same
        survey. The unit FEW_CITIZENS gets fewer citizen responses than the
        minimum."""
        staff = self.env.ref("cchc_index_ha_nam.demo_user_secretariat").partner_id
        inputs, answers = [], []
        for questionnaire in campaign.survey_ids:
            survey = questionnaire.survey_id
            questions = survey.question_ids
            deadline = questionnaire._deadline()
            unit_type = questionnaire.criterion_ids.set_id.unit_type_id
            agencies = campaign.agency_ids.filtered(
                lambda a, t=unit_type: a.unit_type_id == t
            )
            for agency in agencies:
                rng = random.Random(
                    f"{agency.code}{campaign.year}{questionnaire.respondent_group}"
                )
                count = questionnaire.sample_size
                if (
                    agency.code == FEW_CITIZENS
                    and questionnaire.respondent_group == "citizen"
                ):
                    count = FEW_CITIZENS_RESPONSES
                elif rng.random() < 0.3:
                    count -= rng.randint(1, count - questionnaire.min_responses)
                quality = rng.uniform(0.55, 0.95)
                for number in range(count):
                    paper = (
                        questionnaire.respondent_group == "citizen"
                        and rng.random() < 0.4
                    )
                    done = datetime.combine(
                        questionnaire.date_close - timedelta(days=rng.randint(1, 20)),
                        time(8),
                    ) + timedelta(minutes=rng.randint(0, 540))
                    inputs.append(
                        {
                            "survey_id": survey.id,
                            "cchc_campaign_survey_id": questionnaire.id,
                            "cchc_agency_id": agency.id,
                            "predefined_question_ids": [Command.set(questions.ids)],
                            "deadline": deadline,
                            "state": "done",
                            "start_datetime": done - timedelta(minutes=5),
                            "end_datetime": done,
                            # Paper forms are typed in by the secretariat.
                            "partner_id": staff.id if paper else False,
                            "nickname": f"Phiếu giấy số {number + 1}"
                            if paper
                            else False,
                        }
                    )
                    answers.append(
                        [
                            (
                                question,
                                question.suggested_answer_ids[
                                    self._survey_choice(rng, quality)
                                ],
                            )
                            for question in questions
                        ]
                    )
        user_inputs = self.env["survey.user_input"].create(inputs)
        self.env["survey.user_input.line"].create(
            [
                {
                    "user_input_id": user_input.id,
                    "question_id": question.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": answer.id,
                }
                for user_input, pairs in zip(user_inputs, answers, strict=True)
                for question, answer in pairs
            ]
        )

    @api.model
    def _survey_choice(self, rng, quality):
        """Index of the answer a respondent picks: the better, the likelier."""
        draw = rng.random()
        if draw < quality:
            return 0 if rng.random() < quality else 1
        return 2 if draw < quality + (1 - quality) * 0.7 else 3
