"""绩效监控 Monitoring (`?project=CODE&period=2025-07`): the mid-year monitoring form
(绩效监控情况表) of a project, filled from the engine; a person completes the causes, the
likelihood and the explanations, and saves (every save kept); the form downloads as .xlsx / .docx."""

import streamlit as st

from dashboard import form_ui
from dashboard.goals_ui import goal_progress
from dashboard.ui import (
    as_of_date,
    current_language,
    demo_badge,
    empty_state,
    fetch,
    form_author,
    form_history_and_downloads,
    pct,
    project_select,
    save_form,
    saved_notice,
    text,
    unit_filter,
    wan_text,
)
from engine.forms import BUDGET_SEQ, CAUSES, LIKELIHOODS, SURE
from presentation.strings import t
from presentation.tables import target_text

lang = current_language()
st.title(t("mon_title", lang))
demo_badge(lang)
projects = fetch("projects", lang=lang)
if projects.empty:
    empty_state("no_projects", lang)
unit = unit_filter(projects, lang)
code, shown = project_select(projects, unit, lang, "mon_project")
year = int(shown.set_index("project_code").loc[code, "fiscal_year"])
periods = form_ui.period_choices(year)
period = st.sidebar.selectbox(
    t("form_period", lang),
    periods,
    index=periods.index(form_ui.pick_period(st.query_params.get("period"), year, as_of_date(lang))),
    format_func=lambda p: form_ui.period_label(p, lang),
    key=f"mon_period_{year}",
    help=t("form_period_help", lang),
)
st.query_params["period"] = period
period_end = form_ui.period_end(period)
form = fetch("monitoring_form", code, period_end, lang=lang)
st.caption(
    t(
        "mon_caption",
        lang,
        unit=text(form.unit_name),
        code=code,
        period=form_ui.period_label(period, lang),
    )
)
st.subheader(text(form.name))
facts = st.columns(4)
facts[0].metric(t("budget_current_wan", lang), wan_text(form.budget_current))
facts[1].metric(t("spent_total_wan", lang), wan_text(form.spent))
facts[2].metric(t("execution", lang), pct(form.execution_pct))
facts[3].metric(t("mon_forecast", lang), pct(form.forecast_pct))
if form.saves:
    when = form.saved_at.strftime("%Y-%m-%d %H:%M") if form.saved_at else "—"
    st.caption(t("form_latest", lang, who=text(form.saved_by), when=when, n=form.saves))
else:
    st.caption(t("form_never_saved", lang))
saved_notice(lang, "mon")

actual_label = t("mon_actual", lang, month=period_end.month, name=period_end.strftime("%b"))
# not an st.form: the engine's view and the person's choice are compared as soon as it is made
with st.container():
    for line in form.lines:
        key = f"mon_{code}_{period}_{line.seq}"
        with st.container(border=True):
            level = " / ".join(part for part in (line.level1, line.level2) if part)
            name = text(line.name)
            if line.seq == BUDGET_SEQ:  # the form's own line, named in the page's language
                name, level = t("mon_budget_line", lang), t("mon_budget_level", lang)
            st.markdown(f"**{line.seq}. {name}** · {level}")
            cells = st.columns(4)
            cells[0].markdown(
                f"{t('form_target', lang)}  \n**{text(target_text(line.target_raw, line.evaluated_target, lang))}**"
            )
            cells[1].markdown(f"{actual_label}  \n**{text(line.actual_text)}**")
            cells[2].markdown(f"{t('mon_expected', lang)}  \n**{line.expected_text}**")
            view = form_ui.engine_view(line.engine_meets, lang)
            cells[3].markdown(f"{t('mon_engine', lang)}  \n**{view}**")
            left, right = st.columns(2)
            line.likelihood = left.radio(
                t("mon_likelihood", lang),
                LIKELIHOODS,
                index=LIKELIHOODS.index(line.likelihood)
                if line.likelihood in LIKELIHOODS
                else None,
                format_func=lambda v: form_ui.choice_label(v, lang),
                horizontal=True,
                key=f"{key}_likelihood",
            )
            line.causes = right.multiselect(
                t("mon_causes", lang),
                CAUSES,
                default=[c for c in line.causes if c in CAUSES],
                format_func=lambda v: form_ui.choice_label(v, lang),
                placeholder=t("form_choose", lang),
                key=f"{key}_causes",
            )
            if line.disagrees:
                st.warning(t("mon_disagrees", lang), icon=":material/report:")
            left, right = st.columns(2)
            line.explanation = left.text_area(
                t("mon_explanation", lang, sure=form_ui.choice_label(SURE, lang)),
                value=line.explanation,
                height=80,
                key=f"{key}_explanation",
            )
            line.measures = right.text_area(
                t("mon_measures", lang), value=line.measures, height=80, key=f"{key}_measures"
            )
    author = form_author(form.saved_by, lang, "mon")
    submitted = st.button(t("form_save", lang), type="primary", key="mon_save")
if submitted:
    save_form(form, author, lang, "mon")
form_history_and_downloads("monitoring", code, form.unit_code, period_end, period, lang, "mon")
goal_progress(form.unit_code, form.unit_name, period_end, lang)  # the unit's own goals
