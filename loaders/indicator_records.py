"""Indicator actuals (指标实际值) and satisfaction survey responses (满意度问卷), row by row.

Both kinds name a project (项目编码 column, or `--project`) and an indicator of it: by 指标序号
(the indicator's 1-based row in the published table), else by its 三级指标 name (exact, spaces
ignored); a row giving both must agree. A column headed only 序号 is usually the clerk's own row
counter: when the file also has a 三级指标 column, 序号 is ignored and the name decides.

Actuals (`stage_actuals`) — project, indicator, 截至日期 (as-of date), 实际值, 备注. The value must
fit the indicator's kind (`indicators.kind`):
* quantity: a number, with or without a unit (`23`, `23个`, `1,200`);
* percent: `92%` → 92; a bare number ≥ 1 is read in percent points (`92` → 92), while a bare
  0 < x ≤ 1 is rejected as ambiguous (Excel stores the cell 92% as 0.92);
* money: `4.5万元` → 45000, `45000元`, a bare number in the value column's unit (元, or 万元 when
  the header says so);
* deadline: a completion date (`2025-11-20`, `2025年11月20日完成`) → `value_date`, or a level;
* qualitative: 达成 / 部分达成 / 未达成 → `level`.
Anything else, or a value with a comparison sign (`≥22个`), is rejected with the reason. The as-of
date must lie in the project's fiscal year. `value_raw` keeps the cell exactly as read.
The same (project, indicator, as-of date) twice in one file: the later row is a duplicate. Across
loads the new row is stored as well: it is a correction, and whoever reads the actuals takes, for
one (project, indicator, as_of), the row of the latest load (highest `load_id`), so undoing the
correction brings the earlier value back.

Survey responses (`stage_surveys`) — one row per answer: project, indicator (optional), 调查日期,
answer, 问卷编号 (optional). Without an indicator the project's satisfaction indicator is used (level
1 or level 2 or name containing 满意); none or several → rejected unless the row names one. A named
indicator must itself be a satisfaction indicator (a 序号 column that counts rows would otherwise
file answers under output indicators). Answers: 满意 (also 非常满意), 基本满意 (比较满意), 不满意
(很不满意, 不太满意, 非常不满意) → `satisfied` for 满意 and 基本满意; or a score 1–5 (`4`, `4分`) →
`score`, satisfied when ≥ 4. The date, when given, must lie in the fiscal year or the first quarter
after it (year-end surveys run into the self-evaluation, 绩效自评, done by the end of March).
With a 问卷编号, the same respondent twice for one project and indicator (this file or an earlier
load) → duplicate; without one every row is a response. A respondent written as a citizen ID number
is stored as `id:` + its keyed hash (`loaders.personal`), never as the number (one that fails the
GB 11643 check is rejected, its number masked).

For both: empty rows and total rows (合计/小计… with no readable date or answer) are skipped; each
row set aside keeps its reason in `rejected_rows`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import duckdb

from loaders.columns import ColumnMap, normalise_header
from loaders.errors import LoadError
from loaders.id_numbers import id_problem, mask_id, normalise_id
from loaders.personal import connection_key, person_key
from loaders.record_base import Counts, LoadContext
from loaders.record_rows import (
    DATE_HINT,
    RecordRow,
    RowProblem,
    count_rows,
    insert_frame,
    insert_set_aside,
    is_total_row,
    judge_rows,
    known_projects,
    parse_date,
    raw_record,
    read_record_rows,
    require_project,
)
from loaders.record_sources import Source
from loaders.target_values import parse_target_value

LEVELS = ("达成", "部分达成", "未达成")
ANSWERS = {
    "满意": "满意",
    "非常满意": "满意",
    "十分满意": "满意",
    "基本满意": "基本满意",
    "比较满意": "基本满意",
    "不满意": "不满意",
    "很不满意": "不满意",
    "不太满意": "不满意",
    "非常不满意": "不满意",
}
SATISFIED_ANSWERS = ("满意", "基本满意")
SATISFIED_SCORE = 4
SCORE = re.compile(r"([1-5])(?:\.0+)?分?")
SURVEY_GRACE_MONTHS = 3  # surveys may be dated up to the end of March after the fiscal year
GENERIC_SEQ_HEADER = "序号"
ID_LIKE = re.compile(r"[0-9]{17}[0-9X]|[0-9]{15}")  # a respondent written as a citizen ID number
KIND_NAMES = {
    "quantity": "数量",
    "percent": "百分比",
    "money": "金额",
    "deadline": "时效（日期）",
    "qualitative": "定性",
}


@dataclass(frozen=True)
class Indicator:
    project_code: str
    seq: int
    level1: str | None
    level2: str | None
    name: str | None
    kind: str
    unit: str | None

    @property
    def label(self) -> str:
        return f"{self.seq}「{self.name or ''}」"

    def is_satisfaction(self) -> bool:
        return any("满意" in (text or "") for text in (self.level1, self.level2, self.name))


def _compact(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _indicators(con: duckdb.DuckDBPyConnection) -> dict[str, list[Indicator]]:
    by_project: dict[str, list[Indicator]] = defaultdict(list)
    for row in con.execute(
        "SELECT project_code, seq, level1, level2, name, kind, unit FROM indicators"
        " ORDER BY project_code, seq"
    ).fetchall():
        by_project[row[0]].append(Indicator(*row))
    return by_project


def seq_text_number(text: str) -> int | None:
    """An indicator's or goal's sequence number as written (`3`, `３`, `3.0`); None otherwise."""
    value = unicodedata.normalize("NFKC", text).strip()
    match = re.fullmatch(r"(\d+)(?:\.0+)?", value)
    return int(match.group(1)) if match else None


def _seq_is_row_counter(mapping: ColumnMap) -> bool:
    """A column headed only 序号 next to a 三级指标 column numbers the rows, not the indicators."""
    return (
        "indicator_seq" in mapping.index
        and "indicator_name" in mapping.index
        and normalise_header(mapping.header_of("indicator_seq"))[0] == GENERIC_SEQ_HEADER
    )


def _find_indicator(
    row: RecordRow, mapping: ColumnMap, project: str, indicators: list[Indicator]
) -> Indicator | None:
    """The indicator the row names (None when it names none). Raises RowProblem."""
    seq_text, name = row.get("indicator_seq"), row.get("indicator_name")
    if _seq_is_row_counter(mapping):
        seq_text = None
    by_seq: Indicator | None = None
    if seq_text is not None:
        seq = seq_text_number(seq_text)
        if seq is None:
            raise RowProblem(f"指标序号「{seq_text}」不是整数")
        by_seq = next((i for i in indicators if i.seq == seq), None)
    by_name: Indicator | None = None
    if name is not None:
        matches = [i for i in indicators if _compact(i.name) == _compact(name)]
        if len(matches) > 1:
            seqs = "、".join(str(i.seq) for i in matches)
            if by_seq is not None and by_seq in matches:
                return by_seq
            raise RowProblem(
                f"项目 {project} 有 {len(matches)} 个「{name}」指标（序号 {seqs}），请填指标序号"
            )
        by_name = matches[0] if matches else None
        if by_name is None:
            raise RowProblem(f"指标「{name}」不在项目 {project} 的绩效指标中")
    if seq_text is None:
        return by_name
    if by_seq is None:
        raise RowProblem(f"指标「序号 {seq_text}」不在项目 {project} 的绩效指标中")
    if by_name is not None and by_name != by_seq:
        raise RowProblem(
            f"指标序号 {by_seq.seq} 是「{by_seq.name}」，与三级指标「{name}」不一致，请核对"
        )
    return by_seq


def _project_of(row: RecordRow, ctx: LoadContext, projects: dict[str, int]) -> tuple[str, int]:
    project = row.get("project_code") or ctx.project
    if project is None:
        raise RowProblem("缺少项目编码（文件没有项目编码列时，用 --project 指定）")
    if project not in projects:
        raise RowProblem(f"项目编码 {project} 未在绩效目标中登记")
    return project, projects[project]


# --------------------------------------------------------------------------- actuals

ACTUAL_COLUMNS = [
    "project_code", "indicator_seq", "as_of", "value", "value_raw", "value_date", "level", "note",
    "load_id", "row_no",
]  # fmt: skip


@dataclass(frozen=True)
class ActualValue:
    value: float | None = None
    value_date: dt.date | None = None
    level: str | None = None


def parse_actual(
    text: str, indicator: Indicator, fiscal_year: int, money_scale: int = 1
) -> ActualValue:
    """Read an actual value for `indicator`. Raises RowProblem when it does not fit its kind.

    `money_scale` is the value column's unit for bare numbers of money indicators (10000: 万元).
    """
    compact = _compact(text)
    kind = indicator.kind
    expected = {
        "quantity": "一个数，如 23、23个",
        "percent": "百分比，如 92%",
        "money": "金额，如 4.5万元、45000",
        "deadline": "完成日期（如 2025-11-20）或 达成/部分达成/未达成",
        "qualitative": "达成/部分达成/未达成",
    }.get(kind, "一个数")
    mismatch = RowProblem(
        f"实际值「{text.strip()}」不符合指标 {indicator.label}："
        f"{KIND_NAMES.get(kind, kind)}指标的实际值应为{expected}"
    )
    if compact in LEVELS:
        if kind in ("qualitative", "deadline"):
            return ActualValue(level=compact)
        raise mismatch
    if kind == "qualitative":
        raise mismatch
    if kind == "deadline":
        when = parse_date(compact)
        if when is None:
            parsed = parse_target_value(compact, indicator.level2, fiscal_year)
            when = parsed.deadline if parsed.kind == "deadline" else None
        if when is None:
            raise mismatch
        return ActualValue(value_date=when)
    parsed = parse_target_value(compact, indicator.level2, fiscal_year)
    if parsed.kind in ("deadline", "qualitative") or parsed.value is None:
        raise mismatch
    if parsed.operator not in ("=", None):
        raise RowProblem(
            f"实际值「{text.strip()}」带有比较符 {parsed.operator}，实际值应为一个确定的数"
        )
    bare = parsed.unit is None and parsed.kind in ("quantity", "money")
    if kind == "percent":
        if parsed.kind == "percent":
            return ActualValue(value=parsed.value)
        if bare and 0 < parsed.value <= 1:
            raise RowProblem(
                f"实际值「{text.strip()}」没有 %：是 {parsed.value:g}% 还是 {parsed.value * 100:g}%？"
                "请写成带 % 的形式（如 92%）"
            )
        if bare:
            return ActualValue(value=parsed.value)
        raise mismatch
    if kind == "money":
        if parsed.kind == "money" and parsed.unit is not None:
            return ActualValue(value=parsed.value)
        if bare:
            return ActualValue(value=parsed.value * money_scale)
        raise mismatch
    # quantity (and any kind the targets loader may add later): a plain number
    if parsed.kind == "quantity" or bare:
        return ActualValue(value=parsed.value)
    raise mismatch


def stage_actuals(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMap, ctx: LoadContext
) -> Counts:
    """Judge and store indicator actuals (see the module docstring for the rules).

    Writes `indicator_actuals` (project_code, indicator_seq, as_of, value, value_raw, value_date,
    level, note, load_id, row_no) and `rejected_rows`. Raises LoadError for an unreadable file.
    """
    require_project(source, mapping, ctx)
    if "indicator_seq" not in mapping.index and "indicator_name" not in mapping.index:
        raise LoadError(
            "找不到指标列：需要「指标序号」或「三级指标」",
            file=source.name,
            hint="可用 --map indicator_name=文件列名 或 --map indicator_seq=文件列名 指定",
        )
    rows = read_record_rows(source, mapping)
    projects = known_projects(con)
    indicators = _indicators(con)
    money_scale = 1
    if "value" in mapping.index and normalise_header(mapping.header_of("value"))[1] == "万元":
        money_scale = 10000

    def is_total(row: RecordRow) -> bool:
        return parse_date(row.get("as_of")) is None and is_total_row(
            row.first_cell, row.get("project_code"), row.get("indicator_name"), row.get("as_of")
        )

    def judge(row: RecordRow) -> tuple:
        project, fiscal_year = _project_of(row, ctx, projects)
        indicator = _find_indicator(row, mapping, project, indicators[project])
        if indicator is None:
            raise RowProblem("缺少指标（请填指标序号或三级指标）")
        as_of_text = row.get("as_of")
        if as_of_text is None:
            raise RowProblem("缺少截至日期")
        as_of = parse_date(as_of_text)
        if as_of is None:
            raise RowProblem(f"截至日期「{as_of_text}」无法识别（{DATE_HINT}）")
        if as_of.year != fiscal_year:
            raise RowProblem(
                f"截至日期 {as_of.isoformat()} 不在项目 {project} 的预算年度 {fiscal_year} 内"
            )
        raw_value = row.as_read.get("value")
        if row.get("value") is None or raw_value is None:
            raise RowProblem(f"指标 {indicator.label} 缺少实际值")
        value = parse_actual(raw_value, indicator, fiscal_year, money_scale)
        return (
            project,
            indicator.seq,
            as_of.isoformat(),
            value.value,
            raw_value,
            value.value_date.isoformat() if value.value_date else None,
            value.level,
            row.get("note"),
            ctx.load_id,
            row.row_no,
        )

    accepted, set_aside = judge_rows(rows, mapping, is_total, judge)
    stored: list[tuple] = []
    first_row: dict[tuple, int] = {}
    for row, record in accepted:
        project, seq, as_of = record[0], record[1], record[2]
        earlier = first_row.get((project, seq, as_of))
        if earlier is not None:
            reason = (
                f"第{row.row_no}行：项目 {project} 指标 {seq} 截至 {as_of} 的实际值"
                f"已在本文件第{earlier}行填报，未重复存入（更正请改第{earlier}行）"
            )
            set_aside.append((row.row_no, "duplicate", reason, raw_record(row, mapping)))
            continue
        first_row[(project, seq, as_of)] = row.row_no
        stored.append(record)

    insert_frame(con, "indicator_actuals", ACTUAL_COLUMNS, stored)
    insert_set_aside(con, ctx.load_id, set_aside)
    counts = count_rows(len(rows), len(stored), set_aside)
    ((corrected,),) = con.execute(
        """
        SELECT count(*) FROM indicator_actuals n
        WHERE n.load_id = $load_id AND EXISTS (
            SELECT 1 FROM indicator_actuals o
            WHERE o.load_id < $load_id AND o.project_code = n.project_code
              AND o.indicator_seq = n.indicator_seq AND o.as_of = n.as_of)
        """,
        {"load_id": ctx.load_id},
    ).fetchall()
    if corrected:
        counts.notes.append(f"更正此前已导入的实际值 {corrected} 条（同一截至日期以最新导入为准）")
    return counts


# --------------------------------------------------------------------------- surveys

SURVEY_COLUMNS = [
    "project_code", "indicator_seq", "response_date", "answer", "score", "satisfied",
    "respondent", "load_id", "row_no",
]  # fmt: skip


def parse_answer(text: str) -> tuple[str, float | None, bool]:
    """(answer as stored, score, satisfied) for 满意/基本满意/不满意 (and synonyms) or a 1–5 score.

    Raises RowProblem for anything else.
    """
    compact = _compact(text)
    if compact in ANSWERS:
        answer = ANSWERS[compact]
        return answer, None, answer in SATISFIED_ANSWERS
    match = SCORE.fullmatch(compact)
    if match:
        score = int(match.group(1))
        return str(score), float(score), score >= SATISFIED_SCORE
    raise RowProblem(f"答案「{text}」应为 满意/基本满意/不满意 或 1–5 分")


def _survey_window(fiscal_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(fiscal_year, 1, 1), dt.date(fiscal_year + 1, SURVEY_GRACE_MONTHS + 1, 1)


def stage_surveys(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMap, ctx: LoadContext
) -> Counts:
    """Judge and store survey responses (see the module docstring for the rules).

    Writes `survey_responses` (project_code, indicator_seq, response_date, answer, score, satisfied,
    respondent, load_id, row_no) and `rejected_rows`. Raises LoadError for an unreadable file.
    """
    require_project(source, mapping, ctx)
    rows = read_record_rows(source, mapping)
    projects = known_projects(con)
    indicators = _indicators(con)
    key: list[bytes] = []  # loaded on first need: most surveys have no ID numbers

    def is_total(row: RecordRow) -> bool:
        answer = row.get("answer")
        readable = answer is not None and (
            _compact(answer) in ANSWERS or SCORE.fullmatch(_compact(answer))
        )
        return not readable and is_total_row(
            row.first_cell, row.get("project_code"), row.get("answer"), row.get("respondent")
        )

    def respondent_of(text: str | None) -> str | None:
        if text is None:
            return None
        number = normalise_id(text)
        if not ID_LIKE.fullmatch(number):
            return text
        if id_problem(number) is not None:
            raise RowProblem(
                f"问卷编号 {mask_id(number)} 像是身份证号但校验不通过；请勿用身份证号作问卷编号"
            )
        if not key:
            key.append(connection_key(con))
        return "id:" + person_key(number, key[0])

    def judge(row: RecordRow) -> tuple:
        project, fiscal_year = _project_of(row, ctx, projects)
        indicator = _find_indicator(row, mapping, project, indicators[project])
        if indicator is None:
            satisfaction = [i for i in indicators[project] if i.is_satisfaction()]
            if not satisfaction:
                raise RowProblem(
                    f"项目 {project} 没有满意度指标，请用指标序号或三级指标列指明答卷对应的指标"
                )
            if len(satisfaction) > 1:
                seqs = "、".join(str(i.seq) for i in satisfaction)
                raise RowProblem(
                    f"项目 {project} 有 {len(satisfaction)} 个满意度指标（序号 {seqs}），"
                    "请用指标序号或三级指标列指明答卷对应的指标"
                )
            indicator = satisfaction[0]
        elif not indicator.is_satisfaction():
            raise RowProblem(
                f"指标 {indicator.label}不是满意度指标，问卷答案只能记入满意度指标"
                "（若「序号」列只是行号，请删去该列或用 --map 指定列）"
            )
        answer_text = row.get("answer")
        if answer_text is None:
            raise RowProblem("缺少答案")
        answer, score, satisfied = parse_answer(answer_text)
        date_text = row.get("response_date")
        response_date = parse_date(date_text)
        if date_text is not None and response_date is None:
            raise RowProblem(f"调查日期「{date_text}」无法识别（{DATE_HINT}）")
        if response_date is not None:
            start, end = _survey_window(fiscal_year)
            if not start <= response_date < end:
                raise RowProblem(
                    f"调查日期 {response_date.isoformat()} 不在项目 {project} 的预算年度"
                    f" {fiscal_year} 内（可到次年 {SURVEY_GRACE_MONTHS} 月底）"
                )
        return (
            project,
            indicator.seq,
            response_date.isoformat() if response_date else None,
            answer,
            score,
            satisfied,
            respondent_of(row.get("respondent")),
            ctx.load_id,
            row.row_no,
        )

    def masked_raw(row: RecordRow) -> object:
        number = normalise_id(row.get("respondent"))
        if ID_LIKE.fullmatch(number):
            return raw_record(row, mapping, {"respondent": mask_id(number)})
        return raw_record(row, mapping)

    accepted, set_aside = judge_rows(rows, mapping, is_total, judge, masked_raw)
    earlier = _earlier_respondents(con, {(r[0], r[1], r[6]) for _, r in accepted if r[6]})
    stored: list[tuple] = []
    first_row: dict[tuple, int] = {}
    for row, record in accepted:
        identity = (record[0], record[1], record[6])
        if record[6] is not None:
            shown = record[6]
            if shown.startswith("id:"):
                shown = mask_id(normalise_id(row.get("respondent")))
            where = None
            if identity in earlier:
                where = f"导入批次 {earlier[identity][0]} 第{earlier[identity][1]}行"
            elif identity in first_row:
                where = f"本文件第{first_row[identity]}行"
            if where is not None:
                reason = (
                    f"第{row.row_no}行：问卷编号 {shown} 在项目 {record[0]} 指标 {record[1]}"
                    f" 中已有答卷（{where}），未重复存入"
                )
                set_aside.append((row.row_no, "duplicate", reason, masked_raw(row)))
                continue
            first_row[identity] = row.row_no
        stored.append(record)

    insert_frame(con, "survey_responses", SURVEY_COLUMNS, stored)
    insert_set_aside(con, ctx.load_id, set_aside)
    counts = count_rows(len(rows), len(stored), set_aside)
    for project, seq, answers, satisfied in con.execute(
        """
        SELECT project_code, indicator_seq, count(*), count(*) FILTER (WHERE satisfied)
        FROM survey_responses WHERE load_id = ? GROUP BY ALL ORDER BY ALL
        """,
        [ctx.load_id],
    ).fetchall():
        counts.notes.append(
            f"项目 {project} 指标 {seq}：本次 {answers} 份答卷，满意（含基本满意）{satisfied} 份"
            f"（{satisfied / answers:.1%}）"
        )
    return counts


def _earlier_respondents(
    con: duckdb.DuckDBPyConnection, identities: set[tuple]
) -> dict[tuple, tuple[int, int]]:
    """(project, seq, respondent) already stored → (load_id, row_no) of the first answer."""
    if not identities:
        return {}
    respondents = sorted({r for _, _, r in identities})
    found = con.execute(
        """
        SELECT project_code, indicator_seq, respondent, load_id, row_no FROM survey_responses
        WHERE list_contains(?, respondent)
        QUALIFY row_number() OVER (PARTITION BY project_code, indicator_seq, respondent
                                   ORDER BY load_id, row_no) = 1
        """,
        [respondents],
    ).fetchall()
    return {
        (p, int(s), r): (int(load_id), int(row_no))
        for p, s, r, load_id, row_no in found
        if (p, int(s), r) in identities
    }
