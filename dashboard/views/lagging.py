"""滞后预警 Lagging & audit (auditors): lagging projects ranked by shortfall, target-quality findings,
record flags with the rows behind them; every table downloadable."""

import pandas as pd
import streamlit as st

from dashboard.ui import (
    as_of_date,
    colour_label,
    current_language,
    demo_badge,
    downloads,
    empty_state,
    fetch,
    project_link,
    text,
    unit_filter,
    wan,
    wan_text,
)
from engine.status import lagging
from presentation.strings import t

lang = current_language()
st.title(t("lagging_title", lang))
demo_badge(lang)
projects = fetch("projects", lang=lang)
if projects.empty:
    empty_state("no_projects", lang)
as_of = as_of_date(lang)
unit = unit_filter(projects, lang)
status = fetch("status", as_of, unit, lang=lang)
frame = status.projects
st.caption(t("lagging_caption", lang, day=as_of.isoformat()))

# -- lagging projects -------------------------------------------------------------------------
filters = st.columns(3)
behind = lagging(status)
warnings = ["red", "yellow", "green", "not_due"]  # every warning a lagging project can have
colours = filters[0].multiselect(
    t("filter_colours", lang),
    warnings,
    default=warnings,
    format_func=lambda c: colour_label(c, lang),
    key="lag_colours",
    help=t("filter_colours_help", lang),
)
labels = sorted({str(c) for c in behind["last_checkpoint"].dropna()})
checkpoint = filters[1].selectbox(
    t("filter_checkpoint", lang),
    ["", *labels],
    format_func=lambda c: c or t("all_checkpoints", lang),
    key="lag_checkpoint",
)
missed_only = filters[2].toggle(t("filter_missed_only", lang), key="lag_missed")
shown = behind[behind["warning"].isin(colours)]
if missed_only:
    shown = shown[shown["last_checkpoint_status"].eq("missed")]
if checkpoint:
    shown = shown[shown["last_checkpoint"].astype(str).eq(checkpoint)]
st.subheader(t("lagging_list", lang))
if shown.empty:
    st.success(t("no_lagging", lang))
else:
    total = pd.to_numeric(shown["shortfall_yuan"], errors="coerce").sum()
    st.caption(t("lagging_count", lang, n=len(shown), short=wan_text(total)))
    status_words = {"met": t("status_met", lang), "missed": t("status_missed", lang)}
    table = pd.DataFrame(
        {
            t("open_project", lang): [project_link(c, lang) for c in shown["project_code"]],
            t("project_code", lang): shown["project_code"],
            t("project_name", lang): shown["name"],
            t("unit_name", lang): shown["unit_name"],
            t("warning", lang): [colour_label(c, lang) for c in shown["warning"]],
            t("execution", lang): shown["execution_pct"].round(1),
            t("plan_to_date", lang): shown["plan_pct"].round(1),
            t("last_checkpoint", lang): shown["last_checkpoint"],
            t("last_status", lang): shown["last_checkpoint_status"].map(status_words),
            t("shortfall_wan", lang): shown["shortfall_yuan"].map(wan),
            t("next_checkpoint", lang): shown["next_checkpoint"],
            t("to_spend_wan", lang): shown["to_spend_yuan"].map(wan),
            t("days_left", lang): shown["days_left"],
            t("forecast", lang): shown["forecast_pct"].round(1),
        }
    )
    link = st.column_config.LinkColumn(display_text=t("open_project", lang))
    one = st.column_config.NumberColumn(format="%.1f")
    two = st.column_config.NumberColumn(format="%.2f")
    formats = {t(k, lang): one for k in ("execution", "plan_to_date", "forecast")}
    formats |= {t(k, lang): two for k in ("shortfall_wan", "to_spend_wan")}
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={t("open_project", lang): link} | formats,
    )
    downloads(table.drop(columns=[t("open_project", lang)]), f"lagging-{as_of}", lang, "lagging")

# -- target-quality findings --------------------------------------------------------------------
st.subheader(t("findings_all", lang))
found = fetch("findings", lang=lang)
found = found[found["project_code"].isin(frame["project_code"])]
if found.empty:
    st.success(t("no_findings", lang))
else:
    found = found.assign(severity=found["severity"].map(lambda s: t("severity_" + s, lang)))
    st.dataframe(
        found,
        hide_index=True,
        width="stretch",
        column_config={
            "project_code": t("project_code", lang),
            "indicator_seq": t("seq", lang),
            "indicator_name": t("indicator_name", lang),
            "severity": t("severity", lang),
            "rule": t("rule", lang),
            "message": t("message", lang),
        },
    )
    downloads(found, f"findings-{as_of}", lang, "findings")

# -- record flags -------------------------------------------------------------------------------
st.subheader(t("flags_title", lang))
st.caption(t("flags_caption", lang))
flagged = frame[
    (frame["duplicates"] > 0)
    | (frame["reversals"] > 0)
    | frame["rush"]
    | frame["above_budget"]
    | (frame["rejected"] > 0)
]
yes = t("yes", lang)
flags = pd.DataFrame(
    {
        t("project_code", lang): flagged["project_code"],
        t("project_name", lang): flagged["name"],
        t("flag_duplicates", lang): flagged["duplicates"],
        t("flag_rejected", lang): flagged["rejected"],
        t("flag_reversals", lang): flagged["reversals"],
        t("flag_reversal_wan", lang): flagged["reversal_yuan"].map(wan),
        t("flag_rush_share", lang): flagged["rush_share_pct"].round(1),
        t("flag_rush", lang): flagged["rush"].map({True: yes, False: ""}),
        t("flag_above_budget", lang): flagged["above_budget"].map({True: yes, False: ""}),
    }
)
chosen = st.dataframe(
    flags,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="flags",
)
downloads(flags, f"flags-{as_of}", lang, "flags")
rows = chosen.selection.rows if chosen else []
if rows:
    code = str(flagged.iloc[rows[0]]["project_code"])
    st.markdown(f"**{t('reversals_of', lang, code=text(code))}**")
    st.dataframe(
        fetch("reversal_records", as_of, code, lang=lang), hide_index=True, width="stretch"
    )
    st.markdown(f"**{t('set_aside_of', lang, code=text(code))}**")
    st.dataframe(fetch("rejected_rows", code, lang=lang), hide_index=True, width="stretch")

st.subheader(t("unknown_rows", lang))
rejected = fetch("rejected_rows", lang=lang)
unknown = rejected[rejected["category"].eq("rejected")]
if unknown.empty:
    st.success(t("no_unknown_rows", lang))
else:
    st.dataframe(
        unknown,
        hide_index=True,
        width="stretch",
        column_config={
            k: t(k if k != "kind" else "kind_load", lang)
            for k in ("load_id", "file_name", "row_no", "reason", "project_code", "kind")
        },
    )
    downloads(unknown, f"rejected-{as_of}", lang, "unknown")
