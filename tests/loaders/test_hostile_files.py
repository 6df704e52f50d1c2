"""The hostile corpus (tests/hostile.py) through `tracker load`: each file refused with one line
naming it (exit 2, nothing written) or loaded with every line accounted for, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli.main import main as tracker_main
from conftest import SAMPLE_TXT, snapshot, table_rows
from hostile import CORPUS, SMALL_LIMITS
from store.settings import settings


@pytest.fixture(scope="module")
def targets_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "targets.duckdb"
    assert tracker_main(["load", "targets", str(SAMPLE_TXT), "--db", str(db)]) == 0
    return db


@pytest.fixture
def limits(tmp_path, monkeypatch):
    """Small limits from a tracker.toml of the test's own, read afresh."""

    def use(text: str) -> None:
        config = tmp_path / "tracker.toml"
        config.write_text(text, "utf-8")
        monkeypatch.setenv("TRACKER_CONFIG", str(config))
        settings.cache_clear()

    yield use
    settings.cache_clear()


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 60


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file(name, targets_db, tmp_path, capsys, limits):
    kind, build, expected = CORPUS[name]
    file_name, _, variant = name.partition("@")
    if variant == "small":
        limits(SMALL_LIMITS)
    db = tmp_path / "t.duckdb"
    shutil.copy(targets_db, db)
    path = tmp_path / file_name
    build(path)
    before = snapshot(db)
    code = tracker_main(["load", kind, str(path), "--db", str(db)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err, err
    if expected[0] == "refused":
        assert code == 2, out
        assert file_name in err and expected[1] in err, err
        assert len(err.strip().splitlines()) <= 2, (
            err
        )  # the reason (and, for targets, "nothing written")
        assert snapshot(db) == before
        return
    assert code == 0, err
    if kind == "targets":
        codes = [r[0] for r in table_rows(db, "SELECT project_code FROM projects ORDER BY 1")]
        assert codes == ["13043425P00437410002E", "13043425P00450110058B"]  # no look-alike second
        return
    load = table_rows(db, "SELECT max(load_id) FROM imports")[0][0]
    counts = table_rows(
        db,
        "SELECT rows_total, rows_loaded, rows_duplicate, rows_rejected, rows_skipped"
        " FROM imports WHERE load_id = ?",
        [load],
    )[0]
    assert counts == expected[1]
    total, *parts = counts
    assert total == sum(parts)  # every line accounted for
    kept = table_rows(db, "SELECT count(*) FROM rejected_rows WHERE load_id = ?", [load])[0][0]
    assert kept == sum(parts[1:])  # every row not stored is kept with its reason
    if len(expected) > 2:
        reasons = [
            r[0]
            for r in table_rows(
                db,
                "SELECT reason FROM rejected_rows WHERE load_id = ? AND category = 'rejected'",
                [load],
            )
        ]
        assert reasons and all(expected[2] in r for r in reasons), reasons
