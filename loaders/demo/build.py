"""Building the demo database: write the files, load them through the real loaders with `is_demo`,
refuse a database that holds real loads, and summarise what was stored."""

import datetime as dt
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders.demo.catalogue import (
    CASES,
    DEMO_AS_OF,
    PROVINCE_PROJECTS,
    PROVINCE_SPENDING_ROWS,
    PROVINCE_UNITS,
    SCALES,
)
from loaders.demo.county import write_county
from loaders.demo.previous_year import write_previous_year
from loaders.demo.province import PROVINCE_MEMORY, write_province
from loaders.errors import LoadError
from loaders.records import RecordLoadResult, load_records
from loaders.targets import TargetLoadResult, load_targets
from store.db import first_row, open_db

# --------------------------------------------------------------------------- build


@dataclass
class DemoSummary:
    """What `build_demo` wrote and loaded. Counts are rows stored in the database afterwards."""

    db_path: Path
    scale: str
    seed: int
    as_of: dt.date
    projects: int
    units: int
    spending_rows: int
    beneficiaries: int
    actuals: int
    surveys: int
    adjustments: int
    files: list[Path]  # relative to `workdir`
    workdir: Path | None  # None when the files were written to a temporary folder, now removed
    target_results: list[TargetLoadResult] = field(default_factory=list)
    record_results: list[RecordLoadResult] = field(default_factory=list)
    cases: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def unchanged(self) -> bool:
        """Every file had been loaded before: the build changed nothing."""
        statuses = [r.status for r in self.target_results] + [r.status for r in self.record_results]
        return all(status == "unchanged" for status in statuses)

    def lines(self) -> list[str]:
        """The report the CLI prints."""
        loaded = sum(r.status == "loaded" for r in self.target_results + self.record_results)
        lines = [
            f"演示数据（{self.scale}，种子 {self.seed}，数据截至 {self.as_of:%Y-%m-%d}）→ {self.db_path}",
            f"{self.units} 个单位，{self.projects} 个项目，{self.spending_rows:,} 笔支出，"
            f"{self.adjustments} 笔预算调整，{self.beneficiaries} 名受助人，{self.actuals} 条指标实际值，"
            f"{self.surveys} 份问卷",
            f"写出 {len(self.files)} 个文件，新加载 {loaded} 个，用时 {self.seconds:.1f} 秒",
        ]
        if self.unchanged:
            lines.append("所有文件均已加载过，数据库未做任何修改")
        if self.workdir is not None:
            lines.append(f"文件保存在 {self.workdir}")
        return lines


@contextmanager
def _folder(workdir: str | Path | None) -> Iterator[Path]:
    if workdir is not None:
        path = Path(workdir)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="tracker-demo-") as temporary:
        yield Path(temporary)


def refuse_real_data(con: duckdb.DuckDBPyConnection, db_path: str | Path) -> None:
    """Demo rows must never mix with real ones: raise LoadError when the store holds real loads."""
    row = first_row(
        con.execute("SELECT count(*) FROM imports WHERE NOT is_demo AND status <> 'undone'")
    )
    if row and row[0]:
        raise LoadError(
            f"数据库 {db_path} 中已有 {row[0]} 次正式数据导入，演示数据不会写入其中",
            hint="请为演示数据另建一个数据库，例如 tracker demo --db data/demo.duckdb",
        )


KIND_ORDER = ("targets", "adjustments", "spending", "beneficiaries", "actuals", "surveys")
COUNTED = (
    "projects", "units", "spending", "beneficiaries", "indicator_actuals", "survey_responses",
    "budget_adjustments",
)  # fmt: skip


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = first_row(con.execute(f"SELECT count(*) FROM {table}"))
    return int(row[0]) if row else 0


def build_demo(
    db_path: str | Path,
    scale: str = "county",
    seed: int = 42,
    workdir: str | Path | None = None,
    *,
    projects: int = PROVINCE_PROJECTS,
    rows: int = PROVINCE_SPENDING_ROWS,
    years: int = 1,
) -> DemoSummary:
    """Write the demo's files (into `workdir`, else a temporary folder) and load them, as demo.
    The province scale has `projects` projects in all and `rows` more payments (units in
    proportion: 500 for 20,000 projects). `years`: 2 adds the previous year (loaders.demo.previous_year;
    at the province scale the province's projects too), 1 the current year only.

    Returns the counts stored and every load's result. Raises LoadError for an unknown scale or a
    database that already holds real (non-demo) loads; loader errors propagate (a bug in the demo).
    """
    if scale not in SCALES:
        raise LoadError(f"未知的演示规模 {scale}", hint=f"可选：{'、'.join(SCALES)}")
    started = time.perf_counter()
    with _folder(workdir) as directory:
        steps, world = write_county(directory, seed)
        if years > 1:  # last year beside this year: the year-on-year comparison has data
            steps += write_previous_year(directory, steps, world, seed)
        if scale == "province":
            units = max(1, round(PROVINCE_UNITS * projects / PROVINCE_PROJECTS))
            steps += write_province(
                directory,
                seed,
                units=max(1, units - len(world.units) - 1),  # the sample's unit is the 12th
                projects=max(1, projects - len(world.projects) - 2),
                rows=rows,
                years=years,
            )
        steps.sort(key=lambda s: (s.when, KIND_ORDER.index(s.kind)))
        targets: list[TargetLoadResult] = []
        records: list[RecordLoadResult] = []
        con = open_db(db_path)
        try:
            refuse_real_data(con, db_path)
            if scale == "province":
                con.execute(f"SET memory_limit = '{PROVINCE_MEMORY}'")
            for step in steps:
                if step.kind == "targets":
                    targets += load_targets(con, list(step.paths), is_demo=True)
                    continue
                for path in step.paths:
                    records.append(
                        load_records(con, step.kind, path, project=step.project, is_demo=True)
                    )
            counts = {table: count_rows(con, table) for table in COUNTED}
        finally:
            con.close()
        files = sorted(p.relative_to(directory) for step in steps for p in step.paths)
    return DemoSummary(
        db_path=Path(db_path),
        scale=scale,
        seed=seed,
        as_of=DEMO_AS_OF,
        projects=counts["projects"],
        units=counts["units"],
        spending_rows=counts["spending"],
        beneficiaries=counts["beneficiaries"],
        actuals=counts["indicator_actuals"],
        surveys=counts["survey_responses"],
        adjustments=counts["budget_adjustments"],
        files=files,
        workdir=Path(workdir) if workdir is not None else None,
        target_results=targets,
        record_results=records,
        cases={case: list(codes) for case, codes in CASES.items()},
        seconds=time.perf_counter() - started,
    )
