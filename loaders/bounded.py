"""Reading untrusted files in a child process bounded in memory and time.

The dashboard serves everyone from one process: a file whose parsing runs away (a reader library
that allocates a grid from a crafted worksheet, a decompression that does not stop) must cost a
refusal, not the server. `run_bounded("module:function", *args)` runs the function in a fresh
Python process whose address space (`RLIMIT_AS`) and CPU time (`RLIMIT_CPU`) are capped, with
DuckDB's own memory limit set below the cap so that it spills instead of failing; the parent also
stops it after a wall-clock limit. The function receives a `report(message)` callback as its
last argument to send progress; its return value comes back to the parent.

Arguments, messages and the result travel through pipes (pickled, with a length prefix): an
upload's bytes are never written to disk on the way. A child that dies (killed by a limit, or an
abort inside a native library) raises `BoundedRunFailed`, whose message says which limit and that
the parent is unharmed.

Limits: `tracker.toml` `[limits] upload_memory_mb`, `upload_seconds`.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from loaders.errors import LoadError
from store.settings import settings

MB = 1 << 20
HEADER = struct.Struct("!Q")


class BoundedRunFailed(LoadError):
    """The child process ended without a result (a limit, a crash): nothing more was written."""


def _send(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd: int, size: int, deadline: float) -> bytes | None:
    chunks, left = [], size
    while left:
        timeout = max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None  # the child is gone
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def run_bounded(
    target: str,
    *args: Any,
    on_message: Callable[[Any], None] | None = None,
    memory_mb: int | None = None,
    seconds: float | None = None,
) -> Any:
    """`target(*args, report)` in a bounded child process; returns its result.

    Exceptions the function raises are raised here again (they must be picklable). Raises
    BoundedRunFailed when the child dies or overruns its time."""
    cap = settings().limits
    memory_mb = memory_mb or cap.upload_memory_mb
    seconds = seconds or cap.upload_seconds
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env["TRACKER_DUCKDB_MEMORY_LIMIT"] = f"{max(256, memory_mb // 3)}MB"
    child = subprocess.Popen(
        [sys.executable, "-m", "loaders.bounded", str(memory_mb), str(int(seconds) + 5)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    assert child.stdin is not None and child.stdout is not None
    deadline = time.monotonic() + seconds
    try:
        try:
            child.stdin.write(pickle.dumps((target, args), protocol=pickle.HIGHEST_PROTOCOL))
            child.stdin.close()
        except BrokenPipeError:
            pass  # it died at once: the read below says so
        fd = child.stdout.fileno()
        while True:
            head = _read_exact(fd, HEADER.size, deadline)
            body = _read_exact(fd, HEADER.unpack(head)[0], deadline) if head else None
            if body is None:
                break
            kind, payload = pickle.loads(body)
            if kind == "message" and on_message is not None:
                on_message(payload)
            elif kind == "result":
                return payload
            elif kind == "error":
                raise payload
        child.wait()
        raise BoundedRunFailed(_death(child.returncode, memory_mb, seconds))
    except TimeoutError:
        raise BoundedRunFailed(
            f"读取文件超过了时间上限（{int(seconds)} 秒），已停止；此前的文件不受影响"
        ) from None
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        child.stdout.close()


def _death(code: int | None, memory_mb: int, seconds: float) -> str:
    if code is not None and code < 0:
        sig = signal.Signals(-code)
        if sig == signal.SIGXCPU:
            return f"读取文件超过了时间上限（{int(seconds)} 秒），已停止；服务器不受影响"
        return (
            f"读取文件时中止（{sig.name}；内存上限 {memory_mb} MB）：文件可能是恶意构造的"
            "或已损坏；服务器不受影响"
        )
    return (
        f"读取文件的进程意外结束（退出码 {code}；内存上限 {memory_mb} MB）：文件可能过大或已损坏；"
        "服务器不受影响"
    )


def _child(memory_mb: int, cpu_seconds: int) -> int:
    import resource

    out = os.dup(1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the message pipe
    limit = memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    target, args = pickle.loads(sys.stdin.buffer.read())
    module, _, name = target.partition(":")
    function = getattr(import_module(module), name)
    try:
        result = function(*args, lambda message: _send(out, ("message", message)))
    except MemoryError:
        del function  # free what can be freed before pickling the answer
        # this module runs as __main__ here: pickle the class under its importable name
        from loaders.bounded import BoundedRunFailed as Failed

        _send(out, ("error", Failed(
            f"读取文件超出了内存上限（{memory_mb} MB），已停止：文件可能是恶意构造的或过大；"
            "服务器不受影响"
        )))  # fmt: skip
        return 0
    except BaseException as error:  # the parent raises it again
        try:
            _send(out, ("error", error))
        except Exception:
            _send(out, ("error", LoadError(f"{type(error).__name__}: {error}")))
        return 0
    _send(out, ("result", result))
    return 0


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1]), int(sys.argv[2])))
