import base64
import io
import math
import re
from collections import defaultdict

import openpyxl

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.cchc_criterion import CODE_PATTERN

LEVEL_LINE = re.compile(
    r"^(?P<name>.+):\s*(?P<points>\d+(?:[.,]\d+)?)"
    r"(?:\s*@\s*(?P<min>\d+(?:[.,]\d+)?)\s*%?)?$"
)
TRUE_WORDS = {"1", "x", "true", "yes", "có", "co"}
FALSE_WORDS = {"", "0", "false", "no", "không", "khong"}


class CchcCriteriaImport(models.TransientModel):
    """Create a draft criteria set from a spreadsheet, one row per item.

    Columns, in this order (the first row is a header): code, name, maximum
    points, scoring method, levels or bands, appraising agency code, may be not
    applicable, evidence required, scoring guide. Levels are written one per
    line as ``label: points``, bands as ``label: points @ lowest %``.
    """

    _name = "cchc.criteria.import"
    _description = "Import a Criteria Set"

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
        ]

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        nodes, errors = self._parse_rows(rows)
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
        criteria_set = self._create_set(nodes)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.criteria.set",
            "res_id": criteria_set.id,
            "view_mode": "form",
        }

    def _read_rows(self):
        """Return (row number, list of 9 cell values) for each non-empty row."""
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
            for a in self.env["cchc.agency"].with_context(active_test=False).search([])
        }
        methods = dict(
            self.env["cchc.criterion"]
            ._fields["scoring_method"]
            ._description_selection(self.env)
        )
        method_by_word = {key: key for key in methods}
        method_by_word.update({label.lower(): key for key, label in methods.items()})
        nodes, errors = {}, []
        for number, cells in rows:
            values = dict(zip(self.COLUMNS, cells, strict=True))
            node, problems = self._parse_row(values, agencies, method_by_word)
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

    def _parse_row(self, values, agencies, method_by_word):
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
        if not name:
            problems.append(self.env._("the name is empty."))
        max_points = self._to_number(values["max_points"])
        if max_points is None or max_points < 0:
            problems.append(
                self.env._(
                    "maximum points '%(value)s' is not a number of 0 or more.",
                    value=values["max_points"] or "",
                )
            )
            max_points = 0.0
        method = method_by_word.get(str(values["scoring_method"] or "").strip().lower())
        if not method:
            problems.append(
                self.env._(
                    "scoring method '%(value)s' is unknown (use yes_no, levels, bands "
                    "or free).",
                    value=values["scoring_method"] or "",
                )
            )
        levels, level_problems = self._parse_levels(values["levels"], max_points)
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
            "guide": str(values["guide"] or "").strip() or False,
            **flags,
        }
        return node, problems

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

    def _parse_levels(self, text, max_points):
        levels, problems = [], []
        for line in re.split(r"[;\n]", str(text or "")):
            if not line.strip():
                continue
            match = LEVEL_LINE.match(line.strip())
            if not match:
                problems.append(
                    self.env._(
                        "level '%(line)s' is not written as 'label: points' or "
                        "'label: points @ lowest %%'.",
                        line=line.strip(),
                    )
                )
                continue
            points = self._to_number(match["points"])
            min_percent = self._to_number(match["min"] or 0)
            if float_compare(points, max_points, 2) > 0:
                problems.append(
                    self.env._(
                        "level '%(line)s' gives more than the maximum %(max)s.",
                        line=line.strip(),
                        max=max_points,
                    )
                )
            if min_percent > 100:
                problems.append(
                    self.env._("band '%(line)s' starts above 100%%.", line=line.strip())
                )
            levels.append(
                {
                    "name": match["name"].strip(),
                    "points": points,
                    "min_percent": min_percent,
                }
            )
        return levels, problems

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
                                max=node["max_points"],
                                sum=total,
                            ),
                        )
                    )
            elif problem := level_model._method_problem(
                node["scoring_method"], [lv["min_percent"] for lv in node["levels"]]
            ):
                errors.append((node["row"], problem))
        return errors

    def _create_set(self, nodes):
        criteria_set = self.env["cchc.criteria.set"].create(
            {
                "year": self.year,
                "unit_type_id": self.unit_type_id.id,
                "description": self.description,
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
