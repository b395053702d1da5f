"""Multi-company: the company of existing records under a campaign or a
criteria set, from their parent.

Odoo fills each new stored related ``company_id`` column from its parent's
column on upgrade, but one table at a time in no set order: a child whose
parent's column was still empty (an evaluation line before its evaluation)
is left without a company. Filled here again, parents first.
"""

from odoo.tools import SQL

# (table, its Many2one to the parent, the parent's table), parents first.
PARENTS = [
    ("cchc_criterion", "set_id", "cchc_criteria_set"),
    ("cchc_criterion_level", "criterion_id", "cchc_criterion"),
    ("cchc_campaign_band", "campaign_id", "cchc_campaign"),
    ("cchc_campaign_quota", "campaign_id", "cchc_campaign"),
    ("cchc_evaluation", "campaign_id", "cchc_campaign"),
    ("cchc_evaluation_field", "evaluation_id", "cchc_evaluation"),
    ("cchc_evaluation_line", "evaluation_id", "cchc_evaluation"),
    ("cchc_evaluation_participant", "evaluation_id", "cchc_evaluation"),
    ("cchc_appraisal", "evaluation_id", "cchc_evaluation"),
    ("cchc_onsite_check", "evaluation_id", "cchc_evaluation"),
    ("cchc_award_proposal", "campaign_id", "cchc_campaign"),
    ("cchc_award_proposal_line", "proposal_id", "cchc_award_proposal"),
    ("cchc_award_candidate", "proposal_id", "cchc_award_proposal"),
]


def migrate(cr, version):
    for table, parent_fk, parent in PARENTS:
        cr.execute(
            SQL(
                """
                UPDATE %(table)s child
                   SET company_id = parent.company_id
                  FROM %(parent)s parent
                 WHERE parent.id = child.%(fk)s
                   AND child.company_id IS DISTINCT FROM parent.company_id
                """,
                table=SQL.identifier(table),
                parent=SQL.identifier(parent),
                fk=SQL.identifier(parent_fk),
            )
        )
