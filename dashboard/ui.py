"""Small Streamlit helpers shared by the pages: language, formatting, data access with messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import auth, grid
from dashboard.access import NOBODY, OPEN, Access
from engine import queries
from presentation import tables
from presentation.safe_text import XLSX_OPTIONS, csv_frame, markdown
from presentation.strings import LANGUAGES, t
from store.errors import DatabaseBusyError, TrackerError


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
    except Exception as error:
        auth.say_store_problem(error, lang)
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


def _url_date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(st.query_params.get(name, "")))
    except ValueError:
        return None


VIEW_KEYS = {"date": "view_as_of", "unit": "view_unit"}  # URL parameter → widget key


def _quiet(name: str, *args: Any) -> Any:
    """`fetch` for the sidebar of the entry point: None instead of stopping the whole app."""
    db = str(queries.db_path())
    try:
        return _cached(name, db, queries.data_version(db), args)
    except Exception:  # no database, busy, damaged: the page says so
        return None


def view_controls(lang: str, access: Access = OPEN) -> None:
    """The view every page shares, in the entry point's sidebar so that it survives changing
    page: the data's date (数据截至, the latest record of any kind), the as-of date (default: that
    date) and the unit. Both are kept in the URL (`?date=2025-09-30&unit=712001`) on every page.
    An account that sees only some units (a clerk) picks among those alone: no "all units", no
    other unit, whatever the URL says."""
    facts = _quiet("view_facts")
    latest, units = facts if facts is not None else (None, None)
    default = latest or dt.date.today()
    if "view_as_of" not in st.session_state:
        st.session_state["view_as_of"] = _url_date("date") or default
    st.sidebar.date_input(
        t("as_of", lang),
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date(2100, 12, 31),
        key="view_as_of",
        help=t("as_of_help", lang),
    )
    if latest is not None:
        st.sidebar.caption(t("data_as_of", lang, day=latest.isoformat()))
    names: dict[str, str] = {}
    if units is not None and not units.empty:
        names = dict(zip(units["unit_code"], units["unit_name"], strict=False))
    options = ["", *sorted(names)]
    if access.scoped:
        options = [code for code in sorted(names) if access.sees(code)] or list(access.units)
    if st.session_state.get("view_unit") not in options:
        wanted = str(st.query_params.get("unit", ""))
        st.session_state["view_unit"] = wanted if wanted in options else options[0]
    st.sidebar.selectbox(
        t("unit", lang),
        options,
        format_func=lambda c: t("all_units", lang) if not c else f"{c} {names.get(c, '')}".strip(),
        key="view_unit",
    )
    day = st.session_state["view_as_of"]
    if isinstance(day, dt.date) and (day != default or "date" in st.query_params):
        st.query_params["date"] = day.isoformat()
    if st.session_state["view_unit"]:
        st.query_params["unit"] = st.session_state["view_unit"]
    elif "unit" in st.query_params:
        del st.query_params["unit"]


def as_of_date(lang: str) -> dt.date:
    """The as-of date chosen in the sidebar (`view_controls`); default: the latest record date."""
    day = st.session_state.get("view_as_of")
    if isinstance(day, dt.date):
        return day
    return _url_date("date") or fetch("last_record_date", lang=lang) or dt.date.today()


def in_year(day: dt.date, year: int) -> dt.date:
    """`day` clipped into the fiscal year `year` (1 January to 31 December)."""
    return min(max(day, dt.date(year, 1, 1)), dt.date(year, 12, 31))


def unit_filter(projects: pd.DataFrame, lang: str) -> str | None:
    """The unit chosen in the sidebar (`view_controls`), None for every unit; an account that
    sees only some units always has one of them."""
    chosen = st.session_state.get("view_unit") or None
    access = current_access()
    if access.scoped:
        return chosen if access.sees(chosen) else access.units[0]
    return chosen if chosen in set(projects["unit_code"]) else None


def text(value: Any) -> str:
    """A text field from a file for Markdown (captions, messages): escaped, so it shows as
    written and never renders as a link, an image or a Streamlit directive; — when missing (a
    NULL arrives as None or NaN)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return "—"
    return markdown(value)


def lines(value: Any) -> str:
    """A multi-line text field for markdown, escaped, keeping its line breaks; — when missing."""
    return text(value).replace("\n", "  \n")


def pct(value: Any) -> str:
    """A percent with one decimal, or — when unknown."""
    return "—" if value is None or pd.isna(value) else f"{float(value):.1f}%"


def wan_text(yuan: Any) -> str:
    """Yuan shown as 万元 with two decimals (`<0.01` for a few yuan), or —."""
    return "—" if yuan is None or pd.isna(yuan) else tables.wan_number(float(yuan))


# a shape per state, so the state reads without colour (colour-blind readers, black-and-white
# print) and in any CJK font (emoji are missing from many office machines' fonts)
COLOUR_ICONS = {
    "red": "▲",
    "yellow": "◆",
    "green": "●",
    "blue": "■",
    "not_due": "○",
}


def colour_label(colour: Any, lang: str) -> str:
    """A colour always with its icon and its word (readable without colour, and in print)."""
    if colour is None or (isinstance(colour, float) and pd.isna(colour)):
        return "—"
    key = str(colour)
    return f"{COLOUR_ICONS.get(key, '')} {t('colour_' + key, lang)}".strip()


def empty_state(message_key: str, lang: str) -> None:
    """Say what to load, link the import page, and stop."""
    st.info(t(message_key, lang))
    st.page_link(import_page(), label=t("go_import", lang), icon=":material/upload:")
    st.stop()


def import_page() -> str:
    return "views/imports.py"


def project_link(code: str, lang: str) -> str:
    """A relative URL of the project page, keeping the date and language."""
    query = f"project={code}"
    if "date" in st.query_params:
        query += f"&date={st.query_params['date']}"
    if lang != "zh":
        query += f"&lang={lang}"
    return f"./project?{query}"


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """A one-sheet workbook of `frame` (header row frozen)."""
    import io

    buffer = io.BytesIO()
    # text stays text: a cell such as =HYPERLINK(…) from a file is never written as a formula
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}
    ) as writer:
        frame.to_excel(writer, sheet_name=sheet[:31], index=False)
        sheet_obj = writer.sheets[sheet[:31]]
        sheet_obj.freeze_panes(1, 0)
        for position, column in enumerate(frame.columns):
            width = max([len(str(column)) * 2, *(len(str(v)) for v in frame[column].head(200))])
            sheet_obj.set_column(position, position, min(max(width, 8), 50))
    return buffer.getvalue()


def downloads(frame: pd.DataFrame, name: str, lang: str, key: str) -> None:
    """CSV (UTF-8 with BOM, opens in Excel) and .xlsx download buttons for `frame`; each
    download is written to the audit log under the signed-in account."""
    left, right = st.columns(2)
    left.download_button(
        t("download_csv", lang),
        csv_frame(frame).to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click=record_download,
        args=(f"{name}.csv", len(frame)),
    )
    right.download_button(
        t("download_xlsx", lang),
        xlsx_bytes(frame, name),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click=record_download,
        args=(f"{name}.xlsx", len(frame)),
    )


def record_download(file_name: str, rows: int) -> None:
    """A download of rows, in the audit log (who, which file, how many rows, which unit)."""
    access = current_access()
    if access.role == "none":  # a session the entry point has not let in: nothing to record
        return
    unit = st.session_state.get("view_unit") or None
    auth.record(access.name or "web", "download", unit, f"{file_name} ({rows} rows)")


def project_select(
    projects: pd.DataFrame, unit: str | None, lang: str, key: str
) -> tuple[str, pd.DataFrame]:
    """The project in the sidebar, among the unit's (all when no unit) of the year the view's
    date shows (`rules.view_year`; a project asked for by its code whatever its year), kept in
    the URL (`?project=CODE`). Returns its code and the projects offered."""
    from engine.rules import view_year

    wanted = st.query_params.get("project")
    years = sorted({int(y) for y in projects["fiscal_year"]})
    year = view_year(years, as_of_date(lang))
    shown = projects[projects["fiscal_year"].eq(year) | projects["project_code"].eq(wanted)]
    shown = shown[shown["unit_code"] == unit] if unit else shown
    codes = list(shown["project_code"])
    names = dict(zip(shown["project_code"], shown["name"], strict=True))
    owner = projects.loc[projects["project_code"] == wanted, "unit_code"]
    if not owner.empty:
        require_unit(owner.iloc[0], lang)  # a typed address of another unit's project
    if not codes:
        empty_state("no_projects", lang)
    code = st.sidebar.selectbox(
        t("project", lang),
        codes,
        index=codes.index(wanted) if wanted in codes else 0,
        format_func=lambda c: f"{names[c]} · {c}",
        key=key,
    )
    st.query_params["project"] = code
    return str(code), shown


# -- the two official forms' pages (绩效监控, 绩效自评) ---------------------------------------------
def form_author(saved_by: str | None, lang: str, prefix: str) -> str:
    """The form's 填报人: the signed-in account (shown, not typed); a free text only while the
    store has no accounts."""
    access = current_access()
    if access.signed_in:
        st.text_input(
            t("form_author", lang), value=access.name, disabled=True, key=f"{prefix}_author_signed"
        )
        return access.name
    return st.text_input(t("form_author", lang), value=saved_by or "", key=f"{prefix}_author")


def save_form(form: Any, author: str, lang: str, prefix: str) -> None:
    """Save a monitoring or evaluation form (`form_ui.save`, a short read-write connection), then
    rerun so every page shows it; or list why it was not saved (nothing was). The account's role
    and unit are checked again here, at the write: a replayed form of a read-only account or of
    another unit is refused."""
    from dashboard import form_ui
    from engine.forms import FormError

    if not may_write(form.unit_code, f"form_save {form.project_code}", lang):
        return
    access = current_access()
    if access.signed_in:
        author = access.name  # never a typed name once accounts exist
    try:
        saved = form_ui.save(queries.db_path(), form, author)
    except FormError as error:
        st.error("\n".join([t("form_not_saved", lang), *(f"- {p}" for p in error.problems)]))
    except DatabaseBusyError:
        st.warning(t("form_busy", lang))
    except TrackerError as error:
        st.error(text(error))
    else:
        auth.record(author, "form_save", form.unit_code, f"{prefix} {form.project_code} #{saved}")
        st.cache_data.clear()  # every page shows the new save at once
        st.session_state[f"{prefix}_saved"] = saved
        st.rerun()


def saved_notice(lang: str, prefix: str) -> None:
    """The outcome of the save before the rerun, once."""
    if f"{prefix}_saved" in st.session_state:
        st.success(t("form_saved", lang, save_id=st.session_state.pop(f"{prefix}_saved")))


def form_history_and_downloads(
    kind: str, code: str, unit_code: str, day: dt.date, file_key: Any, lang: str, prefix: str
) -> None:
    """A form's saves (newest first) and its .xlsx / .docx exports of this project and of its
    whole unit, made only when a button is clicked."""
    from functools import partial

    from dashboard import form_ui

    saves = fetch("form_history", kind, code, day, lang=lang)
    with st.expander(t("form_history", lang, n=len(saves))):
        grid.show(tables.frame(saves, tables.FORM_SAVES, lang))
    st.subheader(t("form_downloads", lang))
    scopes = [("project", code), ("unit", unit_code)]  # one project, or its whole unit
    choices = [(scope, name, fmt) for scope, name in scopes for fmt in form_ui.EXPORT_FORMATS]
    for column, (scope, name, fmt) in zip(st.columns(len(choices)), choices, strict=True):
        column.download_button(
            t(f"form_download_{scope}", lang, fmt=f".{fmt}"),
            data=partial(  # made when clicked
                form_ui.export_bytes, queries.db_path(), kind, fmt, as_of=day, **{scope: name}
            ),
            file_name=form_ui.export_name(kind, fmt, name, file_key),
            mime=form_ui.MIME_TYPES[fmt],
            on_click="ignore",
            icon=":material/download:",
            key=f"{prefix}_download_{scope}_{fmt}",
        )


def current_access() -> Access:
    """The access the entry point decided for this session (OPEN when the store has no
    accounts); NOBODY (no right at all) before it has decided: never open by default."""
    access = st.session_state.get("access")
    return access if isinstance(access, Access) else NOBODY


def require_unit(unit_code: object, lang: str) -> None:
    """Stop the page, saying why, when the account may not see `unit_code`'s data."""
    access = current_access()
    if not access.sees(unit_code):
        st.error(t("auth_refused_unit", lang, units="、".join(access.units)))
        st.stop()


def may_write(unit_code: object, what: str, lang: str) -> bool:
    """Whether the signed-in account may write `unit_code`'s data, checked again at the write (a
    replayed form of a read-only account or of another unit). When not: the refusal goes into
    the audit log as `what`, the page says why, and nothing is written."""
    access = current_access()
    if access.writes and access.sees(unit_code):
        return True
    auth.record(access.name, "refused", unit_code, what)  # type: ignore[arg-type]
    if not access.writes:
        require_writer(lang)
    else:
        require_unit(unit_code, lang)
    return False


def require_writer(lang: str) -> bool:
    """Whether the account may save and import; when not, say so (the page stays read-only)."""
    access = current_access()
    if not access.writes:
        st.info(t("auth_refused_write", lang, role=t(f"role_{access.role}", lang)))
    return access.writes
