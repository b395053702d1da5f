from datetime import timedelta

from odoo import api, models

# What a unit plans on the items where it lost the most points: (action, state).
ACTIONS = [
    ("Ban hành kế hoạch khắc phục và giao phòng chuyên môn theo dõi", "done"),
    ("Bổ sung tài liệu kiểm chứng và số liệu báo cáo đúng hạn", "in_progress"),
    ("Rà soát quy trình, tập huấn cho công chức phụ trách", "planned"),
]


class CchcDemo(models.AbstractModel):
    _inherit = "cchc.demo"

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
