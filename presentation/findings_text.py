"""A target-quality finding's message in the reader's language.

The loaders word each finding in Chinese when they find it (loaders/findings.py, target_forms.py,
unit_goals.py) and the store keeps that text, with the values it quotes from the document. English
pages, downloads and `tracker findings --lang en` read the same message through the patterns below:
each Chinese wording and its English one, the quoted values carried over as written. A message no
pattern knows (written by a later version) is shown as stored.
"""

from __future__ import annotations

import re

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_NUMBER = r"[-+\d.,e]+"

# (the Chinese message, the English one); `{name}` in the English is the group of that name
_INDICATOR = (
    (
        r"是比率类指标，目标值「(?P<v>.*)」方向应为 ≥（越高越好）",
        "is a rate: its target “{v}” should read ≥ (higher is better)",
    ),
    (
        r"是成本指标，目标值「(?P<v>.*)」方向应为 ≤（不超过）",
        "is a cost: its target “{v}” should read ≤ (at most)",
    ),
    (
        rf"目标值 (?P<a>{_NUMBER}) 元高于项目预算 (?P<b>{_NUMBER}) 元",
        "target of {a} yuan is above the project's budget of {b} yuan",
    ),
    (r"比率目标值「(?P<v>.*)」超过 100%", "rate target “{v}” is above 100%"),
    (
        r"目标值「(?P<v>.*)」只有数字，没有计量单位",
        "target “{v}” is a number without a unit of measure",
    ),
    (
        r"属于「(?P<l>.*)」定量指标，但目标值「(?P<v>.*)」不是数值",
        "is a quantitative indicator ({l}) but its target “{v}” is not a number",
    ),
    (
        r"是时效指标，但目标值「(?P<v>.*)」不是完成时限（日期）",
        "is a timeliness indicator but its target “{v}” is not a deadline (a date)",
    ),
    (
        rf"满意度目标 (?P<v>{_NUMBER})% 低于 (?P<t>{_NUMBER})%",
        "satisfaction target of {v}% is below {t}%",
    ),
    (r"没有填写指标值", "has no target value"),
)
_PROJECT = (
    (r"没有绩效指标", "No performance indicators"),
    (r"没有满意度指标", "No satisfaction indicator"),
    (r"没有资金支出计划，按年底 100% 计", "No spending plan: 100% by the year end is assumed"),
    (
        rf"资金支出计划不是逐期累计递增：(?P<m1>\S+) (?P<x>{_NUMBER})% > (?P<m2>\S+) (?P<y>{_NUMBER})%",
        "The spending plan decreases: {m1} {x}% > {m2} {y}%",
    ),
    (
        rf"资金支出计划 (?P<m1>\S+) 为 (?P<x>{_NUMBER})%，应在 0–100% 之间",
        "The spending plan at the {m1} is {x}%: it should lie within 0–100%",
    ),
    (
        r"资金支出计划中「(?P<v>.*)」不是百分比",
        "The spending plan's cell “{v}” is not a percentage",
    ),
    (
        rf"财政资金与其他资金合计 (?P<a>{_NUMBER}) 元，不等于预算数 (?P<b>{_NUMBER}) 元",
        "Fiscal and other funds add up to {a} yuan, not to the budget of {b} yuan",
    ),
    (r"预算数为 0", "The budget is 0"),
    (
        r"文件未写明金额单位（单位：万元/元），按万元读取",
        "The file does not say its money unit (万元 or 元): read as 万元",
    ),
    (
        r"部门整体目标第(?P<n>\d+)条写的是 (?P<y>\d+) 年，而文件是 (?P<f>\d+) 年度的："
        r"疑为沿用往年文字，请核对（「(?P<v>.*)」）",
        "The department's goal {n} names the year {y} in a document for {f}: probably text "
        "carried over from an earlier year, please check (“{v}”)",
    ),
)
_PATTERNS = [
    *(
        (re.compile(rf"指标「(?P<name>.+?)」{zh}"), f"Indicator “{{name}}” {en}")
        for zh, en in _INDICATOR
    ),
    *((re.compile(zh), en) for zh, en in _PROJECT),
]
_MONTH_END = re.compile(r"^(\d{1,2})月底$")


def _month(label: str) -> str:
    """A plan checkpoint's label in English: `3月底` → `end of March`; other labels as written."""
    match = _MONTH_END.match(label)
    if match and 1 <= int(match.group(1)) <= 12:
        return f"end of {MONTHS[int(match.group(1)) - 1]}"
    return label


def finding_message(message: object, lang: str) -> str:
    """`message` (as the loaders wrote it, in Chinese) in `lang`."""
    text = "" if message is None else str(message)
    if lang == "zh":
        return text
    for pattern, english in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            values = {
                key: _month(value) if key in ("m1", "m2") else value
                for key, value in match.groupdict().items()
            }
            return english.format(**values)
    return text
