"""Reading one cell strictly: numbers and codes, the same rules for targets and records.

Numbers: `1234.56`, `1,234.56` (commas only in groups of three) and `(1,234.56)` (an accounting
negative). Refused (None, or `NonFinite` for what only looks like a number): a decimal comma
(`12,34`, `1.234,56`), `_` (`1_000`), a plus sign, exponents (`1e-5`), NaN and infinity. Money is
bounded by the store's DECIMAL(18,2): below 10^16 yuan.

Codes and ID numbers: format characters that cannot be seen (zero-width spaces and joiners, the
byte-order mark, left-to-right and right-to-left marks and embeddings, soft hyphens: Unicode
category Cf) and white space are removed before the value is checked, so a code copied with a
trailing U+200B is the same code, not a second project that looks identical.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
GROUPED = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
BRACKETED = re.compile(r"\(([0-9]{1,3}(,[0-9]{3})*|[0-9]+)(\.[0-9]+)?\)")
NON_FINITE = re.compile(r"[-+]?(nan|inf|infinity|[0-9.,]*[0-9]e[-+]?[0-9]+)", re.IGNORECASE)
MAX_YUAN = Decimal("1e16")  # DECIMAL(18,2)
NUMBER_HINT = "应写成 1234.56 或 1,234.56；不接受科学计数法、下划线、小数逗号"
# U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF, U+00AD (for SQL: RE2)
INVISIBLE_SQL = "[\\x{00AD}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{2069}\\x{FEFF}]"


class NonFinite(ValueError):
    """A cell that reads as NaN, infinity or an exponent: refused, never stored."""


def strict_decimal(text: str | None) -> Decimal | None:
    """The number in a cell already stripped of currency signs and units, or None (see the module
    docstring). Raises NonFinite for NaN, infinity and exponent forms."""
    value = "".join(unicodedata.normalize("NFKC", text or "").split())
    if not value:
        return None
    negative = False
    if BRACKETED.fullmatch(value):
        value, negative = value[1:-1], True
    elif not (PLAIN.fullmatch(value) or GROUPED.fullmatch(value)):
        if NON_FINITE.fullmatch(value):
            raise NonFinite(value)
        return None
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        return None
    return -number if negative else number


def clean_code(text: str | None) -> str:
    """A code or ID number without white space or invisible format characters (NFKC)."""
    value = text or ""
    if value.isascii():  # the usual case, fast: format characters are never ASCII
        return "".join(value.split())
    value = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in value if not ch.isspace() and unicodedata.category(ch) != "Cf")


PROJECT_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.-]{3,63}")


def code_problem(code: str) -> str | None:
    """Why a cleaned project code cannot be one (a phrase), or None."""
    if PROJECT_CODE.fullmatch(code):
        return None
    return "应由 4–64 位字母、数字组成（如 13043425P00450110058B）"


def norm(text: str | None) -> str:
    """A cell's text for label matching: NFKC, no whitespace, no trailing colon."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return re.sub(r"\s+", "", text).rstrip(":：")
