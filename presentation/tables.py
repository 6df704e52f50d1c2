"""Tables as people read them, in either language: the one place that turns the engine's frames
into what a page shows, a download holds and the meeting pack prints.

A table is a list of `Column(key, label, kind)`: `key` the engine frame's column, `label` a
catalogue key, `kind` how a value reads. `cell(value, kind, lang)` is a value typed for a workbook
(numbers stay numbers; None when unknown); `text(value, kind, lang)` is the same value as shown
(money in 万元 with two decimals, percents with one, states as a shape and a word, codes as words,
— when unknown). `frame(rows, columns, lang)` is a whole table as text with headers in the page's
language: no column name, key, None or nan ever reaches a reader.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from presentation.findings_text import finding_message
from presentation.reasons_text import set_aside_reason
from presentation.strings import STRINGS, grade_text, level_text, reason_text, t

MISSING = "—"
# a shape per state, so the state reads without colour (colour-blind readers, black-and-white
# print) and in any CJK font (emoji are missing from many office machines' fonts)
ICONS = {
    "over": "✖",
    "red": "▲",
    "yellow": "◆",
    "green": "●",
    "blue": "■",
    "not_due": "○",
}
NUMBER_KINDS = ("wan", "yuan", "pct", "points", "int", "number", "ratio")


@dataclass(frozen=True)
class Column:
    """`key` in the engine's frame, `label` a catalogue key, `kind`: text, code, date, wan (yuan
    shown as 万元), yuan, pct, ratio, points, int, number, state (a colour or warning with its
    shape), checkpoint (met / missed), change (worse / better), reason, level, grade, category
    (产出 / 效益 / 满意度), severity, rule (a target-quality rule), source (an indicator's
    source), set_aside (stored / duplicate / rejected / skipped / changed), kind_load (a kind of
    file), flag (yes or blank), yes_no, minute (a moment, to the minute),
    unit (an indicator's unit), yoy (a (name, day, execution, execution a year earlier) tuple as
    the 同比 sentence), target (an indicator's published target, with the note "按 ≥100%
    评价（原文 ≤100%）" when the frame's `evaluated_target` says it is evaluated the other way)."""

    key: str
    label: str
    kind: str = "text"


def missing(value: object) -> bool:
    """None, NaN, NaT or an empty string: nothing to show."""
    if value is None or (isinstance(value, str) and value == ""):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def state_text(state: object, lang: str) -> str:
    """A colour or warning as its shape and word (▲ 红（预警）); — when there is none."""
    if missing(state):
        return MISSING
    key = str(state)
    return f"{ICONS.get(key, '')} {t('colour_' + key, lang)}".strip()


def _word(prefix: str, value: object, lang: str) -> str:
    key = f"{prefix}{value}"
    return t(key, lang) if key in STRINGS else str(value)


def wan_number(yuan: float) -> str:
    """Yuan as 万元 with two decimals; an amount that is not zero but rounds to 0.00 reads `<0.01`
    (`>-0.01`): a project a cent short of its checkpoint is short, not short by nothing."""
    wan = yuan / 10000
    if yuan != 0 and abs(wan) < 0.005:
        return "<0.01" if wan > 0 else ">-0.01"
    return f"{wan:,.2f}"


def plain_number(value: float) -> str:
    """A number with at most two decimals and no trailing zeros: 22, 0.9, 14.29, 50,000."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def points_of(points: float, weight: float) -> str:
    """Points out of a weight as a score card shows them: `3.93 / 14.29` (a weight rescaled to
    7 indicators is 14.2857…; both rounded as the form rounds them), `10.00 / 10`."""
    return f"{points:.2f} / {plain_number(weight)}"


def indicator_number(value: float, kind: str | None, unit: str | None) -> str:
    """An indicator's number as people write it: money in 万元, a rate with %, else the number and
    its unit (`12个`, `1,500人`), never in scientific form."""
    if kind == "money":
        return f"{wan_number(value)}万元"
    if kind == "percent":
        return f"{value:.1f}%"
    return plain_number(value) + (unit if isinstance(unit, str) else "")


def cell(value: object, kind: str, lang: str) -> object:
    """A value typed for a workbook: numbers rounded as shown, words for codes, None when unknown
    (a number or a date), — for unknown text."""
    if kind not in NUMBER_KINDS and kind != "date":
        return text(value, kind, lang)
    if missing(value):
        return None
    if kind == "wan":
        return round(float(value) / 10000, 2)  # type: ignore[arg-type]
    if kind in ("yuan", "number"):
        return round(float(value), 2)  # type: ignore[arg-type]
    if kind in ("pct", "points", "ratio"):
        return round(float(value), 1)  # type: ignore[arg-type]
    if kind == "int":
        return int(value)  # type: ignore[call-overload]
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def text(value: object, kind: str, lang: str) -> str:
    """A value as a reader sees it (see the module docstring)."""
    if kind == "yoy":  # (name, day, execution now, a year earlier): the sentence read out
        from presentation.yoy import yoy_sentence

        parts: tuple = value  # type: ignore[assignment]
        return yoy_sentence(parts[0], parts[1], parts[2], parts[3], lang)
    if kind == "state":
        return state_text(value, lang)
    if kind == "link_source":  # how a project was linked to last year's (engine/links.py)
        return t(f"links_source_{value}", lang)
    if kind == "state_short":  # ▲ 红: the shape and one word
        return (
            MISSING
            if missing(value)
            else f"{ICONS.get(str(value), '')} {t('state_short_' + str(value), lang)}".strip()
        )
    if missing(value):
        return MISSING
    if kind == "wan":
        return wan_number(float(value))  # type: ignore[arg-type]
    if kind == "yuan":
        return f"{float(value):,.2f}"  # type: ignore[arg-type]
    if kind == "number":  # a parsed target: 22, 0.9, 50,000 (no trailing zeros)
        return plain_number(float(value))  # type: ignore[arg-type]
    if kind == "pct":
        return f"{float(value):.1f}%"  # type: ignore[arg-type]
    if kind == "ratio":
        return f"{float(value):.1f}"  # type: ignore[arg-type]
    if kind == "points":
        return f"{float(value):+.1f}"  # type: ignore[arg-type]
    if kind == "int":
        return str(int(value))  # type: ignore[call-overload]
    if kind == "minute":  # a moment: 2025-07-31 16:05
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]
    if kind == "date":
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.isoformat() if isinstance(day, dt.date) else str(day)[:10]
    if kind == "checkpoint":
        return _word("status_", value, lang)
    if kind == "change":
        return _word("review_", value, lang)
    if kind == "reason":
        return reason_text(value, lang)
    if kind == "finding":
        return finding_message(value, lang)
    if kind == "set_aside_reason":
        return set_aside_reason(value, lang)
    if kind == "level":
        return level_text(value, lang)
    if kind == "grade":
        return grade_text(value, lang)
    if kind == "category":
        return _word("cat_", value, lang)
    if kind == "severity":
        return _word("severity_", value, lang)
    if kind == "rule":
        return _word("rule_", value, lang)
    if kind == "source":
        return _word("source_", value, lang)
    if kind == "indicator_kind":
        return _word("kind_", value, lang)
    if kind == "direction":
        return _word("direction_", value, lang)
    if kind == "set_aside":
        return _word("import_category_", value, lang)
    if kind == "kind_load":
        return _word("import_kind_", value, lang)
    if kind == "unit":  # an indicator's unit: money named in the page's language
        return {"元": t("yuan", lang), "万元": t("wan", lang)}.get(str(value), str(value))
    if kind == "load_status":
        return _word("import_status_", value, lang)
    if kind == "audit_action":
        return _word("audit_action_", value, lang)
    if kind == "role":
        return _word("role_", value, lang)
    if kind == "flag":
        return t("yes", lang) if bool(value) else ""
    if kind == "yes_no":
        return t("form_yes" if bool(value) else "form_no", lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target_text(raw: object, evaluated: object, lang: str) -> str:
    """A published target as shown: as written, or — evaluated in the direction its nature
    implies (engine `evaluated_target`) — "按 ≥100% 评价（原文 ≤100%）"."""
    if missing(evaluated):
        return MISSING if missing(raw) else str(raw)
    return t("direction_note", lang, evaluated=evaluated, published=raw)


def _values(rows: pd.DataFrame, c: Column, lang: str, show) -> list:
    if c.key not in rows:
        return [MISSING] * len(rows)
    if c.kind == "target":
        notes = rows["evaluated_target"] if "evaluated_target" in rows else [None] * len(rows)
        return [target_text(v, e, lang) for v, e in zip(rows[c.key], notes, strict=True)]
    return [show(v, c.kind, lang) for v in rows[c.key]]


def frame(rows: pd.DataFrame, columns: Sequence[Column], lang: str) -> pd.DataFrame:
    """`rows` as a table of text with headers in `lang` (see the module docstring)."""
    return pd.DataFrame(
        {t(c.label, lang): _values(rows, c, lang, text) for c in columns}, dtype=object
    )


def typed(rows: pd.DataFrame, columns: Sequence[Column], lang: str) -> pd.DataFrame:
    """`rows` as a table of typed cells (`cell`) with headers in `lang`: for workbooks."""
    return pd.DataFrame(
        {t(c.label, lang): _values(rows, c, lang, cell) for c in columns}, dtype=object
    )


# -- the dashboard's tables -----------------------------------------------------------------------
UNITS = (
    Column("unit_code", "unit_code", "code"),
    Column("unit_name", "unit_name"),
    Column("projects", "projects", "int"),
    Column("budget_yuan", "budget_total_wan", "wan"),
    Column("spent_yuan", "spent_total_wan", "wan"),
    Column("execution_pct", "execution", "pct"),
    Column("plan_pct", "plan_to_date", "pct"),
    Column("execution_ly", "execution_ly", "pct"),
    Column("execution_yoy", "execution_yoy", "points"),
    Column("warning", "warning", "state"),
    Column("red", "combined_red", "int"),
    Column("yellow", "combined_yellow", "int"),
    Column("green", "combined_green", "int"),
)
UNIT_PROJECTS = (
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("budget_current", "budget_current_wan", "wan"),
    Column("execution_pct", "execution", "pct"),
    Column("plan_pct", "plan_to_date", "pct"),
    Column("warning", "warning", "state"),
    Column("colour", "colour", "state"),
)
ADJUSTMENTS = (
    Column("adj_date", "adj_date", "date"),
    Column("amount_yuan", "amount_yuan", "yuan"),
    Column("doc_no", "doc_no"),
    Column("reason", "reason"),
)
INDICATORS = (
    Column("seq", "seq", "int"),
    Column("name", "indicator_name"),
    Column("target_raw", "target_raw", "target"),
    Column("actual_text", "actual"),
    Column("expected_text", "expected_to_date"),
    Column("ratio_pct", "ratio_pct", "ratio"),
    Column("colour", "colour_indicator", "state"),
    Column("reason", "why", "reason"),
)
INDICATOR_DETAILS = (
    Column("seq", "seq", "int"),
    Column("level1", "level1"),
    Column("level2", "level2"),
    Column("name", "indicator_name"),
    Column("actual_source", "actual_source", "source"),
    Column("reported_on", "reported_on", "date"),
)
ROSTER = (
    Column("name_masked", "person_name_masked"),
    Column("id_masked", "person_id_masked"),
    Column("birth_year", "birth_year", "int"),
    Column("gender", "gender"),
    Column("place", "place"),
    Column("aid_date", "aid_date", "date"),
    Column("amount_yuan", "amount_yuan", "yuan"),
    Column("items", "items"),
)
RECORDS = (
    Column("pay_date", "pay_date", "date"),
    Column("amount_yuan", "amount_yuan", "yuan"),
    Column("voucher_no", "voucher_no"),
    Column("payee", "payee"),
    Column("summary", "summary"),
    Column("fund_source", "fund_source"),
    Column("load_id", "load_id", "int"),
    Column("row_no", "row_no", "int"),
)
REVERSALS = (Column("project_code", "project_code", "code"), *RECORDS[:6], *RECORDS[6:])
SCORE_LINES = (
    Column("seq", "seq", "int"),
    Column("category", "category", "category"),
    Column("name", "indicator_name"),
    Column("target", "target_raw", "target"),
    Column("actual_text", "actual"),
    Column("level", "level", "level"),
    Column("weight", "weight", "number"),
    Column("points", "points", "number"),
    Column("reason", "points_lost_why", "reason"),
)
EVALUATION_LINES = (
    Column("seq", "seq", "int"),
    Column("category", "category", "category"),
    Column("name", "indicator_name"),
    Column("target_raw", "form_target", "target"),
    Column("actual_text", "actual", "level"),
    Column("weight", "weight", "number"),
    Column("points", "points", "number"),
    Column("engine_reason", "eval_engine_reason", "reason"),
)
UNIT_SUMMARY = (
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("unit_name", "unit_name"),
    Column("budget_current", "budget_current_wan", "wan"),
    Column("spent", "spent_total_wan", "wan"),
    Column("execution_pct", "execution", "pct"),
    Column("colour", "colour", "state"),
    Column("total", "score_total", "yuan"),  # two decimals
    Column("grade", "score_grade", "grade"),
    Column("reviewed", "eval_reviewed", "yes_no"),
)
# a dry run's first rows to store, by the store's column (the matching keys are not shown)
STORED_ROWS = {
    column.key: column
    for column in (
        Column("row_no", "row_no", "int"),
        Column("project_code", "project_code", "code"),
        Column("pay_date", "pay_date", "date"),
        Column("voucher_no", "voucher_no"),
        Column("payee", "payee"),
        Column("summary", "summary"),
        Column("fund_source", "fund_source"),
        Column("name_masked", "person_name_masked"),
        Column("id_masked", "person_id_masked"),
        Column("birth_year", "birth_year", "int"),
        Column("gender", "gender"),
        Column("place", "place"),
        Column("aid_date", "aid_date", "date"),
        Column("items", "items"),
        Column("indicator_seq", "seq", "int"),
        Column("as_of", "reported_on", "date"),
        Column("value_raw", "value_raw"),
        Column("value_date", "value_date", "date"),
        Column("level", "level", "level"),
        Column("note", "note"),
        Column("response_date", "response_date", "date"),
        Column("answer", "answer"),
        Column("score", "score", "number"),
        Column("satisfied", "satisfied", "yes_no"),
        Column("respondent", "respondent"),
        Column("adj_date", "adj_date", "date"),
        Column("amount_yuan", "amount_yuan", "yuan"),
        Column("doc_no", "doc_no"),
        Column("reason", "reason"),
    )
}


def stored_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rows of a record table as read, row number first, in the store's column order."""
    columns = [STORED_ROWS["row_no"]] + [
        STORED_ROWS[c] for c in rows.columns if c in STORED_ROWS and c != "row_no"
    ]
    return frame(rows, columns, lang)


TARGET_ROWS = (  # a target document's projects, in a dry run
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("budget_wan", "budget_wan", "yuan"),  # already in 万元: two decimals
    Column("indicator_count", "indicator_count", "int"),
    Column("finding_count", "finding_count", "int"),
)
IMPORT_HISTORY = (
    Column("load_id", "import_load_id", "int"),
    Column("kind", "import_kind", "kind_load"),
    Column("file_name", "import_file_name"),
    Column("status", "import_status", "load_status"),
    Column("rows_total", "import_total", "int"),
    Column("rows_loaded", "import_loaded", "int"),
    Column("rows_duplicate", "import_duplicates", "int"),
    Column("rows_rejected", "import_rejected", "int"),
    Column("rows_skipped", "import_skipped", "int"),
    Column("is_demo", "import_demo", "flag"),
    Column("started_at", "import_started_at", "minute"),
    Column("actor", "import_actor"),
    Column("message", "import_message"),
)
IMPORT_SET_ASIDE = (
    Column("row_no", "import_row_no", "int"),
    Column("category", "import_category", "set_aside"),
    Column("reason", "import_reason", "set_aside_reason"),
)
FINDINGS = (  # a target document's quality findings (the import and lagging pages)
    Column("project_code", "project_code", "code"),
    Column("indicator_seq", "seq", "int"),
    Column("indicator_name", "indicator_name"),
    Column("severity", "severity", "severity"),
    Column("rule", "rule", "rule"),
    Column("message", "message", "finding"),
)
SET_ASIDE = (
    Column("load_id", "load_id", "int"),
    Column("kind", "kind_load", "kind_load"),
    Column("file_name", "file_name"),
    Column("row_no", "row_no", "int"),
    Column("category", "category", "set_aside"),
    Column("reason", "reason", "set_aside_reason"),
    Column("project_code", "project_code", "code"),
)
LAGGING = (
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("warning", "warning", "state"),
    Column("execution_pct", "execution", "pct"),
    Column("plan_pct", "plan_to_date", "pct"),
    Column("shortfall_yuan", "shortfall_wan", "wan"),
    Column("to_spend_yuan", "to_spend_wan", "wan"),
    Column("days_left", "days_left", "int"),
    Column("forecast_pct", "forecast", "pct"),
)
LAGGING_DETAILS = (
    Column("unit_name", "unit_name"),
    Column("last_checkpoint", "last_checkpoint", "date"),
    Column("last_checkpoint_status", "last_status", "checkpoint"),
    Column("next_checkpoint", "next_checkpoint", "date"),
    Column("spent_out_date", "spent_out_date", "date"),
)
OVER_BUDGET = (
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("unit_name", "unit_name"),
    Column("budget_current", "budget_current_wan", "wan"),
    Column("spent", "spent_total_wan", "wan"),
    Column("execution_pct", "execution", "pct"),
)
FORM_SAVES = (
    Column("save_id", "form_save_id", "int"),
    Column("author", "form_author"),
    Column("saved_at", "form_saved_at", "minute"),
    Column("lines", "form_lines", "int"),
)
FLAGS = (
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("duplicates", "flag_duplicates", "int"),
    Column("rejected", "flag_rejected", "int"),
    Column("reversals", "flag_reversals", "int"),
    Column("reversal_yuan", "flag_reversal_wan", "wan"),
    Column("rush_share_pct", "flag_rush_share", "pct"),
    Column("rush", "flag_rush", "flag"),
    Column("above_budget", "flag_above_budget", "flag"),
)


def combined_reason(warning: object, colour: object, weak: Sequence[str], lang: str) -> str:
    """Why a project's combined state is what it is, from DOMAIN §4's rule: its spending warning,
    and the names of its red or yellow indicators (`weak`)."""
    if colour in ("red",) and warning in ("red", "yellow", "over"):
        return t("why_red", lang, warning=state_text(warning, lang))
    if colour == "yellow":
        names = "、".join(weak[:5]) + ("…" if len(weak) > 5 else "")
        return t("why_yellow", lang, names=names or MISSING)
    if colour == "green":
        return t("why_green", lang)
    return MISSING


def indicator_rows(indicators: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The engine's indicators with `actual_text` and `expected_text` as people read them: a
    number in its unit (money in 万元), a level in words, a deadline's completion date."""

    def actual(row) -> str:
        value = row.actual
        if missing(value):
            return row.done_date.isoformat() if isinstance(row.done_date, dt.date) else MISSING
        if isinstance(value, str):
            return level_text(value, lang)
        return indicator_number(float(value), row.kind, row.unit)

    def expected(row) -> str:
        if missing(row.expected_value) or row.kind not in ("quantity", "percent", "money"):
            return MISSING
        return indicator_number(float(row.expected_value), row.kind, row.unit)

    return indicators.assign(
        actual_text=[actual(r) for r in indicators.itertuples(index=False)],
        expected_text=[expected(r) for r in indicators.itertuples(index=False)],
    )


GOALS = (  # a unit's own goals (engine.goals, through goal_rows)
    Column("seq", "seq", "int"),
    Column("text", "goal_text"),
    Column("target", "goal_target"),
    Column("object", "goal_object"),
    Column("actual_text", "actual"),
    Column("ratio_pct", "ratio_pct", "ratio"),
    Column("colour", "colour_indicator", "state"),
    Column("reason", "why", "reason"),
)


def _amount(value: float, measure: object) -> str:
    return plain_number(value) + ("" if missing(measure) else str(measure))


def goal_rows(goals: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The engine's goals with `target` (≥2期; — for a qualitative goal) and `actual_text` (a
    number in the goal's measure word, or a level in words)."""

    def target(row) -> str:
        if row.kind == "qualitative" or missing(row.value):
            return MISSING
        return f"{row.operator or ''}{_amount(float(row.value), row.unit)}"

    def actual(row) -> str:
        if isinstance(row.level, str) and row.level:
            return level_text(row.level, lang)
        return MISSING if missing(row.actual) else _amount(float(row.actual), row.unit)

    rows = list(goals.itertuples(index=False))
    return goals.assign(target=[target(r) for r in rows], actual_text=[actual(r) for r in rows])


TARGET_PROJECTS = (
    Column("unit_code", "unit_code", "code"),
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("budget_yuan", "budget_wan", "wan"),
    Column("indicator_count", "indicator_count", "int"),
    Column("finding_count", "finding_count", "int"),
)
PLAN = (
    Column("checkpoint", "checkpoint", "date"),
    Column("label", "label"),
    Column("cumulative_pct", "cumulative_pct", "pct"),
    Column("source", "source", "source"),
)
TARGET_INDICATORS = (
    Column("seq", "seq", "int"),
    Column("name", "indicator_name"),
    Column("target_raw", "target_raw"),
    Column("operator", "operator"),
    Column("target_value", "target_value", "number"),
    Column("unit", "target_unit", "unit"),
    Column("kind", "kind", "indicator_kind"),
    Column("direction", "direction", "direction"),
    Column("deadline", "deadline", "date"),
)
TARGET_INDICATOR_TEXTS = (
    Column("seq", "seq", "int"),
    Column("level1", "level1"),
    Column("level2", "level2"),
    Column("name", "indicator_name"),
    Column("description", "description"),
    Column("basis", "basis"),
)


# -- accounts and the audit log ----------------------------------------------------------------
AUDIT = (
    Column("done_at", "audit_at", "minute"),
    Column("actor", "audit_actor"),
    Column("action", "audit_action", "audit_action"),
    Column("unit_code", "unit_code", "code"),
    Column("detail", "audit_detail"),
)
ACCOUNTS = (
    Column("name", "auth_name"),
    Column("role", "audit_role", "role"),
    Column("units", "audit_units"),
    Column("disabled", "audit_disabled", "flag"),
    Column("failed_count", "audit_failed", "int"),
    Column("locked_until", "audit_locked_until", "minute"),
    Column("changed_at", "audit_changed_at", "minute"),
)
