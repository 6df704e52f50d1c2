"""Sign-in for the dashboard. Once the store holds any account, `gate` shows an anonymous visitor
the sign-in form and nothing else, on every page address; a session ends after `idle_minutes`
without use (tracker.toml [auth]) and on 退出登录; a disabled or removed account is signed out at
its next page. The signed-in account lives in the server's session state (never in the URL or a
cookie), so a new tab or a reload asks again."""

from __future__ import annotations

import time

import streamlit as st

from dashboard.access import OPEN, Access, access_for
from engine import queries
from presentation.safe_text import markdown
from presentation.strings import t
from store import accounts, audit
from store.accounts import Account
from store.db import connection
from store.errors import DatabaseBusyError, TrackerError
from store.settings import SettingsError, settings

SESSION_KEY = "signed_in"  # the account name
SEEN_KEY = "signed_in_seen"  # monotonic time of the last page used


@st.cache_data(show_spinner=False, max_entries=16)
def _accounts(db: str, version: tuple) -> dict[str, Account] | None:
    """Every account by name (None: no database file yet), cached per data version."""
    try:
        return queries.account_map(db)
    except queries.NoDatabase:
        return None


def say_store_problem(error: Exception, lang: str) -> None:
    """What a page says when the store cannot be read: busy (wait), a problem the user can fix
    (a damaged file, a typo in tracker.toml: the message names it), else the error, never a
    traceback."""
    if isinstance(error, DatabaseBusyError):
        st.warning(t("db_busy", lang))
    elif isinstance(error, (TrackerError, SettingsError)):
        st.error(markdown(str(error)))
    else:
        st.error(t("db_error", lang, error=markdown(f"{type(error).__name__}: {error}")))


def known_accounts(lang: str) -> dict[str, Account]:
    """The accounts; when the store cannot be read (busy, damaged) the page says so and stops:
    sign-in fails closed, never open."""
    db = str(queries.db_path())
    try:
        return _accounts(db, queries.data_version(db)) or {}
    except Exception as error:
        say_store_problem(error, lang)
    st.stop()
    raise AssertionError("not reached")


def record(
    actor: str, action: str, unit_code: str | None = None, detail: str | None = None
) -> None:
    """Write one audit line (a short read-write connection); never fails the page."""
    try:
        with connection(queries.db_path()) as con:
            audit.record(con, actor, action, unit_code, detail)
    except (DatabaseBusyError, OSError):
        pass


def sign_out(reason: str | None = None) -> None:
    name = st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(SEEN_KEY, None)
    if name:
        record(name, "sign_out", None, reason)


def gate(lang: str) -> Access:
    """The access of this session's account; OPEN when the store has no account. Shows the
    sign-in form and stops the page when nobody is signed in."""
    known = known_accounts(lang)
    if not known:
        return OPEN
    name = st.session_state.get(SESSION_KEY)
    notice = None
    if name is not None:
        seen = st.session_state.get(SEEN_KEY, 0.0)
        idle = settings().auth.idle_minutes * 60
        account = known.get(name)
        if account is None or account.disabled:
            sign_out("disabled")
            notice = t("auth_disabled", lang)
        elif time.monotonic() - seen > idle:
            sign_out("idle")
            notice = t("auth_idle", lang, minutes=settings().auth.idle_minutes)
        else:
            st.session_state[SEEN_KEY] = time.monotonic()
            access = access_for(account)
            _signed_in_box(access, lang)
            return access
    _sign_in_form(lang, notice)
    st.stop()
    raise AssertionError("not reached")


def _signed_in_box(access: Access, lang: str) -> None:
    st.sidebar.caption(
        t("auth_signed_in_as", lang, name=access.name, role=t(f"role_{access.role}", lang))
    )
    if st.sidebar.button(t("auth_sign_out", lang), key="auth_sign_out"):
        sign_out()
        st.rerun()


def _sign_in_form(lang: str, notice: str | None) -> None:
    st.title(t("auth_title", lang))
    if notice:
        st.info(notice)
    with st.form("sign_in", clear_on_submit=False):
        name = st.text_input(t("auth_name", lang), key="sign_in_name")
        password = st.text_input(t("auth_password", lang), type="password", key="sign_in_password")
        pressed = st.form_submit_button(t("auth_submit", lang), type="primary")
    if not pressed:
        st.caption(t("auth_hint", lang))
        return
    try:
        with connection(queries.db_path()) as con:
            account = accounts.sign_in(con, name, password)
    except TrackerError as refused:
        st.error(str(refused))
        return
    st.session_state[SESSION_KEY] = account.name
    st.session_state[SEEN_KEY] = time.monotonic()
    st.rerun()
