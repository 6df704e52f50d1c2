"""滞后预警 Lagging & audit (auditors): projects over budget, lagging projects ranked by shortfall
(details on click), target-quality findings, record flags with the rows behind them; every table
downloadable, its headers in the page's language."""

import streamlit as st

from dashboard import grid
from dashboard.ui import (
    as_of_date,
    current_language,
    demo_badge,
    downloads,
    empty_state,
    fetch,
    project_link,
    text,
    unit_filter,
    wan_text,
)
from engine import rules
from engine.status import lagging
from presentation import tables
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

# -- over budget: a state of its own, first ---------------------------------------------------
over = frame[frame["warning"].eq(rules.OVER)]
if not over.empty:
    st.subheader(tables.state_text(rules.OVER, lang))
    st.error(t("over_budget_caption", lang), icon=":material/error:")
    grid.show(tables.frame(over, tables.OVER_BUDGET, lang), hide_index=True, width="stretch")

# -- lagging projects -------------------------------------------------------------------------
filters = st.columns(3)
behind = lagging(status)
warnings = [rules.RED, rules.YELLOW, rules.GREEN, rules.NOT_DUE]  # a lagging project's warnings
colours = filters[0].multiselect(
    t("filter_colours", lang),
    warnings,
    default=warnings,
    format_func=lambda c: tables.state_text(c, lang),
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
    total = shown["shortfall_yuan"].astype(float).sum()
    st.caption(t("lagging_count", lang, n=len(shown), short=wan_text(total)))
    picked = grid.show(
        tables.frame(shown, tables.LAGGING, lang),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="lagging_rows",
    )
    rows = picked.selection.rows if picked else []
    if rows:  # the details a reader asks for, on click
        one = shown.iloc[[rows[0]]]
        st.markdown(f"**{text(one['name'].iloc[0])}** · {text(one['project_code'].iloc[0])}")
        grid.show(tables.frame(one, tables.LAGGING_DETAILS, lang), hide_index=True, width="stretch")
        st.page_link(
            project_link(str(one["project_code"].iloc[0]), lang), label=t("open_project", lang)
        )
    else:
        st.caption(t("lagging_click", lang))
    everything = tables.typed(shown, (*tables.LAGGING, *tables.LAGGING_DETAILS), lang)
    downloads(everything, f"lagging-{as_of}", lang, "lagging")

# -- target-quality findings --------------------------------------------------------------------
st.subheader(t("findings_all", lang))
found = fetch("findings", lang=lang)
found = found[  # the projects shown, and the goals of their units (stale_year)
    found["project_code"].isin(frame["project_code"])
    | (found["project_code"].isna() & found["unit_code"].isin(frame["unit_code"]))
]
if found.empty:
    st.success(t("no_findings", lang))
else:
    if lang != "zh":  # the messages quote the published document: the rule says it in English
        found = found.assign(message=[tables.text(r, "rule", lang) for r in found["rule"]])
    grid.show(tables.frame(found, tables.FINDINGS, lang), hide_index=True, width="stretch")
    downloads(tables.typed(found, tables.FINDINGS, lang), f"findings-{as_of}", lang, "findings")

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
chosen = grid.show(
    tables.frame(flagged, tables.FLAGS, lang),
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="flags",
)
downloads(tables.typed(flagged, tables.FLAGS, lang), f"flags-{as_of}", lang, "flags")
rows = chosen.selection.rows if chosen else []
if rows:
    code = str(flagged.iloc[rows[0]]["project_code"])
    st.markdown(f"**{t('reversals_of', lang, code=text(code))}**")
    reversals = fetch("reversal_records", as_of, code, lang=lang)
    grid.show(tables.frame(reversals, tables.REVERSALS, lang), hide_index=True, width="stretch")
    st.markdown(f"**{t('set_aside_of', lang, code=text(code))}**")
    aside = fetch("rejected_rows", code, lang=lang)
    grid.show(tables.frame(aside, tables.SET_ASIDE, lang), hide_index=True, width="stretch")

st.subheader(t("unknown_rows", lang))
rejected = fetch("rejected_rows", lang=lang)
unknown = rejected[rejected["category"].isin(["rejected", "changed"])]
if unknown.empty:
    st.success(t("no_unknown_rows", lang))
else:
    grid.show(tables.frame(unknown, tables.SET_ASIDE, lang), hide_index=True, width="stretch")
    downloads(tables.typed(unknown, tables.SET_ASIDE, lang), f"rejected-{as_of}", lang, "unknown")
