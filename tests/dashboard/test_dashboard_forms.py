"""AppTest for the two form pages (绩效监控 Monitoring, 绩效自评 Self-evaluation): empty,
targets-only and county-demo databases; the figures shown are the engine's (engine.forms);
what a person enters is refused with every problem listed (nothing saved) or saved with its
history; the reviewer scores inside the band; the unit summary; English."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import app_pages
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from cli.main import main as tracker_main
from conftest import table_rows, use_db
from dashboard import form_ui
from engine import forms
from store.db import connection

MONITORING, EVALUATION = "views/monitoring.py", "views/evaluation.py"
PAGES = [MONITORING, EVALUATION]
P1 = "13043425P00450110058B"  # 基层团组织经费 (unit 712001): 执行率 39.6% at 31 July, a miss expected
P1_MISS = "创建基层优秀团组织数量"  # its indicator 1: 9个 to July, 15个 expected (15.46 at its pace, rounded down), target ≥22个
P2 = "13043425P00437410002E"  # 特困生救助金 (unit 712001): 执行率 100% at year end
P3 = "13043425P00410896356B"  # 教师培训: 执行率 66%, qualitative seq 5 with no level in the records
UNIT = "712001"
JULY, YEAR_END = dt.date(2025, 7, 31), dt.date(2025, 12, 31)


@pytest.fixture
def writable(monkeypatch, county_demo, tmp_path) -> Path:
    """A copy of the county demo that a test may save forms into."""
    db = tmp_path / "tracker.duckdb"
    shutil.copy(county_demo, db)
    return use_db(monkeypatch, db)


# the view's as-of date the forms follow: the mid-year monitoring (1—7月), the year-end evaluation
VIEW_DATES = {MONITORING: JULY, EVALUATION: YEAR_END}


def run(page: str, query: dict | None = None, view_date: bool = True) -> AppTest:
    """The page through the app; the view's date set to the form's usual one unless the query
    names a period or a date (or `view_date` is False: the default, the latest record)."""
    query = dict(query or {})
    if view_date and not {"date", "period"} & set(query):
        query["date"] = VIEW_DATES[page].isoformat()
    return app_pages.run(page, query)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def numbers(cells) -> list[float]:
    """A table's number cells as shown (text, 1,234.5) back to numbers."""
    return [float(str(c).replace(",", "")) for c in cells]


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def monitoring(db: Path, code: str = P1, day: dt.date = JULY) -> forms.MonitoringForm:
    with connection(db, read_only=True) as con:
        return forms.monitoring_form(con, code, day)


def evaluation(db: Path, code: str, day: dt.date = YEAR_END, reviews=None) -> forms.EvaluationForm:
    with connection(db, read_only=True) as con:
        return forms.evaluation_form(con, code, day, reviews=reviews)


def line_key(seq: int, field: str, code: str = P1, period: str = "2025-07") -> str:
    return f"mon_{code}_{period}_{seq}_{field}"


def fill_monitoring(at: AppTest, form: forms.MonitoringForm, author: str = "张三") -> None:
    """Every line answered 有可能 with an explanation."""
    for line in form.lines:
        at.radio(key=line_key(line.seq, "likelihood")).set_value("有可能")
        at.text_area(key=line_key(line.seq, "explanation")).set_value(f"第{line.seq}行说明")
    at.text_input(key="mon_author").set_value(author)


def save(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def saves(db: Path, table: str) -> list[tuple]:
    return table_rows(db, f"SELECT save_id, count(*) FROM {table} GROUP BY 1 ORDER BY 1")


# -- database states ------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_empty_database_says_what_to_load(monkeypatch, tmp_path, page):
    db = use_db(monkeypatch, tmp_path / "tracker.duckdb")
    with connection(db):
        pass  # the schema only
    at = run(page)
    assert "数据库中还没有项目" in at.info[0].value
    assert at.get("page_link"), "the empty state links the import page"
    assert not at.button and not at.download_button


@pytest.mark.parametrize("page", PAGES)
def test_targets_only(monkeypatch, db_path, sample_txt, page):
    use_db(monkeypatch, db_path)
    assert tracker_main(["load", "targets", str(sample_txt), "--db", str(db_path)]) == 0
    at = run(page, {"project": P1})
    assert at.title
    shown = metrics(at)
    assert shown["已支出（万元）"] == "0.00"
    assert shown["执行率"] == "0.0%"
    if page == EVALUATION:
        with connection(db_path, read_only=True) as con:
            summary = forms.unit_summary(con, "712001", YEAR_END)
        assert len(at.dataframe[-1].value) == len(summary) == 2


@pytest.mark.parametrize("page", PAGES)
def test_county_demo_every_project_of_a_unit(county, page):
    """A new unit picks one of its projects; every project of the unit renders (one has
    indicators with no unit of measure)."""
    at = run(page, {"project": P1})
    at.selectbox(key="view_unit").set_value("710001").run()
    assert not at.exception, at.exception
    key = "mon_project" if page == MONITORING else "eval_project"
    options = at.selectbox(key=key).options
    assert at.query_params["project"] in (
        options[0].split(" · ")[-1],
        [options[0].split(" · ")[-1]],
    )
    for code in options[1:]:
        at.selectbox(key=key).set_value(code.split(" · ")[-1]).run()
        assert not at.exception, (code, at.exception)


# -- monitoring ---------------------------------------------------------------------------------
def test_monitoring_shows_the_engine_figures(county):
    at = run(MONITORING, {"project": P1})
    form = monitoring(county)
    assert at.title[0].value == "绩效监控情况表"
    assert form.execution_pct == pytest.approx(39.6)
    shown = metrics(at)
    assert shown["执行率"] == f"{form.execution_pct:.1f}%"
    assert shown["全年预计执行率"] == f"{form.forecast_pct:.1f}%"
    assert shown["调整后预算（万元）"] == "5.00"
    assert any("2025年1—7月" in c for c in texts(at.caption))
    markdown = texts(at.markdown)
    # the budget line first, then each indicator, with the engine's figures in order
    heads = [m for m in markdown if m.startswith("**") and ". " in m]
    assert [h.split("**")[1] for h in heads] == [f"{x.seq}. {x.name}" for x in form.lines]
    assert heads[0].startswith("**0. 预算执行率**")
    expected = [m.split("**")[1] for m in markdown if m.startswith("全年预计")]
    assert expected == [x.expected_text for x in form.lines]
    actual = [m.split("**")[1] for m in markdown if m.startswith("1—7月实际")]
    assert actual == [x.actual_text for x in form.lines]
    views = [m.split("**")[1] for m in markdown if m.startswith("系统判断")]
    words = {True: "● 预计可完成", False: "▲ 预计难以完成", None: "○ 无法判断"}
    assert views == [words[x.engine_meets] for x in form.lines]
    assert views[0] == "▲ 预计难以完成"
    # a never-saved form: nothing chosen yet
    assert [at.radio(key=line_key(x.seq, "likelihood")).value for x in form.lines] == [None] * 8
    assert "尚未保存" in " ".join(texts(at.caption))


def test_monitoring_period_from_the_url_and_the_select(county):
    at = run(MONITORING, {"project": P1, "period": "2025-05"})
    may = monitoring(county, day=dt.date(2025, 5, 31))
    assert metrics(at)["执行率"] == f"{may.execution_pct:.1f}%"
    assert any("2025年1—5月" in c for c in texts(at.caption))
    at.selectbox(key="mon_period_2025").set_value("2025-07").run()
    assert metrics(at)["执行率"] == f"{monitoring(county).execution_pct:.1f}%"
    assert at.query_params["period"] in ("2025-07", ["2025-07"])


def test_the_forms_follow_the_views_date(county):
    """No period or date asked for: the forms follow the sidebar's as-of date (the latest record,
    30 November): monitoring 1—11月 (the last whole month), the evaluation a preview on that day;
    a date chosen in the sidebar moves both."""
    at = run(MONITORING, {"project": P1}, view_date=False)
    assert at.date_input(key="view_as_of").value == dt.date(2025, 11, 30)
    assert at.selectbox(key="mon_period_2025").value == "2025-11"
    november = monitoring(county, day=dt.date(2025, 11, 30))
    assert metrics(at)["执行率"] == f"{november.execution_pct:.1f}%"
    at = run(MONITORING, {"project": P1, "date": "2025-09-29"}, view_date=False)
    assert at.selectbox(key="mon_period_2025").value == "2025-08"  # September not yet over
    at = run(EVALUATION, {"project": P1}, view_date=False)
    assert any("预评" in i and "2025-11-30" in i for i in texts(at.info))
    day = dt.date(2025, 11, 30)
    assert metrics(at)["总分"] == f"{evaluation(county, P1, day).total:.2f}"
    at.date_input(key="view_as_of").set_value(YEAR_END).run()
    assert not [i for i in texts(at.info) if "预评" in i]
    assert metrics(at)["总分"] == f"{evaluation(county, P1).total:.2f}"


def test_monitoring_refuses_a_missing_explanation_and_saves_nothing(writable):
    at = run(MONITORING, {"project": P1})
    form = monitoring(writable)
    fill_monitoring(at, form)
    for line in form.lines:
        at.radio(key=line_key(line.seq, "likelihood")).set_value("确定能")
    at.radio(key=line_key(1, "likelihood")).set_value("有可能")
    at.text_area(key=line_key(1, "explanation")).set_value("")
    save(at, "mon_save")
    assert len(at.error) == 1
    message = at.error[0].value
    assert "未保存任何内容" in message
    assert f"「{P1_MISS}」选择「有可能」时必须填写原因说明" in message
    assert message.count("- ") == 1, "only the line without its explanation"
    assert not at.success
    assert saves(writable, "monitoring_responses") == []


def test_monitoring_lists_every_problem(writable):
    at = run(MONITORING, {"project": P1})
    save(at, "mon_save")
    message = at.error[0].value
    assert "请填写填报人" in message
    for line in monitoring(writable).lines:
        assert f"「{line.name}」未选择完成可能性" in message
    assert saves(writable, "monitoring_responses") == []


def test_monitoring_saves_and_keeps_every_save(writable):
    at = run(MONITORING, {"project": P1})
    form = monitoring(writable)
    fill_monitoring(at, form)
    at.multiselect(key=line_key(1, "causes")).set_value(["经费保障", "人员保障"])
    at.text_area(key=line_key(1, "measures")).set_value("加快评选进度")
    save(at, "mon_save")
    assert not at.error
    assert at.success[0].value == "已保存（第 1 号保存）。此前的保存仍保留在历史中。"
    assert saves(writable, "monitoring_responses") == [(1, len(form.lines))]
    row = table_rows(
        writable,
        "SELECT causes, likelihood, explanation, measures, expected_text, author"
        " FROM monitoring_responses WHERE indicator_seq = 1",
    )
    assert row == [
        (["经费保障", "人员保障"], "有可能", "第1行说明", "加快评选进度", "15个", "张三")
    ]

    # a new session shows the saved answers
    again = run(MONITORING, {"project": P1})
    assert [again.radio(key=line_key(x.seq, "likelihood")).value for x in form.lines] == [
        "有可能"
    ] * len(form.lines)
    assert again.multiselect(key=line_key(1, "causes")).value == ["经费保障", "人员保障"]
    assert again.text_area(key=line_key(1, "explanation")).value == "第1行说明"
    assert again.text_input(key="mon_author").value == "张三"
    assert "最近一次保存：张三" in " ".join(texts(again.caption))

    # a second save keeps the first; the form shows the latest
    again.text_area(key=line_key(1, "explanation")).set_value("评选推迟到第四季度")
    again.text_input(key="mon_author").set_value("李四")
    save(again, "mon_save")
    assert again.success[0].value.startswith("已保存（第 2 号保存）")
    assert saves(writable, "monitoring_responses") == [(1, 8), (2, 8)]
    third = run(MONITORING, {"project": P1})
    assert third.text_area(key=line_key(1, "explanation")).value == "评选推迟到第四季度"
    assert "共保存 2 次" in " ".join(texts(third.caption))
    history = third.dataframe[0].value
    assert history["保存号"].tolist() == ["2", "1"]
    assert history["填报人"].tolist() == ["李四", "张三"]


def test_monitoring_shows_a_disagreement(writable):
    at = run(MONITORING, {"project": P1})
    form = monitoring(writable)
    assert [x.engine_meets for x in form.lines][:3] == [False, False, True]
    for seq in (0, 2):  # the engine expects a miss on line 0, success on line 2
        at.radio(key=line_key(seq, "likelihood")).set_value("确定能").run()
    # shown as soon as 确定能 is chosen, before any save
    warnings = [w for w in texts(at.warning) if "系统预计该目标难以完成" in w]
    assert len(warnings) == 1
    save(at, "mon_save")  # refused (lines left unanswered): the warning still shows
    warnings = [w for w in texts(at.warning) if "系统预计该目标难以完成" in w]
    assert len(warnings) == 1
    assert saves(writable, "monitoring_responses") == []
    # answered 有可能, the disagreement goes away at once
    at.radio(key=line_key(0, "likelihood")).set_value("有可能").run()
    assert not [w for w in texts(at.warning) if "系统预计该目标难以完成" in w]


def test_monitoring_downloads_carry_the_saved_answers(writable):
    at = run(MONITORING, {"project": P1})
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "本项目 .xlsx",
        "本项目 .docx",
        "本单位全部项目 .xlsx",
        "本单位全部项目 .docx",
    ]
    fill_monitoring(at, monitoring(writable))
    save(at, "mon_save")
    # what the buttons make when clicked (on a thread of their own, their own connection)
    for scope in ({"project": P1}, {"unit": UNIT}):
        data = form_ui.export_bytes(writable, "monitoring", "xlsx", as_of=JULY, **scope)
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        cells = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row}
        assert "第1行说明" in cells
        assert any("张三" in c for c in cells)
        document = form_ui.export_bytes(writable, "monitoring", "docx", as_of=JULY, **scope)
        assert document[:2] == b"PK"


# -- self-evaluation ----------------------------------------------------------------------------
def test_evaluation_shows_the_engine_score(county):
    at = run(EVALUATION, {"project": P1})
    form = evaluation(county, P1)
    assert at.title[0].value == "绩效自评表"
    shown = metrics(at)
    assert shown["执行率"] == f"{form.execution_pct:.1f}%"
    assert shown["预算执行率得分"] == f"{form.execution_points:.2f} / 10"
    assert shown["总分"] == f"{form.total:.2f}"
    assert shown["等级"] == form.grade
    lines = at.dataframe[0].value
    assert lines["三级指标"].tolist() == [x.name for x in form.lines]
    assert numbers(lines["得分"]) == pytest.approx([x.points for x in form.lines], abs=0.005)
    assert numbers(lines["分值"]) == pytest.approx([x.weight for x in form.lines], abs=0.005)
    assert not [i for i in texts(at.info) if "预评" in i], "31 December: the year-end evaluation"
    labels = [b.proto.label for b in at.get("download_button")][:4]
    assert labels == [
        "本项目 .xlsx",
        "本项目 .docx",
        "本单位全部项目 .xlsx",
        "本单位全部项目 .docx",
    ]


def test_evaluation_earlier_date_is_a_preview(county):
    at = run(EVALUATION, {"project": P1, "date": "2025-06-30"})
    assert any("预评" in i and "2025-06-30" in i for i in texts(at.info))
    assert metrics(at)["总分"] == f"{evaluation(county, P1, dt.date(2025, 6, 30)).total:.2f}"


def test_reviewer_scores_inside_the_band(writable):
    at = run(EVALUATION, {"project": P3})
    before = evaluation(writable, P3)
    line = next(x for x in before.lines if x.kind == "qualitative")
    assert (line.seq, line.level, line.points) == (5, None, 0.0)
    assert metrics(at)["总分"] == f"{before.total:.2f}"
    key = f"eval_{P3}_{YEAR_END}_5"
    at.selectbox(key=f"{key}_level").set_value("部分达成").run()
    floor = evaluation(writable, P3, reviews={5: ("部分达成", None)})
    assert metrics(at)["总分"] == f"{floor.total:.2f}"  # the band's floor until scored
    points = at.number_input(key=f"{key}_points_部分达成")
    assert points.label == "评审得分（18.00–24.00 分）"
    # outside the band: refused, the total stays
    points.set_value(27.0).run()
    assert at.number_input(key=f"{key}_points_部分达成").value is None
    assert metrics(at)["总分"] == f"{floor.total:.2f}"
    # inside: the total follows
    at.number_input(key=f"{key}_points_部分达成").set_value(21.5).run()
    scored = evaluation(writable, P3, reviews={5: ("部分达成", 21.5)})
    assert scored.total == pytest.approx(floor.total + 3.5)
    assert metrics(at)["总分"] == f"{scored.total:.2f}"
    shown = numbers(at.dataframe[0].value["得分"])
    assert shown == pytest.approx([x.points for x in scored.lines], abs=0.005)
    # saved with the explanation 执行率 < 90% requires
    at.text_area(key=f"eval_{P3}_{YEAR_END}_why").set_value("培训延期到下半年")
    at.text_area(key=f"eval_{P3}_{YEAR_END}_do").set_value("提前制定培训计划")
    at.text_input(key="eval_author").set_value("王五")
    save(at, "eval_save")
    assert not at.error, texts(at.error)
    assert at.success[0].value.startswith("已保存（第 1 号保存）")
    rows = table_rows(
        writable,
        "SELECT indicator_seq, level, points, reason, measures, author FROM evaluation_responses"
        " WHERE indicator_seq IN (0, 5) ORDER BY 1",
    )
    assert rows == [
        (0, None, None, "培训延期到下半年", "提前制定培训计划", "王五"),
        (5, "部分达成", 21.5, "", None, "王五"),
    ]
    # the saved score is the form's from now on, in a new session too
    again = run(EVALUATION, {"project": P3})
    assert metrics(again)["总分"] == f"{scored.total:.2f}"
    assert again.selectbox(key=f"{key}_level").value == "部分达成"
    assert again.number_input(key=f"{key}_points_部分达成").value == 21.5
    assert evaluation(writable, P3).total == pytest.approx(scored.total)


def test_reviewer_changing_the_level_changes_the_band(county):
    at = run(EVALUATION, {"project": P3})
    key = f"eval_{P3}_{YEAR_END}_5"
    at.selectbox(key=f"{key}_level").set_value("达成").run()
    assert at.number_input(key=f"{key}_points_达成").label == "评审得分（24.00–30.00 分）"
    at.number_input(key=f"{key}_points_达成").set_value(30.0).run()
    at.selectbox(key=f"{key}_level").set_value("未达成").run()
    assert not at.exception
    assert at.number_input(key=f"{key}_points_未达成").label == "评审得分（0.00–18.00 分）"
    expected = evaluation(county, P3, reviews={5: ("未达成", None)})
    assert metrics(at)["总分"] == f"{expected.total:.2f}"


def test_evaluation_requires_the_explanation_below_90(writable):
    at = run(EVALUATION, {"project": P3})
    assert evaluation(writable, P3).execution_pct < 90
    assert "执行率低于 90%，自评时须说明原因。" in texts(at.warning)
    assert at.text_area(key=f"eval_{P3}_{YEAR_END}_why").label.endswith("（必填）")
    at.selectbox(key=f"eval_{P3}_{YEAR_END}_5_level").set_value("达成").run()
    at.text_input(key="eval_author").set_value("王五")
    save(at, "eval_save")
    assert "低于 90%，必须填写原因说明" in at.error[0].value
    assert saves(writable, "evaluation_responses") == []
    # at 100% the explanation is optional: the same save goes through
    full = run(EVALUATION, {"project": P2})
    assert evaluation(writable, P2).execution_pct >= 90
    assert "执行率低于 90%，自评时须说明原因。" not in texts(full.warning)
    assert full.text_area(key=f"eval_{P2}_{YEAR_END}_why").label == "预算执行情况说明"
    full.text_input(key="eval_author").set_value("王五")
    save(full, "eval_save")
    assert not full.error
    assert saves(writable, "evaluation_responses") == [(1, 1 + len(evaluation(writable, P2).lines))]


def test_evaluation_unreviewed_level_is_refused(writable):
    at = run(EVALUATION, {"project": P3})
    at.text_area(key=f"eval_{P3}_{YEAR_END}_why").set_value("培训延期")
    at.text_input(key="eval_author").set_value("王五")
    save(at, "eval_save")
    assert "「教师专业能力」未选择完成等级" in at.error[0].value
    assert saves(writable, "evaluation_responses") == []


def test_unit_summary_lists_every_project_of_the_unit(county):
    at = run(EVALUATION, {"unit": UNIT, "project": P1})
    with connection(county, read_only=True) as con:
        summary = forms.unit_summary(con, UNIT, YEAR_END)
        codes = [
            r[0]
            for r in con.execute(
                "SELECT project_code FROM projects WHERE unit_code = ? ORDER BY 1", [UNIT]
            ).fetchall()
        ]
    table = at.dataframe[-1].value
    assert sorted(table["项目编码"]) == codes == sorted(summary["project_code"])
    assert numbers(table["总分"]) == pytest.approx(summary["total"].tolist(), abs=0.005)
    assert table["等级"].tolist() == summary["grade"].tolist()
    assert all(c.split()[0] in "▲◆●■○" for c in table["综合状态"])
    assert any(f"{UNIT} " in c and f"{len(codes)} 个项目" in c for c in texts(at.caption))
    names = [b.proto.label for b in at.get("download_button")]
    assert "下载 CSV" in names and "下载 Excel" in names


def test_unit_summary_without_a_unit_filter_is_the_projects_unit(county):
    """No unit chosen: the summary is the shown project's unit (a province has 500 units)."""
    at = run(EVALUATION, {"project": P1})
    with connection(county, read_only=True) as con:
        unit = con.execute("SELECT unit_code FROM projects WHERE project_code = ?", [P1]).fetchall()
        projects = con.execute(
            "SELECT count(*) FROM projects WHERE unit_code = ?", [unit[0][0]]
        ).fetchall()[0][0]
    assert len(at.dataframe[-1].value) == projects


# -- English --------------------------------------------------------------------------------------
def test_english(county):
    at = run(MONITORING, {"project": P1, "lang": "en"})
    assert at.title[0].value == "Performance monitoring form"
    assert "Expected full-year execution" in metrics(at)
    radio = at.radio(key=line_key(0, "likelihood"))
    assert radio.options == ["certain", "possible", "impossible"]
    assert any("Jan–Jul 2025" in c for c in texts(at.caption))
    assert any("▲ expected to be missed" in m for m in texts(at.markdown))
    at = run(EVALUATION, {"project": P3, "lang": "en"})
    assert at.title[0].value == "Performance self-evaluation form"
    assert "Total" in metrics(at) and "Grade" in metrics(at)
    assert metrics(at)["Grade"] == "poor (差)"
    assert "Execution is below 90%: the self-evaluation must explain why." in texts(at.warning)
