"""The dashboard run by AppTest as a browser opens it: the app with a query in its URL (on the
overview, or on the sign-in form when the store has accounts), then a page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
OVERVIEW = "views/overview.py"  # the page the app opens on


def visit(query: dict | None = None, timeout: float = 120) -> AppTest:
    """The app opened with `query` in its URL, run once."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def run(page: str, query: dict | None = None) -> AppTest:
    """The app opened with `query` in its URL, then `page` (unless it is the overview); asserts
    that the page raised nothing."""
    at = visit(query)
    if page != OVERVIEW:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at
