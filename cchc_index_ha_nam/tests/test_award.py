from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CchcCase


class TestAward(CchcCase):
    """The award proposal follows the campaign's rules and the secretariat decides."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_type_huyen = cls.env.ref("cchc_index.unit_type_huyen")
        cls.criteria_sets = cls.env["cchc.criteria.set"]
        for unit_type in cls.unit_type_so | cls.unit_type_huyen:
            criteria_set = cls.env["cchc.criteria.set"].create(
                {"year": 2032, "unit_type_id": unit_type.id}
            )
            cls.env["cchc.criterion"].create(
                [
                    {
                        "set_id": criteria_set.id,
                        "code": code,
                        "name": name,
                        "max_points": points,
                        "scoring_method": "free",
                        "appraising_agency_id": cls.agency_snv.id,
                    }
                    for code, name, points in (
                        ("1", "Tổng hợp", 82),
                        ("2", "Thủ tục hành chính", 18),
                    )
                ]
            )
            criteria_set.action_activate()
            cls.criteria_sets |= criteria_set
        cls.Proposal = cls.env["cchc.award.proposal"].with_user(cls.secretariat)

    def _campaign(self, so=(), huyen=(), publish=True):
        """A campaign whose units are appraised at these indexes, published."""
        agencies = self.env["cchc.agency"]
        indexes = {}
        for unit_type, values in (
            (self.unit_type_so, so),
            (self.unit_type_huyen, huyen),
        ):
            for index in values:
                agency = self.env["cchc.agency"].create(
                    {
                        "name": f"{unit_type.code} {len(agencies) + 1}",
                        "code": f"AW{len(agencies) + 1}",
                        "unit_type_id": unit_type.id,
                    }
                )
                agencies |= agency
                indexes[agency] = index
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2032,
                "criteria_set_ids": [Command.set(self.criteria_sets.ids)],
                "agency_ids": [Command.set(agencies.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        campaign.action_open_self_assessment()
        self.env.flush_all()
        for line in campaign.evaluation_ids.line_ids:
            # Field 2 is always full: the index is field 1's points + 18.
            points = 18 if line.code == "2" else indexes[line.agency_id] - 18
            self.env.cr.execute(
                "UPDATE cchc_evaluation_line SET appraised_points = %s, "
                "is_appraised = TRUE WHERE id = %s",
                (points, line.id),
            )
        self.env.cr.execute(
            "UPDATE cchc_evaluation SET state = 'appraised' WHERE campaign_id = %s",
            (campaign.id,),
        )
        self.env.invalidate_all()
        campaign._recompute_results()
        if publish:
            self.env.cr.execute(
                "UPDATE cchc_evaluation SET state = 'published' WHERE campaign_id = %s",
                (campaign.id,),
            )
            self.env.cr.execute(
                "UPDATE cchc_campaign SET state = 'published' WHERE id = %s",
                (campaign.id,),
            )
            self.env.invalidate_all()
        return campaign, agencies

    @staticmethod
    def _listed(proposal):
        return [
            (line.agency_id.name, line.appraised_index, line.selected, line.tie_at_cut)
            for line in proposal.line_ids
        ]

    def _ready(self, proposal):
        proposal.write({"number": "12/TTr-SNV", "date": "2032-11-20"})

    def test_minimum_index_is_inclusive(self):
        campaign, _agencies = self._campaign(so=[90.00, 89.99], huyen=[89.99])
        proposal = self.Proposal._create_for_campaign(campaign)
        self.assertEqual(proposal.name, "Reform Index 2032 Award Proposal")
        self.assertEqual(self._listed(proposal), [("so 1", 90.0, True, False)])
        self.assertFalse(proposal.tie_note)

    def test_never_more_than_the_quota(self):
        campaign, _agencies = self._campaign(
            so=[95, 94, 93, 92, 91, 90.5], huyen=[91, 96, 93]
        )
        proposal = self.Proposal._create_for_campaign(campaign)
        self.assertEqual(
            self._listed(proposal),
            [
                ("so 1", 95.0, True, False),
                ("so 2", 94.0, True, False),
                ("so 3", 93.0, True, False),
                ("so 4", 92.0, True, False),
                ("huyen 8", 96.0, True, False),
                ("huyen 9", 93.0, True, False),
            ],
        )
        self.assertEqual(proposal.line_ids.mapped("rank"), [1, 2, 3, 4, 1, 2])
        self.assertFalse(proposal.tie_note)
        # Generating again rebuilds the list rather than adding to it.
        proposal.line_ids[0].selected = False
        proposal.action_generate()
        self.assertEqual(len(proposal.line_ids), 6)
        self.assertTrue(all(proposal.line_ids.mapped("selected")))
        self._ready(proposal)
        proposal.action_propose()
        self.assertEqual(proposal.state, "proposed")

    def test_tie_at_the_cut_is_left_to_the_secretariat(self):
        campaign, _agencies = self._campaign(so=[95, 94, 93, 92, 92, 91])
        # In English: the demo's company (the default language) speaks Vietnamese.
        proposal = self.Proposal.with_context(lang="en_US")._create_for_campaign(
            campaign
        )
        self.assertEqual(
            self._listed(proposal),
            [
                ("so 1", 95.0, True, False),
                ("so 2", 94.0, True, False),
                ("so 3", 93.0, True, False),
                ("so 4", 92.0, False, True),
                ("so 5", 92.0, False, True),
            ],
        )
        self.assertEqual(proposal.line_ids.mapped("rank"), [1, 2, 3, 4, 4])
        self.assertEqual(
            proposal.tie_note,
            "Sở, ban, ngành: so 4, so 5 tie at index 92.00 for 1 remaining place(s). "
            "Select the ones to propose.",
        )
        self._ready(proposal)
        tied = proposal.line_ids.filtered("tie_at_cut")
        tied.write({"selected": True})
        with self.assertRaisesRegex(UserError, "5 units of type Sở, ban, ngành"):
            proposal.action_propose()
        self.assertEqual(proposal.state, "draft")
        tied[1].selected = False
        proposal.action_propose()
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(
            proposal.line_ids.filtered("selected").agency_id.mapped("name"),
            ["so 1", "so 2", "so 3", "so 4"],
        )

    def test_no_unit_below_the_minimum(self):
        campaign, _agencies = self._campaign(so=[95, 89.99])
        proposal = self.Proposal._create_for_campaign(campaign)
        self._ready(proposal)
        below = campaign.evaluation_ids.filtered(lambda e: e.appraised_index < 90)
        proposal.write(
            {
                "line_ids": [
                    Command.create({"evaluation_id": below.id, "selected": True})
                ]
            }
        )
        with self.assertRaisesRegex(UserError, "below 90.00 .*: so 2"):
            proposal.action_propose()

    def test_proposal_needs_its_document(self):
        campaign, _agencies = self._campaign(so=[95])
        proposal = self.Proposal._create_for_campaign(campaign)
        with self.assertRaisesRegex(UserError, "number and date"):
            proposal.action_propose()

    def test_individuals(self):
        campaign, _agencies = self._campaign(so=[95])
        proposal = self.Proposal._create_for_campaign(campaign)
        self._ready(proposal)
        Candidate = self.env["cchc.award.candidate"]
        own = Candidate.with_user(self.officer).create(
            {"proposal_id": proposal.id, "name": "Trần Văn An", "job_title": "CV"}
        )
        self.assertEqual(own.agency_id, self.agency_stp)
        self.assertEqual(own.proposed_by, "unit")
        with self.assertRaises(AccessError):
            Candidate.with_user(self.officer).create(
                {
                    "proposal_id": proposal.id,
                    "name": "Phạm Thị Hoa",
                    "agency_id": self.agency_snv.id,
                }
            )
        with self.assertRaises(AccessError):
            own.with_user(self.officer).write({"selected": True})
        with self.assertRaises(AccessError):
            Candidate.with_user(self.head).create(
                {"proposal_id": proposal.id, "name": "Vũ Văn Nam", "selected": True}
            )
        others = Candidate.with_user(self.secretariat).create(
            [{"proposal_id": proposal.id, "name": f"Cán bộ {i}"} for i in range(5)]
        )
        self.assertEqual(set(others.mapped("proposed_by")), {"secretariat"})
        self.assertEqual(set(others.agency_id.ids), {self.agency_snv.id})
        # A unit sees only its own individuals; the secretariat sees them all.
        self.assertEqual(
            Candidate.with_user(self.officer).search(
                [("proposal_id", "=", proposal.id)]
            ),
            own,
        )
        self.assertEqual(proposal.candidate_ids, own | others)
        (own | others).with_user(self.secretariat).write({"selected": True})
        with self.assertRaisesRegex(UserError, "6 individuals are selected"):
            proposal.action_propose()
        own.with_user(self.secretariat).selected = False
        proposal.action_propose()
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(proposal.candidate_ids.filtered("selected"), others)

    def test_only_after_publication(self):
        campaign, _agencies = self._campaign(so=[95], publish=False)
        self.assertEqual(campaign.state, "self_assessment")
        with self.assertRaisesRegex(ValidationError, "is not published"):
            self.Proposal._create_for_campaign(campaign)
        draft = self._make_campaign(self.agency_stp)
        with self.assertRaisesRegex(ValidationError, "is not published"):
            self.Proposal.create({"campaign_id": draft.id})

    def test_proposed_is_read_only(self):
        campaign, _agencies = self._campaign(so=[95, 93])
        proposal = self.Proposal._create_for_campaign(campaign)
        self._ready(proposal)
        candidate = (
            self.env["cchc.award.candidate"]
            .with_user(self.officer)
            .create({"proposal_id": proposal.id, "name": "Trần Văn An"})
        )
        proposal.action_propose()
        line = proposal.line_ids[0]
        checks = {
            "proposal": lambda: proposal.write({"number": "13/TTr-SNV"}),
            "generate": proposal.action_generate,
            "propose": proposal.action_propose,
            "delete": proposal.unlink,
            "line": lambda: line.write({"selected": False}),
            "line delete": line.unlink,
            "new candidate": lambda: (
                self.env["cchc.award.candidate"]
                .with_user(self.secretariat)
                .create({"proposal_id": proposal.id, "name": "Lê Văn Bình"})
            ),
            "candidate": lambda: candidate.with_user(self.officer).write({"name": "X"}),
            "candidate delete": candidate.with_user(self.officer).unlink,
        }
        for name, check in checks.items():
            with self.assertRaisesRegex(UserError, "can no longer change", msg=name):
                check()
        self.assertEqual(proposal.number, "12/TTr-SNV")
        self.assertTrue(line.selected)

    def test_units_and_council_cannot_decide(self):
        campaign, _agencies = self._campaign(so=[95])
        proposal = self.Proposal._create_for_campaign(campaign)
        self._ready(proposal)
        for user in self.officer | self.head | self.council:
            as_user = proposal.with_user(user)
            self.assertEqual(as_user.line_ids.agency_id.name, "so 1")
            for action in (as_user.action_generate, as_user.action_propose):
                with self.assertRaises(AccessError, msg=user.login):
                    action()
            with self.assertRaises(AccessError, msg=user.login):
                as_user.line_ids.write({"selected": False})
        self.assertEqual(proposal.state, "draft")
