"""Plain-text tables for the terminal, aligned for Chinese (wide) characters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from presentation.safe_text import csv_cell


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text + " " * (width - display_width(text))
    out = ""
    for ch in text:
        if display_width(out + ch + "…") > width:
            break
        out += ch
    out += "…"
    return out + " " * (width - display_width(out))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1 else f"{value:.4g}"
    return str(value).replace("\n", " ")


_TOKEN = re.compile(r"[\x21-\x7e]+|\s+|.")  # an ASCII word (a number, a date), a space, a character
_NO_LINE_START = set("，。、；：？！）」』》】,.;:?!)%")  # closing marks stay with what they close


def wrap_text(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` display columns, never cut: Chinese breaks between
    characters, a number, date or English word stays whole (unless longer than a line), and a
    closing mark (，。）」) never starts a line."""
    lines: list[str] = []
    for part in text.split("\n"):
        line: list[str] = []
        for token in _TOKEN.findall(part):
            used = display_width("".join(line))
            if used + display_width(token) <= width:
                if line or not token.isspace():
                    line.append(token)
                continue
            if token.isspace():
                lines.append("".join(line).rstrip())
                line = []
                continue
            carry: list[str] = []
            if token[0] in _NO_LINE_START and len(line) > 1:
                carry = [line.pop()]  # the mark takes the character before it along
            if line:
                lines.append("".join(line).rstrip())
            line = carry
            while display_width("".join(line) + token) > width and len(token) > 1:
                cut = 1
                while display_width("".join(line) + token[: cut + 1]) <= width:
                    cut += 1
                lines.append("".join(line) + token[:cut])
                line, token = [], token[cut:]
            line.append(token)
        lines.append("".join(line).rstrip())
    return lines or [""]


def format_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    max_width: int = 40,
    wrap: dict[int, int] | None = None,
) -> str:
    """Rows as an aligned text table. Long cells are cut at `max_width` with an ellipsis, except
    in the columns `wrap` names (column index → width), whose text runs on over as many lines as
    it needs: nothing a reader must see is cut."""
    wrap = wrap or {}
    texts = [[_cell(v) for v in row] for row in rows]
    widths = [
        min(
            wrap.get(i, max_width),
            max([display_width(h)] + [display_width(r[i]) for r in texts]),
        )
        for i, h in enumerate(headers)
    ]
    widths = [
        max(w, display_width(h)) if i in wrap else w
        for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    ]
    lines = ["  ".join(_fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in texts:
        parts = [
            wrap_text(v, w) if i in wrap else [v]
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        for k in range(max(len(p) for p in parts)):
            cells = [p[k] if k < len(p) else "" for p in parts]
            lines.append("  ".join(_fit(v, w) for v, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines)


def finite(value: Any) -> Any:
    """`value` made plain for JSON: NaN and ±infinity become null (never `NaN` / `Infinity`,
    which are not JSON), numpy scalars Python numbers, dates ISO text; lists and dicts through."""
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_json(value: Any) -> str:
    """Strict JSON (`allow_nan=False`) of `value` after `finite`."""
    return json.dumps(finite(value), ensure_ascii=False, indent=2, allow_nan=False, default=str)


def format_rows(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str = "table",
    max_width: int = 40,
    wrap: dict[int, int] | None = None,
) -> str:
    """Rows as `table` (see format_table), `csv` or `json` (a list of objects keyed by header)."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows([[csv_cell(_cell(v)) for v in row] for row in rows])
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        records = [dict(zip(headers, row, strict=True)) for row in rows]
        return to_json(records)
    return format_table(headers, rows, max_width=max_width, wrap=wrap)
