"""The demo's aid roster: synthetic children with valid 18-digit ID numbers (GB 11643 check digit)."""

import datetime as dt
import random

from loaders.demo.catalogue import BOY_CHARS, COUNTY_CODE, DEMO_YEAR, GIRL_CHARS, SCHOOLS, SURNAMES
from loaders.id_numbers import ID_CHECK_CHARS, ID_WEIGHTS

# --------------------------------------------------------------------------- records


def id_number(born: dt.date, male: bool, rng: random.Random) -> str:
    """A valid 18-digit citizen ID of 魏县 (GB 11643: the 17th digit odd for men, check digit)."""
    sequence = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = f"{COUNTY_CODE}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK_CHARS[total % 11]


def draw_roster(rng: random.Random) -> list[list[str]]:
    """100 children (born 2008–2018) aided by 特困生救助金: 30 in March, 70 in September, 500 元 each."""
    rows: list[list[str]] = []
    seen: set[str] = set()
    first, last = dt.date(2008, 1, 1), dt.date(2018, 12, 31)
    while len(rows) < 100:
        born = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        male = rng.random() < 0.5
        number = id_number(born, male, rng)
        if number in seen:
            continue
        seen.add(number)
        chars = BOY_CHARS if male else GIRL_CHARS
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(chars) for _ in range(rng.choice((1, 2, 2)))
        )
        age = DEMO_YEAR - born.year
        stage = "小学" if age <= 12 else "初中" if age <= 15 else "高中"
        day = dt.date(2025, 3, 20) if len(rows) < 30 else dt.date(2025, 9, 18)
        rows.append([name, number, rng.choice(SCHOOLS[stage]), day.isoformat(), "500.00"])
    return rows
