"""The `tracker` CLI on targets: re-loads, replacements, findings, database location."""

from __future__ import annotations

import json
from decimal import Decimal

from builders import build_txt, sample_document
from conftest import snapshot, table_rows

P1 = "13043425P00450110058B"
P2 = "13043425P00437410002E"


def test_reload_same_file_changes_nothing(tracker, sample_txt, db_path):
    assert tracker("load", "targets", str(sample_txt))[0] == 0
    before = snapshot(db_path)
    code, out, _ = tracker("load", "targets", str(sample_txt))
    assert code == 0
    assert "未做任何修改" in out
    assert snapshot(db_path) == before


def test_newer_document_replaces_a_project(tracker, sample_txt, tmp_path, db_path):
    assert tracker("load", "targets", str(sample_txt))[0] == 0
    document = sample_document()
    project = document["projects"][0]
    project["budget"] = "6.00"
    project["fiscal"] = "6.00"
    project["indicators"] = project["indicators"][:3]
    document["projects"] = [project]
    newer = build_txt(tmp_path / "newer.txt", document)
    code, out, err = tracker("load", "targets", str(newer))
    assert code == 0, err
    assert P1 in out and "替换" in out
    assert table_rows(db_path, "SELECT budget_yuan FROM projects WHERE project_code = ?", [P1]) == [
        (Decimal("60000.00"),)
    ]
    assert table_rows(db_path, "SELECT count(*) FROM indicators WHERE project_code = ?", [P1]) == [
        (3,)
    ]
    # the other project keeps its earlier load, untouched
    assert table_rows(db_path, "SELECT count(*) FROM indicators WHERE project_code = ?", [P2]) == [
        (7,)
    ]
    loads = table_rows(
        db_path, "SELECT p.project_code, i.file_name FROM projects p JOIN imports i USING (load_id)"
    )
    assert sorted(loads) == [(P2, sample_txt.name), (P1, "newer.txt")]


def test_fully_replaced_load_is_marked(tracker, sample_txt, tmp_path, db_path):
    assert tracker("load", "targets", str(sample_txt))[0] == 0
    again = build_txt(tmp_path / "again.txt", sample_document())
    assert tracker("load", "targets", str(again))[0] == 0
    statuses = table_rows(db_path, "SELECT file_name, status FROM imports ORDER BY load_id")
    assert statuses == [(sample_txt.name, "replaced"), ("again.txt", "ok")]


def test_findings_command(tracker, sample_txt):
    tracker("load", "targets", str(sample_txt))
    code, out, _ = tracker("findings")
    assert code == 0
    assert "方向疑误" in out and "收益特困生满意度" in out
    assert "时效指标" in out and "共 3 条" in out  # rule words (they wrap in a narrow column)
    code, out, _ = tracker("findings", "--format", "json")
    records = json.loads(out)
    assert {(r["project_code"], r["indicator_seq"], r["rule"]) for r in records} == {
        (None, 2, "stale_year"),  # the department's goal 2: 计划2022年… in a 2025 document
        (P2, 3, "timeliness_without_date"),
        (P2, 7, "direction_wrong"),
    }
    code, out, _ = tracker("findings", "--project", P1, "--format", "json")
    assert json.loads(out) == []


def test_findings_without_database(tracker):
    code, _, err = tracker("findings")
    assert code == 2 and "不存在" in err


def test_database_from_environment(monkeypatch, tmp_path, sample_txt, capsys):
    from cli.main import main

    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("TRACKER_DB", str(target))
    assert main(["load", "targets", str(sample_txt)]) == 0
    assert table_rows(target, "SELECT count(*) FROM projects") == [(2,)]


def test_bootstrap_loads_the_demo_once(tracker, db_path, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    code, out, _ = tracker("bootstrap")
    assert code == 0
    assert table_rows(db_path, "SELECT count(*) FROM projects")[0][0] >= 60
    assert table_rows(db_path, "SELECT bool_and(is_demo), count(*) > 10 FROM imports") == [
        (True, True)
    ]
    loads = table_rows(db_path, "SELECT count(*) FROM imports")
    code, out, _ = tracker("bootstrap")
    assert code == 0 and "跳过" in out
    assert table_rows(db_path, "SELECT count(*) FROM imports") == loads


def test_bootstrap_sample_only(tracker, db_path, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    code, out, _ = tracker("bootstrap", "--sample-only")
    assert code == 0 and "2 个项目" in out
    assert table_rows(db_path, "SELECT is_demo FROM imports") == [(True,)]


def versions(db_path) -> list[tuple]:
    """(project, budget, indicators, load status) of the targets in force."""
    return table_rows(
        db_path,
        "SELECT p.project_code, p.budget_yuan, (SELECT count(*) FROM indicators i"
        " WHERE i.project_code = p.project_code), m.status"
        " FROM projects p JOIN imports m USING (load_id) ORDER BY 1",
    )


def newer_version(tmp_path, name: str, budget: str, indicators: int):
    """The sample with its first project (P1) at `budget` 万元 and `indicators` indicators."""
    document = sample_document()
    project = document["projects"][0]
    project["budget"] = project["fiscal"] = budget
    project["indicators"] = project["indicators"][:indicators]
    document["projects"] = [project]
    return build_txt(tmp_path / name, document)


def test_undoing_a_replacing_load_brings_the_earlier_targets_back(
    tracker, sample_txt, tmp_path, db_path
):
    """A wrong newer document loaded, then undone: the project's earlier targets are in force
    again (not a project without targets), and its load is current again."""
    assert tracker("load", "targets", str(sample_txt))[0] == 0
    before = versions(db_path)
    plan = table_rows(db_path, "SELECT * FROM spending_plan ORDER BY 1, 2")
    assert tracker("load", "targets", str(newer_version(tmp_path, "v2.txt", "6.00", 3)))[0] == 0
    assert (P1, Decimal("60000.00"), 3, "ok") in versions(db_path)
    code, out, _ = tracker("undo", "2")
    assert code == 0 and "projects restored 1" in out
    assert versions(db_path) == before
    assert table_rows(db_path, "SELECT * FROM spending_plan ORDER BY 1, 2") == plan
    assert table_rows(db_path, "SELECT count(*) FROM projects_replaced") == [(0,)]


def test_undo_along_a_chain_of_versions(tracker, sample_txt, tmp_path, db_path):
    """Versions 1 → 2 → 3 of a project: undoing 2 while 3 is in force keeps 3, and undoing 3 then
    brings back 1 (2 was undone), not 2."""
    assert tracker("load", "targets", str(sample_txt))[0] == 0  # load 1: P1 at 5万, 7 indicators
    assert tracker("load", "targets", str(newer_version(tmp_path, "v2.txt", "6.00", 3)))[0] == 0
    assert tracker("load", "targets", str(newer_version(tmp_path, "v3.txt", "7.00", 4)))[0] == 0
    assert tracker("undo", "2")[0] == 0
    assert (P1, Decimal("70000.00"), 4, "ok") in versions(db_path)
    assert tracker("undo", "3")[0] == 0
    assert (P1, Decimal("50000.00"), 7, "ok") in versions(db_path)
    assert [r[0] for r in versions(db_path)] == sorted([P1, P2])
