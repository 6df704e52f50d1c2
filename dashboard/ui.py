"""Small Streamlit helpers shared by the pages: language, formatting, data access with messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.strings import LANGUAGES, t
from loaders.errors import DatabaseBusyError


def language() -> str:
    """The interface language, chosen in the sidebar and kept in the URL (`?lang=en`)."""
    current = st.query_params.get("lang", "zh")
    if current not in LANGUAGES:
        current = "zh"
    choice = st.sidebar.radio(
        "语言 / Language",
        list(LANGUAGES),
        index=list(LANGUAGES).index(current),
        format_func=LANGUAGES.get,
        horizontal=True,
        key="lang",
    )
    if choice != "zh":
        st.query_params["lang"] = choice
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    return str(choice)


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(name: str, db: str, version: tuple, args: tuple) -> pd.DataFrame | int:
    function: Callable[..., Any] = getattr(queries, name)
    return function(db, *args)


def fetch(name: str, *args: Any, lang: str = "zh") -> Any:
    """Run `queries.<name>(db, *args)`, cached per data version. On a missing or busy database,
    show what to do and stop the page."""
    db = str(queries.db_path())
    try:
        return _cached(name, db, queries.data_version(db), args)
    except queries.NoDatabase:
        st.info(t("no_db", lang))
        st.stop()
    except DatabaseBusyError:
        st.warning(t("db_busy", lang))
        st.stop()
    except Exception as error:  # a damaged file must not show a traceback
        st.error(t("db_error", lang, error=f"{type(error).__name__}: {error}"))
        st.stop()


def demo_badge(lang: str) -> None:
    if fetch("demo_loads", lang=lang):
        st.sidebar.warning(t("demo_label", lang), icon=":material/science:")
        st.caption(f":material/science: {t('demo_note', lang)}")


def wan(yuan: Any) -> float | None:
    """Yuan → 万元, for display."""
    return None if yuan is None or pd.isna(yuan) else round(float(yuan) / 10000, 2)


def current_language() -> str:
    """The language the entry point set for this run."""
    value = st.session_state.get("lang") or st.query_params.get("lang", "zh")
    return value if value in LANGUAGES else "zh"
