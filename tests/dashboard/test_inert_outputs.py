"""Outputs are inert (issue 11): text from a file never becomes a formula in a download, a link or
an image on a page, or HTML in a chart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from app_pages import run

from cli.main import main as tracker_main
from conftest import SAMPLE_TXT, use_db
from dashboard.ui import xlsx_bytes
from exports import meeting_pack, official_forms
from presentation import charts
from presentation.safe_text import chart_text, csv_cell, csv_frame, markdown
from store.db import connection

FORMULA = '=HYPERLINK("http://x.test/a","点")'
IMAGE = "![x](http://x.test/px.png)"
P1 = "13043425P00450110058B"


@pytest.fixture
def hostile_db(tmp_path, monkeypatch) -> Path:
    """The sample with a project named like a formula and a purpose holding a Markdown image, and
    a payment whose payee and summary are formulas."""
    text = SAMPLE_TXT.read_text("utf-8")
    text = text.replace("\t2025年基层团组织经费\n", f"\t{FORMULA}\n", 1)
    text = text.replace("创建基层优秀团组织", IMAGE + "创建基层优秀团组织", 1)
    document = tmp_path / "targets.txt"
    document.write_text(text, "utf-8")
    db = tmp_path / "tracker.duckdb"
    assert tracker_main(["load", "targets", str(document), "--db", str(db)]) == 0
    pay = tmp_path / "pay.csv"
    pay.write_text(
        "支付日期,项目编码,支付金额,支付凭证号,收款单位,摘要\n"
        f'2025-03-05,{P1},100,V1,"@SUM(A1)","{FORMULA.replace(chr(34), chr(34) * 2)}"\n',
        "utf-8",
    )
    assert tracker_main(["load", "spending", str(pay), "--db", str(db)]) == 0
    return use_db(monkeypatch, db)


def cells(workbook_bytes: bytes) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def test_a_dashboard_workbook_keeps_formula_text_as_text():
    frame = pd.DataFrame({"摘要": [FORMULA, "@SUM(A1)", "+1", "普通"], "金额": [1.5, 2, 3, 4]})
    found = [c for c in cells(xlsx_bytes(frame)) if c.value == FORMULA]
    assert found and all(c.data_type == "s" for c in found)
    assert not [c for c in cells(xlsx_bytes(frame)) if c.data_type == "f"]


def test_csv_cells_that_start_a_formula_are_neutralised():
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "普通", 5, -1.5)] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "普通", 5, -1.5,
    ]  # fmt: skip
    frame = csv_frame(pd.DataFrame({"t": ["=x", "y"], "n": [-1, 2]}))
    assert list(frame["t"]) == ["'=x", "y"] and list(frame["n"]) == [-1, 2]


def test_markdown_and_chart_text_show_as_written():
    assert markdown(IMAGE) == r"\!\[x\]\(http\://x.test/px.png\)"
    assert markdown(":red[warn] :material/home:") == r"\:red\[warn\] \:material/home\:"
    assert chart_text('<a href="http://x">x</a>') == '&lt;a href="http://x"&gt;x&lt;/a&gt;'


def test_the_project_page_renders_no_image_and_the_downloads_no_formula(hostile_db):
    at = run("views/project.py", {"project": P1})
    bodies = [m.value for m in at.markdown] + [t.value for t in at.title]
    assert not any("![x](" in b for b in bodies)  # escaped: shown, never fetched
    assert any(r"\!\[x\]\(http\://x.test/px.png\)" in b for b in bodies)
    assert any(r"\=HYPERLINK\(" in b or "HYPERLINK\\(" in b for b in bodies)  # the title
    records = [d for d in at.get("download_button") if "csv" in str(d.proto.label).lower()]
    assert records, "the spending records download"


def test_the_meeting_pack_and_the_forms_hold_no_formula(hostile_db, tmp_path):
    with connection(hostile_db, read_only=True) as con:
        pack = meeting_pack.build_pack(con, "2025-03", None)
        data = official_forms.forms_bytes(con, "monitoring", "xlsx", project=P1)
    path = meeting_pack.write_pack(pack, tmp_path / "pack.xlsx", "zh")
    for book in (path.read_bytes(), data):
        everything = cells(book)
        assert not [c for c in everything if c.data_type == "f"]
        assert any(c.value == FORMULA for c in everything)


def test_gap_chart_labels_are_text():
    frame = pd.DataFrame(
        {
            "project_code": [P1],
            "name": ['<a href="http://x.test">点我</a>'],
            "execution_pct": [10.0],
            "plan_pct": [30.0],
            "warning": ["red"],
        }
    )
    labels = {"execution": "执行率", "plan": "计划", "gap": "差距", "title": "项目"}
    figure = charts.gap_chart(frame, labels, {"red": "红"})
    text = figure.to_json()
    assert "<a href" not in text and "&lt;a href" in text


def test_cli_csv_is_neutralised_and_json_is_strict(hostile_db, capsys):
    assert tracker_main(["projects", "--format", "csv", "--db", str(hostile_db)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    names = [r[2] for r in rows[1:]]
    assert "'" + FORMULA in names
    code = tracker_main(
        ["status", "--as-of", "2025-03-31", "--format", "json", "--db", str(hostile_db)]
    )
    assert code == 0
    out = capsys.readouterr().out

    def refuse(constant: str):
        raise AssertionError(f"not JSON: {constant}")

    assert json.loads(out, parse_constant=refuse)
