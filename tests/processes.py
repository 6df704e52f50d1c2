"""Other processes in a test: one holding the database's lock until the test lets go, and one
watched from outside (through /proc) until it reaches a point of its work, to be killed there.

Waits are for events (a line printed, a file opened, bytes read, a process gone), bounded only so
that a broken test cannot hang: never a claim about speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HANG_GUARD_SECONDS = 300.0  # far above any real wait here, even on a loaded machine

# connects read-write (DuckDB locks the file for every other process), says so, then holds the
# lock until its stdin is closed
_HOLD_LOCK = (
    "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); sys.stdin.read()"
)


@contextmanager
def lock_held(db: Path) -> Iterator[None]:
    """Another process holding `db`'s write lock (as a long load does) for the whole block, however
    long the block takes; on leaving it the process has exited and the lock is free."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdin is not None and holder.stdout is not None
        assert holder.stdout.readline().strip() == "ok"
        yield
    finally:
        if holder.stdin is not None:
            holder.stdin.close()  # the holder's read ends: it closes the database and exits
        try:
            holder.wait(timeout=HANG_GUARD_SECONDS)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()


def bytes_read(pid: int) -> int:
    """The bytes process `pid` has read so far, by every thread and from every file (`rchar` of
    /proc/<pid>/io)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    return 0


def holds_open(pid: int, path: Path) -> bool:
    """Process `pid` has `path` open (one of its file descriptors points at it)."""
    return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())


def wait_until_read(process: subprocess.Popen, opened: Path, more: int) -> bool:
    """Wait until `process` has opened `opened`, then until it has read `more` bytes beyond what it
    had read at that moment. True when it got there still running; False when it ended first."""
    deadline = time.monotonic() + HANG_GUARD_SECONDS  # only so that a broken test cannot hang
    baseline = None
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if baseline is None and holds_open(process.pid, opened):
                baseline = bytes_read(process.pid)
            elif baseline is not None and bytes_read(process.pid) >= baseline + more:
                return process.poll() is None
        except OSError:  # a descriptor closed while it was listed, or the process just ended
            pass
        time.sleep(0.005)
    return False
