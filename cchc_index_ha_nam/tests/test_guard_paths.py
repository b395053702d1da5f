from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common import CchcCase


class TestGuardPaths(CchcCase):
    """Every path that changes a locked record is refused: create, copy,
    re-parenting, stored related keys and unlink, as the role that would try."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criteria_set = cls._make_set(year=2031)
        cls.criteria_set.action_activate()
        cls.agency_stc = cls.env.ref("cchc_index_ha_nam.agency_stc")
        cls.published = cls._campaign(cls.agency_stp | cls.agency_stc)
        cls._submit_all(cls.published)
        cls._appraise(cls.published, cls._make_appraisers())
        cls.published.action_council_review()
        cls.published.with_user(cls.council).action_approve()
        cls.published.write(
            {"decision_number": "9/QĐ-UBND", "decision_date": "2031-12-20"}
        )
        cls.published.award_min_index = 0
        cls.published.action_publish()
        cls.published_eval = cls.published.evaluation_ids.filtered(
            lambda e: e.agency_id == cls.agency_stc
        )
        # The secretariat's proposals: one sent, one still a draft.
        Proposal = cls.env["cchc.award.proposal"].with_user(cls.secretariat)
        cls.proposed = Proposal._create_for_campaign(cls.published)
        cls.proposed.line_ids.unlink()
        cls.proposed.write({"number": "1/TTr-SNV", "date": "2031-12-25"})
        cls.proposed.action_propose()
        cls.draft_proposal = Proposal._create_for_campaign(cls.published)
        cls.candidate = cls.env["cchc.award.candidate"].create(
            {
                "proposal_id": cls.draft_proposal.id,
                "name": "Nguyễn Văn An",
                "agency_id": cls.agency_stp.id,
            }
        )
        # Sở Tư pháp's open self-assessment of the next campaign.
        cls.open = cls._campaign(cls.agency_stp | cls.agency_stc)
        cls.open.action_open_self_assessment()
        cls.open_eval = cls.open.evaluation_ids.filtered(
            lambda e: e.agency_id == cls.agency_stp
        )
        cls._add_participants(cls.open_eval)

    @classmethod
    def _campaign(cls, agencies):
        return cls.env["cchc.campaign"].create(
            {
                "year": 2031,
                "criteria_set_ids": [Command.set(cls.criteria_set.ids)],
                "agency_ids": [Command.set(agencies.ids)],
                "date_self_close": "2099-12-31",
            }
        )

    def _refused(self, attempt, exception=UserError, message=None):
        with self.assertRaises(exception) as cm:
            attempt()
        if message:
            self.assertIn(message, str(cm.exception))

    def test_forged_results_are_refused_in_create_and_copy(self):
        Evaluation = self.env["cchc.evaluation"].with_user(self.secretariat)
        forged = {
            "campaign_id": self.published.id,
            "agency_id": self.env.ref("cchc_index_ha_nam.agency_skhcn").id,
            "criteria_set_id": self.criteria_set.id,
            "date_deadline": "2031-12-31",
            "state": "published",
            "rank": 1,
            "appraised_index": 99.5,
        }
        workflow = "only through the workflow"
        self._refused(lambda: Evaluation.create(forged), AccessError, workflow)
        self._refused(
            lambda: self.published_eval.with_user(self.secretariat).copy(
                {"agency_id": forged["agency_id"], "rank": 1}
            ),
            AccessError,
            workflow,
        )
        # Context defaults are values too.
        self._refused(
            lambda: (
                self.env["cchc.campaign"]
                .with_user(self.secretariat)
                .with_context(default_state="published")
                .create({"year": 2031, "date_self_close": "2031-12-31"})
            ),
            AccessError,
            workflow,
        )
        self.assertEqual(len(self.published.evaluation_ids), 2)

    def test_criteria_set_in_use_is_immutable(self):
        total = self.published_eval.appraised_total
        as_secretariat = self.criteria_set.with_user(self.secretariat)
        self._refused(lambda: as_secretariat.write({"state": "draft"}), AccessError)
        item = self.criteria_set.criterion_ids.filtered(lambda c: c.code == "1.2")
        self._refused(
            lambda: item.with_user(self.secretariat).write({"max_points": 35}),
            message="locked",
        )
        self._refused(
            lambda: item.with_user(self.secretariat).write({"set_id": False}),
            message="locked",
        )
        levels = self.criteria_set.criterion_ids.level_ids
        self._refused(levels.with_user(self.secretariat).unlink, message="locked")
        self._refused(lambda: levels[:1].write({"points": 0}), message="locked")
        self.assertEqual(item.max_points, 40)
        self.assertEqual(self.published_eval.appraised_total, total)
        # A draft set cannot be used: the campaign would score on moving points.
        draft_set = self._make_set(year=2031, field_points=(50, 50))
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2031,
                "criteria_set_ids": [Command.set(draft_set.ids)],
                "agency_ids": [Command.set(self.agency_stp.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        self._refused(campaign.action_open_self_assessment, message="Activate")
        self.assertFalse(campaign.evaluation_ids)

    def test_moving_a_draft_item_into_an_active_set(self):
        draft_set = self._make_set(year=2033)
        item = draft_set.criterion_ids.filtered(lambda c: c.code == "2")
        self._refused(
            lambda: item.with_user(self.secretariat).write(
                {"set_id": self.criteria_set.id, "code": "3"}
            ),
            message="locked",
        )
        self.assertEqual(item.set_id, draft_set)

    def test_award_proposal_workflow(self):
        as_secretariat = self.proposed.with_user(self.secretariat)
        self._refused(lambda: as_secretariat.write({"state": "draft"}), AccessError)
        self._refused(
            lambda: self.draft_proposal.with_user(self.secretariat).write(
                {"state": "proposed"}
            ),
            AccessError,
        )
        line = self.draft_proposal.line_ids[:1]
        self._refused(
            lambda: line.with_user(self.secretariat).write(
                {"proposal_id": self.proposed.id}
            ),
            message="has been proposed",
        )
        self._refused(
            lambda: self.candidate.with_user(self.secretariat).write(
                {"proposal_id": self.proposed.id}
            ),
            message="has been proposed",
        )
        self.assertEqual(self.proposed.state, "proposed")
        self.assertEqual(line.proposal_id, self.draft_proposal)

    def test_award_candidate_forged_by_a_unit(self):
        Candidate = self.env["cchc.award.candidate"].with_user(self.officer)
        vals = {"proposal_id": self.draft_proposal.id, "name": "Trần Thị Bình"}
        self._refused(
            lambda: Candidate.create({**vals, "proposed_by": "secretariat"}),
            AccessError,
        )
        self._refused(
            lambda: Candidate.create({**vals, "agency_id": self.agency_stc.id}),
            AccessError,
        )
        own = Candidate.create(vals)
        self.assertEqual((own.agency_id, own.proposed_by), (self.agency_stp, "unit"))
        self._refused(lambda: own.write({"agency_id": self.agency_stc.id}), AccessError)
        self.assertEqual(own.agency_id, self.agency_stp)

    def test_participant_moved_to_another_unit(self):
        participant = self.open_eval.participant_ids[:1].with_user(self.officer)
        other_open = self.open.evaluation_ids - self.open_eval
        for target in (other_open, self.published_eval):
            self._refused(lambda t=target: participant.write({"evaluation_id": t.id}))
        self._refused(
            lambda: participant.write({"agency_id": self.agency_stc.id}), AccessError
        )
        # Into its own unit's published evaluation: the rules allow it, the lock not.
        own_published = self.published.evaluation_ids - self.published_eval
        self.assertEqual(own_published.agency_id, self.agency_stp)
        self._refused(
            lambda: participant.write({"evaluation_id": own_published.id}),
            message="is not open",
        )
        self.assertEqual(participant.evaluation_id, self.open_eval)
        self.assertEqual(participant.agency_id, self.agency_stp)

    def test_nothing_of_a_published_campaign_is_deleted(self):
        check = self.env["cchc.onsite.check"].create(
            {"evaluation_id": self.open_eval.id, "members": "Đoàn kiểm tra"}
        )
        self.env.cr.execute(
            "UPDATE cchc_onsite_check SET evaluation_id = %s WHERE id = %s",
            (self.published_eval.id, check.id),
        )
        check.invalidate_recordset()
        for records in (
            check,
            self.published.band_ids[:1],
            self.published.quota_ids[:1],
        ):
            self._refused(
                records.with_user(self.secretariat).unlink, message="is published"
            )
            self.assertTrue(records.exists())
        self._refused(self.published_eval.field_ids[:1].unlink, message="is published")

    def test_campaign_scope_is_fixed_once_open(self):
        skhcn = self.env.ref("cchc_index_ha_nam.agency_skhcn")
        for vals in (
            {"year": 2032},
            {"agency_ids": [Command.link(skhcn.id)]},
            {"criteria_set_ids": [Command.clear()]},
        ):
            self._refused(
                lambda v=vals: self.open.with_user(self.secretariat).write(v),
                message="fixed once",
            )
        self.assertEqual(len(self.open.agency_ids), 2)
        self.assertEqual(self.open.criteria_set_ids, self.criteria_set)
