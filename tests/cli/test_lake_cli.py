"""The store as a Parquet lake (issue 14, first part): `tracker lake export` writes every table
(never the accounts or the audit log) with a manifest; `tracker status/score --lake DIR` read it
through DuckDB and answer exactly as the store does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli.main import main as tracker_main
from store import accounts
from store.db import connection
from store.lake import MANIFEST


@pytest.fixture(scope="module")
def lake(county_demo: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lake") / "county"
    assert tracker_main(["lake", "export", "--out", str(folder), "--db", str(county_demo)]) == 0
    return folder


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = tracker_main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_manifest_counts_every_row(lake, county_demo):
    manifest = json.loads((lake / MANIFEST).read_text("utf-8"))
    tables = manifest["tables"]
    with connection(county_demo, read_only=True) as con:
        for table in ("projects", "spending", "beneficiaries", "indicator_actuals", "imports"):
            stored = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            assert tables[table]["rows"] == stored, table
    spending = tables["spending"]
    assert spending["partitioned_by"] == "pay_date"
    assert any("p_year=2025/p_month=11" in name for name in spending["files"])
    assert len(spending["files"]) >= 11  # a file per month at least
    assert "accounts" not in tables and "audit_log" not in tables


@pytest.mark.parametrize("day", ["2025-04-15", "2025-09-30", "2025-11-28", None])
@pytest.mark.parametrize("command", ["status", "score"])
def test_the_lake_answers_as_the_store_does(lake, county_demo, capsys, day, command):
    when = ["--as-of", day] if day else []
    code, from_store, _ = run(capsys, command, "--format", "json", *when, "--db", str(county_demo))
    assert code == 0
    code, from_lake, err = run(capsys, command, "--format", "json", *when, "--lake", str(lake))
    assert code == 0, err
    assert json.loads(from_lake) == json.loads(from_store)
    assert from_lake == from_store  # to the character


def test_check_finds_a_changed_or_missing_file(lake, capsys, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(lake, copy)
    assert run(capsys, "lake", "check", str(copy))[0] == 0
    victim = next((copy / "spending").rglob("*.parquet"))
    victim.write_bytes(victim.read_bytes() + b"x")
    (copy / "units.parquet").unlink()
    code, _out, err = run(capsys, "lake", "check", str(copy))
    assert code == 2 and "校验和不符" in err and "缺少文件 units.parquet" in err


def test_export_refuses_a_folder_in_use_and_leaves_nothing_half_written(
    county_demo, capsys, tmp_path
):
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("keep me", "utf-8")
    code, _, err = run(capsys, "lake", "export", "--out", str(used), "--db", str(county_demo))
    assert code == 2 and "不是空的" in err
    assert [p.name for p in used.iterdir()] == ["notes.txt"]
    assert not (tmp_path / "used.partial").exists()


def test_accounts_never_reach_the_lake(county_demo, capsys, tmp_path):
    db = tmp_path / "secured.duckdb"
    shutil.copy(county_demo, db)
    with connection(db) as con:
        accounts.add(con, "admin", "admin", "a secret password", actor="test")
    out = tmp_path / "lake"
    assert run(capsys, "lake", "export", "--out", str(out), "--db", str(db))[0] == 0
    names = {p.name for p in out.rglob("*")}
    assert not any(name.startswith(("accounts", "audit_log")) for name in names)
    for path in out.rglob("*.parquet"):
        assert b"argon2" not in path.read_bytes()


def test_a_folder_that_is_not_a_lake(capsys, tmp_path):
    code, _, err = run(capsys, "status", "--lake", str(tmp_path))
    assert code == 2 and "不是数据湖" in err and "Traceback" not in err
