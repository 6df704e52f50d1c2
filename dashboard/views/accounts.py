"""账号管理 Accounts (admin): add an account, set a password, disable, unlock. Every change is
checked again here (the role) and written to the audit log under the signed-in account."""

import streamlit as st

from dashboard import grid
from dashboard.ui import current_access, current_language, fetch, text
from engine.queries import db_path
from presentation import tables
from presentation.strings import t
from store import accounts
from store.db import connection
from store.errors import DatabaseBusyError, TrackerError

lang = current_language()
access = current_access()
st.title(t("accounts_title", lang))
if not access.signed_in:
    st.info(t("accounts_open", lang))
    st.stop()
if access.role != "admin":  # the entry point refuses already; a replayed request too
    st.error(t("auth_refused_page", lang, role=t(f"role_{access.role}", lang)))
    st.stop()


def change(work, *args, what: str) -> None:
    """One account change on a short read-write connection; its outcome said, never a traceback."""
    try:
        with connection(db_path()) as con:
            work(con, *args, actor=access.name)
    except (TrackerError, DatabaseBusyError) as error:
        st.error(text(error))
        return
    st.cache_data.clear()
    st.success(t("accounts_done", lang, what=what))


listing = fetch("account_list", lang=lang)
grid.show(tables.frame(listing, tables.ACCOUNTS, lang))

st.subheader(t("accounts_add", lang))
with st.form("account_add", clear_on_submit=True):
    name = st.text_input(t("auth_name", lang), key="account_new_name")
    role = st.selectbox(
        t("accounts_role", lang),
        list(accounts.ROLES),
        format_func=lambda r: t(f"role_{r}", lang),
        key="account_new_role",
    )
    units = st.text_input(t("accounts_units", lang), key="account_new_units")
    password = st.text_input(t("accounts_password", lang), type="password", key="account_new_pw")
    if st.form_submit_button(t("accounts_create", lang), type="primary"):
        codes = [u.strip() for u in units.replace("，", ",").split(",") if u.strip()]
        change(accounts.add, name, role, password, codes, what=f"{t('accounts_add', lang)} {name}")

names = list(listing["name"]) if not listing.empty else []
if names:
    chosen = st.selectbox(t("accounts_pick", lang), names, key="account_pick")
    reset, disable, unlock = st.columns(3)
    with reset.popover(t("accounts_reset", lang)):
        new = st.text_input(t("auth_password", lang), type="password", key="account_reset_pw")
        if st.button(t("accounts_reset", lang), key="account_reset_go"):
            change(accounts.set_password, chosen, new, what=f"{t('accounts_reset', lang)} {chosen}")
    if disable.button(t("accounts_disable", lang), key="account_disable"):
        change(accounts.disable, chosen, what=f"{t('accounts_disable', lang)} {chosen}")
    if unlock.button(t("accounts_unlock", lang), key="account_unlock"):
        change(accounts.unlock, chosen, what=f"{t('accounts_unlock', lang)} {chosen}")
