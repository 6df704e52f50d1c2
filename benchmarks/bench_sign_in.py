"""Benchmark: what sign-in costs a page. The county demo served twice in the same run — open (no
account) and with accounts (signed in as an auditor) — and the overview and project pages visited
in turn through the sidebar's links, in one browser session each: seconds from the click until the
page has finished running and its charts are drawn, median of `--repeat` visits. The bar: with
sign-in on, within 10% of the open figures (ratio ≤ 1.10).

    python -m benchmarks.bench_sign_in [--repeat 7] [--county-db PATH]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_pages import ARGS, CHROMIUM, DONE, tracker
from benchmarks.common import ROOT, machine, serve, write_section

PASSWORD = "benchmark password"
LINKS = {"overview": ("总览", 2), "project": ("项目详情", 3)}  # sidebar link, charts drawn


def secure(db: Path) -> None:
    """Give `db` an auditor account (the role that sees every page read-only)."""
    subprocess.run(
        [sys.executable, "-m", "cli.main", "users", "add", "bench", "--role", "auditor",
         "--password-stdin", "--db", str(db)],
        input=PASSWORD + "\n", text=True, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def measure(db: Path, repeat: int, sign_in: bool) -> dict[str, float]:
    """Median seconds per page, visited through the sidebar in one signed-in session."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {name: [] for name in LINKS}
    with serve(db) as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        if sign_in:
            page.get_by_label("账号").fill("bench")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
        page.wait_for_function(DONE, arg=[2], timeout=300_000, polling=50)
        sidebar = page.get_by_test_id("stSidebar")
        for visit in range(repeat + 1):  # the first round warms the caches
            for name, (label, charts) in LINKS.items():
                started = time.perf_counter()
                sidebar.get_by_role("link", name=label).click()
                page.wait_for_url(f"**/{'' if name == 'overview' else name}*", timeout=60_000)
                page.wait_for_timeout(50)  # the rerun has begun
                page.wait_for_function(DONE, arg=[charts], timeout=300_000, polling=50)
                if visit:
                    times[name].append(time.perf_counter() - started)
        browser.close()
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--county-db", type=Path)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tracker-sign-in-"))
    try:
        open_db = work / "open.duckdb"
        if args.county_db:
            shutil.copy(args.county_db, open_db)
        else:
            print("building the county demo …", flush=True)
            tracker("bootstrap", "--no-accounts", "--db", str(open_db))
        secured = work / "secured.duckdb"
        shutil.copy(open_db, secured)
        secure(secured)
        print("measuring open …", flush=True)
        plain = measure(open_db, args.repeat, sign_in=False)
        print("measuring with sign-in …", flush=True)
        signed = measure(secured, args.repeat, sign_in=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows, worst = [], 0.0
    for name in LINKS:
        ratio = signed[name] / plain[name]
        worst = max(worst, ratio)
        rows.append(f"| {name} | {plain[name]:.2f} | {signed[name]:.2f} | **{ratio:.2f}** |")
    table = "\n".join(rows)
    text = f"""## Pages with sign-in on (`python -m benchmarks.bench_sign_in`)

Machine: {machine()}; headless Chromium driven by Playwright. The county demo served open (no
account) and with accounts (signed in as an auditor), measured in the same run: seconds from a
click on the sidebar's link until the page has finished running and its charts are drawn, median of
{args.repeat} visits in one session.

| page | open (s) | signed in (s) | signed in ÷ open |
|---|---:|---:|---:|
{table}

Bar: with sign-in on within 10% of the open figures (**{"met" if worst <= 1.10 else "NOT met"}**,
worst {worst:.2f}).
"""
    print(text)
    if not args.no_write:
        write_section(ROOT / "BENCHMARKS.md", "bench-sign-in", text)


if __name__ == "__main__":
    main()
