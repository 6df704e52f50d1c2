"""Why a line was set aside, in English (presentation.reasons_text): the reasons as the record
loaders store them, read in English with the file's values and codes carried over; every reason the
county demo's loads store is one the patterns know; Chinese pages get the stored text unchanged."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import table_rows
from presentation import tables
from presentation.reasons_text import set_aside_reason

CJK = re.compile(r"[\u4e00-\u9fff]")
P1 = "13043425P00450110058B"

CASES = [
    ("第20行：合计行，不计入", "Line 20: A total row, not counted"),
    (
        "第1行：表头上方的标题或说明，不计入",
        "Line 1: A title or note above the header, not counted",
    ),
    ("第19行：空行", "Line 19: A blank line"),
    (
        "第4行：凭证号 ZF20250001319 与导入批次 28 中的记录重复，未重复存入",
        "Line 4: Voucher ZF20250001319 is already stored by load 28: not stored twice",
    ),
    (
        "第5行：凭证号 D1 与本文件第 4 行重复，未重复存入",
        "Line 5: Voucher D1 repeats line 4 of this file: not stored twice",
    ),
    (
        f"第4行：凭证号 C1（2025-03）已于导入批次 2 存入，内容不同：原为 2025-03-01 {P1} 1000.00 元，"
        f"现为 2025-03-01 {P1} 1500.00 元；未存入。确为更正时请选择“替换已变更的凭证”"
        "（tracker load spending --replace-changed）重新导入",
        f"Line 4: Voucher C1 (2025-03) was stored by load 2 with other contents: then 2025-03-01 "
        f"{P1} 1000.00 元, now 2025-03-01 {P1} 1500.00 yuan; not stored. If it is a correction, "
        "load again choosing to replace changed vouchers (tracker load spending --replace-changed)",
    ),
    (
        "第8行：项目编码 13043425P99999999999X 未在绩效目标中登记",
        "Line 8: Project code 13043425P99999999999X has no targets loaded",
    ),
    (
        f"第7行：支付日期 2026-01-01 不在项目 {P1} 的预算年度 2025 内",
        f"Line 7: Payment date 2026-01-01 is outside project {P1}'s fiscal year 2025",
    ),
    (
        f"第9行：调查日期 2026-05-01 不在项目 {P1} 的预算年度 2025 内（可到次年 3 月底）",
        f"Line 9: Survey date 2026-05-01 is outside project {P1}'s fiscal year 2025 (up to the end "
        "of March after it)",
    ),
    (
        "第13行：发放日期「下周」无法识别（可用 2025-03-05、2025/3/5、2025年3月5日、20250305）",
        "Line 13: Aid date “下周” is not a date (write 2025-03-05, 2025/3/5, 2025年3月5日 or "
        "20250305)",
    ),
    (
        "第7行：金额「十二元」无法识别（应写成 1234.56 或 1,234.56；不接受科学计数法、下划线、小数逗号）",
        "Line 7: Amount “十二元” cannot be read (write 1234.56 or 1,234.56; no exponent, "
        "underscore or decimal comma)",
    ),
    ("第14行：金额「五百」不是数字", "Line 14: Amount “五百” is not a number"),
    (
        "第5行：身份证号 130434**********10 校验位不正确",
        "Line 5: ID number 130434**********10: the check character is wrong",
    ),
    (
        "第8行：身份证号 130434*********45 应为 18 位（现为 17 位）",
        "Line 8: ID number 130434*********45 should have 18 characters (it has 17)",
    ),
    (
        "第9行：身份证号 130434**********50 中的出生日期无效",
        "Line 9: ID number 130434**********50 holds a birth date that does not exist",
    ),
    (
        "第2行：身份证号 1.3043*************17 被存成了数字（科学计数法），请把该列设为文本后重新导出",
        "Line 2: ID number 1.3043*************17 was saved as a number (scientific notation): set "
        "the column to text and export again",
    ),
    (
        "第7行：宋*桐（130434**********23）在本项目中已登记（本文件第4行），未重复存入",
        "Line 7: 宋*桐 (130434**********23) is already registered in this project (line 4 of this "
        "file): not stored twice",
    ),
    (
        "第3行：宋*彤（130434**********23）在本项目中已登记（导入批次 2 第2行），未重复存入；注意：两处姓名不一致",
        "Line 3: 宋*彤 (130434**********23) is already registered in this project (load 2, line "
        "2): not stored twice; note: the two names differ",
    ),
    (
        f"第8行：问卷编号 A1 在项目 {P1} 指标 7 中已有答卷（本文件第3行），未重复存入",
        f"Line 8: Questionnaire A1 is already answered for project {P1}, indicator 7 (line 3 of "
        "this file): not stored twice",
    ),
    (
        "第9行：实际值「92%」不符合指标 1「全县特困生救助人数」：数量指标的实际值应为一个数，如 23、23个",
        "Line 9: Actual “92%” does not fit indicator 1 “全县特困生救助人数”: a quantity's actual "
        "is a number, e.g. 23, 23个",
    ),
    (
        "第10行：实际值「0.92」没有 %：是 0.92% 还是 92%？请写成带 % 的形式（如 92%）",
        "Line 10: Actual “0.92” has no %: is it 0.92% or 92%? Write it with its % sign (e.g. 92%)",
    ),
    (
        "第14行：实际值「≥24个」带有比较符 ≥，实际值应为一个确定的数",
        "Line 14: Actual “≥24个” carries the comparison sign ≥: an actual is one number",
    ),
    (
        f"第2行：项目 {P1} 有 2 个满意度指标（序号 7、8），请用指标序号或三级指标列指明答卷对应的指标",
        f"Line 2: Project {P1} has 2 satisfaction indicators (nos. 7, 8): name the indicator in a "
        "sequence-number (指标序号) or indicator (三级指标) column",
    ),
    (
        "第7行：答案「一般」应为 满意/基本满意/不满意 或 1–5 分",
        "Line 7: Answer “一般” should be 满意, 基本满意 or 不满意 (satisfied, fairly, not) or a "
        "score of 1–5",
    ),
    (
        f"第13行：项目 {P1} 指标 1 截至 2025-06-30 的实际值已在本文件第3行填报，未重复存入（更正请改第3行）",
        f"Line 13: Project {P1}, indicator 1: the actual as of 2025-06-30 is already on line 3 of "
        "this file: not stored twice (correct line 3 instead)",
    ),
]


@pytest.mark.parametrize(("reason", "english"), CASES)
def test_each_reason_in_english(reason, english):
    assert set_aside_reason(reason, "en") == english
    assert set_aside_reason(reason, "zh") == reason


def test_an_unknown_reason_keeps_its_line_number_in_english():
    assert set_aside_reason("第3行：一种新的原因", "en") == "Line 3: 一种新的原因"
    assert set_aside_reason("一种新的原因", "en") == "一种新的原因"
    assert set_aside_reason(None, "en") == ""


def outside_quotes(text: str) -> str:
    """The English around what the file said: quoted values, names and IDs in brackets, and the
    Chinese words a reader types (达成, 23个, 万元) that the reasons quote as examples."""
    text = re.sub(r"“[^”]*”|\([^)]*\)", "", text)
    return re.sub(r"\S*\*\S*|万元|\d+个|\d+年\d+月\d+日", "", text)


def test_every_reason_the_county_demo_stores_reads_in_english(county_demo):
    """The demo's loads set aside totals, titles, duplicates, unknown projects, out-of-year dates
    and repeated questionnaires: each reason is one the patterns know, with no Chinese left
    around the file's values, and the import page's table shows them so."""
    reasons = [r for (r,) in table_rows(county_demo, "SELECT DISTINCT reason FROM rejected_rows")]
    assert len(reasons) > 10
    for reason in reasons:
        english = set_aside_reason(reason, "en")
        assert not CJK.search(outside_quotes(english)), (reason, english)
    rows = table_rows(county_demo, "SELECT row_no, category, reason FROM rejected_rows LIMIT 5")
    frame = pd.DataFrame(rows, columns=["row_no", "category", "reason"])
    shown = tables.frame(frame, tables.IMPORT_SET_ASIDE, "en")
    assert list(shown.iloc[:, 2]) == [set_aside_reason(r, "en") for r in frame["reason"]]
