import math
import unicodedata

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

# Longest text a field takes: one-line texts (names, codes, numbers of
# documents) and multi-line texts (explanations, guides, comments).
CHAR_MAX = 256
TEXT_MAX = 10_000
# PostgreSQL's integer column.
INTEGER_MAX = 2**31 - 1
# Characters that show nothing although Unicode files them as letters or symbols
# (Hangul fillers, the blank Braille pattern, Khmer inherent vowels, variation
# selectors, the combining grapheme joiner). Spaces, controls and format
# characters (zero-width spaces and joiners, soft hyphen, BOM…) are found by
# their category.
INVISIBLE_CHARS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})


def is_blank(text):
    """True when text shows no character: empty, spaces, or only invisible ones."""
    return not any(
        not (
            char.isspace()
            or char in INVISIBLE_CHARS
            or unicodedata.category(char) in INVISIBLE_CATEGORIES
        )
        for char in text or ""
    )


def format_number(env, value):
    """A number as the user's language writes it (vi_VN: ``1.234,5``), with the
    decimals it has (at most 6), for messages and documents."""
    text = repr(float(value))
    if not math.isfinite(value) or "e" in text:
        return text
    decimals = len(text.partition(".")[2].rstrip("0"))
    return formatLang(env, value, digits=min(decimals, 6))


def shown(value, limit=40):
    """A value as an error message can quote it: valid UTF-8, and short."""
    text = str(value).encode("utf-8", "backslashreplace").decode()
    return text if len(text) <= limit else f"{text[:limit]}…"


class CchcInputMixin(models.AbstractModel):
    """Generic checks of the values written to a model, before they are stored.

    Numbers must be numbers, finite and fit their column (digits of a float,
    PostgreSQL integer); texts must be valid Unicode without NUL, and at most
    CHAR_MAX (one line) or TEXT_MAX (multi-line) characters; the texts named in
    ``_cchc_visible_text_fields`` must show a visible character when filled
    (and always when required). Ranges proper to a field are constraints of
    its model.
    """

    _name = "cchc.input.mixin"
    _description = "Checks of Typed-in Values"

    _cchc_visible_text_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cchc_check_input(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._cchc_check_input(vals)
        return super().write(vals)

    @api.model
    def _cchc_check_input(self, vals):
        for fname, value in vals.items():
            if problem := self._cchc_input_problem(fname, value):
                raise ValidationError(problem)

    @api.model
    def _cchc_input_problem(self, fname, value):
        """Why value cannot be written to field fname, or False."""
        field = self._fields.get(fname)
        if field is None or value is False or value is None:
            return False
        label = field._description_string(self.env)
        if field.type in ("float", "integer"):
            return self._cchc_number_problem(field, label, value)
        if field.type in ("char", "text") and isinstance(value, str):
            return self._cchc_text_problem(field, label, value)
        return False

    @api.model
    def _cchc_number_problem(self, field, label, value):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return self.env._(
                "%(field)s: '%(value)s' is not a number.",
                field=label,
                value=shown(value),
            )
        if field.type == "integer":
            if value != int(value):
                return self.env._(
                    "%(field)s: %(value)s is not a whole number.",
                    field=label,
                    value=format_number(self.env, value),
                )
            if abs(value) > INTEGER_MAX:
                return self.env._(
                    "%(field)s: %(value)s is too large.",
                    field=label,
                    value=format_number(self.env, value),
                )
            return False
        digits = field.get_digits(self.env)
        if not digits:
            return False
        precision, scale = digits
        if abs(value) >= 10 ** (precision - scale):
            return self.env._(
                "%(field)s: %(value)s is too large.",
                field=label,
                value=format_number(self.env, value),
            )
        if round(value, scale) != value:
            return self.env._(
                "%(field)s: %(value)s has more than %(scale)s decimals.",
                field=label,
                value=format_number(self.env, value),
                scale=scale,
            )
        return False

    @api.model
    def _cchc_text_problem(self, field, label, text):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return self.env._(
                "%(field)s: the text contains characters that are not valid "
                "Unicode (lone surrogates).",
                field=label,
            )
        if "\x00" in text:
            return self.env._(
                "%(field)s: the text contains a NUL character.", field=label
            )
        limit = CHAR_MAX if field.type == "char" else TEXT_MAX
        if len(text) > limit:
            return self.env._(
                "%(field)s: the text has %(length)s characters, more than the "
                "%(limit)s allowed.",
                field=label,
                length=len(text),
                limit=limit,
            )
        if (
            field.name in self._cchc_visible_text_fields
            and (text or field.required)
            and is_blank(text)
        ):
            return self.env._(
                "%(field)s: write visible text (spaces and invisible characters "
                "alone do not count).",
                field=label,
            )
        return False
