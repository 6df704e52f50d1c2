"""Tables that fit the page: `show(frame)` draws a text table (presentation.tables) with every
column sized to its content, and when the columns together are wider than the main area at 1440 px
the long text columns (names, reasons, messages) give up room first, down to a floor, so the
numbers a reader needs stay on screen without scrolling sideways. A shortened cell shows its whole
text on click (the grid's cell overlay)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd
import streamlit as st

MAIN_WIDTH_PX = 955  # the main area at a 1440 px window with the sidebar open is 978 px
SELECT_COLUMN_PX = 34  # the row-selection box of a selectable table
PADDING_PX = 20  # a cell's padding and border
TEXT_FLOOR_PX = 96  # a shortened text column keeps at least this much
WIDEST_PX = 420  # no column asks for more than this
SAMPLE_ROWS = 400  # widths are measured on the first rows (a long table has the same kind of text)


def text_px(text: str) -> float:
    """The width of `text` in the grid's 14 px font: a CJK character is a full em, other
    characters about half (digits a little more)."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            width += 14.5
        elif ch.isdigit():
            width += 8.0
        else:
            width += 7.4
    return width


def _shrink(widths: dict[str, float], floors: dict[str, float], excess: float) -> float:
    """Take up to `excess` px from the columns of `floors`, each in proportion to what it has
    above its floor; returns the excess left."""
    give = {c: widths[c] - floors[c] for c in floors if widths[c] > floors[c]}
    spare = sum(give.values())
    if excess <= 0 or spare <= 0:
        return excess
    share = min(1.0, excess / spare)
    for column, amount in give.items():
        widths[column] -= amount * share
    return excess - spare * share


def fit_widths(frame: pd.DataFrame, room: float = MAIN_WIDTH_PX) -> dict[str, int]:
    """A width in px per column of `frame` (text cells): each column's widest text, its header
    whole. When they do not fit `room`, room is taken in this order until they do: long codes
    (the name beside them says the same), text (names, reasons) down to about ten characters,
    headers wider than their values (the header's tooltip has it whole), text down to a floor.
    A shortened cell shows its whole text on click."""
    head = frame.head(SAMPLE_ROWS)
    widths: dict[str, float] = {}
    header: dict[str, float] = {}
    values: dict[str, float] = {}
    codes: set[str] = set()
    texty: set[str] = set()
    for column in frame.columns:
        cells = [str(v) for v in head[column]]
        header[column] = text_px(str(column)) + PADDING_PX
        values[column] = max([text_px(c) for c in cells], default=0.0) + PADDING_PX
        widths[column] = min(max(header[column], values[column]), WIDEST_PX)
        if (
            cells
            and all(c.isascii() and c.isalnum() for c in cells if c != "—")
            and any(len(c) >= 10 for c in cells)
        ):
            codes.add(column)
        elif any(any(ch.isalpha() for ch in c) and len(c) > 6 for c in cells):
            texty.add(column)
    excess = sum(widths.values()) - room
    for floors in (
        {c: max(TEXT_FLOOR_PX, header[c]) for c in codes},
        {c: max(TEXT_FLOOR_PX + 60, header[c]) for c in texty},
        {c: max(values[c], 64.0) for c in widths if c not in texty | codes},
        {c: max(TEXT_FLOOR_PX, min(header[c], 160)) for c in texty},
        dict.fromkeys(texty | codes, 64.0),
    ):
        excess = _shrink(widths, floors, excess)
    return {str(c): int(w) for c, w in widths.items()}


def show(
    frame: pd.DataFrame,
    *,
    column_config: dict[str, Any] | None = None,
    room: float = MAIN_WIDTH_PX,
    **options: Any,
):
    """`st.dataframe` of a text table with fitted column widths (see `fit_widths`); `options`
    pass through (key, on_select, selection_mode, height …). Returns what st.dataframe returns."""
    selectable = options.get("on_select") not in (None, "ignore")
    widths = fit_widths(frame, room - (SELECT_COLUMN_PX if selectable else 0))
    config: dict[str, Any] = {
        name: st.column_config.Column(
            width=width,
            help=name if text_px(name) + PADDING_PX > width + 1 else None,  # a header cut short
        )
        for name, width in widths.items()
    }
    for name, given in (column_config or {}).items():
        if hasattr(given, "get") and given.get("width") is None and name in widths:
            given = {**given, "width": widths[name]}
        config[name] = given
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    return st.dataframe(frame, column_config=config, **options)
