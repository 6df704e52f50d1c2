"""项目 Project detail (`?project=CODE`): facts, its combined state and spending warning (and why
they differ), the S-curve with its checkpoints, monthly spending, the catch-up box, indicators,
beneficiaries, the records behind the numbers, target findings and the self-evaluation preview."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import grid
from dashboard.ui import (
    as_of_date,
    current_access,
    current_language,
    demo_badge,
    empty_state,
    fetch,
    lines,
    pct,
    project_select,
    record_download,
    text,
    unit_filter,
    wan_text,
)
from engine import rules
from engine.scoring import score
from engine.status import daily_curve
from presentation import charts, tables
from presentation.safe_text import csv_frame
from presentation.strings import grade_text, t
from presentation.yoy import predecessor_line

lang = current_language()
demo_badge(lang)
projects = fetch("projects", lang=lang)
if projects.empty:
    empty_state("no_projects", lang)
as_of = as_of_date(lang)
unit = unit_filter(projects, lang)
code, shown = project_select(projects, unit, lang, "project_pick")
status = fetch("status", as_of, None, code, lang=lang)
row = status.projects.iloc[0]
year = int(row["fiscal_year"])
st.title(text(row["name"]))
st.caption(
    t(
        "project_caption",
        lang,
        code=text(code),
        unit=text(row["unit_name"]),
        year=year,
        day=as_of.isoformat(),
    )
)

facts = st.columns(5)
facts[0].metric(t("budget_original_wan", lang), wan_text(row["budget_original"]))
facts[1].metric(t("adjustments_wan", lang), wan_text(row["adjustments"]))
facts[2].metric(t("budget_current_wan", lang), wan_text(row["budget_current"]))
facts[3].metric(t("spent_total_wan", lang), wan_text(row["spent"]))
facts[4].metric(
    t("execution", lang),
    pct(row["execution_pct"]),
    t("execution_vs_plan", lang, plan=pct(row["plan_pct"])),
    delta_color="off",
    delta_arrow="off",
)
states = st.columns([3, 3, 2, 2])  # a state is a shape and words: room for "◆ yellow (watch)"
states[0].metric(t("colour", lang), tables.state_text(row["colour"], lang))
states[1].metric(t("warning", lang), tables.state_text(row["warning"], lang))
states[2].metric(t("time_progress", lang), pct(row["time_pct"]))
states[3].metric(t("forecast", lang), pct(row["forecast_pct"]))
# 同比: the project it continues (engine/links.py), a year earlier and at its year end
before = fetch("previous_projects", as_of, code, lang=lang)
if not before.empty and pd.notna(before["previous_code"].iloc[0]):
    st.caption(text(predecessor_line(before.iloc[0].to_dict(), as_of, lang)))
indicators = tables.indicator_rows(status.indicators, lang)
weak = [
    str(n)
    for n, c in zip(indicators["name"], indicators["colour"], strict=True)
    if c in ("red", "yellow")
]
st.caption(tables.combined_reason(row["warning"], row["colour"], weak, lang))
if row["warning"] == rules.OVER:
    st.error(
        t(
            "over_budget_note",
            lang,
            spent=wan_text(row["spent"]),
            budget=wan_text(row["budget_current"]),
            pct=pct(row["execution_pct"]),
        ),
        icon=":material/error:",
    )
if row["spent_out_date"] is not None:
    st.info(t("spent_out_on", lang, day=row["spent_out_date"].isoformat()))
info = shown.set_index("project_code").loc[code]
with st.expander(f"{t('purpose', lang)} · {t('goals', lang)}"):
    st.markdown(f"**{t('purpose', lang)}**：{text(info['purpose'])}")
    st.markdown(f"**{t('goals', lang)}**：  \n{lines(info['goals'])}")
adjustments = fetch("adjustments", code, lang=lang)
if not adjustments.empty:
    st.subheader(t("adjustments_title", lang))
    grid.show(tables.frame(adjustments, tables.ADJUSTMENTS, lang), hide_index=True)

plan = fetch("spending_plan", code, lang=lang)
daily = fetch("daily_spending", code, as_of, lang=lang)
points = daily_curve(plan, daily, float(row["budget_current"]), year, as_of)
marks = {k: t(f"checkpoint_{k}", lang) for k in ("met", "missed", "due")}
checkpoints = charts.checkpoint_marks(plan, status.checkpoints, marks, wan_text)
day = min(max(as_of, dt.date(year, 1, 1)), dt.date(year, 12, 31))
forecast = None
if pd.notna(row["forecast_pct"]) and pd.notna(row["execution_pct"]):
    forecast = (day, float(row["execution_pct"]), dt.date(year, 12, 31), float(row["forecast_pct"]))
labels = {
    k: t(f"curve_{k}", lang) for k in ("execution", "plan", "time", "checkpoints", "forecast")
}
last_year = fetch("previous_curve", as_of, None, code, lang=lang)
st.plotly_chart(
    charts.s_curve(
        points,
        labels | {"title": t("project_curve_title", lang), "previous": t("yoy_curve", lang)},
        checkpoints,
        forecast,
        previous=last_year,
    )
)

left, right = st.columns([3, 2])
monthly = charts.monthly_totals(daily, lang)
left.plotly_chart(charts.monthly_bars(monthly, t("monthly_title", lang), t("wan", lang)))
with right.container(border=True):
    st.subheader(t("catch_up", lang))
    if row["next_checkpoint"] is None:
        st.write(t("no_next_checkpoint", lang))
    else:
        st.metric(
            t("next_checkpoint", lang), f"{row['next_checkpoint']} · {row['next_target_pct']:g}%"
        )
        st.metric(t("to_spend_wan", lang), wan_text(row["to_spend_yuan"]))
        st.metric(t("days_left", lang), int(row["days_left"]))
        st.metric(t("per_day_yuan", lang), f"{float(row['per_day_yuan']):,.2f}")
    if row["last_checkpoint"] is not None:
        result = tables.text(row["last_checkpoint_status"], "checkpoint", lang)
        st.caption(f"{t('last_checkpoint', lang)}：{row['last_checkpoint']} · {result}")

st.subheader(t("indicators", lang))
words = indicators.assign(word=[tables.state_text(c, lang) for c in indicators["colour"]])
numeric = charts.bullet_rows(words)
if not numeric.empty:
    bullet_labels = {
        "title": t("bullet_title", lang),
        "target": t("bullet_target", lang),
        "expected": t("bullet_expected", lang),
    }
    st.plotly_chart(charts.bullet_chart(numeric, bullet_labels))
grid.show(tables.frame(indicators, tables.INDICATORS, lang), hide_index=True, width="stretch")
with st.expander(t("indicator_details", lang)):
    grid.show(
        tables.frame(indicators, tables.INDICATOR_DETAILS, lang), hide_index=True, width="stretch"
    )

st.subheader(t("beneficiaries_title", lang))
roster = fetch("beneficiaries", code, as_of, lang=lang)
if roster.empty:
    st.caption(t("no_beneficiaries", lang))
else:
    counts = st.columns(2)
    counts[0].metric(t("aid_rows", lang), len(roster))
    counts[1].metric(t("people", lang), roster["person_key"].nunique())
    if current_access().reads_rows:  # roster rows are personal data: not for every role
        grid.show(tables.frame(roster, tables.ROSTER, lang), hide_index=True, width="stretch")
    else:
        st.caption(t("roster_hidden", lang))

st.subheader(t("records_title", lang))
records = fetch("spending_records", code, as_of, lang=lang)
search = st.text_input(t("records_search", lang), key="records_search")
if search:
    haystack = (
        records[["voucher_no", "payee", "summary"]].fillna("").astype(str).agg(" ".join, axis=1)
    )
    records = records[haystack.str.contains(search, regex=False)]
st.caption(t("records_count", lang, n=len(records), total=f"{records['amount_yuan'].sum():,.2f}"))
shown_records = tables.frame(records, tables.RECORDS, lang)
grid.show(shown_records, hide_index=True, width="stretch")
st.download_button(
    t("download_csv", lang),
    csv_frame(tables.typed(records, tables.RECORDS, lang)).to_csv(index=False).encode("utf-8-sig"),
    file_name=f"{code}-spending-{as_of}.csv",
    mime="text/csv",
    on_click=record_download,
    args=(f"{code}-spending-{as_of}.csv", len(records)),
)

st.subheader(t("findings", lang))
found = fetch("findings", code, lang=lang)
if found.empty:
    st.success(t("no_findings", lang))
for finding in found.itertuples():
    message = text(finding.message) if lang == "zh" else tables.text(finding.rule, "rule", lang)
    (st.warning if finding.severity == "warning" else st.info)(
        f"{tables.text(finding.severity, 'severity', lang)} · {message}"
    )

st.subheader(t("score_title", lang))
st.caption(t("score_note", lang))
reviews = fetch("saved_reviews", as_of, code, lang=lang).get(code)
preview = score(status, code, reviews=reviews)
totals = st.columns(3)
totals[0].metric(t("score_total", lang), f"{preview['total']:.2f}")
totals[1].metric(t("score_grade", lang), grade_text(preview["grade"], lang))
totals[2].metric(
    t("execution_points", lang),
    tables.points_of(preview["execution_points"], preview["execution_weight"]),
)
if preview["explanation_required"]:
    st.warning(t("explanation_required", lang))
lines_frame = tables.indicator_rows(
    pd.DataFrame(preview["indicators"]).merge(
        indicators[["seq", "unit", "done_date", "expected_value"]], on="seq", how="left"
    ),
    lang,
)
grid.show(tables.frame(lines_frame, tables.SCORE_LINES, lang), hide_index=True, width="stretch")
