"""The demo's model before it becomes files: units, projects, payments, the `World`, the load `Step`s,
and the small helpers (month ends, the plan at a date, yuan and 万元 texts, one random stream per part)."""

import calendar
import csv
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from loaders.demo.catalogue import ADJUSTMENTS, COUNTY_CODE, DEMO_YEAR, SUSTAIN, Department, Kind

# --------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class DemoUnit:
    code: str  # 6 digits: department (701…) and county number (001 is 魏县)
    name: str
    dept: Department
    county: str  # 魏县
    county_code: str  # 130434


@dataclass
class DemoIndicator:
    level1: str
    level2: str
    name: str
    description: str
    target: str  # 指标值 as published
    basis: str
    role: str  # output | quality | deadline | cost | benefit | sustain | satisfaction


@dataclass
class DemoProject:
    code: str
    unit: DemoUnit
    name: str
    kind: Kind
    budget_cents: int  # 预算数 in fen (万元 × 1,000,000)
    plan: list[tuple[int, str]]  # (month, published cell text), e.g. (3, "30%"); "" is blank
    indicators: list[DemoIndicator]
    profile: str
    payees: tuple[str, ...]
    fund: str

    @property
    def short_name(self) -> str:
        return self.name.removeprefix(f"{DEMO_YEAR}年")

    def adjusted_cents(self) -> int:
        return self.budget_cents + sum(a[2] * 100 for a in ADJUSTMENTS if a[0] == self.code)

    def plan_points(self) -> list[tuple[dt.date, float]]:
        """The cumulative plan as the target loader reads it: a blank 12月底 is 100%."""
        points: list[tuple[dt.date, float]] = []
        for month, text in self.plan:
            if text:
                points.append((month_end(month), float(text.rstrip("%"))))
            elif month == 12:
                points.append((month_end(12), 100.0))
            elif points:
                points.append((month_end(month), points[-1][1]))
        if not points or points[-1][0].month != 12:
            points.append((month_end(12), 100.0))
        return points


@dataclass
class Payment:
    pay_date: dt.date
    code: str
    name: str
    cents: int
    payee: str
    summary: str
    fund: str
    voucher: str = ""

    def cells(self) -> list[str]:
        return [
            self.pay_date.isoformat(),
            self.code,
            self.name,
            yuan(self.cents),
            self.voucher,
            self.payee,
            self.summary,
            self.fund,
        ]


@dataclass
class World:
    """Everything the county demo consists of, before it is written to files."""

    units: list[DemoUnit]
    projects: list[DemoProject]  # generated ones; the sample's two come from its document
    payments: dict[int, list[Payment]]  # month → rows of that month's export, in file order
    roster: list[list[str]]
    actuals: dict[dt.date, list[list[str]]]  # report date → rows
    surveys: dict[str, list[list[str]]]  # project code → answers


def month_end(month: int, year: int = DEMO_YEAR) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def plan_at(points: list[tuple[dt.date, float]], day: dt.date) -> float:
    """Cumulative plan % at `day`: linear between checkpoints, from 0% on 1 January."""
    before = (dt.date(day.year, 1, 1), 0.0)
    for point in points:
        if day <= point[0]:
            span = (point[0] - before[0]).days
            return before[1] + (point[1] - before[1]) * (day - before[0]).days / span
        before = point
    return points[-1][1]


def yuan(cents: int) -> str:
    """Fen as a yuan amount with 2 decimals: 1234567 → 12345.67, -500 → -5.00."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def wan_text(cents: int) -> str:
    """Fen as 万元 without needless decimals, for target texts: 8,600,000.00 元 → 860."""
    return f"{cents / 1_000_000:.2f}".rstrip("0").rstrip(".")


def nice(number: int) -> int:
    """Round a drawn count the way targets are written (12, 450, 3800, 85000)."""
    for limit, step in ((100_000, 1000), (10_000, 500), (1000, 100), (100, 10)):
        if number >= limit:
            return round(number / step) * step
    return number


def streams(seed: int) -> dict[str, random.Random]:
    """One random stream per part of the demo, so that changing one part leaves the others alone."""
    parts = ("projects", "spending", "roster", "actuals", "surveys", "province")
    return {part: random.Random(f"{seed}:{part}") for part in parts}


def unit_for(
    dept: Department, county: str = "魏县", county_code: str = COUNTY_CODE, number: int = 1
) -> DemoUnit:
    """A department of a county: unit code 7xx + the county's number (001 is 魏县)."""
    name = f"{county}{dept.name}"
    if dept.code == 711 and county != "魏县":  # every county has its own seat town
        name = f"{county}城关镇人民政府"
    return DemoUnit(f"{dept.code}{number:03d}", name, dept, county, county_code)


def draw_plan(months: Sequence[int], rng: random.Random) -> list[tuple[int, str]]:
    """A plausible cumulative spending plan: 3月底 10–30%, then rising, 12月底 often left blank."""
    values: list[int] = []
    for month in months:
        if month == 12:
            values.append(100)
        elif not values:
            values.append(rng.choice((10, 15, 20, 25, 30)))
        else:
            step = rng.choice((20, 25, 30)) if len(values) == 1 else rng.choice((15, 20, 25, 30))
            values.append(min(90, values[-1] + step))
    blank_year_end = rng.random() < 0.3
    return [
        (month, "" if month == 12 and blank_year_end else f"{value}%")
        for month, value in zip(months, values, strict=True)
    ]


def draw_indicators(
    kind: Kind, budget_cents: int, rng: random.Random, spoil: str | None = None
) -> list[DemoIndicator]:
    """5–9 indicators: outputs, quality, deadline, cost, benefit, sustainability, satisfaction.

    `spoil` plants one target-quality problem (see Featured.quality and CASES).
    """
    basis = rng.choice(("年度工作计划", "项目实施方案", "单位年度工作计划"))

    def add(
        level1: str,
        level2: str,
        name: str,
        description: str,
        target: str,
        role: str,
        source: str = basis,
    ) -> None:
        result.append(DemoIndicator(level1, level2, name, description, target, source, role))

    result: list[DemoIndicator] = []
    for name, unit, low, high in kind.outputs[: rng.randint(1, len(kind.outputs))]:
        count = nice(rng.randint(low, high))
        shown = "" if spoil == "missing_unit" and not result else unit
        add("产出指标", "数量指标", name, f"{name}{count}{unit}", f"≥{count}{shown}", "output")
    name, target = kind.quality
    add("产出指标", "质量指标", name, f"{name}达到{target.lstrip('≥')}", target, "quality")
    if spoil == "deadline_sep" or rng.random() < 0.8:
        overdue = spoil == "deadline_sep"  # due at the end of September, not done by November
        month = 9 if overdue else rng.choice((12, 12, 12, 11))
        name = "建设任务完成时限" if overdue else rng.choice(("项目完成时限", "任务完成时间"))
        target = f"{DEMO_YEAR}年{month}月底前"
        add("产出指标", "时效指标", name, f"{target}完成", target, "deadline")
    wan = wan_text(budget_cents)
    cost = f"≤{wan}万元"
    if spoil == "cost_reverse":
        cost = f"≥{wan}万元"
    elif spoil == "cost_above_budget":
        cost = f"≤{wan_text(budget_cents * 8 // 5)}万元"
    name = rng.choice(("项目总成本", "预算控制数"))
    add("产出指标", "成本指标", name, f"项目成本控制在{wan}万元以内", cost, "cost", "预算批复")
    level2, name, target = kind.benefit
    described = f"{name}达到{target.lstrip('≥')}" if target.startswith("≥") else f"{name}{target}"
    add("效益指标", level2, name, described, target, "benefit")
    if level2 != "可持续影响指标" and rng.random() < 0.5:
        name, target = rng.choice(SUSTAIN)
        add("效益指标", "可持续影响指标", name, f"{name}{target}", target, "sustain")
    level = {"sat_reverse": "≤100%", "sat_low": "≥75%"}.get(spoil or "")
    level = level or f"≥{rng.choice((85, 90, 90, 95))}%"
    name = f"{kind.subject}满意度"
    add(
        "满意度指标",
        "服务对象满意度指标",
        name,
        f"{name}达到{level.strip('≥≤')}",
        level,
        "satisfaction",
        "问卷调查",
    )
    return result


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class Step:
    """One load, in the order a clerk would have made them through the year."""

    when: dt.date
    kind: str  # targets | spending | adjustments | beneficiaries | actuals | surveys
    paths: tuple[Path, ...]
    project: str | None = None


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str],
    title: Sequence[str] = (),
    encoding: str = "utf-8-sig",
) -> Path:
    """A CSV as exported by Excel or a finance system: title lines, the header, the rows (CRLF)."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        for line in title:
            writer.writerow([line])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_month_export(folder: Path, year: int, month: int, rows: Sequence[Payment]) -> Path:
    """A month's payments as the treasury system exports them: GBK, a title and 单位 row, the
    header, the rows and a 本月合计 row."""
    from loaders.demo.catalogue import SPENDING_HEADER

    total = sum(p.cents for p in rows)
    return write_csv(
        folder / f"国库集中支付明细_{year}年{month:02d}月.csv",
        [p.cells() for p in rows] + [["本月合计", "", "", yuan(total), "", "", "", ""]],
        header=SPENDING_HEADER,
        title=(f"魏县财政国库集中支付明细表（{year}年{month}月）", "单位：元"),
        encoding="gbk",  # as the treasury system exports it
    )
