"""Reproducible demo data: a realistic fiscal year 2025, written as real files, loaded by the real loaders.

`build_demo(db_path, scale="county", seed=42)` makes up a county's budget year from `random.Random(seed)`
and writes it the way clerks receive it: the published sample document, one filled target template
(.csv) per budget unit, the treasury's monthly payment exports (GBK CSV with a title row, a 单位：元 row
and a 本月合计 row), two budget-adjustment notices, the aid roster of the sample's 特困生 project,
quarterly indicator reports and satisfaction surveys. Then it loads every file through
`loaders.targets.load_targets` / `loaders.records.load_records` with `is_demo=True`, in the order a
clerk would have loaded them, so each `imports` row is marked demo and the loaders' own checks
(duplicates, rejected rows, reversals) show up exactly as they would for real files.

The same seed gives the same files, byte for byte, and so the same database content (apart from the
import timestamps; beneficiaries' `person_key` also depends on the HMAC key (the configuration folder's,
see `loaders.personal`). Building again into the same database changes nothing: every file is
recognised by its hash and reported `unchanged`.

The demo's "today" is `DEMO_AS_OF` (2025-11-30): data runs through November, so the 12月底 checkpoint
is still ahead, forecasts and catch-up amounts mean something, and December is empty. The year-end
rush case (突击花钱) is therefore a project that spent at least 40% of its money to date in November,
the last month loaded (`RUSH_MONTH`).

`CASES` names the projects that show each situation the pages must be able to show.

Scales: `county` is the sample's two projects plus 60 generated projects in 11 more units (about
1,500 payments; builds in about two seconds). `province` adds 19,938 projects in 488 units of 45
other Hebei counties and 10 million payments, generated inside DuckDB (`COPY (SELECT … FROM
range(n))`) with hash-based pseudo-randomness, for benchmarks (about 75 s on 2 cores, peak RSS about
1.3 GB, with DuckDB's memory limit at `PROVINCE_MEMORY`). With two years (`years=2`, the default
of `tracker demo`) the county's and the province's projects have their 2024 versions too (`previous_year`):
another 10 million payments over January to December for the province, about twice the time.

A database that holds real (non-demo) loads is refused: demo rows never mix with real ones.

Modules, by what they make: `catalogue` (the fixed cases and pools), `world` (the model and helpers),
`targets` (projects and their target templates), `spending` (payments), `rosters` (the aid roster),
`indicator_reports` (actuals and surveys), `county` (the county's files), `province` (the province
scale), `build` (writing and loading it all).
"""

from loaders.demo.build import DemoSummary, build_demo
from loaders.demo.catalogue import CASES, DEMO_AS_OF, DEMO_YEAR, QUALITY_RULES, RUSH_SHARE, SCALES
from loaders.demo.province import write_province

__all__ = [
    "CASES",
    "DEMO_AS_OF",
    "DEMO_YEAR",
    "QUALITY_RULES",
    "RUSH_SHARE",
    "SCALES",
    "DemoSummary",
    "build_demo",
    "write_province",
]
