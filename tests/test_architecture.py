"""Rules that keep campmeeting changeable (ARCHITECTURE.md), checked on the source.

- Time comes from clock.py: no other module reads the system clock, so tests can run
  a 90-minute meeting in milliseconds.
- The core never imports textual (also enforced by the import-linter contract, which
  `make test` runs; this check names the offending line when it fails).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import campmeeting

PACKAGE = Path(campmeeting.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "clock.py")
CORE = [p for p in MODULES if "tui" not in p.relative_to(PACKAGE).parts]
# receiver -> the calls on it that read the system clock
CLOCK_CALLS = {
    "datetime": {"now", "today", "utcnow"},
    "date": {"today"},
    "time": {"time", "monotonic", "perf_counter", "time_ns", "localtime"},
}


def clock_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """`datetime.now()`, `date.today()`, `time.time()` ... (also `datetime.datetime.now()`)."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = node.func.value
        name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
        if node.func.attr in CLOCK_CALLS.get(name, ()):
            found.append((node.lineno, f"{name}.{node.func.attr}"))
    return found


def test_the_clock_check_finds_clock_reads() -> None:
    tree = ast.parse("datetime.now()\ndate.today()\ntime.monotonic()\ndatetime.max.time()")
    assert [name for _line, name in clock_reads(tree)] == [
        "datetime.now",
        "date.today",
        "time.monotonic",
    ]


def test_the_rules_see_every_module() -> None:
    names = {p.stem for p in MODULES}
    assert {"live", "store", "capture", "rules", "build", "app"} <= names
    assert len(CORE) < len(MODULES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_but_clock_reads_the_system_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offending = clock_reads(tree)
    assert offending == [], f"{path.name} reads the clock at {offending}; use a TimeSource"


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_never_imports_textual(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names
    }
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] == "textual"}


# --------------------------------------------------------------------------- screens run no SQL

TUI = [p for p in MODULES if "tui" in p.relative_to(PACKAGE).parts]
# calls that run SQL through the store or a connection (DOM `query()` is Textual's, fine)
SQL_CALLS = {"execute", "executemany", "executescript", "rows", "row", "scalar", "query_row"}
SQL_TEXT = __import__("re").compile(
    r"\b(select\s.+\sfrom|insert\s+into|update\s+\w+\s+set|delete\s+from|pragma\s)\b", 2
)


def sql_in(tree: ast.AST) -> list[tuple[int, str]]:
    """Calls like `store.rows(...)` / `db.execute(...)`, and SQL in string literals."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in SQL_CALLS:
                found.append((node.lineno, f".{node.func.attr}()"))
        elif isinstance(node, ast.Attribute) and node.attr in ("db", "conn"):
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_TEXT.search(node.value):
                found.append((node.lineno, node.value[:40]))
    return found


def test_the_sql_check_finds_sql() -> None:
    tree = ast.parse("store.rows('x')\nq = 'select id from items'\nself.query('#x')\nstore.db")
    assert [line for line, _what in sql_in(tree)] == [1, 2, 4]


@pytest.mark.parametrize("path", TUI, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_screens_run_no_sql(path: Path) -> None:
    found = sql_in(ast.parse(path.read_text(encoding="utf-8")))
    assert found == [], f"{path.name} runs SQL at {found}; ask the core instead"


# --------------------------------------------------------------------------- room sizes

MAX_LINES = 600


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_a_crowded_room(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by concern"
