"""The demo's projects and their target tables: draw each unit's projects (codes, budgets, plans,
indicators) and write them as filled target templates (.csv), one per unit."""

import random
from collections.abc import Sequence
from pathlib import Path

from loaders.demo.catalogue import (
    COUNTY_CODE,
    COUNTY_PROJECTS,
    DEMO_YEAR,
    DEPARTMENTS,
    FEATURED,
    FIRMS,
    FUND_SOURCES,
    KINDS,
    PAYEE_FORMS,
    SAMPLE_AID,
    SAMPLE_LEAGUE,
    UNKNOWN_CODE,
    Featured,
    Kind,
)
from loaders.demo.world import (
    DemoProject,
    DemoUnit,
    draw_indicators,
    draw_plan,
    unit_for,
    write_csv,
)
from loaders.target_template import TEMPLATE_COLUMNS

# --------------------------------------------------------------------------- projects


def draw_code(rng: random.Random, taken: set[str], county_code: str = COUNTY_CODE) -> str:
    """A project code like the real ones: 130434 25 P 11 digits a letter (13043425P00450110058B)."""
    while True:
        digits = f"004{rng.randint(10, 49)}{rng.randint(10, 99)}{rng.randint(0, 9999):04d}"
        code = f"{county_code}{DEMO_YEAR % 100}P{digits}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}"
        if code not in taken:
            taken.add(code)
            return code


def draw_budget(kind: Kind, rng: random.Random) -> int:
    """A budget in fen inside the kind's range: whole 万元 half of the time, else 2 decimals."""
    wan = rng.uniform(*kind.budget)
    return round(wan) * 1_000_000 if rng.random() < 0.5 else round(wan * 100) * 10_000


def draw_payees(kind: Kind, rng: random.Random) -> tuple[str, ...]:
    forms = rng.sample(PAYEE_FORMS[kind.use], k=min(len(PAYEE_FORMS[kind.use]), rng.randint(1, 3)))
    return tuple(form.format(rng.choice(FIRMS)) for form in forms)


def draw_project(
    kind: Kind,
    unit: DemoUnit,
    rng: random.Random,
    taken: set[str],
    featured: Featured | None = None,
) -> DemoProject:
    if featured is not None:
        code, name, profile = featured.code, kind.name, featured.profile
        budget = round(featured.budget_wan * 100) * 10_000
    else:
        code, budget = draw_code(rng, taken, unit.county_code), draw_budget(kind, rng)
        profile = rng.choices(("on_plan", "yellow", "lagging", "early"), (50, 20, 10, 20))[0]
        name = f"{DEMO_YEAR}年{kind.name}" if rng.random() < 0.3 else kind.name
    plan = draw_plan(unit.dept.checkpoints, rng)
    spoil = featured.quality if featured else None
    if spoil == "plan_not_monotonic":
        plan = [(3, "30%"), (6, "60%"), (9, "50%"), (12, "100%")]
    return DemoProject(
        code=code,
        unit=unit,
        name=name,
        kind=kind,
        budget_cents=budget,
        plan=plan,
        indicators=draw_indicators(kind, budget, rng, spoil),
        profile=profile,
        payees=draw_payees(kind, rng),
        fund=rng.choice(FUND_SOURCES),
    )


def draw_county(rng: random.Random) -> tuple[list[DemoUnit], list[DemoProject]]:
    """The county's 11 generated units and 60 projects (the featured ones among them)."""
    units = [unit_for(dept) for dept in DEPARTMENTS]
    taken = {f.code for f in FEATURED} | {SAMPLE_LEAGUE, SAMPLE_AID, UNKNOWN_CODE}
    projects: list[DemoProject] = []
    for dept, unit in zip(DEPARTMENTS, units, strict=True):
        featured = [f for f in FEATURED if f.dept == dept.code]
        spare = [k for k in dept.kinds if k.name not in {f.kind for f in featured}]
        chosen = rng.sample(spare, COUNTY_PROJECTS[dept.code] - len(featured))
        own = [draw_project(KINDS[f.kind], unit, rng, taken, f) for f in featured]
        own += [draw_project(kind, unit, rng, taken) for kind in chosen]
        projects.extend(sorted(own, key=lambda p: p.code))
    return units, projects


def template_header(months: Sequence[int]) -> list[str]:
    """The template's columns (TEMPLATE_COLUMNS) with the unit's own plan months."""
    header: list[str] = []
    for name, key, _, _ in TEMPLATE_COLUMNS:
        if key != "plan":
            header.append(name)
        elif not any(h.endswith("月底") for h in header):
            header.extend(f"{month}月底" for month in months)
    return header


def template_rows(unit: DemoUnit, projects: list[DemoProject]) -> list[list[str]]:
    """One row per indicator; project fields on each project's first row, as clerks fill it."""
    header = template_header(unit.dept.checkpoints)
    rows: list[list[str]] = []
    uses = {
        "工程": "工程建设及相关费用",
        "设备": "设备采购及安装",
        "服务": "购买服务及组织实施",
        "补助": "补助资金发放",
    }
    for project in projects:
        outputs = "、".join(i.description for i in project.indicators if i.role == "output")
        benefit = next(i.description for i in project.indicators if i.role == "benefit")
        budget = f"{project.budget_cents / 1_000_000:.2f}"
        first = {
            "单位编码": unit.code,
            "单位名称": unit.name,
            "项目编码": project.code,
            "项目名称": project.name,
            "年度": str(DEMO_YEAR),
            "金额单位": "万元",
            "预算数": budget,
            "财政资金": budget,
            "资金用途": f"用于{project.short_name}{uses[project.kind.use]}",
            "绩效目标": f"1.{DEMO_YEAR}年{outputs}；\n2.{benefit}。",
            **{f"{month}月底": text for month, text in project.plan},
        }
        if not rows:
            first["部门整体绩效目标"] = (
                f"围绕县委、县政府中心工作，扎实推进{unit.dept.name}各项重点任务，"
                "全年预算执行率不低于90%，项目绩效目标全面完成。"
            )
        for index, ind in enumerate(project.indicators):
            cells = dict(first) if index == 0 else {"项目编码": project.code}
            cells.update(
                {
                    "一级指标": ind.level1,
                    "二级指标": ind.level2,
                    "三级指标": ind.name,
                    "绩效指标描述": ind.description,
                    "指标值": ind.target,
                    "指标值确定依据": ind.basis,
                }
            )
            rows.append([cells.get(column, "") for column in header])
    return rows


def write_targets(
    directory: Path, units: list[DemoUnit], projects: list[DemoProject]
) -> list[Path]:
    """One filled template per budget unit (绩效目标_701001_魏县教育局.csv)."""
    by_unit: dict[str, list[DemoProject]] = {unit.code: [] for unit in units}
    for project in projects:
        by_unit[project.unit.code].append(project)
    return [
        write_csv(
            directory / f"绩效目标_{unit.code}_{unit.name}.csv",
            template_rows(unit, by_unit[unit.code]),
            header=template_header(unit.dept.checkpoints),
        )
        for unit in units
    ]
