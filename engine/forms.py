"""The two official forms a budget unit hands its finance bureau per project, filled from the
engine: the mid-year monitoring table (绩效监控情况表) and the year-end self-evaluation table
(绩效自评表). The engine fills what it knows; a person completes what only a person knows (causes,
likelihood, explanations, a reviewer's score of qualitative indicators). What people enter is
saved with its author and time; a later save never erases an earlier one, and a form shows the
latest. No Streamlit here: the pages, the exports and the CLI use these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

import duckdb
import pandas as pd

from engine import rules
from engine.scoring import score, scores
from engine.status import Status, compute_status
from store.db import first_row
from store.errors import TrackerError
from store.settings import Settings, settings

CAUSES = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOODS = ("确定能", "有可能", "完全不可能")
SURE = LIKELIHOODS[0]
BUDGET_SEQ = 0  # the budget execution line of the monitoring form; the project line of the other


class FormError(TrackerError):
    """A form cannot be saved: `problems` lists each line's missing field; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems), hint="补全后再保存（未保存任何内容）")
        self.problems = problems


def default_period_end(year: int) -> dt.date:
    """The mid-year monitoring period ends on 31 July (1–7月)."""
    return dt.date(year, 7, 31)


def number_text(value: float | None, kind: str | None, unit: str | None) -> str:
    """A value as the form prints it: money in 万元, a rate with %, else the number and its unit."""
    if value is None or pd.isna(value):
        return "—"
    if kind == "money" or unit == "元":
        return f"{value / 10000:,.2f}万元"
    if kind == "percent" or unit == "%":
        return f"{value:.1f}%"
    # the engine's frames carry a missing unit as NaN (a float), not None
    return f"{value:,.2f}".rstrip("0").rstrip(".") + (unit if isinstance(unit, str) else "")


# -- monitoring (绩效监控情况表) ------------------------------------------------------------------
@dataclass
class MonitoringLine:
    """One row of the monitoring form: the budget execution line (seq 0) or an indicator."""

    seq: int
    level1: str
    level2: str
    name: str
    target_raw: str
    actual_text: str
    expected_text: str
    engine_meets: bool | None  # the engine's view: will the target be met?
    causes: list[str] = field(default_factory=list)
    evaluated_target: str | None = None  # published in the wrong direction: evaluated as this
    likelihood: str | None = None
    explanation: str = ""
    measures: str = ""

    @property
    def disagrees(self) -> bool:
        """The engine expects a miss but the form says 确定能."""
        return self.engine_meets is False and self.likelihood == SURE


@dataclass
class MonitoringForm:
    project_code: str
    name: str
    unit_code: str
    unit_name: str
    fiscal_year: int
    period_end: dt.date
    budget_original: float
    budget_current: float
    spent: float
    execution_pct: float | None
    forecast_pct: float | None
    lines: list[MonitoringLine]
    saved_by: str | None = None
    saved_at: dt.datetime | None = None
    saves: int = 0

    @property
    def period_text(self) -> str:
        return f"{self.fiscal_year}年1—{self.period_end.month}月"


def monitoring_form(
    con: duckdb.DuckDBPyConnection,
    project_code: str,
    period_end: dt.date,
    config: Settings | None = None,
    status: Status | None = None,
) -> MonitoringForm:
    """The monitoring form of a project for 1 January to `period_end`: the engine's figures, and
    the latest saved answers (if any)."""
    cfg = config or settings()
    status = status or compute_status(con, period_end, project=project_code, config=cfg)
    frame = status.projects[status.projects["project_code"] == project_code]
    if frame.empty:
        raise TrackerError(f"项目编码 {project_code} 未在绩效目标中登记", hint="请检查项目编码")
    row = frame.iloc[0]
    year = int(row["fiscal_year"])
    day = rules.effective_date(period_end, year)
    elapsed = (day - rules.year_start(year)).days / rules.days_in_year(year) * 12
    budget = float(row["budget_current"])
    forecast = rules.as_float(row["forecast_pct"])
    forecast_spent = None if forecast is None else forecast / 100 * budget
    execution = rules.as_float(row["execution_pct"])
    lines = [
        MonitoringLine(
            BUDGET_SEQ,
            "预算执行",
            "",
            "预算执行率",
            "100%",
            number_text(execution, "percent", None),
            number_text(forecast, "percent", None),
            None if forecast is None else forecast >= 100 - 1e-9,
        )
    ]
    indicators = status.indicators[status.indicators["project_code"] == project_code]
    for ind in indicators.itertuples(index=False):
        actual = ind.actual if not isinstance(ind.actual, str) else None
        expected = rules.expected_full_year(
            ind.kind, ind.actual_source, rules.as_float(actual), elapsed, forecast_spent, ind.unit
        )
        level = ind.actual if isinstance(ind.actual, str) else None
        if ind.kind == "deadline":
            actual_text = str(ind.done_date) if ind.done_date is not None else (level or "未完成")
            expected_text = "—"
        elif level is not None:
            actual_text = expected_text = level
        else:
            actual_text = number_text(rules.as_float(actual), ind.kind, ind.unit)
            expected_text = number_text(expected, ind.kind, ind.unit)
        meets = rules.expected_meets(
            ind.kind,
            ind.direction,
            rules.as_float(ind.target_value),
            expected,
            level,
            ind.done_date,
            ind.deadline,
            day,
        )
        lines.append(
            MonitoringLine(
                int(ind.seq),
                str(ind.level1 or ""),
                str(ind.level2 or ""),
                str(ind.name or ""),
                str(ind.target_raw or ""),
                actual_text,
                expected_text,
                meets,
                evaluated_target=ind.evaluated_target,
            )
        )
    form = MonitoringForm(
        project_code,
        str(row["name"]),
        str(row["unit_code"] or ""),
        str(row["unit_name"] or ""),
        year,
        period_end,
        float(row["budget_original"]),
        budget,
        float(row["spent"]),
        execution,
        forecast,
        lines,
    )
    _fill_monitoring(con, form)
    return form


def _has_table(con, table: str) -> bool:
    """A database last written by an older version has no response tables yet (a read-only look
    cannot add them; the first save does)."""
    row = first_row(
        con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table])
    )
    return bool(row and row[0])


def _latest_save(con, table: str, key_column: str, project_code: str, key: dt.date):
    if not _has_table(con, table):
        return None
    return first_row(
        con.execute(
            f"SELECT max(save_id), count(DISTINCT save_id) FROM {table}"
            f" WHERE project_code = ? AND {key_column} = ?",
            [project_code, key],
        )
    )


def _fill_monitoring(con, form: MonitoringForm) -> None:
    latest = _latest_save(
        con, "monitoring_responses", "period_end", form.project_code, form.period_end
    )
    if not latest or latest[0] is None:
        return
    rows = con.execute(
        "SELECT indicator_seq, causes, likelihood, explanation, measures, author, saved_at"
        " FROM monitoring_responses WHERE save_id = ?",
        [latest[0]],
    ).fetchall()
    saved = {int(r[0]): r for r in rows}
    for line in form.lines:
        if line.seq in saved:
            _, causes, likelihood, explanation, measures, _, _ = saved[line.seq]
            line.causes = list(causes or [])
            line.likelihood = likelihood
            line.explanation = explanation or ""
            line.measures = measures or ""
    form.saved_by, form.saved_at, form.saves = rows[0][5], rows[0][6], int(latest[1])


def check_monitoring(form: MonitoringForm) -> list[str]:
    """The problems that stop a save: every line needs a likelihood; an explanation is required
    unless the answer is 确定能 (DOMAIN §4); causes must come from the list."""
    problems = []
    for line in form.lines:
        label = f"「{line.name}」"
        if line.likelihood not in LIKELIHOODS:
            problems.append(f"{label}未选择完成可能性（确定能 / 有可能 / 完全不可能）")
        elif line.likelihood != SURE and not line.explanation.strip():
            problems.append(f"{label}选择「{line.likelihood}」时必须填写原因说明")
        unknown = [c for c in line.causes if c not in CAUSES]
        if unknown:
            problems.append(f"{label}偏差原因「{'、'.join(unknown)}」不在可选项中")
    return problems


class Answers(NamedTuple):
    """One save of a form, ready for `loaders.responses.save_lines(con, *answers)`: the response
    table, the key (project_code and period_end / as_of), the lines and the author."""

    table: str
    key: list
    lines: list
    author: str


def monitoring_answers(form: MonitoringForm, author: str) -> Answers:
    """The person's answers as the lines of a new save. Raises FormError when a required field is
    missing (the face saves nothing then)."""
    problems = check_monitoring(form)
    if not author.strip():
        problems.insert(0, "请填写填报人")
    if problems:
        raise FormError(problems)
    lines = [
        [
            line.seq,
            line.causes,
            line.likelihood,
            line.explanation.strip(),
            line.measures.strip(),
            line.actual_text,
            line.expected_text,
        ]
        for line in form.lines
    ]
    return Answers(
        "monitoring_responses", [form.project_code, form.period_end], lines, author.strip()
    )


def mark_saved(form: MonitoringForm | EvaluationForm, author: str, saved_at: dt.datetime) -> None:
    """After a save: the form shows who saved it, when, and one save more."""
    form.saved_by, form.saved_at, form.saves = author, saved_at, form.saves + 1


def history(
    con: duckdb.DuckDBPyConnection, kind: str, project_code: str, key: dt.date
) -> pd.DataFrame:
    """Every save of a form (`kind` monitoring or evaluation), newest first: save_id, author,
    saved_at, lines."""
    table, column = _TABLES[kind]
    if not _has_table(con, table):
        return pd.DataFrame(columns=["save_id", "author", "saved_at", "lines"])
    return con.execute(
        f"SELECT save_id, any_value(author) AS author, any_value(saved_at) AS saved_at,"
        f" count(*) AS lines FROM {table} WHERE project_code = ? AND {column} = ?"
        " GROUP BY save_id ORDER BY save_id DESC",
        [project_code, key],
    ).df()


_TABLES = {
    "monitoring": ("monitoring_responses", "period_end"),
    "evaluation": ("evaluation_responses", "as_of"),
}


# -- self-evaluation (绩效自评表) -----------------------------------------------------------------
@dataclass
class EvaluationLine:
    """One indicator of the self-evaluation form, with the engine's points (after the reviewer's
    level and score, for a qualitative indicator) and the reason for lost points."""

    seq: int
    category: str
    level1: str
    level2: str
    name: str
    target_raw: str
    actual_text: str
    kind: str
    weight: float
    points: float
    engine_reason: str | None
    level: str | None = None  # a qualitative indicator's level
    band: tuple[float, float] | None = None  # the points the reviewer may give at that level
    reviewer_points: float | None = None
    reason: str = ""  # the person's reason for lost points
    evaluated_target: str | None = None  # published in the wrong direction: evaluated as this


@dataclass
class EvaluationForm:
    project_code: str
    name: str
    unit_code: str
    unit_name: str
    fiscal_year: int
    as_of: dt.date
    budget_original: float
    adjustments: float
    budget_current: float
    spent: float
    execution_pct: float | None
    execution_weight: float
    execution_points: float
    lines: list[EvaluationLine]
    total: float
    grade: str
    explanation_required: bool
    colour: str | None = None
    explanation: str = ""  # why 执行率 < 90% (required then)
    measures: str = ""  # improvements (改进措施)
    saved_by: str | None = None
    saved_at: dt.datetime | None = None
    saves: int = 0


def default_as_of(year: int) -> dt.date:
    """The self-evaluation is made at year end."""
    return dt.date(year, 12, 31)


def evaluation_form(
    con: duckdb.DuckDBPyConnection,
    project_code: str,
    as_of: dt.date,
    config: Settings | None = None,
    reviews: dict[int, tuple[str | None, float | None]] | None = None,
    status: Status | None = None,
) -> EvaluationForm:
    """The self-evaluation form at `as_of` (year end, or any date as a preview), scored with the
    latest saved reviews, or with `reviews` (seq → (level, points)) when given (a preview of
    unsaved input)."""
    cfg = config or settings()
    status = status or compute_status(con, as_of, project=project_code, config=cfg)
    frame = status.projects[status.projects["project_code"] == project_code]
    if frame.empty:
        raise TrackerError(f"项目编码 {project_code} 未在绩效目标中登记", hint="请检查项目编码")
    row = frame.iloc[0]
    saved = _saved_evaluation(con, project_code, as_of)
    given = reviews if reviews is not None else {s: (v[0], v[1]) for s, v in saved["lines"].items()}
    result = score(status, project_code, cfg, given)
    indicators = status.indicators[status.indicators["project_code"] == project_code]
    details = indicators.set_index("seq")
    lines = []
    for item in result["indicators"]:
        ind = details.loc[item["seq"]]
        weight = float(item["weight"])
        band = item["band"]
        actual = item["actual"]
        lines.append(
            EvaluationLine(
                int(item["seq"]),
                item["category"],
                str(item["level1"] or ""),
                str(ind["level2"] or ""),
                str(item["name"] or ""),
                str(item["target"] or ""),
                actual
                if isinstance(actual, str)
                else number_text(rules.as_float(actual), ind["kind"], ind["unit"]),
                str(item["kind"]),
                weight,
                float(item["points"]),
                item["reason"],
                item["level"],
                None if band is None else (weight * band[0] / 100, weight * band[1] / 100),
                given.get(int(item["seq"]), (None, None))[1],
                saved["reasons"].get(int(item["seq"]), ""),
                item["evaluated_target"],
            )
        )
    form = EvaluationForm(
        project_code,
        str(row["name"]),
        str(row["unit_code"] or ""),
        str(row["unit_name"] or ""),
        int(row["fiscal_year"]),
        as_of,
        float(row["budget_original"]),
        float(row["adjustments"]),
        float(row["budget_current"]),
        float(row["spent"]),
        rules.as_float(row["execution_pct"]),
        float(result["execution_weight"]),
        float(result["execution_points"]),
        lines,
        float(result["total"]),
        str(result["grade"]),
        bool(result["explanation_required"]),
        str(row["colour"]) if row["colour"] is not None else None,
        saved["explanation"],
        saved["measures"],
        saved["author"],
        saved["saved_at"],
        saved["saves"],
    )
    return form


def _saved_evaluation(con, project_code: str, as_of: dt.date) -> dict:
    empty: dict = {
        "lines": {},
        "reasons": {},
        "explanation": "",
        "measures": "",
        "author": None,
        "saved_at": None,
        "saves": 0,
    }
    latest = _latest_save(con, "evaluation_responses", "as_of", project_code, as_of)
    if not latest or latest[0] is None:
        return empty
    rows = con.execute(
        "SELECT indicator_seq, level, points, reason, measures, author, saved_at"
        " FROM evaluation_responses WHERE save_id = ?",
        [latest[0]],
    ).fetchall()
    out = {**empty, "author": rows[0][5], "saved_at": rows[0][6], "saves": int(latest[1])}
    for seq, level, points, reason, measures, _, _ in rows:
        if int(seq) == BUDGET_SEQ:
            out["explanation"], out["measures"] = reason or "", measures or ""
        else:
            out["lines"][int(seq)] = (level, points)
            out["reasons"][int(seq)] = reason or ""
    return out


def check_evaluation(form: EvaluationForm) -> list[str]:
    """The problems that stop a save: the explanation when 执行率 is below the bar; a qualitative
    indicator needs a level, and a reviewer's score inside its band."""
    problems = []
    if form.explanation_required and not form.explanation.strip():
        shown = "—" if form.execution_pct is None else f"{form.execution_pct:.1f}%"
        problems.append(f"预算执行率 {shown} 低于 90%，必须填写原因说明")
    for line in form.lines:
        if line.kind != "qualitative":
            continue
        if line.level not in rules.QUALITATIVE_LEVELS:
            problems.append(f"「{line.name}」未选择完成等级（达成 / 部分达成 / 未达成）")
        elif line.reviewer_points is not None and line.band is not None:
            low, high = line.band
            if not low - 1e-9 <= line.reviewer_points <= high + 1e-9:
                problems.append(
                    f"「{line.name}」评分 {line.reviewer_points:g} 不在「{line.level}」档次"
                    f" {low:g}–{high:g} 分内"
                )
    return problems


def evaluation_answers(form: EvaluationForm, author: str) -> Answers:
    """The reviewer's input as the lines of a new save. Raises FormError when a required field is
    missing or a score is outside its band (the face saves nothing then)."""
    problems = check_evaluation(form)
    if not author.strip():
        problems.insert(0, "请填写填报人")
    if problems:
        raise FormError(problems)
    # the project line (seq 0) carries the explanation and the improvements
    lines: list[tuple] = [
        (BUDGET_SEQ, None, None, form.explanation.strip(), form.measures.strip()),
        *((x.seq, x.level, x.reviewer_points, x.reason.strip(), None) for x in form.lines),
    ]
    return Answers("evaluation_responses", [form.project_code, form.as_of], lines, author.strip())


def saved_reviews(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, project_code: str | None = None
) -> dict[str, dict[int, tuple[str | None, float | None]]]:
    """The reviewers' latest saved (level, points) per indicator seq, per project, for the
    self-evaluation at `as_of` (one project, or all): what `status.score` needs to give the same
    total as the form, everywhere (pages, exports, `tracker score`)."""
    if not _has_table(con, "evaluation_responses"):
        return {}
    rows = con.execute(
        """
        SELECT r.project_code, r.indicator_seq, r.level, r.points
        FROM evaluation_responses r
        JOIN (SELECT project_code, max(save_id) AS save_id FROM evaluation_responses
              WHERE as_of = ? AND (CAST(? AS VARCHAR) IS NULL OR project_code = ?)
              GROUP BY project_code) latest USING (project_code, save_id)
        WHERE r.indicator_seq <> ?
        """,
        [as_of, project_code, project_code, BUDGET_SEQ],
    ).fetchall()
    out: dict[str, dict[int, tuple[str | None, float | None]]] = {}
    for code, seq, level, points in rows:
        out.setdefault(str(code), {})[int(seq)] = (level, points)
    return out


def unit_summary(con: duckdb.DuckDBPyConnection, unit: str | None, as_of: dt.date) -> pd.DataFrame:
    """Every project of a unit (all units: None) for the bureau: project_code, name, unit_code,
    unit_name, budget_current, spent, execution_pct, colour, total (score, with the saved
    reviews), grade, reviewed. One engine run and one pass over the indicators for all."""
    status = compute_status(con, as_of, unit=unit)
    reviews = saved_reviews(con, as_of)
    results = scores(status, reviews=reviews)
    frame = status.projects
    return pd.DataFrame(
        {
            "project_code": frame["project_code"],
            "name": frame["name"],
            "unit_code": frame["unit_code"],
            "unit_name": frame["unit_name"],
            "budget_current": frame["budget_current"].astype(float),
            "spent": frame["spent"].astype(float),
            "execution_pct": frame["execution_pct"],
            "colour": frame["colour"],
            "total": [float(results[c]["total"]) for c in frame["project_code"]],
            "grade": [results[c]["grade"] for c in frame["project_code"]],
            "reviewed": [c in reviews for c in frame["project_code"]],
        }
    ).reset_index(drop=True)
