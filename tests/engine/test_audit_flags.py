"""The audit flags of `tracker status` (README, Progress: `above_budget`, `rush`, `reversals`,
`duplicates`, `rejected`), each on both sides of its threshold, on a small real store: the sample
document's two projects (5万 each, plan 30% / 30% / 100% at 3月底 / 6月底 / 10月底), spending loaded
from CSV files through the real loader, the flags read from `engine.status.compute_status`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import set_aside, table_rows
from engine.status import compute_status
from records_files import P1, P2, spending_row, write_csv
from store.db import connection
from store.settings import settings

D = dt.date
UNKNOWN = "13043425P99999999999X"  # not in the document


@pytest.fixture
def spend(tracker, tmp_path, db_path):
    """Load spending rows (a CSV with the export's two title lines: the first row is line 4);
    returns the load id."""

    def load(name: str, rows: list[list]) -> int:
        code, _, err = tracker("load", "spending", str(write_csv(tmp_path / name, rows)))
        assert code == 0, err
        return int(table_rows(db_path, "SELECT max(load_id) FROM imports")[0][0])

    return load


def flags(db: Path, day: dt.date) -> dict[str, dict]:
    """Each project's status row at the end of `day`, by project code."""
    with connection(db, read_only=True) as con:
        frame = compute_status(con, day).projects
    return {row["project_code"]: row for row in frame.to_dict("records")}


# -- rush (突击花钱): ≥ 40% of the spending to date dated in November–December -------------------


def test_rush_at_exactly_40_percent_and_not_at_39_99(targets, spend):
    spend(
        "year.csv",
        [
            spending_row("2025-06-10", P1, "30000", "R1"),
            spending_row("2025-11-20", P1, "12000", "R2"),
            spending_row("2025-12-15", P1, "8000", "R3"),
            spending_row("2025-06-10", P2, "25000", "S1"),
            spending_row("2025-10-31", P2, "5005", "S2"),  # October: not a rush month
            spending_row("2025-11-20", P2, "19995", "S3"),
        ],
    )
    year_end = flags(targets, D(2025, 12, 31))
    # P1: (12,000 + 8,000) / 50,000 = 40.00% → raised (≥, not >)
    assert year_end[P1]["rush_share_pct"] == pytest.approx(40.0)
    assert year_end[P1]["rush"]
    # P2: 19,995 / 50,000 = 39.99% → not raised (with October counted it would be 50%)
    assert year_end[P2]["rush_share_pct"] == pytest.approx(39.99)
    assert not year_end[P2]["rush"]
    # the share is of the spending to date: at 30 November P1 has 12,000 / 42,000 = 28.57%
    november = flags(targets, D(2025, 11, 30))
    assert november[P1]["rush_share_pct"] == pytest.approx(12000 / 42000 * 100)
    assert not november[P1]["rush"]


@pytest.fixture
def config(monkeypatch, tmp_path):
    """Point $TRACKER_CONFIG at a tracker.toml with `text` (the settings are read afresh)."""

    def write(text: str) -> None:
        path = tmp_path / "tracker.toml"
        path.write_text(text, "utf-8")
        monkeypatch.setenv("TRACKER_CONFIG", str(path))
        settings.cache_clear()

    yield write
    settings.cache_clear()


@pytest.mark.parametrize(
    ("toml", "share", "rush"),
    [
        ("", 40.0, True),  # defaults: (15,000 + 5,000) / 50,000 = 40% of [11, 12] ≥ 40
        ("[budget]\nrush_months = [12]\n", 10.0, False),  # 5,000 / 50,000 = 10% < 40
        ("[budget]\nrush_months = [12]\nrush_share_pct = 10\n", 10.0, True),  # 10% ≥ 10
        ("[budget]\nrush_share_pct = 40.01\n", 40.0, False),  # 40% < 40.01
        ("[budget]\nrush_months = [6]\n", 60.0, True),  # June: 30,000 / 50,000 = 60% ≥ 40
    ],
)
def test_rush_months_and_share_from_tracker_toml(targets, spend, config, toml, share, rush):
    spend(
        "year.csv",
        [
            spending_row("2025-06-10", P1, "30000", "R1"),
            spending_row("2025-11-20", P1, "15000", "R2"),
            spending_row("2025-12-15", P1, "5000", "R3"),
        ],
    )
    config(toml)
    p1 = flags(targets, D(2025, 12, 31))[P1]
    assert p1["rush_share_pct"] == pytest.approx(share)
    assert bool(p1["rush"]) is rush


# -- above budget (超预算): spending above the current budget ------------------------------------


@pytest.mark.parametrize(
    ("september", "execution", "above", "warning"),
    [
        ("20005", 100.01, True, "over"),  # 30,000 + 20,005 = 50,005 = 100.01% of 50,000
        ("20000.01", 100.00002, True, "over"),  # one cent over is over
        ("20000", 100.0, False, "green"),  # 50,000 = 100.00%: spent out, not over
        ("19999.99", 99.99998, False, "green"),
    ],
)
def test_above_budget_at_its_threshold(targets, spend, september, execution, above, warning):
    spend(
        "pay.csv",
        [
            spending_row("2025-05-10", P1, "30000", "A1"),
            spending_row("2025-09-01", P1, september, "A2"),
        ],
    )
    p1 = flags(targets, D(2025, 9, 30))[P1]
    assert p1["execution_pct"] == pytest.approx(execution)
    assert bool(p1["above_budget"]) is above
    # not over: plan at 30 September = 30 + (100 − 30) × 92 / 123 days = 82.36%, and
    # r = 100 / 82.36 × 100 = 121 ≥ 80 → green; over: `over` whatever the plan
    assert p1["warning"] == warning
    assert not p1["rush"]  # nothing in November–December


def test_a_budget_adjustment_moves_the_threshold(targets, spend, tracker, tmp_path):
    spend(
        "pay.csv",
        [
            spending_row("2025-05-10", P1, "52000", "A1"),  # 104% of the original 50,000
            spending_row("2025-05-10", P2, "48000", "B1"),  # 96% of the original 50,000
        ],
    )
    adjustments = tmp_path / "adj.csv"
    adjustments.write_text(
        "项目编码,调整日期,调整金额,调整类型,文号\n"
        f"{P1},2025-10-15,5000,追加,魏财预〔2025〕31号\n"
        f"{P2},2025-10-15,3000,调减,魏财预〔2025〕32号\n",
        "utf-8",
    )
    code, _, err = tracker("load", "adjustments", str(adjustments))
    assert code == 0, err
    before = flags(targets, D(2025, 10, 14))  # the adjustments are not dated yet
    assert before[P1]["budget_current"] == 50000 and before[P1]["above_budget"]
    assert before[P1]["warning"] == "over"
    assert before[P2]["budget_current"] == 50000 and not before[P2]["above_budget"]
    after = flags(targets, D(2025, 10, 15))  # dated on or before d: they count
    # P1: 52,000 / (50,000 + 5,000) = 94.55% → no longer over
    assert after[P1]["budget_current"] == 55000 and not after[P1]["above_budget"]
    assert after[P1]["execution_pct"] == pytest.approx(52000 / 55000 * 100)
    assert after[P1]["warning"] != "over"
    # P2: 48,000 / (50,000 − 3,000) = 102.13% → over now
    assert after[P2]["budget_current"] == 47000 and after[P2]["above_budget"]
    assert after[P2]["execution_pct"] == pytest.approx(48000 / 47000 * 100)
    assert after[P2]["warning"] == "over"


# -- reversals (冲销): negative amounts, stored, counted and netted ------------------------------


def test_reversals_are_counted_and_spending_is_net_of_them(targets, spend):
    spend(
        "pay.csv",
        [
            spending_row("2025-03-01", P1, "30000", "V1"),
            spending_row("2025-04-01", P1, "-1500", "V2", summary="冲销"),
            spending_row("2025-12-10", P1, "-500", "V3", summary="冲销"),
            spending_row("2025-03-01", P2, "50200", "V4"),  # 200 over the budget, gross …
            spending_row("2025-03-05", P2, "(200.00)", "V5", summary="冲销"),  # … 50,000 net
        ],
    )
    year_end = flags(targets, D(2025, 12, 31))
    p1, p2 = year_end[P1], year_end[P2]
    # P1: 30,000 − 1,500 − 500 = 28,000 = 56% of 50,000; two reversals of 2,000 together
    assert p1["spent"] == 28000 and p1["execution_pct"] == pytest.approx(56.0)
    assert p1["reversals"] == 2 and p1["reversal_yuan"] == -2000
    # P2: 50,200 − 200 = 50,000 = 100.00%: the net amount is not above the budget
    assert p2["spent"] == 50000 and p2["reversals"] == 1 and p2["reversal_yuan"] == -200
    assert not p2["above_budget"] and p2["warning"] != "over"
    # to date: at 30 April only the April reversal has happened (30,000 − 1,500 = 28,500)
    april = flags(targets, D(2025, 4, 30))[P1]
    assert april["spent"] == 28500 and april["reversals"] == 1 and april["reversal_yuan"] == -1500


# -- duplicates: the same voucher again, in one file and across loads --------------------------


def test_duplicates_counted_in_one_file_and_across_loads(targets, spend, tracker):
    spend(
        "april.csv",
        [
            spending_row("2025-04-01", P1, "1000", "D1"),
            spending_row("2025-04-01", P1, "1000", "D1"),  # the same voucher again: duplicate
            spending_row("2025-04-01", P1, "1000", "D2"),  # same day and amount, own voucher
            spending_row("2025-04-02", P2, "2000", "D3"),
        ],
    )
    first = flags(targets, D(2025, 12, 31))
    assert first[P1]["duplicates"] == 1 and first[P1]["spent"] == 2000  # D1 + D2
    assert first[P2]["duplicates"] == 0 and first[P2]["spent"] == 2000
    corrected = spend(
        "april-corrected.csv",
        [
            spending_row("2025-04-01", P1, "1000", "D1"),  # stored by the earlier load
            spending_row("2025-04-02", P2, "2000", "D3"),  # stored by the earlier load
            spending_row("2025-05-01", P1, "500", "D4"),  # new
        ],
    )
    second = flags(targets, D(2025, 12, 31))
    # P1: 1 in the first file + 1 across loads = 2; spent 1,000 + 1,000 + 500 = 2,500
    assert second[P1]["duplicates"] == 2 and second[P1]["spent"] == 2500
    assert second[P2]["duplicates"] == 1 and second[P2]["spent"] == 2000
    assert second[P1]["rejected"] == 0 and second[P2]["rejected"] == 0
    # undoing the corrected load takes its set-aside rows out of the count
    code, _, err = tracker("undo", str(corrected))
    assert code == 0, err
    undone = flags(targets, D(2025, 12, 31))
    assert undone[P1]["duplicates"] == 1 and undone[P1]["spent"] == 2000
    assert undone[P2]["duplicates"] == 0


# -- rejected: a row dated outside the fiscal year, with its reason ----------------------------


def test_a_row_outside_the_fiscal_year_is_rejected_with_its_reason(targets, spend):
    load = spend(
        "pay.csv",
        [
            spending_row("2024-12-31", P1, "100", "Y1"),  # line 4: the day before the year
            spending_row("2025-01-01", P1, "200", "Y2"),  # line 5: its first day: stored
            spending_row("2025-12-31", P1, "300", "Y3"),  # line 6: its last day: stored
            spending_row("2026-01-01", P1, "400", "Y4"),  # line 7: the day after the year
            spending_row("2025-06-01", UNKNOWN, "500", "Y5"),  # line 8: no such project
        ],
    )
    assert [row for row in set_aside(targets, load) if row[1] == "rejected"] == [
        (4, "rejected", f"第4行：支付日期 2024-12-31 不在项目 {P1} 的预算年度 2025 内"),
        (7, "rejected", f"第7行：支付日期 2026-01-01 不在项目 {P1} 的预算年度 2025 内"),
        (8, "rejected", f"第8行：项目编码 {UNKNOWN} 未在绩效目标中登记"),
    ]
    year_end = flags(targets, D(2025, 12, 31))
    # P1: lines 4 and 7 are its rejected rows; line 8 belongs to no project in the store
    assert year_end[P1]["rejected"] == 2 and year_end[P1]["duplicates"] == 0
    assert year_end[P1]["spent"] == 500  # 200 + 300: the rejected 100 and 400 never count
    assert year_end[P2]["rejected"] == 0


def test_a_changed_voucher_counts_as_rejected(targets, spend):
    spend("pay.csv", [spending_row("2025-03-01", P1, "1000", "C1")])
    # the same voucher in the same month with another amount: set aside as `changed`
    spend("pay-again.csv", [spending_row("2025-03-01", P1, "1200", "C1")])
    p1 = flags(targets, D(2025, 12, 31))[P1]
    assert p1["rejected"] == 1 and p1["duplicates"] == 0
    assert p1["spent"] == 1000  # the stored version stands
