"""Entry point: `streamlit run dashboard/app.py`. Only routes to the pages."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/, not the project root, on sys.path
    sys.path.insert(0, str(ROOT))

from dashboard.ui import language, view_controls  # noqa: E402
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
    view_controls(lang)  # date and unit: here, so that they survive changing page
    pages = [
        st.Page(str(VIEWS / file), title=t(title, lang), icon=icon, url_path=url, default=i == 0)
        for i, (file, title, icon, url) in enumerate(PAGES)
    ]
    st.navigation(pages).run()


main()
