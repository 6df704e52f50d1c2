"""Beneficiary rosters (受助名单): ID checks, masking, keyed hashes, de-duplication and privacy."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import json
import os
import stat
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from conftest import set_aside, snapshot, table_rows
from loaders.id_numbers import (
    birth_year,
    gender,
    id_check_char,
    id_problem,
    mask_id,
    mask_name,
    normalise_id,
)
from loaders.personal import database_path, load_key, person_key

P1 = "13043425P00450110058B"  # 2025年基层团组织经费
P2 = "13043425P00437410002E"  # 2025年特困生救助金
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
HEADER = ["序号", "项目编码", "姓名", "身份证号", "学校", "发放日期", "金额"]


def check_char(body: str) -> str:
    """GB 11643 check character, written out independently of the code under test."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def make_id(birth: str, seq: int, region: str = "130434") -> str:
    body = f"{region}{birth}{seq:03d}"
    return body + check_char(body)


def id_ending_in_x(birth: str) -> str:
    return next(make_id(birth, s) for s in range(1000) if make_id(birth, s).endswith("X"))


def wrong_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


ID_A = make_id("20100315", 12)  # 女 (17th digit 2)
ID_B = make_id("20090720", 21)  # 男
ID_C = make_id("20111201", 33)
ID_D = make_id("20080808", 45)
ID_E = make_id("20120101", 57)
ID_F = make_id("20070606", 69)
ID_X = id_ending_in_x("20100101")


@pytest.fixture(autouse=True)
def no_key_from_environment(monkeypatch):
    monkeypatch.delenv("TRACKER_KEY", raising=False)
    monkeypatch.delenv("TRACKER_KEY_FILE", raising=False)


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def stored(db: Path, load_id: int) -> list[tuple]:
    return table_rows(
        db,
        "SELECT row_no, project_code, name_masked, id_masked, birth_year, gender, place, aid_date,"
        " amount_yuan, items FROM beneficiaries WHERE load_id = ? ORDER BY row_no",
        [load_id],
    )


def import_counts(db: Path, load_id: int) -> tuple:
    (row,) = table_rows(
        db,
        "SELECT rows_total, rows_loaded, rows_duplicate, rows_rejected, rows_skipped, message"
        " FROM imports WHERE load_id = ?",
        [load_id],
    )
    total, loaded, duplicates, rejected, skipped, _ = row
    assert loaded + duplicates + rejected + skipped == total
    return row


# --------------------------------------------------------------------------- personal.py


def test_id_validation_follows_gb11643():
    assert id_problem("11010519491231002X") is None  # the standard's own example
    assert id_check_char("11010519491231002") == "X"
    assert id_problem(ID_A) is None and id_check_char(ID_A[:17]) == check_char(ID_A[:17])
    assert id_problem(wrong_check(ID_A)) == "校验位不正确"
    assert id_problem(ID_A[:17]) == "应为 18 位（现为 17 位）"
    assert id_problem("13043420100315A12" + ID_A[17]) == (
        "含有非法字符（前 17 位应为数字，末位为数字或 X）"
    )
    bad_date = "130434" + "20250230" + "123"
    assert id_problem(bad_date + check_char(bad_date)) == "中的出生日期无效"
    future = "130434" + "20990101" + "123"
    assert id_problem(future + check_char(future)) == "中的出生日期在未来"
    assert id_problem(ID_A, today=dt.date(2010, 3, 14)) == "中的出生日期在未来"
    assert id_problem("1.30434E+17") == "被存成了数字（科学计数法），请把该列设为文本后重新导出"


def test_id_normalisation_masks_and_derived_fields():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in ID_X[:17]) + "ｘ"
    assert normalise_id(f" '{full_width} ") == ID_X
    assert normalise_id(ID_X.lower()) == ID_X
    assert mask_id("13043420100315123X") == "130434**********3X"
    assert mask_id("123456789012345") == "123456*******45"
    assert mask_id("12345") == "*****"
    assert mask_name("王小涵") == "王*涵"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧**明"
    assert mask_name("王") == "*"
    assert birth_year(ID_A) == 2010 and gender(ID_A) == "女"
    assert gender(ID_B) == "男"


def test_person_key_is_a_keyed_hmac():
    key = b"k" * 32
    expected = hmac.new(key, ID_X.encode(), hashlib.sha256).hexdigest()
    assert person_key(ID_X, key) == expected
    assert person_key(ID_X.lower(), key) == expected
    assert person_key(ID_X, b"other key") != expected
    assert hashlib.sha256(ID_X.encode()).hexdigest() != expected


def test_key_from_environment_then_file_then_the_configuration_folder(tmp_path, monkeypatch):
    config = tmp_path / "home" / "config"
    monkeypatch.setenv("TRACKER_CONFIG_DIR", str(config))
    db = tmp_path / "store" / "tracker.duckdb"
    key = load_key(db)
    key_file = config / "tracker.key"
    text = key_file.read_text().strip()
    assert len(text) == 64 and bytes.fromhex(text) == key
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o700
    assert not (db.parent / "tracker.key").exists()  # never beside the data
    assert load_key(db) == key  # stable: read back, not regenerated

    other = tmp_path / "secrets" / "custom.key"
    monkeypatch.setenv("TRACKER_KEY_FILE", str(other))
    custom = load_key(db)
    assert other.exists() and custom != key
    assert stat.S_IMODE(os.stat(other).st_mode) == 0o600

    monkeypatch.setenv("TRACKER_KEY", "any passphrase 口令")
    assert load_key(db) == "any passphrase 口令".encode()


def test_a_key_kept_beside_the_database_moves_to_the_configuration_folder(tmp_path, monkeypatch):
    config = tmp_path / "config"
    monkeypatch.setenv("TRACKER_CONFIG_DIR", str(config))
    legacy = tmp_path / "data" / "tracker.key"
    legacy.parent.mkdir()
    legacy.write_text("ab" * 32 + "\n")
    assert load_key(legacy.parent / "tracker.duckdb") == bytes.fromhex("ab" * 32)
    assert not legacy.exists()
    assert (config / "tracker.key").read_text().strip() == "ab" * 32
    assert stat.S_IMODE(os.stat(config / "tracker.key").st_mode) == 0o600


def test_empty_key_file_is_an_error(tmp_path, monkeypatch):
    from loaders.errors import LoadError

    empty = tmp_path / "empty.key"
    empty.write_text("")
    monkeypatch.setenv("TRACKER_KEY_FILE", str(empty))
    monkeypatch.setattr("loaders.personal.time.sleep", lambda _: None)
    with pytest.raises(LoadError, match="是空的"):
        load_key(tmp_path / "tracker.duckdb")


def test_database_path_of_a_connection(tmp_path):
    db = tmp_path / "x.duckdb"
    with duckdb.connect(str(db)) as con:
        assert database_path(con) == db
    with duckdb.connect() as con:  # in memory: falls back to the default database path
        assert database_path(con) == Path("data") / "tracker.duckdb"


# --------------------------------------------------------------------------- loading rosters


def roster_rows() -> list[list[str]]:
    bad_birth = "130434" + "20250230" + "555"
    return [
        ["魏县2025年特困生救助金发放名单"],
        ["单位：元"],
        HEADER,
        ["1", P2, "宋雨桐", ID_A, "魏县第一中学", "2025-03-05", "500"],  # 4 stored
        ["2", P2, "闫思淼", wrong_check(ID_B), "魏县第二中学", "2025-03-05", "500"],  # 5
        ["3", P2, "尉迟明轩", ID_C, "魏县第二中学", "2025/3/5", "1,200.00"],  # 6 stored
        ["4", P2, "宋 雨桐", ID_A.lower(), "魏县第一中学", "2025年3月5日", "500"],  # 7 duplicate
        ["5", P2, "戚蔚", ID_D[:17], "东代固乡", "2025-03-05", "500"],  # 8 length
        ["6", P2, "柏嘉", bad_birth + check_char(bad_birth), "东代固乡", "2025-03-05", "500"],
        ["7", P1, "宋雨桐", ID_A, "魏县第一中学", "20250401", "300"],  # 10 stored, 2nd project
        ["8", "13043425P99999999999X", "郜晨", ID_E, "院堡镇", "2025-03-05", "500"],  # 11
        ["9", P2, "郜晨", ID_E, "院堡镇", "2024-12-31", "500"],  # 12 outside fiscal year
        ["10", P2, "阚一诺", ID_F, "院堡镇", "下周", "500"],  # 13 unreadable date
        ["11", P2, "阚一诺", ID_F, "院堡镇", "2025-05-01", "五百"],  # 14 unreadable amount
        ["", "", "", "", "", "", ""],  # 15 empty
        ["合计", "", "", "", "", "", "3,000"],  # 16 total
    ]


def test_gbk_roster_with_title_rows(tracker, targets, tmp_path, db_path):
    path = write_csv(tmp_path / "roster.csv", roster_rows(), encoding="gbk")
    code, out, err = tracker("load", "beneficiaries", str(path))
    assert code == 0, err
    assert out.splitlines()[0] == (
        "roster.csv（受助名单，导入批次 2）：共 15 行，存入 3，重复 1，拒收 7，跳过 4；"
        "发放金额合计 2,000.00 元（3 人次）；同一人出现在 2 个项目中：1 人"
    )
    assert stored(db_path, 2) == [
        (4, P2, "宋*桐", mask_id(ID_A), 2010, "女", "魏县第一中学", dt.date(2025, 3, 5),
         Decimal("500.00"), None),
        (6, P2, "尉**轩", mask_id(ID_C), 2011, "男", "魏县第二中学", dt.date(2025, 3, 5),
         Decimal("1200.00"), None),
        (10, P1, "宋*桐", mask_id(ID_A), 2010, "女", "魏县第一中学", dt.date(2025, 4, 1),
         Decimal("300.00"), None),
    ]  # fmt: skip
    assert set_aside(db_path, 2) == [
        (1, "skipped", "第1行：表头上方的标题或说明，不计入"),
        (2, "skipped", "第2行：表头上方的标题或说明，不计入"),
        (5, "rejected", f"第5行：身份证号 {mask_id(wrong_check(ID_B))} 校验位不正确"),
        (7, "duplicate", f"第7行：宋*桐（{mask_id(ID_A)}）在本项目中已登记（本文件第4行），未重复存入"),
        (8, "rejected", f"第8行：身份证号 130434*********{ID_D[15:17]} 应为 18 位（现为 17 位）"),
        (9, "rejected", f"第9行：身份证号 130434**********5{check_char('13043420250230555')}"
         " 中的出生日期无效"),
        (11, "rejected", "第11行：项目编码 13043425P99999999999X 未在绩效目标中登记"),
        (12, "rejected", f"第12行：发放日期 2024-12-31 不在项目 {P2} 的预算年度 2025 内"),
        (13, "rejected", "第13行：发放日期「下周」无法识别（可用 2025-03-05、2025/3/5、2025年3月5日、20250305）"),
        (14, "rejected", "第14行：金额「五百」不是数字"),
        (15, "skipped", "第15行：空行"),
        (16, "skipped", "第16行：合计行，不计入"),
    ]  # fmt: skip
    assert import_counts(db_path, 2)[:5] == (15, 3, 1, 7, 4)
    # the stored key is the HMAC of the ID under the key in the configuration folder
    key = load_key(db_path)
    assert not (db_path.parent / "tracker.key").exists()
    keys = table_rows(db_path, "SELECT DISTINCT person_key FROM beneficiaries ORDER BY 1")
    assert keys == sorted(
        [(hmac.new(key, i.encode(), hashlib.sha256).hexdigest(),) for i in (ID_A, ID_C)]
    )
    raw = table_rows(db_path, "SELECT raw FROM rejected_rows WHERE load_id = 2 AND row_no = 7")
    assert json.loads(raw[0][0]) == {
        "项目编码": P2, "姓名": "宋*桐", "身份证号": mask_id(ID_A), "学校": "魏县第一中学",
        "发放日期": "2025年3月5日", "金额": "500",
    }  # fmt: skip


def test_same_person_across_loads(tracker, targets, tmp_path, db_path):
    first = write_csv(
        tmp_path / "march.csv",
        [HEADER, ["1", P2, "宋雨桐", ID_A, "魏县第一中学", "2025-03-05", "500"]],
    )
    second = write_csv(
        tmp_path / "june.csv",
        [
            HEADER,
            ["1", P2, "宋雨桐", ID_A, "魏县第一中学", "2025-06-05", "500"],
            ["2", P2, "宋雨彤", ID_A, "魏县第一中学", "2025-06-05", "500"],  # same ID, other name
            ["3", P1, "宋雨桐", ID_A, "魏县第一中学", "2025-06-05", "200"],
            ["4", P2, "尉迟明轩", ID_C, "魏县第二中学", "2025-06-05", "500"],
        ],
    )
    assert tracker("load", "beneficiaries", str(first))[0] == 0
    code, out, _ = tracker("load", "beneficiaries", str(second))
    assert code == 0
    assert "同一人出现在 2 个项目中：1 人" in out
    assert set_aside(db_path, 3) == [
        (2, "duplicate", f"第2行：宋*桐（{mask_id(ID_A)}）在本项目中已登记（导入批次 2 第2行），未重复存入"),
        (3, "duplicate", f"第3行：宋*彤（{mask_id(ID_A)}）在本项目中已登记（导入批次 2 第2行），"
         "未重复存入；注意：两处姓名不一致"),
    ]  # fmt: skip
    assert [(r[0], r[1]) for r in stored(db_path, 3)] == [(4, P1), (5, P2)]
    # the same file again: unchanged, nothing written
    before = snapshot(db_path)
    code, out, _ = tracker("load", "beneficiaries", str(second))
    assert code == 0 and "已于导入批次 3 加载过，未做任何修改" in out
    assert snapshot(db_path) == before
    # forced: every row is now somebody already registered
    code, out, _ = tracker("load", "beneficiaries", str(second), "--force")
    assert code == 0 and "共 4 行，存入 0，重复 4，拒收 0，跳过 0" in out


def test_xlsx_in_wan_with_project_option(tracker, targets, tmp_path, db_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["魏县特困生救助物资发放表（2025年）"])
    sheet.append([])
    sheet.append(["姓名", "身份证号码", "乡镇", "发放日期", "金额（万元）", "物品"])
    sheet.append(["宋雨桐", ID_A, "东代固乡", dt.datetime(2025, 3, 5), 0.05, "书包、文具"])
    sheet.append(["尉迟明轩", ID_X, "院堡镇", dt.datetime(2025, 9, 1), None, "冬衣一套"])
    sheet.append(["阚一诺", ID_F, "院堡镇", "2025-10-01", "0.12", None])
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    code, out, err = tracker("load", "beneficiaries", str(path), "--project", P2)
    assert code == 0, err
    assert "共 5 行，存入 3，重复 0，拒收 0，跳过 2" in out  # two title rows
    assert stored(db_path, 2) == [
        (4, P2, "宋*桐", mask_id(ID_A), 2010, "女", "东代固乡", dt.date(2025, 3, 5),
         Decimal("500.00"), "书包、文具"),
        (5, P2, "尉**轩", mask_id(ID_X), 2010, gender(ID_X), "院堡镇", dt.date(2025, 9, 1),
         None, "冬衣一套"),
        (6, P2, "阚*诺", mask_id(ID_F), 2007, gender(ID_F), "院堡镇", dt.date(2025, 10, 1),
         Decimal("1200.00"), None),
    ]  # fmt: skip


def test_id_saved_as_a_number_in_excel_names_the_cause(tracker, targets, tmp_path, db_path):
    """An ID column formatted as a number keeps only 15 digits: the row is rejected because the
    cell is a number, not for a wrong check digit."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号码", "发放日期", "金额"])
    sheet.append(["宋雨桐", int(ID_A), dt.datetime(2025, 3, 5), 500])  # a number cell
    sheet.append(["阚一诺", ID_F, dt.datetime(2025, 3, 5), 500])
    path = tmp_path / "numeric-id.xlsx"
    workbook.save(path)
    code, out, _ = tracker("load", "beneficiaries", str(path), "--project", P2)
    assert code == 0 and "共 2 行，存入 1，重复 0，拒收 1，跳过 0" in out
    (reason,) = [r[0] for r in table_rows(db_path, "SELECT reason FROM rejected_rows")]
    assert "科学计数法" in reason and "校验位" not in reason
    assert ID_A not in reason and ID_A[:15] not in reason


def test_roster_without_project_column_or_option_is_refused(tracker, targets, tmp_path, db_path):
    path = write_csv(
        tmp_path / "noproject.csv",
        [["姓名", "身份证号", "金额"], ["宋雨桐", ID_A, "500"]],
    )
    before = snapshot(db_path)
    code, _, err = tracker("load", "beneficiaries", str(path))
    assert code == 2
    assert "文件没有项目编码列" in err and "--project" in err
    assert snapshot(db_path) == before


def test_missing_id_column_names_it(tracker, targets, tmp_path):
    path = write_csv(tmp_path / "noid.csv", [["项目编码", "姓名", "金额"], [P2, "宋雨桐", "500"]])
    code, _, err = tracker("load", "beneficiaries", str(path))
    assert code == 2 and "找不到必需的列：身份证号" in err


def test_roster_before_targets_rejects_every_row(tracker, tmp_path, db_path):
    path = write_csv(tmp_path / "early.csv", [HEADER, ["1", P2, "宋雨桐", ID_A, "x", "", "500"]])
    code, out, _ = tracker("load", "beneficiaries", str(path))
    assert code == 0 and "存入 0" in out
    assert set_aside(db_path, 1) == [(2, "rejected", f"第2行：项目编码 {P2} 未在绩效目标中登记")]


def test_dry_run_writes_nothing_and_undo_removes_one_load(tracker, targets, tmp_path, db_path):
    path = write_csv(tmp_path / "roster.csv", roster_rows(), encoding="gbk")
    before = snapshot(db_path)
    code, out, _ = tracker("load", "beneficiaries", str(path), "--dry-run")
    assert code == 0
    assert "试运行（未写入）" in out and "[重复] 第7行：宋*桐" in out
    assert snapshot(db_path) == before

    other = write_csv(
        tmp_path / "second.csv", [HEADER, ["1", P1, "郜晨", ID_E, "院堡镇", "2025-05-01", "100"]]
    )
    assert tracker("load", "beneficiaries", str(path))[0] == 0  # load 2: the dry run used none
    assert tracker("load", "beneficiaries", str(other))[0] == 0  # load 3
    kept = stored(db_path, 2)
    kept_aside = set_aside(db_path, 2)
    assert len(kept) == 3 and len(kept_aside) == 12  # with the two title rows
    code, out, _ = tracker("undo", "3")
    assert code == 0 and out.strip() == "已撤销导入批次 3：删除 beneficiaries 1 行"
    assert table_rows(db_path, "SELECT DISTINCT load_id FROM beneficiaries") == [(2,)]
    assert stored(db_path, 2) == kept and set_aside(db_path, 2) == kept_aside
    assert table_rows(db_path, "SELECT status FROM imports WHERE load_id = 3") == [("undone",)]
    # an undone file may be loaded again
    code, out, _ = tracker("load", "beneficiaries", str(other))
    assert code == 0 and "存入 1" in out


# --------------------------------------------------------------------------- privacy


def test_no_name_or_id_number_is_stored_or_printed(tracker, targets, tmp_path, db_path):
    people = {
        "宋雨桐": ID_A,
        "闫思淼": wrong_check(ID_B),
        "尉迟明轩": ID_C,
        "戚蔚": ID_D[:17],
        "郜晨": ID_E,
        "阚一诺": ID_F,
        "柏嘉懿": ID_X,
    }
    rows = [
        ["魏县2025年特困生救助金发放名单"],
        ["项目编码", "姓名", "身份证号", "学校", "发放日期", "金额", "物品"],
        [P2, "宋雨桐", ID_A, "魏县第一中学", "2025-03-05", "500", "宋雨桐的书包"],
        [P2, "闫思淼", wrong_check(ID_B), "魏县第二中学", "2025-03-05", "500", ""],
        [P2, "尉迟明轩", ID_C, f"备注{ID_C}", "2025-03-05", "abc", ""],  # bad amount
        [P2, "宋雨桐", ID_A, "魏县第一中学", "2025-04-05", "500", ""],  # duplicate
        [P2, "戚蔚", ID_D[:17], "东代固乡", "2025-03-05", "500", ""],  # too short
        [P2, "郜晨", ID_E, "院堡镇", "2024-03-05", "500", ""],  # outside the year
        [P1, "郜晨", ID_E, "院堡镇", "2025-03-05", "500", "郜晨"],
        [P2, "阚一诺", ID_F, "院堡镇", "2025-03-05", "500", ""],
        [P2, "柏嘉懿", ID_X.lower(), "院堡镇", "2025-03-05", "500", ""],
        [P2, "柏嘉懿", "'" + ID_X, "院堡镇", "2025-03-06", "500", ""],  # duplicate
        ["13043425P99999999999X", "阚一诺", ID_F, "院堡镇", "2025-03-05", "500", ""],
    ]
    path = write_csv(tmp_path / "roster.csv", rows)
    outputs = [tracker("load", "beneficiaries", str(path), "--dry-run")]
    outputs.append(tracker("load", "beneficiaries", str(path)))
    assert "存入 4，重复 2，拒收 5" in outputs[-1][1]
    load_id = table_rows(db_path, "SELECT max(load_id) FROM imports")[0][0]
    for fmt in ("table", "json", "csv"):
        outputs.append(tracker("rejected", str(load_id), "--format", fmt))
    outputs.append(tracker("imports"))
    outputs.append(tracker("load", "beneficiaries", str(path), "--force", "--dry-run"))
    printed = "\n".join(out + err for _, out, err in outputs)
    assert "宋*桐" in printed  # the masked forms do show

    forbidden = set(people)
    for number in people.values():
        forbidden |= {number, number.lower(), number[:17]}  # the digits without the check char
    values = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE data_type = 'VARCHAR'"
        ).fetchall()
        assert ("rejected_rows", "raw") in columns and ("imports", "message") in columns
        for table, column in columns:
            values += [v for (v,) in con.execute(f'SELECT "{column}" FROM "{table}"').fetchall()]
    values = [v for v in values if v]
    assert any("宋*桐" in v for v in values)
    for secret in forbidden:
        assert not [v for v in values if secret in v], secret
        assert secret not in printed, secret
    content = b"".join(p.read_bytes() for p in tmp_path.glob("tracker.duckdb*"))
    for secret in forbidden:
        assert secret.encode() not in content, secret


def test_unreadable_roster_error_quotes_no_cell(tracker, targets, tmp_path, db_path):
    rows = [["项目编码", "姓名", "身份证号", "金额"]]
    rows += [[P2, "某某", make_id("20100315", i % 1000), "500"] for i in range(3000)]
    path = write_csv(tmp_path / "broken.csv", rows)
    with path.open("a", encoding="utf-8") as handle:  # one line with a stray column and quote
        handle.write(f'{P2},宋雨桐,{ID_A},500,备注,"未闭合\n')
    before = snapshot(db_path)
    code, out, err = tracker("load", "beneficiaries", str(path))
    assert code == 2
    assert "第 3002 行引号没有配对" in err and "该文件未写入任何数据" in err
    for secret in ("宋雨桐", ID_A, ID_A[:17]):
        assert secret not in err + out
    assert snapshot(db_path) == before


def test_another_key_is_refused(tracker, sample_txt, db_path, tmp_path, monkeypatch):
    """A lost or changed key would silently break duplicate detection: the load is refused."""
    from conftest import snapshot

    assert tracker("load", "targets", str(sample_txt))[0] == 0
    monkeypatch.setenv("TRACKER_KEY", "first key")
    roster = tmp_path / "r.csv"
    roster.write_text("姓名,身份证号\n王小涵,11010519491231002X\n", "utf-8")
    assert (
        tracker("load", "beneficiaries", str(roster), "--project", "13043425P00437410002E")[0] == 0
    )
    before = snapshot(db_path)
    monkeypatch.setenv("TRACKER_KEY", "another key")
    second = tmp_path / "r2.csv"
    second.write_text(
        "姓名,身份证号\n王小涵,11010519491231002X\n李明,11010519491231002X\n", "utf-8"
    )
    code, _, err = tracker(
        "load", "beneficiaries", str(second), "--project", "13043425P00437410002E"
    )
    assert code == 2 and "密钥" in err
    assert snapshot(db_path) == before
