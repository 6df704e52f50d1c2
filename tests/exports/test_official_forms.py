"""The official forms exported (`exports.official_forms`, `tracker form`): golden exports of the
sample's two projects on the county demo, read back cell by cell with openpyxl and python-docx,
against the form objects of `engine.forms` (with a person's saved answers), and the errors."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from cli.main import main as tracker_main
from dashboard import form_ui
from engine import forms
from exports import form_layout, official_forms
from exports.official_forms import Cell, FormExportError, Layout
from presentation.strings import reason_text
from presentation.tables import target_text
from store.db import connection

D = dt.date
UNIT = "712001"
UNIT_TEXT = "712001 中国共产主义青年团魏县委员会本级"
P1 = "13043425P00450110058B"  # 2025年基层团组织经费
P2 = "13043425P00437410002E"  # 2025年特困生救助金
JULY, YEAR_END = D(2025, 7, 31), D(2025, 12, 31)
GAP = "\u3000\u3000"
MONITORING_COLUMNS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "1—7月实际完成值",
    "全年预计完成值",
    "偏差原因（经费保障/制度保障/人员保障/硬件条件保障/其他）",
    "完成目标可能性",
    "原因说明",
    "纠偏措施",
]
EVALUATION_COLUMNS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "全年实际值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]
BUDGET_WHY = "活动集中在下半年，经费按进度拨付"
BUDGET_FIX = "9月底前完成表彰经费支付"
COUNT_WHY = "基层团组织换届，创建工作延后"
SHORTFALL_WHY = "下半年活动集中在12月，支付跨年"
IMPROVE = "提前安排活动，按季度支付"
QUALITATIVE_WHY = "物品发放及时，但覆盖面可再扩大"


def sign(author: str | None, day: dt.date | None) -> str:
    when = f"{day.year}年{day.month}月{day.day}日" if day else "____"
    return GAP.join(
        [f"填报人：{author or '____'}", "审核人：____", "单位负责人：____", f"填报日期：{when}"]
    )


@pytest.fixture(scope="module")
def saved(county_demo, tmp_path_factory) -> Path:
    """A copy of the county demo where 张三 saved P1's monitoring form (causes, likelihood,
    explanations) and 李四 saved both self-evaluations (P1's explanation below 90%, a reviewer's
    score inside P2's band, reasons and improvements)."""
    db = tmp_path_factory.mktemp("forms") / "tracker.duckdb"
    shutil.copy(county_demo, db)
    with connection(db) as con:
        form = forms.monitoring_form(con, P1, JULY)
        for line in form.lines:
            line.likelihood = "确定能"
        budget, count = form.lines[0], form.lines[1]
        budget.causes, budget.likelihood = ["其他", "经费保障"], "有可能"
        budget.explanation, budget.measures = BUDGET_WHY, BUDGET_FIX
        count.causes, count.likelihood, count.explanation = ["人员保障"], "完全不可能", COUNT_WHY
        form_ui.save_answers(con, form, "张三")

        first = forms.evaluation_form(con, P1, YEAR_END)
        first.explanation, first.measures = SHORTFALL_WHY, IMPROVE
        form_ui.save_answers(con, first, "李四")
        preview = forms.evaluation_form(con, P2, YEAR_END)
        qualitative = next(line for line in preview.lines if line.kind == "qualitative")
        reviews = {qualitative.seq: (qualitative.level, 14.0)}
        second = forms.evaluation_form(con, P2, YEAR_END, reviews=reviews)
        next(line for line in second.lines if line.seq == qualitative.seq).reason = QUALITATIVE_WHY
        second.measures = IMPROVE
        form_ui.save_answers(con, second, "李四")
    return db


def monitoring(db: Path, code: str) -> forms.MonitoringForm:
    with connection(db, read_only=True) as con:
        return forms.monitoring_form(con, code, JULY)


def evaluation(db: Path, code: str) -> forms.EvaluationForm:
    with connection(db, read_only=True) as con:
        return forms.evaluation_form(con, code, YEAR_END)


def export(db: Path, kind: str, path: Path, **scope) -> Path:
    with connection(db, read_only=True) as con:
        return official_forms.write_forms(con, kind, path, **scope)


# -- reading the files back -------------------------------------------------------------------------


def grid(sheet) -> list[list]:
    """The sheet's values, a merged cell's value repeated over its range, None as ""."""
    values = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top = values[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                values[r - 1][c - 1] = top
    return values


def xlsx_parts(sheet, columns: list[str]) -> tuple[str, dict, list[list], str]:
    """(title, header block as label → value, table rows below the header row, signature)."""
    values = grid(sheet)
    head = values.index(columns)
    pairs: dict = {}
    for row in values[1:head]:
        # label, value (, label, value): merged ranges repeat, so take each run's first cell
        runs = [v for i, v in enumerate(row) if i == 0 or v != row[i - 1]]
        pairs.update(zip(runs[0::2], runs[1::2], strict=True))
    body = [row for row in values[head + 1 :] if any(v != "" for v in row)]
    return values[0][0], pairs, body[:-1], body[-1][0]


def docx_parts(document) -> list[tuple[str, dict, list[list[str]], str]]:
    """Per project: (title, header block, indicator table rows without the header row, signature),
    checking each indicator table's header row is repeated."""
    paragraphs = [p.text for p in document.paragraphs if p.text]
    tables = document.tables
    out = []
    for i in range(len(tables) // 2):
        header, table = tables[2 * i], tables[2 * i + 1]
        pairs: dict = {}
        for row in header.rows:
            cells = [c.text for c in row.cells]
            pairs[cells[0]] = cells[1]
            if cells[2] != cells[1]:  # a lone pair's value spans the row
                pairs[cells[2]] = cells[3]
        rows = [[c.text for c in row.cells] for row in table.rows]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        out.append((paragraphs[2 * i], pairs, rows, paragraphs[2 * i + 1]))
    return out


def page_mm(section) -> tuple[int, int]:
    return round(section.page_width.mm), round(section.page_height.mm)


def wan(yuan: float) -> float:
    return pytest.approx(yuan / 10000)


def monitoring_rows(form: forms.MonitoringForm) -> list[list]:
    rows = []
    for line in form.lines:
        levels = [line.name] * 3 if line.seq == 0 else [line.level1, line.level2, line.name]
        marked = " ".join(f"√{c}" for c in forms.CAUSES if c in line.causes)
        rows.append(
            [
                *levels,
                target_text(
                    line.target_raw, line.evaluated_target, "zh"
                ),  # the note: test_direction
                line.actual_text,
                line.expected_text,
                marked,
                line.likelihood or "",
                line.explanation,
                line.measures,
            ]
        )
    return rows


def evaluation_rows(form: forms.EvaluationForm, number=round) -> list[list]:
    return [
        [
            line.level1,
            line.level2,
            line.name,
            target_text(line.target_raw, line.evaluated_target, "zh"),
            line.actual_text,
            number(line.weight, 2),
            number(line.points, 2),
            line.reason or (reason_text(line.engine_reason, "zh") if line.engine_reason else ""),
        ]
        for line in form.lines
    ]


def points_text(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


# -- golden exports ---------------------------------------------------------------------------------


def test_monitoring_xlsx_golden(saved, tmp_path):
    path = export(saved, "monitoring", tmp_path / "监控.xlsx", unit=UNIT)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["2025年特困生救助金", "2025年基层团组织经费"]  # by project code
    for sheet, code in zip(book.worksheets, [P2, P1], strict=True):
        form = monitoring(saved, code)
        title, pairs, body, signature = xlsx_parts(sheet, MONITORING_COLUMNS)
        assert title == "2025年度项目支出绩效监控情况表（2025年1—7月）"
        assert pairs == {
            "主管部门/单位": UNIT_TEXT,
            "项目名称": form.name,
            "项目编码": code,
            "年初预算数（万元）": wan(form.budget_original),
            "调整后预算数（万元）": wan(form.budget_current),
            "1—7月执行数（万元）": wan(form.spent),
            "执行率": pytest.approx(form.execution_pct),
            "全年预计执行率": pytest.approx(form.forecast_pct),
        }
        assert body == monitoring_rows(form)
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows == "$7:$7"  # the table's header on every printed page
    p1 = book["2025年基层团组织经费"]
    _, pairs, body, signature = xlsx_parts(p1, MONITORING_COLUMNS)
    assert pairs["年初预算数（万元）"] == 5 and pairs["执行率"] == pytest.approx(39.6)
    assert body[0] == [
        "预算执行率",
        "预算执行率",
        "预算执行率",
        "100%",
        "39.6%",
        "55.6%",
        "√经费保障 √其他",
        "有可能",
        BUDGET_WHY,
        BUDGET_FIX,
    ]
    assert body[1] == [
        "产出指标",
        "数量指标",
        "创建基层优秀团组织数量",
        "≥22个",
        "9个",
        "15个",  # 9 个 in 7 months at its pace: 15.46, whole things rounded down
        "√人员保障",
        "完全不可能",
        COUNT_WHY,
        "",
    ]
    assert [row[7] for row in body[2:]] == ["确定能"] * 6
    assert signature == sign("张三", monitoring(saved, P1).saved_at.date())
    assert xlsx_parts(book.worksheets[0], MONITORING_COLUMNS)[3] == sign(None, None)
    assert "A9:A12" in {str(r) for r in p1.merged_cells.ranges}  # 产出指标 merged down


def test_evaluation_xlsx_golden(saved, tmp_path):
    path = export(saved, "evaluation", tmp_path / "自评.xlsx", unit=UNIT)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["2025年特困生救助金", "2025年基层团组织经费"]
    for sheet, code in zip(book.worksheets, [P2, P1], strict=True):
        form = evaluation(saved, code)
        title, pairs, rows, signature = xlsx_parts(sheet, EVALUATION_COLUMNS)
        assert title == "2025年度项目支出绩效自评表"
        assert pairs == {
            "单位": UNIT_TEXT,
            "项目名称": form.name,
            "项目编码": code,
            "年初预算数（万元）": wan(form.budget_original),
            "全年预算数（调整后）（万元）": wan(form.budget_current),
            "全年执行数（万元）": wan(form.spent),
            "执行率": pytest.approx(form.execution_pct),
            "分值": 10,
            "得分": pytest.approx(form.execution_points, abs=0.005),
        }
        n = len(form.lines)
        assert rows[:n] == evaluation_rows(form)
        total = rows[n]
        assert total[:5] == ["总分"] * 5
        assert total[5:] == [100, pytest.approx(form.total, abs=0.005), f"等级：{form.grade}"]
        notes = {row[0]: row[3] for row in rows[n + 1 :]}
        expected = {"改进措施": IMPROVE}
        if form.explanation_required:
            expected["执行率低于90%的原因说明"] = form.explanation
        assert notes == expected
        assert signature == sign("李四", form.saved_at.date())
        assert sheet.page_setup.paperSize == 9
    # the numbers that matter, pinned: P1 below 90% (explained), P2 with the reviewer's 14 points
    p1 = xlsx_parts(book["2025年基层团组织经费"], EVALUATION_COLUMNS)
    assert p1[1]["执行率"] == pytest.approx(76.0) and p1[1]["得分"] == pytest.approx(7.6)
    assert p1[2][7][5:] == [100, pytest.approx(72.03), "等级：中"]
    assert p1[2][8][3] == SHORTFALL_WHY
    p2_rows = xlsx_parts(book["2025年特困生救助金"], EVALUATION_COLUMNS)[2]
    assert p2_rows[4][5:] == [15, 14, QUALITATIVE_WHY]  # the reviewer's score and reason
    assert p2_rows[5][5:] == [15, 12, "达成（按 80% 计分）"]  # not reviewed: the engine's
    # 满意度 93.9% evaluated as ≥100% (published ≤100%): 9.39 of 10 points, not 10
    assert p2_rows[7][5:] == [100, pytest.approx(95.39), "等级：优"]


def test_monitoring_docx_golden(saved, tmp_path):
    path = export(saved, "monitoring", tmp_path / "监控.docx", unit=UNIT)
    document = docx.Document(str(path))
    assert len(document.sections) == 2  # a section (new page) per project
    for section in document.sections:
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert page_mm(section) == (297, 210)
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"
    for (title, pairs, rows, signature), code in zip(docx_parts(document), [P2, P1], strict=True):
        form = monitoring(saved, code)
        assert title == "2025年度项目支出绩效监控情况表（2025年1—7月）"
        assert pairs == {
            "主管部门/单位": UNIT_TEXT,
            "项目名称": form.name,
            "项目编码": code,
            "年初预算数（万元）": f"{form.budget_original / 10000:,.2f}",
            "调整后预算数（万元）": f"{form.budget_current / 10000:,.2f}",
            "1—7月执行数（万元）": f"{form.spent / 10000:,.2f}",
            "执行率": f"{form.execution_pct:.1f}%",
            "全年预计执行率": f"{form.forecast_pct:.1f}%",
        }
        assert rows[0] == MONITORING_COLUMNS
        assert rows[1:] == monitoring_rows(form)
        expected = sign("张三", form.saved_at.date()) if form.saves else sign(None, None)
        assert signature == expected
    p1 = docx_parts(document)[1]
    assert p1[1]["执行率"] == "39.6%"
    assert p1[2][1][6:9] == ["√经费保障 √其他", "有可能", BUDGET_WHY]


def test_evaluation_docx_golden(saved, tmp_path):
    path = export(saved, "evaluation", tmp_path / "自评.docx", unit=UNIT)
    document = docx.Document(str(path))
    assert len(document.sections) == 2
    assert all(s.orientation == WD_ORIENT.PORTRAIT for s in document.sections)
    assert all(page_mm(s) == (210, 297) for s in document.sections)
    for (title, pairs, rows, signature), code in zip(docx_parts(document), [P2, P1], strict=True):
        form = evaluation(saved, code)
        assert title == "2025年度项目支出绩效自评表"
        assert pairs["项目编码"] == code and pairs["单位"] == UNIT_TEXT
        assert pairs["全年执行数（万元）"] == f"{form.spent / 10000:,.2f}"
        assert pairs["分值"] == "10" and pairs["得分"] == points_text(form.execution_points)
        assert rows[0] == EVALUATION_COLUMNS
        n = len(form.lines)
        text = [[*r[:5], points_text(r[5]), points_text(r[6]), r[7]] for r in evaluation_rows(form)]
        assert rows[1 : n + 1] == text
        assert rows[n + 1] == [
            *["总分"] * 5,
            "100",
            points_text(form.total),
            f"等级：{form.grade}",
        ]
        notes = {row[0]: row[3] for row in rows[n + 2 :]}
        assert notes["改进措施"] == IMPROVE
        assert ("执行率低于90%的原因说明" in notes) is form.explanation_required
        assert signature == sign("李四", form.saved_at.date())
    assert docx_parts(document)[1][2][9][3] == SHORTFALL_WHY  # P1's explanation below 90%


NUMBER = re.compile(r"^[≥≤]?[-+]?[\d,]+(\.\d+)?(%|万元|[个人次户]+)?$|^\d{4}-\d\d-\d\d$")
CELL_MARGIN_MM = 2 * 1.905  # Table Grid's left and right cell margins (108 twips each)
ASCII_MM = official_forms.DOCX_TABLE_PT / 2 * 25.4 / 72  # a digit is half an em of 宋体


@pytest.mark.parametrize("kind", ["monitoring", "evaluation"])
def test_docx_numbers_never_break(county_demo, tmp_path, kind):
    """Every number, percent, score, count and date in the Word forms is kept on one line
    (w:noWrap) in a cell wide enough for it: "12.5" is never printed as "12./5"."""
    path = export(county_demo, kind, tmp_path / "forms.docx", unit="712001")
    checked = 0
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                text = cell.text.strip()
                if not NUMBER.match(text):
                    continue
                checked += 1
                assert cell._tc.tcPr.find(qn("w:noWrap")) is not None, text
                room = cell.width.mm - CELL_MARGIN_MM
                wide = sum(1 if ord(ch) < 128 else 2 for ch in text) * ASCII_MM
                assert wide <= room, (text, round(room, 1))
    assert checked > 20  # the scores, budgets and rates of both projects were seen


def test_one_project_and_a_whole_unit(county_demo, tmp_path):
    one = export(county_demo, "evaluation", tmp_path / "one.xlsx", project=P1)
    assert openpyxl.load_workbook(one).sheetnames == ["2025年基层团组织经费"]
    with connection(county_demo, read_only=True) as con:
        names = con.execute(
            "SELECT name FROM projects WHERE unit_code = '701001' ORDER BY project_code"
        ).fetchall()
    unit = export(county_demo, "monitoring", tmp_path / "unit.xlsx", unit="701001")
    assert openpyxl.load_workbook(unit).sheetnames == [n[0][:31] for n in names]
    document = docx.Document(
        str(export(county_demo, "monitoring", tmp_path / "unit.docx", unit="701001"))
    )
    assert len(document.sections) == len(names) == 6
    assert len(document.tables) == 2 * len(names)
    assert [t.rows[1].cells[1].text for t in document.tables[0::2]] == [n[0] for n in names]


def test_forms_bytes_for_the_pages(county_demo):
    with connection(county_demo, read_only=True) as con:
        data = official_forms.forms_bytes(con, "monitoring", "xlsx", project=P2)
        word = official_forms.forms_bytes(con, "evaluation", "docx", unit=UNIT)
        form = forms.monitoring_form(con, P2, JULY)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert xlsx_parts(sheet, MONITORING_COLUMNS)[2] == monitoring_rows(form)
    assert len(docx.Document(io.BytesIO(word)).sections) == 2
    assert official_forms.download_name("monitoring", "xlsx", project=P2) == (
        f"绩效监控情况表_{P2}.xlsx"
    )
    assert set(official_forms.MIME_TYPES) == {"xlsx", "docx"}


def test_a_preview_says_so(county_demo, tmp_path):
    path = export(county_demo, "evaluation", tmp_path / "p.xlsx", project=P2, as_of="2025-11-30")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "2025年度项目支出绩效自评表（截至2025年11月30日，预览）"
    path = export(county_demo, "monitoring", tmp_path / "m.xlsx", project=P2, as_of=D(2025, 6, 30))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "2025年度项目支出绩效监控情况表（2025年1—6月）"


@pytest.mark.parametrize(
    ("kind", "name", "scope", "message"),
    [
        ("monitoring", "x.pdf", {"unit": UNIT}, "不支持的文件类型「.pdf」"),
        ("monitoring", "x", {"unit": UNIT}, "不支持的文件类型「x」"),
        ("annual", "x.xlsx", {"unit": UNIT}, "不支持的表格类型「annual」"),
        ("monitoring", "x.xlsx", {"unit": "999999"}, "单位编码 999999 没有已登记的项目"),
        ("evaluation", "x.docx", {"project": "13043425P999"}, "未在绩效目标中登记"),
        ("monitoring", "x.xlsx", {}, "请指定单位编码或项目编码"),
        ("monitoring", "x.xlsx", {"unit": "701001", "project": P1}, "不属于单位 701001"),
        (
            "monitoring",
            "x.xlsx",
            {"project": P1, "as_of": "2024-07-31"},
            "不在项目 13043425P00450110058B 的 2025 年度内",
        ),
        ("monitoring", "x.xlsx", {"unit": UNIT, "as_of": "2026-07-31"}, "没有 2026 年度的项目"),
        ("monitoring", "x.xlsx", {"unit": UNIT, "as_of": "7月31日"}, "格式不对"),
    ],
)
def test_bad_requests_write_nothing(county_demo, tmp_path, kind, name, scope, message):
    with pytest.raises(FormExportError) as refused:
        export(county_demo, kind, tmp_path / name, **scope)
    assert message in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def layout(name: str, code: str) -> Layout:
    return Layout("monitoring", "t", code, name, [], (), [], [], "", True)


def test_sheet_names_are_valid_and_unique():
    layouts = [
        layout("2025年[基层]团组织经费:一/二", "A1"),
        layout("同名项目", "B2"),
        layout("同名项目", "C3"),
        layout("", "D4"),
        layout("很" * 40, "E5"),
        layout("C3", "C3"),
    ]
    names = official_forms.sheet_names(layouts)
    assert names[:5] == ["2025年基层团组织经费一二", "同名项目", "C3", "D4", "很" * 31]
    assert names[5] == "C3(2)"
    assert len({n.lower() for n in names}) == len(names)


def test_cells_as_printed():
    assert official_forms.shown(Cell(38000.0, "wan")) == "3.80"
    assert official_forms.shown(Cell(None, "pct")) == "—"
    assert official_forms.shown(Cell(9.6591, "points")) == "9.66"
    assert official_forms.shown(Cell(10.0, "points")) == "10"
    assert form_layout.causes_text(["其他", "经费保障"]) == "√经费保障 √其他"


# -- the command line -------------------------------------------------------------------------------


def run(db: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = tracker_main(["form", *args, "--db", str(db)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("kind", ["monitoring", "evaluation"])
@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_cli_writes_both_formats(county_demo, tmp_path, capsys, kind, suffix):
    out = tmp_path / f"forms.{suffix}"
    code, stdout, stderr = run(county_demo, capsys, kind, "--unit", UNIT, "--out", str(out))
    assert code == 0 and stderr == ""
    day = "2025-07-31" if kind == "monitoring" else "2025-12-31"
    assert stdout.splitlines() == [
        f"已写出 {official_forms.KINDS[kind]}（截至 {day}），单位 {UNIT} 的 2 个项目 → {out}"
    ]
    if suffix == "xlsx":
        assert len(openpyxl.load_workbook(out).sheetnames) == 2
    else:
        assert len(docx.Document(str(out)).sections) == 2


def test_cli_one_project_with_a_date(county_demo, tmp_path, capsys):
    out = tmp_path / "p1.xlsx"
    code, stdout, _ = run(
        county_demo,
        capsys,
        "monitoring",
        "--project",
        P1,
        "--as-of",
        "2025-06-30",
        "--out",
        str(out),
    )
    assert code == 0
    assert stdout.strip() == f"已写出 绩效监控情况表（截至 2025-06-30），项目 {P1} → {out}"
    assert openpyxl.load_workbook(out).worksheets[0]["E7"].value == "1—6月实际完成值"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["yearly", "--unit", UNIT, "--out", "f.xlsx"], "不支持的表格类型「yearly」"),
        (["monitoring", "--unit", UNIT, "--out", "f.csv"], "不支持的文件类型「.csv」"),
        (["evaluation", "--unit", "000000", "--out", "f.docx"], "单位编码 000000 没有已登记的项目"),
        (["monitoring", "--out", "f.xlsx"], "请指定 --unit 单位编码或 --project 项目编码"),
        (["monitoring", "--unit", UNIT, "--as-of", "7月31日", "--out", "f.xlsx"], "格式不对"),
    ],
)
def test_cli_rejects_with_a_chinese_message(county_demo, tmp_path, capsys, args, message):
    args = [tmp_path / a if a.startswith("f.") else a for a in args]
    code, stdout, stderr = run(county_demo, capsys, *map(str, args))
    assert code == 2 and stdout == ""
    assert stderr.startswith("错误 (error): ") and message in stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_without_a_database(tmp_path, capsys):
    code, _, stderr = run(
        tmp_path / "none.duckdb",
        capsys,
        "monitoring",
        "--unit",
        UNIT,
        "--out",
        str(tmp_path / "f.xlsx"),
    )
    assert code == 2 and "不存在" in stderr
    assert list(tmp_path.iterdir()) == []
