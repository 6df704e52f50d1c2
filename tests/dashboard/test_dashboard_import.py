"""数据导入 Import page: AppTest on real database states, uploads driven through st.file_uploader,
and the page's logic (`dashboard.importing`) on real files. Nothing of ours is mocked."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest
from app_pages import visit
from processes import lock_held
from streamlit.testing.v1 import AppTest

from builders import build_docx, sample_document
from cli.main import main as tracker_main
from conftest import ROOT, SAMPLE_TXT, snapshot, table_rows
from dashboard import importing
from loaders.inputs import FileInput
from records_files import P1, P2, spending_row, write_csv
from store.db import connection
from store.errors import DatabaseBusyError

PAGE = "views/imports.py"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(birth: str, seq: int) -> str:
    """A valid 18-digit ID (GB 11643 check character), written out independently of the loaders."""
    body = f"130434{birth}{seq:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


ID_A, ID_B = make_id("20100315", 12), make_id("20090720", 21)


@pytest.fixture
def app_env(monkeypatch, db_path: Path) -> Path:
    monkeypatch.setenv("TRACKER_DB", str(db_path))
    monkeypatch.delenv("TRACKER_KEY", raising=False)
    monkeypatch.delenv("TRACKER_KEY_FILE", raising=False)
    import streamlit as st

    st.cache_data.clear()
    return db_path


@pytest.fixture
def targets_db(app_env: Path, sample_txt: Path) -> Path:
    assert tracker_main(["load", "targets", str(sample_txt), "--db", str(app_env)]) == 0
    return app_env


@pytest.fixture
def demo_db(app_env: Path, monkeypatch) -> Path:
    monkeypatch.chdir(ROOT)
    assert tracker_main(["bootstrap", "--no-accounts", "--db", str(app_env)]) == 0
    return app_env


def open_page(query: dict | None = None) -> AppTest:
    """The app as a browser opens it, then the import page."""
    return visit(query, timeout=60).switch_page(PAGE).run()


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )
    return at.run()


def messages(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in at.get(kind)]


def metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def spending_csv(tmp_path: Path) -> bytes:
    """Two good payments, one of an unknown project, one with a bad amount."""
    rows = [
        spending_row("2025-03-05", P1, "12,000.00", "V001"),
        spending_row("2025-04-02", P2, "15000", "V002"),
        spending_row("2025-04-03", "13043425P99999999999X", "800", "V003"),
        spending_row("2025-04-04", P1, "十二元", "V004"),
    ]
    return write_csv(tmp_path / "pay-2025-04.csv", rows).read_bytes()


def roster_csv() -> bytes:
    """A beneficiary roster without a project column (the page's project code applies)."""
    rows = [
        ["序号", "姓名", "身份证号", "学校", "发放日期", "金额"],
        ["1", "王雨涵", ID_A, "魏县一中", "2025-05-10", "500"],
        ["2", "李明", ID_B, "魏县二中", "2025-05-10", "500"],
    ]
    return "\n".join(",".join(row) for row in rows).encode("utf-8")


def docx_without_form() -> bytes:
    document = docx.Document()
    document.add_paragraph("魏县共青团2025年工作会议纪要")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def loads(db: Path) -> list[tuple]:
    return table_rows(db, "SELECT load_id, kind, file_name, status FROM imports ORDER BY load_id")


# --------------------------------------------------------------------------- page states


@pytest.mark.parametrize("state", ["none", "empty", "targets", "demo"])
def test_page_renders_on_every_database_state(state, request, app_env):
    if state == "empty":
        with connection(app_env):
            pass  # schema only
    elif state != "none":
        request.getfixturevalue(f"{state}_db")
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "数据导入"
    assert len(at.file_uploader) == 1
    assert set(at.file_uploader[0].allowed_type) == {".txt", ".docx", ".xlsx", ".xls", ".csv"}
    assert [b.label for b in at.get("download_button")] == [
        "targets_template.csv",
        "targets_template.xlsx",
    ]
    infos = messages(at, "info")
    if state == "none":
        assert "还没有数据库" in infos[0] and "还没有导入记录" in infos[-1]
        assert not app_env.exists()  # looking at the page creates no database
    elif state == "empty":
        assert "还没有导入记录" in infos[-1]
    else:
        history = at.dataframe[0].value
        assert list(history["批次"]) == [str(row[0]) for row in reversed(loads(app_env))]
        assert history["导入内容"].iloc[-1] == "绩效目标表"
        undo_options = at.selectbox(key="import_undo_choice").options
        assert len(undo_options) == len(history)
    if state == "demo":
        assert len(at.dataframe[0].value) == len(loads(app_env)) > 30
        assert any("演示数据" in c for c in messages(at, "caption"))


def test_english(targets_db):
    at = open_page({"lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Data import"
    assert at.dataframe[0].value.columns[0] == "Load"
    assert at.selectbox(key="import_kind").options[1] == "Spending records"


def test_templates_are_the_shipped_files():
    files = {name: (data, mime) for name, data, mime in importing.template_files()}
    templates = ROOT / "data" / "templates"
    assert set(files) == {"targets_template.csv", "targets_template.xlsx"}
    for name, (data, _) in files.items():
        assert data == (templates / name).read_bytes()
    assert files["targets_template.xlsx"][1].endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(files["targets_template.xlsx"][0])).active
    assert sheet is not None
    assert "项目编码" in [cell.value for cell in sheet[1]]
    # a record kind offers its example file with the standard columns
    (name, data, mime) = importing.template_files("spending")[0]
    assert name == "spending-2025-01-09.csv" and mime == "text/csv"
    assert data == (ROOT / "data" / "samples" / name).read_bytes()
    for kind in ("beneficiaries", "actuals", "surveys", "adjustments"):
        assert importing.template_files(kind), kind


# --------------------------------------------------------------------------- upload, preview, load


def test_upload_dry_run_then_confirm_loads_spending(targets_db, tmp_path):
    at = open_page()
    at.selectbox(key="import_kind").set_value("spending").run()
    assert "必需的列：支付日期、项目编码、金额" in "\n".join(messages(at, "caption"))
    before = snapshot(targets_db)
    at = upload(at, ("pay-2025-04.csv", spending_csv(tmp_path)))
    assert not at.exception
    assert at.subheader[0].value == "试运行预览（尚未写入）"
    assert metrics(at) == [
        ("总行数", "6"),
        ("存入", "2"),
        ("重复", "0"),
        ("拒收", "2"),
        ("跳过", "2"),  # the title and 单位 rows above the header
    ]
    set_aside = at.dataframe[1].value  # [0] is the first rows to be stored
    assert list(set_aside.columns) == ["行号", "类别", "原因"]
    assert list(set_aside["类别"]) == ["跳过", "跳过", "拒收", "拒收"]
    assert "未在绩效目标中登记" in set_aside["原因"].iloc[2]
    assert "无法识别" in set_aside["原因"].iloc[3]
    stored = at.dataframe[0].value
    assert list(stored["凭证号"]) == ["V001", "V002"]
    assert stored.columns[0] == "文件行号" and "load_id" not in stored.columns
    assert snapshot(targets_db) == before  # the dry run wrote nothing

    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert at.file_uploader[0].key == "import_files_1"  # a fresh, empty uploader
    assert at.subheader[0].value == "导入结果"
    assert "已导入，批次 2" in messages(at, "markdown")[0]
    assert ("存入", "2") in metrics(at)
    assert table_rows(targets_db, "SELECT voucher_no FROM spending ORDER BY 1") == [
        ("V001",),
        ("V002",),
    ]
    assert loads(targets_db)[-1] == (2, "spending", "pay-2025-04.csv", "ok")
    history = at.dataframe[-1].value  # the cached history shows the new load at once
    assert list(history["批次"]) == ["2", "1"] and history["拒收"].iloc[0] == "2"


def test_loading_the_same_file_again_says_so(targets_db, tmp_path):
    data = spending_csv(tmp_path)
    importing.load(targets_db, "spending", [("pay.csv", data)])
    at = open_page()
    at.selectbox(key="import_kind").set_value("spending").run()
    at = upload(at, ("pay.csv", data))
    assert not at.exception
    assert "此前已导入（批次 2）" in messages(at, "info")[0]
    assert not [b for b in at.button if b.key == "import_confirm"]


def test_target_document_preview_shows_findings_then_loads(app_env):
    """On no database: the preview creates no file; confirming creates it with the projects."""
    at = open_page()
    at = upload(at, (SAMPLE_TXT.name, SAMPLE_TXT.read_bytes()))
    assert not at.exception
    assert metrics(at) == [("项目", "2"), ("指标", "14"), ("目标质量提示", "3")]
    projects = at.dataframe[0].value
    assert list(projects.columns) == [
        "项目编码",
        "项目名称",
        "预算数（万元）",
        "指标数",
        "目标质量提示",
    ]
    assert list(projects["预算数（万元）"]) == ["5.00", "5.00"]
    findings = at.dataframe[1].value
    assert set(findings["规则"]) == {"方向疑误", "时效指标没有日期", "年份与预算年度不符"}
    assert set(findings["项目编码"]) == {P2, "—"}  # the stale year is on the unit's own goals
    assert not app_env.exists()
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert table_rows(app_env, "SELECT count(*) FROM projects") == [(2,)]
    assert table_rows(app_env, "SELECT count(*) FROM target_findings") == [(2,)]
    assert table_rows(app_env, "SELECT rule FROM unit_findings") == [("stale_year",)]


def test_a_newer_target_document_says_what_it_replaces(targets_db, tmp_path):
    path = build_docx(tmp_path / "targets.docx", sample_document())
    at = upload(open_page(), (path.name, path.read_bytes()))
    assert not at.exception
    assert any(P1 in w and P2 in w for w in messages(at, "warning"))
    assert ("项目", "2") in metrics(at)


@pytest.mark.parametrize(
    ("kind", "name", "data", "expected"),
    [
        ("spending", "empty.csv", b"", "文件是空的"),
        ("spending", "binary.csv", bytes(range(256)) * 4, "不是文本文件"),
        ("spending", "broken.xlsx", b"PK\x03\x04 not a workbook", "不是有效的 .xlsx 文件"),
        ("spending", "columns.csv", "姓名,年龄\n张三,12\n".encode(), "找不到表头"),
        ("adjustments", "minutes.docx", docx_without_form(), "不支持的文件类型 .docx"),
        ("targets", "minutes.docx", docx_without_form(), "未找到项目绩效目标表"),
        ("targets", "empty.txt", b"", "文件是空的"),
    ],
)
def test_a_wrong_file_gets_the_loaders_message_and_writes_nothing(
    targets_db, kind, name, data, expected
):
    before = snapshot(targets_db)
    at = open_page()
    at.selectbox(key="import_kind").set_value(kind).run()
    at = upload(at, (name, data))
    assert not at.exception
    errors = messages(at, "error")
    assert len(errors) == 1 and errors[0].startswith(name) and expected in errors[0]
    assert "该文件不会写入任何数据" in errors[0]
    assert not [b for b in at.button if b.key == "import_confirm"]
    assert snapshot(targets_db) == before


def test_good_files_load_and_a_bad_one_is_left_out(targets_db, tmp_path):
    at = open_page()
    at.selectbox(key="import_kind").set_value("spending").run()
    at = upload(at, ("pay.csv", spending_csv(tmp_path)), ("empty.csv", b""))
    assert at.button(key="import_confirm").label == "确认导入 1 个文件"
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert [row[2] for row in loads(targets_db)] == [SAMPLE_TXT.name, "pay.csv"]


def test_roster_with_a_project_code_shows_only_masked_people(targets_db):
    at = open_page()
    at.selectbox(key="import_kind").set_value("beneficiaries").run()
    at.text_input(key="import_project").set_value(P2).run()
    before = snapshot(targets_db)
    at = upload(at, ("名单.csv", roster_csv()))
    assert not at.exception
    assert snapshot(targets_db) == before
    assert ("存入", "2") in metrics(at)
    stored = at.dataframe[0].value
    assert list(stored["姓名（脱敏）"]) == ["王*涵", "李*"]
    assert "person_key" not in stored.columns and "受益对象键" not in stored.columns
    shown = "\n".join(
        [
            *(d.value.to_csv() for d in at.dataframe),
            *messages(at, "markdown"),
            *messages(at, "caption"),
        ]
    )
    for secret in (ID_A, ID_B, "王雨涵", "李明"):
        assert secret not in shown
    at.button(key="import_confirm").click().run()
    assert table_rows(targets_db, "SELECT DISTINCT project_code FROM beneficiaries") == [(P2,)]


# --------------------------------------------------------------------------- undo, busy


def test_undo_from_the_page_removes_exactly_one_load(demo_db):
    counts = (
        "SELECT load_id, count(*) FROM spending GROUP BY load_id"
        " UNION ALL SELECT -load_id, count(*) FROM rejected_rows GROUP BY load_id ORDER BY 1"
    )
    before = dict(table_rows(demo_db, counts))
    victim = table_rows(
        demo_db, "SELECT max(load_id) FROM imports WHERE kind = 'spending' AND rows_skipped > 0"
    )[0][0]
    at = open_page()
    at.selectbox(key="import_undo_choice").set_value(victim).run()
    assert f"确认撤销批次 {victim} · 支出明细" in messages(at, "warning")[0]
    assert dict(table_rows(demo_db, counts)) == before  # nothing happens before the confirmation
    at.button(key="import_undo_yes").click().run()
    assert not at.exception
    assert f"已撤销批次 {victim}" in messages(at, "success")[0]
    after = dict(table_rows(demo_db, counts))
    assert victim not in after and -victim not in after
    assert after == {k: v for k, v in before.items() if abs(k) != victim}
    statuses = {row[0]: row[3] for row in loads(demo_db)}
    assert statuses[victim] == "undone"
    assert sum(status == "undone" for status in statuses.values()) == 1
    assert victim not in at.selectbox(key="import_undo_choice").options
    history = at.dataframe[0].value
    assert history.loc[history["批次"] == str(victim), "状态"].iloc[0] == "已撤销"


def test_busy_database_gives_a_wait_and_retry_message(targets_db, tmp_path):
    at = open_page()
    at.selectbox(key="import_kind").set_value("spending").run()
    before = snapshot(targets_db)
    with lock_held(targets_db):
        at = upload(at, ("pay.csv", spending_csv(tmp_path)))
        assert not at.exception
        assert "数据库正忙" in messages(at, "warning")[0]
        assert at.button(key="import_retry").label == "重试"
    assert snapshot(targets_db) == before
    at.button(key="import_retry").click().run()  # the lock is gone: the preview runs
    assert ("存入", "2") in metrics(at)


# --------------------------------------------------------------------------- importing.py


def test_uploads_keep_their_names_and_stay_in_memory():
    names = ["a.csv", "../../etc/passwd", "C:\\x\\b.txt", ".."]
    files = [FileInput.upload(name, b"1") for name in names]
    assert [f.name for f in files] == ["a.csv", "passwd", "b.txt", "upload"]
    assert all(f.path is None and f.read() == b"1" for f in files)


def test_preview_writes_nothing_and_load_stores(targets_db, tmp_path):
    data = [("pay.csv", spending_csv(tmp_path))]
    before = snapshot(targets_db)
    [preview] = importing.preview(targets_db, "spending", data)
    assert preview.status == "dry-run" and preview.counts["loaded"] == 2
    assert snapshot(targets_db) == before
    done = []
    [report] = importing.load(
        targets_db, "spending", data, progress=lambda n, name: done.append((n, name))
    )
    assert done == [(1, "pay.csv")]
    assert (report.status, report.load_id, report.counts["rejected"]) == ("loaded", 2, 2)
    assert list(report.set_aside["row_no"]) == [1, 2, 6, 7]
    assert importing.load(targets_db, "spending", data)[0].status == "unchanged"
    assert sum(importing.undo(targets_db, 2).values()) > 0
    assert table_rows(targets_db, "SELECT count(*) FROM spending") == [(0,)]


def test_busy_database_raises_and_writes_nothing(targets_db, tmp_path):
    data = [("pay.csv", spending_csv(tmp_path))]
    before = snapshot(targets_db)
    with lock_held(targets_db):
        for work in (importing.preview, importing.load):
            with pytest.raises(DatabaseBusyError):
                work(targets_db, "spending", data, wait=0.3)
        with pytest.raises(DatabaseBusyError):
            importing.undo(targets_db, 1, wait=0.3)
    assert snapshot(targets_db) == before


def test_a_page_reading_in_this_process_makes_a_write_wait(targets_db, tmp_path):
    """DuckDB refuses a read-write open while this process has the file open read-only (another
    session's query): the write waits like for another process's lock, then says busy."""
    reader = duckdb.connect(str(targets_db), read_only=True)
    try:
        with pytest.raises(DatabaseBusyError):
            importing.preview(
                targets_db, "spending", [("pay.csv", spending_csv(tmp_path))], wait=0.3
            )
    finally:
        reader.close()
    assert importing.preview(targets_db, "spending", [("pay.csv", spending_csv(tmp_path))])


def test_upload_key_changes_with_kind_project_and_content():
    base = importing.upload_key("spending", None, [("a.csv", b"1")])
    assert base == importing.upload_key("spending", "", [("a.csv", b"1")])
    assert base != importing.upload_key("actuals", None, [("a.csv", b"1")])
    assert base != importing.upload_key("spending", P1, [("a.csv", b"1")])
    assert base != importing.upload_key("spending", None, [("a.csv", b"2")])
    assert base != importing.upload_key("spending", None, [("b.csv", b"1")])
