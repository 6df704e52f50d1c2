"""Shared fixtures: real DuckDB files in tmp_path, filled by the real loaders from real files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, settings

import records_files
from cli.main import main as tracker_main

ROOT = Path(__file__).resolve().parent.parent

# One Hypothesis profile for every property test (loaded here, before any test module is
# imported): no per-example deadline and no health check about speed, so that a loaded machine
# cannot fail a correct test. Each test keeps its own max_examples.
settings.register_profile("tracker", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tracker")


def pytest_configure(config):
    """Secrets (the ID key) go to a configuration folder of this test session, never the real
    home folder; every process the tests start inherits it."""
    import tempfile

    os.environ.setdefault("TRACKER_CONFIG_DIR", tempfile.mkdtemp(prefix="tracker-test-config-"))


SAMPLE_TXT = ROOT / "data" / "samples" / "weixian-youth-league-2025-targets.txt"


@pytest.fixture(scope="session")
def county_demo(tmp_path_factory) -> Path:
    """The county demo (`tracker bootstrap`), built once per session: read it, never write it
    (copy it first)."""
    db = tmp_path_factory.mktemp("county-demo") / "tracker.duckdb"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        # the current year only: most tests pin 2025's figures (the two-year demo that `make run`
        # builds is tested on its own, tests/loaders/test_demo_years.py)
        assert tracker_main(["bootstrap", "--no-accounts", "--years", "1", "--db", str(db)]) == 0
    finally:
        os.chdir(cwd)
    return db


def use_db(monkeypatch, db: Path) -> Path:
    """Point the dashboard (AppTest, in this process) at `db`, with empty caches."""
    monkeypatch.setenv("TRACKER_DB", str(db))
    import streamlit as st

    st.cache_data.clear()
    return db


@pytest.fixture
def county(monkeypatch, county_demo: Path) -> Path:
    """The county demo, read only, with the dashboard (AppTest) pointed at it."""
    return use_db(monkeypatch, county_demo)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.duckdb"


@pytest.fixture
def sample_txt(tmp_path: Path) -> Path:
    target = tmp_path / SAMPLE_TXT.name
    shutil.copy(SAMPLE_TXT, target)
    return target


@pytest.fixture
def tracker(capsys, db_path: Path):
    """Run the `tracker` CLI in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = tracker_main([*args, "--db", str(db_path)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def targets(tracker, sample_txt: Path, db_path: Path) -> Path:
    """The sample's targets (two projects), loaded in-process: load 1 of the store at `db_path`."""
    code, _, err = tracker("load", "targets", str(sample_txt))
    assert code == 0, err
    return db_path


def table_rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table except timestamps, to prove a failed load changed nothing."""
    if not db.exists():
        return {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def plotly_values(values) -> list:
    """A plotly JSON array as a list: plotly ≥ 6 writes numeric arrays as base64 `bdata`."""
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def set_aside(db: Path, load_id: int) -> list[tuple]:
    """(row_no, category, reason) of a load's rows not stored, in file order."""
    return table_rows(
        db,
        "SELECT row_no, category, reason FROM rejected_rows WHERE load_id = ? ORDER BY row_no",
        [load_id],
    )


# -- year on year: a two-year store (issue 16) ------------------------------------------------------
YOY_P1, YOY_P2 = "13043425P00450110058B", "13043425P00437410002E"  # 2025: 团组织经费, 特困生救助金
YOY_O1, YOY_O2 = "13043424P00450110031A", "13043424P00437410007C"  # their 2024 versions


def _spent(rows: list[tuple[str, str, str]], start: int) -> list[list]:
    return [
        records_files.spending_row(day, code, amount, f"V{start + i}")
        for i, (day, code, amount) in enumerate(rows)
    ]


@pytest.fixture
def two_year_store(tracker, tmp_path, db_path) -> Path:
    """Issue 16: the sample's two projects in 2024 (their own codes: the document with 2024 for
    2025) and in 2025, each year with its spending, loaded by the real loaders."""
    text = SAMPLE_TXT.read_text("utf-8")
    old = text.replace(YOY_P1, YOY_O1).replace(YOY_P2, YOY_O2).replace("2025", "2024")
    (tmp_path / "2024.txt").write_text(old, "utf-8")
    for path in (tmp_path / "2024.txt", SAMPLE_TXT):
        code, _, err = tracker("load", "targets", str(path))
        assert code == 0, err
    rows_2024 = [
        ("2024-03-10", YOY_O1, "10000.00"),
        ("2024-11-20", YOY_O1, "12000.00"),  # 22,000 of 50,000 by 28 November: 44.0%
        ("2024-12-15", YOY_O1, "23000.00"),  # 45,000 by the year end: 90.0%
        ("2024-06-01", YOY_O2, "50000.00"),
    ]
    rows_2025 = [
        ("2025-03-10", YOY_P1, "20000.00"),
        ("2025-11-25", YOY_P1, "18000.00"),  # 38,000 by 28 November: 76.0%
        ("2025-06-01", YOY_P2, "40000.00"),
    ]
    for name, rows, start in (("s2024.csv", rows_2024, 1), ("s2025.csv", rows_2025, 100)):
        path = records_files.write_csv(tmp_path / name, _spent(rows, start), title=None)
        code, _, err = tracker("load", "spending", str(path))
        assert code == 0, err
    return db_path
