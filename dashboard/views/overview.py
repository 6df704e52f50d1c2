"""总览 Overview (leadership): headline figures, every project against its plan, the S-curve and
the units, at the as-of date. The counts beside each chart count what the chart colours: the
spending warning (支出预警) beside the projects' bars, the combined state (综合状态) beside the
units table, with a legend of how the combined state is formed."""

import streamlit as st

from dashboard import grid
from dashboard.ui import (
    as_of_date,
    current_language,
    demo_badge,
    empty_state,
    fetch,
    pct,
    project_link,
    text,
    unit_filter,
    wan_text,
)
from engine import rules
from engine.compare import with_previous
from engine.status import summaries
from presentation import charts, tables
from presentation.strings import t
from presentation.yoy import yoy_sentence

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
# 同比: the same day last year, over last year's projects of the same scope
earlier = fetch("previous_summary", as_of, unit, lang=lang)
scope_name = text(units["unit_name"].iloc[0]) if unit and len(units) else t("county", lang)
st.caption(
    yoy_sentence(
        scope_name,
        as_of,
        county["execution_pct"],
        earlier[1]["execution_pct"] if earlier else None,
        lang,
    )
)
units = with_previous(units, earlier[0] if earlier else None, "unit_code")

# the spending warning: counted here, coloured in the chart below
st.subheader(t("warning_counts_title", lang))
shown_warnings = [w for w in rules.WARNINGS if w != rules.NOT_DUE or county["warning_not_due"]]
for column, warning in zip(st.columns(len(shown_warnings)), shown_warnings, strict=True):
    column.metric(tables.state_text(warning, lang), county[f"warning_{warning}"])
if county["warning_over"]:
    over = frame[frame["warning"].eq(rules.OVER)]
    st.error(
        t("over_budget_list", lang, names="、".join(text(n) for n in over["name"])),
        icon=":material/error:",
    )
words = {c: tables.state_text(c, lang) for c in charts.COLOURS}
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
last_year = fetch("previous_curve", as_of, unit, lang=lang)
st.plotly_chart(
    charts.s_curve(
        curve,
        curve_labels | {"title": t("curve_title", lang), "previous": t("yoy_curve", lang)},
        previous=last_year,
    )
)

# the units: their execution coloured by their spending warning, then the combined states
st.subheader(t("units_title", lang))
unit_rows = units.assign(project_code=units["unit_code"], name=units["unit_name"].fillna(""))
unit_labels = labels | {"title": t("units_chart_title", lang)}
st.plotly_chart(charts.gap_chart(unit_rows, unit_labels, words, limit=len(unit_rows)))
st.caption(t("combined_legend", lang))
selected = grid.show(
    tables.frame(units, tables.UNITS, lang),
    hide_index=True,
    width="stretch",
    height=min(36 * (len(units) + 1) + 3, 700),
    on_select="rerun",
    selection_mode="single-row",
    key="units",
)
st.caption(t("units_hint", lang))
rows = selected.selection.rows if selected else []
if rows:
    code = str(units.iloc[rows[0]]["unit_code"])
    st.subheader(t("unit_projects", lang, unit=text(f"{code} {units.iloc[rows[0]]['unit_name']}")))
    mine = frame[frame["unit_code"] == code]
    table = tables.frame(mine, tables.UNIT_PROJECTS, lang)
    table.insert(0, " ", [project_link(c, lang) for c in mine["project_code"]])
    grid.show(
        table,
        hide_index=True,
        width="stretch",
        column_config={" ": st.column_config.LinkColumn(" ", display_text=t("open_project", lang))},
    )

# the unit's own goals (第一部分 部门整体绩效目标): for the unit chosen in the sidebar or the table
goal_unit = unit or (str(units.iloc[rows[0]]["unit_code"]) if rows else None)
if goal_unit:
    goals = fetch("goals", as_of, goal_unit, lang=lang)
    st.subheader(f"{t('goals_title', lang)} · {goal_unit}")
    if goals.empty:
        st.caption(t("goals_none", lang))
    else:
        st.caption(t("goals_caption", lang))
        grid.show(
            tables.frame(tables.goal_rows(goals, lang), tables.GOALS, lang),
            hide_index=True,
            width="stretch",
        )
