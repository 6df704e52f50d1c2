"""What the two form pages (绩效监控 Monitoring, 绩效自评 Self-evaluation) need beyond
`engine.forms`, without Streamlit: the monitoring period's choices, the engine's view as a
shape and a word, words for the forms' fixed choices, the reviewer's input in a cacheable shape,
a save on a short read-write connection, and the exports (made only when a download is clicked).
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import duckdb

from engine import forms
from engine.rules import QUALITATIVE_LEVELS, qualitative_band
from exports import official_forms
from loaders.responses import save_lines
from presentation.strings import t
from store.db import open_db
from store.settings import settings

SAVE_WAIT_SECONDS = 5.0  # a save waits this long for a loader to finish writing, then says so
MIME_TYPES = official_forms.MIME_TYPES
EXPORT_FORMATS = tuple(MIME_TYPES)

# the forms' fixed choices are stored in Chinese (the bureau's words); these keys give their labels
CHOICE_KEYS = {
    "经费保障": "form_cause_funding",
    "制度保障": "form_cause_rules",
    "人员保障": "form_cause_staff",
    "硬件条件保障": "form_cause_equipment",
    "其他": "form_cause_other",
    "确定能": "form_likely_sure",
    "有可能": "form_likely_maybe",
    "完全不可能": "form_likely_no",
    "达成": "form_level_achieved",
    "部分达成": "form_level_partly",
    "未达成": "form_level_missed",
    "优": "form_grade_excellent",
    "良": "form_grade_good",
    "中": "form_grade_fair",
    "差": "form_grade_poor",
}

# the engine's view of a target (will it be met?): a shape and a word, readable without colour
ENGINE_VIEWS = {
    True: ("●", "form_engine_meets"),
    False: ("▲", "form_engine_misses"),
    None: ("○", "form_engine_unknown"),
}

Review = tuple[int, str | None, float | None]  # (indicator seq, level, reviewer's points)


def choice_label(value: str | None, lang: str) -> str:
    """A fixed choice (cause, likelihood, level, grade) in the interface language."""
    if value is None:
        return "—"
    key = CHOICE_KEYS.get(value)
    return t(key, lang) if key else value


def engine_view(meets: bool | None, lang: str) -> str:
    """The engine's view of a line: ● 预计可完成 / ▲ 预计难以完成 / ○ 无法判断."""
    shape, key = ENGINE_VIEWS[meets]
    return f"{shape} {t(key, lang)}"


def period_choices(year: int) -> list[str]:
    """The monitoring periods of a fiscal year, as `YYYY-MM` (1 January to that month's end)."""
    return [f"{year}-{month:02d}" for month in range(1, 13)]


def default_period(year: int) -> str:
    """1—7月: the period the bureau asks for in mid-year."""
    return forms.default_period_end(year).strftime("%Y-%m")


def pick_period(wanted: object, year: int, as_of: dt.date | None = None) -> str:
    """The period asked for in the URL when it is one of the year's; else the last whole month
    by the view's as-of date (`as_of`: 30 Nov → 1—11月, 28 Nov → 1—10月; January when no month
    has ended, December after the year); else the mid-year default (1—7月)."""
    text = str(wanted or "")
    if text in period_choices(year):
        return text
    if as_of is None:
        return default_period(year)
    if as_of.year > year:
        return f"{year}-12"
    ended = (
        as_of
        if (as_of + dt.timedelta(days=1)).day == 1
        else as_of.replace(day=1) - dt.timedelta(days=1)
    )
    return f"{year}-{ended.month:02d}" if ended.year == year else f"{year}-01"


def period_end(period: str) -> dt.date:
    """`YYYY-MM` → the last day of that month."""
    year, month = (int(part) for part in period.split("-"))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_label(period: str, lang: str) -> str:
    """`2025-07` → 2025年1—7月 (Jan–Jul 2025)."""
    day = period_end(period)
    return t("form_period_option", lang, year=day.year, month=day.month, name=day.strftime("%b"))


def recorded_level(line: forms.EvaluationLine) -> str | None:
    """A qualitative indicator's level when the records hold one (the reviewer then only scores
    it inside the band); None when the reviewer picks the level."""
    return line.actual_text if line.actual_text in QUALITATIVE_LEVELS else None


def band(level: str | None, weight: float) -> tuple[float, float] | None:
    """The points a reviewer may give a qualitative indicator of `weight` at `level` (DOMAIN §5:
    达成 80–100%, 部分达成 60–<80%, 未达成 0–<60% of the weight); None without a level."""
    shares = qualitative_band(level, settings().score)
    return None if shares is None else (weight * shares[0] / 100, weight * shares[1] / 100)


def review_key(reviews: list[Review]) -> tuple[Review, ...]:
    """The reviewer's input as a sorted tuple (hashable: a key of the cached form)."""
    return tuple(sorted(reviews, key=lambda review: review[0]))


def lost_points(line: forms.EvaluationLine) -> bool:
    """The line scored less than its weight (its reason for lost points is asked for)."""
    return line.points < line.weight - 1e-6


def save(
    db: str | Path,
    form: forms.MonitoringForm | forms.EvaluationForm,
    author: str,
    wait: float = SAVE_WAIT_SECONDS,
) -> int:
    """Save a completed form on a short read-write connection, closed right after. Returns the
    save id. Raises forms.FormError (nothing saved) for a missing field, DatabaseBusyError when
    another program holds the database for longer than `wait`."""
    con = open_db(db, wait=wait)
    try:
        return save_answers(con, form, author)
    finally:
        con.close()


def save_answers(
    con: duckdb.DuckDBPyConnection, form: forms.MonitoringForm | forms.EvaluationForm, author: str
) -> int:
    """Check the form (engine), append its answers as a new save (loaders), mark it saved.
    Returns the save id; raises forms.FormError, saving nothing, for a missing field."""
    if isinstance(form, forms.MonitoringForm):
        answers = forms.monitoring_answers(form, author)
    else:
        answers = forms.evaluation_answers(form, author)
    save_id, saved_at = save_lines(con, *answers)
    forms.mark_saved(form, answers.author, saved_at)
    return save_id


def export_bytes(
    db: str | Path,
    kind: str,
    fmt: str,
    *,
    unit: str | None = None,
    project: str | None = None,
    as_of: dt.date | None = None,
) -> bytes:
    """The export of the `kind` form (monitoring / evaluation) as `fmt` (xlsx / docx), of one
    project or of every project of a unit, on its own read-only connection: a download button
    calls this on a thread of its own when clicked."""
    con = open_db(db, read_only=True, wait=SAVE_WAIT_SECONDS)
    try:
        return official_forms.forms_bytes(con, kind, fmt, unit=unit, project=project, as_of=as_of)
    finally:
        con.close()


def export_name(kind: str, fmt: str, code: str, key: dt.date | str) -> str:
    """The file name of an export: 绩效监控情况表-<project or unit>-<date>.xlsx."""
    return f"{official_forms.KINDS[kind]}-{code}-{key}.{fmt}"
