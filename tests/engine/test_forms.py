"""The two official forms' core (engine/forms.py) on real databases: the engine's figures, the
required-field rules (refused saves write nothing), saves kept as history, reviewer scores inside
their bands."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest

from conftest import table_rows
from dashboard import form_ui
from engine import forms, rules
from engine.status import compute_status
from store.db import connection
from store.settings import ScoreSettings

D = dt.date
P1 = "13043425P00450110058B"  # 2025年基层团组织经费
P2 = "13043425P00437410002E"  # 2025年特困生救助金


@pytest.fixture
def demo(county_demo, tmp_path) -> Path:
    """A writable copy of the county demo."""
    db = tmp_path / "tracker.duckdb"
    shutil.copy(county_demo, db)
    return db


JULY, YEAR_END = D(2025, 7, 31), D(2025, 12, 31)


def monitoring(db: Path, code: str = P1, day: D = JULY) -> forms.MonitoringForm:
    with connection(db, read_only=True) as con:
        return forms.monitoring_form(con, code, day)


def evaluation(db: Path, code: str = P2, day: D = YEAR_END, **kw) -> forms.EvaluationForm:
    with connection(db, read_only=True) as con:
        return forms.evaluation_form(con, code, day, **kw)


def answer_all(form: forms.MonitoringForm, likelihood: str, explanation: str = "") -> None:
    for line in form.lines:
        line.likelihood, line.explanation = likelihood, explanation


@pytest.mark.parametrize(
    ("kind", "source", "actual", "months", "spent", "expected", "unit"),
    [
        (
            "quantity",
            "reported",
            9.0,
            7.0,
            None,
            9 / 7 * 12,
            None,
        ),  # an amount continues at its pace
        ("quantity", "reported", 9.0, 7.0, None, 15.0, "人"),  # whole people: 15.43 → 15
        ("quantity", "reported", 7.0, 7.0, None, 12.0, "人次"),  # exactly 12 stays 12
        ("quantity", "reported", 9.0, 7.0, None, 15.0, "台(套)"),
        ("quantity", "reported", 9.0, 7.0, None, 9 / 7 * 12, "公里"),  # a measure keeps decimals
        ("quantity", "reported", 9.0, 7.0, None, 9 / 7 * 12, "年"),
        ("money", "spending", 19800.0, 7.0, 27800.0, 27800.0, None),  # cost: the spending forecast
        ("percent", "reported", 91.3, 7.0, None, 91.3, None),  # a rate stays where it is
        ("percent", "survey", 88.0, 7.0, None, 88.0, None),
        ("quantity", "reported", None, 7.0, None, None, None),  # nothing known yet
        ("quantity", "reported", 5.0, 0.0, None, None, None),  # no time has passed
        ("qualitative", "reported", None, 7.0, None, None, None),
    ],
)
def test_expected_full_year(kind, source, actual, months, spent, expected, unit):
    value = rules.expected_full_year(kind, source, actual, months, spent, unit)
    assert value == pytest.approx(expected) if expected is not None else value is None


@pytest.mark.parametrize(
    ("args", "meets"),
    [
        (("quantity", "higher", 22.0, 15.4), False),
        (("quantity", "higher", 22.0, 22.0), True),
        (("money", "lower", 50000.0, 48000.0), True),
        (("money", "lower", 50000.0, 50001.0), False),
        (("qualitative", None, None, None, "达成"), True),
        (("qualitative", None, None, None, "部分达成"), False),
        (("qualitative", None, None, None, None), None),
        (
            ("deadline", None, None, None, None, D(2025, 6, 1), D(2025, 12, 31), D(2025, 7, 31)),
            True,
        ),
        (("deadline", None, None, None, None, None, D(2025, 6, 30), D(2025, 7, 31)), False),
        (("deadline", None, None, None, None, None, D(2025, 12, 31), D(2025, 7, 31)), None),
    ],
)
def test_expected_meets(args, meets):
    assert rules.expected_meets(*args) is meets


def test_monitoring_form_is_filled_from_the_engine(demo):
    form = monitoring(demo)
    status = compute_status_at(demo, D(2025, 7, 31), P1)
    row = status.projects.iloc[0]
    assert form.period_text == "2025年1—7月"
    assert form.spent == pytest.approx(row["spent"])
    assert form.execution_pct == pytest.approx(row["execution_pct"])
    budget = form.lines[0]
    assert budget.seq == forms.BUDGET_SEQ and budget.name == "预算执行率"
    assert budget.actual_text == f"{row['execution_pct']:.1f}%"
    assert budget.engine_meets is bool(row["forecast_pct"] >= 100)
    indicators = status.indicators
    assert [line.seq for line in form.lines[1:]] == list(indicators["seq"])
    count = form.lines[1]  # 创建基层优秀团组织数量 ≥22个: continued at its pace
    actual = float(indicators.iloc[0]["actual"])
    elapsed = (D(2025, 7, 31) - D(2024, 12, 31)).days / 365 * 12
    pace = actual / elapsed * 12  # 15.46: whole 个 are forecast rounded down
    assert count.expected_text == forms.number_text(math.floor(pace), "quantity", "个") == "15个"
    assert count.engine_meets is bool(math.floor(pace) >= 22)


def compute_status_at(db: Path, day: D, code: str):
    with connection(db, read_only=True) as con:
        return compute_status(con, day, project=code)


def test_explanation_required_unless_sure_and_nothing_saved(demo):
    form = monitoring(demo)
    answer_all(form, "有可能")
    with connection(demo) as con, pytest.raises(forms.FormError) as refused:
        form_ui.save_answers(con, form, "张三")
    assert any("预算执行率" in p and "必须填写原因说明" in p for p in refused.value.problems)
    assert len(refused.value.problems) == len(form.lines)
    assert table_rows(demo, "SELECT count(*) FROM monitoring_responses") == [(0,)]
    # no likelihood at all, and no author
    blank = monitoring(demo)
    with connection(demo) as con, pytest.raises(forms.FormError) as refused:
        form_ui.save_answers(con, blank, " ")
    assert refused.value.problems[0] == "请填写填报人"
    assert any("未选择完成可能性" in p for p in refused.value.problems)
    assert table_rows(demo, "SELECT count(*) FROM monitoring_responses") == [(0,)]


def test_saves_are_kept_and_the_latest_is_shown(demo):
    form = monitoring(demo)
    answer_all(form, "确定能")
    form.lines[1].causes = ["经费保障", "其他"]
    with connection(demo) as con:
        first = form_ui.save_answers(con, form, "张三")
    again = monitoring(demo)
    assert again.saves == 1 and again.saved_by == "张三"
    assert again.lines[1].causes == ["经费保障", "其他"] and again.lines[1].likelihood == "确定能"
    answer_all(again, "有可能", "受疫情影响，活动推迟到第四季度")
    with connection(demo) as con:
        second = form_ui.save_answers(con, again, "李四")
    assert second > first
    latest = monitoring(demo)
    assert latest.saves == 2 and latest.saved_by == "李四"
    assert latest.lines[0].explanation == "受疫情影响，活动推迟到第四季度"
    kept = table_rows(
        demo,
        "SELECT save_id, author, likelihood FROM monitoring_responses WHERE indicator_seq = 0"
        " ORDER BY save_id",
    )
    assert kept == [(first, "张三", "确定能"), (second, "李四", "有可能")]
    with connection(demo, read_only=True) as con:
        saves = forms.history(con, "monitoring", P1, D(2025, 7, 31))
    assert list(saves["author"]) == ["李四", "张三"]
    # another period is another form
    assert monitoring(demo, day=D(2025, 6, 30)).saves == 0


def test_engine_disagreement_is_visible(demo):
    form = monitoring(demo)
    answer_all(form, "确定能")
    missed = [line for line in form.lines if line.engine_meets is False]
    assert missed, "the demo's P1 lags at 31 July"
    assert all(line.disagrees for line in missed)
    assert not any(line.disagrees for line in form.lines if line.engine_meets is not False)


def test_unknown_cause_refused(demo):
    form = monitoring(demo)
    answer_all(form, "确定能")
    form.lines[2].causes = ["天气"]
    assert any("天气" in p for p in forms.check_monitoring(form))


def test_evaluation_reviewer_scores_inside_the_band(demo):
    form = evaluation(demo)
    qualitative = [line for line in form.lines if line.kind == "qualitative"]
    assert qualitative and all(line.band is not None for line in qualitative)
    line = qualitative[0]
    low, high = line.band
    assert line.points == pytest.approx(low)  # no review yet: the band's lower bound
    reviews = {line.seq: (line.level, high)}
    better = evaluation(demo, reviews=reviews)
    assert better.total == pytest.approx(form.total + (high - low), abs=0.01)
    assert rules.grade(better.total, ScoreSettings()) == better.grade
    # outside the band: refused, nothing saved
    outside = evaluation(demo, reviews={line.seq: (line.level, high + 1)})
    target = next(x for x in outside.lines if x.seq == line.seq)
    target.reviewer_points = high + 1
    with connection(demo) as con, pytest.raises(forms.FormError) as refused:
        form_ui.save_answers(con, outside, "王五")
    assert "不在" in refused.value.problems[0]
    assert table_rows(demo, "SELECT count(*) FROM evaluation_responses") == [(0,)]
    # inside: saved, and the saved score is what the form shows next time
    with connection(demo) as con:
        form_ui.save_answers(con, better, "王五")
    saved = evaluation(demo)
    assert saved.saves == 1 and saved.total == pytest.approx(better.total)


def test_evaluation_explanation_required_below_90(demo):
    form = evaluation(demo, code=P1)  # 2025年基层团组织经费: below 90% at year end in the demo
    assert form.execution_pct is not None and form.execution_pct < 90
    assert form.explanation_required
    for line in form.lines:
        if line.kind == "qualitative" and line.level is None:
            line.level = "达成"
    with connection(demo) as con, pytest.raises(forms.FormError) as refused:
        form_ui.save_answers(con, form, "王五")
    assert any("低于 90%" in p for p in refused.value.problems)
    form.explanation = "下半年活动集中在12月，支付跨年"
    form.measures = "提前安排活动，按季度支付"
    with connection(demo) as con:
        form_ui.save_answers(con, form, "王五")
    again = evaluation(demo, code=P1)
    assert again.explanation == "下半年活动集中在12月，支付跨年"
    assert again.measures == "提前安排活动，按季度支付"


def test_unit_summary(demo):
    with connection(demo, read_only=True) as con:
        summary = forms.unit_summary(con, "712001", D(2025, 12, 31))
    assert list(summary["project_code"]) == [P2, P1]
    for row in summary.itertuples():
        form = evaluation(demo, code=row.project_code)
        assert row.total == pytest.approx(form.total) and row.grade == form.grade


def test_a_database_from_before_the_forms(demo):
    """Read-only, a database without the response tables shows empty forms; the first save adds
    the tables."""
    import duckdb

    with duckdb.connect(str(demo)) as con:
        con.execute("DROP TABLE monitoring_responses")
        con.execute("DROP TABLE evaluation_responses")
    form = monitoring(demo)
    assert form.saves == 0 and evaluation(demo).saves == 0
    with connection(demo, read_only=True) as con:
        assert forms.history(con, "monitoring", P1, JULY).empty
    answer_all(form, "确定能")
    with connection(demo) as con:
        form_ui.save_answers(con, form, "张三")
    assert monitoring(demo).saves == 1


def test_saved_reviews_count_everywhere(demo, tracker):
    """A reviewer's saved score gives the same total on the form, in `tracker score` and in the
    unit summary."""
    form = evaluation(demo)
    line = next(x for x in form.lines if x.kind == "qualitative")
    high = line.band[1]
    reviewed = evaluation(demo, reviews={line.seq: (line.level, high)})
    next(x for x in reviewed.lines if x.seq == line.seq).reviewer_points = high
    with connection(demo) as con:
        form_ui.save_answers(con, reviewed, "王五")
    code, out, _ = tracker(
        "score", "--project", P2, "--as-of", "2025-12-31", "--format", "json", "--db", str(demo)
    )
    assert code == 0
    import json

    assert json.loads(out)["total"] == pytest.approx(reviewed.total, abs=0.01)
    with connection(demo, read_only=True) as con:
        summary = forms.unit_summary(con, "712001", YEAR_END)
    assert summary.set_index("project_code").loc[P2, "total"] == pytest.approx(reviewed.total)
    assert bool(summary.set_index("project_code").loc[P2, "reviewed"])
