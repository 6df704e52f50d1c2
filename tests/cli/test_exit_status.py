"""Every exit status the README documents (Command line: "0 ok, 2 bad input, 3 database busy"),
from `tracker` run as a real process, for each family of commands where the status is decided in
its own place: a record load that reads some files and not others, an error raised by a read or
write command, a usage error (argparse), a bad `tracker.toml`, another process holding the write
lock. stderr always says what is wrong and never shows a traceback.

Covered elsewhere and not repeated here: a bad target document (tests/loaders/test_targets_errors.py,
also as a process) and a closed pipe ending with 0 (tests/cli/test_cli_trust.py and
test_cli_reading.py, also as processes).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from processes import HANG_GUARD_SECONDS, lock_held

from conftest import ROOT, snapshot, table_rows
from records_files import P1, P2, spending_row, write_csv

OK, BAD_INPUT, BUSY = 0, 2, 3
ERROR = "错误 (error): "  # cli.common._error: how every message on stderr starts
NOTE = "提示 (note): "  # cli.common: the store's notes (waiting for the database)


def tracker_process(*args: str, cwd: Path, config: Path | None = None, stdin: str | None = None):
    """`tracker ARGS` as a new process (this tree's code first on its path), not waited for."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_DEBUG", "TRACKER_DB"))}
    env.pop("TRACKER_CONFIG", None)
    env.pop("TRACKER_LANG", None)
    env["PYTHONPATH"] = str(ROOT)
    if config is not None:
        env["TRACKER_CONFIG"] = str(config)
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,  # the test's folder: no tracker.toml or data/ of the tree is picked up
        env=env,
    )
    return process, stdin


def finished(started) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of a process from `tracker_process`."""
    process, stdin = started
    out, err = process.communicate(stdin, timeout=HANG_GUARD_SECONDS)  # only against a hang
    return process.returncode, out, err


def run(*args: str, **options) -> tuple[int, str, str]:
    return finished(tracker_process(*args, **options))


def assert_clean(err: str) -> None:
    """A message for a person, not a program's crash."""
    assert "Traceback" not in err and 'File "' not in err, err
    assert "内部错误" not in err, err


@pytest.fixture
def pay_csv(tmp_path) -> Path:
    return write_csv(
        tmp_path / "pay.csv",
        [
            spending_row("2025-03-05", P1, "12000", "V1"),
            spending_row("2025-04-02", P2, "15000", "V2"),
        ],
    )


def spending_rows(db: Path) -> list[tuple]:
    return table_rows(db, "SELECT voucher_no FROM spending ORDER BY voucher_no")


# -- 0 ok, and 2 bad input where each family decides it -----------------------------------------


def test_a_record_load_with_one_unreadable_file_exits_2_and_keeps_the_good_one(
    targets, pay_csv, tmp_path
):
    """Record files are loaded one by one, each its own transaction: the readable one is stored,
    the other named, and the command's status says that not everything was loaded."""
    minutes = tmp_path / "minutes.csv"
    minutes.write_text("会议纪要\n今天讨论了预算\n", "utf-8")  # no header: not a record file
    code, out, err = run(
        "load", "spending", str(pay_csv), str(minutes), "--db", str(targets), cwd=tmp_path
    )
    assert code == BAD_INPUT
    assert err.startswith(ERROR) and "minutes.csv" in err and "该文件未写入任何数据" in err
    assert_clean(err)
    assert "1 个文件无法读取" in out  # the totals say so too
    assert spending_rows(targets) == [("V1",), ("V2",)]


def test_a_load_whose_rows_are_all_rejected_is_not_bad_input(targets, tmp_path):
    """The near case: a file that is read, whose rows are set aside with reasons, is a load (0)."""
    outside = write_csv(tmp_path / "2024.csv", [spending_row("2024-12-30", P1, "100", "Z1")])
    code, out, err = run("load", "spending", str(outside), "--db", str(targets), cwd=tmp_path)
    assert code == OK, err
    assert "拒收 1" in out and err == ""
    assert spending_rows(targets) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rejected", "99"), "没有导入批次 99"),  # raised by a command reading the store
        (("status", "--project", "13043425P00000000000X"), "没有符合条件的项目"),
        (("score", "--project", "13043425P00000000000X"), "没有项目 13043425P00000000000X"),
        (("undo", "99"), "99"),  # raised by a command writing the store
        (("form", "monitoring", "--out", "form.xlsx"), "请指定 --unit"),  # before any reading
    ],
)
def test_an_error_raised_by_a_command_exits_2(targets, tmp_path, args, message):
    before = snapshot(targets)
    code, out, err = run(*args, "--db", str(targets), cwd=tmp_path)
    assert code == BAD_INPUT and out == ""
    assert err.startswith(ERROR) and message in err
    assert len(err.strip().splitlines()) == 1  # one line for one problem
    assert_clean(err)
    assert snapshot(targets) == before


def test_a_database_that_does_not_exist_exits_2_and_is_not_created(tmp_path):
    missing = tmp_path / "nowhere" / "tracker.duckdb"
    code, out, err = run("status", "--db", str(missing), cwd=tmp_path)
    assert code == BAD_INPUT and out == ""
    assert err.startswith(ERROR) and str(missing) in err and "不存在" in err
    assert_clean(err)
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "--format", "xml"), "invalid choice: 'xml'"),
        (("lode", "targets", "a.txt"), "invalid choice: 'lode'"),
        ((), "the following arguments are required: command"),
        (("rejected", "one"), "invalid int value: 'one'"),
    ],
)
def test_a_usage_error_exits_2(tmp_path, args, message):
    code, out, err = run(*args, cwd=tmp_path)
    assert code == BAD_INPUT and out == ""
    assert err.startswith("usage: tracker") and message in err
    assert_clean(err)


# -- 2 bad input: tracker.toml (README, Configuration: unknown keys are an error) ---------------


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("rush_share_pct = 30\n[budget]\nred_below = 60\n", ["rush_share_pct", "[budget]"]),
        ("[budget]\nrush_shares_pct = 30\n", ["[budget]", "rush_shares_pct", "rush_share_pct"]),
        ("[bugdet]\nrush_share_pct = 30\n", ["[bugdet]"]),
        ('[budget]\nrush_share_pct = "30"\n', ["[budget] rush_share_pct", "数字"]),
        ("[budget]\nrush_months = 11\n", ["[budget] rush_months", "列表"]),
    ],
)
def test_a_bad_tracker_toml_exits_2_naming_the_key(targets, tmp_path, toml, named):
    config = tmp_path / "county.toml"
    config.write_text(toml, "utf-8")
    code, out, err = run("status", "--db", str(targets), cwd=tmp_path, config=config)
    assert code == BAD_INPUT and out == ""
    assert err.startswith(ERROR) and str(config) in err
    for word in named:
        assert word in err
    assert_clean(err)


def test_a_good_tracker_toml_is_used(targets, tmp_path):
    """The near case: known keys of the right type (an integer where a number is expected)."""
    config = tmp_path / "county.toml"
    config.write_text(
        "[budget]\nrush_months = [12]\nrush_share_pct = 30\nred_below = 50\n", "utf-8"
    )
    code, _, err = run("status", "--db", str(targets), cwd=tmp_path, config=config)
    assert code == OK and err == ""


@pytest.mark.parametrize(
    "command",
    [
        ("load", "spending", "PAY"),  # reads the limits
        ("projects",),  # reads no threshold at all: refused all the same, before any work
        ("templates", "--out", "OUT"),  # does not open the database
    ],
)
def test_every_command_refuses_a_typo_in_tracker_toml(targets, pay_csv, tmp_path, command):
    config = tmp_path / "tracker.toml"
    config.write_text("[limits]\nmax_file_mbs = 10\n", "utf-8")
    (tmp_path / "out").mkdir()
    args = [{"PAY": str(pay_csv), "OUT": str(tmp_path / "out")}.get(a, a) for a in command]
    before = snapshot(targets)
    code, out, err = run(*args, "--db", str(targets), cwd=tmp_path, config=config)
    assert code == BAD_INPUT and out == ""
    assert "max_file_mbs" in err and "max_file_mb" in err
    assert_clean(err)
    assert snapshot(targets) == before and list((tmp_path / "out").iterdir()) == []


# -- 3 database busy: another process holds the write lock --------------------------------------

ADD_USER = ("users", "add", "wang", "--role", "viewer", "--password-stdin")


def test_a_busy_database_exits_3_for_readers_and_writers_and_writes_nothing(
    targets, pay_csv, tmp_path
):
    """Each command waits for the lock (tracker.toml's `[database] busy_wait_seconds`, 30 s by
    default, 2 s here), then gives up with 3. The holder has the lock before any command starts
    (it says so on its stdout) and keeps it until every command has ended, however long that
    takes; the commands wait side by side."""
    config = tmp_path / "tracker.toml"
    config.write_text("[database]\nbusy_wait_seconds = 2\n", encoding="utf-8")
    before = snapshot(targets)
    db = ("--db", str(targets))
    with lock_held(targets):
        started = [
            tracker_process("load", "spending", str(pay_csv), *db, cwd=tmp_path, config=config),
            tracker_process("status", *db, cwd=tmp_path, config=config),
            tracker_process("undo", "1", *db, cwd=tmp_path, config=config),
            tracker_process(
                *ADD_USER, *db, cwd=tmp_path, config=config, stdin="a long password 1\n"
            ),
        ]
        results = [finished(one) for one in started]
    for code, _, err in results:
        assert code == BUSY, err
        # a note when the wait starts, then one line when it gives up
        note, error = err.strip().splitlines()
        assert note.startswith(NOTE) and str(targets) in note and "最多等待 2 秒" in note
        assert error.startswith(ERROR) and str(targets) in error and "database busy" in error
        assert_clean(err)
    assert snapshot(targets) == before  # nothing half-written
    # the lock free again, the same load goes through
    code, _, err = run("load", "spending", str(pay_csv), "--db", str(targets), cwd=tmp_path)
    assert code == OK, err
    assert spending_rows(targets) == [("V1",), ("V2",)]


INTERRUPTED = 130


@pytest.mark.parametrize("reads", [True, False])
def test_ctrl_c_while_waiting_for_the_database_exits_130_and_writes_nothing(
    targets, pay_csv, tmp_path, reads
):
    """Ctrl-C (SIGINT) while a command waits for another process's write: exit 130, one line,
    nothing written. The signal is sent once the command has said it is waiting (its note on
    standard error), so it always lands inside the wait, whatever the machine's speed."""
    config = tmp_path / "tracker.toml"
    config.write_text("[database]\nbusy_wait_seconds = 600\n", encoding="utf-8")
    command = ("status",) if reads else ("load", "spending", str(pay_csv))
    before = snapshot(targets)
    with lock_held(targets):
        process, _ = tracker_process(*command, "--db", str(targets), cwd=tmp_path, config=config)
        assert process.stderr is not None
        note = process.stderr.readline()  # blocks until the command waits (or has ended)
        assert note.startswith(NOTE) and "最多等待 600 秒" in note, note
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=HANG_GUARD_SECONDS)
    assert process.returncode == INTERRUPTED, err
    assert err.strip().splitlines() == [f"{ERROR}已中断 (interrupted)"] and out == ""
    assert snapshot(targets) == before


@pytest.mark.parametrize("command", [("status",), ("load", "targets", "SAMPLE")])
def test_a_file_that_is_not_a_database_is_bad_input(tmp_path, sample_txt, command):
    """A damaged --db (or any file that is not DuckDB's) is the user's to fix: exit 2, one line
    naming the file, the file left as it was."""
    damaged = tmp_path / "tracker.duckdb"
    damaged.write_bytes(b"this is not a DuckDB file\n" * 100)
    args = [str(sample_txt) if part == "SAMPLE" else part for part in command]
    code, out, err = run(*args, "--db", str(damaged), cwd=tmp_path)
    assert code == BAD_INPUT and out == "", err
    assert err.startswith(ERROR) and str(damaged) in err and "不是有效的数据库文件" in err
    assert len(err.strip().splitlines()) == 1
    assert damaged.read_bytes() == b"this is not a DuckDB file\n" * 100


@pytest.mark.parametrize("command", [("status",), ("load", "targets", "SAMPLE")])
def test_a_folder_given_as_the_database_is_bad_input(tmp_path, sample_txt, command):
    folder = tmp_path / "data"
    folder.mkdir()
    args = [str(sample_txt) if part == "SAMPLE" else part for part in command]
    code, out, err = run(*args, "--db", str(folder), cwd=tmp_path)
    assert code == BAD_INPUT and out == "", err
    assert err.strip().splitlines() == [
        f"{ERROR}{folder} 是一个文件夹，不是数据库文件 (a directory)。用 --db 指定数据库文件，如 "
        "data/tracker.duckdb"
    ]
    assert list(folder.iterdir()) == []
