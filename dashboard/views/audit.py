"""审计日志 Audit log (auditor, admin): who did what, when, to which unit."""

import datetime as dt

import streamlit as st

from dashboard import grid
from dashboard.ui import current_language, downloads, fetch
from presentation import tables
from presentation.strings import t

lang = current_language()
st.title(t("audit_title", lang))
st.caption(t("audit_caption", lang))
since = st.date_input(
    t("audit_since", lang), value=dt.date.today() - dt.timedelta(days=30), key="audit_since"
)
entries = fetch("audit_entries", since, lang=lang)
grid.show(tables.frame(entries, tables.AUDIT, lang), height=min(36 * (len(entries) + 1) + 3, 700))
downloads(tables.typed(entries, tables.AUDIT, lang), f"audit-{since}", lang, "audit")
