"""Who may see and change what, decided in one place. `access_for(account)` is the one function
that turns an account into an `Access` (a later identity provider — Streamlit's st.login, OIDC —
feeds the same function); pages and writes ask the `Access`, never the role's name.

Roles (named in Chinese on the pages):
- viewer 领导: overview, project, review and target pages of every unit, read-only, no roster rows;
- auditor 审计: every page read-only, with record rows, rejected rows, flags, the import history,
  downloads and the audit log;
- clerk 填报员: only the units given, their pages, imports and undo of their own units' loads, their
  forms;
- admin 管理员: everything, plus the accounts page.
A store without accounts (a single-user install, the test suite's databases) is open: OPEN.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from store.accounts import Account

PAGES = (
    "overview",
    "project",
    "lagging",
    "review",
    "monitoring",
    "evaluation",
    "targets",
    "import",
    "audit",
    "accounts",
)
ROLE_PAGES = {
    "viewer": frozenset({"overview", "project", "review", "targets"}),
    "auditor": frozenset(set(PAGES) - {"accounts"}),
    "clerk": frozenset(set(PAGES) - {"audit", "accounts"}),
    "admin": frozenset(PAGES),
}
WRITERS = frozenset({"clerk", "admin"})  # loads, undo, form saves
ROW_READERS = frozenset({"auditor", "clerk", "admin"})  # roster rows, rejected rows, flags
LOG_READERS = frozenset({"auditor", "admin"})


@dataclass(frozen=True)
class Access:
    """What one signed-in account may do. `units` empty: every unit."""

    name: str
    role: str
    units: tuple[str, ...] = ()
    signed_in: bool = True

    def may_open(self, page: str) -> bool:
        return page in ROLE_PAGES.get(self.role, frozenset())

    @property
    def writes(self) -> bool:
        """Loads, undo and form saves."""
        return self.role in WRITERS

    @property
    def reads_rows(self) -> bool:
        """Row-level personal data (roster rows), rejected rows and record flags."""
        return self.role in ROW_READERS

    @property
    def reads_log(self) -> bool:
        return self.role in LOG_READERS

    @property
    def scoped(self) -> bool:
        """Sees only some units (a clerk)."""
        return bool(self.units)

    def sees(self, unit_code: object) -> bool:
        return not self.units or str(unit_code) in self.units

    def sees_all(self, unit_codes: Iterable[object]) -> bool:
        """Every unit of `unit_codes` is this account's (an undo touches only its own units)."""
        return all(self.sees(code) for code in unit_codes)


OPEN = Access(name="", role="admin", signed_in=False)  # no accounts yet: the app is open
NOBODY = Access(name="", role="none", signed_in=False)  # no decision yet: no page, no right


def access_for(account: Account) -> Access:
    """The account's access: its role and, for a clerk, its units."""
    units = account.units if account.role == "clerk" else ()
    return Access(name=account.name, role=account.role, units=tuple(units))
