"""Which column is which: the documented alias table for every record kind.

Headers are matched after normalising (NFKC, no spaces, no unit in parentheses): `金额（万元）` is the
amount column, in 万元. `--map canonical=header` overrides the table for one file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from loaders.errors import LoadError

# kind -> canonical column -> (required, aliases). The first alias is the canonical Chinese header.
ALIASES: dict[str, dict[str, tuple[bool, tuple[str, ...]]]] = {
    "spending": {
        "pay_date": (True, ("支付日期", "记账日期", "日期", "付款日期", "凭证日期", "业务日期",
                            "交易日期", "支出日期")),
        "project_code": (True, ("项目编码", "项目代码", "项目编号", "预算项目编码")),
        "amount": (True, ("金额", "支付金额", "借方金额", "付款金额", "实际支付金额", "发生额",
                          "支出金额", "实付金额")),
        "voucher_no": (False, ("凭证号", "支付凭证号", "凭证编号", "支付令号", "单据号", "流水号",
                               "支付单号")),
        "payee": (False, ("收款人", "收款单位", "收款人名称", "收款方", "收款人全称")),
        "summary": (False, ("摘要", "用途", "支付用途", "说明")),
        "fund_source": (False, ("资金来源", "资金性质", "经费来源")),
    },
    "beneficiaries": {
        "project_code": (False, ("项目编码", "项目代码", "项目编号")),
        "name": (True, ("姓名", "受助人", "受助人姓名", "学生姓名", "救助对象")),
        "id_number": (True, ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证")),
        "place": (False, ("学校", "就读学校", "乡镇", "所在乡镇", "学校或乡镇", "乡镇或学校", "地址",
                          "所在单位")),
        "aid_date": (False, ("发放日期", "救助日期", "受助日期", "日期")),
        "amount": (False, ("金额", "发放金额", "救助金额", "补助金额", "资助金额")),
        "items": (False, ("物品", "发放物品", "救助物品", "救助内容")),
    },
    "actuals": {
        "project_code": (False, ("项目编码", "项目代码", "项目编号")),
        "indicator_seq": (False, ("指标序号", "序号")),
        "indicator_name": (False, ("三级指标", "指标名称", "指标")),
        "as_of": (True, ("截至日期", "统计日期", "日期", "截止日期", "报告日期")),
        "value": (True, ("实际值", "完成值", "实际完成值", "指标实际值", "完成情况", "实际完成")),
        "note": (False, ("备注", "说明")),
        # the department's own goals (tracker goals): a unit and its goal's number
        "unit_code": (False, ("单位编码", "单位代码", "预算单位编码")),
        "goal_seq": (False, ("目标序号", "部门目标序号", "整体目标序号")),
    },
    "surveys": {
        "project_code": (False, ("项目编码", "项目代码", "项目编号")),
        "indicator_seq": (False, ("指标序号", "序号")),
        "indicator_name": (False, ("三级指标", "指标名称", "指标")),
        "response_date": (False, ("调查日期", "日期", "填写日期", "答卷日期")),
        "answer": (True, ("满意度", "评价", "回答", "答案", "结果", "评分", "满意程度")),
        "respondent": (False, ("问卷编号", "答卷编号", "编号", "受访者")),
    },
    "adjustments": {
        "project_code": (True, ("项目编码", "项目代码", "项目编号")),
        "adj_date": (True, ("调整日期", "批复日期", "日期")),
        "amount": (True, ("调整金额", "金额", "追加金额", "调整数")),
        "direction": (False, ("调整类型", "类型", "追加调减")),
        "doc_no": (False, ("文号", "批复文号", "调整文号", "文件号")),
        "reason": (False, ("原因", "调整原因", "说明", "备注")),
    },
}  # fmt: skip
MONEY_COLUMNS = {"amount"}
# the header of a treasury payment export (国库集中支付明细): the canonical spending file
SPENDING_EXPORT_HEADER = [
    "支付日期", "项目编码", "项目名称", "支付金额", "支付凭证号", "收款单位", "摘要", "资金来源",
]  # fmt: skip
KINDS = tuple(ALIASES)
PARENS = re.compile(r"[（(]([^）)]*)[）)]")
BRACKETS = re.compile(r"[（(\[【]([^）)\]】]*)[）)\]】]")


def normalise_header(text: object) -> tuple[str, str | None]:
    """(bare header, money unit in its parentheses or suffix) for matching."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = re.sub(r"\s+", "", value).rstrip(":：*")
    unit = None
    for inner in BRACKETS.findall(value):  # （万元） （单位：万元） [人民币万元] 【元】
        if "万元" in inner:
            unit = "万元"
        elif re.fullmatch(r"(单位[:：]?)?(人民币)?元", inner):
            unit = unit or "元"
    bare = BRACKETS.sub("", value)
    for suffix in ("万元", "元"):
        if bare.endswith(suffix) and len(bare) > len(suffix):
            unit = unit or suffix
            bare = bare[: -len(suffix)]
    return bare, unit


@dataclass
class ColumnMap:
    """canonical column -> index in the header row, with the money scale of money columns."""

    index: dict[str, int]
    headers: list[str]
    scale: dict[str, int]

    def header_of(self, canonical: str) -> str:
        return self.headers[self.index[canonical]]


def score_header(cells: list[str], kind: str) -> int:
    """How many of the kind's columns a candidate header row names."""
    names = {normalise_header(c)[0] for c in cells}
    return sum(1 for _, aliases in ALIASES[kind].values() if names & set(aliases))


def map_columns(
    headers: list[str],
    kind: str,
    overrides: dict[str, str] | None = None,
    default_unit: str | None = None,
    *,
    file: str | None = None,
    provided: set[str] | frozenset[str] = frozenset(),
) -> ColumnMap:
    """Find each canonical column in `headers`. Raises LoadError listing what is missing, or
    naming both columns when two map to the same field (a repeated header, or two aliases:
    `--map` then says which one is meant).

    `provided` names columns supplied another way (`--project`), so they are not required.
    """
    table = ALIASES[kind]
    bare = [normalise_header(h) for h in headers]
    index: dict[str, int] = {}
    scale: dict[str, int] = {}
    for canonical, header in (overrides or {}).items():
        if canonical not in table:
            raise LoadError(
                f"--map 中的列名 {canonical} 不是 {kind} 的标准列",
                file=file,
                hint=f"可用：{', '.join(table)}",
            )
        wanted = normalise_header(header)[0]
        matches = [i for i, (b, _) in enumerate(bare) if b == wanted or headers[i] == header]
        if not matches:
            raise LoadError(
                f"--map {canonical}={header}：文件中没有这一列",
                file=file,
                hint=f"文件的列：{'、'.join(h for h in headers if h)}",
            )
        index[canonical] = matches[0]
    for canonical, (_, aliases) in table.items():
        if canonical in index:
            continue
        found = [i for i, (b, _) in enumerate(bare) if b in aliases and i not in index.values()]
        if len(found) > 1:  # a repeated header, or two aliases: which one is meant?
            names = "」和「".join(headers[i].strip() or f"第{i + 1}列" for i in found[:3])
            raise LoadError(
                f"「{names}」都对应{aliases[0]}（{canonical}），无法确定用哪一列",
                file=file,
                hint=f"请删去或改名多余的一列，或用 --map {canonical}=列名 指定",
            )
        if found:
            index[canonical] = found[0]
    missing = [
        aliases[0]
        for c, (required, aliases) in table.items()
        if required and c not in index and c not in provided
    ]
    if missing:
        raise LoadError(
            f"找不到必需的列：{'、'.join(missing)}",
            file=file,
            hint=(
                f"文件的列：{'、'.join(h for h in headers if h) or '（无）'}；"
                "可用 --map 标准列=文件列名 指定，例如 --map amount=本期发生额"
            ),
        )
    for canonical in MONEY_COLUMNS & set(index):
        unit = bare[index[canonical]][1] or default_unit or "元"
        scale[canonical] = 10000 if unit == "万元" else 1
    return ColumnMap(index, list(headers), scale)


def parse_map_options(values: list[str] | None) -> dict[str, str]:
    """`--map canonical=header` options into a dict. Raises LoadError on a malformed option."""
    result: dict[str, str] = {}
    for value in values or []:
        if "=" not in value:
            raise LoadError(f"--map {value} 格式不对", hint="应为 --map 标准列=文件列名")
        canonical, header = value.split("=", 1)
        result[canonical.strip()] = header.strip()
    return result
