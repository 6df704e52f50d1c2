"""The one place a load may put a file on disk: a private work folder.

`private_folder()` makes a folder only its owner can open (0700, under the system temp folder,
named `tracker-work-<pid>-…`) and removes it when the load ends, also on an error. A process killed
half-way cannot remove it: `sweep()`, run when a load, the CLI or the dashboard starts, removes every
work folder whose process is gone, and the leftovers of earlier versions (`tracker-<hex>.csv`
transcoded copies, `tracker-upload-*` folders).

Only spending files go there (DuckDB's CSV reader needs a path: an upload's bytes, a GBK file
transcoded to UTF-8). Rosters and every other kind are read in memory.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "tracker-work-"
WORK_FOLDER = re.compile(r"tracker-work-(\d+)-[A-Za-z0-9_]+")
LEGACY = (re.compile(r"tracker-[0-9a-f]{32}\.csv"), re.compile(r"tracker-upload-[A-Za-z0-9_]+"))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(folder: str | Path | None = None) -> list[Path]:
    """Remove work folders left by killed loads (and earlier versions' temporary copies) from the
    temp folder. Returns what was removed."""
    base = Path(folder or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(base.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        match = WORK_FOLDER.fullmatch(name)
        stale = (match is not None and not _alive(int(match.group(1)))) or any(
            pattern.fullmatch(name) for pattern in LEGACY
        )
        if not stale:
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
        except OSError:
            continue
    return removed


@contextmanager
def private_folder() -> Iterator[Path]:
    """A fresh 0700 folder for this load's files, removed on exit (see the module docstring)."""
    sweep()
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    os.chmod(folder, 0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def private_file(folder: Path, name: str) -> Path:
    """A path in `folder` for a file created owner-only (0600)."""
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    return path
