"""The demo's indicator reports (quarterly actuals, including a missed deadline) and satisfaction
surveys (one low-satisfaction case)."""

import datetime as dt
import random
from dataclasses import dataclass

from loaders.demo.catalogue import (
    AT_RISK,
    CASES,
    DEMO_AS_OF,
    DEMO_YEAR,
    FEATURED,
    LOW_SATISFACTION,
    REPORT_DATES,
    SAMPLE_AID,
    SAMPLE_DOCUMENT,
    SAMPLE_LEAGUE,
)
from loaders.demo.spending import working_days
from loaders.demo.world import DemoProject
from loaders.target_values import TargetValue, parse_target_value
from loaders.targets import read_target_document


@dataclass(frozen=True)
class Reported:
    """An indicator as a clerk's report sees it: project, position in the table, published texts."""

    code: str
    seq: int
    level1: str
    level2: str
    name: str
    target: str


def reported_indicators(projects: list[DemoProject]) -> list[Reported]:
    """Every indicator of the demo, the sample document's included (read by the real reader)."""
    result = [
        Reported(p.code, seq, i.level1, i.level2, i.name, i.target)
        for p in projects
        for seq, i in enumerate(p.indicators, start=1)
    ]
    for project in read_target_document(SAMPLE_DOCUMENT).projects:
        for i in project.indicators:
            result.append(
                Reported(
                    project.project_code,
                    i.seq,
                    i.level1 or "",
                    i.level2 or "",
                    i.name or "",
                    i.target_raw,
                )
            )
    return result


def draw_actuals(
    projects: list[DemoProject], progress: dict[str, list[float]], rng: random.Random
) -> dict[dt.date, list[list[str]]]:
    """Quarterly indicator reports (and one at DEMO_AS_OF), as a department's clerk fills them.

    Counts are cumulative and follow the project's spending (the at-risk ones stay far behind);
    rates hover around their target from June; deadlines get a completion date once the work is
    done (or 未达成 when overdue); qualitative targets a level. Cost indicators (from spending) and
    satisfaction (from surveys) are not reported. About one project in seven does not report.
    """
    profiles = {p.code: p.profile for p in projects}
    profiles.update({SAMPLE_AID: "on_plan", SAMPLE_LEAGUE: "yellow"})
    featured = {f.code for f in FEATURED}
    silent = {p.code for p in projects if p.code not in featured and rng.random() < 0.15}
    reports: dict[dt.date, list[list[str]]] = {day: [] for day in REPORT_DATES}
    pace = {code: rng.uniform(0.95, 1.12) for code in profiles}
    for ind in reported_indicators(projects):
        text = ind.level1 + ind.level2 + ind.name
        if ind.code in silent or "满意" in text or "成本" in ind.level2:
            continue
        if ind.code == SAMPLE_AID and ind.level2.startswith("数量"):
            continue  # counted from the roster (distinct beneficiaries)
        target = parse_target_value(ind.target, ind.level2, fiscal_year=DEMO_YEAR)
        profile = profiles[ind.code]
        for day in REPORT_DATES:
            value, note = actual_value(
                ind, target, profile, progress[ind.code][day.month], pace[ind.code], day, rng
            )
            if value is not None:
                reports[day].append([ind.code, str(ind.seq), day.isoformat(), value, note])
    return reports


def actual_value(
    ind: Reported,
    target: TargetValue,
    profile: str,
    spent: float,
    pace: float,
    day: dt.date,
    rng: random.Random,
) -> tuple[str | None, str]:
    """One reported value (text as a clerk writes it, note), or (None, "") when not reported."""
    at_risk = ind.code in AT_RISK
    if target.kind == "quantity" and target.value:
        if ind.level1.startswith("效益") and day != DEMO_AS_OF:
            return None, ""  # outcomes are measured once, late in the year
        if profile == "never_started":
            return "0", "项目尚未开工"
        done = day.month / 12 * rng.uniform(0.3, 0.42) if at_risk else min(1.1, spent * pace)
        number = target.value * done
        text = f"{number:.1f}" if target.unit in ("公里", "平方公里") else str(round(number))
        return text, "进度滞后，正在督促" if at_risk else ""
    if target.kind == "percent" and target.value and day.month >= 6:
        if profile == "never_started":
            return None, ""
        if at_risk:
            rate = target.value - rng.uniform(15, 25)
        elif target.value >= 100:
            rate = rng.choice((100.0, 100.0, 100.0, 99.5))
        else:
            rate = min(100.0, target.value + rng.uniform(-2, 4))
        return f"{rate:.1f}%".replace(".0%", "%"), ""
    if target.kind == "deadline" and target.deadline is not None:
        if target.deadline <= day and spent < 0.97:
            return "未达成", "部分建设任务未完成，正在加快推进"
        if day == DEMO_AS_OF and spent >= 0.97:
            finished = rng.choice(working_days(rng.choice((10, 11))))
            return finished.isoformat(), "已完成"
        return None, ""
    if target.kind == "qualitative" and day.month in (6, DEMO_AS_OF.month):
        if profile == "never_started":
            return "未达成", "项目尚未开工"
        good = profile in ("on_plan", "early", "rush", "over_budget") and not at_risk
        return ("达成", "") if good else ("部分达成", "按计划推进中")
    return None, ""


def draw_surveys(rng: random.Random) -> dict[str, list[list[str]]]:
    """Satisfaction answers (满意/基本满意/不满意) for the surveyed projects, in October–November."""
    start = dt.date(2025, 10, 9)
    result: dict[str, list[list[str]]] = {}
    for number, code in enumerate(CASES["surveys"], start=1):
        low = code == LOW_SATISFACTION
        weights = (25, 25, 50) if low else (78, 17, 5)
        rows = []
        for respondent in range(1, rng.randint(40, 80) + 1):
            day = start + dt.timedelta(days=rng.randrange((DEMO_AS_OF - start).days - 4))
            answer = rng.choices(("满意", "基本满意", "不满意"), weights)[0]
            rows.append([code, day.isoformat(), answer, f"WJ{number:02d}{respondent:03d}"])
        result[code] = sorted(rows, key=lambda r: (r[1], r[3]))
    return result
