"""Fault injection without a real disk: make a Store's writes fail as a full or failing
disk would, then let them succeed again. For core tests and Pilot tests alike.

    with disk_full(store):                       # SQLITE_FULL on any write that grows
        ...                                      # the file (PRAGMA max_page_count)
    with failing(store, at=COMMIT) as fault:     # "disk I/O error" at every COMMIT
        ...
    with failing(store, at=nth(3)) as fault:     # ... at the 3rd statement only
        ...
    fault.count                                  # how many statements failed

`failing` swaps the store's connection for a `FaultyConnection` that passes everything
through to the real one except the statements chosen by `at`, which raise the error
(by default an sqlite3.OperationalError like SQLite's SQLITE_IOERR). The real
connection is put back when the block ends, so "the fault clears" is the end of the
block: the same Store (and the same app) must then work without a restart.

`integrity(store)` is PRAGMA integrity_check's answer; `dump(store)` every row, to show
that a failed write changed nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from campmeeting.store import Store

Selector = Callable[[str, int], bool]  # (sql, 1-based statement number) -> fail it?


def COMMIT(sql: str, number: int) -> bool:  # noqa: N802 (reads as a constant)
    return sql.strip().upper().startswith("COMMIT")


def nth(wanted: int) -> Selector:
    """Only the `wanted`-th statement run while the fault is armed."""
    return lambda sql, number: number == wanted


def writes(sql: str, number: int) -> bool:
    """Every statement that writes (not SELECT, PRAGMA, BEGIN, ROLLBACK or SAVEPOINT)."""
    word = sql.strip().split(None, 1)[0].upper() if sql.strip() else ""
    return word in ("INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT", "RELEASE")


def io_error() -> Exception:
    return sqlite3.OperationalError("disk I/O error")


def full_error() -> Exception:
    return sqlite3.OperationalError("database or disk is full")


@dataclass
class Fault:
    at: Selector
    error: Callable[[], Exception] = io_error
    armed: bool = True
    statements: int = 0  # run while armed
    count: int = 0  # failed
    failed_sql: list[str] = field(default_factory=list)
    commits: int = 0  # COMMITs that went through while armed


class FaultyConnection:
    """A sqlite3.Connection stand-in: every attribute is the real connection's, but
    `execute` raises the fault's error for the statements it selects. Rollback always
    goes through, as it does on a real failing disk (the journal undoes the write)."""

    def __init__(self, conn: sqlite3.Connection, fault: Fault) -> None:
        self._conn = conn
        self._fault = fault

    def execute(self, sql: str, *params: Any) -> sqlite3.Cursor:
        fault = self._fault
        if fault.armed and not sql.strip().upper().startswith("ROLLBACK"):
            fault.statements += 1
            if fault.at(sql, fault.statements):
                fault.count += 1
                fault.failed_sql.append(sql)
                raise fault.error()
        cursor = self._conn.execute(sql, *params)
        if fault.armed and COMMIT(sql, 0):
            fault.commits += 1
        return cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextmanager
def failing(
    store: Store, at: Selector = COMMIT, error: Callable[[], Exception] = io_error
) -> Iterator[Fault]:
    """Statements selected by `at` fail with `error` until the block ends."""
    fault = Fault(at, error)
    real = store.db.conn
    store.db.conn = FaultyConnection(real, fault)
    try:
        yield fault
    finally:
        fault.armed = False
        store.db.conn = real


@contextmanager
def disk_full(store: Store) -> Iterator[None]:
    """SQLite's own SQLITE_FULL ("database or disk is full") for any write that needs a
    new page, until the block ends: the file may not grow past its current size."""
    conn = store.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    before = conn.execute("PRAGMA max_page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA max_page_count = {before}")


def integrity(store: Store) -> str:
    return "; ".join(row[0] for row in store.db.conn.execute("PRAGMA integrity_check"))


def dump(store: Store) -> list[str]:
    """Every row of the database (the schema and data, as SQL)."""
    return list(store.db.conn.iterdump())
