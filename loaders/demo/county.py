"""The county demo written as files: targets, monthly payment exports, adjustments, the roster,
reports and surveys, with the loads to make in a clerk's order."""

import datetime as dt
import shutil
from pathlib import Path

from loaders.demo.catalogue import (
    ACTUALS_HEADER,
    ADJUSTMENT_HEADER,
    ADJUSTMENTS,
    DEMO_AS_OF,
    DEMO_YEAR,
    ROSTER_HEADER,
    SAMPLE_AID,
    SAMPLE_DOCUMENT,
    SURVEY_HEADER,
)
from loaders.demo.indicator_reports import draw_actuals, draw_surveys
from loaders.demo.rosters import draw_roster
from loaders.demo.spending import draw_payments
from loaders.demo.targets import draw_county, write_targets
from loaders.demo.world import Step, World, month_end, streams, write_csv, write_month_export, yuan


def write_county(directory: Path, seed: int) -> tuple[list[Step], World]:
    """Write the county's files; return the loads to make, in a clerk's order, and the world."""
    rng = streams(seed)
    units, projects = draw_county(rng["projects"])
    payments, progress = draw_payments(projects, rng["spending"])
    world = World(
        units=units,
        projects=projects,
        payments=payments,
        roster=draw_roster(rng["roster"]),
        actuals=draw_actuals(projects, progress, rng["actuals"]),
        surveys=draw_surveys(rng["surveys"]),
    )
    sample = directory / SAMPLE_DOCUMENT.name
    shutil.copyfile(SAMPLE_DOCUMENT, sample)
    steps = [
        Step(dt.date(2025, 1, 10), "targets", (sample, *write_targets(directory, units, projects)))
    ]
    for month, rows in payments.items():
        path = write_month_export(directory, DEMO_YEAR, month, rows)
        loaded = min(month_end(month) + dt.timedelta(days=1), DEMO_AS_OF)
        steps.append(Step(loaded, "spending", (path,)))
    for code, day, amount, document, reason in ADJUSTMENTS:
        path = write_csv(
            directory / f"预算调整_{day:%Y%m%d}.csv",
            [[code, day.isoformat(), yuan(amount * 100), document, reason]],
            header=ADJUSTMENT_HEADER,
            title=(
                f"魏县{DEMO_YEAR}年预算调整明细（{'追加' if amount > 0 else '调减'}）",
                "单位：元",
            ),
        )
        steps.append(Step(day + dt.timedelta(days=3), "adjustments", (path,)))
    roster = write_csv(
        directory / f"{DEMO_YEAR}年特困生救助金发放名单.csv",
        world.roster,
        header=ROSTER_HEADER,
        title=(f"{DEMO_YEAR}年魏县特困生救助金发放名单",),
    )
    steps.append(Step(dt.date(2025, 9, 25), "beneficiaries", (roster,), SAMPLE_AID))
    for day, report in world.actuals.items():
        path = write_csv(
            directory / f"绩效指标完成情况_{day:%Y%m%d}.csv",
            report,
            header=ACTUALS_HEADER,
            title=(f"魏县{DEMO_YEAR}年预算项目绩效指标完成情况（截至{day.month}月{day.day}日）",),
        )
        steps.append(Step(min(day + dt.timedelta(days=5), DEMO_AS_OF), "actuals", (path,)))
    names = {p.code: p.name for p in projects} | {SAMPLE_AID: "2025年特困生救助金"}
    for code, answers in world.surveys.items():
        path = write_csv(
            directory / f"满意度调查_{code}.csv",
            answers,
            header=SURVEY_HEADER,
            title=(f"{names[code]}满意度问卷调查结果",),
        )
        steps.append(Step(DEMO_AS_OF, "surveys", (path,)))
    return steps, world
