"""Every threshold, weight and band in one place: defaults in code, overridden by `tracker.toml`.

The file is `$TRACKER_CONFIG` if set, else `tracker.toml` in the working directory. Sections and keys
mirror the dataclasses below (see `tracker.example.toml`); an unknown key is an error, so a typo never
silently keeps a default, and so is a value of another type than its default's (an integer is a
number). Defaults are DOMAIN.md's.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class FindingSettings:
    satisfaction_min_pct: float = 80.0  # a satisfaction target below this is flagged (DOMAIN §2)


@dataclass(frozen=True)
class BudgetSettings:
    # r = 执行率 / plan-to-date × 100: red below red_below, yellow below yellow_below, else green
    red_below: float = 60.0
    yellow_below: float = 80.0
    # forecast: spending of about the last `forecast_window_days` (from the nearest month end)
    # continued at the same daily rate to year end, never below what is spent and never above
    # `forecast_max_pct` (100: a faster rate means the money runs out early, and says when)
    forecast_window_days: int = 90
    forecast_max_pct: float = 100.0
    # year-end rush (突击花钱): share of the spending to date dated in these months
    rush_months: tuple[int, ...] = (11, 12)
    rush_share_pct: float = 40.0


@dataclass(frozen=True)
class IndicatorSettings:
    # ratio = actual / (target × m/12) × 100 for cumulative kinds; actual / target × 100 for rates
    red_below: float = 60.0
    yellow_below: float = 80.0
    blue_from: float = 120.0  # over-achievement: maybe a target set too low
    prorate_kinds: tuple[str, ...] = ("quantity", "money")
    satisfied_min_score: float = 4.0  # a 1–5 survey score counts as satisfied from this
    # an indicator published in the wrong direction (target finding `direction_wrong`: ≤100% on a
    # satisfaction rate, ≥ on a cost): "nature" evaluates it as its nature implies (≥100%), with
    # the same number and a note; "published" evaluates it literally, as written
    direction: str = "nature"

    def __post_init__(self) -> None:
        if self.direction not in ("nature", "published"):
            raise SettingsError(
                f"tracker.toml [indicators] direction = {self.direction!r}：应为 nature 或 published"
            )


@dataclass(frozen=True)
class ScoreSettings:
    execution: float = 10.0
    output: float = 50.0  # 产出指标
    benefit: float = 30.0  # 效益指标
    satisfaction: float = 10.0  # 满意度指标
    explanation_below_pct: float = 90.0  # 执行率 below this needs a written explanation
    excellent_from: float = 90.0  # 优
    good_from: float = 80.0  # 良
    fair_from: float = 60.0  # 中 (below: 差)
    # qualitative bands, share of the weight: 达成 80–100%, 部分达成 60–<80%, 未达成 0–<60%
    achieved_from: float = 80.0
    partly_from: float = 60.0


@dataclass(frozen=True)
class LimitSettings:
    """What a file may hold before it is read (loaders.limits), and what reading an upload may
    cost. Sizes in MB."""

    max_file_mb: int = 2048  # a file given to `tracker load`
    max_upload_mb: int = 200  # a file uploaded on the import page (Streamlit's maxUploadSize)
    max_unzipped_mb: int = 1024  # .xlsx / .docx: all members together, expanded
    max_zip_ratio: int = 200  # a member expanding more than this many times is a zip bomb
    max_zip_members: int = 10_000
    max_sheet_cells: int = 12_000_000  # rows × columns from A1 to a worksheet's last cell
    max_document_blocks: int = 200_000  # paragraphs + table rows of a target document
    max_cell_kb: int = 128  # one CSV cell
    upload_memory_mb: int = 3072  # the process that reads an upload (address space)
    upload_seconds: int = 600  # … and its wall-clock time


@dataclass(frozen=True)
class AuthSettings:
    """Sign-in (store/accounts.py, the dashboard's sign-in form)."""

    idle_minutes: int = 30  # a session ends after this long without a page being used
    max_failures: int = 5  # failed sign-ins in a row that lock an account …
    lock_minutes: int = 15  # … for this long
    min_password_length: int = 10


@dataclass(frozen=True)
class DatabaseSettings:
    """Waiting for another process's write (store/db.py: DuckDB lets one process write)."""

    busy_wait_seconds: float = 30.0  # a command waits this long, then exits 3 (database busy)
    page_wait_seconds: float = 5.0  # a page waits this long, then says the database is busy


@dataclass(frozen=True)
class SparkSettings:
    """`--engine spark` (store/lake_spark.py): where the job runs and any `spark.*` setting, given
    to the session unchanged (`[spark.conf]` in tracker.toml)."""

    master: str = "local[*]"  # spark://host:7077, yarn, k8s://https://host:6443
    conf: tuple[tuple[str, str], ...] = ()  # ("spark.executor.memory", "4g"), …


@dataclass(frozen=True)
class Settings:
    findings: FindingSettings = field(default_factory=FindingSettings)
    budget: BudgetSettings = field(default_factory=BudgetSettings)
    indicators: IndicatorSettings = field(default_factory=IndicatorSettings)
    score: ScoreSettings = field(default_factory=ScoreSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    spark: SparkSettings = field(default_factory=SparkSettings)


class SettingsError(ValueError):
    pass


# what a key accepts, by the annotation of its field: the types a TOML value may have, and how a
# message names them (an integer is a number too: `red_below = 60`; a boolean is neither)
_ACCEPTS: dict[str, tuple[tuple[type, ...], str]] = {
    "float": ((int, float), "数字 (a number)"),
    "int": ((int,), "整数 (an integer)"),
    "str": ((str,), "文字 (a string)"),
    "tuple[int, ...]": ((list,), "整数列表 (a list of integers), 如 [11, 12]"),
    "tuple[str, ...]": ((list,), "文字列表 (a list of strings)"),
    "tuple[tuple[str, str], ...]": ((dict,), "一段设置 (a table)"),
}
_ITEMS = {"tuple[int, ...]": int, "tuple[str, ...]": str}


def _apply(section: Any, values: dict[str, Any], name: str, source: Path) -> Any:
    known = {f.name: f for f in fields(section)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise SettingsError(f"{source} [{name}]: 未知设置 {_named(unknown, list(known))}")
    clean = {k: _value(v, known[k], f"{source} [{name}] {k}") for k, v in values.items()}
    return replace(section, **clean)


def _named(keys: list[str], known: list[str]) -> str:
    """Unknown keys, each with the known key it is probably a typo of."""
    out = []
    for key in keys:
        close = get_close_matches(key, known, n=1)
        out.append(f"{key}（是否应为 {close[0]}？）" if close else key)
    return ", ".join(out)


def _value(value: Any, spec: Any, where: str) -> Any:
    """`value` checked against its field's type: a number as a float, a list as a tuple, a
    table (only `[spark.conf]`) as sorted (key, text) pairs. SettingsError for another type."""
    types, wanted = _ACCEPTS.get(str(spec.type), ((object,), ""))
    item = _ITEMS.get(str(spec.type))
    wrong = isinstance(value, bool) or not isinstance(value, types)
    if isinstance(value, list) and item is not None:
        wrong = wrong or any(isinstance(v, bool) or not isinstance(v, item) for v in value)
    if wrong:
        raise SettingsError(f"{where} = {value!r}：应为{wanted}")
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        outside = sorted(k for k in value if not k.startswith("spark."))
        if outside:
            raise SettingsError(f"{where}: 不是 spark.* 设置：{', '.join(outside)}")
        return tuple(
            sorted((k, str(v).lower() if isinstance(v, bool) else str(v)) for k, v in value.items())
        )
    return float(value) if spec.type == "float" else value


def load_settings(path: str | Path | None = None) -> Settings:
    """Settings from `path` (or the default location); defaults when there is no file.

    Raises SettingsError naming the file and the key for a file that is not TOML, an unknown
    section or key (a typo never silently keeps a default) and a value of the wrong type."""
    path = Path(path or os.environ.get("TRACKER_CONFIG") or "tracker.toml")
    result = Settings()
    if not path.exists():
        return result
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"{path}: 格式错误：{error}") from None
    sections = [f.name for f in fields(result)]
    for name, values in data.items():
        if name in sections and isinstance(values, dict):
            section = _apply(getattr(result, name), values, name, path)
            result = replace(result, **{name: section})
        elif name in sections:
            raise SettingsError(f"{path}: {name} 应为一段设置 [{name}]，而不是一个值")
        elif isinstance(values, dict):
            close = get_close_matches(name, sections, n=1)
            hint = f"（是否应为 [{close[0]}]？）" if close else ""
            raise SettingsError(f"{path}: 未知设置段 [{name}]{hint}")
        else:
            home = [
                f"[{s}]" for s in sections if name in {f.name for f in fields(getattr(result, s))}
            ]
            where = f"，应写在 {' 或 '.join(home)} 段内" if home else ""
            raise SettingsError(f"{path}: 未知设置 {name}（不在任何一段内{where}）")
    return result


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
