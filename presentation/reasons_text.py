"""Why a line of a record file was set aside (rejected, duplicate, changed, skipped), in the
reader's language.

The record loaders word each reason in Chinese as they find it (loaders/spending.py, beneficiaries,
indicator_records, record_rows, records; some in SQL) and the store keeps that text in
`rejected_rows.reason`, with the values it quotes from the file. English pages and downloads read the
same reason through the patterns below, the quoted values and codes carried over as written. A
reason no pattern knows is shown as stored, after its line number.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"第(?P<line>\d+)行：(?P<rest>.*)", re.DOTALL)
_DATES = {
    "支付日期": "payment date",
    "发放日期": "aid date",
    "截至日期": "as-of date",
    "调查日期": "survey date",
    "调整日期": "adjustment date",
    "日期": "date",
}
_DATE = "(?P<field>" + "|".join(sorted(_DATES, key=len, reverse=True)) + ")"
_WHERE = r"(?P<where>[^）]+)"
_NAME_HINT = "name the indicator in a sequence-number (指标序号) or indicator (三级指标) column"

# (the Chinese reason without its line number, the English one); `{name}` is the group of that name
_REASONS = (
    (r"合计行，不计入", "a total row, not counted"),
    (r"表头上方的标题或说明，不计入", "a title or note above the header, not counted"),
    (r"空行", "a blank line"),
    (
        r"凭证号 (?P<v>\S+) 与导入批次 (?P<n>\d+) 中的记录重复，未重复存入",
        "voucher {v} is already stored by load {n}: not stored twice",
    ),
    (
        r"凭证号 (?P<v>\S+) 与本文件第 (?P<n>\d+) 行重复，未重复存入",
        "voucher {v} repeats line {n} of this file: not stored twice",
    ),
    (
        r"凭证号 (?P<v>\S+)（(?P<m>[^）]+)）已于导入批次 (?P<n>\d+) 存入，内容不同：原为 (?P<old>.+)，"
        r"现为 (?P<new>.+?) 元；未存入。确为更正时请选择“替换已变更的凭证”"
        r"（tracker load spending --replace-changed）重新导入",
        "voucher {v} ({m}) was stored by load {n} with other contents: then {old}, now {new} yuan; "
        "not stored. If it is a correction, load again choosing to replace changed vouchers "
        "(tracker load spending --replace-changed)",
    ),
    (r"项目编码 (?P<c>\S+) 未在绩效目标中登记", "project code {c} has no targets loaded"),
    (
        rf"{_DATE} (?P<d>\S+) 不在项目 (?P<c>\S+) 的预算年度 (?P<y>\d+) 内（可到次年 3 月底）",
        "{field} {d} is outside project {c}'s fiscal year {y} (up to the end of March after it)",
    ),
    (
        rf"{_DATE} (?P<d>\S+) 不在项目 (?P<c>\S+) 的预算年度 (?P<y>\d+) 内",
        "{field} {d} is outside project {c}'s fiscal year {y}",
    ),
    (
        rf"{_DATE}「(?P<v>.*)」无法识别（可用 2025-03-05、2025/3/5、2025年3月5日、20250305）",
        "{field} “{v}” is not a date (write 2025-03-05, 2025/3/5, 2025年3月5日 or 20250305)",
    ),
    (
        r"金额「(?P<v>.*)」无法识别（应写成 1234.56 或 1,234.56；不接受科学计数法、下划线、小数逗号）",
        "amount “{v}” cannot be read (write 1234.56 or 1,234.56; no exponent, underscore or "
        "decimal comma)",
    ),
    (r"金额「(?P<v>.*)」不是数字", "amount “{v}” is not a number"),
    (r"身份证号 (?P<v>\S+) 校验位不正确", "ID number {v}: the check character is wrong"),
    (
        r"身份证号 (?P<v>\S+) 应为 18 位（现为 (?P<n>\d+) 位）",
        "ID number {v} should have 18 characters (it has {n})",
    ),
    (
        r"身份证号 (?P<v>\S+) 中的出生日期无效",
        "ID number {v} holds a birth date that does not exist",
    ),
    (
        r"身份证号 (?P<v>\S+) 被存成了数字（科学计数法），请把该列设为文本后重新导出",
        "ID number {v} was saved as a number (scientific notation): set the column to text and "
        "export again",
    ),
    (
        rf"(?P<name>[^（]+)（(?P<id>[^）]+)）在本项目中已登记（{_WHERE}），未重复存入；注意：两处姓名不一致",
        "{name} ({id}) is already registered in this project ({where}): not stored twice; note: "
        "the two names differ",
    ),
    (
        rf"(?P<name>[^（]+)（(?P<id>[^）]+)）在本项目中已登记（{_WHERE}），未重复存入",
        "{name} ({id}) is already registered in this project ({where}): not stored twice",
    ),
    (
        rf"问卷编号 (?P<v>\S+) 在项目 (?P<c>\S+) 指标 (?P<n>\d+) 中已有答卷（{_WHERE}），未重复存入",
        "questionnaire {v} is already answered for project {c}, indicator {n} ({where}): not "
        "stored twice",
    ),
    (
        r"实际值「(?P<v>.*)」不符合指标 (?P<n>\d+)「(?P<i>.*)」：数量指标的实际值应为一个数，如 23、23个",
        "actual “{v}” does not fit indicator {n} “{i}”: a quantity's actual is a number, "
        "e.g. 23, 23个",
    ),
    (
        r"实际值「(?P<v>.*)」不符合指标 (?P<n>\d+)「(?P<i>.*)」：金额指标的实际值应为金额，如 4.5万元、45000",
        "actual “{v}” does not fit indicator {n} “{i}”: a money indicator's actual is an "
        "amount, e.g. 4.5万元, 45000",
    ),
    (
        r"实际值「(?P<v>.*)」不符合指标 (?P<n>\d+)「(?P<i>.*)」：定性指标的实际值应为达成/部分达成/未达成",
        "actual “{v}” does not fit indicator {n} “{i}”: a qualitative indicator's actual is "
        "达成, 部分达成 or 未达成 (achieved, partly, not achieved)",
    ),
    (
        r"实际值「(?P<v>.*)」没有 %：是 (?P<a>\S+)% 还是 (?P<b>\S+)%？请写成带 % 的形式（如 92%）",
        "actual “{v}” has no %: is it {a}% or {b}%? Write it with its % sign (e.g. 92%)",
    ),
    (
        r"实际值「(?P<v>.*)」带有比较符 (?P<o>\S)，实际值应为一个确定的数",
        "actual “{v}” carries the comparison sign {o}: an actual is one number",
    ),
    (
        r"项目 (?P<c>\S+) 有 (?P<n>\d+) 个满意度指标（序号 (?P<s>[^）]+)），请用指标序号或三级指标列指明答卷对应的指标",
        "project {c} has {n} satisfaction indicators (nos. {s}): " + _NAME_HINT,
    ),
    (
        r"项目 (?P<c>\S+) 没有满意度指标，请用指标序号或三级指标列指明答卷对应的指标",
        "project {c} has no satisfaction indicator: " + _NAME_HINT,
    ),
    (
        r"答案「(?P<v>.*)」应为 满意/基本满意/不满意 或 1–5 分",
        "answer “{v}” should be 满意, 基本满意 or 不满意 (satisfied, fairly, not) or a score of 1–5",
    ),
    (
        r"指标「(?P<v>.*)」不在项目 (?P<c>\S+) 的绩效指标中",
        "indicator “{v}” is not among project {c}'s indicators",
    ),
    (
        r"项目 (?P<c>\S+) 指标 (?P<n>\d+) 截至 (?P<d>\S+) 的实际值已在本文件第(?P<l>\d+)行填报，"
        r"未重复存入（更正请改第(?P=l)行）",
        "project {c}, indicator {n}: the actual as of {d} is already on line {l} of this file: "
        "not stored twice (correct line {l} instead)",
    ),
    (
        r"指标序号 (?P<n>\d+) 是「(?P<a>.*)」，与三级指标「(?P<b>.*)」不一致，请核对",
        "indicator no. {n} is “{a}”, not the indicator “{b}” named beside it: please check",
    ),
    (
        r"指标 (?P<n>\d+)「(?P<i>.*)」不是满意度指标，问卷答案只能记入满意度指标"
        r"（若「序号」列只是行号，请删去该列或用 --map 指定列）",
        "indicator {n} “{i}” is not a satisfaction indicator: survey answers go to satisfaction "
        "indicators only (if the 序号 column only counts rows, delete it or name the column with "
        "--map)",
    ),
)
_PATTERNS = [(re.compile(zh, re.DOTALL), en) for zh, en in _REASONS]
_FILE_LINE = re.compile(r"^本文件第\s?(\d+)\s?行$")
_LOAD_LINE = re.compile(r"^导入批次 (\d+) 第(\d+)行$")


def _where(text: str) -> str:
    """`本文件第4行` → `line 4 of this file`; `导入批次 2 第3行` → `load 2, line 3`."""
    match = _FILE_LINE.match(text)
    if match:
        return f"line {match.group(1)} of this file"
    match = _LOAD_LINE.match(text)
    if match:
        return f"load {match.group(1)}, line {match.group(2)}"
    return text


def _english(rest: str) -> str | None:
    for pattern, english in _PATTERNS:
        match = pattern.fullmatch(rest)
        if match:
            values = match.groupdict()
            if "field" in values:
                values["field"] = _DATES[values["field"]]
            if "where" in values:
                values["where"] = _where(values["where"])
            if "s" in values:
                values["s"] = values["s"].replace("、", ", ")
            text = english.format(**values)
            return text[:1].upper() + text[1:]
    return None


def set_aside_reason(reason: object, lang: str) -> str:
    """`reason` (as the loaders stored it, in Chinese) in `lang`."""
    text = "" if reason is None else str(reason)
    if lang == "zh":
        return text
    match = _LINE.fullmatch(text)
    rest = match.group("rest") if match else text
    english = _english(rest)
    if match:
        return f"Line {match.group('line')}: {english or rest}"
    return english or text
