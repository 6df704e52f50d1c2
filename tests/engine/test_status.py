"""The engine on real databases built by the loaders: hand-computed statuses at several dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import table_rows
from engine.scoring import score
from engine.status import compute_status, curve, lagging, summaries
from records_files import P1, P2, spending_row, write_csv
from store.db import connection, rebuild_spending_monthly, schema_sql

D = dt.date


@pytest.fixture
def year_db(tracker, sample_txt, db_path, tmp_path) -> Path:
    """The sample's two projects (5万 each, plan 30/30/100) with a year of records."""
    assert tracker("load", "targets", str(sample_txt))[0] == 0
    rows = [
        spending_row("2025-03-10", P1, "10000", "A1"),
        spending_row("2025-03-31", P1, "5000", "A2"),  # P1 reaches 30% on 31 March
        spending_row("2025-05-20", P1, "5000", "A3"),
        spending_row("2025-09-15", P1, "20000", "A4"),
        spending_row("2025-03-20", P2, "9000", "B1"),  # P2: 18% at 31 March
        spending_row("2025-07-01", P2, "12000", "B2"),
        spending_row("2025-07-05", P2, "-1000", "B3", summary="冲销"),
    ]
    assert tracker("load", "spending", str(write_csv(tmp_path / "pay.csv", rows)))[0] == 0
    adjustment = tmp_path / "adj.csv"
    adjustment.write_text(
        f"项目编码,调整日期,调整金额,文号\n{P2},2025-06-15,10000,魏财预〔2025〕12号\n", "utf-8"
    )
    assert tracker("load", "adjustments", str(adjustment))[0] == 0
    return db_path


def status_at(db: Path, day: dt.date, **scope):
    with connection(db, read_only=True) as con:
        return compute_status(con, day, **scope)


def row(status, code):
    return status.projects.set_index("project_code").loc[code]


def test_before_the_first_record(year_db):
    p1 = row(status_at(year_db, D(2025, 1, 15)), P1)
    assert p1["spent"] == 0 and p1["execution_pct"] == 0
    assert p1["plan_pct"] == pytest.approx(30 * 15 / 90)
    assert p1["warning"] == "red"
    assert pd_isna(p1["last_checkpoint"])
    assert p1["next_checkpoint"] == D(2025, 3, 31) and p1["to_spend_yuan"] == 15000
    assert p1["days_left"] == 75 and p1["per_day_yuan"] == 200


def test_exactly_on_a_checkpoint(year_db):
    status = status_at(year_db, D(2025, 3, 31))
    p1, p2 = row(status, P1), row(status, P2)
    assert p1["execution_pct"] == pytest.approx(30.0) and p1["plan_pct"] == pytest.approx(30.0)
    assert p1["last_checkpoint_status"] == "met" and p1["shortfall_yuan"] == 0
    assert p2["last_checkpoint_pct"] == pytest.approx(18.0)
    assert p2["last_checkpoint_status"] == "missed" and p2["shortfall_yuan"] == 6000
    assert p2["warning"] == "yellow"  # r = 18 / 30 = 60


def test_between_checkpoints_with_an_adjustment_and_a_reversal(year_db):
    p2 = row(status_at(year_db, D(2025, 8, 31)), P2)
    assert p2["budget_original"] == 50000 and p2["adjustments"] == 10000
    assert p2["budget_current"] == 60000  # the denominator after the 追加
    assert p2["spent"] == 20000  # 9,000 + 12,000 − 1,000 reversal
    assert p2["reversals"] == 1 and p2["reversal_yuan"] == -1000
    assert p2["execution_pct"] == pytest.approx(20000 / 60000 * 100)
    assert p2["plan_pct"] == pytest.approx(30 + 70 * 62 / 123)
    assert p2["last_checkpoint"] == D(2025, 6, 30)
    # at 30 June: 9,000 spent of 60,000 (the adjustment came on 15 June): 15% against 30%
    assert p2["last_checkpoint_pct"] == pytest.approx(15.0) and p2["shortfall_yuan"] == 9000
    assert p2["next_checkpoint"] == D(2025, 10, 31) and p2["to_spend_yuan"] == 40000
    assert p2["days_left"] == 61


def test_after_the_last_checkpoint(year_db):
    status = status_at(year_db, D(2026, 2, 1))  # after the year: its 31 December
    p1 = row(status, P1)
    assert p1["time_pct"] == 100 and p1["plan_pct"] == 100
    assert p1["execution_pct"] == pytest.approx(80.0)
    assert p1["last_checkpoint"] == D(2025, 12, 31) and p1["last_checkpoint_status"] == "missed"
    assert p1["shortfall_yuan"] == 10000
    assert pd_isna(p1["next_checkpoint"])
    checkpoints = status.checkpoints[status.checkpoints["project_code"] == P1]
    assert list(checkpoints["status"]) == ["met", "met", "missed", "missed"]


def test_forecast_windows_at_and_between_month_ends(year_db):
    """The recent window starts at the month end nearest to 90 days back: at 30 September it is
    (30 June, 30 September], 92 days; at 15 September (30 June, 15 September], 77 days."""
    p1 = row(status_at(year_db, D(2025, 9, 30)), P1)
    # P1: 40,000 spent, 20,000 of it on 15 September; 92 days to 31 December: 60,000 expected,
    # 120% of the budget, capped at 100%: the remaining 10,000 go at 20,000 / 92 a day in 46
    # days, so the money runs out on 15 November
    assert pytest.approx(120) == (40000 + 20000 / 92 * 92) / 50000 * 100
    assert p1["forecast_pct"] == 100.0
    assert p1["spent_out_date"] == D(2025, 11, 15)
    p1 = row(status_at(year_db, D(2025, 9, 15)), P1)
    # 20,000 over 77 days: 10,000 more take 38.5 days, so it is spent out on the 39th day
    assert (40000 + 20000 / 77 * 107) / 50000 * 100 > 100
    assert p1["forecast_pct"] == 100.0
    assert p1["spent_out_date"] == D(2025, 9, 15) + dt.timedelta(days=39)
    p2 = row(status_at(year_db, D(2025, 7, 10)), P2)
    # P2 (60,000 after the 追加): 20,000 spent, 11,000 of it since 31 March (the month end
    # nearest to 11 April: 11 days before it, 30 April is 19 after), over 101 days; 174 days left
    assert p2["forecast_pct"] == pytest.approx((20000 + 11000 / 101 * 174) / 60000 * 100)
    assert p2["spent_out_date"] is None  # 64.9% by year end: it does not run out


def test_indicators_from_records(year_db, tracker, tmp_path):
    actuals = tmp_path / "act.csv"
    actuals.write_text(
        "项目编码,指标序号,截至日期,实际值\n"
        f"{P1},1,2025-06-30,11个\n{P1},1,2025-09-30,20个\n{P1},3,2025-06-30,2025-06-20\n",
        "utf-8",
    )
    assert tracker("load", "actuals", str(actuals))[0] == 0
    status = status_at(year_db, D(2025, 6, 30))
    ind = status.indicators.set_index(["project_code", "seq"])
    count = ind.loc[(P1, 1)]
    assert count["actual"] == 11 and count["colour"] == "green"  # 11 of 22 at mid-year
    assert count["ratio_pct"] == pytest.approx(11 / (22 * 181 / 365) * 100)
    cost = ind.loc[(P1, 4)]  # 团组织经费总额 ≤5万: the project's spending
    assert cost["actual"] == 20000 and cost["actual_source"] == "spending"
    assert cost["colour"] == "green"
    assert ind.loc[(P1, 3)]["colour"] == "green"  # done on 20 June, before the deadline
    assert pd_isna(ind.loc[(P1, 2)]["colour"]) and ind.loc[(P1, 2)]["reason"] == "no_actual"
    later = status_at(year_db, D(2025, 10, 1)).indicators.set_index(["project_code", "seq"])
    assert later.loc[(P1, 1)]["actual"] == 20  # the latest report on or before the date


def test_zero_budget_project(tracker, db_path, tmp_path):
    template = tmp_path / "zero.csv"
    template.write_text(
        "单位编码,项目编码,项目名称,预算数,一级指标,二级指标,三级指标,指标值\n"
        "712001,13043425P00000000009Z,零预算项目,0,产出指标,数量指标,培训人数,≥10人\n",
        "utf-8",
    )
    assert tracker("load", "targets", str(template))[0] == 0
    status = status_at(db_path, D(2025, 6, 30))
    p = row(status, "13043425P00000000009Z")
    assert pd_isna(p["execution_pct"]) and p["warning"] == "not_due"
    assert pd_isna(p["forecast_pct"])
    # nothing was due, so no checkpoint was missed and the project is not lagging
    assert p["last_checkpoint_status"] is None or p["last_checkpoint_status"] == "met"
    later = status_at(db_path, D(2026, 1, 31))
    assert row(later, "13043425P00000000009Z")["last_checkpoint_status"] == "met"
    assert "13043425P00000000009Z" not in set(lagging(later)["project_code"])


def test_s_curve_of_a_later_date_is_the_fiscal_year(year_db):
    """An as-of date after the projects' year draws their year, whole (not last year's months
    relabelled as this year's)."""
    with connection(year_db, read_only=True) as con:
        year_end = curve(con, D(2025, 12, 31))
        later = curve(con, D(2026, 3, 31))
    assert [d.year for d in later["day"]] == [2024] + [2025] * 12  # from 0% on 31 December
    assert later["execution_pct"].tolist() == pytest.approx(year_end["execution_pct"].tolist())
    assert later["execution_pct"].iloc[-1] == pytest.approx((40000 + 20000) / 110000 * 100)


def test_chizhou_worked_example(tracker, db_path, tmp_path):
    """池州 2022: 年初 90 万元, adjusted 89.974, executed 89.974 → 100% → 10 of 10 points."""
    template = tmp_path / "chizhou.csv"
    template.write_text(
        "单位编码,项目编码,项目名称,预算数,12月底,一级指标,二级指标,三级指标,指标值\n"
        "341701,34170122P00000000001A,池州示例,90,100%,产出指标,数量指标,建设数量,≥50个\n"
        "341701,34170122P00000000001A,池州示例,90,100%,产出指标,成本指标,项目成本,≤90万元\n"
        "341701,34170122P00000000001A,池州示例,90,100%,效益指标,社会效益指标,效果,效果明显\n",
        "utf-8",
    )
    assert tracker("load", "targets", str(template))[0] == 0
    code = "34170122P00000000001A"
    (tmp_path / "adj.csv").write_text(
        f"项目编码,调整日期,调整金额（万元）\n{code},2022-10-01,-0.026\n", "utf-8"
    )
    assert tracker("load", "adjustments", str(tmp_path / "adj.csv"))[0] == 0
    pay = write_csv(tmp_path / "pay.csv", [spending_row("2022-12-20", code, "899740", "C1")])
    assert tracker("load", "spending", str(pay))[0] == 0
    (tmp_path / "act.csv").write_text(
        f"项目编码,指标序号,截至日期,实际值\n{code},1,2022-12-31,50\n{code},3,2022-12-31,达成\n",
        "utf-8",
    )
    assert tracker("load", "actuals", str(tmp_path / "act.csv"))[0] == 0
    status = status_at(db_path, D(2022, 12, 31))
    result = score(status, code)
    assert result["execution_pct"] == pytest.approx(100.0)
    assert result["execution_points"] == pytest.approx(result["execution_weight"])
    lines = {line["seq"]: line for line in result["indicators"]}
    assert lines[1]["points"] == pytest.approx(lines[1]["weight"])  # ≥50个 with 50: full
    assert lines[2]["points"] == pytest.approx(lines[2]["weight"])  # ≤90万元 with 89.974万: full
    assert lines[3]["points"] == pytest.approx(lines[3]["weight"] * 0.8, abs=1e-3)  # 达成: floor
    assert result["explanation_required"] is False


def test_huangshi_mid_year(tracker, db_path, tmp_path):
    """黄石 2019: 年初 220 万元, spent 87.57 by June → 39.8%."""
    template = tmp_path / "hs.csv"
    template.write_text(
        "单位编码,项目编码,项目名称,预算数,6月底,12月底,一级指标,二级指标,三级指标,指标值\n"
        "420201,42020119P00000000001A,黄石示例,220,40%,100%,产出指标,数量指标,数量,≥1个\n",
        "utf-8",
    )
    assert tracker("load", "targets", str(template))[0] == 0
    pay = write_csv(
        tmp_path / "p.csv", [spending_row("2019-05-31", "42020119P00000000001A", "875700", "H1")]
    )
    assert tracker("load", "spending", str(pay))[0] == 0
    p = row(status_at(db_path, D(2019, 6, 30)), "42020119P00000000001A")
    assert round(p["execution_pct"], 1) == 39.8
    assert p["warning"] == "green"  # r = 39.8 / 40 ≈ 99.5


def test_leap_year_project(tracker, db_path, tmp_path):
    template = tmp_path / "leap.csv"
    template.write_text(
        "单位编码,项目编码,项目名称,预算数,2月底,12月底,一级指标,二级指标,三级指标,指标值\n"
        "712001,13043424P00000000001A,闰年项目,1,50%,100%,产出指标,数量指标,数量,≥1个\n",
        "utf-8",
    )
    assert tracker("load", "targets", str(template))[0] == 0
    p = row(status_at(db_path, D(2024, 2, 29)), "13043424P00000000001A")
    assert p["plan_pct"] == pytest.approx(50.0)
    assert p["time_pct"] == pytest.approx(60 / 366 * 100)


def test_status_cli_json_keys(year_db, tracker):
    code, out, err = tracker("status", "--as-of", "2025-08-31", "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    assert [r["project_code"] for r in records] == [P2, P1]
    expected = [
        "project_code",
        "execution_pct",
        "plan_pct",
        "time_pct",
        "warning",
        "last_checkpoint",
        "last_checkpoint_status",
        "shortfall_yuan",
        "next_checkpoint",
        "next_target_pct",
        "to_spend_yuan",
        "days_left",
        "forecast_pct",
        "spent_out_date",
        "colour",
        "indicators",
    ]
    assert all(list(r) == expected for r in records)
    assert set(records[0]["indicators"][0]) == {"seq", "actual", "ratio_pct", "colour"}
    assert records[0]["last_checkpoint"] == "2025-06-30"
    code, out, _ = tracker("status", "--project", P1, "--as-of", "2025-03-31")
    assert code == 0 and P1 in out and P2 not in out and "截至 2025-03-31" in out
    code, _, err = tracker("status", "--as-of", "2025-13-01")
    assert code == 2 and "2025-13-01 不是有效日期" in err


def test_score_cli(year_db, tracker):
    code, out, err = tracker("score", "--project", P2, "--as-of", "2025-12-31")
    assert code == 0, err
    assert "总分" in out and "等级" in out and "收益特困生满意度" in out
    code, out, _ = tracker("score", "--project", P2, "--format", "json", "--as-of", "2025-12-31")
    result = json.loads(out)
    assert 0 <= result["total"] <= 100 and result["grade"] in ("优", "良", "中", "差")
    assert result["explanation_required"] is True  # 20,000 of 60,000 spent


def test_unit_and_county_totals(year_db):
    units, county = summaries(status_at(year_db, D(2025, 12, 31)))
    assert county["projects"] == 2 and county["budget_yuan"] == 110000
    assert county["spent_yuan"] == 60000
    assert list(units["unit_code"]) == ["712001"]
    assert units["red"].iloc[0] + units["yellow"].iloc[0] + units["green"].iloc[0] == 2


def pd_isna(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


# -- properties on a real (in-memory) DuckDB with the schema -------------------------------------
def memory_db(amounts: list[tuple[int, int]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(schema_sql())
    con.execute(
        "INSERT INTO projects (project_code, fiscal_year, unit_code, name, budget_yuan, load_id)"
        f" VALUES ('{P1}', 2025, '712001', 'p', 50000, 1)"
    )
    con.execute(
        f"INSERT INTO spending_plan VALUES ('{P1}', DATE '2025-12-31', '12月底', 100, 'default', NULL)"
    )
    for i, (day, cents) in enumerate(amounts):
        con.execute(
            f"INSERT INTO spending (project_code, pay_date, amount_yuan, voucher_no, load_id, row_no)"
            f" VALUES ('{P1}', DATE '2025-01-01' + {day}, {cents / 100}, 'V{i}', 1, {i})"
        )
    rebuild_spending_monthly(con)  # written here by SQL, not by the loader that keeps it
    return con


records = st.lists(st.tuples(st.integers(0, 364), st.integers(0, 10_000_00)), max_size=12)


@settings(max_examples=40)
@given(
    records=records,
    extra=st.tuples(st.integers(0, 364), st.integers(0, 10_000_00)),
    day=st.integers(0, 364),
    later=st.integers(0, 200),
)
def test_spending_never_goes_down(records, extra, day, later):
    """Adding a (non-negative) record, or a later date, never lowers cumulative spending, and the
    execution rate is never negative."""
    as_of = D(2025, 1, 1) + dt.timedelta(days=day)
    before = compute_status(memory_db(records), as_of).projects["spent"].iloc[0]
    with_extra = compute_status(memory_db([*records, extra]), as_of).projects
    assert with_extra["spent"].iloc[0] >= before - 1e-6
    assert with_extra["execution_pct"].iloc[0] >= 0
    later_day = as_of + dt.timedelta(days=later)
    assert compute_status(memory_db(records), later_day).projects["spent"].iloc[0] >= before - 1e-6


def test_rejected_and_duplicate_counts_reach_the_project(year_db, tracker, tmp_path):
    again = write_csv(
        tmp_path / "again.csv",
        [spending_row("2025-03-10", P1, "10000", "A1"), spending_row("2024-03-10", P1, "1", "Z9")],
    )
    assert tracker("load", "spending", str(again))[0] == 0
    p1 = row(status_at(year_db, D(2025, 12, 31)), P1)
    assert p1["duplicates"] == 1 and p1["rejected"] == 1
    assert table_rows(
        year_db, "SELECT count(*) FROM rejected_rows WHERE project_code = ?", [P1]
    ) == [(2,)]


@settings(max_examples=60)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["quantity", "percent", "money"]),
            st.sampled_from(["higher", "lower"]),
            st.sampled_from(["≥", ">", "=", "≤", "<"]),
            st.floats(min_value=-10, max_value=1e6, allow_nan=False),
            st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False)),
        ),
        min_size=1,
        max_size=30,
    ),
    month=st.integers(1, 12),
)
def test_array_colours_match_the_rule(rows, month):
    """The array version used for 20,000 projects gives what rules.indicator_colour gives."""
    import numpy as np
    import pandas as pd

    from engine import rules
    from engine.status import _numeric_colours
    from store.settings import Settings

    data = pd.DataFrame(rows, columns=["kind", "direction", "operator", "target_value", "value"])
    actual = data["value"].astype(float).to_numpy()
    day = D(2025, month, 28)
    months = (day - rules.year_start(2025)).days / 365 * 12
    ratios, colours, reasons = _numeric_colours(
        data, actual, np.array([2025] * len(rows)), {2025: (day, months)}, Settings()
    )
    for i, (kind, direction, operator, target, value) in enumerate(rows):
        if colours[i] is None and reasons[i] is None:
            continue  # left to the rule itself
        expected = rules.indicator_colour(
            kind,
            direction,
            operator,
            target,
            value,
            None,
            None,
            None,
            months,
            day,
            Settings().indicators,
        )
        assert colours[i] == expected[1] and reasons[i] == expected[2]
        assert (ratios[i] is None and expected[0] is None) or ratios[i] == pytest.approx(
            expected[0]
        )


@pytest.mark.parametrize(
    "day",
    [
        D(2025, 3, 31),
        D(2025, 6, 15),
        D(2025, 6, 30),
        D(2025, 8, 31),
        D(2025, 9, 17),
        D(2025, 12, 31),
    ],
)
def test_monthly_sums_answer_like_the_records(year_db, tracker, tmp_path, day):
    """At a month end the engine reads the loader's monthly sums: the same numbers as the records,
    also after an undo."""
    from engine.aggregates import spending_by_month

    extra = write_csv(tmp_path / "x.csv", [spending_row("2025-06-15", P2, "-300", "X1")])
    assert tracker("load", "spending", str(extra))[0] == 0
    assert tracker("undo", "3")[0] == 0  # the adjustments load: nothing to do with spending

    def compare() -> None:
        with connection(year_db, read_only=True) as con:
            summary = spending_by_month(con, day, 90, use_summary=True)
            records = spending_by_month(con, day, 90, use_summary=False)
        key = ["project_code", "month"]
        left = summary.sort_values(key).reset_index(drop=True)
        right = records.sort_values(key).reset_index(drop=True)
        assert not left.empty and left[key].equals(right[key])
        for column in ("spent", "recent", "reversals", "reversal_yuan"):
            assert list(left[column]) == pytest.approx(list(right[column]))

    compare()
    assert tracker("undo", "4")[0] == 0  # the extra spending load: its monthly sums go too
    compare()


def test_database_from_before_the_monthly_sums(year_db):
    """A read-only look at a database written before `spending_monthly` existed scans the records."""
    day = D(2025, 8, 31)
    expected = status_at(year_db, day).projects
    with duckdb.connect(str(year_db)) as con:
        con.execute("DROP TABLE spending_monthly")
    with duckdb.connect(str(year_db), read_only=True) as con:
        got = compute_status(con, day).projects
    assert list(got["spent"]) == list(expected["spent"])
    assert list(got["forecast_pct"]) == pytest.approx(list(expected["forecast_pct"]))
