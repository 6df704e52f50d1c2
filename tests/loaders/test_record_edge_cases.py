"""Files as they turn up in real life (found in review): each once lost, doubled or misread rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import snapshot, table_rows
from records_files import P1, P2, SPENDING_HEADER, spending_row, write_csv

HEADER = ",".join(SPENDING_HEADER)


def stored(db):
    return table_rows(db, "SELECT voucher_no, amount_yuan, row_no FROM spending ORDER BY row_no")


def counts(db):
    return table_rows(
        db,
        "SELECT rows_total, rows_loaded, rows_duplicate, rows_rejected, rows_skipped"
        " FROM imports WHERE kind <> 'targets' ORDER BY load_id DESC LIMIT 1",
    )[0]


def test_db_option_before_the_subcommand(tmp_path, sample_txt, capsys):
    from cli.main import main

    target = tmp_path / "before.duckdb"
    assert main(["--db", str(target), "load", "targets", str(sample_txt)]) == 0
    assert table_rows(target, "SELECT count(*) FROM projects") == [(2,)]


def test_title_cell_with_a_line_break(targets, tracker, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        '"魏县财政国库集中支付明细表\n（2025年1-9月）",,,,,,,\n单位：元\n'
        + HEADER
        + "\n"
        + ",".join(spending_row("2025-03-05", P1, "100", "V1"))
        + "\n"
        + ",".join(spending_row("2025-03-06", P1, "200", "V2"))
        + "\n",
        "utf-8",
    )
    assert tracker("load", "spending", str(path))[0] == 0
    assert stored(targets) == [("V1", Decimal("100.00"), 5), ("V2", Decimal("200.00"), 6)]


def test_re_export_with_stray_spaces_is_not_counted_twice(targets, tracker, tmp_path):
    first = write_csv(tmp_path / "a.csv", [spending_row("2025-03-05", P1, "100", "V1 ")])
    second = write_csv(
        tmp_path / "b.csv",
        [
            spending_row("2025-03-05", P1, "100", "V1"),
            spending_row("2025-03-06", P1, "5", "", payee="店 "),
        ],
    )
    third = write_csv(tmp_path / "c.csv", [spending_row("2025-03-06", P1, "5", "", payee="店")])
    for path in (first, second, third):
        assert tracker("load", "spending", str(path))[0] == 0
    assert table_rows(targets, "SELECT sum(amount_yuan) FROM spending") == [(Decimal("105.00"),)]


def test_adjustment_reductions_are_not_applied_twice(targets, tracker, tmp_path):
    rows = f"{P1},2025-06-01,5000,调减\n{P1},2025-07-01,3000,追加\n"
    first, second = tmp_path / "a1.csv", tmp_path / "a2.csv"
    first.write_text("项目编码,调整日期,调整金额,调整类型\n" + rows, "utf-8")
    second.write_text(
        "项目编码,调整日期,调整金额,调整类型\n" + rows + f"{P1},2025-08-01,100,追加\n", "utf-8"
    )
    assert tracker("load", "adjustments", str(first))[0] == 0
    assert tracker("load", "adjustments", str(second))[0] == 0
    assert table_rows(targets, "SELECT sum(amount_yuan) FROM budget_adjustments") == [
        (Decimal("-1900.00"),)
    ]


def test_total_rows_with_a_date_and_project_option(targets, tracker, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "支付日期,支付金额,凭证号,摘要\n2025-03-10,100,X1,办公\n2025-03-20,200,X2,办公\n"
        "2025-03-31,300,,本月合计\n2025-03-31,300,,本年累计\n",
        "utf-8",
    )
    assert tracker("load", "spending", str(path), "--project", P1)[0] == 0
    assert table_rows(targets, "SELECT sum(amount_yuan) FROM spending") == [(Decimal("300.00"),)]
    assert counts(targets) == (4, 2, 0, 0, 2)


@pytest.mark.parametrize(
    "header", ["支付金额（单位：万元）", "支付金额（人民币万元）", "支付金额[万元]"]
)
def test_wan_written_other_ways(header, targets, tracker, tmp_path):
    columns = [*SPENDING_HEADER]
    columns[3] = header
    path = write_csv(
        tmp_path / "w.csv", [spending_row("2025-03-05", P1, "1.5", "W1")], header=columns
    )
    assert tracker("load", "spending", str(path))[0] == 0
    assert stored(targets)[0][1] == Decimal("15000.00")


def test_one_voucher_with_several_lines(targets, tracker, tmp_path):
    rows = [
        spending_row("2025-03-05", P1, "100", "记-0012"),
        spending_row("2025-03-05", P2, "250", "记-0012"),
        spending_row("2025-03-05", P1, "30", "记-0012"),
        spending_row("2025-04-02", P1, "70", "记-0001"),
        spending_row("2025-05-02", P1, "70", "记-0001"),
    ]  # numbered again in May
    assert tracker("load", "spending", str(write_csv(tmp_path / "v.csv", rows)))[0] == 0
    assert table_rows(targets, "SELECT count(*), sum(amount_yuan) FROM spending") == [
        (5, Decimal("520.00"))
    ]


def test_row_numbers_after_many_blank_lines(targets, tracker, tmp_path):
    lines = ["单位：元", HEADER]
    expected = {}
    for i in range(120):
        lines.append(",".join(spending_row("2025-06-01", P1, "1", f"B{i:03d}")))
        expected[f"B{i:03d}"] = len(lines)
        if i % 2 == 0:
            lines.append("")
    path = tmp_path / "b.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert tracker("load", "spending", str(path))[0] == 0
    assert dict(table_rows(targets, "SELECT voucher_no, row_no FROM spending")) == expected


def test_decimal_commas_are_rejected_not_misread(targets, tracker, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text(
        "支付日期;项目编码;支付金额;凭证号\n2025-03-05;"
        + P1
        + ";1.234,56;D1\n2025-03-06;"
        + P1
        + ";200,00;D2\n2025-03-07;"
        + P1
        + ";1,234.50;D3\n",
        "utf-8",
    )
    assert tracker("load", "spending", str(path))[0] == 0
    assert stored(targets) == [("D3", Decimal("1234.50"), 4)]
    reasons = table_rows(targets, "SELECT reason FROM rejected_rows ORDER BY row_no")
    assert reasons == [
        (
            "第2行：金额「1.234,56」无法识别（应写成 1234.56 或 1,234.56；不接受科学计数法、下划线、小数逗号）",
        ),
        (
            "第3行：金额「200,00」无法识别（应写成 1234.56 或 1,234.56；不接受科学计数法、下划线、小数逗号）",
        ),
    ]


def test_quoted_line_break_inside_a_field(targets, tracker, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        HEADER
        + "\n"
        + ",".join(spending_row("2025-03-05", P1, "1", "Q1"))
        + "\n"
        + f'2025-03-06,{P1},经费,2,Q2,某单位,"两行\n摘要",财政\n'
        + ",".join(spending_row("2025-03-07", P1, "3", "Q3"))
        + "\n",
        "utf-8",
    )
    assert tracker("load", "spending", str(path))[0] == 0
    assert [r[0] for r in stored(targets)] == ["Q1", "Q2", "Q3"]


def test_a_row_with_an_extra_field_is_rejected_alone(targets, tracker, tmp_path):
    rows = [",".join(spending_row(f"2025-03-{d:02d}", P1, "1", f"E{d}")) for d in range(1, 6)]
    rows[2] = rows[2].replace("印发资料", "印发资料,多余")
    path = tmp_path / "e.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", "utf-8")
    code, _, err = tracker("load", "spending", str(path))
    assert code == 0, err
    assert [r[0] for r in stored(targets)] == ["E1", "E2", "E4", "E5"]
    assert [r[2] for r in stored(targets)] == [2, 3, 5, 6]
    reason = table_rows(targets, "SELECT reason FROM rejected_rows")[0][0]
    assert reason.startswith("第4行：列数")


def test_an_oversized_amount_is_one_rejected_row(targets, tracker, tmp_path):
    rows = [
        spending_row("2025-03-05", P1, "99999999999999999", "O1"),
        spending_row("2025-03-06", P1, "10", "O2"),
    ]
    assert tracker("load", "spending", str(write_csv(tmp_path / "o.csv", rows)))[0] == 0
    assert [r[0] for r in stored(targets)] == ["O2"]
    assert counts(targets) == (4, 1, 0, 1, 2)  # with the two title rows


def test_map_also_finds_the_header(targets, tracker, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(f"单据日期,预算项目,本期发生额\n2025-03-05,{P1},12\n", "utf-8")
    code, _, err = tracker(
        "load",
        "spending",
        str(path),
        "--map",
        "pay_date=单据日期",
        "--map",
        "project_code=预算项目",
        "--map",
        "amount=本期发生额",
    )
    assert code == 0, err
    assert table_rows(targets, "SELECT amount_yuan FROM spending") == [(Decimal("12.00"),)]


def test_targets_after_undo_and_reverting_to_an_earlier_document(
    tracker, sample_txt, db_path, tmp_path
):
    from builders import build_txt, sample_document

    assert tracker("load", "targets", str(sample_txt))[0] == 0
    document = sample_document()
    document["projects"][0]["budget"] = document["projects"][0]["fiscal"] = "6.00"
    newer = build_txt(tmp_path / "v2.txt", document)
    assert tracker("load", "targets", str(newer))[0] == 0
    code, out, _ = tracker("load", "targets", str(sample_txt))  # back to the published version
    assert code == 0 and "已加载" in out
    assert table_rows(db_path, "SELECT DISTINCT budget_yuan FROM projects") == [
        (Decimal("50000.00"),)
    ]
    assert tracker("undo", "3")[0] == 0  # the version load 3 replaced (v2) comes back
    assert sorted(table_rows(db_path, "SELECT DISTINCT budget_yuan FROM projects")) == [
        (Decimal("50000.00"),),
        (Decimal("60000.00"),),
    ]
    assert tracker("load", "targets", str(sample_txt))[0] == 0  # an undone file loads again
    assert table_rows(db_path, "SELECT count(*) FROM projects") == [(2,)]


def test_undoing_one_project_keeps_the_unit(tracker, sample_txt, db_path, tmp_path):
    from builders import build_txt, sample_document

    assert tracker("load", "targets", str(sample_txt))[0] == 0
    document = sample_document()
    document["projects"] = document["projects"][:1]
    assert tracker("load", "targets", str(build_txt(tmp_path / "one.txt", document)))[0] == 0
    assert tracker("undo", "2")[0] == 0
    assert table_rows(db_path, "SELECT count(*) FROM units") == [(1,)]
    # the project load 2 replaced is back from load 1, with the other one
    assert table_rows(db_path, "SELECT DISTINCT load_id FROM projects") == [(1,)]
    assert table_rows(db_path, "SELECT count(*) FROM projects") == [(2,)]


def test_rates_where_lower_is_better_are_not_flagged(tmp_path):
    from loaders.findings import indicator_findings
    from loaders.target_records import Indicator
    from loaders.target_values import parse_target_value

    def rules_for(level2, name, raw):
        ind = Indicator(
            1, "产出指标", level2, name, None, raw, None, parse_target_value(raw, level2)
        )
        return [f.rule for f in indicator_findings(ind, 50000)]

    assert rules_for("质量指标", "返工率", "≤5%") == []
    assert rules_for("质量指标", "差错率", "≤1%") == []
    assert rules_for("服务对象满意度指标", "投诉率", "≤5%") == []
    assert rules_for("成本指标", "人均补助标准", "≥600元") == []
    assert rules_for("服务对象满意度指标", "群众满意度", "≤100%") == ["direction_wrong"]
    assert rules_for("成本指标", "项目总成本", "≥5万元") == ["direction_wrong"]


def test_nothing_changes_when_a_file_is_refused(targets, tracker, tmp_path):
    before = snapshot(targets)
    path = tmp_path / "notes.csv"
    path.write_text("一段文字\n没有表头\n", "utf-8")
    assert tracker("load", "spending", str(path))[0] == 2
    assert snapshot(targets) == before
