"""Spending records: files as they really are, every row accounted for, never a yuan twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from processes import wait_until_read

from conftest import ROOT, set_aside, snapshot, table_rows
from records_files import (
    P1,
    P2,
    SPENDING_HEADER,
    spending_row,
    write_csv,
    write_xls,
    write_xlsx,
)

D = dt.date


def stored(db: Path, load_id: int | None = None) -> list[tuple]:
    sql = (
        "SELECT project_code, pay_date, amount_yuan, voucher_no, row_no FROM spending"
        + (" WHERE load_id = ?" if load_id else "")
        + " ORDER BY load_id, row_no"
    )
    return table_rows(db, sql, [load_id] if load_id else [])


def last_load(db: Path) -> int:
    return table_rows(db, "SELECT max(load_id) FROM imports")[0][0]


BASIC = [
    spending_row("2025-03-05", P1, "12,000.00", "V001"),
    spending_row("2025-03-18", P1, "3000", "V002"),
    spending_row("2025-04-02", P2, "15000", "V003"),
    spending_row("2025-04-10", P2, "-500", "V004", summary="冲销"),
]
BASIC_STORED = [
    (P1, D(2025, 3, 5), Decimal("12000.00"), "V001", 4),
    (P1, D(2025, 3, 18), Decimal("3000.00"), "V002", 5),
    (P2, D(2025, 4, 2), Decimal("15000.00"), "V003", 6),
    (P2, D(2025, 4, 10), Decimal("-500.00"), "V004", 7),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_and_title_rows(encoding, targets, tracker, tmp_path):
    rows = [*BASIC]
    if encoding == "gb18030":  # a character GBK does not have
        rows[0] = spending_row("2025-03-05", P1, "12,000.00", "V001", payee="䶮记文具店")
    path = write_csv(tmp_path / "pay.csv", rows, encoding=encoding, total=True)
    code, out, err = tracker("load", "spending", str(path))
    assert code == 0, err
    assert "共 7 行，存入 4，重复 0，拒收 0，跳过 3" in out  # two title rows, one total row
    assert "冲销（负数）1 笔，合计 -500.00 元" in out
    assert stored(targets) == BASIC_STORED
    payee = table_rows(targets, "SELECT payee FROM spending WHERE voucher_no = 'V001'")[0][0]
    assert payee == ("䶮记文具店" if encoding == "gb18030" else "魏县印刷厂")
    assert set_aside(targets, last_load(targets)) == [
        (1, "skipped", "第1行：表头上方的标题或说明，不计入"),
        (2, "skipped", "第2行：表头上方的标题或说明，不计入"),
        (8, "skipped", "第8行：合计行，不计入"),
    ]


def test_every_date_form_and_wan_header(targets, tracker, tmp_path):
    header = [*SPENDING_HEADER]
    header[3] = "支付金额（万元）"
    rows = [
        spending_row("2025-03-05", P1, "1.2", "D1"),
        spending_row("2025/3/6", P1, "0.3", "D2"),
        spending_row("2025年3月7日", P1, "0.05", "D3"),
        spending_row("20250308", P1, "1,000", "D4"),
        spending_row("45725", P1, "0.0001", "D5"),  # an Excel serial number: 2025-03-09
        spending_row("2025.3.10", P1, "0.01", "D6"),
    ]
    path = write_csv(tmp_path / "wan.csv", rows, header=header)
    code, _, err = tracker("load", "spending", str(path))
    assert code == 0, err
    assert stored(targets) == [
        (P1, D(2025, 3, 5), Decimal("12000.00"), "D1", 4),
        (P1, D(2025, 3, 6), Decimal("3000.00"), "D2", 5),
        (P1, D(2025, 3, 7), Decimal("500.00"), "D3", 6),
        (P1, D(2025, 3, 8), Decimal("10000000.00"), "D4", 7),
        (P1, D(2025, 3, 9), Decimal("1.00"), "D5", 8),
        (P1, D(2025, 3, 10), Decimal("100.00"), "D6", 9),
    ]


def test_unit_line_above_header_means_wan(targets, tracker, tmp_path):
    path = write_csv(
        tmp_path / "w.csv", [spending_row("2025-03-05", P1, "1.5", "W1")], title=["单位：万元"]
    )
    assert tracker("load", "spending", str(path))[0] == 0
    assert stored(targets)[0][2] == Decimal("15000.00")


def test_columns_by_alias_in_any_order_extra_ignored(targets, tracker, tmp_path):
    header = ["序号", "收款人", "借方金额", "记账日期", "项目代码", "凭证号", "备注"]
    rows = [["1", "某公司", "100.00", "2025-05-01", P2, "X1", "无关"]]
    path = write_csv(tmp_path / "alias.csv", rows, header=header, title=None)
    assert tracker("load", "spending", str(path))[0] == 0
    assert stored(targets) == [(P2, D(2025, 5, 1), Decimal("100.00"), "X1", 2)]


def test_map_option_for_unusual_headers(targets, tracker, tmp_path):
    header = ["日期", "项目编码", "本期发生额", "单据编号"]
    rows = [["2025-05-01", P2, "88.00", "M1"]]
    path = write_csv(tmp_path / "map.csv", rows, header=header, title=None)
    code, _, err = tracker("load", "spending", str(path))
    assert code == 2 and "找不到必需的列：金额" in err and "--map" in err
    assert snapshot(targets)["spending"] == []
    code, _, err = tracker(
        "load", "spending", str(path), "--map", "amount=本期发生额", "--map", "voucher_no=单据编号"
    )
    assert code == 0, err
    assert stored(targets) == [(P2, D(2025, 5, 1), Decimal("88.00"), "M1", 2)]


def test_rejected_rows_with_reasons(targets, tracker, tmp_path):
    rows = [
        *BASIC,
        spending_row("2025-04-11", "13043425P99999999999X", "100", "V005"),
        spending_row("2024-12-30", P2, "100", "V006"),
        spending_row("2025-04-12", P2, "abc", "V007"),
        spending_row("明天", P2, "1", "V008"),
        spending_row("2025-04-13", "", "1", "V009"),
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    code, out, _ = tracker("load", "spending", str(path))
    assert code == 0 and "存入 4，重复 0，拒收 5，跳过 2" in out
    assert set_aside(targets, last_load(targets)) == [
        (1, "skipped", "第1行：表头上方的标题或说明，不计入"),
        (2, "skipped", "第2行：表头上方的标题或说明，不计入"),
        (8, "rejected", "第8行：项目编码 13043425P99999999999X 未在绩效目标中登记"),
        (9, "rejected", f"第9行：支付日期 2024-12-30 不在项目 {P2} 的预算年度 2025 内"),
        (
            10,
            "rejected",
            "第10行：金额「abc」无法识别（应写成 1234.56 或 1,234.56；不接受科学计数法、下划线、小数逗号）",
        ),
        (
            11,
            "rejected",
            "第11行：支付日期「明天」无法识别（可用 2025-03-05、2025/3/5、2025年3月5日、20250305）",
        ),
        (12, "rejected", "第12行：缺少项目编码"),
    ]
    raw = json.loads(table_rows(targets, "SELECT raw FROM rejected_rows WHERE row_no = 10")[0][0])
    assert raw["支付金额"] == "abc" and raw["支付凭证号"] == "V007"
    code, out, _ = tracker("rejected", str(last_load(targets)))
    assert code == 0 and "未在绩效目标中登记" in out and "共 7 行" in out


def test_duplicates_in_file_and_across_loads(targets, tracker, tmp_path):
    first = write_csv(tmp_path / "jan.csv", BASIC)
    assert tracker("load", "spending", str(first))[0] == 0
    corrected = [
        *BASIC,  # repeated vouchers from the earlier load
        spending_row("2025-05-01", P1, "700", "V010"),
        spending_row("2025-05-01", P1, "700", "V010"),  # twice in this file
        spending_row("2025-05-02", P1, "50", ""),  # no voucher: keyed by its fields
        spending_row("2025-05-02", P1, "50", ""),
    ]
    second = write_csv(tmp_path / "jan-corrected.csv", corrected)
    code, out, _ = tracker("load", "spending", str(second))
    assert code == 0 and "共 10 行，存入 2，重复 6，拒收 0，跳过 2" in out
    load = last_load(targets)
    assert [r[:3] for r in stored(targets, load)] == [
        (P1, D(2025, 5, 1), Decimal("700.00")),
        (P1, D(2025, 5, 2), Decimal("50.00")),
    ]
    reasons = [r[2] for r in set_aside(targets, load) if r[1] == "duplicate"]
    assert reasons[0] == "第4行：凭证号 V001 与导入批次 2 中的记录重复，未重复存入"
    assert "第9行：凭证号 V010 与本文件第 8 行重复，未重复存入" in reasons
    assert "第11行：与本文件第 10 行重复，未重复存入" in reasons
    total = table_rows(targets, "SELECT sum(amount_yuan) FROM spending")[0][0]
    assert total == Decimal("30250.00")  # 29,500 + 700 + 50: nothing counted twice


def test_same_file_again_changes_nothing(targets, tracker, tmp_path):
    path = write_csv(tmp_path / "pay.csv", BASIC)
    assert tracker("load", "spending", str(path))[0] == 0
    before = snapshot(targets)
    code, out, _ = tracker("load", "spending", str(path))
    assert code == 0 and "已于导入批次 2 加载过，未做任何修改" in out
    assert snapshot(targets) == before


def test_dry_run_writes_nothing(targets, tracker, tmp_path):
    rows = [*BASIC, spending_row("2025-04-11", "13043425P99999999999X", "100", "V005")]
    path = write_csv(tmp_path / "pay.csv", rows)
    before = snapshot(targets)
    code, out, _ = tracker("load", "spending", str(path), "--dry-run")
    assert code == 0
    assert "试运行（未写入）" in out and "将存入 4 行" in out
    assert "[拒收] 第8行：项目编码 13043425P99999999999X 未在绩效目标中登记" in out
    assert snapshot(targets) == before
    assert tracker("load", "spending", str(path))[0] == 0  # the real load still happens after
    assert len(stored(targets)) == 4


def test_undo_removes_exactly_one_load(targets, tracker, tmp_path):
    first = write_csv(tmp_path / "a.csv", BASIC[:2])
    second = write_csv(tmp_path / "b.csv", [*BASIC[2:], spending_row("2024-01-01", P1, "1", "Z")])
    assert tracker("load", "spending", str(first))[0] == 0
    after_first = snapshot(targets)
    assert tracker("load", "spending", str(second))[0] == 0
    load = last_load(targets)
    code, out, _ = tracker("undo", str(load))
    assert code == 0 and "spending 2 行" in out and "rejected_rows 3 行" in out
    now = snapshot(targets)
    assert now["spending"] == after_first["spending"]
    assert now["rejected_rows"] == after_first["rejected_rows"]
    status = table_rows(targets, "SELECT status FROM imports WHERE load_id = ?", [load])
    assert status == [("undone",)]
    code, _, err = tracker("undo", str(load))
    assert code == 2 and "已经撤销过" in err
    assert tracker("load", "spending", str(second))[0] == 0  # an undone file can be loaded again
    assert len(stored(targets)) == 4


def test_project_option_when_file_has_no_project_column(targets, tracker, tmp_path):
    header = ["支付日期", "支付金额", "支付凭证号"]
    path = write_csv(tmp_path / "p.csv", [["2025-06-01", "10", "P9"]], header=header, title=None)
    code, _, err = tracker("load", "spending", str(path))
    assert code == 2 and "项目编码" in err
    assert tracker("load", "spending", str(path), "--project", P2)[0] == 0
    assert stored(targets) == [(P2, D(2025, 6, 1), Decimal("10.00"), "P9", 2)]


@pytest.mark.parametrize("kind", ["xlsx", "xlsx-second-sheet", "xls"])
def test_excel_files(kind, targets, tracker, tmp_path):
    rows = [
        spending_row(dt.date(2025, 3, 5), P1, 12000.0, "V001"),
        spending_row("2025/3/18", P1, "3,000.00", "V002"),
        spending_row(dt.date(2025, 4, 2), P2, 15000, "V003"),
        spending_row(dt.date(2025, 4, 10), P2, -500, "V004"),
        ["合计", "", "", 29500, "", "", "", ""],
    ]
    args = []
    if kind == "xls":
        path = write_xls(tmp_path / "pay.xls", rows)
        offset = 1  # one title row in the .xls, two in the CSV
    else:
        path = write_xlsx(tmp_path / "pay.xlsx", rows, extra_sheet_first=kind != "xlsx")
        offset = 0
        if kind != "xlsx":
            args = ["--sheet", "支付明细"]
    code, out, err = tracker("load", "spending", str(path), *args)
    assert code == 0, err
    titles = 2 - offset  # title rows above the header: skipped
    assert f"共 {5 + titles} 行，存入 4，重复 0，拒收 0，跳过 {1 + titles}" in out
    assert stored(targets) == [(*r[:4], r[4] - offset) for r in BASIC_STORED]


def test_missing_sheet_is_a_clear_error(targets, tracker, tmp_path):
    path = write_xlsx(tmp_path / "pay.xlsx", BASIC)
    code, _, err = tracker("load", "spending", str(path), "--sheet", "不存在")
    assert code == 2 and "没有名为「不存在」的工作表" in err and "支付明细" in err


def test_fast_and_lenient_paths_agree(targets, tracker, tmp_path, db_path):
    """A CSV with one date form (typed fast path) and odd lines later, against the same rows
    from Excel (lenient path): identical stored rows and identical set-aside rows."""
    rows = [
        spending_row(f"2025-06-{i % 28 + 1:02d}", P1, f"{i}.25", f"F{i:04d}") for i in range(250)
    ]
    rows += [
        spending_row("2025/7/1", P1, "¥1,000.00", "F9001"),  # other date form, ¥: re-read
        spending_row("2025-07-02", P1, "(200.00)", "F9002"),  # accounting negative
        spending_row("2025-07-03", P1, "x", "F9003"),
        spending_row("2025-07-04", "13043425P99999999999X", "1", "F9004"),
        spending_row("2025-06-01", P1, "0.25", "F0000"),  # duplicate of the first row
        ["", "", "", "", "", "", "", ""],
    ]
    csv_path = write_csv(tmp_path / "fast.csv", rows, total=True)
    assert tracker("load", "spending", str(csv_path))[0] == 0
    fast = stored(db_path)
    fast_aside = set_aside(db_path, last_load(db_path))
    assert tracker("undo", str(last_load(db_path)))[0] == 0
    xlsx_path = write_xlsx(tmp_path / "lenient.xlsx", [*rows, ["合计"] + [""] * 7])
    assert tracker("load", "spending", str(xlsx_path))[0] == 0
    lenient = stored(db_path)
    lenient_aside = set_aside(db_path, last_load(db_path))
    assert len(fast) == 252
    assert [r[:4] for r in fast] == [r[:4] for r in lenient]
    assert [r[4] for r in fast] == [r[4] for r in lenient]  # same title rows: same row numbers
    assert fast[-2:] == [
        (P1, D(2025, 7, 1), Decimal("1000.00"), "F9001", 254),
        (P1, D(2025, 7, 2), Decimal("-200.00"), "F9002", 255),
    ]
    assert [(r[0], r[1]) for r in fast_aside] == [(r[0], r[1]) for r in lenient_aside]
    assert [r[1] for r in fast_aside] == [
        *("skipped", "skipped"),  # the title rows
        *("rejected", "rejected", "duplicate", "skipped", "skipped"),
    ]


def test_row_numbers_survive_blank_lines(targets, tracker, tmp_path):
    rows = [spending_row(f"2025-06-{i % 28 + 1:02d}", P1, "1", f"B{i:03d}") for i in range(210)]
    path = write_csv(tmp_path / "blank.csv", rows)
    lines = path.read_text("utf-8").splitlines()
    lines.insert(100, "")  # a blank line after data row 97 (line 101 in the file)
    lines.insert(150, "")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert tracker("load", "spending", str(path))[0] == 0
    numbers = dict(table_rows(targets, "SELECT voucher_no, row_no FROM spending"))
    assert numbers["B000"] == 4 and numbers["B096"] == 100 and numbers["B097"] == 102
    assert numbers["B209"] == 4 + 209 + 2


def test_bad_files_write_nothing(targets, tracker, tmp_path):
    before = snapshot(targets)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 20)
    notes = tmp_path / "notes.csv"
    notes.write_text("会议纪要\n今天讨论了预算\n", "utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    for path, expected in [
        (empty, "文件是空的"),
        (garbage, "不是文本文件"),
        (notes, "找不到表头"),
        (broken, "不是有效的 .xlsx 文件"),
    ]:
        code, out, err = tracker("load", "spending", str(path))
        assert code == 2 and path.name in err and expected in err, err
        assert "Traceback" not in out + err
    assert snapshot(targets) == before


KILL_SCRIPT = """
import sys
from store.db import open_db
from loaders.records import load_records
con = open_db(sys.argv[1])
load_records(con, "spending", sys.argv[2])
"""


def test_killed_load_leaves_exactly_the_earlier_loads(targets, tracker, tmp_path):
    """A load killed with SIGKILL inside its transaction: the store holds the earlier loads,
    exactly, and opens and works."""
    first = write_csv(tmp_path / "first.csv", BASIC)
    assert tracker("load", "spending", str(first))[0] == 0
    before = snapshot(targets)
    big = tmp_path / "big.csv"
    import duckdb

    with duckdb.connect() as con:  # 3 million rows, about 200 MB
        con.execute(
            f"""COPY (SELECT '2025-' || lpad(CAST(1 + i % 12 AS VARCHAR), 2, '0') || '-15' AS 支付日期,
                      '{P1}' AS 项目编码, '经费' AS 项目名称, '1.00' AS 支付金额,
                      'K' || i AS 支付凭证号, '某单位' AS 收款单位, '摘要' AS 摘要, '财政' AS 资金来源
                      FROM range(3000000) t(i)) TO '{big}' (HEADER)"""
        )
    process = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(targets), str(big)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    # the event: the process has opened the database, then read the file once and a half. Before
    # its transaction it reads only the file's first 256 KB (encoding, header) and the hash thread
    # beside it reads the file once; the half beyond that is DuckDB reading the rows inside the
    # transaction, with the other half, the checks, the sums and the commit still to come
    size = big.stat().st_size
    reached = wait_until_read(process, targets, size + size // 2)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the load finished before it could be killed"
    assert reached, "the load ended before it had read the file: use a bigger one"
    assert snapshot(targets) == before
    code, out, _ = tracker("load", "spending", str(first))
    assert code == 0 and "未做任何修改" in out  # the database opens and works
