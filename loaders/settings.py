"""Every threshold in one place: defaults in code, overridden by `tracker.toml`.

The file is `$TRACKER_CONFIG` if set, else `tracker.toml` in the working directory. Sections and keys
mirror the dataclasses below; unknown keys are an error (a typo must not silently keep a default).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class FindingSettings:
    satisfaction_min_pct: float = 80.0  # a satisfaction target below this is flagged (DOMAIN §2)


@dataclass(frozen=True)
class Settings:
    findings: FindingSettings = field(default_factory=FindingSettings)


class SettingsError(ValueError):
    pass


def _apply(section: Any, values: dict[str, Any], name: str) -> Any:
    known = {f.name for f in fields(section)}
    unknown = set(values) - known
    if unknown:
        raise SettingsError(f"tracker.toml [{name}]: 未知设置 {', '.join(sorted(unknown))}")
    return replace(section, **values)


def load_settings(path: str | Path | None = None) -> Settings:
    """Settings from `path` (or the default location); defaults when there is no file."""
    path = Path(path or os.environ.get("TRACKER_CONFIG") or "tracker.toml")
    result = Settings()
    if not path.exists():
        return result
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    for name, values in data.items():
        if not hasattr(result, name) or not isinstance(values, dict):
            raise SettingsError(f"tracker.toml: 未知设置段 [{name}]")
        result = replace(result, **{name: _apply(getattr(result, name), values, name)})
    return result


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
