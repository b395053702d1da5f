from contextlib import closing
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.cchc_index.models.cchc_evaluation import (
    full_index_of,
    full_index_sql,
    index_of,
    index_sql,
)

from .common import CchcCase

CENT = Decimal("0.01")
# The items of a small set, every method, all of which may be not applicable:
# code: (method, maximum, [(points, lowest rate in %)] for levels and bands).
# Field 1 is worth 40 so that its index can end in 5 at the third decimal.
# Item 3 takes its points from the survey; 4 is a bonus, 5 a deduction, outside
# the 100 points.
ITEMS = {
    "1.1": ("yes_no", "12.5", []),
    "1.2": ("levels", "15", [("15", 0), ("7.5", 0), ("0", 0)]),
    "1.3": ("free", "12.5", []),
    "2.1": ("bands", "20.5", [("20.5", 90), ("10.25", 50), ("0", 0)]),
    "2.2": ("free", "26.49", []),
    "3": ("free", "13.01", []),
    "4": ("free", "10", []),
    "5": ("free", "12", []),
}
FIELDS = {"1": "40", "2": "46.99", "3": "13.01", "4": "10", "5": "12"}
KINDS = {"3": "survey", "4": "bonus", "5": "deduction"}
BONUS_CAP = Decimal("7.5")


def half_up(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def plain_index(points, maximum):
    """The index by its definition, on exact decimals."""
    return half_up(points * 100 / maximum) if maximum else Decimal(0)


def plain_full_index(appraised, survey, bonus, deduction, cap, maximum):
    """The index of all its components by its definition: bonus up to the cap,
    bounded to 0..100."""
    points = appraised + survey + min(bonus, cap) - deduction
    return min(max(plain_index(points, maximum), Decimal(0)), Decimal(100))


def cents(low, high):
    """2-decimal values from low to high (Decimals or strings)."""
    return st.integers(int(Decimal(low) * 100), int(Decimal(high) * 100)).map(
        lambda n: Decimal(n) / 100
    )


def item_score(method, maximum, levels, kind="normal"):
    """What a unit and its appraiser may enter on an item: (N/A, self, appraised);
    for a survey item: (not measured, None, survey points)."""
    if kind == "survey":
        return st.tuples(st.booleans(), st.none(), cents(0, maximum))
    if method == "yes_no":
        entered = st.sampled_from([None, "yes", "no"])
        appraised = st.sampled_from([Decimal(0), Decimal(maximum)])
    elif method == "levels":
        entered = st.sampled_from([None, *range(len(levels))])
        appraised = st.sampled_from([Decimal(points) for points, _pct in levels])
    elif method == "bands":
        # (achieved, out of); None is not declared. Rates that end in 5 at the
        # third decimal (89.995 %) must reach the band above, as displayed.
        figure = cents("0.01", "2000").flatmap(
            lambda total: st.tuples(cents(0, total), st.just(total))
        )
        entered = st.one_of(
            st.none(), figure, st.just((Decimal("179.99"), Decimal("200")))
        )
        appraised = st.sampled_from([Decimal(points) for points, _pct in levels])
    else:
        entered = st.one_of(st.none(), cents(0, maximum))
        appraised = cents(0, maximum)
    return st.tuples(st.booleans(), entered, appraised)


UNIT = st.fixed_dictionaries(
    {
        code: item_score(*definition, KINDS.get(code, "normal"))
        for code, definition in ITEMS.items()
    }
)
# Field 1 alone applicable, appraised at 20.01 of 40: index 50.025 → 50.03.
HALFWAY = {
    "1.1": (False, "yes", Decimal("12.5")),
    "1.2": (False, 1, Decimal("7.5")),
    "1.3": (False, Decimal("0.01"), Decimal("0.01")),
    "2.1": (True, None, Decimal(0)),
    "2.2": (True, None, Decimal(0)),
    "3": (True, None, Decimal(0)),
    "4": (True, None, Decimal(0)),
    "5": (True, None, Decimal(0)),
}
# Deductions above the points (index 0) and a bonus beyond the cap over a full
# score (index 100).
BOUNDS = (
    {
        **HALFWAY,
        "1.1": (False, "no", Decimal(0)),
        "1.2": (False, 2, Decimal(0)),
        "1.3": (False, Decimal(0), Decimal(0)),
        "5": (False, Decimal(12), Decimal(12)),
    },
    {
        **{code: (False, None, Decimal(ITEMS[code][1])) for code in ITEMS},
        "1.1": (False, "yes", Decimal("12.5")),
        "1.2": (False, 0, Decimal(15)),
        "5": (False, None, Decimal(0)),
    },
)


class TestScoringTruth(CchcCase):
    """The SQL batch paths and the Python computes give the same numbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["cchc.criterion"]
        criteria_set = cls.env["cchc.criteria.set"].create(
            {
                "year": 2035,
                "unit_type_id": cls.unit_type_so.id,
                "bonus_cap": float(BONUS_CAP),
            }
        )
        fields_ = {
            code: Criterion.create(
                {
                    "set_id": criteria_set.id,
                    "code": code,
                    "name": f"Lĩnh vực {code}",
                    "max_points": float(maximum),
                    "appraising_agency_id": cls.agency_snv.id,
                }
            )
            for code, maximum in FIELDS.items()
        }
        cls.items = {}
        for code, (method, maximum, levels) in ITEMS.items():
            vals = {
                "scoring_method": method,
                "point_kind": KINDS.get(code, "normal"),
                "allow_na": True,
                "level_ids": [
                    Command.create(
                        {"name": points, "points": float(points), "min_percent": pct}
                    )
                    for points, pct in levels
                ],
            }
            if code in fields_:
                fields_[code].write(vals)
                cls.items[code] = fields_[code]
            else:
                cls.items[code] = Criterion.create(
                    {
                        "set_id": criteria_set.id,
                        "parent_id": fields_[code.split(".")[0]].id,
                        "code": code,
                        "name": f"Nội dung {code}",
                        "max_points": float(maximum),
                        **vals,
                    }
                )
        criteria_set.action_activate()
        agencies = cls.env["cchc.agency"].create(
            [
                {
                    "name": f"Đơn vị {i}",
                    "code": f"ST{i}",
                    "unit_type_id": cls.unit_type_so.id,
                }
                for i in (1, 2)
            ]
        )
        cls.campaign = cls.env["cchc.campaign"].create(
            {
                "year": 2035,
                "criteria_set_ids": [Command.set(criteria_set.ids)],
                "agency_ids": [Command.set(agencies.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        cls.campaign.action_open_self_assessment()
        cls.evaluations = cls.campaign.evaluation_ids.sorted("id")
        cls.criteria_set = criteria_set

    # --- what each path gives -------------------------------------------------

    def _self_points(self, code, na, entered):
        """A line's self score and applicable maximum, by the rules in plain words:
        the self-assessed maximum is that of the appraised items."""
        method, maximum, levels = ITEMS[code]
        kind = KINDS.get(code, "normal")
        if kind == "survey" or na:
            return Decimal(0), Decimal(0)
        if kind != "normal":
            return entered or Decimal(0), Decimal(0)
        if entered is None:
            return Decimal(0), Decimal(maximum)
        if method == "yes_no":
            points = Decimal(maximum) if entered == "yes" else Decimal(0)
        elif method == "levels":
            points = Decimal(levels[entered][0])
        elif method == "bands":
            done, total = entered
            rate = half_up(done * 100 / total)
            points = max(
                (Decimal(pct), Decimal(p)) for p, pct in levels if Decimal(pct) <= rate
            )[1]
        else:
            points = entered
        return points, Decimal(maximum)

    def _enter(self, evaluation, unit):
        """The unit's self scores through the ORM; the appraised scores as the
        appraisal workflow leaves them (never on a not applicable item), and the
        survey's points as the survey leaves them."""
        lines = {line.code: line for line in evaluation.line_ids}
        appraised, survey = [], []
        for code, (na, entered, points) in unit.items():
            method = ITEMS[code][0]
            if KINDS.get(code) == "survey":
                survey.append((lines[code].id, Decimal(0) if na else points, na))
                continue
            vals = {"is_na": na}
            if entered is not None:
                if method == "yes_no":
                    vals["self_answer"] = entered
                elif method == "levels":
                    vals["self_level_id"] = self.items[code].level_ids[entered].id
                elif method == "bands":
                    vals["figure_done"], vals["figure_total"] = map(float, entered)
                else:
                    vals["free_points"] = float(entered)
            lines[code].write(vals)
            appraised.append((lines[code].id, Decimal(0) if na else points, not na))
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE cchc_evaluation_line l
               SET appraised_points = v.points, is_appraised = v.appraised
              FROM unnest(%s::int[], %s::numeric[], %s::bool[]) AS v(id, points, appraised)
             WHERE l.id = v.id
            """,
            [list(column) for column in zip(*appraised, strict=True)],
        )
        self.env.cr.execute(
            """
            UPDATE cchc_evaluation_line l
               SET survey_points = v.points, survey_na = v.na
              FROM unnest(%s::int[], %s::numeric[], %s::bool[]) AS v(id, points, na)
             WHERE l.id = v.id
            """,
            [list(column) for column in zip(*survey, strict=True)],
        )

    def _sql_self_indexes(self, evaluation):
        """The SQL index applied to the self scores: of the evaluation, of each field."""

        def by_kind(kind):
            return SQL(
                "COALESCE(SUM(l.self_points) FILTER (WHERE c.point_kind = %s), 0)",
                kind,
            )

        self.env.cr.execute(
            SQL(
                """
                SELECT NULL, %(total)s FROM cchc_evaluation e
                  JOIN cchc_evaluation_line l ON l.evaluation_id = e.id
                  JOIN cchc_criterion c ON c.id = l.criterion_id
                 WHERE e.id = %(id)s GROUP BY e.id
                 UNION ALL
                SELECT c.code, %(field)s FROM cchc_evaluation_field f
                  JOIN cchc_criterion c ON c.id = f.criterion_id
                  JOIN cchc_evaluation_line l ON l.evaluation_field_id = f.id
                 WHERE f.evaluation_id = %(id)s GROUP BY c.code, f.id
                """,
                id=evaluation.id,
                total=full_index_sql(
                    by_kind("normal"),
                    SQL("0"),
                    by_kind("bonus"),
                    by_kind("deduction"),
                    float(BONUS_CAP),
                    SQL("e.applicable_max"),
                ),
                field=index_sql(SQL("SUM(l.self_points)"), SQL("f.applicable_max")),
            )
        )
        return {code: float(index) for code, index in self.env.cr.fetchall()}

    def _check_unit(self, evaluation, unit):
        expected = {code: self._self_points(code, *unit[code][:2]) for code in ITEMS}
        # Per kind: self points, appraised (or survey) points, index maximum.
        kinds = {kind: [0, 0, 0] for kind in ("normal", "survey", "bonus", "deduction")}
        by_field = {}
        for code, (points, maximum) in expected.items():
            kind = KINDS.get(code, "normal")
            na, _entered, given = unit[code]
            counted = Decimal(0) if na else given
            field = by_field.setdefault(code.split(".")[0], [0, 0, 0])
            field[0] += points
            field[1] += maximum
            field[2] += counted if kind != "survey" else 0
            kinds[kind][0] += points
            kinds[kind][1] += counted
            kinds[kind][2] += maximum or (
                Decimal(ITEMS[code][1]) if kind == "survey" and not na else 0
            )
        self_total = (
            kinds["normal"][0]
            + min(kinds["bonus"][0], BONUS_CAP)
            - kinds["deduction"][0]
        )
        applicable = kinds["normal"][2]
        index_max = applicable + kinds["survey"][2]
        components = (
            kinds["normal"][1],
            kinds["survey"][1],
            kinds["bonus"][1],
            kinds["deduction"][1],
            BONUS_CAP,
            index_max,
        )

        # (1) The stored Python totals are those of the rules.
        for line in evaluation.line_ids:
            self.assertEqual(
                (line.self_points, line.applicable_max),
                tuple(map(float, expected[line.code])),
                line.code,
            )
        for field in evaluation.field_ids:
            points, maximum, field_appraised = by_field[field.criterion_id.code]
            self.assertEqual(
                (
                    field.self_points,
                    field.applicable_max,
                    field.self_index,
                    field.appraised_points,
                ),
                (
                    float(points),
                    float(maximum),
                    float(plain_index(points, maximum)),
                    float(field_appraised),
                ),
                field.criterion_id.code,
            )
        results = (
            evaluation.self_total,
            evaluation.applicable_max,
            evaluation.self_index,
            evaluation.appraised_total,
            evaluation.survey_points,
            evaluation.bonus_points,
            evaluation.deduction_points,
            evaluation.index_max,
            evaluation.appraised_index,
        )
        self.assertEqual(
            results,
            (
                float(self_total),
                float(applicable),
                float(
                    plain_full_index(
                        kinds["normal"][0],
                        0,
                        kinds["bonus"][0],
                        kinds["deduction"][0],
                        BONUS_CAP,
                        applicable,
                    )
                ),
                *map(float, components[:2]),
                float(min(kinds["bonus"][1], BONUS_CAP)),
                *map(float, components[3:4]),
                float(index_max),
                float(plain_full_index(*components)),
            ),
        )
        # (2) The SQL index is the Python one, rounded half-up alike.
        self.assertEqual(
            evaluation.appraised_index,
            full_index_of(
                evaluation.appraised_total,
                evaluation.survey_points,
                evaluation.bonus_points,
                evaluation.deduction_points,
                float(BONUS_CAP),
                evaluation.index_max,
            ),
        )
        # (3) The SQL index of the self scores is the Python self index.
        sql_indexes = self._sql_self_indexes(evaluation)
        self.assertEqual(sql_indexes.pop(None), evaluation.self_index)
        self.assertEqual(
            sql_indexes,
            {f.criterion_id.code: f.self_index for f in evaluation.field_ids},
        )
        # The classification is the band the index reaches.
        bands = self.campaign.band_ids.filtered(
            lambda b: b.lower_bound <= evaluation.appraised_index
        )
        self.assertEqual(
            evaluation.band_id, bands.sorted("lower_bound", reverse=True)[:1]
        )

    # --- the properties ---------------------------------------------------------

    def test_opening_subtotals_are_those_of_the_computes(self):
        """The SQL-inserted subtotals of a new evaluation, computed again in Python."""
        computed = {
            "cchc.evaluation.line": self.evaluations.line_ids,
            "cchc.evaluation.field": self.evaluations.field_ids,
            "cchc.evaluation": self.evaluations,
        }
        names = {
            model: [
                name
                for name, field in records._fields.items()
                if field.store
                and field.compute
                and field.compute in ("_compute_self_points", "_compute_totals")
            ]
            for model, records in computed.items()
        }
        stored = {
            model: records.read(names[model]) for model, records in computed.items()
        }
        self.assertEqual(
            [(e["applicable_max"], e["item_count"]) for e in stored["cchc.evaluation"]],
            # Survey items are neither self-assessed nor in its maximum; bonus
            # and deduction items are self-assessed, outside the maximum.
            [(100.0 - float(FIELDS["3"]), len(ITEMS) - 1)] * 2,
        )
        for model, records in computed.items():
            for name in names[model]:
                self.env.add_to_compute(records._fields[name], records)
        for model, records in computed.items():
            self.assertEqual(records.read(names[model]), stored[model], model)

    @given(units=st.tuples(UNIT, UNIT))
    @example(units=(HALFWAY, HALFWAY))
    @example(units=BOUNDS)
    @settings(max_examples=150, deadline=None, database=None)
    def test_sql_and_python_totals_agree(self, units):
        with closing(self.env.cr.savepoint()):
            for evaluation, unit in zip(self.evaluations, units, strict=True):
                self._enter(evaluation, unit)
            self.campaign._recompute_results()
            self.env.invalidate_all()
            for evaluation, unit in zip(self.evaluations, units, strict=True):
                self._check_unit(evaluation, unit)

    @given(
        pairs=st.lists(
            cents("0.01", "100").flatmap(
                lambda maximum: st.tuples(cents(0, maximum), st.just(maximum))
            )
            | st.sampled_from(["40", "80", "12.5", "62.5", "16"]).flatmap(
                lambda maximum: st.tuples(cents(0, maximum), st.just(Decimal(maximum)))
            ),
            min_size=1,
            max_size=50,
        )
    )
    @example(pairs=[(Decimal("76.5"), Decimal("82")), (Decimal("20.01"), Decimal(40))])
    @settings(max_examples=100, deadline=None, database=None)
    def test_index_rounds_alike_in_python_and_sql(self, pairs):
        """index_of on floats and its SQL twin on numeric, ties included."""
        points, maxima = zip(*pairs, strict=True)
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM unnest(%s::numeric[], %s::numeric[]) AS v(p, m)",
                index_sql(SQL("v.p"), SQL("v.m")),
                list(points),
                list(maxima),
            )
        )
        self.assertEqual(
            [float(index) for (index,) in self.env.cr.fetchall()],
            [index_of(float(p), float(m)) for p, m in pairs],
        )
        self.assertEqual(
            [index_of(float(p), float(m)) for p, m in pairs],
            [float(plain_index(p, m)) for p, m in pairs],
        )

    @given(
        components=st.tuples(
            cents(0, 100),
            cents(0, 40),
            cents(0, 20),
            cents(0, 60),
            cents(0, 20),
            st.sampled_from([Decimal(0), Decimal(40), Decimal("87.5")])
            | cents("0.01", 100),
        ),
    )
    @example(components=tuple(map(Decimal, ("20", "0", "0.01", "0", "5", "40"))))
    @example(components=tuple(map(Decimal, ("90", "10", "20", "0", "5", "100"))))
    @example(components=tuple(map(Decimal, ("10", "0", "0", "40", "5", "100"))))
    @settings(max_examples=150, deadline=None, database=None)
    def test_full_index_alike_in_python_and_sql(self, components):
        """full_index_of on floats, its SQL twin on numeric and the definition:
        ties, the bonus cap and both bounds."""
        self.env.cr.execute(
            SQL(
                "SELECT %s",
                full_index_sql(*(SQL("%s::numeric", c) for c in components)),
            )
        )
        (sql_index,) = self.env.cr.fetchone()
        python_index = full_index_of(*map(float, components))
        self.assertEqual(float(sql_index), python_index)
        self.assertEqual(python_index, float(plain_full_index(*components)))

    def test_not_applicable_item_takes_no_appraised_score(self):
        """Else the index counts points whose maximum it leaves out (over 100)."""
        campaign = self.env["cchc.campaign"].create(
            {
                "year": 2035,
                "criteria_set_ids": [Command.set(self.criteria_set.ids)],
                "agency_ids": [Command.set(self.agency_stp.ids)],
                "date_self_close": "2099-12-31",
            }
        )
        campaign.action_open_self_assessment()
        evaluation = campaign.evaluation_ids
        lines = {line.code: line for line in evaluation.line_ids}
        for code, vals in {
            "1.1": {"self_answer": "yes"},
            "1.2": {"self_level_id": self.items["1.2"].level_ids[0].id},
            "1.3": {"is_na": True},
            "2.1": {"figure_done": 9, "figure_total": 10},
            "2.2": {"free_points": 20},
            "4": {"free_points": 0},
            "5": {"free_points": 0},
        }.items():
            lines[code].write({**vals, "explanation": "Theo báo cáo năm."})
        not_applicable = lines["1.3"]
        self._add_participants(evaluation)
        evaluation.with_user(self.head).action_submit()
        campaign.action_start_appraisal()
        appraisal = evaluation.appraisal_ids.with_user(self._make_appraisers()["SNV"])
        with self.assertRaises(ValidationError) as caught:
            not_applicable.with_user(appraisal.env.user).write(
                {"appraised_points": 12.5}
            )
        self.assertIn("1.3 is not applicable to this unit", str(caught.exception))
        appraisal.action_accept_self_scores()
        appraisal.action_done()
        # 68 of 74.49 appraised, and the survey item, whose points are not
        # taken yet (at the council review): 68 of 87.5.
        self.assertEqual(
            (
                evaluation.applicable_max,
                evaluation.index_max,
                evaluation.appraised_index,
            ),
            (74.49, 87.5, 77.71),
        )
