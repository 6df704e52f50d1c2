"""SQL queries of the store: one function per question, parameterised, each returning a DataFrame.

Each call opens a short-lived read-only connection (DuckDB lets one writer lock the file; holding a
reader open would lock loaders out). Plain portable SQL; money comes back as floats for display
only, DATE as datetime.date.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from engine.aggregates import frame_of
from store.db import open_db, resolve_db_path
from store.links import project_year
from store.settings import settings


def _page_wait() -> float:
    """How long a page waits for a loader to finish writing, then says so (tracker.toml)."""
    return settings().database.page_wait_seconds


class NoDatabase(Exception):
    """The database file does not exist yet."""


def db_path(db: str | Path | None = None) -> Path:
    return resolve_db_path(db)


def data_version(db: str | Path | None = None) -> tuple[float, int]:
    """A cheap key that changes whenever the database file changes (for caches)."""
    path = db_path(db)
    version: tuple[float, int] = (0.0, 0)
    for candidate in (path, Path(str(path) + ".wal")):
        if candidate.exists():
            stat = os.stat(candidate)
            version = (max(version[0], stat.st_mtime), version[1] + stat.st_size)
    return version


def _frame(db: str | Path | None, sql: str, params: list | None = None) -> pd.DataFrame:
    return _with_connection(db, lambda con: frame_of(con, sql, params))


def _upgrade(path: Path) -> None:
    """Bring a database written by an older version (or an empty DuckDB file) up to the current
    schema: a short read-write open applies it (only CREATE … IF NOT EXISTS and added columns)."""
    open_db(path, wait=_page_wait()).close()


def projects(db: str | Path | None = None) -> pd.DataFrame:
    """Columns: project_code, fiscal_year, unit_code, unit_name, name, budget_yuan, fiscal_yuan,
    other_yuan, purpose, goals, title, indicator_count, finding_count."""
    return _frame(
        db,
        """
        SELECT p.project_code, p.fiscal_year, p.unit_code, u.unit_name, p.name,
               p.budget_yuan, p.fiscal_yuan, p.other_yuan, p.purpose, p.goals, p.title,
               (SELECT count(*) FROM indicators i WHERE i.project_code = p.project_code)
                   AS indicator_count,
               (SELECT count(*) FROM target_findings f WHERE f.project_code = p.project_code)
                   AS finding_count
        FROM projects p
        LEFT JOIN units u ON u.unit_code = p.unit_code AND u.fiscal_year = p.fiscal_year
        ORDER BY p.unit_code, p.project_code
        """,
    )


def units(db: str | Path | None = None) -> pd.DataFrame:
    """Columns: unit_code, unit_name, fiscal_year, overall_goals."""
    return _frame(
        db, "SELECT unit_code, unit_name, fiscal_year, overall_goals FROM units ORDER BY 1, 3"
    )


def spending_plan(db: str | Path | None, project_code: str) -> pd.DataFrame:
    """Columns: checkpoint, label, cumulative_pct, source."""
    return _frame(
        db,
        "SELECT checkpoint, label, cumulative_pct, source FROM spending_plan"
        " WHERE project_code = ? ORDER BY checkpoint",
        [project_code],
    )


def indicators(db: str | Path | None, project_code: str) -> pd.DataFrame:
    """Columns: seq, level1, level2, name, description, target_raw, operator, target_value, unit,
    kind, deadline, direction, basis."""
    return _frame(
        db,
        "SELECT seq, level1, level2, name, description, target_raw, operator, target_value, unit,"
        " kind, deadline, direction, basis FROM indicators WHERE project_code = ? ORDER BY seq",
        [project_code],
    )


def findings(db: str | Path | None, project_code: str | None = None) -> pd.DataFrame:
    """Columns: unit_code, project_code, indicator_seq, indicator_name, severity, rule, message.
    Without a project, a unit's findings on its own goals (`unit_findings`) too: project_code
    empty, the goal's number and text for the indicator's."""
    return _frame(
        db,
        """
        SELECT p.unit_code, f.project_code, f.indicator_seq, i.name AS indicator_name,
               f.severity, f.rule, f.message
        FROM target_findings f
        LEFT JOIN projects p ON p.project_code = f.project_code
        LEFT JOIN indicators i ON i.project_code = f.project_code AND i.seq = f.indicator_seq
        WHERE CAST($project AS VARCHAR) IS NULL OR f.project_code = $project
        UNION ALL
        SELECT f.unit_code, NULL, f.goal_seq, g.text, f.severity, f.rule, f.message
        FROM unit_findings f
        LEFT JOIN unit_goals g ON g.unit_code = f.unit_code AND g.fiscal_year = f.fiscal_year
            AND g.seq = f.goal_seq
        WHERE CAST($project AS VARCHAR) IS NULL
        ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST, 6
        """,
        {"project": project_code},  # type: ignore[arg-type]
    )


def goals(db: str | Path | None, as_of, unit: str | None = None) -> pd.DataFrame:
    """The department goals of a unit (or every unit) at as-of (`engine.goals.unit_goals`)."""
    from engine.goals import unit_goals

    return _with_connection(db, lambda con: unit_goals(con, as_of, unit))


def previous_summary(db: str | Path | None, as_of, unit: str | None = None):
    """Last year at the same day (`engine.compare.previous_summary`): (units, totals) or None."""
    from engine.aggregates import view_year
    from engine.compare import previous_summary as read

    def work(con):
        year = view_year(con, as_of)
        return None if year is None else read(con, as_of, year, unit)

    return _with_connection(db, work)


def previous_curve(db: str | Path | None, as_of, unit=None, project=None):
    """Last year's S-curve moved one year on (`engine.compare.previous_curve`), or None."""
    from engine.aggregates import view_year
    from engine.compare import previous_curve as read

    def work(con):
        year = view_year(con, as_of) if project is None else project_year(con, project)
        return None if year is None else read(con, as_of, year, unit, project)

    return _with_connection(db, work)


def previous_projects(db: str | Path | None, as_of, project: str) -> pd.DataFrame:
    """A project's predecessor with its figures (`engine.compare.previous`)."""
    from engine.compare import previous

    def work(con):
        year = project_year(con, project)
        return previous(con, as_of, year, project=project) if year else pd.DataFrame()

    return _with_connection(db, work)


def links(db: str | Path | None, year: int | None = None, unit: str | None = None) -> pd.DataFrame:
    """Continuing projects (`engine.links.project_links`)."""
    from engine.links import project_links

    return _with_connection(db, lambda con: project_links(con, year, unit))


def demo_loads(db: str | Path | None = None) -> int:
    """How many loads in the store are demo data."""
    frame = _frame(db, "SELECT count(*) AS n FROM imports WHERE is_demo")
    return 0 if frame.empty else int(frame["n"].iloc[0])


def account_map(db: str | Path | None = None) -> dict:
    """Every account by name (store.accounts.Account, no hashes): who may sign in."""
    from store.accounts import listing

    return _with_connection(db, lambda con: {a.name: a for a in listing(con)})


def _with_connection(db: str | Path | None, work):
    """Run `work(con)` on a short-lived read-only connection; on a database without a table the
    current version reads, upgrade its schema once and run it again."""
    path = db_path(db)
    if not path.exists():
        raise NoDatabase(path)
    try:
        return _read(path, work)
    except duckdb.CatalogException:
        _upgrade(path)
        return _read(path, work)


def _read(path: Path, work):
    with _GATE.reading():
        con = open_db(path, read_only=True, wait=_page_wait())
        try:
            return work(con)
        finally:
            con.close()


class _Gate:
    """Readers of this process against one writer in another (the bounded import process): DuckDB
    locks a file for reading in one process against writing in another, so while `exclusive` is
    held this process opens no reader, and it is granted once the open ones have closed."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._lock:
            while self._writing:
                self._lock.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._lock:
                self._readers -= 1
                self._lock.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._lock:
            while self._writing:
                self._lock.wait()
            self._writing = True
            while self._readers:
                self._lock.wait()
        try:
            yield
        finally:
            with self._lock:
                self._writing = False
                self._lock.notify_all()


_GATE = _Gate()


def exclusive_access():
    """Hold this process's readers off the database (while another process writes to it)."""
    return _GATE.exclusive()


def view_facts(db: str | Path | None = None) -> tuple:
    """What the sidebar of every page needs, on one connection: (the latest record date or
    None, the units as a frame of unit_code, unit_name)."""
    from engine.aggregates import last_record_date as latest

    return _with_connection(
        db,
        lambda con: (
            latest(con),
            frame_of(
                con,
                "SELECT DISTINCT p.unit_code, coalesce(u.unit_name, '') AS unit_name"
                " FROM projects p LEFT JOIN units u"
                " ON u.unit_code = p.unit_code AND u.fiscal_year = p.fiscal_year"
                " ORDER BY 1",
            ),
        ),
    )


def last_record_date(db: str | Path | None = None):
    """The latest spending date in the store, or None (the pages' default as-of date)."""
    from engine.aggregates import last_record_date as latest

    return _with_connection(db, latest)


def status(db: str | Path | None, as_of, unit: str | None = None, project: str | None = None):
    """The engine's `Status` at as-of (every rule in `engine.status`)."""
    from engine.status import compute_status

    return _with_connection(db, lambda con: compute_status(con, as_of, unit, project))


def monitoring_form(db: str | Path | None, project_code: str, period_end):
    """The monitoring form (绩效监控情况表) of a project, 1 January to `period_end`, with the
    latest saved answers (`forms.monitoring_form`)."""
    from engine.forms import monitoring_form as build

    return _with_connection(db, lambda con: build(con, project_code, period_end))


def evaluation_form(db: str | Path | None, project_code: str, as_of, reviews: tuple | None = None):
    """The self-evaluation form (绩效自评表) at as-of (`forms.evaluation_form`), scored with the
    saved reviews, or with `reviews`: (seq, level, points) tuples of unsaved reviewer input."""
    from engine.forms import evaluation_form as build

    given = None if reviews is None else {seq: (level, pts) for seq, level, pts in reviews}
    return _with_connection(db, lambda con: build(con, project_code, as_of, reviews=given))


def form_history(db: str | Path | None, kind: str, project_code: str, key) -> pd.DataFrame:
    """Every save of a form, newest first: save_id, author, saved_at, lines (`forms.history`)."""
    from engine.forms import history

    return _with_connection(db, lambda con: history(con, kind, project_code, key))


def unit_summary(db: str | Path | None, unit: str | None, as_of) -> pd.DataFrame:
    """Every project of a unit for the bureau: colour, score, grade (`forms.unit_summary`)."""
    from engine.forms import unit_summary as build

    return _with_connection(db, lambda con: build(con, unit, as_of))


def curve(db: str | Path | None, as_of, unit: str | None = None, project: str | None = None):
    """Cumulative spending against the combined plan at every month end (`status.curve`)."""
    from engine.status import curve as build

    return _with_connection(db, lambda con: build(con, as_of, unit, project))


def daily_spending(db: str | Path | None, project_code: str, as_of) -> pd.DataFrame:
    """Columns: pay_date, spent (that day), records: one project's spending by day to as-of."""
    return _frame(
        db,
        "SELECT pay_date, CAST(sum(amount_yuan) AS DOUBLE) AS spent, count(*) AS records"
        " FROM spending WHERE project_code = ? AND pay_date <= ? GROUP BY 1 ORDER BY 1",
        [project_code, as_of],
    )


def spending_records(db: str | Path | None, project_code: str, as_of) -> pd.DataFrame:
    """The records behind a project's spending to as-of: pay_date, amount_yuan, voucher_no, payee,
    summary, fund_source, load_id, row_no (the line in its file)."""
    return _frame(
        db,
        "SELECT pay_date, CAST(amount_yuan AS DOUBLE) AS amount_yuan, voucher_no, payee, summary,"
        " fund_source, load_id, row_no FROM spending WHERE project_code = ? AND pay_date <= ?"
        " ORDER BY pay_date, load_id, row_no",
        [project_code, as_of],
    )


def adjustments(db: str | Path | None, project_code: str) -> pd.DataFrame:
    """Columns: adj_date, amount_yuan (追加 + / 调减 −), doc_no, reason."""
    return _frame(
        db,
        "SELECT adj_date, CAST(amount_yuan AS DOUBLE) AS amount_yuan, doc_no, reason"
        " FROM budget_adjustments WHERE project_code = ? ORDER BY adj_date",
        [project_code],
    )


def beneficiaries(db: str | Path | None, project_code: str, as_of) -> pd.DataFrame:
    """Masked roster to as-of: name_masked, id_masked, birth_year, gender, place, aid_date,
    amount_yuan, items, person_key (never a name or an ID)."""
    return _frame(
        db,
        "SELECT name_masked, id_masked, birth_year, gender, place, aid_date,"
        " CAST(amount_yuan AS DOUBLE) AS amount_yuan, items, person_key FROM beneficiaries"
        " WHERE project_code = ? AND (aid_date IS NULL OR aid_date <= ?)"
        " ORDER BY aid_date, name_masked",
        [project_code, as_of],
    )


def rejected_rows(db: str | Path | None, project_code: str | None = None) -> pd.DataFrame:
    """Rows set aside by the loads still in the store: load_id, kind, file_name, row_no,
    category, reason, project_code (raw values are masked by the loaders)."""
    return _frame(
        db,
        """
        SELECT r.load_id, i.kind, i.file_name, r.row_no, r.category, r.reason, r.project_code
        FROM rejected_rows r JOIN imports i ON i.load_id = r.load_id AND i.status = 'ok'
        WHERE CAST(? AS VARCHAR) IS NULL OR r.project_code = ?
        ORDER BY r.load_id, r.row_no
        """,
        [project_code, project_code],
    )


def reversal_records(db: str | Path | None, as_of, project_code: str | None = None) -> pd.DataFrame:
    """Reversals (冲销, negative amounts) to as-of: project_code, pay_date, amount_yuan,
    voucher_no, payee, summary, load_id, row_no."""
    return _frame(
        db,
        """
        SELECT project_code, pay_date, CAST(amount_yuan AS DOUBLE) AS amount_yuan, voucher_no,
               payee, summary, load_id, row_no
        FROM spending
        WHERE amount_yuan < 0 AND pay_date <= ?
          AND (CAST(? AS VARCHAR) IS NULL OR project_code = ?)
        ORDER BY project_code, pay_date
        """,
        [as_of, project_code, project_code],
    )


def imports(db: str | Path | None = None) -> pd.DataFrame:
    """The load history, newest first: every line of each file accounted for (rows_total =
    rows_loaded + rows_duplicate + rows_rejected + rows_skipped), and who loaded it."""
    return _frame(
        db,
        "SELECT load_id, kind, file_name, status, rows_total, rows_loaded, rows_duplicate,"
        " rows_rejected, rows_skipped, is_demo, started_at, finished_at, message, actor"
        " FROM imports ORDER BY load_id DESC",
    )


# every table whose rows carry the load that wrote them and a project code
LOAD_TABLES = (
    "projects",
    "projects_replaced",
    "spending",
    "spending_replaced",
    "beneficiaries",
    "indicator_actuals",
    "survey_responses",
    "budget_adjustments",
    "rejected_rows",
)


def load_units(db: str | Path | None = None) -> pd.DataFrame:
    """load_id, unit_code: the units whose projects (or own goals) each load touched (what an
    account scoped to some units may see and undo)."""
    parts = " UNION ".join(
        f"SELECT load_id, project_code FROM {table} WHERE project_code IS NOT NULL"
        for table in LOAD_TABLES
    )
    return _frame(
        db,
        f"""
        SELECT DISTINCT l.load_id, p.unit_code
        FROM ({parts}) l
        JOIN (SELECT project_code, unit_code FROM projects
              UNION SELECT project_code, unit_code FROM projects_replaced) p USING (project_code)
        UNION
        SELECT DISTINCT load_id, unit_code FROM goal_actuals  -- a unit's own goals
        ORDER BY 1, 2
        """,
    )


def saved_reviews(db: str | Path | None, as_of, project_code: str | None = None) -> dict:
    """The reviewers' saved scores of qualitative indicators at as-of (`forms.saved_reviews`)."""
    from engine.forms import saved_reviews as read

    return _with_connection(db, lambda con: read(con, as_of, project_code))


def audit_entries(db: str | Path | None = None, since=None) -> pd.DataFrame:
    """The audit log from `since` (a day) on, newest first (store.audit)."""
    return _frame(
        db,
        "SELECT seq, done_at, actor, action, unit_code, detail FROM audit_log"
        " WHERE ? IS NULL OR done_at >= ? ORDER BY seq DESC",
        [since, since],
    )


def account_list(db: str | Path | None = None) -> pd.DataFrame:
    """Every account without its hash: name, role, units, disabled, failed_count, locked_until,
    created_at, changed_at."""
    return _frame(
        db,
        "SELECT name, role, units, disabled, failed_count, locked_until, created_at, changed_at"
        " FROM accounts ORDER BY name",
    )
