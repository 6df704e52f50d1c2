"""An indicator published in the wrong direction is evaluated as its nature implies (issue 15).

The sample's 收益特困生满意度 is published as `≤100%` (finding `direction_wrong`). With 6 of 20
survey answers satisfied (30%) at 2025-12-31 it is red and earns 3.0 of its 10 points, and every
place that shows it says "按 ≥100% 评价（原文 ≤100%）"; `[indicators] direction = "published"`
evaluates it as written (green, 10 points, no note). Everything runs through the real loaders."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import ROOT, use_db
from engine import rules
from engine.status import compute_status
from exports import meeting_pack
from store.db import connection
from store.settings import SettingsError, load_settings, settings

P2 = "13043425P00437410002E"  # 2025年特困生救助金: indicator 7 收益特困生满意度 ≤100%
DAY = "2025-12-31"
NOTE = "按 ≥100% 评价（原文 ≤100%）"
NOTE_EN = "evaluated as ≥100% (published ≤100%)"


@pytest.fixture
def surveyed(tracker, sample_txt, tmp_path, db_path) -> Path:
    """The sample document and 20 survey answers on its 特困生 project, 6 satisfied."""
    assert tracker("load", "targets", str(sample_txt))[0] == 0
    rows = [["项目编码", "调查日期", "满意度", "问卷编号"]]
    rows += [[P2, "2025-12-20", "满意" if i < 6 else "不满意", f"R{i}"] for i in range(20)]
    path = tmp_path / "survey.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    code, _, err = tracker("load", "surveys", str(path))
    assert code == 0, err
    return db_path


@pytest.fixture
def literal(tmp_path, monkeypatch):
    """tracker.toml asking for the literal reading."""
    config = tmp_path / "literal.toml"
    config.write_text('[indicators]\ndirection = "published"\n', "utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    settings.cache_clear()
    yield
    monkeypatch.delenv("TRACKER_CONFIG")
    settings.cache_clear()


def satisfaction(tracker) -> tuple[dict, dict]:
    """Indicator 7 in `tracker status` and in `tracker score --project` (JSON)."""
    code, out, err = tracker("status", "--as-of", DAY, "--project", P2, "--format", "json")
    assert code == 0, err
    status = next(i for i in json.loads(out)[0]["indicators"] if i["seq"] == 7)
    code, out, err = tracker("score", "--as-of", DAY, "--project", P2, "--format", "json")
    assert code == 0, err
    line = next(i for i in json.loads(out)["indicators"] if i["seq"] == 7)
    return status, line


def test_a_satisfaction_rate_published_with_le_is_evaluated_as_ge(surveyed, tracker):
    status, line = satisfaction(tracker)
    assert status == {"seq": 7, "actual": 30.0, "ratio_pct": 30.0, "colour": "red"}
    assert line["weight"] == 10 and line["points"] == pytest.approx(3.0)
    assert line["target"] == "≤100%"  # the published text stays untouched
    assert line["evaluated_target"] == "≥100%"
    code, out, _ = tracker("score", "--as-of", DAY, "--project", P2)
    assert code == 0 and NOTE in out


def test_the_literal_setting_evaluates_as_published(surveyed, tracker, literal):
    status, line = satisfaction(tracker)
    assert status["colour"] == "green" and status["actual"] == 30.0
    assert line["points"] == pytest.approx(10.0)
    assert line["evaluated_target"] is None
    code, out, _ = tracker("score", "--as-of", DAY, "--project", P2)
    assert code == 0 and "评价（原文" not in out


def test_only_the_flagged_indicator_changes(surveyed):
    """The published operator and direction are kept; the others are evaluated as before."""
    with connection(surveyed, read_only=True) as con:
        by_nature = compute_status(con, dt.date(2025, 12, 31), project=P2).indicators
    changed = by_nature[by_nature["evaluated_target"].notna()]
    assert changed["seq"].tolist() == [7]
    assert changed[["operator", "direction"]].values.tolist() == [["≥", "higher"]]


def test_the_note_is_on_the_project_page(surveyed, monkeypatch):
    from streamlit.testing.v1 import AppTest

    use_db(monkeypatch, surveyed)
    for lang, note in (("zh", NOTE), ("en", NOTE_EN)):
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
        for key, value in {"project": P2, "date": DAY, "lang": lang}.items():
            at.query_params[key] = value
        at.run().switch_page("views/project.py").run()
        assert not at.exception, at.exception
        shown = [frame.value for frame in at.dataframe]
        assert any(note in frame.to_string() for frame in shown), lang


def test_the_note_is_in_the_meeting_pack(surveyed, tmp_path):
    with connection(surveyed, read_only=True) as con:
        pack = meeting_pack.build_pack(con, "2025-12")
    risky = pack.indicators[pack.indicators["project_code"] == P2]
    assert 7 in risky["seq"].tolist()  # red: among the indicators at risk
    html = meeting_pack.write_pack(pack, tmp_path / "pack.html", "zh")
    assert NOTE in Path(html).read_text("utf-8")
    workbook = meeting_pack.write_pack(pack, tmp_path / "pack.xlsx", "zh")
    cells = [
        str(c)
        for ws in load_workbook(workbook)
        for row in ws.iter_rows(values_only=True)
        for c in row
    ]
    assert NOTE in cells


@pytest.mark.parametrize("kind", ["monitoring", "evaluation"])
@pytest.mark.parametrize("extension", ["xlsx", "docx"])
def test_the_note_is_in_the_forms(surveyed, tracker, tmp_path, kind, extension):
    out = tmp_path / f"{kind}.{extension}"
    code, _, err = tracker("form", kind, "--project", P2, "--as-of", DAY, "--out", str(out))
    assert code == 0, err
    if extension == "xlsx":
        cells = [
            str(c) for ws in load_workbook(out) for r in ws.iter_rows(values_only=True) for c in r
        ]
    else:
        cells = [
            c.text for table in Document(str(out)).tables for row in table.rows for c in row.cells
        ]
    assert NOTE in cells
    assert "≤100%" not in cells  # never the bare published text where it is evaluated otherwise


@pytest.mark.parametrize(
    ("raw", "operator", "expected"),
    [
        ("≤100%", "≥", "≥100%"),
        ("<95%", "≥", "≥95%"),
        ("≥5万元", "≤", "≤5万元"),
        ("不少于 5 万元", "≤", "≤5 万元"),
    ],
)
def test_the_evaluated_target_keeps_the_number(raw, operator, expected):
    assert rules.evaluated_target(raw, operator) == expected


def test_a_wrong_direction_setting_is_refused(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[indicators]\ndirection = "backwards"\n', "utf-8")
    with pytest.raises(SettingsError, match="nature 或 published"):
        load_settings(config)
