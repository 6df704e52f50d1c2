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
from loaders.demo import DEMO_AS_OF, build_demo
from loaders.demo.previous_year import previous_code
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
