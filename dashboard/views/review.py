"""月度例会 Monthly review (meetings): a month's spending, status changes, checkpoints, indicators
at risk and lagging projects, with the meeting pack to take away (`exports.meeting_pack`)."""

import datetime as dt
from functools import partial

import streamlit as st

from dashboard import grid
from dashboard.ui import (
    as_of_date,
    current_language,
    demo_badge,
    empty_state,
    fetch,
    pct,
    unit_filter,
    wan_text,
)
from exports import meeting_pack
from presentation import tables
from presentation.strings import t

lang = current_language()
st.title(t("review_title", lang))
demo_badge(lang)
projects = fetch("projects", lang=lang)
if projects.empty:
    empty_state("no_projects", lang)
# default: the month of the as-of date chosen in the sidebar (the view every page shares)
months, default = meeting_pack.month_choices(
    as_of_date(lang), projects["fiscal_year"], dt.date.today()
)
wanted = str(st.query_params.get("month", default))
month = st.sidebar.selectbox(
    t("review_month", lang),
    months,
    index=months.index(wanted if wanted in months else default),
    format_func=lambda m: meeting_pack.month_name(m, lang),
    key="review_month",
    help=t("review_month_help", lang),
)
st.query_params["month"] = month
unit = unit_filter(projects, lang)
start, end = meeting_pack.parse_month(month)
now = fetch("status", end, unit, lang=lang)
before = fetch("status", start - dt.timedelta(days=1), unit, lang=lang)
pack = meeting_pack.assemble(
    month,
    now,
    before,
    fetch("curve", end, unit, lang=lang),
    unit,
    fetch("goals", end, unit, lang=lang),
    fetch("previous_summary", end, unit, lang=lang),
)
st.caption(
    t("review_caption", lang, month=meeting_pack.month_name(month, lang), end=end.isoformat())
)

st.subheader(t("review_sec_headline", lang))
head = pack.headline
cards = st.columns(4)
cards[0].metric(t("budget_total_wan", lang), wan_text(head["budget_yuan"]))
cards[1].metric(t("spent_total_wan", lang), wan_text(head["spent_yuan"]))
cards[2].metric(t("review_month_spent", lang), wan_text(head["month_spent_yuan"]))
gap = head["gap_points"]
cards[3].metric(
    t("execution", lang),
    pct(head["execution_pct"]),
    None if gap is None else t("review_vs_plan", lang, gap=f"{gap:+.1f}"),
)
cards = st.columns(6)
cards[0].metric(t("plan_to_date", lang), pct(head["plan_pct"]))
cards[1].metric(t("time_progress", lang), pct(head["time_pct"]))
for card, colour in zip(cards[2:5], ("red", "yellow", "green"), strict=True):
    card.metric(t(f"combined_{colour}", lang), head[colour])  # the combined state, named so
cards[5].metric(t("review_over_count", lang), head["warning_over"])
st.caption(t("combined_legend", lang))
figures = meeting_pack.charts(pack, lang)
st.plotly_chart(figures["curve"], key="review_curve")

for section in meeting_pack.SECTIONS:
    st.subheader(t(section.title, lang))
    rows = getattr(pack, section.frame)
    if rows.empty:
        st.caption(t(section.empty, lang))
        continue
    grid.show(tables.frame(rows, section.columns, lang), hide_index=True, width="stretch")
    if section.frame == "lagging":
        st.plotly_chart(figures["lagging"], key="review_lagging")

st.subheader(t("review_downloads", lang))
name = t("review_file", lang, month=month) + (f"-{unit}" if unit else "")
kinds = ["xlsx", "html"] + (["pdf"] if meeting_pack.chromium_path() else [])
for column, kind in zip(st.columns(3), kinds, strict=False):
    column.download_button(
        t(f"review_download_{kind}", lang),
        data=partial(meeting_pack.PRODUCERS[kind], pack, lang),  # made when clicked
        file_name=f"{name}.{kind}",
        mime=meeting_pack.MIME_TYPES[kind],
        on_click="ignore",
        key=f"review_{kind}",
    )
if "pdf" not in kinds:
    st.caption(t("review_no_chromium", lang))
