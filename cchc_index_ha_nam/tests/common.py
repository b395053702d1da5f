import json

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class CchcCase(TransactionCase):
    """Users acting in each role, and a small draft criteria set to work on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.unit_type_so = cls.env.ref("cchc_index.unit_type_so")
        cls.agency_snv = cls.env.ref("cchc_index_ha_nam.agency_snv")
        cls.agency_stp = cls.env.ref("cchc_index_ha_nam.agency_stp")
        cls.agency_stttt = cls.env.ref("cchc_index_ha_nam.agency_stttt")

        def user(login, group, agency=None):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"base.group_user,cchc_index.{group}",
                cchc_agency_id=agency and agency.id,
            )

        cls.secretariat = user(
            "t_secretariat", "group_cchc_secretariat", cls.agency_snv
        )
        cls.officer = user("t_officer", "group_cchc_officer", cls.agency_stp)
        cls.head = user("t_head", "group_cchc_head", cls.agency_stp)
        cls.appraiser = user("t_appraiser", "group_cchc_appraiser", cls.agency_stttt)
        cls.council = user("t_council", "group_cchc_council")
        cls.manager = user("t_manager", "group_cchc_manager")
        cls.outsider = new_test_user(
            cls.env, login="t_outsider", groups="base.group_user"
        )

    @classmethod
    def _make_campaign(cls, agencies, **vals):
        """A 2018 campaign on the shipped sets, for these units."""
        return cls.env["cchc.campaign"].create(
            {
                "year": 2018,
                "criteria_set_ids": [
                    Command.set(
                        [
                            cls.env.ref("cchc_index_ha_nam.criteria_set_2018_so").id,
                            cls.env.ref("cchc_index_ha_nam.criteria_set_2018_huyen").id,
                        ]
                    )
                ],
                "agency_ids": [Command.set(agencies.ids)],
                "date_self_open": "2018-10-01",
                "date_self_close": "2099-12-31",
                **vals,
            }
        )

    @classmethod
    def _setup_open_evaluation(cls):
        """cls.campaign open for self-assessment, cls.evaluation of Sở Tư pháp."""
        cls.campaign = cls._make_campaign(cls.agency_stp)
        cls.campaign.action_open_self_assessment()
        cls.evaluation = cls.campaign.evaluation_ids

    @classmethod
    def _setup_submitted_evaluation(cls):
        """cls.evaluation of Sở Tư pháp submitted and under appraisal in
        cls.campaign; cls.appraisers by agency code."""
        cls.appraisers = cls._make_appraisers()
        cls.campaign = cls._make_campaign(cls.agency_stp)
        cls._submit_all(cls.campaign)
        cls.evaluation = cls.campaign.evaluation_ids

    def _cron_triggers(self, cron):
        return self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])

    def _bus_notifications(self, user):
        """(type, payload) of the bus notifications sent to user in this
        transaction."""
        values = self.env.cr.precommit.data.get("bus.bus.values", [])
        return [
            (json.loads(n["message"])["type"], json.loads(n["message"])["payload"])
            for n in values
            if json.loads(n["channel"])[1:] == ["res.partner", user.partner_id.id]
        ]

    @staticmethod
    def _score_all(lines):
        """Score every line with a valid value for its method."""
        for line in lines:
            method = line.scoring_method
            if method == "yes_no":
                line.self_answer = "yes"
            elif method == "levels":
                line.self_level_id = line.criterion_id.level_ids[0]
            elif method == "bands":
                line.write({"figure_done": 9, "figure_total": 10})
            else:
                line.free_points = line.max_points / 2
            if not line.evidence_count:
                line.explanation = "Số liệu theo báo cáo năm của đơn vị."

    @staticmethod
    def _add_participants(evaluation):
        evaluation.write(
            {
                "participant_ids": [
                    Command.create({"name": "Lê Thị Lan", "role": "head"}),
                    Command.create({"name": "Ngô Văn Bình", "role": "division_head"}),
                ]
            }
        )

    @classmethod
    def _make_appraisers(cls):
        """One appraiser for each appraising agency, by agency code."""
        return {
            agency.code: new_test_user(
                cls.env,
                login=f"t_appraiser_{agency.code.lower()}",
                groups="base.group_user,cchc_index.group_cchc_appraiser",
                cchc_agency_id=agency.id,
            )
            for agency in cls.env["cchc.agency"].search([("is_appraiser", "=", True)])
        }

    @classmethod
    def _submit_all(cls, campaign):
        """Open the campaign, have each unit score and its head submit, start
        the appraisal."""
        campaign.action_open_self_assessment()
        for evaluation in campaign.evaluation_ids:
            cls._score_all(evaluation.line_ids)
            cls._add_participants(evaluation)
            head = new_test_user(
                cls.env,
                login=f"t_head_{campaign.id}_{evaluation.agency_id.code.lower()}",
                groups="base.group_user,cchc_index.group_cchc_head",
                cchc_agency_id=evaluation.agency_id.id,
            )
            evaluation.with_user(head).action_submit()
        campaign.action_start_appraisal()

    @staticmethod
    def _appraise(campaign, appraisers):
        """Every agency accepts the self scores and finishes its appraisals."""
        for appraisal in campaign.evaluation_ids.appraisal_ids:
            appraiser = appraisers[appraisal.agency_id.code]
            appraisal.with_user(appraiser).action_accept_self_scores()
            appraisal.with_user(appraiser).action_done()

    @classmethod
    def _open_small_campaign(cls, year, agencies=None):
        """cls.campaign of ``year`` on a small activated set (``_make_set``), open
        for self-assessment; cls.evaluation of Sở Tư pháp, cls.lines by code."""
        criteria_set = cls._make_set(year=year)
        criteria_set.action_activate()
        cls.campaign = cls.env["cchc.campaign"].create(
            {
                "year": year,
                "criteria_set_ids": [Command.set(criteria_set.ids)],
                "agency_ids": [Command.set((agencies or cls.agency_stp).ids)],
                "date_self_close": "2099-12-31",
            }
        )
        cls.campaign.action_open_self_assessment()
        cls.evaluation = cls.campaign.evaluation_ids.filtered(
            lambda e: e.agency_id == cls.agency_stp
        )
        cls.lines = {line.code: line for line in cls.evaluation.line_ids}

    @classmethod
    def _make_set(cls, year=2030, field_points=(60, 40)):
        """A draft set: field 1 with two sub-items, field 2 scored directly."""
        criteria_set = cls.env["cchc.criteria.set"].create(
            {"year": year, "unit_type_id": cls.unit_type_so.id}
        )
        field_1, field_2 = cls.env["cchc.criterion"].create(
            [
                {
                    "set_id": criteria_set.id,
                    "code": "1",
                    "name": "Chỉ đạo, điều hành",
                    "max_points": field_points[0],
                    "appraising_agency_id": cls.agency_snv.id,
                },
                {
                    "set_id": criteria_set.id,
                    "code": "2",
                    "name": "Hiện đại hóa",
                    "max_points": field_points[1],
                    "scoring_method": "bands",
                    "appraising_agency_id": cls.agency_stttt.id,
                    "level_ids": [
                        Command.create(
                            {"name": "≥ 90%", "points": 40, "min_percent": 90}
                        ),
                        Command.create(
                            {"name": "< 90%", "points": 10, "min_percent": 0}
                        ),
                    ],
                },
            ]
        )
        cls.env["cchc.criterion"].create(
            [
                {
                    "set_id": criteria_set.id,
                    "parent_id": field_1.id,
                    "code": "1.1",
                    "name": "Kế hoạch CCHC",
                    "max_points": 20,
                    "scoring_method": "levels",
                    "level_ids": [
                        Command.create({"name": "Kịp thời", "points": 20}),
                        Command.create({"name": "Chậm", "points": 10}),
                        Command.create({"name": "Không ban hành", "points": 0}),
                    ],
                },
                {
                    "set_id": criteria_set.id,
                    "parent_id": field_1.id,
                    "code": "1.2",
                    "name": "Báo cáo CCHC",
                    "max_points": 40,
                    "allow_na": True,
                },
            ]
        )
        return criteria_set
