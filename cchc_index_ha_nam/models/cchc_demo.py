import base64
import io
import random
from datetime import datetime, timedelta

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo import Command, api, models

# Documents each unit cites as evidence: (title, number pattern).
DOCUMENTS = [
    ("Kế hoạch cải cách hành chính năm 2018", "{n}/KH-{code}"),
    ("Báo cáo kết quả cải cách hành chính năm 2018", "{n}/BC-{code}"),
    ("Kế hoạch kiểm tra công tác cải cách hành chính", "{n}/KH-{code}"),
    ("Kế hoạch tuyên truyền cải cách hành chính", "{n}/KH-{code}"),
    ("Quyết định công bố thủ tục hành chính", "{n}/QĐ-{code}"),
    ("Báo cáo tình hình giải quyết thủ tục hành chính", "{n}/BC-{code}"),
    ("Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức", "{n}/KH-{code}"),
    ("Báo cáo ứng dụng công nghệ thông tin", "{n}/BC-{code}"),
]
# Units that lead the 2018 ranking in the demo, so that the awards have candidates.
LEADING_UNITS = ("STC", "SNV", "STTTT", "SKHCN", "VPUBND", "PHULY", "DUYTIEN")
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = [
    "Văn Hùng",
    "Thị Hoa",
    "Minh Tuấn",
    "Thu Hằng",
    "Quốc Bảo",
    "Thị Mai",
    "Đức Thắng",
    "Ngọc Anh",
    "Văn Long",
    "Thị Nga",
    "Hải Nam",
    "Thanh Tâm",
]


# What a unit plans on the items where it lost the most points: (action, state).
ACTIONS = [
    ("Ban hành kế hoạch khắc phục và giao phòng chuyên môn theo dõi", "done"),
    ("Bổ sung tài liệu kiểm chứng và số liệu báo cáo đúng hạn", "in_progress"),
    ("Rà soát quy trình, tập huấn cho công chức phụ trách", "planned"),
]


class CchcDemo(models.AbstractModel):
    """Builds the demo database's 2018 campaign, as units would have filled it."""

    _name = "cchc.demo"
    _description = "Reform Index Demo Data"

    @api.model
    def _use_vietnamese(self):
        """The demo speaks Vietnamese and lives in Vietnam's time zone."""
        self.env["res.lang"]._activate_lang("vi_VN")
        # This module too: it is still being installed.
        self.env["ir.module.module"].search(
            [("state", "in", ("installed", "to install", "to upgrade"))]
        )._update_translations(["vi_VN"])
        demo_users = self.env["res.users"].search(
            [("groups_id", "in", self.env.ref("cchc_index.group_cchc_user").id)]
        )
        (demo_users | self.env.ref("base.user_admin")).write(
            {"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"}
        )
        # The shipped sets were named in the installer's language.
        shipped_sets = self.env.ref(
            "cchc_index_ha_nam.criteria_set_2018_so"
        ) | self.env.ref("cchc_index_ha_nam.criteria_set_2018_huyen")
        shipped_sets.with_context(lang="vi_VN")._compute_name()

    @api.model
    def _fill_2018_campaign(self, campaign_id, decision_number):
        """Run the 2018 campaign through, then draft its award proposal."""
        self._fill_campaign(campaign_id, decision_number)
        self._draft_award_proposal(self.env["cchc.campaign"].browse(campaign_id))

    @api.model
    def _fill_campaign(self, campaign_id, decision_number):
        """Run a campaign through: every unit self-assesses and submits, the
        survey collects its responses (if the sets have survey items), the
        agencies appraise (lowering some scores, one explanation round), the
        council approves and the province publishes."""
        campaign = self.env["cchc.campaign"].browse(campaign_id)
        if "survey" in campaign.criteria_set_ids.criterion_ids.mapped("point_kind"):
            self._add_survey(campaign)
        campaign.action_open_self_assessment()
        if campaign.survey_ids:
            self._collect_survey(campaign)
        evaluations = campaign.evaluation_ids
        # Submitted "on time": a closing date after the province's today, so that
        # the demo loads at any hour, even across midnight.
        evaluations.date_deadline = self.env.company._cchc_today() + timedelta(days=1)
        self._self_assess(evaluations)
        heads = evaluations._head_users()
        for evaluation in evaluations:
            head = heads.get(evaluation.agency_id) or self._make_head(evaluation, heads)
            evaluation.with_user(head[:1]).action_submit()
            rng = random.Random(evaluation.id)
            evaluation.write(
                {
                    "date_deadline": campaign.date_self_close,
                    "date_submitted": datetime.combine(
                        campaign.date_self_close, datetime.min.time()
                    )
                    - timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 8)),
                }
            )
        campaign.action_start_appraisal()
        self._appraise(campaign, heads)
        campaign.action_council_review()
        council = self.env.ref("cchc_index_ha_nam.demo_user_council")
        campaign.with_user(council).action_approve()
        # Approved on the last day of appraisal, 09:00 in Vietnam, not today.
        campaign.sudo().date_approved = datetime.combine(
            campaign.date_appraisal_close, datetime.min.time()
        ) + timedelta(hours=2)
        campaign.write(
            {
                "decision_number": decision_number,
                "decision_date": campaign.date_appraisal_close,
            }
        )
        campaign.action_publish()

    @api.model
    def _draft_award_proposal(self, campaign):
        """The collectives by the rules, and individuals proposed by units."""
        proposal = self.env["cchc.award.proposal"]._create_for_campaign(campaign)
        agencies = {a.code: a for a in campaign.agency_ids}
        proposal.write(
            {
                "candidate_ids": [
                    Command.create(
                        {
                            "name": name,
                            "job_title": title,
                            "agency_id": agencies[code].id,
                            "achievements": achievements,
                            "proposed_by": by,
                            "selected": True,
                        }
                    )
                    for name, title, code, achievements, by in (
                        (
                            "Trần Thị Thu Hương",
                            "Trưởng phòng Cải cách hành chính",
                            "SNV",
                            "Tham mưu xây dựng và triển khai Bộ chỉ số, tổ chức thẩm định.",
                            "secretariat",
                        ),
                        (
                            "Nguyễn Đức Long",
                            "Chánh Văn phòng",
                            "STC",
                            "Chỉ đạo thực hiện cơ chế một cửa đạt tỷ lệ đúng hạn 100%.",
                            "unit",
                        ),
                        (
                            "Phạm Thị Lan Anh",
                            "Phó Chủ tịch UBND",
                            "PHULY",
                            "Triển khai dịch vụ công trực tuyến mức độ 3, 4 tại cấp xã.",
                            "unit",
                        ),
                    )
                ]
            }
        )

    @api.model
    def _start_open_campaign(self, unit_ids):
        """This year's campaign on copies of the latest sets, open for
        self-assessment; the given units have scored part of their items."""
        sets = self.env["cchc.criteria.set"]
        latest = sets.search([("state", "=", "active")], order="year desc", limit=1)
        for old_set in sets.search(
            [("year", "=", latest.year), ("state", "=", "active")]
        ):
            sets |= sets.browse(old_set.action_copy_next_year()["res_id"])
        sets.action_activate()
        today = self.env.company._cchc_today()
        year = latest.year + 1
        campaign = self.env["cchc.campaign"].create(
            {
                "name": f"Chỉ số CCHC năm {year}",
                "year": year,
                "criteria_set_ids": [Command.set(sets.ids)],
                "date_self_open": today - timedelta(days=10),
                "date_self_close": today + timedelta(days=30),
                "date_appraisal_close": today + timedelta(days=50),
            }
        )
        campaign.action_open_self_assessment()
        started = campaign.evaluation_ids.filtered(lambda e: e.agency_id.id in unit_ids)
        self._self_assess(started)
        for evaluation in started:
            evaluation.line_ids.filtered(lambda x: x.point_kind != "survey").sorted(
                "sort_key"
            )[-15:].write(
                {
                    "self_answer": False,
                    "self_level_id": False,
                    "figure_done": 0,
                    "figure_total": 0,
                    "is_na": False,
                }
            )

    @api.model
    def _self_assess(self, evaluations):
        pdf_font = self._pdf_font()
        for evaluation in evaluations:
            rng = random.Random(
                evaluation.agency_id.code + str(evaluation.campaign_id.year)
            )
            documents = self._make_documents(evaluation.agency_id, rng, pdf_font)
            self._score(evaluation, rng, documents)
            self._add_participants(evaluation, rng)

    @api.model
    def _appraise(self, campaign, heads):
        """Each agency's appraisers confirm most scores and lower a few."""
        appraisers = {
            user.cchc_agency_id: user
            for user in self.env["res.users"].search(
                [
                    (
                        "groups_id",
                        "in",
                        self.env.ref("cchc_index.group_cchc_appraiser").id,
                    )
                ]
            )
        }
        rng = random.Random(campaign.year)
        asked = False
        for appraisal in campaign.evaluation_ids.appraisal_ids:
            appraiser = appraisal.with_user(appraisers[appraisal.agency_id])
            lines = appraiser.line_ids.filtered(lambda x: not x.is_na)
            for line in lines.filtered(
                lambda x: x.self_points > 0 and rng.random() < 0.06
            ):
                lower = self._lower_score(line)
                line.write(
                    {
                        "appraised_points": lower,
                        "appraisal_comment": rng.choice(
                            [
                                "Tài liệu kiểm chứng chưa thể hiện đầy đủ nội dung.",
                                "Hoàn thành chậm so với kế hoạch.",
                                "Số liệu chưa khớp với báo cáo của đơn vị.",
                            ]
                        ),
                    }
                )
            if not asked and appraisal.unit_id.code == "PHULY" and len(lines) > 1:
                asked = True
                question = lines[:2]
                appraiser._request_explanation(
                    question, "Đề nghị giải trình và bổ sung tài liệu kiểm chứng."
                )
                head = heads[appraisal.unit_id][:1]
                question.with_user(head).write(
                    {
                        "explanation_answer": "Đơn vị đã bổ sung văn bản và báo cáo số liệu."
                    }
                )
                appraisal.evaluation_id.with_user(head).action_answer_explanation()
            # A late report the unit did not declare, found by Sở Nội vụ.
            for line in lines.filtered(
                lambda x: x.point_kind == "deduction" and not x.self_points
            ):
                if rng.random() < 0.2:
                    line.write(
                        {
                            "appraised_points": 0.5,
                            "appraisal_comment": "Chậm gửi báo cáo cải cách hành "
                            "chính quý III so với thời hạn của Sở Nội vụ.",
                        }
                    )
            appraiser.action_accept_self_scores()
            appraiser.action_done()

    @api.model
    def _lower_score(self, line):
        """The next score below the unit's own that the item's method allows."""
        item = line.criterion_id
        if item.scoring_method == "yes_no":
            return 0.0
        if item.scoring_method == "free":
            return max(0.0, line.self_points - 0.5)
        lower = [p for p in item.level_ids.mapped("points") if p < line.self_points]
        return max(lower) if lower else line.self_points

    @api.model
    def _make_head(self, evaluation, heads):
        """A head account for a unit that has none in the demo users."""
        agency = evaluation.agency_id
        user = self.env["res.users"].create(
            {
                "name": f"Thủ trưởng {agency.name}",
                "login": f"thutruong.{agency.code.lower()}",
                "password": f"thutruong.{agency.code.lower()}",
                "cchc_agency_id": agency.id,
                # Like the other demo users (see _use_vietnamese).
                "lang": "vi_VN",
                "tz": self.env.company.cchc_tz,
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("cchc_index.group_cchc_head").id,
                        ]
                    )
                ],
            }
        )
        heads[agency] = user
        return user

    @api.model
    def _score(self, evaluation, rng, documents):
        """Score every line: a unit-wide quality with item-level variation."""
        leading = evaluation.agency_id.code in LEADING_UNITS
        quality = rng.uniform(0.97, 1.0) if leading else rng.uniform(0.72, 0.97)
        no_procedures = evaluation.agency_id.code in ("BQLKDH", "TTT")
        attachments = []
        for line in evaluation.line_ids:
            item = line.criterion_id
            if item.point_kind != "normal":
                # Survey items are not self-assessed; bonus and deduction are.
                if item.point_kind != "survey":
                    line.write(self._kind_score(item, rng, evaluation.agency_id))
                continue
            levels = item.level_ids.sorted("points", reverse=True)
            na_chance = 0.9 if no_procedures and line.code.startswith("3.") else 0.08
            if item.allow_na and rng.random() < na_chance:
                line.write(
                    {
                        "is_na": True,
                        "explanation": "Đơn vị không có nhiệm vụ này trong năm.",
                    }
                )
                continue
            good = rng.random() < quality
            if item.scoring_method == "yes_no":
                vals = {"self_answer": "yes" if good else "no"}
            elif item.scoring_method == "levels":
                worse = levels[1:2] if rng.random() < 0.7 else levels[1:]
                vals = {"self_level_id": (levels[0] if good else rng.choice(worse)).id}
            elif item.scoring_method == "bands":
                total = rng.randint(8, 60)
                rate = (
                    rng.choice([1.0, rng.uniform(0.9, 1.0)])
                    if good
                    else rng.uniform(0.6, 0.9)
                )
                vals = {"figure_total": total, "figure_done": round(total * rate)}
            else:
                share = rng.uniform(0.9, 1.0) if good else rng.uniform(0.3, 0.8)
                vals = {"free_points": round(item.max_points * share * 4) / 4}
            if item.evidence_required and rng.random() < 0.8:
                title, number, datas = rng.choice(documents)
                attachments.append(
                    {
                        "name": f"{number.replace('/', '-')}.pdf",
                        "datas": datas,
                        "mimetype": "application/pdf",
                        "res_model": line._name,
                        "res_id": line.id,
                        "description": f"{title}, số {number}, mục {rng.randint(1, 5)}, "
                        f"trang {rng.randint(1, 12)}",
                    }
                )
            else:
                vals["explanation"] = (
                    "Tài liệu kiểm chứng đang được tổng hợp; điểm tự chấm căn cứ số liệu "
                    "theo dõi của đơn vị và báo cáo gửi Sở Nội vụ."
                )
            line.write(vals)
        self.env["ir.attachment"].create(attachments)

    @api.model
    def _kind_score(self, item, rng, agency):
        """A unit's own bonus (leading units have initiatives recognised, the
        first of them more than the cap allows) or deduction (some declare a
        late report), with its reason."""
        if item.point_kind == "bonus":
            if agency.code == LEADING_UNITS[0]:
                points = item.max_points
            elif agency.code in LEADING_UNITS:
                points = rng.choice([0, 1, 2])
            else:
                points = rng.choice([0, 0, 0, 1])
            note = (
                "Sáng kiến cải cách hành chính được UBND tỉnh công nhận."
                if points
                else "Đơn vị không có sáng kiến được công nhận trong năm."
            )
            return {"free_points": points, "explanation": note}
        points = rng.choice([0, 0, 0, 0, 0.5, 1])
        note = "Chậm gửi 01 báo cáo cải cách hành chính định kỳ."
        return {"free_points": points, "explanation": note if points else False}

    @api.model
    def _add_participants(self, evaluation, rng):
        def person():
            return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"

        is_so = evaluation.unit_type_id.code == "so"
        evaluation.participant_ids = [
            Command.create(
                {
                    "name": person(),
                    "job_title": "Giám đốc" if is_so else "Chủ tịch UBND",
                    "role": "head",
                }
            ),
            Command.create(
                {
                    "name": person(),
                    "job_title": "Chánh Văn phòng",
                    "role": "division_head",
                }
            ),
            Command.create(
                {
                    "name": person(),
                    "job_title": "Trưởng phòng Tổ chức"
                    if is_so
                    else "Trưởng phòng Nội vụ",
                    "role": "division_head",
                }
            ),
        ]

    @api.model
    def _pdf_font(self):
        """A font with Vietnamese glyphs for the generated evidence files."""
        for candidate in (
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
        ):
            try:
                pdfmetrics.registerFont(TTFont("CchcDemo", candidate))
            except Exception:  # noqa: BLE001 - missing font file: try the next one
                continue
            return "CchcDemo"
        return "Helvetica"

    @api.model
    def _make_documents(self, agency, rng, font):
        """A handful of one-page PDFs a unit cites as its evidence."""
        documents = []
        for title, pattern in DOCUMENTS:
            number = pattern.format(n=rng.randint(10, 250), code=agency.code)
            buffer = io.BytesIO()
            pdf = canvas.Canvas(buffer, pagesize=A4)
            pdf.setFont(font, 12)
            pdf.drawString(72, 780, agency.name.upper())
            pdf.drawString(72, 760, f"Số: {number}")
            pdf.setFont(font, 14)
            pdf.drawString(72, 720, title)
            pdf.setFont(font, 10)
            pdf.drawString(72, 690, "Tài liệu mẫu sinh tự động cho dữ liệu trình diễn.")
            pdf.save()
            documents.append((title, number, base64.b64encode(buffer.getvalue())))
        return documents

    @api.model
    def _plan_improvements(self, campaign_id, agency_id):
        """The unit's improvement plan after its published result: one action
        on each of the items where it lost the most points, owned by its head
        and its officer."""
        evaluation = self.env["cchc.evaluation"].search(
            [("campaign_id", "=", campaign_id), ("agency_id", "=", agency_id)]
        )
        lines = evaluation.lost_line_ids.sorted(
            lambda line: (-line.points_lost, line.sort_key)
        )[: len(ACTIONS)]
        users = self.env["res.users"].search(
            [
                ("cchc_agency_id", "=", agency_id),
                ("groups_id", "in", self.env.ref("cchc_index.group_cchc_officer").id),
            ],
            order="id",
        )
        today = self.env.company._cchc_today()
        for index, (line, (name, state)) in enumerate(
            zip(lines, ACTIONS, strict=False)
        ):
            action = (
                self.env["cchc.improvement.action"]
                .with_user(users[index % len(users)])
                .create(
                    {
                        "evaluation_id": evaluation.id,
                        "line_id": line.id,
                        "name": name,
                        "date_deadline": today + timedelta(days=30 * (index + 1)),
                        "notes": line.appraisal_comment or False,
                    }
                )
            )
            if state != "planned":
                action.state = state
