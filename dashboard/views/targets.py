"""绩效目标 Targets: the loaded projects, their spending plans, indicators and findings."""

import streamlit as st

from dashboard import grid
from dashboard.links_ui import continuing_projects
from dashboard.ui import (
    as_of_date,
    current_language,
    demo_badge,
    empty_state,
    fetch,
    lines,
    text,
    unit_filter,
    wan,
)
from engine.rules import view_year
from presentation import tables
from presentation.charts import plan_chart
from presentation.strings import t

lang = current_language()
st.title(t("targets_title", lang))
st.caption(t("targets_caption", lang))
demo_badge(lang)

projects = fetch("projects", lang=lang)
if projects.empty:
    empty_state("no_projects", lang)

unit = unit_filter(projects, lang)
# the year the view's date shows (several fiscal years may be loaded)
year = view_year(sorted({int(y) for y in projects["fiscal_year"]}), as_of_date(lang))
shown = projects[projects["fiscal_year"] == year]
shown = shown[shown["unit_code"] == unit] if unit else shown

left, middle, right = st.columns(3)
left.metric(t("projects", lang), len(shown))
middle.metric(t("total_budget", lang), f"{wan(shown['budget_yuan'].sum()):,.2f}")
right.metric(t("finding_count", lang), int(shown["finding_count"].sum()))

grid.show(tables.frame(shown, tables.TARGET_PROJECTS, lang), hide_index=True, width="stretch")

codes = list(shown["project_code"])
wanted = st.query_params.get("project")
code = st.selectbox(
    t("project", lang),
    codes,
    index=codes.index(wanted) if wanted in codes else 0,
    format_func=lambda c: f"{c}  {shown.set_index('project_code').at[c, 'name']}",
    key="project",
)
st.query_params["project"] = code
project = shown.set_index("project_code").loc[code]

st.subheader(text(project["name"]))
facts = st.columns(3)
facts[0].metric(t("budget_yuan", lang), f"{float(project['budget_yuan']):,.2f}")
fiscal, other = project["fiscal_yuan"], project["other_yuan"]
facts[1].metric(t("fiscal_yuan", lang), "—" if fiscal != fiscal else f"{float(fiscal):,.2f}")
facts[2].metric(t("other_yuan", lang), "—" if other != other else f"{float(other):,.2f}")
st.markdown(f"**{t('purpose', lang)}**：{text(project['purpose'])}")
st.markdown(f"**{t('goals', lang)}**：  \n{lines(project['goals'])}")

plan = fetch("spending_plan", code, lang=lang)
sources = {s: t(f"source_{s}", lang) for s in ("published", "carried", "default")}
chart_col, table_col = st.columns(2)
chart_col.plotly_chart(
    plan_chart(plan, int(project["fiscal_year"]), t("plan_chart_title", lang), sources),
    width="stretch",
)
table_col.dataframe(tables.frame(plan, tables.PLAN, lang), hide_index=True)

st.subheader(t("indicators", lang))
indicators = fetch("indicators", code, lang=lang)
grid.show(
    tables.frame(indicators, tables.TARGET_INDICATORS, lang), hide_index=True, width="stretch"
)
with st.expander(t("indicator_texts", lang)):
    grid.show(
        tables.frame(indicators, tables.TARGET_INDICATOR_TEXTS, lang),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("findings", lang))
found = fetch("findings", code, lang=lang)
if found.empty:
    st.success(t("no_findings", lang))
for row in found.itertuples():
    rule = tables.text(row.rule, "rule", lang)
    message = f" · {text(tables.text(row.message, 'finding', lang))}"
    note = f"{tables.text(row.severity, 'severity', lang)} · {rule}{message}"
    (st.warning if row.severity == "warning" else st.info)(note)

goals = fetch("units", lang=lang)
goals = goals[goals["unit_code"] == project["unit_code"]]
if not goals.empty and text(goals["overall_goals"].iloc[0]) != "—":
    with st.expander(t("overall_goals", lang)):
        st.text(goals["overall_goals"].iloc[0])

# year on year: the project of last year each one continues
continuing_projects(shown, lang)
