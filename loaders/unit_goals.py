"""The department's own commitments (第一部分 部门整体绩效目标), read as an expert reads them.

Part 1 of a target document — or the template's 部门整体绩效目标 column — is prose, kept whole as
`units.overall_goals`. This module is the one place that turns it into goals of the unit
(`unit_goals`), by these rules:

1. **Sections.** A heading `一、总体绩效目标` starts a section. Goals come from sections whose heading
   names 目标 (总体绩效目标, 分项绩效目标); a section of measures (工作保障措施, 保障措施) holds none.
   Text without any heading is all goals.
2. **Items.** A numbered item (`1.`, `2、`, `（3）`, `(4)`) starts a goal, also where several items
   run together on one line; a line of a goals section before any number is an item of its own.
   A line that only repeats the section's name is not.
3. **Commitments.** Each sentence of an item (split at 。；;) is read for numbers followed by a
   measure word (期 支 次 场 个 项 人次 人 名 户 家 所 件 篇 批 处 座 条 套 台 %, 元 万元 亿元). Each
   is a quantified goal: the value (Arabic digits, or 两 / 三…十 / 二十 before the measure word; 一
   alone is an article — 一支队伍 — not a count),
   the measure word, and what it counts — the words right after the measure word (`2期就业培训班`
   → 就业培训班), or, when none follow, the words before the number back to the last verb, list
   word or punctuation (`志愿服务团队5支` → 志愿服务团队; `开展志愿服务10次` → 志愿服务). The sentence
   is kept beside it. A sentence with two numbers gives two goals.
   Not commitments: years (`2022年`), months and days (`12月底`, `3日`), ordinals (`第2`), item
   numbers, and numbers inside a period (`1-9月`).
4. **Comparison.** 不低于 不少于 至少 以上 超过 达到 ≥ → ≥ (also when nothing is said: a count to
   reach); 不超过 不高于 以内 以下 控制在 ≤ → ≤.
5. **Kinds.** % → percent, 元 / 万元 / 亿元 → money (the value as written, in its measure word),
   anything else → quantity.
6. **Qualitative.** An item without any commitment is a qualitative goal: its text, rated
   达成 / 部分达成 / 未达成.
7. **Stale years.** A year written in a goal (`2022年`) that is not the document's fiscal year is
   kept on the goal (`stale_year`): a target-quality finding (`stale_year`) of its own, the mark of
   a sentence copied forward from an old document.

Goals are numbered 1, 2, … per unit in the order they are read; they are re-read from the unit's
text whenever its targets are loaded or a load is undone (`refresh_goals`), so they always match
the text kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from store import migrations

HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(?P<name>.+?)\s*$")
ITEM_START = re.compile(
    r"(?:(?<=^)|(?<=[。；;！!\s　]))(?:\d{1,2}\s*[.、．](?!\d)|[（(]\d{1,2}[）)])"
)
SENTENCE_END = re.compile(r"(?<=[。；;！!])")
MEASURES = (
    "人次", "万元", "亿元", "元", "期", "支", "次", "场", "个", "项", "人", "名", "户", "家", "所",
    "件", "篇", "批", "处", "座", "条", "套", "台", "%", "％",
)  # fmt: skip
CHINESE_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUMBER = r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})"
COMMITMENT = re.compile(NUMBER + r"\s*(?P<unit>" + "|".join(map(re.escape, MEASURES)) + ")")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")
NOT_A_COUNT_AFTER = ("年", "月", "日", "号", "时", "周岁", "岁")
AT_LEAST = ("不低于", "不少于", "至少", "超过", "达到", "≥", ">=", "大于", "多于")
AT_MOST = ("不超过", "不高于", "控制在", "≤", "<=", "少于", "低于")
AFTER_AT_LEAST = ("以上",)
AFTER_AT_MOST = ("以内", "以下")
# where the words a number counts begin, reading back from the number
OBJECT_STARTS = (
    "开展", "建立", "举办", "组织", "完成", "培训", "发放", "新建", "建设", "实现", "帮扶", "救助",
    "资助", "慰问", "招募", "覆盖", "争取", "计划", "专业", "各类", "举行", "召开", "设立",
    "成立", "打造", "培育", "吸纳", "推荐", "评选", "表彰", "走访", "筹集", "投入", "安排",
    "等", "、", "，", ",", "的", "共", "累计", "全年", "年内",
)  # fmt: skip
FILLER = sorted(
    ("不低于", "不少于", "至少", "超过", "达到", "累计", "共计", "共", "约", "达", "为", "控制在",
     "不超过", "不高于"),
    key=len, reverse=True,
)  # fmt: skip
# words that say how much, not of what: the words before the verb name it (贷款发放额度)
GENERIC = ("额度", "金额", "总额", "数量", "人数", "次数", "比例", "规模", "总量")


@dataclass(frozen=True)
class UnitGoal:
    seq: int
    section: str | None
    text: str  # the sentence of a quantified goal; the item of a qualitative one
    kind: str  # quantity | percent | money | qualitative
    operator: str | None = None  # ≥ | ≤
    value: float | None = None
    unit: str | None = None  # the measure word: 期, 支, 次, %, 万元 …
    object: str | None = None  # what it counts: 就业培训班
    stale_year: int | None = None


def _number(text: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text == "十":
        return 10.0
    if "十" in text:  # 十二, 二十, 二十五
        tens, _, ones = text.partition("十")
        high = CHINESE_DIGITS.get(tens, 1) if tens else 1
        low = CHINESE_DIGITS.get(ones, 0) if ones else 0
        return float(high * 10 + low) if (not tens or tens in CHINESE_DIGITS) else None
    # 一 alone is an article (一支队伍, 一批骨干), not a count
    return (
        float(CHINESE_DIGITS[text])
        if len(text) == 1 and text in CHINESE_DIGITS and text != "一"
        else None
    )


def _kind(unit: str) -> str:
    if unit in ("%", "％"):
        return "percent"
    return "money" if unit.endswith("元") else "quantity"


def _object_before(before: str) -> str | None:
    """The words a number counts, read back from it: after the last verb, list word or mark."""
    text = before.rstrip()
    changed = True
    while changed:  # 达到、不低于 … stand between the words and the number
        changed = False
        for word in FILLER:
            if text.endswith(word):
                text, changed = text[: -len(word)].rstrip(), True
    marks = [(m.end(), m.start()) for w in OBJECT_STARTS for m in re.finditer(re.escape(w), text)]
    cut, start = max(marks, default=(0, 0))
    rest = text[cut:]
    if len(rest) < 2 or rest in GENERIC:  # 额度 alone says nothing; 救助|金 is one word
        cut = max((end for end, _ in marks if end <= start), default=0)
    words = re.sub(r"^[^\u4e00-\u9fffA-Za-z]+", "", text[cut:])
    words = re.sub(r"[^\u4e00-\u9fffA-Za-z]+$", "", words)
    return words[-16:] or None


def _object_after(after: str) -> str | None:
    found = re.match(r"[\u4e00-\u9fffA-Za-z]{1,16}", after)
    if not found:
        return None
    words = found.group(0)
    for stop in ("，", "的", "和", "及", "与", "并", "以上", "以内", "以下", "左右"):
        words = words.split(stop)[0]
    return words or None


def _operator(before: str, after: str) -> str:
    said = before.rstrip()
    ending = [
        (len(w), op)
        for op, words in (("≥", AT_LEAST), ("≤", AT_MOST))
        for w in words
        if said.endswith(w)
    ]
    if ending:  # the longest word said: 不超过 over 超过, 不少于 over 少于
        return max(ending)[1]
    if after.startswith(AFTER_AT_MOST):
        return "≤"
    return "≥"  # 以上, or a count to reach


def commitments(sentence: str) -> list[tuple[str, float, str, str | None]]:
    """(operator, value, measure word, object) of each quantified commitment in a sentence."""
    found = []
    for match in COMMITMENT.finditer(sentence):
        start, end = match.span()
        before, after = sentence[:start], sentence[end:]
        if match.group("unit") in ("%", "％"):
            pass
        elif after.startswith(NOT_A_COUNT_AFTER) or before.endswith("第"):
            continue
        if re.search(r"\d[-—~至]$", before) or after.startswith(("-", "—", "~", "至")):
            continue  # a period (1-9月) or a range's first end
        value = _number(match.group("num"))
        if value is None:
            continue
        unit = "%" if match.group("unit") == "％" else match.group("unit")
        obj = _object_after(after) if unit not in ("%", "元", "万元", "亿元") else None
        obj = obj or _object_before(before)
        found.append((_operator(before, after), value, unit, obj))
    return found


def _items(text: str) -> list[tuple[str | None, str]]:
    """(section, item text) of every item in the goals sections."""
    items: list[tuple[str | None, str]] = []
    section: str | None = None
    in_goals = True
    for raw in text.splitlines():
        line = re.sub(r"\[bookmark:[^\]]*\]", "", raw).strip().strip("　")
        if not line or line in ("第一部分", "部门整体绩效目标"):
            continue
        heading = HEADING.match(line)
        if heading and len(line) <= 20:
            section = heading.group("name").strip()
            in_goals = "目标" in section and "措施" not in section
            continue
        if not in_goals or line == section:
            continue
        starts = [m.start() for m in ITEM_START.finditer(line)]
        if not starts or starts[0] != 0:
            starts = [0, *starts]
        for begin, end in zip(starts, [*starts[1:], len(line)], strict=True):
            item = ITEM_START.sub("", line[begin:end].strip(), count=1).strip(" 　；;")
            if item:
                items.append((section, item))
    return items


def extract_goals(text: str | None, fiscal_year: int) -> list[UnitGoal]:
    """The unit's goals in its part-1 text (see the module docstring), numbered from 1."""
    goals: list[UnitGoal] = []
    for section, item in _items(text or ""):
        years = [int(y) for y in YEAR.findall(item)]
        stale = next((y for y in years if y != fiscal_year), None)
        found = False
        for sentence in (s.strip() for s in SENTENCE_END.split(item)):
            if not sentence:
                continue
            masked = YEAR.sub(lambda m: "＃" * len(m.group(0)), sentence)  # years are not counts
            for operator, value, unit, obj in commitments(masked):
                found = True
                goals.append(
                    UnitGoal(
                        len(goals) + 1, section, sentence, _kind(unit), operator, value, unit, obj,
                        stale,
                    )
                )  # fmt: skip
        if not found:
            goals.append(UnitGoal(len(goals) + 1, section, item, "qualitative", stale_year=stale))
    return goals


GOAL_COLUMNS = (
    "unit_code", "fiscal_year", "seq", "section", "text", "kind", "operator", "value", "unit",
    "object", "stale_year",
)  # fmt: skip
FINDING_COLUMNS = ("unit_code", "fiscal_year", "goal_seq", "rule", "severity", "message")


def stale_year_message(goal: UnitGoal, fiscal_year: int) -> str:
    return (
        f"部门整体目标第{goal.seq}条写的是 {goal.stale_year} 年，而文件是 {fiscal_year} 年度的："
        f"疑为沿用往年文字，请核对（「{goal.text[:40]}」）"
    )


def refresh_goals(con: duckdb.DuckDBPyConnection) -> int:
    """Re-read every unit's goals from the text kept in `units` (after a targets load or an
    undo), with their findings (`unit_findings`); returns how many goals there are."""
    units = con.execute(
        "SELECT unit_code, fiscal_year, overall_goals FROM units ORDER BY unit_code, fiscal_year"
    ).fetchall()
    rows, findings = [], []
    for code, year, text in units:
        for g in extract_goals(text, int(year)):
            rows.append(
                (code, year, g.seq, g.section, g.text, g.kind, g.operator, g.value, g.unit,
                 g.object, g.stale_year)
            )  # fmt: skip
            if g.stale_year is not None:
                message = stale_year_message(g, int(year))
                findings.append((code, year, g.seq, "stale_year", "warning", message))
    con.execute("DELETE FROM unit_goals")
    con.execute("DELETE FROM unit_findings")
    for table, columns, values in (
        ("unit_goals", GOAL_COLUMNS, rows),
        ("unit_findings", FINDING_COLUMNS, findings),
    ):
        if values:
            con.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES"
                f" ({', '.join('?' for _ in columns)})",
                values,
            )
    return len(rows)


# a store loaded before goals were read: read them once from the text it keeps
migrations.register("unit_goals_from_text", refresh_goals)
