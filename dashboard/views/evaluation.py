"""绩效自评 Self-evaluation (`?project=CODE&date=2025-12-31`): the year-end self-evaluation form
(绩效自评表) of a project scored by the engine; a reviewer scores the qualitative indicators inside
their bands (the total and grade follow at once), writes the reasons and improvements, and saves
(every save kept); the form downloads as .xlsx / .docx; the unit's summary for the bureau."""

import pandas as pd
import streamlit as st

from dashboard import form_ui, grid
from dashboard.goals_ui import show_goals
from dashboard.ui import (
    as_of_date,
    colour_label,
    current_language,
    demo_badge,
    downloads,
    empty_state,
    fetch,
    form_author,
    form_history_and_downloads,
    in_year,
    pct,
    project_select,
    save_form,
    saved_notice,
    text,
    unit_filter,
    wan_text,
)
from engine.forms import default_as_of
from engine.rules import QUALITATIVE_LEVELS
from presentation import tables
from presentation.strings import reason_text, t

lang = current_language()
st.title(t("eval_title", lang))
demo_badge(lang)
projects = fetch("projects", lang=lang)
if projects.empty:
    empty_state("no_projects", lang)
unit = unit_filter(projects, lang)
code, shown = project_select(projects, unit, lang, "eval_project")
year = int(shown.set_index("project_code").loc[code, "fiscal_year"])
year_end = default_as_of(year)
# scored at the view's as-of date (the sidebar), inside the project's fiscal year: a preview
# before 31 December, the year-end self-evaluation on it
as_of = in_year(as_of_date(lang), year)
saved = fetch("evaluation_form", code, as_of, None, lang=lang)  # with the saved reviews
st.caption(t("eval_caption", lang, unit=text(saved.unit_name), code=code, day=as_of.isoformat()))
if as_of < year_end:
    st.info(t("eval_preview", lang, day=as_of.isoformat(), end=year_end.isoformat()))
st.subheader(text(saved.name))
facts = st.columns(4)
facts[0].metric(t("budget_current_wan", lang), wan_text(saved.budget_current))
facts[1].metric(t("spent_total_wan", lang), wan_text(saved.spent))
facts[2].metric(t("execution", lang), pct(saved.execution_pct))
facts[3].metric(
    t("execution_points", lang), tables.points_of(saved.execution_points, saved.execution_weight)
)

# the reviewer's levels and scores of the qualitative indicators: the total follows at once
reviews: list[form_ui.Review] = []
qualitative = [line for line in saved.lines if line.kind == "qualitative"]
if qualitative:
    st.subheader(t("eval_review", lang))
    st.caption(t("eval_review_help", lang))
for line in qualitative:
    key = f"eval_{code}_{as_of}_{line.seq}"
    recorded = form_ui.recorded_level(line)
    with st.container(border=True):
        st.markdown(
            f"**{line.seq}. {text(line.name)}** · {t('form_target', lang)}：{text(tables.target_text(line.target_raw, line.evaluated_target, lang))}"
        )
        left, right = st.columns(2)
        if recorded:
            level: str | None = recorded
            left.markdown(t("eval_level_recorded", lang, level=form_ui.choice_label(level, lang)))
        else:
            level = left.selectbox(
                t("eval_level", lang),
                QUALITATIVE_LEVELS,
                index=QUALITATIVE_LEVELS.index(line.level)
                if line.level in QUALITATIVE_LEVELS
                else None,
                format_func=lambda v: form_ui.choice_label(v, lang),
                placeholder=t("form_choose", lang),
                key=f"{key}_level",
            )
        band = form_ui.band(level, line.weight)
        points = None
        if band is None:
            right.caption(t("eval_pick_level_first", lang))
        else:
            low, high = band
            kept = line.reviewer_points if level == line.level else None
            points = right.number_input(
                t("eval_points", lang, low=f"{low:.2f}", high=f"{high:.2f}"),
                min_value=low,
                max_value=high,
                value=kept if kept is not None and low <= kept <= high else None,
                step=0.1,
                format="%.2f",
                placeholder=t("eval_points_placeholder", lang, low=f"{low:.2f}"),
                key=f"{key}_points_{level}",
            )
        reviews.append((line.seq, level, points))
form = fetch("evaluation_form", code, as_of, form_ui.review_key(reviews), lang=lang)

st.subheader(t("eval_score", lang))
totals = st.columns(3)
totals[0].metric(t("score_total", lang), f"{form.total:.2f}")
totals[1].metric(t("score_grade", lang), form_ui.choice_label(form.grade, lang))
totals[2].metric(t("colour", lang), colour_label(form.colour, lang))
if form.explanation_required:
    st.warning(t("explanation_required", lang))
lines = pd.DataFrame([vars(line) for line in form.lines])
grid.show(tables.frame(lines, tables.EVALUATION_LINES, lang), hide_index=True, width="stretch")
if form.saves:
    when = form.saved_at.strftime("%Y-%m-%d %H:%M") if form.saved_at else "—"
    st.caption(t("form_latest", lang, who=text(form.saved_by), when=when, n=form.saves))
else:
    st.caption(t("eval_never_saved", lang))
saved_notice(lang, "eval")

with st.form(f"eval_form_{code}_{as_of}"):
    for line in form.lines:
        if form_ui.lost_points(line) or line.reason:
            line.reason = st.text_input(
                t("eval_reason", lang, name=line.name),
                value=line.reason,
                placeholder=reason_text(line.engine_reason, lang).strip("—"),
                key=f"eval_{code}_{as_of}_{line.seq}_reason",
            )
    required = "eval_explanation" if form.explanation_required else "eval_explanation_optional"
    form.explanation = st.text_area(
        t(required, lang), value=form.explanation, height=80, key=f"eval_{code}_{as_of}_why"
    )
    form.measures = st.text_area(
        t("eval_measures", lang), value=form.measures, height=80, key=f"eval_{code}_{as_of}_do"
    )
    author = form_author(form.saved_by, lang, "eval")
    submitted = st.form_submit_button(t("form_save", lang), type="primary", key="eval_save")
if submitted:
    save_form(form, author, lang, "eval")
form_history_and_downloads("evaluation", code, form.unit_code, as_of, as_of, lang, "eval")
show_goals(saved.unit_code, saved.unit_name, as_of, lang)  # the unit's own goals, self-evaluated

# the unit's summary for the bureau: every project's colour, score and grade
st.subheader(t("eval_summary", lang))
# the unit chosen, else the project's own unit (a summary is what a unit hands its bureau)
scope = unit or saved.unit_code
summary = fetch("unit_summary", scope, as_of, lang=lang)
unit_names = summary["unit_name"].dropna()
scope_name = f"{scope} {unit_names.iloc[0] if len(unit_names) else ''}".strip()
st.caption(
    t("eval_summary_caption", lang, unit=text(scope_name), n=len(summary), day=as_of.isoformat())
)
if summary.empty:
    st.stop()
grid.show(tables.frame(summary, tables.UNIT_SUMMARY, lang), hide_index=True, width="stretch")
downloads(  # numbers stay numbers in the workbook
    tables.typed(summary, tables.UNIT_SUMMARY, lang),
    t("eval_summary_file", lang, day=as_of.isoformat()),
    lang,
    "eval_summary",
)
