"""The department's own goals on the monitoring page: the unit's goals at the period's end, and a
form where a clerk reports progress on them. A report is saved through the actuals loader (a
one-file CSV of 单位编码 + 目标序号 rows, loaded like an upload on the import page), so it is checked,
kept in the load history with its author, and can be undone like any load."""

from __future__ import annotations

import csv
import datetime as dt
import io

import streamlit as st

from dashboard import grid
from dashboard.ui import current_access, fetch, may_write, text
from engine.rules import QUALITATIVE_LEVELS as LEVELS
from presentation import tables
from presentation.strings import level_text, t
from store.errors import DatabaseBusyError

HEADER = ["单位编码", "目标序号", "截至日期", "实际值", "备注"]


def report_file(unit: str, day: dt.date, entries: dict[int, tuple[str, str]]) -> tuple[str, bytes]:
    """The CSV the actuals loader reads: one row per goal reported (its value, its note)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for seq, (value, note) in sorted(entries.items()):
        writer.writerow([unit, seq, day.isoformat(), value, note])
    return f"绩效监控页填报_{unit}_{day.isoformat()}.csv", out.getvalue().encode("utf-8")


def show_goals(unit: str, unit_name: str | None, day: dt.date, lang: str):
    """The unit's goals at `day` under their heading (the monitoring and self-evaluation pages);
    returns them (empty: said so)."""
    goals = fetch("goals", day, unit, lang=lang)
    st.subheader(t("goals_progress_title", lang, unit=text(f"{unit} {unit_name or ''}")))
    if goals.empty:
        st.caption(t("goals_none", lang))
        return goals
    st.caption(t("goals_caption", lang))
    grid.show(
        tables.frame(tables.goal_rows(goals, lang), tables.GOALS, lang),
        hide_index=True,
        width="stretch",
    )
    return goals


def goal_progress(unit: str, unit_name: str | None, day: dt.date, lang: str) -> None:
    """The unit's goals at `day` and the form that reports progress on them."""
    goals = show_goals(unit, unit_name, day, lang)
    if goals.empty:
        return
    with st.form(f"goals_{unit}_{day}"):
        st.markdown(t("goals_report_intro", lang, day=day.isoformat()))
        entries: dict[int, tuple[str, str]] = {}
        for goal in goals.itertuples(index=False):
            left, right = st.columns([2, 1])
            label = f"{goal.seq}. {str(goal.text)[:60]}"
            if goal.kind == "qualitative":
                value = left.selectbox(
                    label,
                    ["", *LEVELS],
                    format_func=lambda v: level_text(v, lang) if v else "—",
                    key=f"goal_{unit}_{goal.seq}",
                )
            else:
                value = left.text_input(
                    label,
                    placeholder=t("goals_value_hint", lang, unit=goal.unit or ""),
                    key=f"goal_{unit}_{goal.seq}",
                )
            note = right.text_input(t("note", lang), key=f"goal_note_{unit}_{goal.seq}")
            if str(value).strip():
                entries[int(goal.seq)] = (str(value).strip(), note.strip())
        submitted = st.form_submit_button(t("goals_save", lang), type="primary")
    if submitted:
        _save(unit, day, entries, lang)


def _save(unit: str, day: dt.date, entries: dict[int, tuple[str, str]], lang: str) -> None:
    from dashboard import importing
    from engine import queries

    if not may_write(unit, "goal_progress", lang):
        return
    access = current_access()
    if not entries:
        st.warning(t("goals_nothing", lang))
        return
    try:
        (report,) = importing.load(
            queries.db_path(), "actuals", [report_file(unit, day, entries)], actor=access.name
        )
    except DatabaseBusyError:
        st.warning(t("form_busy", lang))
        return
    if report.status == "error":
        st.error(text(report.error))
        return
    if not report.set_aside.empty:
        reasons = [str(r) for r in report.set_aside["reason"]]
        st.error("\n".join([t("goals_some_rejected", lang), *(f"- {text(r)}" for r in reasons)]))
    if report.status == "unchanged":
        st.info(t("goals_unchanged", lang, load_id=report.load_id))
        return
    stored = int(report.counts.get("loaded", 0))
    st.success(t("goals_saved", lang, n=stored, load_id=report.load_id))
