"""Spark over the Parquet lake (issue 14): `tracker status`, `score` and `report --engine spark`
print exactly what they print on the DuckDB store and on DuckDB over the lake — on the county demo
at three dates and the default date, and on a generated province of a million payments at two —
and the engine's whole status (every column, not only the JSON's) is the same. Marked `spark`:
they need PySpark and Java 17, which CI installs (.ci/run); where PySpark is missing they are
reported as skipped, never as passed. One Spark session for the module (it takes 6–7 s)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from cli.main import main as tracker_main
from engine.status import compute_status
from loaders.demo import build_demo
from store.db import connection
from store.lake import MANIFEST
from store.settings import settings

pytestmark = pytest.mark.spark
pyspark = pytest.importorskip(
    "pyspark", reason="PySpark is not installed (pip install -e .[spark])"
)


@pytest.fixture(scope="module")
def lake(county_demo: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("spark-lake") / "county"
    assert tracker_main(["lake", "export", "--out", str(folder), "--db", str(county_demo)]) == 0
    return folder


@pytest.fixture(scope="module")
def spark():
    from store.lake_spark import session

    spark = session("local[2]")  # one session for the module: it takes 6–7 s to start
    yield spark
    spark.stop()


def run(capsys, *args: str) -> str:
    code = tracker_main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


@pytest.mark.parametrize("day", ["2025-04-15", "2025-09-30", "2025-11-28", None])
@pytest.mark.parametrize("command", ["status", "score"])
def test_three_paths_answer_identically(lake, county_demo, spark, capsys, command, day):
    when = ["--as-of", day] if day else []
    store = run(capsys, command, "--format", "json", *when, "--db", str(county_demo))
    duck = run(capsys, command, "--format", "json", *when, "--lake", str(lake))
    on_spark = run(
        capsys, command, "--format", "json", *when, "--lake", str(lake),
        "--engine", "spark", "--spark-master", "local[2]",
    )  # fmt: skip
    assert store == duck == on_spark  # every field, to the character
    assert json.loads(on_spark)  # and not empty


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> tuple[Path, Path]:
    """A generated province: 2,000 projects and a million payments (the county's and the
    province's, with their reversals), loaded by the real loaders; and its lake."""
    folder = tmp_path_factory.mktemp("province")
    db = folder / "province.duckdb"
    summary = build_demo(db, "province", projects=2_000, rows=1_000_000)
    assert summary.spending_rows >= 1_000_000
    lake = folder / "lake"
    assert tracker_main(["lake", "export", "--out", str(lake), "--db", str(db)]) == 0
    return db, lake


@pytest.mark.parametrize("day", ["2025-06-30", "2025-08-17"])
def test_a_province_of_a_million_payments_answers_identically(province, spark, capsys, day):
    db, lake = province
    with connection(db, read_only=True) as con:  # the as-of month holds reversals before the day
        (reversals,) = con.execute(
            "SELECT count(*) FROM spending WHERE amount_yuan < 0"
            " AND pay_date BETWEEN date_trunc('month', CAST(? AS DATE)) AND ?",
            [day, day],
        ).fetchall()[0]
    assert reversals > 0 or day.endswith("-30")
    store = run(capsys, "status", "--format", "json", "--as-of", day, "--db", str(db))
    duck = run(capsys, "status", "--format", "json", "--as-of", day, "--lake", str(lake))
    on_spark = run(
        capsys,
        "status",
        "--format",
        "json",
        "--as-of",
        day,
        "--lake",
        lake.as_uri(),
        "--engine",
        "spark",
    )  # fmt: skip  (a file: URI: Spark reads the lake, manifest and small tables too)
    assert store == duck == on_spark
    assert len(json.loads(store)) == 2_000


@pytest.mark.parametrize("day", ["2025-06-03", "2025-09-01", "2025-09-30"])
def test_every_column_of_the_status_is_the_same(lake, county_demo, spark, day):
    """Beyond the JSON: reversals, the year-end rush, forecasts — the engine's whole frames. The
    days hold the demo's two reversals (3 June, 1 September) on the as-of day itself."""
    from store.lake_spark import open_lake_spark

    as_of = dt.date.fromisoformat(day)
    with connection(county_demo, read_only=True) as con:
        expected = compute_status(con, as_of)
    with open_lake_spark(str(lake), as_of, spark) as (con, used):
        got = compute_status(con, as_of)
    assert used == as_of
    assert expected.projects["reversals"].sum() > 0
    pd.testing.assert_frame_equal(got.projects, expected.projects)
    pd.testing.assert_frame_equal(got.indicators, expected.indicators)


@pytest.mark.parametrize("unit", [None, "712001"])
def test_the_meeting_pack_is_the_same_on_spark(lake, county_demo, spark, capsys, tmp_path, unit):
    scope = ["--unit", unit] if unit else []
    paths = {name: tmp_path / f"{name}.html" for name in ("store", "duck", "spark")}
    sources = {
        "store": ["--db", str(county_demo)],
        "duck": ["--lake", str(lake)],
        "spark": ["--lake", lake.as_uri(), "--engine", "spark"],
    }
    for name, where in sources.items():
        run(capsys, "report", "--month", "2025-06", "--out", str(paths[name]), *scope, *where)
    store, duck, on_spark = (paths[n].read_text("utf-8") for n in ("store", "duck", "spark"))
    assert "月度例会" in store
    assert store == duck == on_spark


def test_a_month_without_records_is_said_on_spark(lake, spark, capsys, tmp_path):
    code = tracker_main(
        ["report", "--month", "2025-12", "--out", str(tmp_path / "dec.html"),
         "--lake", str(lake), "--engine", "spark"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0
    assert "2025年12月 没有任何记录（数据截至 2025-11-30）" in err


def test_the_settings_reach_the_session(spark, tmp_path, monkeypatch):
    config = tmp_path / "tracker.toml"
    config.write_text(
        '[spark]\nmaster = "local[2]"\n[spark.conf]\n"spark.sql.shuffle.partitions" = 7\n',
        "utf-8",
    )
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    settings.cache_clear()
    try:
        from store.lake_spark import session

        assert settings().spark.conf == (("spark.sql.shuffle.partitions", "7"),)
        assert session().conf.get("spark.sql.shuffle.partitions") == "7"
    finally:
        monkeypatch.delenv("TRACKER_CONFIG")
        settings.cache_clear()
        spark.conf.unset("spark.sql.shuffle.partitions")


def test_a_lake_of_another_version_is_refused(lake, spark, capsys, tmp_path):
    import shutil

    copy = tmp_path / "old"
    shutil.copytree(lake, copy)
    manifest = json.loads((copy / MANIFEST).read_text("utf-8"))
    manifest["schema_version"] = "0" * 16
    (copy / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    for engine in ("duckdb", "spark"):
        code = tracker_main(["status", "--lake", str(copy), "--engine", engine])
        err = capsys.readouterr().err
        assert code == 2 and "另一版本" in err and "Traceback" not in err, engine
    code = tracker_main(["status", "--lake", str(tmp_path / "nothing"), "--engine", "spark"])
    err = capsys.readouterr().err
    assert code == 2 and "不是数据湖" in err and "Traceback" not in err


def test_spark_needs_a_lake(capsys):
    code = tracker_main(["status", "--engine", "spark"])
    assert code == 2 and "需要 --lake" in capsys.readouterr().err
