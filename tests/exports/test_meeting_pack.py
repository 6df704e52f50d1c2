"""The monthly meeting pack (`exports.meeting_pack`, `tracker report`) on real databases: the county
demo, a month without records, targets only and an empty store. Every figure is the engine's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from plotly.offline import get_plotlyjs

from cli.main import main as tracker_main
from engine.status import compute_status, summaries
from exports import meeting_pack
from presentation.strings import t
from store.db import connection

SHEETS_ZH = [
    "概况",
    "累计支出曲线",
    "各单位",
    "状态变化",
    "滞后项目",
    "本月未达成节点",
    "下月到期节点",
    "风险指标",
    "部门整体目标",
    "同比",
]
SECTION_TITLES = [
    "一、本月概况",
    "二、各单位执行情况",
    "三、状态变化的项目（与上月末相比）",
    "四、超预算与滞后项目（超预算在前，滞后按节点差额排序）",
    "五、本月未达成的支出节点",
    "六、下月到期的支出节点",
    "七、有风险的绩效指标（红、黄）",
    "八、部门整体目标（量化目标及已评定的目标，红、黄在前）",
    "九、同比（与去年同期相比，可直接宣读）",
]
HEADER = meeting_pack.XLSX_HEADER_ROW + 1  # the header's row in openpyxl's 1-based numbering


@pytest.fixture(scope="module")
def demo_db(county_demo) -> Path:
    return county_demo


def pack_of(db: Path, month: str, unit: str | None = None) -> meeting_pack.Pack:
    with connection(db, read_only=True) as con:
        return meeting_pack.build_pack(con, month, unit)


def engine(db: Path, day: dt.date, unit: str | None = None):
    with connection(db, read_only=True) as con:
        return compute_status(con, day, unit)


def wan(yuan) -> float:
    return round(float(yuan) / 10000, 2)


def rows(sheet) -> list[dict]:
    """The data rows of a pack sheet, keyed by the header."""
    values = list(sheet.iter_rows(min_row=HEADER, values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.fixture(scope="module")
def june(demo_db) -> meeting_pack.Pack:
    return pack_of(demo_db, "2025-06")


@pytest.fixture(scope="module")
def june_xlsx(demo_db, june, tmp_path_factory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "pack.xlsx"
    meeting_pack.write_xlsx(june, path, "zh")
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def june_html(june) -> str:
    return meeting_pack.html_text(june, "zh")


def test_months():
    assert meeting_pack.parse_month("2025-06") == (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    assert meeting_pack.parse_month("2024-2") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    # a month as people type it
    for typed in ("2025-6", "2025/06", "202506", "2025年6月", " 2025-06 "):
        assert meeting_pack.parse_month(typed) == (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    for bad in ("2025-13", "2025-00", "June", "2025-06-01", "25-06", ""):
        with pytest.raises(meeting_pack.ReportError, match="格式不对"):
            meeting_pack.parse_month(bad)
    months, default = meeting_pack.month_choices(dt.date(2025, 11, 30), [2025], dt.date(2026, 3, 1))
    assert months[0] == "2025-01" and months[-1] == "2025-12" and default == "2025-11"
    # no records yet: the loaded year, this month inside it, else its first or last month
    assert meeting_pack.month_choices(None, [2025], dt.date(2025, 4, 9))[1] == "2025-04"
    assert meeting_pack.month_choices(None, [2025], dt.date(2026, 4, 9))[1] == "2025-12"
    assert meeting_pack.month_choices(None, [], dt.date(2026, 4, 9))[1] == "2026-04"
    # a unit of another fiscal year can pick its months too
    months, default = meeting_pack.month_choices(
        dt.date(2025, 11, 30), [2024, 2025], dt.date(2026, 3, 1)
    )
    assert months[0] == "2024-01" and months[-1] == "2025-12" and len(months) == 24
    assert default == "2025-11"


def test_headline_is_the_engines(demo_db, june):
    _, county = summaries(engine(demo_db, dt.date(2025, 6, 30)))
    _, may = summaries(engine(demo_db, dt.date(2025, 5, 31)))
    head = june.headline
    assert june.end == dt.date(2025, 6, 30)
    assert head["projects"] == county["projects"] == 62
    assert head["spent_yuan"] == pytest.approx(county["spent_yuan"])
    assert head["month_spent_yuan"] == pytest.approx(county["spent_yuan"] - may["spent_yuan"])
    assert head["month_spent_yuan"] > 0
    assert head["execution_pct"] == pytest.approx(county["execution_pct"])
    assert head["plan_pct"] == pytest.approx(county["plan_pct"])
    assert head["time_pct"] == pytest.approx(county["time_pct"])
    assert head["red"] + head["yellow"] + head["green"] == 62


def test_sections_are_the_engines(demo_db, june):
    status = engine(demo_db, dt.date(2025, 6, 30))
    before = engine(demo_db, dt.date(2025, 5, 31)).projects.set_index("project_code")["colour"]
    projects = status.projects.set_index("project_code")
    # colour changes: exactly the projects whose colour differs from 31 May
    changed = {c for c in projects.index if projects.at[c, "colour"] != before[c]}
    assert set(june.changes["project_code"]) == changed and changed
    for row in june.changes.itertuples():
        assert row.colour_before == before[row.project_code]
    # checkpoints missed in June: the engine's rows, with its shortfall
    points = status.checkpoints
    missed = points[(points["checkpoint"] == dt.date(2025, 6, 30)) & (points["status"] == "missed")]
    assert len(june.missed) == len(missed) > 0
    assert list(june.missed["shortfall_yuan"]) == sorted(missed["shortfall_yuan"], reverse=True)
    # indicators at risk: every red and yellow indicator, nothing else
    at_risk = status.indicators["colour"].isin(["red", "yellow"]).sum()
    assert len(june.indicators) == at_risk > 0
    assert set(june.indicators["colour"]) <= {"red", "yellow"}
    # over budget first, then lagging: red or yellow warning, or the last checkpoint missed;
    # ranked by shortfall
    behind = projects[
        projects["warning"].isin(["red", "yellow", "over"])
        | (projects["last_checkpoint_status"] == "missed")
    ]
    assert set(june.lagging["project_code"]) == set(behind.index)
    over = (june.lagging["warning"] == "over").tolist()
    assert over == sorted(over, reverse=True)  # over budget first
    lag = june.lagging[~june.lagging["warning"].eq("over")]
    shortfalls = list(lag["shortfall_yuan"].astype(float).fillna(-1))
    assert shortfalls == sorted(shortfalls, reverse=True)
    top = lag.iloc[0]
    assert top["shortfall_yuan"] == projects.at[top["project_code"], "shortfall_yuan"]


def test_checkpoints_due_next_month(demo_db):
    august = pack_of(demo_db, "2025-08")
    status = engine(demo_db, dt.date(2025, 8, 31)).projects
    due = status[status["next_checkpoint"].map(lambda d: d is not None and d.month == 9)]
    assert set(august.due["project_code"]) == set(due["project_code"]) and len(due) > 0
    row = august.due.iloc[0]
    engine_row = due.set_index("project_code").loc[row["project_code"]]
    assert row["to_spend_yuan"] == engine_row["to_spend_yuan"]
    assert row["days_left"] == engine_row["days_left"] == 30
    assert august.missed.empty  # no checkpoint falls in August


def test_xlsx_sheets_headers_and_figures(demo_db, june, june_xlsx):
    book = june_xlsx
    assert book.sheetnames == SHEETS_ZH
    for sheet in book.worksheets:
        assert sheet.freeze_panes == f"A{HEADER + 1}", sheet.title  # title rows + header frozen
        assert sheet.print_title_rows == f"${HEADER}:${HEADER}"
        assert "2025年6月 月度例会材料" in sheet["A1"].value
        assert sheet.cell(HEADER, 1).font.bold
    assert [c.value for c in book["滞后项目"][HEADER]][:6] == [
        "单位名称",
        "项目编码",
        "项目名称",
        "支出预警",
        "执行率",
        "计划进度",
    ]
    lagging = rows(book["滞后项目"])
    status = engine(demo_db, dt.date(2025, 6, 30)).projects.set_index("project_code")
    first = lagging[0]
    code = first["项目编码"]
    assert first["节点差额（万元）"] == wan(status.at[code, "shortfall_yuan"])
    assert first["执行率"] == round(status.at[code, "execution_pct"], 1)
    assert first["年底预测执行率"] == round(status.at[code, "forecast_pct"], 1)
    assert first["支出预警"].endswith(t(f"colour_{status.at[code, 'warning']}"))
    assert first["节点结果"] in ("✗ 未达成", "✓ 达成")
    assert len(lagging) == len(june.lagging)
    sheet = book["滞后项目"]
    money = sheet.cell(HEADER + 1, 8)
    assert money.number_format == "#,##0.00" and isinstance(money.value, float)
    assert sheet.cell(HEADER + 1, 5).number_format == '0.0"%"'
    assert sheet.cell(HEADER + 1, 10).number_format == "0"
    assert sheet.column_dimensions["C"].width > 10  # sized to the project names
    # the headline sheet
    headline = {r["内容"]: r["数值"] for r in rows(book["概况"])}
    assert headline["已支出（万元）"] == wan(june.headline["spent_yuan"])
    assert headline["本月支出（万元）"] == wan(june.headline["month_spent_yuan"])
    assert headline["项目"] == 62
    # the missed checkpoints, with the engine's shortfall
    missed = rows(book["本月未达成节点"])
    assert [r["节点差额（万元）"] for r in missed] == [
        wan(v) for v in june.missed["shortfall_yuan"]
    ]
    assert {r["节点"] for r in missed} == {"6月底"}
    # an empty section says so under its header
    empty = book["下月到期节点"]
    assert empty.cell(HEADER + 1, 1).value == "下月没有到期的支出节点。"


def test_xlsx_in_english(june, tmp_path):
    path = tmp_path / "pack.xlsx"
    meeting_pack.write_xlsx(june, path, "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Summary" and "Lagging projects" in book.sheetnames
    assert "Project code" in [c.value for c in book["Lagging projects"][HEADER]]


def test_headers_are_unique_in_both_languages():
    for lang in ("zh", "en"):
        for section in (meeting_pack.CURVE, *meeting_pack.SECTIONS):
            headers = [t(c.label, lang) for c in section.columns]
            assert len(set(headers)) == len(headers), (lang, section.frame)


def test_html_is_self_contained_and_printable(june, june_html):
    page = june_html
    bundle = get_plotlyjs()
    assert page.count(bundle) == 1  # plotly.js inline, once
    assert page.count("plotly.js v") == bundle.count("plotly.js v")
    assert not re.search(r"<script[^>]*\bsrc=", page)  # nothing fetched: users are offline
    assert "http" not in page.replace(bundle, "")  # no address outside the library's own code
    assert "size: A4 landscape" in page and "counter(pages)" in page  # one orientation, numbered
    for heading in SECTION_TITLES:
        assert heading in page
    assert page.count("Plotly.newPlot") == 2  # the S-curve and the lagging chart
    assert "2025年6月 月度例会材料 · 截至 2025-06-30 · 全部单位" in page
    # states as a shape and a word, money in 万元 with two decimals
    assert "▲ 红（预警）" in page
    top = june.lagging.dropna(subset=["shortfall_yuan"]).iloc[0]
    assert f">{wan(top['shortfall_yuan']):,.2f}<" in page


OVER = "13043425P00429450052G"  # 城乡困难群众临时救助: 108% of its budget by November
OVER_NAME = "城乡困难群众临时救助"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_over_budget_project_leads_the_pack(demo_db, tmp_path, lang):
    """November: the project that has spent past its budget is counted in the headline and heads
    section 四 (over budget and lagging) with its state in words, in every format."""
    november = pack_of(demo_db, "2025-11")
    assert november.headline["warning_over"] == 1
    first = november.lagging.iloc[0]
    assert first["project_code"] == OVER and first["warning"] == "over"
    assert float(first["execution_pct"]) > 100
    word = "✖ 超预算" if lang == "zh" else "✖ over budget"
    page = meeting_pack.html_text(november, lang)
    assert OVER_NAME in page and word in page
    meeting_pack.write_xlsx(november, tmp_path / "pack.xlsx", lang)
    book = openpyxl.load_workbook(tmp_path / "pack.xlsx")
    sheet = book["滞后项目" if lang == "zh" else "Lagging projects"]
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=HEADER + 1)]
    assert OVER in cells[0] and word in cells[0]


def pdf_pages(path: Path, out: Path) -> list[tuple[int, int]]:
    """The PDF rendered to images by pdftoppm: each page's (width, height) in pixels."""
    import subprocess

    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(out / "page")], check=True)
    return [Image.open(p).size for p in sorted(out.glob("page-*.png"))]


def test_pdf(june, tmp_path):
    assert meeting_pack.chromium_path(), (
        "Chromium is required for the PDF pack: apt-get install chromium fonts-noto-cjk "
        "(or set TRACKER_CHROMIUM)"
    )
    path = tmp_path / "pack.pdf"
    meeting_pack.write_pdf(june, path, "zh")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000


def test_the_pdf_pack_prints_well(demo_db, tmp_path):
    """One orientation (A4 landscape) on every page, the sections flowing on (the county's pack
    in a handful of pages, not a page per section), and a two-project unit on at most 3 pages."""
    from conftest import ROOT

    shots = ROOT / "test-output" / "pack"
    shots.mkdir(parents=True, exist_ok=True)
    for scope, most in ((None, 9), ("712001", 3)):  # the county: 8 pages and its units' goals
        pack = pack_of(demo_db, "2025-11", scope)
        path = tmp_path / f"pack-{scope or 'county'}.pdf"
        meeting_pack.write_pdf(pack, path, "zh")
        folder = tmp_path / (scope or "county")
        folder.mkdir()
        pages = pdf_pages(path, folder)
        assert 1 <= len(pages) <= most, (scope, len(pages))
        assert all(width > height for width, height in pages), pages  # landscape throughout
        assert len({size for size in pages}) == 1  # one page size
        for number, image in enumerate(sorted(folder.glob("page-*.png")), start=1):
            image.replace(shots / f"{scope or 'county'}-{number}.png")  # for a person to look at


def test_pdf_without_chromium_says_what_to_do(june, monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_CHROMIUM", str(tmp_path / "no-such-browser"))
    assert meeting_pack.chromium_path() is None
    with pytest.raises(meeting_pack.ReportError, match="找不到 Chromium") as caught:
        meeting_pack.pdf_bytes(june)
    assert "TRACKER_CHROMIUM" in str(caught.value) and ".html" in str(caught.value)


@pytest.mark.parametrize("suffix", ["html", "xlsx", "pdf"])
def test_cli_writes_each_format(demo_db, tmp_path, capsys, suffix):
    out = tmp_path / f"pack.{suffix}"
    code = tracker_main(["report", "--month", "2025-06", "--out", str(out), "--db", str(demo_db)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "已写出 2025年6月 月度例会材料" in captured.out
    head = out.read_bytes()[:16]
    expected = {"html": b"<!DOCTYPE html>", "xlsx": b"PK", "pdf": b"%PDF"}[suffix]
    assert head.startswith(expected)


def test_cli_unit_and_language(demo_db, tmp_path, capsys):
    out = tmp_path / "unit.xlsx"
    args = ["report", "--month", "2025-06", "--out", str(out), "--unit", "712001", "--lang", "en"]
    assert tracker_main([*args, "--db", str(demo_db)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Summary"
    assert {r["Item"]: r["Value"] for r in rows(book["Summary"])}["Projects"] == 2
    assert "712001" in book["Summary"]["A1"].value


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2025-13", "--out", "pack.html"], "月份 2025-13 格式不对"),
        (["--month", "六月", "--out", "pack.html"], "格式不对"),
        (["--month", "2025-06", "--out", "pack.docx"], "不支持的文件类型「.docx」"),
        (["--month", "2025-06", "--out", "pack"], "不支持的文件类型"),
        (["--month", "2025-06", "--out", "pack.html", "--unit", "999999"], "单位 999999 没有项目"),
    ],
)
def test_cli_rejects_bad_input(demo_db, tmp_path, capsys, args, message):
    args = [a if not a.startswith("pack") else str(tmp_path / a) for a in args]
    code = tracker_main(["report", *args, "--db", str(demo_db)])
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err and "Traceback" not in captured.err
    assert not list(tmp_path.iterdir())  # nothing written


def test_cli_without_chromium_exits_2(demo_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRACKER_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "pack.pdf"
    code = tracker_main(["report", "--month", "2025-06", "--out", str(out), "--db", str(demo_db)])
    assert code == 2 and "找不到 Chromium" in capsys.readouterr().err
    assert not out.exists()


def test_cli_missing_database(tmp_path, capsys):
    out = tmp_path / "pack.html"
    db = tmp_path / "none.duckdb"
    code = tracker_main(["report", "--month", "2025-06", "--out", str(out), "--db", str(db)])
    assert code == 2 and "不存在" in capsys.readouterr().err
    assert not db.exists()  # read-only: no database created


def test_month_without_records(demo_db, tmp_path):
    """December: the demo's records end on 30 November; the pack still has every section."""
    december = pack_of(demo_db, "2025-12")
    _, november = summaries(engine(demo_db, dt.date(2025, 11, 30)))
    assert december.end == dt.date(2025, 12, 31)
    assert december.headline["month_spent_yuan"] == pytest.approx(0)
    assert december.headline["spent_yuan"] == pytest.approx(november["spent_yuan"])
    assert december.due.empty  # no checkpoint in the next year
    assert not december.missed.empty  # the 12月底 checkpoints are missed
    for suffix in ("html", "xlsx"):
        meeting_pack.write_pack(december, tmp_path / f"dec.{suffix}", "zh")
    assert "2025年12月" in (tmp_path / "dec.html").read_text(encoding="utf-8")
    assert openpyxl.load_workbook(tmp_path / "dec.xlsx").sheetnames == SHEETS_ZH


def test_targets_only(sample_txt, db_path, tmp_path):
    assert tracker_main(["load", "targets", str(sample_txt), "--db", str(db_path)]) == 0
    pack = pack_of(db_path, "2025-03")
    assert pack.headline["projects"] == 2 and pack.headline["spent_yuan"] == 0
    assert len(pack.lagging) == 2  # nothing spent against a 30% plan at 31 March
    assert list(pack.missed["label"]) == ["3月底", "3月底"]
    path = meeting_pack.write_pack(pack, tmp_path / "targets.html")
    assert "四、超预算与滞后项目" in path.read_text(encoding="utf-8")


def test_empty_database(db_path, tmp_path, capsys):
    with connection(db_path):
        pass  # the schema only
    with pytest.raises(meeting_pack.ReportError, match="没有项目"):
        pack_of(db_path, "2025-06")
    code = tracker_main(
        ["report", "--month", "2025-06", "--out", str(tmp_path / "p.html"), "--db", str(db_path)]
    )
    assert code == 2 and "没有项目" in capsys.readouterr().err
