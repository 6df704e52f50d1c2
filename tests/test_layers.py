"""The code's layers, read from the source with `ast`: imports run only downward, no module imports
another in a circle, Streamlit only in the dashboard, no SQL in the faces, no file writes in the
engine, no module over 800 lines. The checks are run on the project and, to show they can fail, on
small trees made here that break each rule."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

# package → the packages of ours it may import (besides itself); the README's layout section
ALLOWED = {
    "store": set(),
    "loaders": {"store"},
    "engine": {"store"},
    "presentation": {"store", "engine"},
    "exports": {"store", "engine", "presentation"},
    "cli": {"store", "loaders", "engine", "presentation", "exports"},
    "dashboard": {"store", "loaders", "engine", "presentation", "exports"},
}
FACES = ("presentation", "exports", "cli", "dashboard")  # no SQL text here
READ_ONLY = ("engine",)  # writes no files
MAX_LINES = 800
SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|VIEW|OR))\b")
FILE_WRITERS = {"write_text", "write_bytes", "to_csv", "to_excel", "to_parquet", "savefig", "save"}


def modules(root: Path, packages=tuple(ALLOWED)) -> dict[str, Path]:
    """Every module of our packages under `root`: dotted name → file."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def import_graph(root: Path, packages=tuple(ALLOWED)) -> dict[str, dict[str, int]]:
    """module → {imported module of ours: line}, counting imports anywhere in the file (inside
    functions too: a lazy import still runs)."""
    known = modules(root, packages)
    graph: dict[str, dict[str, int]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: dict[str, int] = {}
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in known else base)
            for target in targets:
                while target and target not in known and "." in target:
                    target = target.rpartition(".")[0]
                if target in known and target != name:
                    edges.setdefault(target, node.lineno)
        graph[name] = edges
    return graph


def layer_violations(graph: dict[str, dict[str, int]]) -> list[str]:
    """Imports that run upward or sideways between packages."""
    problems = []
    for module, edges in graph.items():
        own = module.split(".")[0]
        for target, line in edges.items():
            other = target.split(".")[0]
            if other != own and other not in ALLOWED[own]:
                problems.append(f"{module}:{line} imports {target} ({own} may not import {other})")
    return problems


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def streamlit_outside_dashboard(root: Path, packages=tuple(ALLOWED)) -> list[str]:
    problems = []
    for name, path in modules(root, packages).items():
        if name.split(".")[0] == "dashboard":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                problems.append(f"{name}:{node.lineno} imports streamlit")
    return problems


def sql_in_faces(root: Path, packages=tuple(ALLOWED)) -> list[str]:
    problems = []
    for name, path in modules(root, packages).items():
        if name.split(".")[0] not in FACES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and SQL.search(text):
                problems.append(f"{name}:{node.lineno} holds SQL text")
    return problems


def file_writes(root: Path, packages=tuple(ALLOWED)) -> list[str]:
    """Calls that write files in a read-only package: open(..., 'w'/'a'/'x'), .write_text(),
    .to_csv() and the like."""
    problems = []
    for name, path in modules(root, packages).items():
        if name.split(".")[0] not in READ_ONLY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in FILE_WRITERS:
                problems.append(f"{name}:{node.lineno} calls .{func.attr}()")
            opener = (isinstance(func, ast.Name) and func.id == "open") or (
                isinstance(func, ast.Attribute) and func.attr == "open"
            )
            if opener:
                mode = node.args[1] if len(node.args) > 1 else None
                mode = next((k.value for k in node.keywords if k.arg == "mode"), mode)
                if isinstance(mode, ast.Constant) and set(str(mode.value)) & set("wax+"):
                    problems.append(f"{name}:{node.lineno} opens a file to write")
    return problems


def long_modules(root: Path, packages=tuple(ALLOWED)) -> list[str]:
    return [
        f"{name}: {count} lines"
        for name, path in modules(root, packages).items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]


# -- the project ---------------------------------------------------------------------------------
def test_every_package_is_checked():
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"benchmarks"}
    assert on_disk == set(ALLOWED), "a new package needs its place in ALLOWED and the README"


def test_imports_run_only_downward():
    assert layer_violations(import_graph(ROOT)) == []


def test_no_import_cycles():
    assert cycles(import_graph(ROOT)) == []


def test_streamlit_only_in_the_dashboard():
    assert streamlit_outside_dashboard(ROOT) == []


def test_no_sql_in_the_faces():
    assert sql_in_faces(ROOT) == []


def test_the_engine_writes_no_files():
    assert file_writes(ROOT) == []


def test_no_module_over_800_lines():
    assert long_modules(ROOT, (*ALLOWED, "tests", "benchmarks")) == []


def test_readme_layout_matches_the_tree():
    """Every package (and the folders beside them) has its line in the README's layout section,
    and the section names no package that does not exist."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^- `([a-z_]+)/`", section, flags=re.MULTILINE))
    folders = set(ALLOWED) | {"data", "tests", "benchmarks"}
    assert listed == folders


def test_readme_layout_names_every_module():
    """Each package's line in the README names every module in it (`demo/` for a sub-package),
    and no module that is not there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    lines = re.split(r"^- (?=`[a-z_]+/`)", section, flags=re.MULTILINE)[1:]
    for package in ALLOWED:
        text = next(line for line in lines if line.startswith(f"`{package}/`"))
        found = re.findall(r"`([a-z_]+(?:/|\.py|\.sql)?)`", text)
        named = {n.removesuffix(".py").removesuffix(".sql") for n in found}
        here = {p.stem for p in (ROOT / package).glob("*.py") if p.stem != "__init__"}
        here |= {p.parent.name + "/" for p in (ROOT / package).glob("*/__init__.py")}
        here |= {p.stem for p in (ROOT / package).glob("*.sql")}
        if (ROOT / package / "views").is_dir():
            here.add("views/")
        mentioned = named - {f"{package}/", *ALLOWED}
        assert here - mentioned == set(), f"{package}: modules the README does not name"
        words = {"tracker"}  # the command's name, not a module
        assert mentioned - here <= words, f"{package}: the README names modules that do not exist"


def test_benchmarks_do_not_import_test_code():
    helpers = {p.stem for p in (ROOT / "tests").rglob("*.py")}
    for path in (ROOT / "benchmarks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level:
                assert (node.module or "").split(".")[0] not in helpers | {"tests"}, path.name


def test_package_docstrings_say_what_they_may_import():
    for package, allowed in ALLOWED.items():
        doc = ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text("utf-8")))
        assert doc and "May import" in doc, package
        said = doc.split("May import", 1)[1]
        for other in allowed:
            assert f"`{other}`" in said, (package, other)


# -- the checks fail when a rule is broken --------------------------------------------------------
def _tree(root: Path, files: dict[str, str]) -> Path:
    for package in ALLOWED:
        (root / package).mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").write_text('"""x"""\n')
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_loader_importing_the_engine_is_caught(tmp_path):
    root = _tree(
        tmp_path,
        {
            "engine/status.py": "x = 1\n",
            "loaders/spending.py": "def f():\n    from engine.status import x\n",
            "dashboard/page.py": "from engine import status\n",
        },
    )
    problems = layer_violations(import_graph(root))
    assert problems == ["loaders.spending:2 imports engine.status (loaders may not import engine)"]


def test_a_cycle_is_caught(tmp_path):
    root = _tree(
        tmp_path,
        {
            "loaders/records.py": "from loaders.spending import stage\n",
            "loaders/spending.py": "from loaders import records\nstage = 1\n",
            "loaders/base.py": "from loaders import records\n",
        },
    )
    assert cycles(import_graph(root)) == [["loaders.records", "loaders.spending"]]


def test_streamlit_outside_the_dashboard_is_caught(tmp_path):
    root = _tree(
        tmp_path,
        {
            "exports/pack.py": "import streamlit as st\n",
            "engine/rules.py": "from streamlit.runtime import x\n",
            "dashboard/ui.py": "import streamlit as st\n",
        },
    )
    assert streamlit_outside_dashboard(root) == [
        "engine.rules:1 imports streamlit",
        "exports.pack:1 imports streamlit",
    ]


def test_sql_in_a_page_and_writes_in_the_engine_are_caught(tmp_path):
    root = _tree(
        tmp_path,
        {
            "dashboard/views/page.py": "q = 'SELECT * FROM projects'\n",
            "engine/queries.py": "q = 'SELECT * FROM projects'\n",
            "engine/out.py": "def f(p, df):\n    p.write_text('x')\n    open(p, 'w')\n",
        },
    )
    assert sql_in_faces(root) == ["dashboard.views.page:1 holds SQL text"]
    assert file_writes(root) == [
        "engine.out:2 calls .write_text()",
        "engine.out:3 opens a file to write",
    ]


@pytest.mark.parametrize("lines, expected", [(800, []), (801, ["store.db: 801 lines"])])
def test_a_long_module_is_caught(tmp_path, lines, expected):
    root = _tree(tmp_path, {"store/db.py": "x = 1\n" * lines})
    assert long_modules(root) == expected
