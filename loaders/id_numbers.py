"""Citizen ID numbers (公民身份号码) and names in beneficiary rosters: the checks and the masks.

The pure rules of personal data, apart from the secret key and the keyed hash (`loaders.personal`):
`normalise_id`, `id_problem` (what is wrong with a number, for a rejection reason), `birth_year`,
`gender`, `mask_id` (`130434**********3X`), `normalise_name`, `mask_name` (`王*涵`).

ID numbers follow GB 11643-1999: 17 digits (6 region, 8 birth date, 3 sequence; the 17th digit odd
for men) and a check character from ISO 7064 MOD 11-2 (`0`–`9` or `X`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from loaders.cells import clean_code

ID_LENGTH = 18
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
EARLIEST_BIRTH = dt.date(1900, 1, 1)


# --------------------------------------------------------------------------- ID numbers


def normalise_id(text: str | None) -> str:
    """The ID as compared and hashed: NFKC (full-width digits → ASCII), no whitespace and no
    invisible format characters (zero-width, bidirectional marks), `x` → `X`.

    A leading apostrophe (Excel's "keep as text" prefix, often left in CSV exports) is dropped.
    """
    return clean_code(str(text or "")).lstrip("'").upper()


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_birth_date(number: str) -> dt.date | None:
    """The birth date in digits 7–14, or None when it is not a real date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_problem(number: str, today: dt.date | None = None) -> str | None:
    """What is wrong with a normalised ID number (a phrase for a rejection reason), or None.

    Checks, in order: length 18, 17 digits then a digit or X, a real birth date between 1900 and
    today, the check character.
    """
    if len(number) != ID_LENGTH:
        if "E+" in number or "E-" in number:
            return "被存成了数字（科学计数法），请把该列设为文本后重新导出"
        return f"应为 18 位（现为 {len(number)} 位）"
    if not (number.isascii() and number[:17].isdigit()) or number[17] not in ID_CHECK_CHARS:
        return "含有非法字符（前 17 位应为数字，末位为数字或 X）"
    born = id_birth_date(number)
    if born is None or born < EARLIEST_BIRTH:
        return "中的出生日期无效"
    if born > (today or dt.date.today()):
        return "中的出生日期在未来"
    if id_check_char(number[:17]) != number[17]:
        return "校验位不正确"
    return None


def birth_year(number: str) -> int:
    """Birth year of a valid ID number."""
    return int(number[6:10])


def gender(number: str) -> str:
    """男 when the 17th digit is odd, else 女 (a valid ID number)."""
    return "男" if int(number[16]) % 2 else "女"


def mask_id(number: str) -> str:
    """`130434**********3X`: the first 6 and last 2 characters of an 18-character ID.

    Any other length of 15 or more shows the same first 6 and last 2 (at least 7 stars); shorter
    texts are starred entirely, so a malformed ID never shows through.
    """
    if len(number) >= 15:
        return number[:6] + "*" * (len(number) - 8) + number[-2:]
    return "*" * len(number)


# --------------------------------------------------------------------------- names


def normalise_name(text: str | None) -> str:
    """NFKC and no whitespace (`王 小涵` is `王小涵`)."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def mask_name(name: str) -> str:
    """`王小涵` → `王*涵`, `欧阳小明` → `欧**明`, `张三` → `张*`, one character → `*`."""
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
