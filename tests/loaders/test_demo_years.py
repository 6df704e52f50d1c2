"""The two-year demo `make run` builds (issue 16): 2024 beside 2025, so that a fresh install shows
the year-on-year comparison — every 2025 project continues its 2024 version (the name rule), 2024
is a whole year with its year-end execution and self-evaluation, and the views of 2025 compare
with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.compare import previous, previous_summary
from engine.links import project_links
from engine.scoring import scores
from engine.status import compute_status
from loaders.demo import DEMO_AS_OF, build_demo, write_province
from loaders.demo.previous_year import previous_code
from loaders.records import load_records
from loaders.targets import load_targets
from store.db import connection


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo-years") / "demo.duckdb"
    summary = build_demo(db, years=2)
    assert summary.projects == 124 and all(
        r.status == "loaded" for r in summary.target_results + summary.record_results
    )
    return db


def test_every_project_continues_its_2024_version(two_years):
    with connection(two_years, read_only=True) as con:
        links = project_links(con, 2025)
    assert len(links) == 62 and (links["source"] == "name").all()
    assert list(links["previous_code"]) == [previous_code(c) for c in links["project_code"]]
    assert all(str(n).startswith("2024") or "2024" not in str(n) for n in links["previous_name"])


def test_2024_is_a_whole_year_with_its_self_evaluation(two_years):
    with connection(two_years, read_only=True) as con:
        end = compute_status(con, dt.date(2024, 12, 31))
        last = con.execute(
            "SELECT max(pay_date) FROM spending WHERE pay_date < '2025-01-01'"
        ).fetchall()
    assert last[0][0].month == 12
    execution = end.projects["execution_pct"].astype(float)
    assert len(end.projects) == 62 and set(end.projects["fiscal_year"]) == {2024}
    assert execution.between(80, 110).mean() > 0.9  # a year-end of 85–99% of the budget, mostly
    graded = scores(end)
    assert len(graded) == 62 and all(
        r["grade"] in ("优", "良", "中", "差") for r in graded.values()
    )


def test_the_demo_today_compares_with_last_year(two_years):
    with connection(two_years, read_only=True) as con:
        now = compute_status(con, DEMO_AS_OF)
        earlier = previous(con, DEMO_AS_OF, 2025)
        units, total = previous_summary(con, DEMO_AS_OF, 2025)
    assert set(now.projects["fiscal_year"]) == {2025} and len(now.projects) == 62
    assert earlier["execution_pct"].notna().all() and earlier["score"].notna().all()
    assert len(units) == 12 and 0 < total["execution_pct"] < 100
    gaps = (
        now.projects.set_index("project_code")["execution_pct"]
        - earlier.set_index("project_code")["execution_pct"]
    )
    assert (gaps > 0.05).any() and (gaps < -0.05).any()  # some ran faster last year, some slower


def test_the_province_previous_year_beside_the_current_one(tmp_path):
    """The province generator's previous year (`years=2`, the page benchmark's two-year store):
    the current year's files unchanged, the previous year's under previous-year codes and names,
    `rows` payments over January to December, loaded into a store where every project links."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    current = write_province(one, 42, units=3, projects=30, rows=2000)
    both = write_province(two, 42, units=3, projects=30, rows=2000, years=2)
    digest = {s.paths[0].relative_to(tmp_path / "two"): s for s in both}
    for step in current:
        same = digest[step.paths[0].relative_to(one)]
        assert same.paths[0].read_bytes() == step.paths[0].read_bytes()
    earlier = [s for s in both if s not in current and s.paths[0].parent.name == "2024"]
    assert [s.kind for s in earlier].count("targets") == 1
    months = [s for s in earlier if s.kind == "spending"]
    assert len(months) == 12 and all(s.when.year in (2024, 2025) for s in months)
    db = tmp_path / "province.duckdb"
    with connection(db) as con:
        for step in sorted(both, key=lambda s: (s.when, s.kind != "targets")):
            if step.kind == "targets":
                load_targets(con, list(step.paths), is_demo=True)
            else:
                for path in step.paths:
                    assert load_records(con, "spending", path, is_demo=True).status == "loaded"
        years = dict(
            con.execute("SELECT fiscal_year, count(*) FROM projects GROUP BY 1").fetchall()
        )
        paid = dict(
            con.execute("SELECT year(pay_date), count(*) FROM spending GROUP BY 1").fetchall()
        )
        links = project_links(con, 2025)
        spent, budget = con.execute(
            """SELECT (SELECT sum(amount_yuan) FROM spending WHERE year(pay_date) = 2024),
                      (SELECT sum(budget_yuan) FROM projects WHERE fiscal_year = 2024)"""
        ).fetchone()
    assert years == {2024: 30, 2025: 30}
    assert paid == {2024: 2000, 2025: 2000}
    assert len(links) == 30 and links["previous_code"].notna().all()
    assert list(links["previous_code"]) == [previous_code(c) for c in links["project_code"]]
    assert 0.80 <= float(spent / budget) <= 1.05  # a whole year: 85–99% of each budget, ± noise
