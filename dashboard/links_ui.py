"""Continuing projects on the targets page (year on year): which project of last year each
project of the year continues — found by the name rule (engine/links.py) — and a form where a
clerk confirms, changes or removes a link (store/links.py; each change in the audit log)."""

from __future__ import annotations

import streamlit as st

from dashboard import grid
from dashboard.ui import current_access, fetch, may_write, text
from presentation.strings import t
from presentation.tables import Column, frame

LINKS = (
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("previous_code", "links_previous_code", "code"),
    Column("previous_name", "links_previous_name"),
    Column("source", "links_source", "link_source"),
)
RULE, NONE = "__rule__", "__none__"


def continuing_projects(shown, lang: str) -> None:
    """The links of the projects shown (one unit, or all) and the form that changes one."""
    years = sorted({int(y) for y in shown["fiscal_year"]})
    if not years:
        return
    year = years[-1]
    links = fetch("links", year, None, lang=lang)
    links = links[links["project_code"].isin(shown["project_code"])]
    st.subheader(t("links_title", lang, year=year))
    st.caption(t("links_caption", lang))
    grid.show(frame(links, LINKS, lang), hide_index=True, width="stretch")
    if links.empty:
        return
    everything = fetch("links", year - 1, None, lang=lang)  # last year's projects
    with st.form(f"links_{year}"):
        left, right = st.columns(2)
        code = left.selectbox(
            t("links_project", lang),
            list(links["project_code"]),
            format_func=lambda c: f"{c} {links.set_index('project_code').loc[c, 'name']}",
            key="links_project",
        )
        unit = links.set_index("project_code").loc[code, "unit_code"]
        candidates = everything[everything["unit_code"] == unit]
        names = dict(zip(candidates["project_code"], candidates["name"], strict=True))
        choice = right.selectbox(
            t("links_previous", lang),
            [RULE, NONE, *names],
            format_func=lambda c: (
                t("links_by_rule", lang)
                if c == RULE
                else t("links_none", lang)
                if c == NONE
                else f"{c} {names[c]}"
            ),
            key="links_previous",
        )
        submitted = st.form_submit_button(t("links_save", lang))
    if submitted:
        _save(str(code), str(unit), choice, lang)


def _save(code: str, unit: str, choice: str, lang: str) -> None:
    from dashboard.form_ui import SAVE_WAIT_SECONDS
    from engine import queries
    from store import links
    from store.db import open_db
    from store.errors import DatabaseBusyError, TrackerError

    if not may_write(unit, f"link {code}", lang):
        return
    access = current_access()
    try:
        con = open_db(queries.db_path(), wait=SAVE_WAIT_SECONDS)
        try:
            actor = access.name or "web"
            if choice == RULE:
                links.clear_link(con, code, actor)
            else:
                links.set_link(con, code, None if choice == NONE else choice, actor)
        finally:
            con.close()
    except DatabaseBusyError:
        st.warning(t("form_busy", lang))
        return
    except TrackerError as error:
        st.error(text(error))
        return
    st.success(t("links_saved", lang, code=code))
    st.rerun()
