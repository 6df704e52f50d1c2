"""The demo's payments: each project's cumulative spending path by its profile (on plan, lagging,
year-end rush, over budget …), split into payments on working days, with reversals and re-exports."""

import datetime as dt
import random

from loaders.demo.catalogue import (
    CASES,
    DEMO_AS_OF,
    DEMO_YEAR,
    DUPLICATED,
    FIRMS,
    PAYEE_FORMS,
    REVERSAL_MONTHS,
    RUSH_MONTH,
    SAMPLE_AID,
    SAMPLE_LEAGUE,
    SUMMARY_WORDS,
    UNKNOWN_CODE,
)
from loaders.demo.world import DemoProject, Payment, month_end, plan_at

# --------------------------------------------------------------------------- spending

HOLIDAYS = {
    dt.date(2025, 1, 1), *(dt.date(2025, 1, 28) + dt.timedelta(days=d) for d in range(8)),
    dt.date(2025, 4, 4), *(dt.date(2025, 5, 1) + dt.timedelta(days=d) for d in range(5)),
    dt.date(2025, 6, 2), *(dt.date(2025, 10, 1) + dt.timedelta(days=d) for d in range(8)),
}  # fmt: skip


def working_days(month: int) -> list[dt.date]:
    last = min(month_end(month), DEMO_AS_OF)
    days = [dt.date(DEMO_YEAR, month, d) for d in range(1, last.day + 1)]
    return [d for d in days if d.weekday() < 5 and d not in HOLIDAYS]


def cumulative(project: DemoProject, rng: random.Random) -> list[float]:
    """The share of the (adjusted) budget spent by the end of each month: index 0 is 1 January.

    Profiles: on_plan (3–10% ahead of the plan at every month end), yellow (66–76% of the plan),
    lagging (38–48%), catch_up (half the plan to June, ahead from October), rush (a third of the
    plan to October, then November more than doubles it), over_budget (108% by November), early
    (done by autumn), never_started.
    """
    points = project.plan_points()
    plan = [0.0] + [plan_at(points, month_end(m)) / 100 for m in range(1, DEMO_AS_OF.month + 1)]
    profile = project.profile
    level = {
        "on_plan": rng.uniform(1.04, 1.09),
        "yellow": rng.uniform(0.67, 0.75),
        "lagging": rng.uniform(0.39, 0.47),
    }.get(profile, 1.0)
    result = [0.0]
    for month in range(1, DEMO_AS_OF.month + 1):
        target = plan[month]
        if profile in ("on_plan", "yellow", "lagging"):
            share = target * (level + rng.uniform(-0.01, 0.01))
            share = min(share, 0.98)
        elif profile == "catch_up":
            share = target * {7: 0.75, 8: 0.9, 9: 0.97}.get(month, 0.5 if month <= 6 else 1.06)
        elif profile == "rush":
            share = target * 0.35 if month < RUSH_MONTH else result[-1] * 2.1
        elif profile == "over_budget":
            share = min(1.0, target * 1.18) if month < DEMO_AS_OF.month else 1.08
        elif profile == "early":
            share = min(1.0, target * 1.35)
        else:  # never_started
            share = 0.0
        result.append(max(result[-1], share))
    return result


def split_payments(
    project: DemoProject, month: int, total: int, rng: random.Random
) -> list[Payment]:
    """One month's spending of a project as 1–5 payments on working days."""
    budget = project.adjusted_cents()
    count = max(1, min(5, round(total / (budget * 0.03)) + rng.randint(-1, 1)))
    if project.kind.use == "补助":
        count = min(count, 2)
    if total < count * 1_000_00:
        count = 1
    weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
    pieces = [int(total * w / sum(weights)) for w in weights[:-1]]
    if rng.random() < 0.5:  # progress payments are often whole hundreds
        pieces = [p // 10_000 * 10_000 for p in pieces]
    pieces.append(total - sum(pieces))
    if min(pieces) <= 0:
        pieces = [total]
    days = sorted(rng.choice(working_days(month)) for _ in pieces)
    words = SUMMARY_WORDS[project.kind.use]
    return [
        Payment(
            day,
            project.code,
            project.name,
            cents,
            rng.choice(project.payees),
            project.short_name + rng.choice(words),
            project.fund,
        )
        for day, cents in zip(days, pieces, strict=True)
    ]


def sample_payments(rng: random.Random) -> list[Payment]:
    """The sample's two projects: 特困生救助金 paid with the roster (30% in March, the rest in
    September: on plan); 基层团组织经费 at 76% by November (missed its 10月底 100% checkpoint)."""
    aid = "2025年特困生救助金"
    bank = PAYEE_FORMS["补助"][0]
    rows = [
        Payment(
            dt.date(2025, 3, 20),
            SAMPLE_AID,
            aid,
            15_000_00,
            bank,
            "2025年春季特困生救助金发放（第一批30人）",
            "一般公共预算",
        ),
        Payment(
            dt.date(2025, 9, 18),
            SAMPLE_AID,
            aid,
            35_000_00,
            bank,
            "2025年秋季特困生救助金发放（第二批70人）",
            "一般公共预算",
        ),
    ]
    league = "2025年基层团组织经费"
    printer, shop = (
        f"魏县{rng.choice(FIRMS)}文化传媒有限公司",
        f"魏县{rng.choice(FIRMS)}办公设备经销部",
    )
    for month, cents, payee, summary in (
        (3, 15_000_00, printer, "基层团组织学习资料印制费"),
        (5, 4_800_00, shop, "团组织用品采购款"),
        (8, 6_500_00, printer, "优秀团组织创建活动费"),
        (10, 8_200_00, printer, "团员教育培训费"),
        (11, 3_500_00, shop, "表彰活动物品采购款"),
    ):
        day = rng.choice(working_days(month))
        rows.append(Payment(day, SAMPLE_LEAGUE, league, cents, payee, summary, "一般公共预算"))
    return rows


def draw_payments(
    projects: list[DemoProject], rng: random.Random
) -> tuple[dict[int, list[Payment]], dict[str, list[float]]]:
    """Each month's treasury export, and each project's spent share of its budget by month end.

    The exports also hold what a real one holds: reversals (冲销) with their re-payment, rows
    exported again in the next month's file, a payment on a mistyped project code and one dated in
    the previous year.
    """
    months = range(1, DEMO_AS_OF.month + 1)
    by_month: dict[int, list[Payment]] = {m: [] for m in months}
    progress: dict[str, list[float]] = {}
    for project in projects:
        shares = cumulative(project, rng)
        progress[project.code] = shares
        budget = project.adjusted_cents()
        for month in months:
            total = round(budget * shares[month]) - round(budget * shares[month - 1])
            if total > 0:
                by_month[month].extend(split_payments(project, month, total, rng))
    for payment in sample_payments(rng):
        by_month[payment.pay_date.month].append(payment)
    budgets = {SAMPLE_AID: 50_000_00, SAMPLE_LEAGUE: 50_000_00}
    for code, budget in budgets.items():
        paid = [
            sum(p.cents for m in months if m <= end for p in by_month[m] if p.code == code)
            for end in months
        ]
        progress[code] = [0.0] + [cents / budget for cents in paid]
    relief = next(p for p in projects if p.code == CASES["spending_outside_year"][0])
    by_month[1].append(
        Payment(
            dt.date(DEMO_YEAR - 1, 12, 30),
            relief.code,
            relief.name,
            12_800_00,
            relief.payees[0],
            f"{DEMO_YEAR - 1}年12月临时救助资金（跨年入账）",
            relief.fund,
        )
    )
    school = next(p for p in projects if p.code == CASES["on_plan"][0])
    by_month[7].append(
        Payment(
            dt.date(2025, 7, 16),
            UNKNOWN_CODE,
            school.name,
            58_600_00,
            school.payees[0],
            f"{school.short_name}工程进度款",
            school.fund,
        )
    )
    number = 0
    for month in months:
        for code, original_month in REVERSAL_MONTHS.items():
            if original_month == month - 1:
                by_month[month].extend(reversal(by_month[month - 1], code, month, rng))
        by_month[month].sort(key=lambda p: (p.pay_date, p.code, -p.cents, p.summary))
        for payment in by_month[month]:
            number += 1
            payment.voucher = f"ZF{DEMO_YEAR}{number:07d}"
    for month, code in DUPLICATED.items():  # the next export repeats the month's last rows
        repeated = [p for p in by_month[month] if p.code == code and p.cents > 0][-2:]
        by_month[month + 1] = repeated + by_month[month + 1]
    return by_month, progress


def reversal(previous: list[Payment], code: str, month: int, rng: random.Random) -> list[Payment]:
    """A payment of last month sent back (冲销, a negative row) and paid again to the right account."""
    original = max((p for p in previous if p.code == code), key=lambda p: p.cents)
    day = rng.choice(working_days(month)[:5])
    return [
        Payment(
            day,
            code,
            original.name,
            -original.cents,
            original.payee,
            f"冲销{original.voucher}（收款账号有误，资金退回）",
            original.fund,
        ),
        Payment(
            day,
            code,
            original.name,
            original.cents,
            original.payee,
            f"重新支付{original.voucher}退回款项",
            original.fund,
        ),
    ]
