"""The demo database (`loaders.demo.build_demo`, county scale): reproducible, all demo, every case there.

One build (module scope) serves the case checks; the reproducibility tests build more databases in
the same folder, so that they share the beneficiaries' HMAC key file (`tracker.key`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest

from loaders.demo import CASES, DEMO_AS_OF, QUALITY_RULES, RUSH_SHARE, build_demo, write_province
from loaders.errors import LoadError
from loaders.id_numbers import id_problem
from loaders.targets import load_targets

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TABLES = (
    "units", "projects", "spending_plan", "indicators", "target_findings", "spending",
    "budget_adjustments", "beneficiaries", "indicator_actuals", "survey_responses", "rejected_rows",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("demo")
    summary = build_demo(folder / "demo.duckdb", workdir=folder / "files")
    return folder / "demo.duckdb", summary


@pytest.fixture(scope="module")
def con(demo):
    with duckdb.connect(str(demo[0]), read_only=True) as connection:
        yield connection


def rows(con, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def value(con, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()[0]


def contents(db: Path) -> dict[str, list[str]]:
    """Every row of every table, sorted, without the import timestamps."""
    with duckdb.connect(str(db), read_only=True) as connection:
        result = {
            table: sorted(map(repr, connection.execute(f"SELECT * FROM {table}").fetchall()))
            for table in TABLES
        }
        result["imports"] = sorted(
            map(
                repr,
                connection.execute(
                    "SELECT * EXCLUDE (started_at, finished_at) FROM imports"
                ).fetchall(),
            )
        )
    return result


def execution(con, code: str, day: dt.date) -> float:
    """Cumulative spending / (adjusted) budget on `day`."""
    return float(
        value(
            con,
            """
            SELECT coalesce((SELECT sum(amount_yuan) FROM spending
                             WHERE project_code = $code AND pay_date <= $day), 0)
                   / (budget_yuan + coalesce((SELECT sum(amount_yuan) FROM budget_adjustments
                                              WHERE project_code = $code), 0))
            FROM projects WHERE project_code = $code
            """,
            {"code": code, "day": day},
        )
    )


def plan(con, code: str, day: dt.date) -> float:
    """The plan share on `day`: linear between checkpoints, from 0 on 1 January (DOMAIN §3)."""
    before = (dt.date(day.year, 1, 1), 0.0)
    points = rows(
        con,
        "SELECT checkpoint, cumulative_pct / 100 FROM spending_plan WHERE project_code = ?"
        " ORDER BY checkpoint",
        [code],
    )
    for checkpoint, share in points:
        if day <= checkpoint:
            elapsed = (day - before[0]).days / (checkpoint - before[0]).days
            return before[1] + (share - before[1]) * elapsed
        before = (checkpoint, share)
    return before[1]


def checkpoints(con, code: str) -> list[dt.date]:
    return [
        r[0]
        for r in rows(
            con,
            "SELECT checkpoint FROM spending_plan WHERE project_code = ? AND checkpoint <= ?"
            " ORDER BY checkpoint",
            [code, DEMO_AS_OF],
        )
    ]


# --------------------------------------------------------------------------- the build


def test_counts_are_in_the_stated_ranges(demo, con):
    _, summary = demo
    assert summary.projects == value(con, "SELECT count(*) FROM projects") == 62
    assert summary.units == value(con, "SELECT count(*) FROM units") == 12
    assert 1000 <= summary.spending_rows <= 3000
    assert summary.beneficiaries == 100
    assert summary.adjustments == 2
    assert summary.actuals >= 300
    assert summary.surveys >= 10 * 40
    per_project = rows(con, "SELECT count(*) FROM indicators GROUP BY project_code")
    assert all(5 <= n <= 9 for (n,) in per_project if n != 7)  # the sample's two have 7
    assert all(r.status == "loaded" for r in summary.target_results + summary.record_results)
    assert len(summary.files) == 12 + 11 + 2 + 1 + 4 + 10  # targets: the sample + 11 units
    assert all((summary.workdir / f).exists() for f in summary.files)


def test_every_import_is_demo(con):
    assert rows(con, "SELECT DISTINCT is_demo, status FROM imports") == [(True, "ok")]
    kinds = dict(rows(con, "SELECT kind, count(*) FROM imports GROUP BY kind"))
    assert kinds == {
        "targets": 12, "spending": 11, "adjustments": 2, "beneficiaries": 1, "actuals": 4,
        "surveys": 10,
    }  # fmt: skip


def test_nothing_is_dated_after_the_demo_today(con):
    assert value(con, "SELECT max(pay_date) FROM spending") <= DEMO_AS_OF
    assert value(con, "SELECT min(pay_date) FROM spending") >= dt.date(2025, 1, 1)
    assert value(con, "SELECT max(as_of) FROM indicator_actuals") == DEMO_AS_OF
    assert value(con, "SELECT max(response_date) FROM survey_responses") <= DEMO_AS_OF
    assert value(con, "SELECT max(adj_date) FROM budget_adjustments") <= DEMO_AS_OF


def test_codes_follow_the_real_pattern(con):
    codes = [r[0] for r in rows(con, "SELECT project_code FROM projects")]
    assert all(len(c) == 21 and c.startswith("13043425P") for c in codes)
    assert all(c[9:20].isdigit() and c[20].isalpha() for c in codes)
    units = [r[0] for r in rows(con, "SELECT unit_code FROM units")]
    assert all(len(u) == 6 and u.isdigit() and u.startswith("7") for u in units)


def test_the_same_seed_gives_the_same_database_and_a_rebuild_changes_nothing(demo, tmp_path):
    first, _ = demo
    again = first.parent / "again.duckdb"  # same folder: same tracker.key
    build_demo(again)
    assert contents(again) == contents(first)
    with duckdb.connect(str(again), read_only=True) as connection:
        before = sorted(connection.execute("SELECT * FROM imports").fetchall())
    rebuilt = build_demo(again)
    assert rebuilt.unchanged
    assert {r.status for r in rebuilt.target_results + rebuilt.record_results} == {"unchanged"}
    with duckdb.connect(str(again), read_only=True) as connection:
        assert sorted(connection.execute("SELECT * FROM imports").fetchall()) == before
    assert contents(again) == contents(first)
    assert "未做任何修改" in rebuilt.lines()[-1]


def test_another_seed_gives_other_details(demo, tmp_path):
    other = build_demo(tmp_path / "other.duckdb", seed=7)
    assert other.projects == 62
    with duckdb.connect(str(tmp_path / "other.duckdb"), read_only=True) as connection:
        spent = connection.execute("SELECT sum(amount_yuan) FROM spending").fetchone()
    with duckdb.connect(str(demo[0]), read_only=True) as connection:
        assert connection.execute("SELECT sum(amount_yuan) FROM spending").fetchone() != spent


def test_refuses_a_database_with_real_data(tmp_path, sample_txt):
    db = tmp_path / "real.duckdb"
    with duckdb.connect(str(db)) as connection:
        from store.db import schema_sql

        connection.execute(schema_sql())
        load_targets(connection, [sample_txt])  # a real load, not demo
    with pytest.raises(LoadError, match="正式数据"):
        build_demo(db)


def test_unknown_scale(tmp_path):
    with pytest.raises(LoadError, match="演示规模"):
        build_demo(tmp_path / "x.duckdb", scale="country")


# --------------------------------------------------------------------------- budget execution


def test_on_plan_projects_meet_every_checkpoint(con):
    for code in CASES["on_plan"]:
        for checkpoint in checkpoints(con, code):
            assert execution(con, code, checkpoint) >= plan(con, code, checkpoint) - 1e-9, code
        assert execution(con, code, DEMO_AS_OF) >= plan(con, code, DEMO_AS_OF), code


def test_lagging_project_missed_june_and_is_red_now(con):
    (code,) = CASES["lagging"]
    june = dt.date(2025, 6, 30)
    assert june in checkpoints(con, code)
    assert execution(con, code, june) < plan(con, code, june)
    assert execution(con, code, DEMO_AS_OF) / plan(con, code, DEMO_AS_OF) < 0.6  # red (DOMAIN §3)


def test_catch_up_project_missed_june_then_met_the_next_checkpoint(con):
    (code,) = CASES["catch_up"]
    june = dt.date(2025, 6, 30)
    later = [c for c in checkpoints(con, code) if c > june]
    assert later
    assert execution(con, code, june) < plan(con, code, june)
    assert execution(con, code, later[0]) >= plan(con, code, later[0])
    assert execution(con, code, DEMO_AS_OF) >= plan(con, code, DEMO_AS_OF)


def test_rush_project_spent_a_large_share_in_its_last_month(con):
    (code,) = CASES["year_end_rush"]
    share = value(
        con,
        "SELECT sum(amount_yuan) FILTER (WHERE month(pay_date) = ?) / sum(amount_yuan)"
        " FROM spending WHERE project_code = ?",
        [DEMO_AS_OF.month, code],
    )
    assert share >= RUSH_SHARE


def test_over_budget_and_never_started(con):
    (over,) = CASES["over_budget"]
    spent, budget = rows(
        con,
        "SELECT (SELECT sum(amount_yuan) FROM spending WHERE project_code = ?), budget_yuan"
        " FROM projects WHERE project_code = ?",
        [over, over],
    )[0]
    assert value(con, "SELECT count(*) FROM budget_adjustments WHERE project_code = ?", [over]) == 0
    assert spent > budget
    (never,) = CASES["never_started"]
    assert value(con, "SELECT count(*) FROM projects WHERE project_code = ?", [never]) == 1
    assert value(con, "SELECT count(*) FROM spending WHERE project_code = ?", [never]) == 0


def test_no_other_project_is_over_budget(con):
    over = rows(
        con,
        """
        SELECT p.project_code FROM projects p JOIN spending s USING (project_code)
        GROUP BY p.project_code, p.budget_yuan
        HAVING sum(s.amount_yuan) > p.budget_yuan + coalesce((SELECT sum(amount_yuan)
               FROM budget_adjustments a WHERE a.project_code = p.project_code), 0)
        """,
    )
    assert [r[0] for r in over] == CASES["over_budget"]


def test_reversals_are_negative_and_paid_again(con):
    for code in CASES["reversals"]:
        negative = rows(
            con, "SELECT amount_yuan, summary FROM spending WHERE project_code = ? AND amount_yuan < 0",
            [code],
        )  # fmt: skip
        assert len(negative) == 1 and "冲销" in negative[0][1]
        repaid = value(
            con,
            "SELECT count(*) FROM spending WHERE project_code = ? AND amount_yuan = ?",
            [code, -negative[0][0]],
        )
        assert repaid >= 2  # the original payment and its re-payment
    notes = [r[0] for r in rows(con, "SELECT message FROM imports WHERE kind = 'spending'")]
    assert sum("冲销" in (n or "") for n in notes) == 2


def test_adjustments_increase_and_decrease(con):
    (up,) = CASES["adjustment_increase"]
    (down,) = CASES["adjustment_decrease"]
    found = dict(rows(con, "SELECT project_code, amount_yuan FROM budget_adjustments"))
    assert found[up] > 0 and found[down] < 0
    # spending follows the adjusted budget, so the 追加 project is past its original budget
    assert execution(con, up, DEMO_AS_OF) < 1


# --------------------------------------------------------------------------- rows set aside


def test_duplicates_and_rejected_rows_are_reported(con):
    duplicates = rows(
        con,
        "SELECT json_extract_string(raw, '$.project_code'), reason FROM rejected_rows"
        " WHERE category = 'duplicate'",
    )
    assert {code for code, _ in duplicates} == set(CASES["duplicate_vouchers"])
    assert all("凭证号 ZF2025" in reason for _, reason in duplicates)
    rejected = [
        r[0] for r in rows(con, "SELECT reason FROM rejected_rows WHERE category = 'rejected'")
    ]
    assert len(rejected) == 2
    (unknown,) = CASES["unknown_project_code"]
    assert any(unknown in r and "未在绩效目标中登记" in r for r in rejected)
    (outside,) = CASES["spending_outside_year"]
    assert any(outside in r and "2024-12-30" in r for r in rejected)
    skipped = value(
        con,
        "SELECT count(*) FROM rejected_rows WHERE category = 'skipped' AND reason LIKE '%合计行%'",
    )
    assert skipped == 11  # one 本月合计 row per monthly export (title rows are skipped too)
    assert value(con, "SELECT sum(rows_duplicate) FROM imports") == len(duplicates)


# --------------------------------------------------------------------------- indicators


def test_beneficiary_roster(demo, con):
    (code,) = CASES["beneficiaries"]
    found = rows(
        con,
        "SELECT count(*), count(DISTINCT person_key), sum(amount_yuan), min(birth_year),"
        " max(birth_year) FROM beneficiaries WHERE project_code = ?",
        [code],
    )[0]
    assert found[:2] == (100, 100)
    assert found[2] == value(
        con, "SELECT sum(amount_yuan) FROM spending WHERE project_code = ?", [code]
    )
    assert 2008 <= found[3] <= found[4] <= 2018
    masked = rows(con, "SELECT id_masked, name_masked FROM beneficiaries")
    assert all(len(i) == 18 and i.startswith("130434********") for i, _ in masked)
    assert all("*" in name for _, name in masked)
    roster = next(f for f in demo[1].files if "发放名单" in f.name)
    with (demo[1].workdir / roster).open(encoding="utf-8-sig") as handle:
        people = list(csv.reader(handle))[2:]
    assert len(people) == 100
    assert all(id_problem(number) is None for _, number, *_ in people)
    for _, number, *_ in people:  # GB 11643, checked here independently of loaders.personal
        total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
        assert number[17] == "10X98765432"[total % 11]
        assert number[:6] == "130434" and 2008 <= int(number[6:10]) <= 2018
    stored = {r[0] for r in rows(con, "SELECT id_masked FROM beneficiaries")}
    assert stored == {n[:6] + "*" * 10 + n[-2:] for _, n, *_ in people}
    assert all(n not in repr(rows(con, "SELECT * FROM rejected_rows")) for _, n, *_ in people)


def test_at_risk_indicators_are_far_behind(con):
    for code in CASES["indicator_at_risk"]:
        ratios = rows(
            con,
            """
            SELECT a.value / (i.target_value * ? / 12) FROM indicator_actuals a
            JOIN indicators i ON i.project_code = a.project_code AND i.seq = a.indicator_seq
            WHERE a.project_code = ? AND a.as_of = ? AND i.kind = 'quantity'
              AND i.level1 LIKE '产出%'
            """,
            [DEMO_AS_OF.month, code, DEMO_AS_OF],
        )
        assert ratios and all(r < 0.6 for (r,) in ratios), code


def test_overdue_deadline_is_reported_not_done(con):
    (code,) = CASES["deadline_overdue"]
    found = rows(
        con,
        """
        SELECT i.deadline, a.as_of, a.level FROM indicator_actuals a
        JOIN indicators i ON i.project_code = a.project_code AND i.seq = a.indicator_seq
        WHERE a.project_code = ? AND i.kind = 'deadline' ORDER BY a.as_of
        """,
        [code],
    )
    assert found and found[-1][0] < found[-1][1] == DEMO_AS_OF and found[-1][2] == "未达成"


def test_actuals_of_every_kind(con):
    kinds = dict(
        rows(
            con,
            """
            SELECT i.kind, count(*) FROM indicator_actuals a
            JOIN indicators i ON i.project_code = a.project_code AND i.seq = a.indicator_seq
            GROUP BY i.kind
            """,
        )
    )
    assert {"quantity", "percent", "deadline", "qualitative"} <= set(kinds)
    assert "money" not in kinds  # cost comes from spending
    levels = {
        r[0] for r in rows(con, "SELECT level FROM indicator_actuals WHERE level IS NOT NULL")
    }
    assert levels == {"达成", "部分达成", "未达成"}
    assert value(con, "SELECT count(*) FROM rejected_rows r JOIN imports i USING (load_id)"
                      " WHERE i.kind = 'actuals' AND r.reason NOT LIKE '%表头上方%'") == 0  # fmt: skip


def test_surveys_and_the_low_one(con):
    shares = dict(
        rows(
            con,
            "SELECT project_code, avg(satisfied::INTEGER) FROM survey_responses GROUP BY 1",
        )
    )
    assert set(shares) == set(CASES["surveys"])
    (low,) = CASES["survey_low_satisfaction"]
    assert shares[low] < 0.7
    assert all(share >= 0.85 for code, share in shares.items() if code != low)
    kinds = rows(
        con,
        "SELECT DISTINCT i.level1 FROM survey_responses s"
        " JOIN indicators i ON i.project_code = s.project_code AND i.seq = s.indicator_seq",
    )
    assert kinds == [("满意度指标",)]


# --------------------------------------------------------------------------- target quality


@pytest.mark.parametrize("case", sorted(QUALITY_RULES))
def test_target_quality_cases_are_flagged(con, case):
    for code in CASES[case]:
        found = rows(
            con,
            "SELECT rule FROM target_findings WHERE project_code = ? AND rule = ?",
            [code, QUALITY_RULES[case]],
        )
        assert found, (case, code)


def test_only_the_planted_target_problems(con):
    planted = {code for case in QUALITY_RULES for code in CASES[case]}
    flagged = {r[0] for r in rows(con, "SELECT DISTINCT project_code FROM target_findings")}
    assert flagged == planted


# --------------------------------------------------------------------------- files


def test_spending_exports_look_like_the_treasury_system(demo):
    _, summary = demo
    path = summary.workdir / next(f for f in summary.files if f.name.endswith("年03月.csv"))
    lines = path.read_bytes().decode("gbk").splitlines()
    assert lines[0] == "魏县财政国库集中支付明细表（2025年3月）"
    assert lines[1] == "单位：元"
    assert lines[2] == "支付日期,项目编码,项目名称,支付金额,支付凭证号,收款单位,摘要,资金来源"
    assert lines[-1].startswith("本月合计,")
    amounts = [row[3] for row in csv.reader(lines[3:-1])]
    assert all(a.split(".")[1].isdigit() and len(a.split(".")[1]) == 2 for a in amounts)


def test_province_generator_is_deterministic(tmp_path):
    """The SQL generator of the province scale, at a small size: same seed, same bytes."""
    digests = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        steps = write_province(folder, 42, units=3, projects=30, rows=2000)
        digests.append([hashlib.sha256(p.read_bytes()).hexdigest() for s in steps for p in s.paths])
    assert digests[0] == digests[1]
    assert len(digests[0]) == 3 + 11
    spending = [p for s in steps if s.kind == "spending" for p in s.paths]
    with duckdb.connect() as connection:
        count = connection.execute(
            "SELECT count(*) FROM read_csv(?, skip=2, header=true)", [[str(p) for p in spending]]
        ).fetchone()[0]
    assert count == 2000
