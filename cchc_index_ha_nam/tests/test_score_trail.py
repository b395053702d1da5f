import base64

from odoo.exceptions import AccessError

from odoo.addons.cchc_index.models.cchc_input_mixin import format_number

from .common import CchcCase

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


class TestScoreTrail(CchcCase):
    """Every change of an item is recorded: who, when, old and new value, from
    which action; nobody can change or delete the record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appraisers = cls._make_appraisers()
        cls._open_small_campaign(2037)

    def _trail(self, line=None):
        """[(field, old, new, user, action, stage)] of the recorded changes,
        oldest first."""
        changes = self.evaluation.change_ids
        if line:
            changes = changes.filtered(lambda c: c.line_id == line)
        return [
            (
                c.field_name,
                c.old_value or "",
                c.new_value or "",
                c.user_id,
                c.action,
                c.stage,
            )
            for c in changes.sorted("id")
        ]

    def _submit(self):
        self._score_all(self.evaluation.line_ids)
        self._add_participants(self.evaluation)
        self.evaluation.with_user(self.head).action_submit()
        self.campaign.action_start_appraisal()

    def test_officer_and_head_entries_are_recorded(self):
        line = self.lines["1.1"].with_user(self.officer)
        first, second = line.criterion_id.level_ids[:2]
        line.self_level_id = first
        line.self_level_id = first  # the same value: nothing to record
        self.lines["1.1"].with_user(self.head).write(
            {"self_level_id": second.id, "explanation": "Kế hoạch số 12/KH-STP."}
        )
        self.lines["1.2"].with_user(self.officer).write({"is_na": True})
        self.assertEqual(
            self._trail(self.lines["1.1"]),
            [
                (
                    "self_level_id",
                    "",
                    first.display_name,
                    self.officer,
                    "edit",
                    "draft",
                ),
                (
                    "self_level_id",
                    first.display_name,
                    second.display_name,
                    self.head,
                    "edit",
                    "draft",
                ),
                (
                    "explanation",
                    "",
                    "Kế hoạch số 12/KH-STP.",
                    self.head,
                    "edit",
                    "draft",
                ),
            ],
        )
        self.assertEqual(
            self._trail(self.lines["1.2"]),
            [("is_na", "No", "Yes", self.officer, "edit", "draft")],
        )
        self.assertTrue(all(self.evaluation.change_ids.mapped("date")))

    def test_figures_of_several_lines_in_one_write(self):
        lines = self.lines["2"] | self.lines["1.2"]
        self.lines["2"].with_user(self.officer).write(
            {"figure_done": 9, "figure_total": 10}
        )
        lines.with_user(self.officer).write({"explanation": "Báo cáo năm."})
        self.assertEqual(
            [(f, o, n) for f, o, n, *_ in self._trail(self.lines["2"])],
            [
                ("figure_done", "0", "9"),
                ("figure_total", "0", "10"),
                ("explanation", "", "Báo cáo năm."),
            ],
        )
        self.assertEqual(len(self._trail(self.lines["1.2"])), 1)

    def test_evidence_added_renamed_and_removed(self):
        line = self.lines["1.1"]
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.officer)
            .create(
                {
                    "name": "12-KH-STP.pdf",
                    "datas": base64.b64encode(PDF),
                    "res_model": line._name,
                    "res_id": line.id,
                }
            )
        )
        attachment.name = "12-KH-STP-2037.pdf"
        attachment.res_id = self.lines["1.2"].id
        attachment.unlink()
        evidence = [
            (f, o, n, u) for f, o, n, u, a, _s in self._trail() if a == "evidence"
        ]
        self.assertEqual(
            evidence,
            [
                ("evidence", "", "12-KH-STP.pdf", self.officer),
                ("evidence", "12-KH-STP.pdf", "12-KH-STP-2037.pdf", self.officer),
                ("evidence", "12-KH-STP-2037.pdf", "", self.officer),
                ("evidence", "", "12-KH-STP-2037.pdf", self.officer),
                ("evidence", "12-KH-STP-2037.pdf", "", self.officer),
            ],
        )
        self.assertEqual(
            self.evaluation.change_ids.filtered(lambda c: c.field_name == "evidence")
            .sorted("id")
            .line_id.mapped("code"),
            ["1.1", "1.2"],
        )

    def test_appraiser_scores_and_accepted_self_scores(self):
        self._submit()
        line = self.lines["1.1"]
        appraiser = self.appraisers[line.assigned_agency_id.code]
        line.with_user(appraiser).write(
            {"appraised_points": 10, "appraisal_comment": "Ban hành chậm."}
        )
        self.assertEqual(
            self._trail(line)[-2:],
            [
                ("appraised_points", "0", "10", appraiser, "edit", "submitted"),
                (
                    "appraisal_comment",
                    "",
                    "Ban hành chậm.",
                    appraiser,
                    "edit",
                    "submitted",
                ),
            ],
        )
        line.appraisal_id.with_user(appraiser).action_accept_self_scores()
        other = self.lines["1.2"]
        self.assertTrue(other.self_points)
        self.assertEqual(
            self._trail(other)[-1],
            (
                "appraised_points",
                "0",
                format_number(self.env, other.self_points),
                appraiser,
                "accept",
                "appraisal",
            ),
        )

    def test_a_context_cannot_name_the_action(self):
        """What a caller puts in the context (as over RPC) is no action."""
        line = self.lines["1.1"].with_user(self.officer)
        line.with_context(cchc_trail_action="accept").explanation = "Theo kế hoạch."
        self.assertEqual(self.evaluation.change_ids.action, "edit")

    def test_nobody_changes_or_deletes_the_history(self):
        self.lines["1.1"].with_user(self.officer).explanation = "Theo báo cáo."
        change = self.evaluation.change_ids
        self.assertEqual(len(change), 1)
        users = (
            self.officer,
            self.head,
            self.appraiser,
            self.secretariat,
            self.council,
            self.manager,
        )
        for user in users:
            record = change.with_user(user)
            with self.assertRaises(AccessError):
                record.write({"new_value": "Khác."})
            with self.assertRaises(AccessError):
                record.unlink()
            with self.assertRaises(AccessError):
                record.copy()
            with self.assertRaises(AccessError):
                self.env["cchc.score.change"].with_user(user).create(
                    {
                        "evaluation_id": self.evaluation.id,
                        "line_id": self.lines["1.1"].id,
                        "field_name": "explanation",
                        "user_id": user.id,
                        "date": "2037-01-01",
                        "action": "edit",
                        "stage": "draft",
                    }
                )
        # Not even the system.
        with self.assertRaisesRegex(AccessError, "cannot be changed or deleted"):
            change.sudo().write({"new_value": "Khác."})
        with self.assertRaisesRegex(AccessError, "cannot be changed or deleted"):
            change.sudo().unlink()
        self.assertEqual(change.new_value, "Theo báo cáo.")
