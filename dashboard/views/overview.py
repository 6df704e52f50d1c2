"""总览 Overview (leadership): headline figures, every project against its plan, the S-curve and
the units, at the as-of date."""

import streamlit as st

from dashboard.ui import (
    as_of_date,
    colour_label,
    current_language,
    demo_badge,
    empty_state,
    fetch,
    pct,
    project_link,
    text,
    unit_filter,
    wan,
    wan_text,
)
from engine.status import summaries
from presentation import charts
from presentation.strings import t

lang = current_language()
st.title(t("overview_title", lang))
demo_badge(lang)
projects = fetch("projects", lang=lang)
if projects.empty:
    empty_state("no_projects", lang)
as_of = as_of_date(lang)
unit = unit_filter(projects, lang)
status = fetch("status", as_of, unit, lang=lang)
frame = status.projects
units, county = summaries(status)
st.caption(t("overview_caption", lang, day=as_of.isoformat()))

cards = st.columns(4)
cards[0].metric(t("budget_total_wan", lang), wan_text(county["budget_yuan"]))
cards[1].metric(t("spent_total_wan", lang), wan_text(county["spent_yuan"]))
cards[2].metric(
    t("execution", lang),
    pct(county["execution_pct"]),
    t("execution_vs_plan", lang, plan=pct(county["plan_pct"])),
    delta_color="off",
    delta_arrow="off",
)
cards[3].metric(t("time_progress", lang), pct(county["time_pct"]))
colours = st.columns(3)
for column, colour in zip(colours, ("red", "yellow", "green"), strict=True):
    column.metric(colour_label(colour, lang), county[colour])

words = {c: colour_label(c, lang) for c in charts.COLOURS}
labels = {
    "execution": t("execution", lang),
    "plan": t("plan_to_date", lang),
    "gap": t("gap", lang),
    "title": t("gap_chart_title", lang),
}
figure = charts.gap_chart(frame, labels, words)
chosen = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="gap")
if len(frame) > 80:
    st.caption(t("gap_chart_limited", lang, shown=80, total=len(frame)))
points = chosen.selection.points if chosen else []
if points and points[0].get("customdata"):
    query = {"project": points[0]["customdata"][0], "date": as_of.isoformat()}
    st.switch_page(
        "views/project.py", query_params=query | ({"lang": lang} if lang != "zh" else {})
    )

curve = fetch("curve", as_of, unit, lang=lang)
curve_labels = {
    k: t(f"curve_{k}", lang) for k in ("execution", "plan", "time", "checkpoints", "forecast")
}
st.plotly_chart(charts.s_curve(curve, curve_labels | {"title": t("curve_title", lang)}))

st.subheader(t("units_title", lang))
st.caption(t("units_hint", lang))
table = units.assign(
    budget_wan=units["budget_yuan"].map(wan), spent_wan=units["spent_yuan"].map(wan)
)
number = st.column_config.NumberColumn
UNIT_COLUMNS = ["unit_code", "unit_name", "projects", "budget_wan", "spent_wan", "execution_pct"]
UNIT_COLUMNS += ["plan_pct", "red", "yellow", "green"]
selected = st.dataframe(
    table[UNIT_COLUMNS],
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="units",
    column_config={
        "unit_code": t("unit_code", lang),
        "unit_name": t("unit_name", lang),
        "projects": t("projects", lang),
        "budget_wan": number(t("budget_total_wan", lang), format="%.2f"),
        "spent_wan": number(t("spent_total_wan", lang), format="%.2f"),
        "execution_pct": st.column_config.ProgressColumn(
            t("execution", lang), format="%.1f%%", min_value=0, max_value=100
        ),
        "plan_pct": number(t("plan_to_date", lang), format="%.1f%%"),
        "red": colour_label("red", lang),
        "yellow": colour_label("yellow", lang),
        "green": colour_label("green", lang),
    },
)
rows = selected.selection.rows if selected else []
if rows:
    code = str(table.iloc[rows[0]]["unit_code"])
    st.subheader(t("unit_projects", lang, unit=text(f"{code} {table.iloc[rows[0]]['unit_name']}")))
    mine = frame[frame["unit_code"] == code]
    st.dataframe(
        mine.assign(
            link=[project_link(c, lang) for c in mine["project_code"]],
            state=[colour_label(c, lang) for c in mine["colour"]],
            budget_wan=mine["budget_current"].map(wan),
        )[["link", "project_code", "name", "budget_wan", "execution_pct", "plan_pct", "state"]],
        hide_index=True,
        width="stretch",
        column_config={
            "link": st.column_config.LinkColumn(" ", display_text=t("open_project", lang)),
            "project_code": t("project_code", lang),
            "name": t("project_name", lang),
            "budget_wan": number(t("budget_total_wan", lang), format="%.2f"),
            "execution_pct": st.column_config.ProgressColumn(
                t("execution", lang), format="%.1f%%", min_value=0, max_value=100
            ),
            "plan_pct": number(t("plan_to_date", lang), format="%.1f%%"),
            "state": t("colour", lang),
        },
    )
