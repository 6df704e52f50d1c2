"""项目 Project detail (`?project=CODE`): facts, the S-curve with its checkpoints, monthly spending,
the catch-up box, indicators, beneficiaries, the records behind the numbers, target findings and
the self-evaluation preview."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.ui import (
    as_of_date,
    colour_label,
    current_language,
    demo_badge,
    empty_state,
    fetch,
    lines,
    pct,
    project_select,
    text,
    unit_filter,
    wan_text,
)
from engine.status import daily_curve, score
from presentation import charts
from presentation.safe_text import csv_frame
from presentation.strings import t

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
st.caption(t("project_caption", lang, code=text(code), unit=text(row["unit_name"]), year=year))

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
states = st.columns(4)
states[0].metric(t("colour", lang), colour_label(row["colour"], lang))
states[1].metric(t("warning", lang), colour_label(row["warning"], lang))
states[2].metric(t("time_progress", lang), pct(row["time_pct"]))
states[3].metric(t("forecast", lang), pct(row["forecast_pct"]))
info = shown.set_index("project_code").loc[code]
with st.expander(f"{t('purpose', lang)} · {t('goals', lang)}"):
    st.markdown(f"**{t('purpose', lang)}**：{text(info['purpose'])}")
    st.markdown(f"**{t('goals', lang)}**：  \n{lines(info['goals'])}")
adjustments = fetch("adjustments", code, lang=lang)
if not adjustments.empty:
    st.subheader(t("adjustments_title", lang))
    st.dataframe(
        adjustments,
        hide_index=True,
        column_config={k: t(k, lang) for k in ("adj_date", "amount_yuan", "doc_no", "reason")},
    )

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
st.plotly_chart(
    charts.s_curve(
        points, labels | {"title": t("project_curve_title", lang)}, checkpoints, forecast
    )
)

left, right = st.columns([3, 2])
monthly = charts.monthly_totals(daily)
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
        st.caption(
            f"{t('last_checkpoint', lang)}：{row['last_checkpoint']} · {colour_label('green' if row['last_checkpoint_status'] == 'met' else 'red', lang)}"
        )

st.subheader(t("indicators", lang))
indicators = status.indicators.assign(
    word=[colour_label(c, lang) for c in status.indicators["colour"]]
)
numeric = charts.bullet_rows(indicators)
if not numeric.empty:
    st.plotly_chart(charts.bullet_chart(numeric, t("bullet_title", lang), t("target", lang)))
sources = {s: t(f"source_{s}", lang) for s in ("spending", "beneficiaries", "survey", "reported")}
st.dataframe(
    indicators.assign(
        actual=indicators["actual"].map(lambda v: "—" if v is None else str(v)),
        actual_source=indicators["actual_source"].map(sources),
    )[
        [
            "seq",
            "level1",
            "level2",
            "name",
            "target_raw",
            "actual",
            "ratio_pct",
            "word",
            "actual_source",
            "reported_on",
            "reason",
        ]
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "name": t("indicator_name", lang),
        "word": t("colour", lang),
        "ratio_pct": st.column_config.NumberColumn(t("ratio_pct", lang), format="%.1f"),
    }
    | {
        k: t(k, lang)
        for k in (
            "seq",
            "level1",
            "level2",
            "target_raw",
            "actual",
            "actual_source",
            "reported_on",
            "reason",
        )
    },
)

st.subheader(t("beneficiaries_title", lang))
roster = fetch("beneficiaries", code, as_of, lang=lang)
if roster.empty:
    st.caption(t("no_beneficiaries", lang))
else:
    counts = st.columns(2)
    counts[0].metric(t("aid_rows", lang), len(roster))
    counts[1].metric(t("people", lang), roster["person_key"].nunique())
    st.dataframe(roster.drop(columns=["person_key"]), hide_index=True, width="stretch")

st.subheader(t("records_title", lang))
records = fetch("spending_records", code, as_of, lang=lang)
search = st.text_input(t("records_search", lang), key="records_search")
if search:
    haystack = (
        records[["voucher_no", "payee", "summary"]].fillna("").astype(str).agg(" ".join, axis=1)
    )
    records = records[haystack.str.contains(search, regex=False)]
st.caption(t("records_count", lang, n=len(records), total=f"{records['amount_yuan'].sum():,.2f}"))
st.dataframe(
    records,
    hide_index=True,
    width="stretch",
    column_config={
        k: t(k, lang)
        for k in (
            "pay_date",
            "amount_yuan",
            "voucher_no",
            "payee",
            "summary",
            "fund_source",
            "load_id",
            "row_no",
        )
    },
)
st.download_button(
    t("download_csv", lang),
    csv_frame(records).to_csv(index=False).encode("utf-8-sig"),
    file_name=f"{code}-spending-{as_of}.csv",
    mime="text/csv",
)

st.subheader(t("findings", lang))
found = fetch("findings", code, lang=lang)
if found.empty:
    st.success(t("no_findings", lang))
for finding in found.itertuples():
    (st.warning if finding.severity == "warning" else st.info)(
        f"{t('severity_' + finding.severity, lang)} · {text(finding.message)}"
    )

st.subheader(t("score_title", lang))
st.caption(t("score_note", lang))
reviews = fetch("saved_reviews", as_of, code, lang=lang).get(code)
preview = score(status, code, reviews=reviews)
totals = st.columns(3)
totals[0].metric(t("score_total", lang), f"{preview['total']:.2f}")
totals[1].metric(t("score_grade", lang), preview["grade"])
totals[2].metric(
    t("execution_points", lang),
    f"{preview['execution_points']:.2f} / {preview['execution_weight']:g}",
)
if preview["explanation_required"]:
    st.warning(t("explanation_required", lang))
st.dataframe(
    pd.DataFrame(preview["indicators"]).drop(columns=["kind", "band"], errors="ignore"),
    hide_index=True,
    width="stretch",
    column_config={"name": t("indicator_name", lang), "target": t("target_raw", lang)}
    | {
        k: t(k, lang)
        for k in ("seq", "category", "level1", "actual", "level", "weight", "points", "reason")
    },
)
