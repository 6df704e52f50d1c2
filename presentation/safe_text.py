"""Text that came from a file, made inert wherever the tracker hands it out or shows it.

- Markdown (`markdown`): Streamlit renders captions, messages and markdown, so a 资金用途 of
  `![x](http://host/px.png)` would become an image the browser fetches; every Markdown and
  Streamlit directive character (`:red[…]`, `:material/…:`) is escaped with a backslash.
- HTML in charts (`chart_text`): plotly reads `<b>`, `<br>` and `<a href>` in labels; `<`, `>`
  and `&` are written as entities.
- CSV (`csv_cell`, `csv_frame`): a text cell starting with `=`, `+`, `-`, `@`, TAB or CR is a
  formula to a spreadsheet (OWASP CSV injection): it gets a leading apostrophe. Numbers stay
  numbers.
- Excel (`XLSX_OPTIONS`): workbooks are written with xlsxwriter told never to turn a string into a
  formula, a URL or a number.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()<>!~$:|])")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def markdown(value: Any) -> str:
    """`value` as literal text inside Markdown."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def chart_text(value: Any) -> str:
    """`value` as literal text in a plotly label or hover text."""
    return html.escape(str(value), quote=False)


def csv_cell(value: Any) -> Any:
    """A text cell neutralised for spreadsheets; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its text cells neutralised (numeric columns untouched)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell)
    return out
