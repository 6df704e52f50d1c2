"""Benchmark: the overview and a project page in a real browser, province scale against county.

    python -m benchmarks.bench_pages [--repeat 3] [--county-db PATH] [--province-db PATH]
                                     [--province-one-year-db PATH]

1. Builds the county demo (`tracker bootstrap`), the province demo (`tracker demo --scale
   province`: 20,000 projects and 10 million payments in each of two fiscal years, about 4 min)
   and the province demo of the current year only (`--years 1`, about 2 min) unless given.
2. For each scale, starts the dashboard (`streamlit run`, a fresh process) on that database and
   drives the system Chromium (Playwright): each page is opened in a new browser tab and timed
   from navigation until the page has finished running and every chart is drawn. The first visit
   after the server starts (nothing cached) and the median of `--repeat` later visits (the
   queries cached per data version) are reported.
3. The dashboard process's peak memory (VmHWM) after all visits.
Ratios are province ÷ county and two years ÷ one year, measured in the same run. Results go to
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, machine, serve, write_section

CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PROJECT = "13043425P00450110058B"  # the sample's project, present at both scales
PAGES = {
    "overview": ("", "预算执行总览", 2),
    "project": (f"project?project={PROJECT}", "2025年基层团组织经费", 3),
}
# the page has run to its end: no "running" indicator, the wanted charts drawn
DONE = """([charts]) => !document.querySelector('[data-testid=stStatusWidget]')
    && document.querySelectorAll('.js-plotly-plot .main-svg').length >= charts"""


def tracker(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(db: Path, repeat: int) -> dict:
    """Times of each page (first visit, median of later visits) and the server's peak memory."""
    from playwright.sync_api import sync_playwright

    result: dict = {}
    with serve(db) as (url, pid):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (path, heading, charts) in PAGES.items():
                runs = []
                for _ in range(repeat + 1):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(f"{url}/{path}")
                    page.get_by_role("heading", name=heading).first.wait_for(timeout=300_000)
                    page.wait_for_function(DONE, arg=[charts], timeout=300_000, polling=50)
                    runs.append(time.perf_counter() - started)
                    context.close()
                result[name] = {"first": runs[0], "later": statistics.median(runs[1:])}
            browser.close()
        result["peak_mb"] = peak_mb(pid)
    return result


def ratio_rows(base: dict, other: dict) -> tuple[str, float]:
    """Table rows (page and visit: base, other, other ÷ base) and the worst ratio."""
    rows = []
    worst = 0.0
    for name in PAGES:
        for when, label in (("first", "first visit (nothing cached)"), ("later", "later visits")):
            ratio = other[name][when] / base[name][when]
            worst = max(worst, ratio)
            rows.append(
                f"| {name}, {label} | {base[name][when]:.2f} | {other[name][when]:.2f} "
                f"| **{ratio:.2f}** |"
            )
    return "\n".join(rows), worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--county-db", type=Path)
    parser.add_argument("--province-db", type=Path)
    parser.add_argument("--province-one-year-db", type=Path)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tracker-pages-"))
    try:
        county = args.county_db or work / "county.duckdb"
        if not county.exists():
            print("building the county demo …", flush=True)
            tracker("bootstrap", "--no-accounts", "--db", str(county))
        province = args.province_db or work / "province.duckdb"
        if not province.exists():
            print("building the province demo, two years (about 4 min) …", flush=True)
            tracker("demo", "--scale", "province", "--years", "2", "--db", str(province))
        one_year = args.province_one_year_db or work / "province-one-year.duckdb"
        if not one_year.exists():
            print("building the province demo, one year (about 2 min) …", flush=True)
            tracker("demo", "--scale", "province", "--years", "1", "--db", str(one_year))
        results = {}
        for scale, db in (("county", county), ("province", province), ("one_year", one_year)):
            print(f"measuring {scale} …", flush=True)
            results[scale] = measure(db, args.repeat)
            print(f"  {results[scale]}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    c, p, o = results["county"], results["province"], results["one_year"]
    scale_rows, worst = ratio_rows(c, p)
    year_rows, worst_year = ratio_rows(o, p)
    text = f"""## Pages in a real browser (`python -m benchmarks.bench_pages`)

Machine: {machine()}; headless Chromium driven by Playwright. County demo: 62 projects, about
1,500 payments a year; province demo: 20,000 projects and 10 million payments a year. Both hold two
fiscal years (2024 and 2025: the overview compares with last year); "one year" is the province
demo of 2025 alone (`--years 1`). Seconds from navigation until the page has finished running and
its charts are drawn; later visits: median of {args.repeat}.

| page | county (s) | province (s) | province ÷ county |
|---|---:|---:|---:|
{scale_rows}

| page | province, one year (s) | province, two years (s) | two years ÷ one year |
|---|---:|---:|---:|
{year_rows}

Dashboard process peak memory: county {c["peak_mb"]:.0f} MB, province {p["peak_mb"]:.0f} MB
(one year: {o["peak_mb"]:.0f} MB).
Bars: province within 2 × county (**{"met" if worst <= 2 else "NOT met"}**, worst
{worst:.2f}); two years within 10% of one year (**{"met" if worst_year <= 1.1 else "NOT met"}**,
worst {worst_year:.2f}); peak memory under 1.5 GB (**{"met" if p["peak_mb"] < 1536 else "NOT met"}**).
"""
    print(text)
    if not args.no_write:
        write_section(ROOT / "BENCHMARKS.md", "bench-pages", text)


if __name__ == "__main__":
    main()
