"""Trust the numbers (issue 11): undo means undone, a changed voucher is a conflict, personal data
is never at rest in clear and cannot be reversed from the store, work folders are private and
swept."""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from processes import wait_until_read

from conftest import ROOT, snapshot, table_rows
from hostile import NAMES, ROSTER_HEADER, check_char, csv_text, person_id
from loaders import workspace
from loaders.id_numbers import mask_id
from records_files import P1, P2, spending_row, write_csv


def total(db: Path) -> Decimal:
    return table_rows(db, "SELECT coalesce(sum(amount_yuan), 0) FROM spending")[0][0]


def monthly_total(db: Path) -> Decimal:
    return table_rows(db, "SELECT coalesce(sum(spent_yuan), 0) FROM spending_monthly")[0][0]


# -- undo means undone -----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["spending", "beneficiaries"])
def test_load_forced_reload_undo_then_plain_reload_loads_again(kind, targets, tracker, tmp_path):
    if kind == "spending":
        path = write_csv(tmp_path / "A.csv", [spending_row("2025-03-05", P1, "8", "V1")])
        table = "spending"
    else:
        path = tmp_path / "A.csv"
        path.write_text(
            csv_text([[P2, "王芳", person_id(1), "一中", "2025-03-05", "5"]], ROSTER_HEADER)
        )
        table = "beneficiaries"
    assert tracker("load", kind, str(path))[0] == 0  # load 2
    code, out, _ = tracker("load", kind, str(path), "--force")  # load 3: all duplicates
    assert code == 0 and "存入 0，重复 1" in out
    assert tracker("undo", "2")[0] == 0
    assert table_rows(targets, f"SELECT count(*) FROM {table}") == [(0,)]
    code, out, _ = tracker("load", kind, str(path))  # plain: the file's content is gone, so new
    assert code == 0 and "导入批次 4" in out and "存入 1" in out, out
    assert table_rows(targets, f"SELECT count(*) FROM {table}") == [(1,)]
    code, out, _ = tracker("load", kind, str(path))  # and now it is loaded again
    assert "已于导入批次 4 加载过" in out


# -- a changed record is a conflict, not a second payment --------------------------------------------
def vouchers(tmp_path: Path, name: str, amount: str, date: str = "2025-03-05", project: str = P1):
    return write_csv(
        tmp_path / name,
        [
            spending_row(date, project, amount, "V000007"),
            spending_row("2025-03-06", P1, "100", "V000008"),
        ],
    )


@pytest.mark.parametrize(
    ("amount", "date", "project", "shown"),
    [
        ("500", "2025-03-05", P1, f"现为 2025-03-05 {P1} 500.00 元"),  # another amount
        ("8", "2025-03-20", P1, f"现为 2025-03-20 {P1} 8.00 元"),  # another day, same month
        ("8", "2025-03-05", P2, f"现为 2025-03-05 {P2} 8.00 元"),  # another project
    ],
)
def test_a_changed_voucher_is_set_aside_with_both_versions(
    targets, tracker, tmp_path, amount, date, project, shown
):
    assert tracker("load", "spending", str(vouchers(tmp_path, "a.csv", "8")))[0] == 0
    before = total(targets)
    code, out, _ = tracker(
        "load", "spending", str(vouchers(tmp_path, "b.csv", amount, date, project))
    )
    assert code == 0 and "存入 0，重复 1，拒收 1" in out
    assert total(targets) == before == monthly_total(targets)  # neither added nor dropped
    [(category, reason)] = table_rows(
        targets, "SELECT category, reason FROM rejected_rows WHERE load_id = 3 AND row_no = 4"
    )
    assert category == "changed"
    assert f"原为 2025-03-05 {P1} 8.00 元" in reason and shown in reason
    assert "--replace-changed" in reason


def test_replacing_a_changed_voucher_keeps_the_old_one_and_undo_restores_it(
    targets, tracker, tmp_path
):
    assert tracker("load", "spending", str(vouchers(tmp_path, "a.csv", "8")))[0] == 0
    assert total(targets) == Decimal("108.00")
    code, out, _ = tracker(
        "load", "spending", str(vouchers(tmp_path, "b.csv", "500")), "--replace-changed"
    )
    assert code == 0 and "替换了已变更的凭证 1 行原记录" in out
    assert total(targets) == Decimal("600.00") == monthly_total(targets)  # +492, not +500
    assert table_rows(
        targets, "SELECT amount_yuan, load_id, replaced_by FROM spending_replaced"
    ) == [(Decimal("8.00"), 2, 3)]
    code, _, err = tracker("undo", "2")  # the replaced load cannot go first
    assert code == 2 and "已被导入批次 3 替换" in err
    code, out, _ = tracker("undo", "3")
    assert code == 0 and "恢复被替换的凭证" in out
    assert total(targets) == Decimal("108.00") == monthly_total(targets)
    assert table_rows(targets, "SELECT count(*) FROM spending_replaced") == [(0,)]
    assert table_rows(targets, "SELECT amount_yuan FROM spending WHERE voucher_no = 'V000007'") == [
        (Decimal("8.00"),)
    ]


def test_replace_changed_is_only_for_spending(targets, tracker, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        csv_text([[P2, "王芳", person_id(1), "一中", "2025-03-05", "5"]], ROSTER_HEADER)
    )
    code, _, err = tracker("load", "beneficiaries", str(path), "--replace-changed")
    assert code == 2 and "只用于支出明细" in err


# -- personal data -------------------------------------------------------------------------------------
def candidates(id_masked: str, birth_year: int, gender: str) -> int:
    """ID numbers consistent with what the store keeps about a person (no key): the masked form's
    first 6 and last 2, the birth year and the gender."""
    region, seventeenth, check = id_masked[:6], id_masked[-2], id_masked[-1]
    if (int(seventeenth) % 2 == 1) != (gender == "男"):
        return 0
    count = 0
    day = dt.date(birth_year, 1, 1)
    while day.year == birth_year:
        for middle in range(100):
            first17 = f"{region}{day:%Y%m%d}{middle:02d}{seventeenth}"
            if check_char(first17) == check:
                count += 1
        day += dt.timedelta(days=1)
    return count


def test_what_the_store_keeps_leaves_over_a_thousand_candidate_ids(targets, tracker, tmp_path):
    path = tmp_path / "r.csv"
    rows = [[P2, NAMES[i], person_id(i * 37), "一中", "2025-03-05", "5"] for i in range(6)]
    path.write_text(csv_text(rows, ROSTER_HEADER))
    assert tracker("load", "beneficiaries", str(path))[0] == 0
    stored = table_rows(targets, "SELECT id_masked, birth_year, gender FROM beneficiaries")
    assert len(stored) == 6
    for id_masked, year, gender in stored:
        assert id_masked.count("*") == 10
        assert candidates(id_masked, year, gender) >= 1000
    assert mask_id(person_id(5)) == person_id(5)[:6] + "*" * 10 + person_id(5)[-2:]


ROSTER_KILL = """
import sys
from store.db import open_db
from loaders.records import load_records
con = open_db(sys.argv[1])
load_records(con, "beneficiaries", sys.argv[2])
"""


def test_a_killed_roster_load_leaves_no_plaintext_anywhere(targets, tmp_path):
    """A 100,000-row GBK roster (the kind that used to be transcoded to a temporary UTF-8 file)
    loaded in another process, killed with SIGKILL while it reads: no file in its temp folder or
    beside the database holds a full ID number."""
    ids = [person_id(i) for i in range(1000)]
    rows = [[P2, NAMES[i % 10], ids[i % 1000], "一中", "2025-03-05", "5"] for i in range(100_000)]
    roster = tmp_path / "in" / "roster.csv"
    roster.parent.mkdir()
    roster.write_bytes(csv_text(rows, ROSTER_HEADER).encode("gbk"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", ROSTER_KILL, str(targets), str(roster)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)},
    )
    # the events: the process opens the database, then has read the whole roster (its read
    # counter passes the roster's size); it is killed while it judges the rows
    reached = wait_until_read(process, targets, roster.stat().st_size)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL  # killed while it read the roster
    assert reached, "the load ended before it had read the roster: use a bigger one"
    secrets = [i.encode() for i in ids[:50]]
    scanned = 0
    for folder in (temp, targets.parent):
        for path in folder.rglob("*"):
            if path.is_file() and path != roster:
                content = path.read_bytes()
                scanned += 1
                assert not any(s in content for s in secrets), path
    assert scanned >= 1  # the database itself was scanned
    assert not list(temp.iterdir())  # nothing was written to the temp folder at all


def test_work_folders_are_private_and_swept_after_a_killed_process(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with workspace.private_folder() as folder:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        path = workspace.private_file(folder, "x.csv")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not folder.exists()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f"tracker-work-{dead.stdout.strip()}-abc123"
    stale.mkdir()
    (stale / "upload.csv").write_text("secret")
    legacy = tmp_path / ("tracker-" + "0" * 32 + ".csv")
    legacy.write_text("secret")
    mine = tmp_path / f"tracker-work-{os.getpid()}-live"
    mine.mkdir()
    unrelated = tmp_path / "tracker-notes.txt"
    unrelated.write_text("keep")
    removed = workspace.sweep(tmp_path)
    assert sorted(removed) == sorted([stale, legacy])
    assert mine.exists() and unrelated.exists()


def test_a_gbk_spending_file_is_transcoded_only_inside_the_private_folder(
    targets, tracker, tmp_path, monkeypatch
):
    import tempfile

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    path = write_csv(
        tmp_path / "gbk.csv", [spending_row("2025-03-05", P1, "8", "G1")], encoding="gbk"
    )
    assert tracker("load", "spending", str(path))[0] == 0
    assert list(temp.iterdir()) == []  # the work folder is gone
    assert snapshot(targets)["spending"]
