"""Mutation testing of the rule modules (`make mutation`): how many planted bugs the tests catch.

    python -m benchmarks.mutation [--max-children N] [--no-write] [--report]

mutmut (pinned in requirements-mutation.lock) changes one thing at a time in the modules named by
`only_mutate` in pyproject.toml's `[tool.mutmut]` (the engine's rules, the target-value parser, the
findings, the ID checks, the spending plan) — a `<` for a `<=`, a constant, a dropped argument — and
runs the tests of `pytest_add_cli_args_test_selection` that reach the changed function. A mutant
the tests fail on is killed; one they pass on survived: a bug the suite would let through.

1. Copies the tracked files (and new, not ignored ones) into `.mutation/` (git-ignored) and runs
   `mutmut run` there from scratch: mutmut keeps each mutant's last result and does not re-test it
   when only the tests changed, so a kept `mutants/` folder would report yesterday's survivors.
2. Writes every surviving mutant with its diff to `mutation-survivors.txt`.
3. Checks each survivor against the explanations in TESTING.md ("Surviving mutants, explained":
   one line per mutant, `` - `name`: why it survives ``) and writes the result, the date and the
   bar to TESTING.md's `mutation` section.

The bar: surviving mutants (survived, no test reaches them, suspicious) at most 5% of the mutants,
each explained. Exit status 0 when met, 1 when not. Not in CI: it takes minutes, not seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, machine, project_files, write_section

WORK = ROOT / ".mutation"
TESTING = ROOT / "TESTING.md"
SURVIVORS = ROOT / "mutation-survivors.txt"
BAR = 0.05
NOT_KILLED = ("survived", "no tests", "suspicious")
EXPLAINED = re.compile(r"^- ((?:`[\w.]+__mutmut_\d+`(?:, )?)+): (.+)$", re.MULTILINE)
MUTMUT = Path(sys.executable).with_name("mutmut")


def sync() -> None:
    """`.mutation/` holds exactly the project's files (mutmut's own `mutants/` folder kept);
    unchanged files keep their times, so mutmut's cache holds."""
    wanted = set(project_files())
    WORK.mkdir(exist_ok=True)
    for name in wanted:
        source, target = ROOT / name, WORK / name
        if target.exists() and target.read_bytes() == source.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    for path in sorted(WORK.rglob("*"), reverse=True):
        relative = path.relative_to(WORK)
        if relative.parts[0] == "mutants" or relative.as_posix() in wanted:
            continue
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif relative.suffix != ".log":
            path.unlink()


def mutmut(*args: str, log: Path | None = None) -> str:
    """Run mutmut in `.mutation/`; its output (to `log` when given: the progress is long)."""
    command = [str(MUTMUT), *args]
    if log is None:
        return subprocess.run(command, cwd=WORK, check=True, capture_output=True, text=True).stdout
    with log.open("w") as out:
        subprocess.run(command, cwd=WORK, check=True, stdout=out, stderr=subprocess.STDOUT)
    return ""


def results() -> dict[str, str]:
    """Every mutant's name and status (killed, survived, no tests, timeout, ...)."""
    out = {}
    for line in mutmut("results", "--all", "true").splitlines():
        name, _, status = line.strip().partition(": ")
        if name:
            out[name] = status.strip()
    return out


def module_of(name: str) -> str:
    """`engine.rules.x_plan_pct__mutmut_10` → `engine/rules.py`."""
    parts = name.split(".")
    return "/".join(parts[:-1]) + ".py"


def summary_table(statuses: dict[str, str]) -> tuple[str, int, int]:
    """The per-module table, and the mutants and the ones not killed in all."""
    modules: dict[str, dict[str, int]] = {}
    for name, status in statuses.items():
        counts = modules.setdefault(module_of(name), {})
        counts[status] = counts.get(status, 0) + 1
    rows = []
    total = not_killed = 0
    for module, counts in sorted(modules.items()):
        n = sum(counts.values())
        missed = sum(counts.get(s, 0) for s in NOT_KILLED)
        total += n
        not_killed += missed
        rows.append(
            f"| `{module}` | {n} | {counts.get('killed', 0)} | {counts.get('timeout', 0)} "
            f"| {counts.get('survived', 0)} | {counts.get('no tests', 0)} "
            f"| {missed / n:.1%} |"
        )
    rows.append(f"| **all** | {total} | | | | | **{not_killed / max(total, 1):.1%}** |")
    return "\n".join(rows), total, not_killed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--report",
        action="store_true",
        help="no new run: the last run's results checked again against TESTING.md's explanations",
    )
    args = parser.parse_args()
    if not MUTMUT.exists():
        sys.exit(f"mutmut is not installed in {MUTMUT.parent}: run `make mutation`")
    last = WORK / "last-result.json"
    if args.report:
        if not last.exists():
            sys.exit("no earlier run in .mutation/: run `make mutation` first")
        seconds = json.loads(last.read_text(encoding="utf-8"))["seconds"]
    else:
        started = time.monotonic()
        sync()
        # mutmut keeps its map of which tests reach which function, and each mutant's last
        # result, between runs, and re-tests neither when only the tests changed: start afresh
        shutil.rmtree(WORK / "mutants", ignore_errors=True)
        log = WORK / "mutmut-run.log"
        print(f"running mutmut in {WORK} (progress: {log}) …", flush=True)
        mutmut("run", "--max-children", str(args.max_children), log=log)
        seconds = time.monotonic() - started
    statuses = results()
    if not statuses:
        sys.exit(f"mutmut produced no mutants: see {log}")
    left = sorted(name for name, status in statuses.items() if status in NOT_KILLED)
    explained = {
        name: why
        for names, why in EXPLAINED.findall(TESTING.read_text(encoding="utf-8"))
        for name in re.findall(r"`([^`]+)`", names)
    }
    unexplained = [name for name in left if name not in explained]
    # an explanation of a mutant that no longer survives (a test kills it now, or the code it
    # changed is gone) would mislead the next reader
    stale = sorted(set(explained) - set(left))
    with SURVIVORS.open("w", encoding="utf-8") as out:
        out.write(f"# Surviving mutants of `make mutation`, {dt.date.today()}: {len(left)}\n")
        for name in left:
            diff = mutmut("show", name)
            body = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] != "+++"]
            out.write(f"\n## {name} ({statuses[name]})\n")
            out.write(f"explained: {explained.get(name, 'NOT EXPLAINED')}\n")
            out.write("\n".join(body) + "\n")
    table, total, not_killed = summary_table(statuses)
    met = not_killed <= BAR * total and not unexplained and not stale
    version = subprocess.run(
        [str(MUTMUT), "--version"], capture_output=True, text=True
    ).stdout.strip()
    text = f"""## Last run of `make mutation`

{dt.date.today()}, {version}, {machine()}, {seconds / 60:.0f} min. Mutants the tests did not
catch (survived, or no selected test reaches them) against all mutants of each module:

| module | mutants | killed | timed out (caught) | survived | no test | not caught |
|---|---:|---:|---:|---:|---:|---:|
{table}

Bar: at most {BAR:.0%} not caught, each explained below (**{"met" if met else "NOT met"}**:
{not_killed} of {total}, {len(unexplained)} unexplained, {len(stale)} explanations of mutants that
no longer survive). The mutants and their diffs: `mutation-survivors.txt`.
"""
    print(text)
    if unexplained:
        print("unexplained survivors:\n" + "\n".join(f"- `{name}`: " for name in unexplained))
    if stale:
        print("explained in TESTING.md but not surviving:\n" + "\n".join(stale))
    if not args.no_write:
        write_section(TESTING, "mutation", text)
        last.write_text(
            json.dumps({"total": total, "not_killed": not_killed, "met": met, "seconds": seconds}),
            encoding="utf-8",
        )
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
