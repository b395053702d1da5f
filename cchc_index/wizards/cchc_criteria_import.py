import base64
import io
import math
import re
import unicodedata
from collections import defaultdict
from itertools import pairwise

import openpyxl

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.cchc_criterion import CODE_PATTERN, POINT_KINDS
from ..models.cchc_input_mixin import format_number, is_blank, shown

LEVEL_LINE = re.compile(
    r"^(?P<name>.+):\s*(?P<points>\d+(?:[.,]\d+)?)"
    r"(?:\s*@\s*(?P<min>\d+(?:[.,]\d+)?)\s*%?)?$"
)
# Percentage bands as provincial decisions word them: "Trên 90%", "Từ 70% đến
# (dưới) 90%", "Dưới 70%", "Đạt 100%", "100%", "Từ 90% trở lên", with a decimal
# comma or point. "Trên" (above) and "dưới" (below) exclude their figure, "từ",
# "đạt" and "đến" include it.
PERCENT = r"(\d+(?:[.,]\d+)?)\s*(%?)"
BAND_WORDING = re.compile(
    rf"^(?:(?P<low_word>trên|>|từ|≥|>=|đạt(?:\s+từ)?)?\s*{PERCENT})?\s*"
    rf"(?:(?P<high_word>(?:đến|tới)(?:\s+dưới)?|dưới|<|≤|<=|-)\s*{PERCENT})?"
    r"\s*(?:trở\s+lên)?$"
)
# Rates are kept with 2 decimals: a band above X (exclusive) starts at X + 0.01,
# a band below Y (exclusive) ends at Y - 0.01.
PERCENT_STEP = 0.01
TRUE_WORDS = {"1", "x", "true", "yes", "có", "co"}
FALSE_WORDS = {"", "0", "false", "no", "không", "khong"}
# Sources of points as provincial sets word them; the codes and the labels (in
# English and in the user's language) are understood too.
KIND_WORDS = {
    "tự đánh giá": "normal",
    "tự đánh giá, thẩm định": "normal",
    "thẩm định": "normal",
    "điều tra xhh": "survey",
    "điều tra xã hội học": "survey",
    "đtxhh": "survey",
    "điểm thưởng": "bonus",
    "điểm cộng": "bonus",
    "điểm trừ": "deduction",
}


class CchcCriteriaImport(models.TransientModel):
    """Create a draft criteria set from a spreadsheet, one row per item.

    Columns, in this order (the first row is a header): code, name, maximum
    points, scoring method, levels or bands, appraising agency code, may be not
    applicable, evidence required, scoring guide, source of points (empty:
    self-assessed and appraised) and the set's bonus cap (on any one row; the
    export writes it on the first). Levels are written one per
    line as ``label: points``, bands as ``label: points @ lowest %`` or as
    decisions word them (``Trên 90%: 2; Từ 70% đến 90%: 1; Dưới 70%: 0``).
    """

    _name = "cchc.criteria.import"
    _description = "Import a Criteria Set"
    _inherit = ["cchc.input.mixin"]

    COLUMNS = (
        "code",
        "name",
        "max_points",
        "scoring_method",
        "levels",
        "agency",
        "allow_na",
        "evidence_required",
        "guide",
        "point_kind",
        "bonus_cap",
    )

    file = fields.Binary(string="Spreadsheet (.xlsx)", required=True)
    filename = fields.Char()
    year = fields.Integer(required=True)
    unit_type_id = fields.Many2one("cchc.unit.type", required=True)
    description = fields.Html()

    @api.model
    def _column_titles(self):
        return [
            self.env._("Code"),
            self.env._("Name"),
            self.env._("Maximum points"),
            self.env._("Scoring method"),
            self.env._("Levels / bands"),
            self.env._("Appraising agency"),
            self.env._("May be not applicable"),
            self.env._("Evidence required"),
            self.env._("Scoring guide"),
            self.env._("Source of points"),
            self.env._("Bonus cap of the set"),
        ]

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        nodes, errors = self._parse_rows(rows)
        bonus_cap, cap_errors = self._parse_bonus_cap(rows)
        errors += cap_errors
        if not errors:
            errors = self._check_tree(nodes)
        if errors:
            lines = []
            for row, reason in sorted(errors):
                lines.append(
                    self.env._("Row %(row)s: %(reason)s", row=row, reason=reason)
                )
            raise UserError(
                self.env._(
                    "Nothing was imported. Fix these rows and try again:\n%(errors)s",
                    errors="\n".join(lines),
                )
            )
        criteria_set = self._create_set(nodes, bonus_cap)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.criteria.set",
            "res_id": criteria_set.id,
            "view_mode": "form",
        }

    def _read_rows(self):
        """Return (row number, list of the COLUMNS' cell values) for each
        non-empty row."""
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(base64.b64decode(self.file)), read_only=True, data_only=True
            )
        except Exception as error:
            raise UserError(
                self.env._(
                    "This file cannot be read as an .xlsx spreadsheet: %(error)s",
                    error=error,
                )
            ) from error
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values[: len(self.COLUMNS)])
            cells += [None] * (len(self.COLUMNS) - len(cells))
            if number > 1 and any(c not in (None, "") for c in cells):
                rows.append((number, cells))
        if not rows:
            raise UserError(
                self.env._("The spreadsheet has no item rows below its header.")
            )
        return rows

    def _parse_rows(self, rows):
        """Turn rows into node dicts; collect every (row, reason) problem."""
        agencies = {
            a.code.upper(): a
            for a in self.env["cchc.agency"]
            .with_context(active_test=False)
            .search([("company_id", "=", self.env.company.id)])
        }
        methods = dict(
            self.env["cchc.criterion"]
            ._fields["scoring_method"]
            ._description_selection(self.env)
        )
        method_by_word = {key: key for key in methods}
        method_by_word.update({label.lower(): key for key, label in methods.items()})
        kind_by_word = self._kind_by_word()
        nodes, errors = {}, []
        for number, cells in rows:
            values = dict(zip(self.COLUMNS, cells, strict=True))
            node, problems = self._parse_row(
                values, agencies, method_by_word, kind_by_word
            )
            errors += [(number, problem) for problem in problems]
            if node["code"] in nodes:
                errors.append(
                    (
                        number,
                        self.env._("code %(code)s appears twice.", code=node["code"]),
                    )
                )
            elif node["code"]:
                node["row"] = number
                nodes[node["code"]] = node
        return nodes, errors

    def _parse_row(self, values, agencies, method_by_word, kind_by_word):
        problems = []
        code = str(values["code"] or "").strip()
        if not CODE_PATTERN.match(code):
            problems.append(
                self.env._(
                    "code '%(code)s' is not of the form 1, 1.2 or 1.2.3.", code=code
                )
            )
            code = ""
        name = str(values["name"] or "").strip()
        if is_blank(name):
            problems.append(self.env._("the name is empty."))
        max_points = self._to_number(values["max_points"])
        if max_points is None or not 0 <= max_points <= 100:
            problems.append(
                self.env._(
                    "maximum points '%(value)s' is not a number from 0 to 100.",
                    value=shown(values["max_points"] or ""),
                )
            )
            max_points = 0.0
        method = method_by_word.get(str(values["scoring_method"] or "").strip().lower())
        if not method:
            labels = (
                self.env["cchc.criterion"]
                ._fields["scoring_method"]
                ._description_selection(self.env)
            )
            problems.append(
                self.env._(
                    "scoring method '%(value)s' is unknown (use one of: %(methods)s).",
                    value=values["scoring_method"] or "",
                    methods=", ".join(label for _key, label in labels),
                )
            )
        levels, level_problems = self._parse_levels(
            values["levels"], max_points, method
        )
        problems += level_problems
        agency = self.env["cchc.agency"]
        if agency_code := str(values["agency"] or "").strip().upper():
            agency = agencies.get(agency_code, agency)
            if not agency:
                problems.append(
                    self.env._(
                        "appraising agency '%(code)s' is unknown.", code=agency_code
                    )
                )
        kind = kind_by_word.get(self._word(values["point_kind"]))
        if not kind:
            problems.append(
                self.env._(
                    "source of points '%(value)s' is unknown (use Tự đánh giá, "
                    "Điều tra XHH, Điểm thưởng, Điểm trừ, or normal, survey, "
                    "bonus, deduction).",
                    value=shown(values["point_kind"]),
                )
            )
        guide = str(values["guide"] or "").strip()
        flags = {}
        for column in ("allow_na", "evidence_required"):
            word = str(values[column] if values[column] is not None else "")
            word = word.strip().lower()
            if word in TRUE_WORDS:
                flags[column] = True
            elif word in FALSE_WORDS:
                flags[column] = False
            else:
                problems.append(
                    self.env._(
                        "'%(value)s' is not a yes/no value (use 1 or 0).", value=word
                    )
                )
        node = {
            "code": code,
            "name": name,
            "max_points": max_points,
            "scoring_method": method,
            "levels": levels,
            "appraising_agency_id": agency.id,
            "point_kind": kind or "normal",
            "guide": False if is_blank(guide) else guide,
            **flags,
        }
        criterion_model = self.env["cchc.criterion"]
        problems += filter(
            None,
            (
                criterion_model._cchc_input_problem(fname, node[fname])
                for fname in ("name", "max_points", "guide")
                if fname != "name" or not is_blank(name)
            ),
        )
        return node, problems

    @api.model
    def _word(self, value):
        """A cell's text, compared as words: lower case, single spaces."""
        text = unicodedata.normalize("NFC", str(value if value is not None else ""))
        return " ".join(text.lower().split())

    @api.model
    def _kind_by_word(self):
        """Source of points by the words that name it; empty: self-assessed."""
        field = self.env["cchc.criterion"]._fields["point_kind"]
        words = {"": "normal", **KIND_WORDS}
        for key, label in POINT_KINDS + field._description_selection(self.env):
            words[self._word(key)] = key
            words[self._word(label)] = key
        return words

    def _parse_bonus_cap(self, rows):
        """The set's bonus cap, given on one row or more with the same value;
        and the (row, reason) problems."""
        caps, errors = {}, []
        for number, cells in rows:
            value = dict(zip(self.COLUMNS, cells, strict=True))["bonus_cap"]
            if value in (None, ""):
                continue
            cap = self._to_number(value)
            if cap is None or not 0 <= cap <= 100:
                errors.append(
                    (
                        number,
                        self.env._(
                            "bonus cap '%(value)s' is not a number from 0 to 100.",
                            value=shown(value),
                        ),
                    )
                )
            else:
                caps[number] = cap
        if len(set(caps.values())) > 1:
            errors += [
                (number, self.env._("the set has one bonus cap: the rows differ."))
                for number in caps
            ]
        return next(iter(caps.values()), 0.0), errors

    @api.model
    def _to_number(self, value):
        """The cell as a finite number, or None."""
        if isinstance(value, int | float):
            number = float(value)
        else:
            try:
                number = float(str(value).strip().replace(",", "."))
            except ValueError:
                return None
        return number if math.isfinite(number) else None

    def _parse_levels(self, text, max_points, method):
        """Levels of a cell, and its problems; bands get their lowest rate."""
        levels, problems, ranges = [], [], []
        level_model = self.env["cchc.criterion.level"]
        for line in re.split(r"[;\n]", unicodedata.normalize("NFC", str(text or ""))):
            line = " ".join(line.split())
            if not line:
                continue
            match = LEVEL_LINE.match(line)
            if not match:
                problems.append(
                    self.env._(
                        "level '%(line)s' is not written as 'label: points' or "
                        "'label: points @ lowest %%'.",
                        line=shown(line),
                    )
                )
                continue
            name = match["name"].strip()
            points = self._to_number(match["points"])
            if match["min"] is not None or method != "bands":
                band = (self._to_number(match["min"] or 0), None)
            elif not (band := self._read_band(name)):
                problems.append(
                    self.env._(
                        "band '%(line)s' cannot be read: write it as 'Trên 90%%: 2', "
                        "'Từ 70%% đến 90%%: 1', 'Dưới 70%%: 0' or 'label: points @ "
                        "lowest %%'.",
                        line=shown(line),
                    )
                )
                continue
            min_percent, max_percent = band
            if float_compare(points, max_points, 2) > 0:
                problems.append(
                    self.env._(
                        "level '%(line)s' gives more than the maximum %(max)s.",
                        line=shown(line),
                        max=format_number(self.env, max_points),
                    )
                )
            if min_percent > 100:
                problems.append(
                    self.env._("band '%(line)s' starts above 100%%.", line=shown(line))
                )
            elif max_percent is not None and max_percent < min_percent:
                problems.append(
                    self.env._(
                        "band '%(line)s' ends below the rate it starts from.",
                        line=shown(line),
                    )
                )
            level = {"name": name, "points": points, "min_percent": min_percent}
            problems += filter(
                None,
                (level_model._cchc_input_problem(f, v) for f, v in level.items()),
            )
            levels.append(level)
            ranges.append((min_percent, max_percent, line))
        if method == "bands" and not problems:
            problems += self._range_problems(ranges)
        return levels, problems

    def _read_band(self, wording):
        """(lowest rate, highest rate or None) of a band worded as in decisions,
        both inclusive at 2 decimals, or None when the wording is not one of
        them."""
        match = BAND_WORDING.match(wording.lower())
        if not match:
            return None
        low, low_percent, high, high_percent = match.group(2, 3, 5, 6)
        low_word, high_word = match["low_word"], match["high_word"]
        if low is None and high is None:
            return None
        if low is not None and not (low_word or low_percent or high_percent):
            return None  # a bare number without % is a label, not a rate
        if high is not None and low is None and high_word not in ("dưới", "<"):
            return None  # "đến 50%" alone: say from where
        minimum = self._to_number(low) if low is not None else 0.0
        if low_word in ("trên", ">"):
            minimum = round(minimum + PERCENT_STEP, 2)
        maximum = None
        if high is not None:
            maximum = self._to_number(high)
            if high_word == "<" or high_word.endswith("dưới"):
                maximum = round(maximum - PERCENT_STEP, 2)
        return minimum, maximum

    def _range_problems(self, ranges):
        """Bands must cover 0 to 100% once: no gap, no overlap.

        :param ranges: (lowest, highest or None, text) of each band; a band
            without a highest rate runs up to the next band.
        """
        problems = []
        ordered = sorted(ranges, key=lambda r: r[0])
        for (_low, high, text), (next_low, _high, next_text) in pairwise(ordered):
            if high is None or float_compare(high + PERCENT_STEP, next_low, 2) == 0:
                continue
            if float_compare(high, next_low, 2) >= 0:
                problems.append(
                    self.env._(
                        "bands '%(band)s' and '%(other)s' overlap.",
                        band=shown(text),
                        other=shown(next_text),
                    )
                )
            else:
                problems.append(
                    self.env._(
                        "rates between '%(band)s' and '%(other)s' fall in no band.",
                        band=shown(text),
                        other=shown(next_text),
                    )
                )
        if ordered and ordered[-1][1] is not None and ordered[-1][1] < 100:
            problems.append(
                self.env._(
                    "rates above '%(band)s' fall in no band.",
                    band=shown(ordered[-1][2]),
                )
            )
        return problems

    def _check_tree(self, nodes):
        """Parents exist, parents are worth their children, methods fit levels."""
        errors = []
        children = defaultdict(list)
        for code, node in nodes.items():
            parent_code = code.rpartition(".")[0]
            if parent_code and parent_code not in nodes:
                errors.append(
                    (
                        node["row"],
                        self.env._("its parent %(code)s is missing.", code=parent_code),
                    )
                )
            children[parent_code].append(node)
        level_model = self.env["cchc.criterion.level"]
        for code, node in nodes.items():
            if code in children:
                if node["levels"]:
                    errors.append(
                        (
                            node["row"],
                            self.env._("an item with sub-items takes no levels."),
                        )
                    )
                total = sum(child["max_points"] for child in children[code])
                if float_compare(total, node["max_points"], 2):
                    errors.append(
                        (
                            node["row"],
                            self.env._(
                                "%(code)s is worth %(max)s points but its items add "
                                "up to %(sum)s.",
                                code=code,
                                max=format_number(self.env, node["max_points"]),
                                sum=format_number(self.env, total),
                            ),
                        )
                    )
            elif problem := level_model._method_problem(
                node["scoring_method"], [lv["min_percent"] for lv in node["levels"]]
            ):
                errors.append((node["row"], problem))
        return errors

    def _create_set(self, nodes, bonus_cap=0.0):
        criteria_set = self.env["cchc.criteria.set"].create(
            {
                "year": self.year,
                "unit_type_id": self.unit_type_id.id,
                "description": self.description,
                "bonus_cap": bonus_cap,
            }
        )
        criterion_model = self.env["cchc.criterion"]
        id_by_code = {}
        # Parents first: one batch per depth.
        for depth in range(3):
            batch = [n for c, n in nodes.items() if c.count(".") == depth]
            created = criterion_model.create(
                [
                    {
                        **{k: v for k, v in node.items() if k not in ("levels", "row")},
                        "set_id": criteria_set.id,
                        "parent_id": id_by_code.get(node["code"].rpartition(".")[0]),
                        "level_ids": [
                            Command.create({**level, "sequence": 10 * seq})
                            for seq, level in enumerate(node["levels"], start=1)
                        ],
                    }
                    for node in batch
                ]
            )
            id_by_code.update(zip(created.mapped("code"), created.ids, strict=True))
        # Created level by level: re-read the set's items in code order.
        criteria_set.invalidate_recordset(["criterion_ids"])
        return criteria_set
