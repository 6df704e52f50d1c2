"""Indicator actuals (指标实际值) and satisfaction surveys (满意度问卷) loaded from real files."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from builders import build_txt, sample_document
from conftest import set_aside, snapshot, table_rows
from loaders.personal import load_key

P1 = "13043425P00450110058B"  # 基层团组织经费: 1 count ≥22个, 2 rate, 3 deadline, 4 cost ≤5万, 7 满意度
P2 = "13043425P00437410002E"  # 特困生救助金: 1 100人, 2 100%, 4 ≤5万元, 5 qualitative, 7 满意度
ACTUALS_HEADER = ["项目编码", "指标序号", "三级指标", "截至日期", "实际值", "备注"]
SURVEY_HEADER = ["项目编码", "调查日期", "满意度", "问卷编号"]
DATE_HINT = "可用 2025-03-05、2025/3/5、2025年3月5日、20250305"


@pytest.fixture(autouse=True)
def no_key_from_environment(monkeypatch):
    monkeypatch.delenv("TRACKER_KEY", raising=False)
    monkeypatch.delenv("TRACKER_KEY_FILE", raising=False)


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def actuals(db: Path, load_id: int) -> list[tuple]:
    return table_rows(
        db,
        "SELECT row_no, project_code, indicator_seq, as_of, value, value_raw, value_date, level,"
        " note FROM indicator_actuals WHERE load_id = ? ORDER BY row_no",
        [load_id],
    )


def responses(db: Path, load_id: int) -> list[tuple]:
    return table_rows(
        db,
        "SELECT row_no, project_code, indicator_seq, response_date, answer, score, satisfied,"
        " respondent FROM survey_responses WHERE load_id = ? ORDER BY row_no",
        [load_id],
    )


def import_counts(db: Path, load_id: int) -> tuple:
    (row,) = table_rows(
        db,
        "SELECT rows_total, rows_loaded, rows_duplicate, rows_rejected, rows_skipped"
        " FROM imports WHERE load_id = ?",
        [load_id],
    )
    total, loaded, duplicates, rejected, skipped = row
    assert loaded + duplicates + rejected + skipped == total
    return row


# --------------------------------------------------------------------------- actuals


def test_actuals_values_by_indicator_kind(tracker, targets, tmp_path, db_path):
    june = "2025-06-30"
    path = write_csv(
        tmp_path / "actuals.csv",
        [
            ["魏县团委绩效监控实际值（2025年6月）"],
            ACTUALS_HEADER,
            [P1, "1", "", june, "23个", "上半年"],  # 3
            [P1, "", " 优秀团组织 符合要求率", june, "92%", ""],  # 4 by name, spaces ignored
            [P1, "3", "", june, "2025-11-20", ""],  # 5 deadline
            [P1, "4", "", june, "4.5万元", ""],  # 6 money
            [P2, "5", "", june, "达成", ""],  # 7 qualitative
            [P2, "1", "", june, " 1,200 ", ""],  # 8 raw kept as read
            [P2, "1", "", june, "92%", ""],  # 9 percent for a count
            [P2, "2", "", june, "0.92", ""],  # 10 ambiguous rate
            [P2, "", "不存在的指标", june, "3", ""],  # 11
            [P1, "1", "", "2024-06-30", "23", ""],  # 12 outside the fiscal year
            [P1, "1", "", "2025/6/30", "24", ""],  # 13 duplicate of row 3
            [P1, "1", "", june, "≥24个", ""],  # 14
            [P2, "5", "", june, "良好", ""],  # 15 qualitative needs a level
            [P1, "4", "", june, "30%", ""],  # 16 percent for money
            [P1, "9", "", june, "3", ""],  # 17
            [P1, "1", "", "昨天", "3", ""],  # 18
            ["", "", "", "", "", ""],  # 19
            ["合计", "", "", "", "100", ""],  # 20
            [P2, "2", "", "2025-09-30", "98", "按百分点"],  # 21 bare number ≥ 1 for a rate
            ["13043425P99999999999X", "1", "", june, "3", ""],  # 22
        ],
        encoding="gbk",
    )
    code, out, err = tracker("load", "actuals", str(path))
    assert code == 0, err
    assert out.splitlines()[0] == (
        "actuals.csv（指标实际值，导入批次 2）：共 21 行，存入 7，重复 1，拒收 10，跳过 3"
    )
    as_of = dt.date(2025, 6, 30)
    assert actuals(db_path, 2) == [
        (3, P1, 1, as_of, 23.0, "23个", None, None, "上半年"),
        (4, P1, 2, as_of, 92.0, "92%", None, None, None),
        (5, P1, 3, as_of, None, "2025-11-20", dt.date(2025, 11, 20), None, None),
        (6, P1, 4, as_of, 45000.0, "4.5万元", None, None, None),
        (7, P2, 5, as_of, None, "达成", None, "达成", None),
        (8, P2, 1, as_of, 1200.0, " 1,200 ", None, None, None),
        (21, P2, 2, dt.date(2025, 9, 30), 98.0, "98", None, None, "按百分点"),
    ]
    assert set_aside(db_path, 2)[1:] == [  # after the title row
        (9, "rejected", "第9行：实际值「92%」不符合指标 1「全县特困生救助人数」：数量指标的实际值应为一个数，如 23、23个"),
        (10, "rejected", "第10行：实际值「0.92」没有 %：是 0.92% 还是 92%？请写成带 % 的形式（如 92%）"),
        (11, "rejected", f"第11行：指标「不存在的指标」不在项目 {P2} 的绩效指标中"),
        (12, "rejected", f"第12行：截至日期 2024-06-30 不在项目 {P1} 的预算年度 2025 内"),
        (13, "duplicate", f"第13行：项目 {P1} 指标 1 截至 2025-06-30 的实际值已在本文件第3行填报，"
         "未重复存入（更正请改第3行）"),
        (14, "rejected", "第14行：实际值「≥24个」带有比较符 ≥，实际值应为一个确定的数"),
        (15, "rejected", "第15行：实际值「良好」不符合指标 5「改善孩子学习环境」：定性指标的实际值应为"
         "达成/部分达成/未达成"),
        (16, "rejected", "第16行：实际值「30%」不符合指标 4「团组织经费总额」：金额指标的实际值应为"
         "金额，如 4.5万元、45000"),
        (17, "rejected", f"第17行：指标「序号 9」不在项目 {P1} 的绩效指标中"),
        (18, "rejected", f"第18行：截至日期「昨天」无法识别（{DATE_HINT}）"),
        (19, "skipped", "第19行：空行"),
        (20, "skipped", "第20行：合计行，不计入"),
        (22, "rejected", "第22行：项目编码 13043425P99999999999X 未在绩效目标中登记"),
    ]  # fmt: skip
    assert import_counts(db_path, 2) == (21, 7, 1, 10, 3)


def test_actuals_corrections_reload_dry_run_and_undo(tracker, targets, tmp_path, db_path):
    first = write_csv(
        tmp_path / "june.csv",
        [
            ACTUALS_HEADER,
            [P1, "1", "", "2025-06-30", "23", ""],
            [P1, "2", "", "2025-06-30", "88%", ""],
        ],
    )
    correction = write_csv(
        tmp_path / "june-fixed.csv",
        [ACTUALS_HEADER, [P1, "1", "", "2025-06-30", "25个", "更正"]],
    )
    assert tracker("load", "actuals", str(first))[0] == 0  # load 2
    before = snapshot(db_path)
    code, out, _ = tracker("load", "actuals", str(correction), "--dry-run")
    assert code == 0 and "试运行（未写入）" in out
    assert snapshot(db_path) == before
    code, out, _ = tracker("load", "actuals", str(correction))  # load 3
    assert code == 0
    assert "更正此前已导入的实际值 1 条（同一截至日期以最新导入为准）" in out
    latest = """
        SELECT value, value_raw FROM indicator_actuals
        WHERE project_code = ? AND indicator_seq = 1 AND as_of = DATE '2025-06-30'
        QUALIFY load_id = max(load_id) OVER ()
    """
    assert table_rows(db_path, latest, [P1]) == [(25.0, "25个")]
    assert table_rows(db_path, "SELECT count(*) FROM indicator_actuals") == [(3,)]
    code, out, _ = tracker("load", "actuals", str(correction))
    assert "已于导入批次 3 加载过，未做任何修改" in out
    code, out, _ = tracker("undo", "3")
    assert code == 0 and out.strip() == "已撤销导入批次 3：删除 indicator_actuals 1 行"
    assert table_rows(db_path, latest, [P1]) == [(23.0, "23")]
    assert [r[:3] for r in actuals(db_path, 2)] == [(2, P1, 1), (3, P1, 2)]


def test_actuals_xlsx_in_wan_with_project_option(tracker, targets, tmp_path, db_path):
    path = write_xlsx(
        tmp_path / "monitor.xlsx",
        [
            ["2025年特困生救助金绩效监控表"],
            ["填报单位：团县委"],
            ["三级指标", "截至日期", "实际值（万元）", "备注"],
            ["发放救济物品资金金额", dt.datetime(2025, 6, 30), 4.5, None],  # money, in 万元
            ["全县特困生救助人数", dt.datetime(2025, 6, 30), 98, None],  # a count: not scaled
            ["贫困生救助率", dt.datetime(2025, 6, 30), "100%", None],
            ["救助活动及时率", dt.datetime(2025, 6, 30), 0.95, "Excel 百分比单元格"],
            ["提高儿童学习积极性", "2025-06-30", "部分达成", None],
        ],
    )
    code, out, err = tracker("load", "actuals", str(path), "--project", P2)
    assert code == 0, err
    assert "共 7 行，存入 4，重复 0，拒收 1，跳过 2" in out
    as_of = dt.date(2025, 6, 30)
    assert actuals(db_path, 2) == [
        (4, P2, 4, as_of, 45000.0, "4.5", None, None, None),
        (5, P2, 1, as_of, 98.0, "98", None, None, None),
        (6, P2, 2, as_of, 100.0, "100%", None, None, None),
        (8, P2, 6, as_of, None, "部分达成", None, "部分达成", None),
    ]
    assert set_aside(db_path, 2)[2:] == [  # after the title rows
        (
            7,
            "rejected",
            "第7行：实际值「0.95」没有 %：是 0.95% 还是 95%？请写成带 % 的形式（如 92%）",
        )
    ]


def test_generic_row_counter_yields_to_the_indicator_name(tracker, targets, tmp_path, db_path):
    counter = write_csv(
        tmp_path / "counter.csv",
        [
            ["序号", "项目编码", "三级指标", "截至日期", "实际值"],
            ["1", P1, "优秀团组织符合要求率", "2025-06-30", "90%"],
            ["2", P1, "创建基层优秀团组织数量", "2025-06-30", "20"],
        ],
    )
    code, _, err = tracker("load", "actuals", str(counter))
    assert code == 0, err
    assert [r[:3] for r in actuals(db_path, 2)] == [(2, P1, 2), (3, P1, 1)]
    explicit = write_csv(
        tmp_path / "explicit.csv",
        [
            ["指标序号", "项目编码", "三级指标", "截至日期", "实际值"],
            ["1", P1, "优秀团组织符合要求率", "2025-09-30", "90%"],
            ["2", P1, "优秀团组织符合要求率", "2025-09-30", "91%"],
        ],
    )
    assert tracker("load", "actuals", str(explicit))[0] == 0
    assert set_aside(db_path, 3) == [
        (2, "rejected", "第2行：指标序号 1 是「创建基层优秀团组织数量」，与三级指标「优秀团组织符合要求率」"
         "不一致，请核对"),
    ]  # fmt: skip
    assert [r[:3] for r in actuals(db_path, 3)] == [(3, P1, 2)]


def test_actuals_without_an_indicator_column_are_refused(tracker, targets, tmp_path, db_path):
    path = write_csv(
        tmp_path / "bare.csv", [["项目编码", "截至日期", "实际值"], [P1, "2025-06-30", "3"]]
    )
    before = snapshot(db_path)
    code, _, err = tracker("load", "actuals", str(path))
    assert code == 2 and "找不到指标列：需要「指标序号」或「三级指标」" in err
    assert snapshot(db_path) == before


# --------------------------------------------------------------------------- surveys


def test_survey_answers_and_respondents(tracker, targets, tmp_path, db_path):
    path = write_csv(
        tmp_path / "survey.csv",
        [
            ["2025年团组织成员满意度调查结果"],
            SURVEY_HEADER,
            [P1, "2025-12-01", "非常满意", "A1"],  # 3
            [P1, "2025-12-01", "比较满意", "A2"],  # 4
            [P1, "2025年12月1日", "5", "A3"],  # 5
            [P1, "2025-12-01", "2分", "A4"],  # 6
            [P1, "2025-12-01", "一般", "A5"],  # 7
            [P1, "2025-12-02", "满意", "A1"],  # 8 the same respondent again
            [P1, "2026-05-01", "满意", "A6"],  # 9 after the first quarter
            [P2, "2026-01-15", "不太满意", ""],  # 10 no respondent: every row counts
            [P2, "2026-01-15", "不太满意", ""],  # 11
            [P2, "", "很不满意", ""],  # 12 no date
            [P2, "2025-12-01", "6", ""],  # 13
            ["合计", "", "", "12"],  # 14
        ],
        encoding="gbk",
    )
    code, out, err = tracker("load", "surveys", str(path))
    assert code == 0, err
    assert out.splitlines()[0] == (
        "survey.csv（满意度问卷，导入批次 2）：共 13 行，存入 7，重复 1，拒收 3，跳过 2；"
        f"项目 {P2} 指标 7：本次 3 份答卷，满意（含基本满意）0 份（0.0%）；"
        f"项目 {P1} 指标 7：本次 4 份答卷，满意（含基本满意）3 份（75.0%）"
    )
    dec1 = dt.date(2025, 12, 1)
    assert responses(db_path, 2) == [
        (3, P1, 7, dec1, "满意", None, True, "A1"),
        (4, P1, 7, dec1, "基本满意", None, True, "A2"),
        (5, P1, 7, dec1, "5", 5.0, True, "A3"),
        (6, P1, 7, dec1, "2", 2.0, False, "A4"),
        (10, P2, 7, dt.date(2026, 1, 15), "不满意", None, False, None),
        (11, P2, 7, dt.date(2026, 1, 15), "不满意", None, False, None),
        (12, P2, 7, None, "不满意", None, False, None),
    ]
    assert set_aside(db_path, 2)[1:] == [  # after the title row
        (7, "rejected", "第7行：答案「一般」应为 满意/基本满意/不满意 或 1–5 分"),
        (8, "duplicate", f"第8行：问卷编号 A1 在项目 {P1} 指标 7 中已有答卷（本文件第3行），未重复存入"),
        (9, "rejected", f"第9行：调查日期 2026-05-01 不在项目 {P1} 的预算年度 2025 内（可到次年 3 月底）"),
        (13, "rejected", "第13行：答案「6」应为 满意/基本满意/不满意 或 1–5 分"),
        (14, "skipped", "第14行：合计行，不计入"),
    ]  # fmt: skip
    assert import_counts(db_path, 2) == (13, 7, 1, 3, 2)

    later = write_csv(
        tmp_path / "survey-2.csv",
        [SURVEY_HEADER, [P1, "2025-12-05", "满意", "A2"], [P1, "2025-12-05", "满意", "A9"]],
    )
    code, out, _ = tracker("load", "surveys", str(later))
    assert code == 0 and "存入 1，重复 1" in out
    assert set_aside(db_path, 3) == [
        (2, "duplicate", f"第2行：问卷编号 A2 在项目 {P1} 指标 7 中已有答卷（导入批次 2 第4行），未重复存入"),
    ]  # fmt: skip


def test_survey_indicator_choice(tracker, tmp_path, db_path):
    document = sample_document()
    group, rows = document["projects"][0], document["projects"][1]
    group["indicators"].append(
        ("满意度指标", "服务对象满意度指标", "团员青年满意度", "团员青年满意度", "≥85%", "问卷调查")
    )
    rows["indicators"] = rows["indicators"][:-1]  # 特困生救助金 without its satisfaction indicator
    targets = build_txt(tmp_path / "targets.txt", document)
    assert tracker("load", "targets", str(targets))[0] == 0
    path = write_csv(
        tmp_path / "survey.csv",
        [
            ["序号", "项目编码", "三级指标", "评价"],
            ["1", P1, "", "满意"],  # two satisfaction indicators: which one?
            ["2", P1, "团员青年满意度", "满意"],  # named: fine (序号 is a row counter)
            ["3", P2, "", "满意"],  # no satisfaction indicator
            ["4", P1, "", "基本满意"],
        ],
    )
    code, _, err = tracker("load", "surveys", str(path))
    assert code == 0, err
    assert responses(db_path, 2) == [(3, P1, 8, None, "满意", None, True, None)]
    assert set_aside(db_path, 2) == [
        (2, "rejected", f"第2行：项目 {P1} 有 2 个满意度指标（序号 7、8），请用指标序号或三级指标列指明答卷对应的指标"),
        (4, "rejected", f"第4行：项目 {P2} 没有满意度指标，请用指标序号或三级指标列指明答卷对应的指标"),
        (5, "rejected", f"第5行：项目 {P1} 有 2 个满意度指标（序号 7、8），请用指标序号或三级指标列指明答卷对应的指标"),
    ]  # fmt: skip
    # an indicator named by 指标序号 must be a satisfaction indicator
    by_seq = write_csv(
        tmp_path / "by-seq.csv",
        [
            ["项目编码", "指标序号", "评价"],
            [P1, "8", "满意"],
            [P1, "4", "满意"],
        ],
    )
    code, _, err = tracker("load", "surveys", str(by_seq))
    assert code == 0, err
    assert responses(db_path, 3) == [(2, P1, 8, None, "满意", None, True, None)]
    assert set_aside(db_path, 3) == [
        (3, "rejected", "第3行：指标 4「团组织经费总额」不是满意度指标，问卷答案只能记入满意度指标"
         "（若「序号」列只是行号，请删去该列或用 --map 指定列）"),
    ]  # fmt: skip


def test_survey_xlsx_undo_and_id_respondents(tracker, targets, tmp_path, db_path):
    body = "130434" + "19800101" + "123"
    number = body + "10X98765432"[sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11]  # fmt: skip
    bad = number[:17] + ("1" if number[17] == "0" else "0")
    path = write_xlsx(
        tmp_path / "survey.xlsx",
        [
            ["满意度问卷汇总"],
            ["项目编码", "调查日期", "回答", "受访者"],
            [P2, dt.datetime(2025, 12, 20), "满意", number],
            [P2, dt.datetime(2025, 12, 21), "不满意", number],
            [P2, dt.datetime(2025, 12, 21), "满意", bad],
            [P2, dt.datetime(2025, 12, 22), 4, None],
        ],
    )
    before = snapshot(db_path)
    code, out, _ = tracker("load", "surveys", str(path), "--dry-run")
    assert code == 0 and "试运行（未写入）" in out
    assert snapshot(db_path) == before
    code, out, err = tracker("load", "surveys", str(path))
    assert code == 0, err
    key = load_key(db_path)
    hashed = "id:" + hmac.new(key, number.encode(), hashlib.sha256).hexdigest()
    assert responses(db_path, 2) == [
        (3, P2, 7, dt.date(2025, 12, 20), "满意", None, True, hashed),
        (6, P2, 7, dt.date(2025, 12, 22), "4", 4.0, True, None),
    ]
    masked = number[:6] + "**********" + number[-2:]
    masked_bad = bad[:6] + "**********" + bad[-2:]
    assert set_aside(db_path, 2)[1:] == [
        (4, "duplicate", f"第4行：问卷编号 {masked} 在项目 {P2} 指标 7 中已有答卷（本文件第3行），未重复存入"),
        (5, "rejected", f"第5行：问卷编号 {masked_bad} 像是身份证号但校验不通过；请勿用身份证号作问卷编号"),
    ]  # fmt: skip
    with duckdb.connect(str(db_path), read_only=True) as con:
        raws = [r[0] for r in con.execute("SELECT raw FROM rejected_rows").fetchall()]
    assert all(number[:17] not in r and bad[:17] not in r for r in raws)
    assert number not in out and bad not in out

    other = write_csv(tmp_path / "more.csv", [SURVEY_HEADER, [P1, "2025-12-01", "满意", "B1"]])
    assert tracker("load", "surveys", str(other))[0] == 0
    code, out, _ = tracker("undo", "2")
    assert code == 0 and "survey_responses 2 行" in out and "rejected_rows 3 行" in out
    assert table_rows(db_path, "SELECT load_id, respondent FROM survey_responses") == [(3, "B1")]
