"""The demo's previous year (2024), so that a fresh `make run` shows the year-on-year comparison.

The same projects as the current year, published a year earlier under their 2024 codes and names
(`13043424P…`, `2024年基层团组织经费`: the name rule links them), with a full year of payments: each
project's 2025 payments a year earlier, scaled by its own factor (0.80–1.10, so some projects ran
faster last year and some slower), then a December that brings it to a year-end execution of
85–99% of its budget; a year-end indicator report and the satisfaction surveys a year earlier, so
that the year has its self-evaluation. Budget adjustments and the aid roster are the current
year's only."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from loaders.demo.catalogue import DEMO_YEAR
from loaders.demo.world import Payment, Step, World, write_month_export

PREVIOUS = DEMO_YEAR - 1
CODE_YEAR = re.compile(rf"(\d{{6}}){DEMO_YEAR % 100:02d}(P)")
SAMPLE_BUDGET_CENTS = 5_000_000  # the sample document's two projects: 5万元 each


def previous_code(code: str) -> str:
    """A project's code of the previous year: the year digits after the area code, one less."""
    return CODE_YEAR.sub(rf"\g<1>{PREVIOUS % 100:02d}\2", code)


def previous_text(text: str) -> str:
    """A published text a year earlier: codes and years (2025年 → 2024年)."""
    return CODE_YEAR.sub(rf"\g<1>{PREVIOUS % 100:02d}\2", text).replace(
        str(DEMO_YEAR), str(PREVIOUS)
    )


def _earlier(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1)


def write_previous_year(directory: Path, steps: list[Step], world: World, seed: int) -> list[Step]:
    """The previous year's files beside the current year's (`steps`: those of `write_county`);
    returns the loads to make, dated in the previous year."""
    rng = random.Random(f"{seed}:previous")
    folder = directory / str(PREVIOUS)
    folder.mkdir(exist_ok=True)
    out: list[Step] = []
    for step in steps:
        if step.kind == "targets":  # the same documents a year earlier
            paths = tuple(rewrite_previous(path, folder) for path in step.paths)
            out.append(Step(_earlier(step.when), "targets", paths))
    budgets = {p.code: p.budget_cents for p in world.projects}
    factor: dict[str, float] = {}
    spent: dict[str, int] = {}
    by_month: dict[int, list[Payment]] = {}
    for month, rows in sorted(world.payments.items()):
        for p in rows:
            scale = factor.setdefault(p.code, rng.uniform(0.80, 1.10))
            cents = round(p.cents * scale)
            spent[p.code] = spent.get(p.code, 0) + cents
            by_month.setdefault(month, []).append(
                Payment(
                    _earlier(p.pay_date), previous_code(p.code), previous_text(p.name), cents,
                    p.payee, p.summary, p.fund, f"{PREVIOUS}-{p.voucher}" if p.voucher else "",
                )
            )  # fmt: skip
    december = []
    for code, done in sorted(spent.items()):
        budget = budgets.get(code, SAMPLE_BUDGET_CENTS)
        rest = round(budget * rng.uniform(0.85, 0.99)) - done
        if rest > 0:
            name = next(
                p.name for rows in by_month.values() for p in rows if p.code == previous_code(code)
            )
            december.append(
                Payment(
                    dt.date(PREVIOUS, 12, rng.randrange(1, 29)), previous_code(code), name, rest,
                    "年末结算", "年末支付", "一般公共预算", f"{PREVIOUS}-12-{code[-6:]}",
                )
            )  # fmt: skip
    by_month[12] = sorted(december, key=lambda p: p.pay_date)
    for month, rows in sorted(by_month.items()):
        path = write_month_export(folder, PREVIOUS, month, rows)
        loaded = dt.date(PREVIOUS + (month == 12), month % 12 + 1, 1)
        out.append(Step(loaded, "spending", (path,)))
    for step in steps:  # the last indicator report as the year-end one; the surveys
        if step.kind == "actuals" and step.when == max(
            s.when for s in steps if s.kind == "actuals"
        ):
            paths = tuple(rewrite_previous(p, folder, year_end=True) for p in step.paths)
            out.append(Step(dt.date(PREVIOUS + 1, 1, 5), "actuals", paths))
        elif step.kind == "surveys":
            paths = tuple(rewrite_previous(p, folder) for p in step.paths)
            out.append(Step(dt.date(PREVIOUS + 1, 1, 6), "surveys", paths))
    return out


def rewrite_previous(path: Path, folder: Path, year_end: bool = False) -> Path:
    """A written file as it was a year earlier (its encoding kept); `year_end`: an indicator
    report's date becomes 31 December."""
    raw = path.read_bytes()
    encoding = "utf-8"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        encoding, text = "gbk", raw.decode("gbk")
    if year_end:
        text = re.sub(rf"{DEMO_YEAR}-\d\d-\d\d", f"{DEMO_YEAR}-12-31", text)
        text = re.sub(r"截至\d+月\d+日", "截至12月31日", text)
    name = previous_text(path.name)
    if year_end:
        name = re.sub(r"\d{8}", f"{PREVIOUS}1231", name)
    target = folder / name
    target.write_bytes(previous_text(text).encode(encoding))
    return target
