from odoo import api, models
from odoo.tools import SQL

from .cchc_criterion import COUNTED_KINDS

# A campaign's results are public once published, unless the secretariat
# withdrew its page.
PUBLIC_STATES = ("published", "closed")
# An evaluation's (alias e) appraised points per field counted in the index's
# maximum, as the decision's annex shows them: [code, name, points, maximum].
# The bonus and deduction fields are components of their own.
FIELD_POINTS = SQL(
    """
    (SELECT json_agg(json_build_array(
                crit.code, crit.name, f.appraised_points, f.applicable_max)
                ORDER BY f.sort_key)
       FROM cchc_evaluation_field f
       JOIN cchc_criterion crit ON crit.id = f.criterion_id
      WHERE f.evaluation_id = e.id
        AND crit.point_kind = ANY(%s)) AS fields""",
    list(COUNTED_KINDS),
)
# An evaluation's (alias e) results, as the decision publishes them, and
# whether its set has other index components than appraised points.
RESULTS = SQL("""
    e.rank, e.appraised_total, e.survey_points, e.bonus_points,
    e.deduction_points, e.index_max, e.appraised_index,
    EXISTS (SELECT 1 FROM cchc_criterion k
             WHERE k.set_id = e.criteria_set_id AND k.point_kind != 'normal')
        AS components""")
RESULT_NUMBERS = (
    "appraised_total",
    "survey_points",
    "bonus_points",
    "deduction_points",
    "index_max",
    "appraised_index",
)


def _numbers(row):
    return {name: float(row[name] or 0) for name in RESULT_NUMBERS}


class CchcPublicResults(models.AbstractModel):
    """What the public results pages show, read in one query a page.

    Only published campaigns whose page the secretariat has not withdrawn;
    only what the publication decision itself makes public: per unit its
    points per field, total, the index's other components (survey, bonus,
    deduction points and maximum) where the campaign has them, index,
    classification and rank. Nothing of
    evaluations in progress, evidence, comments or people. The methods read
    as the system (the public user has no rights on these models) and return
    plain values for the templates.
    """

    _name = "cchc.public.results"
    _description = "Reform Index Public Results"

    @api.model
    def _public_sql(self, alias="c"):
        return SQL(
            "%(state)s IN %(states)s AND %(public)s",
            state=SQL.identifier(alias, "state"),
            states=PUBLIC_STATES,
            public=SQL.identifier(alias, "public_results"),
        )

    @api.model
    def _campaigns(self):
        """Public campaigns, newest first, with their number of ranked units."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT c.id, c.year, c.name, c.province_name, c.decision_number,
                   c.decision_date, COUNT(e.id) AS unit_count
              FROM cchc_campaign c
         LEFT JOIN cchc_evaluation e
                ON e.campaign_id = c.id AND e.state = 'published'
             WHERE %(public)s
          GROUP BY c.id
          ORDER BY c.year DESC, c.id DESC
            """,
                public=self._public_sql(),
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _campaign(self, campaign_id):
        """A public campaign (as the system), or None."""
        campaign = (
            self.env["cchc.campaign"]
            .sudo()
            .search(
                [
                    ("id", "=", campaign_id),
                    ("state", "in", PUBLIC_STATES),
                    ("public_results", "=", True),
                ]
            )
        )
        return campaign or None

    @api.model
    def _ranking(self, campaign):
        """The published ranking of a public campaign, by unit type: for each
        type its fields (code, name) and its units in rank order."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT e.id, e.agency_id, a.name AS unit,
                   a.code AS unit_code, t.id AS unit_type_id, t.name AS unit_type,
                   %(results)s, b.name AS band,
                   %(fields)s
              FROM cchc_evaluation e
              JOIN cchc_agency a ON a.id = e.agency_id
              JOIN cchc_unit_type t ON t.id = e.unit_type_id
         LEFT JOIN cchc_campaign_band b ON b.id = e.band_id
             WHERE e.campaign_id = %(campaign)s AND e.state = 'published'
          ORDER BY t.sequence, t.id, e.rank NULLS LAST, a.name
            """,
                campaign=campaign.id,
                fields=FIELD_POINTS,
                results=RESULTS,
            )
        )
        groups = {}
        for row in self.env.cr.dictfetchall():
            group = groups.setdefault(
                row["unit_type_id"],
                {
                    "name": row["unit_type"],
                    "fields": [],
                    "units": [],
                    "components": row["components"],
                },
            )
            fields = row["fields"] or []
            if not group["fields"]:
                group["fields"] = [(code, name) for code, name, _p, _m in fields]
            group["units"].append(
                {
                    **_numbers(row),
                    "agency_id": row["agency_id"],
                    "name": row["unit"],
                    "code": row["unit_code"],
                    "rank": row["rank"],
                    "band": row["band"],
                    "points": {code: float(p or 0) for code, _n, p, _m in fields},
                }
            )
        return list(groups.values())

    @api.model
    def _unit_history(self, agency_id):
        """A unit's published results over the years (newest first), each with
        its points per field; an empty list when it has none public."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT a.name AS unit, t.name AS unit_type,
                   c.id AS campaign_id, c.year, c.name AS campaign,
                   c.decision_number, c.decision_date,
                   %(results)s, b.name AS band,
                   (SELECT COUNT(*) FROM cchc_evaluation o
                     WHERE o.campaign_id = e.campaign_id
                       AND o.unit_type_id = e.unit_type_id
                       AND o.state = 'published') AS ranked,
                   %(fields)s
              FROM cchc_evaluation e
              JOIN cchc_campaign c ON c.id = e.campaign_id
              JOIN cchc_agency a ON a.id = e.agency_id
              JOIN cchc_unit_type t ON t.id = e.unit_type_id
         LEFT JOIN cchc_campaign_band b ON b.id = e.band_id
             WHERE e.agency_id = %(agency)s AND e.state = 'published'
               AND %(public)s
          ORDER BY c.year DESC, c.id DESC
            """,
                agency=agency_id,
                public=self._public_sql(),
                fields=FIELD_POINTS,
                results=RESULTS,
            )
        )
        return [
            {
                **row,
                **_numbers(row),
                "fields": [
                    {
                        "code": code,
                        "name": name,
                        "points": float(points or 0),
                        "max": float(maximum or 0),
                    }
                    for code, name, points, maximum in row["fields"] or []
                ],
            }
            for row in self.env.cr.dictfetchall()
        ]
