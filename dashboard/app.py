"""Entry point: `streamlit run dashboard/app.py`. Only routes to the pages."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/, not the project root, on sys.path
    sys.path.insert(0, str(ROOT))

from dashboard.strings import t  # noqa: E402
from dashboard.ui import language  # noqa: E402


def main() -> None:
    st.set_page_config(page_title=t("app_title"), page_icon=":material/monitoring:", layout="wide")
    lang = language()
    pages = [
        st.Page(
            str(ROOT / "dashboard" / "views" / "targets.py"),
            title=t("page_targets", lang),
            icon=":material/flag:",
            url_path="targets",
            default=True,
        ),
    ]
    st.navigation(pages).run()


main()
