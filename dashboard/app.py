"""Entry point: `streamlit run dashboard/app.py`. Only routes to the pages."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/, not the project root, on sys.path
    sys.path.insert(0, str(ROOT))

from dashboard import auth  # noqa: E402
from dashboard.access import Access  # noqa: E402
from dashboard.ui import language, view_controls  # noqa: E402
from loaders import unit_goals  # noqa: E402, F401  (registers the migration that reads an older store's goals)
from loaders.workspace import sweep  # noqa: E402
from presentation.strings import t  # noqa: E402

VIEWS = ROOT / "dashboard" / "views"
# (file, title key, icon, url path): the overview first, it is the default page
PAGES = [
    ("overview.py", "page_overview", ":material/dashboard:", "overview"),
    ("project.py", "page_project", ":material/folder_open:", "project"),
    ("lagging.py", "page_lagging", ":material/warning:", "lagging"),
    ("review.py", "page_review", ":material/event_note:", "review"),
    ("monitoring.py", "page_monitoring", ":material/assignment:", "monitoring"),
    ("evaluation.py", "page_evaluation", ":material/grading:", "evaluation"),
    ("targets.py", "page_targets", ":material/flag:", "targets"),
    ("imports.py", "page_import", ":material/upload:", "import"),
    ("audit.py", "page_audit", ":material/history:", "audit"),
    ("accounts.py", "page_accounts", ":material/manage_accounts:", "accounts"),
]


@st.cache_resource
def swept_at_start() -> bool:
    """Once per server process: remove the work folders of loads a killed process left."""
    sweep()
    return True


def main() -> None:
    swept_at_start()
    st.set_page_config(page_title=t("app_title"), page_icon=":material/monitoring:", layout="wide")
    lang = language()
    pages = {
        url: st.Page(
            str(VIEWS / file), title=t(title, lang), icon=icon, url_path=url, default=i == 0
        )
        for i, (file, title, icon, url) in enumerate(PAGES)
    }
    # every page is routed, before the sign-in, so that a deep link keeps its address through
    # it and a typed address reaches the check below; the sidebar lists only the pages the
    # account may open
    chosen = st.navigation(list(pages.values()), position="hidden")
    access = auth.gate(lang)  # the sign-in form alone, until someone signs in
    st.session_state["access"] = access
    for url, page in pages.items():
        if access.may_open(url):
            st.sidebar.page_link(page)
    view_controls(lang, access)  # date and unit: here, so that they survive changing page
    here = next(url for url, page in pages.items() if page.url_path == chosen.url_path)
    if not access.may_open(here):
        refuse(access, lang, here)
    chosen.run()


def refuse(access: Access, lang: str, page: str) -> None:
    """A page the account may not open, typed by hand: said, recorded, nothing else shown."""
    st.error(t("auth_refused_page", lang, role=t(f"role_{access.role}", lang)))
    auth.record(access.name, "refused", None, f"page {page}")
    st.stop()


main()
