"""The province scale: 19,938 more projects in 488 units and 10 million payments, generated inside
DuckDB with hash-based pseudo-randomness (for benchmarks)."""

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
from loaders.demo.targets import draw_budget, write_targets
from loaders.demo.world import (
    DemoProject,
    DemoUnit,
    Step,
    draw_indicators,
    draw_plan,
    month_end,
    streams,
    unit_for,
)

# --------------------------------------------------------------------------- province scale

NUMERALS = "一二三四五六七八九十"
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
) -> list[Step]:
    """Target templates of `units` more units with `projects` projects, and `rows` payments in
    monthly exports (UTF-8), in the folder `province`.

    The payments are generated inside DuckDB from `range(rows)`: every field is a function of
    hash(row, seed, field), and each file is written in row order, so the files are the same on
    every run, and no Python loop touches a row.
    """
    rng = streams(seed)["province"]
    bulk_units, bulk = draw_province(rng, units, projects)
    folder = directory / "province"
    folder.mkdir(exist_ok=True)
    steps = [Step(dt.date(2025, 1, 10), "targets", tuple(write_targets(folder, bulk_units, bulk)))]
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
    months = range(1, DEMO_AS_OF.month + 1)
    bounds = [round(rows * sum(MONTH_WEIGHTS[:m]) / sum(MONTH_WEIGHTS)) for m in (0, *months)]
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{PROVINCE_MEMORY}'")
        con.register("bulk_frame", frame)
        con.execute("CREATE TABLE bulk AS SELECT * FROM bulk_frame")
        for month in months:
            path = folder / f"全省国库集中支付明细_{DEMO_YEAR}年{month:02d}月.csv"
            body = folder / f"body_{month:02d}.csv"
            con.execute(
                f"""
                COPY (
                    SELECT strftime(DATE '{DEMO_YEAR}-{month:02d}-01'
                               + CAST(hash(i, $seed, 1) % {month_end(month).day} AS INTEGER),
                               '%Y-%m-%d'),
                           p.code,
                           p.name,
                           CASE WHEN hash(i, $seed, 5) % 4000 = 0 THEN '-' ELSE '' END
                           || printf('%.2f', greatest(1.0, p.spent * {len(bulk) / rows}
                                                      * (0.5 + hash(i, $seed, 3) % 1000 / 1000))),
                           'ZF{DEMO_YEAR}' || lpad(CAST(i AS VARCHAR), 10, '0'),
                           p.payees[1 + CAST(hash(i, $seed, 4) % len(p.payees) AS BIGINT)],
                           p.words[1 + CAST(hash(i, $seed, 6) % len(p.words) AS BIGINT)],
                           p.fund
                    FROM range({bounds[month - 1]}, {bounds[month]}) r(i)
                    JOIN bulk p ON p.idx = hash(i, $seed, 2) % {len(bulk)}
                    ORDER BY i
                ) TO '{str(body).replace("'", "''")}' (HEADER false)
                """,
                {"seed": seed},
            )
            title = f"河北省县级财政国库集中支付明细汇总表（{DEMO_YEAR}年{month}月）"
            with path.open("wb") as out, body.open("rb") as generated:
                out.write(f"{title}\n单位：元\n{','.join(SPENDING_HEADER)}\n".encode())
                shutil.copyfileobj(generated, out, 1 << 24)
            body.unlink()
            loaded = min(month_end(month) + dt.timedelta(days=1), DEMO_AS_OF)
            steps.append(Step(loaded, "spending", (path,)))
    finally:
        con.close()
    return steps
