"""Planted bugs: each bug that once went through the whole suite must now fail a test.

    python -m benchmarks.planted [--only NAME ...] [--no-write]

For each bug of `BUGS` (issue 17's list: the rush flag, the over-budget threshold, target-quality
rules switched off, unknown configuration keys, the busy exit status, fractions read as
percent), in a fresh copy of the tracked files: plant it (a text replacement that must match
exactly once), run the test files named for it, and check that at least one test fails; the
same files are first run on the unchanged copy, where they must pass. The result goes to
TESTING.md's `planted` section. Exit status 0 when every bug is caught.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import ROOT, project_files, write_section

TESTING = ROOT / "TESTING.md"


@dataclass(frozen=True)
class Bug:
    name: str
    what: str
    edits: tuple[tuple[str, str, str], ...]  # (file, text, replacement)
    tests: tuple[str, ...]


def _off(rule: str) -> tuple[str, str, str]:
    """A findings rule switched off: its `add(...)` or `found.append(Finding(...))` does nothing."""
    source = (ROOT / "loaders" / "findings.py").read_text(encoding="utf-8")
    call = re.search(rf'(?:add|found\.append)\((\s*Finding\()?\s*"{rule}",', source)
    if call is None:
        raise SystemExit(f"the rule {rule} is not where planted.py expects it")
    text = call.group(0)
    return ("loaders/findings.py", text, "(lambda *a, **k: None)(" + text.split("(", 1)[1])


FINDINGS_TESTS = ("tests/loaders/test_findings_rules.py",)
BUGS = (
    Bug(
        "rush_never",
        "the year-end rush flag (`rush`) never raised",
        (("engine/status.py", 'frame["rush"] = (', 'frame["rush"] = np.zeros(n, dtype=bool) & ('),),
        ("tests/engine/test_audit_flags.py",),
    ),
    Bug(
        "above_budget_twice",
        "`above_budget` raised only at twice the budget",
        (
            (
                "engine/status.py",
                "above_budget = spent > budget + 0.005",
                "above_budget = spent > 2 * budget + 0.005",
            ),
        ),
        ("tests/engine/test_audit_flags.py",),
    ),
    Bug(
        "five_rules_off",
        "five target-quality rules switched off at once",
        tuple(
            _off(rule)
            for rule in (
                "rate_above_100",
                "qualitative_value",
                "no_satisfaction",
                "budget_zero",
                "no_indicators",
            )
        ),
        FINDINGS_TESTS,
    ),
    *(
        Bug(
            f"rule_{rule}",
            f"the findings rule `{rule}` switched off",
            (_off(rule),),
            FINDINGS_TESTS,
        )
        for rule in (
            "rate_above_100",
            "qualitative_value",
            "no_satisfaction",
            "plan_out_of_range",
            "plan_unreadable",
            "plan_missing",
            "budget_zero",
            "no_indicators",
            "missing_value",
        )
    ),
    Bug(
        "unknown_keys_ignored",
        "unknown keys in `tracker.toml` silently ignored",
        (
            (
                "store/settings.py",
                "    unknown = sorted(set(values) - set(known))\n",
                "    values = {k: v for k, v in values.items() if k in known}\n"
                "    unknown = sorted(set(values) - set(known))\n",
            ),
        ),
        ("tests/store/test_settings.py",),
    ),
    Bug(
        "busy_exit_2",
        "the exit status for a busy database changed from 3 to 2",
        (("cli/main.py", "EXIT_BUSY = 3", "EXIT_BUSY = 2"),),
        ("tests/cli/test_exit_status.py",),
    ),
    Bug(
        "fractions_off",
        "the fraction → percent rule of the spending plan switched off",
        (
            (
                "loaders/plan.py",
                "fractions = all(",
                "fractions = False and all(",
            ),
        ),
        ("tests/loaders/test_fractions.py",),
    ),
)


def copy_tree(target: Path) -> None:
    """The tracked files (and new, not ignored ones) of the working tree, into `target`."""
    for name in project_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)


def run_tests(tree: Path, tests: tuple[str, ...]) -> tuple[int, str]:
    """pytest on `tests` in `tree` (its own modules first on the path): exit code, last line."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
        cwd=tree,
        capture_output=True,
        text=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, lines[-1] if lines else done.stderr.strip()[-200:]


def plant(tree: Path, bug: Bug) -> None:
    for file, text, replacement in bug.edits:
        path = tree / file
        source = path.read_text(encoding="utf-8")
        if source.count(text) != 1:
            raise SystemExit(f"{bug.name}: `{text}` occurs {source.count(text)} times in {file}")
        path.write_text(source.replace(text, replacement), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names of the bugs to plant")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    bugs = [b for b in BUGS if not args.only or b.name in args.only]
    started = time.monotonic()
    rows = []
    caught_all = True
    with tempfile.TemporaryDirectory(prefix="tracker-planted-") as work:
        clean = Path(work) / "clean"
        copy_tree(clean)
        for tests in sorted({b.tests for b in bugs}):
            code, last = run_tests(clean, tests)
            if code != 0:
                raise SystemExit(f"{' '.join(tests)} fail without a planted bug: {last}")
        for bug in bugs:
            tree = Path(work) / bug.name
            shutil.copytree(clean, tree)
            plant(tree, bug)
            code, last = run_tests(tree, bug.tests)
            caught = code == 1  # tests ran and failed (not a collection or usage error)
            caught_all &= caught
            print(f"{'caught ' if caught else 'MISSED '} {bug.name}: {last}", flush=True)
            rows.append(
                f"| {bug.what} | {', '.join(f'`{t}`' for t in bug.tests)} "
                f"| {'**caught**' if caught else '**missed**'}: {last} |"
            )
            shutil.rmtree(tree)
    table = "\n".join(rows)
    text = f"""Last run: {dt.date.today()}, {(time.monotonic() - started) / 60:.1f} min,
{"every bug caught" if caught_all else "NOT every bug caught"}.

| planted bug | tests | result (pytest's last line) |
|---|---|---|
{table}
"""
    print(text)
    if not args.no_write and not args.only:
        write_section(TESTING, "planted", text)
    sys.exit(0 if caught_all else 1)


if __name__ == "__main__":
    main()
