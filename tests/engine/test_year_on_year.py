"""Year on year (issue 16) on a two-year store built from the sample: the 2024 version of its two
projects under their own codes (the same document with 2024 for 2025) with their own spending,
and 2025's. Continuing projects linked by name, a clerk's link overriding the rule, last year's
execution at the same day, its final execution and score, the views scoped to one year, the
curves and the pack with both years."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from engine.compare import previous, previous_curve, previous_summary, same_day_last_year
from engine.links import base_name, project_links
from engine.status import compute_status
from store.db import connection

P1, P2 = "13043425P00450110058B", "13043425P00437410002E"  # 2025: 团组织经费, 特困生救助金
O1, O2 = "13043424P00450110031A", "13043424P00437410007C"  # their 2024 versions
DAY = "2025-11-28"


@pytest.fixture
def two_years(two_year_store) -> Path:
    return two_year_store


def test_the_name_without_its_year():
    assert base_name("2025年基层团组织经费") == "基层团组织经费"
    assert base_name("2025年度特困生救助金") == "特困生救助金"
    assert base_name("（2025）青年就业培训") == "青年就业培训"
    assert base_name("青年就业培训") == "青年就业培训"
    assert same_day_last_year(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert same_day_last_year(dt.date(2025, 11, 28)) == dt.date(2024, 11, 28)


def test_continuing_projects_are_linked_by_name(two_years):
    with connection(two_years, read_only=True) as con:
        links = project_links(con, 2025).set_index("project_code")
    assert links.loc[P1, "previous_code"] == O1 and links.loc[P1, "source"] == "name"
    assert links.loc[P2, "previous_code"] == O2
    assert links.loc[P1, "previous_name"] == "2024年基层团组织经费"


def test_the_view_shows_one_year(two_years):
    with connection(two_years, read_only=True) as con:
        now = compute_status(con, dt.date(2025, 11, 28)).projects
        then = compute_status(con, dt.date(2024, 11, 28)).projects
        named = compute_status(con, dt.date(2025, 11, 28), project=O1).projects
    assert set(now["project_code"]) == {P1, P2}
    assert set(then["project_code"]) == {O1, O2}
    assert list(named["project_code"]) == [O1]  # a project named: whatever its year


def test_previous_is_last_years_figures_at_the_same_day(two_years):
    with connection(two_years, read_only=True) as con:
        frame = previous(con, dt.date(2025, 11, 28), 2025).set_index("project_code")
        now = compute_status(con, dt.date(2025, 11, 28)).projects.set_index("project_code")
    assert frame.loc[P1, "previous_code"] == O1
    assert frame.loc[P1, "execution_pct"] == pytest.approx(22_000 / 50_000 * 100)  # 44.0
    assert frame.loc[P1, "final_execution_pct"] == pytest.approx(90.0)
    assert frame.loc[P1, "score"] is not None and frame.loc[P1, "grade"] in ("优", "良", "中", "差")
    assert now.loc[P1, "execution_pct"] == pytest.approx(76.0)


def test_status_compare_in_the_cli(two_years, tracker):
    code, out, err = tracker("status", "--as-of", DAY, "--compare", "--format", "json")
    assert code == 0, err
    by_code = {r["project_code"]: r for r in json.loads(out)}
    prev = by_code[P1]["previous"]
    assert prev["project_code"] == O1
    assert prev["execution_pct"] == pytest.approx(44.0)
    assert prev["final_execution_pct"] == pytest.approx(90.0)
    assert isinstance(prev["score"], float)
    code, out, err = tracker("status", "--as-of", DAY, "--compare")
    assert code == 0, err
    assert "同比" in out and "+32.0" in out  # 76.0 − 44.0 percentage points


def test_a_clerks_link_overrides_the_name_rule(two_years, tracker):
    assert tracker("links", "set", P1, O2)[0] == 0  # a deliberate (odd) choice
    code, out, _ = tracker("links", "--format", "json")
    links = {r["project_code"]: r for r in json.loads(out)}
    assert links[P1]["previous_code"] == O2 and links[P1]["source"] == "manual"
    code, out, _ = tracker("status", "--as-of", DAY, "--compare", "--format", "json")
    assert {r["project_code"]: r for r in json.loads(out)}[P1]["previous"]["project_code"] == O2
    assert tracker("links", "remove", P1)[0] == 0
    code, out, _ = tracker("status", "--as-of", DAY, "--compare", "--format", "json")
    assert {r["project_code"]: r for r in json.loads(out)}[P1]["previous"] is None
    assert tracker("links", "auto", P1)[0] == 0  # back to the rule
    code, out, _ = tracker("links", "--format", "json")
    assert {r["project_code"]: r for r in json.loads(out)}[P1]["previous_code"] == O1
    code, _, err = tracker("links", "set", O1, P1)  # a later year cannot precede
    assert code == 2 and "更早" in err


def test_the_county_and_units_last_year(two_years):
    with connection(two_years, read_only=True) as con:
        units, total = previous_summary(con, dt.date(2025, 11, 28), 2025)
        line = previous_curve(con, dt.date(2025, 11, 28), 2025)
        mine = previous_curve(con, dt.date(2025, 11, 28), 2025, project=P1)
    # last year's two projects at 28 November 2024: 22,000 + 50,000 of 100,000
    assert total["execution_pct"] == pytest.approx(72.0)
    assert list(units["unit_code"]) == ["712001"]
    assert line is not None and line["day"].iloc[-1] == dt.date(2025, 12, 31)  # moved on a year
    assert line["spent_yuan"].dropna().iloc[-1] == pytest.approx(95_000)
    assert mine is not None and mine["spent_yuan"].dropna().iloc[-1] == pytest.approx(45_000)


def test_the_pack_compares_with_last_year(two_years, tmp_path):
    from exports import meeting_pack

    with connection(two_years, read_only=True) as con:
        pack = meeting_pack.build_pack(con, "2025-11")
    unit = pack.units.set_index("unit_code").loc["712001"]
    # 30 November: 2025 spent 78,000 of 100,000; 2024 had 72,000 by 30 November 2024
    assert unit["execution_ly"] == pytest.approx(72.0)
    assert unit["execution_yoy"] == pytest.approx(78.0 - 72.0)
    html = Path(meeting_pack.write_pack(pack, tmp_path / "pack.html", "zh")).read_text("utf-8")
    assert "九、同比" in html
    assert "全县：截至 2025-11-30 执行率 78.0%，去年同期 72.0%，同比加快 6.0 个百分点。" in html
    english = Path(meeting_pack.write_pack(pack, tmp_path / "en.html", "en")).read_text("utf-8")
    assert "6.0 points ahead of last year" in english


def test_one_year_only_says_there_is_nothing_to_compare(tracker, sample_txt, db_path):
    from exports import meeting_pack

    assert tracker("load", "targets", str(sample_txt))[0] == 0
    with connection(db_path, read_only=True) as con:
        pack = meeting_pack.build_pack(con, "2025-06")
    assert pack.yoy.empty and pack.units["execution_yoy"].isna().all()
    code, out, _ = tracker("status", "--as-of", "2025-06-30", "--compare", "--format", "json")
    assert code == 0 and all(r["previous"] is None for r in json.loads(out))
