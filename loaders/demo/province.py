"""The province scale: 19,938 more projects in 488 units and 10 million payments, generated inside
DuckDB with hash-based pseudo-randomness (for benchmarks)."""

import calendar
import datetime as dt
import random
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from loaders.demo.catalogue import (
    DEMO_AS_OF,
    DEMO_YEAR,
    DEPARTMENTS,
    FIRMS,
    FUND_SOURCES,
    MONTH_WEIGHTS,
    PAYEE_FORMS,
    PROVINCE_COUNTIES,
    PROVINCE_SPENDING_ROWS,
    SPENDING_HEADER,
    SUMMARY_WORDS,
)
from loaders.demo.previous_year import PREVIOUS, previous_code, previous_text, rewrite_previous
from loaders.demo.targets import draw_budget, write_targets
from loaders.demo.world import (
    DemoProject,
    DemoUnit,
    Step,
    draw_indicators,
    draw_plan,
    streams,
    unit_for,
)

# --------------------------------------------------------------------------- province scale

NUMERALS = "一二三四五六七八九十"
DECEMBER_WEIGHT = 20  # the previous year's December, beside MONTH_WEIGHTS
PROVINCE_MEMORY = "1GB"  # DuckDB's memory limit while generating and loading (peak RSS < 2 GB)


def draw_province(
    rng: random.Random, units_wanted: int, projects_wanted: int
) -> tuple[list[DemoUnit], list[DemoProject]]:
    """Units of other counties (11 departments each) and their projects, names from the catalogue."""
    counties = [*PROVINCE_COUNTIES, ("131125", "安平县"), ("131126", "故城县")]
    units = [
        unit_for(dept, county, code, number)
        for number, (code, county) in enumerate(counties, start=2)
        for dept in DEPARTMENTS
    ][:units_wanted]
    per_unit, extra = divmod(projects_wanted, len(units))
    projects: list[DemoProject] = []
    for index, unit in enumerate(units):
        kinds = unit.dept.kinds
        for k in range(per_unit + (index < extra)):
            kind = kinds[k % len(kinds)]
            phase = k // len(kinds)
            name = (
                f"{DEMO_YEAR}年{kind.name}" if phase == 0 else f"{kind.name}（{NUMERALS[phase]}期）"
            )
            code = (
                f"{unit.county_code}{DEMO_YEAR % 100}P00{unit.dept.code}"
                f"{k * 1000 + rng.randrange(1000):06d}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}"
            )
            budget = draw_budget(kind, rng)
            projects.append(
                DemoProject(
                    code=code,
                    unit=unit,
                    name=name,
                    kind=kind,
                    budget_cents=budget,
                    plan=draw_plan(unit.dept.checkpoints, rng),
                    indicators=draw_indicators(kind, budget, rng),
                    profile="bulk",
                    payees=(),
                    fund=rng.choice(FUND_SOURCES),
                )
            )
    return units, projects


def write_province(
    directory: Path,
    seed: int,
    *,
    units: int,
    projects: int,
    rows: int = PROVINCE_SPENDING_ROWS,
    years: int = 1,
) -> list[Step]:
    """Target templates of `units` more units with `projects` projects, and `rows` payments in
    monthly exports (UTF-8), in the folder `province`. `years`: 2 adds the previous year (the
    same projects under their previous-year codes and names, `rows` more payments over January to
    December, a year-end execution of 85–99%), in the folder `province/2024`.

    The payments are generated inside DuckDB from `range(rows)`: every field is a function of
    hash(row, seed, field), and each file is written in row order, so the files are the same on
    every run, and no Python loop touches a row.
    """
    rng = streams(seed)["province"]
    bulk_units, bulk = draw_province(rng, units, projects)
    folder = directory / "province"
    folder.mkdir(exist_ok=True)
    documents = tuple(write_targets(folder, bulk_units, bulk))
    steps = [Step(dt.date(DEMO_YEAR, 1, 10), "targets", documents)]
    firms = FIRMS[:4]
    frame = pd.DataFrame(
        {
            "idx": range(len(bulk)),
            "code": [p.code for p in bulk],
            "name": [p.name for p in bulk],
            "fund": [p.fund for p in bulk],
            # what the project has spent by November, in yuan: 35%–100% of its budget
            "spent": [p.budget_cents / 100 * rng.uniform(0.35, 1.0) for p in bulk],
            "payees": [
                [
                    f.replace("魏县", p.unit.county).format(firm)
                    for f in PAYEE_FORMS[p.kind.use]
                    for firm in firms
                ]
                for p in bulk
            ],
            "words": [[p.name + w for w in SUMMARY_WORDS[p.kind.use]] for p in bulk],
        }
    )
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{PROVINCE_MEMORY}'")
        steps += _write_payments(con, folder, frame, DEMO_YEAR, MONTH_WEIGHTS, rows, seed)
        if years > 1:
            earlier = folder / str(PREVIOUS)
            earlier.mkdir(exist_ok=True)
            paths = tuple(rewrite_previous(path, earlier) for path in documents)
            steps.append(Step(dt.date(PREVIOUS, 1, 10), "targets", paths))
            previous_rng = random.Random(f"{seed}:province:previous")
            frame = frame.assign(
                code=[previous_code(p.code) for p in bulk],
                name=[previous_text(p.name) for p in bulk],
                # the whole year's spending: 85–99% of the budget
                spent=[p.budget_cents / 100 * previous_rng.uniform(0.85, 0.99) for p in bulk],
                words=[[previous_text(w) for w in words] for words in frame["words"]],
            )
            steps += _write_payments(
                con, earlier, frame, PREVIOUS, (*MONTH_WEIGHTS, DECEMBER_WEIGHT), rows, seed + 1
            )
    finally:
        con.close()
    return steps


def _write_payments(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    frame: pd.DataFrame,
    year: int,
    weights: tuple[int, ...],
    rows: int,
    seed: int,
) -> list[Step]:
    """`rows` payments of the projects in `frame` in `year`, one export per month of `weights`
    (the share of the rows in each month from January); the loads to make, one per month."""
    con.register("bulk_frame", frame)
    con.execute("CREATE OR REPLACE TABLE bulk AS SELECT * FROM bulk_frame")
    con.unregister("bulk_frame")
    months = range(1, len(weights) + 1)
    bounds = [round(rows * sum(weights[:m]) / sum(weights)) for m in (0, *months)]
    steps = []
    for month in months:
        path = folder / f"全省国库集中支付明细_{year}年{month:02d}月.csv"
        body = folder / f"body_{month:02d}.csv"
        last_day = calendar.monthrange(year, month)[1]
        con.execute(
            f"""
            COPY (
                SELECT strftime(DATE '{year}-{month:02d}-01'
                           + CAST(hash(i, $seed, 1) % {last_day} AS INTEGER),
                           '%Y-%m-%d'),
                       p.code,
                       p.name,
                       CASE WHEN hash(i, $seed, 5) % 4000 = 0 THEN '-' ELSE '' END
                       || printf('%.2f', greatest(1.0, p.spent * {len(frame) / rows}
                                                  * (0.5 + hash(i, $seed, 3) % 1000 / 1000))),
                       'ZF{year}' || lpad(CAST(i AS VARCHAR), 10, '0'),
                       p.payees[1 + CAST(hash(i, $seed, 4) % len(p.payees) AS BIGINT)],
                       p.words[1 + CAST(hash(i, $seed, 6) % len(p.words) AS BIGINT)],
                       p.fund
                FROM range({bounds[month - 1]}, {bounds[month]}) r(i)
                JOIN bulk p ON p.idx = hash(i, $seed, 2) % {len(frame)}
                ORDER BY i
            ) TO '{str(body).replace("'", "''")}' (HEADER false)
            """,
            {"seed": seed},
        )
        title = f"河北省县级财政国库集中支付明细汇总表（{year}年{month}月）"
        with path.open("wb") as out, body.open("rb") as generated:
            out.write(f"{title}\n单位：元\n{','.join(SPENDING_HEADER)}\n".encode())
            shutil.copyfileobj(generated, out, 1 << 24)
        body.unlink()
        loaded = min(dt.date(year, month, last_day) + dt.timedelta(days=1), DEMO_AS_OF)
        steps.append(Step(loaded, "spending", (path,)))
    return steps
