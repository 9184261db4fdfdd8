"""SQLite through sqlite-utils: opening safely, backups, transactions, row reads.

Rules this module keeps:
- a file that is not a campmeeting database (not SQLite, damaged, another app's tables,
  or migrations this version does not know) is refused with `StoreError` and left
  byte-for-byte unchanged: it is inspected through a read-only connection first;
- opening is cheap whatever the file's size: the header, the file's length and the
  schema are checked, not every page. `check()` (`campmeeting check`) is the full
  integrity check; it also runs before pending migrations, which are refused on a
  damaged file;
- before pending migrations run on a database that has data, it is copied to a
  timestamped backup beside it;
- WAL, a busy timeout and foreign keys are on for every connection;
- every write of the app runs inside `Store.transaction()` and is committed when the
  block ends, before anything is shown; with `durable=False` (the clock's tick) the
  commit does not wait for the disk (synchronous=NORMAL): a killed process loses
  nothing, and a power cut at most the ticks since the last durable commit;
- closing a writable database runs `PRAGMA optimize` (bounded by `analysis_limit`),
  so the query planner keeps up with a growing file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from campmeeting.clock import SystemTime
from campmeeting.migrations import KNOWN_MIGRATIONS, migrations
from campmeeting.records import Event, Item, Meeting, Person, SectionRun, Team

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
NO_WAIT_TIMEOUT_MS = 15  # a frame: the clock's write never holds the screen longer
ANALYSIS_LIMIT = 400  # rows sampled per index by PRAGMA optimize on close
CHECKPOINT_SECONDS = 30.0  # how often the app's WAL is moved into the database file


class StoreError(Exception):
    """The database cannot be used; the message is one line for the user."""


class StoreBusy(Exception):
    """Another connection holds the write lock; nothing was written (try again later)."""


# --------------------------------------------------------------------------- opening


def placeholders(values: Collection[object]) -> str:
    """'?,?,?': one parameter mark per value, for `... in (...)`."""
    return ",".join("?" * len(values))


def _header_problem(path: Path, wal: Path) -> str | None:
    """What the 100-byte header says is wrong with the file, cheaply: a file shorter than
    the pages its header counts was cut off. (With a -wal file the count may be ahead of
    the file until the next checkpoint: then only SQLite itself can tell.)"""
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_HEADER):
        return "not an SQLite file"
    if len(header) < 100:
        return "cut off inside its header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    changes, pages, valid_for = (int.from_bytes(header[k : k + 4], "big") for k in (24, 28, 92))
    if pages and changes == valid_for and not wal.exists():
        if path.stat().st_size < pages * page_size:
            return f"cut off: {path.stat().st_size} bytes of {pages * page_size}"
    return None


def inspect_file(path: Path) -> tuple[bool, list[str]]:
    """Look at an existing file without changing it, and without reading every page.

    Returns (has_tables, applied campmeeting migrations). Raises StoreError for a file
    that is not SQLite, is visibly damaged, or belongs to something else.
    """
    wal = Path(str(path) + "-wal")
    problem = _header_problem(path, wal)
    if problem == "not an SQLite file":
        raise StoreError(f"{path}: not a campmeeting database (not an SQLite file); left unchanged")
    if problem:
        raise StoreError(
            f"{path}: the database is damaged ({problem}); left unchanged "
            "(`campmeeting check` examines it)"
        )
    try:
        conn = _peek(path, wal)
        try:
            names = [
                r[0] for r in conn.execute("select name from sqlite_master where type='table'")
            ]
            applied = [m.name for m in migrations.applied(sqlite_utils.Database(conn))]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"{path}: the database is damaged ({error}); left unchanged "
            "(`campmeeting check` examines it)"
        ) from None
    if names and not applied:
        raise StoreError(
            f"{path}: not a campmeeting database (it holds other tables: "
            f"{', '.join(sorted(names)[:5])}); left unchanged"
        )
    unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
    if unknown:
        raise StoreError(
            f"{path}: made by a newer campmeeting (unknown migrations: {', '.join(unknown)}); "
            "upgrade campmeeting to open it; left unchanged"
        )
    return bool(names), applied


def _peek(path: Path, wal: Path) -> sqlite3.Connection:
    """A read-only connection that writes nothing beside the file. immutable=1: SQLite
    reads the file as it is (no -shm). A database in WAL mode may have committed pages in
    its -wal file, so immutable only when there is none; otherwise a plain read-only
    open."""
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def integrity_problems(path: Path, limit: int = 20) -> list[str]:
    """The full integrity check of a database file (every page, every index), read-only
    and leaving the file as it is: [] when sound, else SQLite's findings (at most
    `limit`). Raises StoreError when the file is not SQLite at all."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    wal = Path(str(path) + "-wal")
    problem = _header_problem(path, wal)
    if problem == "not an SQLite file":
        raise StoreError(f"{path}: not a campmeeting database (not an SQLite file)")
    if problem:
        return [problem]
    try:
        conn = _peek(path, wal)
        try:
            found = _findings(conn, limit)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return found


def _findings(conn: sqlite3.Connection, limit: int) -> list[str]:
    """PRAGMA integrity_check, each finding on one line; [] for "ok" (SQLite may also
    stop at a page too damaged to read: that is its finding)."""
    try:
        rows = conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    found = [" ".join(str(row[0]).split()) for row in rows]
    return [] if found == ["ok"] else found


def backup_path_for(path: Path, stamp: datetime) -> Path:
    return path.with_name(f"{path.stem}.backup-{stamp.strftime('%Y%m%dT%H%M%S')}{path.suffix}")


def _backup(path: Path, stamp: datetime) -> Path:
    target = backup_path_for(path, stamp)
    counter = 1
    while target.exists():
        target = target.with_name(f"{target.stem}-{counter}{target.suffix}")
        counter += 1
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


class Checkpointer:
    """Moves the WAL into the database file from a thread of its own, with a connection of
    its own, every `seconds` (PRAGMA wal_checkpoint(PASSIVE)): the copy and its flush to
    the disk never happen inside a commit of the app."""

    def __init__(self, path: Path, seconds: float = CHECKPOINT_SECONDS) -> None:
        self.path = path
        self.seconds = seconds
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="campmeeting-wal", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.wait(self.seconds):
            self.checkpoint()

    def checkpoint(self) -> tuple[int, int, int] | None:
        """One passive checkpoint: (busy, frames in the WAL, frames moved), None on error
        (the next round tries again)."""
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            return None
        return (int(row[0]), int(row[1]), int(row[2])) if row else None

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=BUSY_TIMEOUT_MS / 1000)


class Store:
    """One open campmeeting database."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None, readonly: bool) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly
        self.backup: Path | None = None
        self.checkpointer: Checkpointer | None = None
        self._closed = False

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path, *, now: datetime | None = None, background_checkpoints: bool = False
    ) -> Store:
        """Open (creating or migrating) a database for reading and writing.

        With `background_checkpoints` (the app, which stays open for hours), no commit
        moves the WAL into the database file itself: a thread of the store does it every
        few seconds (PASSIVE: it never waits for, nor blocks, a reader or a writer), so a
        capture never waits for a checkpoint."""
        path = Path(path)
        backup = None
        if path.exists() and path.stat().st_size > 0:
            has_tables, applied = inspect_file(path)
            pending = [m for m in KNOWN_MIGRATIONS if m not in applied]
            if pending and has_tables:
                problems = integrity_problems(path, limit=1)  # never migrate a damaged file
                if problems:
                    raise StoreError(
                        f"{path}: the database is damaged ({problems[0]}); not upgraded, "
                        "left unchanged"
                    )
                stamp = now or SystemTime().now().astimezone()  # local time, for the file name
                backup = _backup(path, stamp)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(path, check_same_thread=False)
            _configure(conn)
            db = sqlite_utils.Database(conn)
            with db.ensure_autocommit_on():
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
            migrations.apply(db)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: cannot open the database ({error})") from None
        store = cls(db, path, readonly=False)
        store.backup = backup
        if background_checkpoints:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
            store.checkpointer = Checkpointer(path)
        return store

    @classmethod
    def open_readonly(cls, path: str | Path) -> Store:
        """Open an existing database so that no write can succeed (review, export)."""
        path = Path(path)
        if not path.exists():
            raise StoreError(f"{path}: no such database")
        _has_tables, applied = inspect_file(path)
        if [m for m in KNOWN_MIGRATIONS if m not in applied]:
            raise StoreError(
                f"{path}: this database needs an upgrade; open it once with "
                "`campmeeting` (which backs it up first) before reviewing it"
            )
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            _configure(conn)
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: cannot open the database ({error})") from None
        return cls(sqlite_utils.Database(conn), path, readonly=True)

    @classmethod
    def memory(cls) -> Store:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _configure(conn)
        db = sqlite_utils.Database(conn)
        migrations.apply(db)
        return cls(db, None, readonly=False)

    def close(self) -> None:
        """Close; a writable file first gets `PRAGMA optimize` (statistics for the query
        planner, sampled: bounded however large the file). Closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        if self.checkpointer is not None:
            self.checkpointer.stop()
        if not self.readonly and self.path is not None:
            try:
                self.db.conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                self.db.conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # busy or locked: the next close does it
        self.db.close()

    def check(self, limit: int = 20) -> list[str]:
        """The full integrity check of the open database: [] when sound."""
        return _findings(self.db.conn, limit)

    # -- transactions ----------------------------------------------------------------

    @contextmanager
    def transaction(
        self, wait: bool = True, durable: bool = True
    ) -> Iterator[sqlite_utils.Database]:
        """One atomic write: committed when the block ends, rolled back on error.

        With `wait=False` (the clock's once-a-second write), the write lock is awaited
        for a few milliseconds only: when another connection holds it, `StoreBusy` is
        raised and nothing is written, so the screen never freezes behind a writer.

        With `durable=False` the commit is not flushed to the disk (synchronous=NORMAL:
        atomic, and safe when the process is killed; a power cut may lose it, not what
        came before it). The next durable commit flushes it too (the WAL is written in
        order). For the clock's tick: every item is written durably."""
        if self.readonly:
            raise StoreError("this database is open read-only")
        if self.db.conn.in_transaction:  # nested: a savepoint
            with self.db.atomic() as db:
                yield db
            return
        if not durable:
            with self._synchronous("NORMAL"), self.transaction(wait) as db:
                yield db
            return
        # BEGIN IMMEDIATE takes the write lock first, waiting up to the busy timeout. A
        # plain (deferred) BEGIN that reads before it writes holds a snapshot; if another
        # connection commits meanwhile (the meeting's tick, `campmeeting add` in a second
        # terminal), WAL refuses the write at once with "database is locked".
        if wait:
            self.db.conn.execute("BEGIN IMMEDIATE")
        else:
            self.db.conn.execute(f"PRAGMA busy_timeout = {NO_WAIT_TIMEOUT_MS}")
            try:
                self.db.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    raise StoreBusy(str(error)) from None
                raise
            finally:
                self.db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        try:
            self.db.conn.execute("COMMIT")
        except BaseException:
            self.db.rollback()
            raise

    @contextmanager
    def _synchronous(self, level: str) -> Iterator[None]:
        self.db.conn.execute(f"PRAGMA synchronous = {level}")
        try:
            yield
        finally:
            self.db.conn.execute("PRAGMA synchronous = FULL")

    def insert(self, table: str, record: dict[str, Any]) -> int:
        cursor = self.db.execute(
            f"INSERT INTO [{table}] ({', '.join(f'[{k}]' for k in record)}) "
            f"VALUES ({', '.join('?' for _ in record)})",
            list(record.values()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update(self, table: str, row_id: int, changes: dict[str, Any]) -> None:
        self.db.execute(
            f"UPDATE [{table}] SET {', '.join(f'[{k}] = ?' for k in changes)} WHERE id = ?",
            [*changes.values(), row_id],
        )

    def record_event(
        self,
        item_id: int,
        type: str,
        at: str,
        meeting_id: int | None = None,
        from_status: str | None = None,
        to_status: str | None = None,
        **detail: Any,
    ) -> int:
        return self.insert(
            "events",
            {
                "item_id": item_id,
                "meeting_id": meeting_id,
                "at": at,
                "type": type,
                "from_status": from_status,
                "to_status": to_status,
                "detail": json.dumps(detail, ensure_ascii=False) if detail else None,
            },
        )

    # -- reads -----------------------------------------------------------------------

    def rows(
        self, sql: str, params: list[Any] | dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Every row of a read, as dicts (one statement: no savepoint around a read)."""
        cursor = self.db.conn.execute(sql, params or [])
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def row(
        self, sql: str, params: list[Any] | dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        cursor = self.db.conn.execute(sql, params or [])
        values = cursor.fetchone()
        if values is None:
            return None
        return dict(zip([column[0] for column in cursor.description], values, strict=True))

    def data_version(self) -> int:
        """Changes when another connection commits (PRAGMA data_version): poll to follow."""
        return int(self.scalar("PRAGMA data_version"))

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        result = self.db.execute(sql, params or []).fetchone()
        return result[0] if result else None

    # teams and people

    def teams(self) -> list[Team]:
        return [Team.from_row(r) for r in self.rows("select * from teams order by name")]

    def team(self, team_id: int) -> Team:
        found = self.row("select * from teams where id = ?", [team_id])
        if found is None:
            raise StoreError(f"no team with id {team_id}")
        return Team.from_row(found)

    def team_by_name(self, name: str) -> Team | None:
        found = self.row("select * from teams where name = ? collate nocase", [name.strip()])
        return Team.from_row(found) if found else None

    def person(self, person_id: int) -> Person:
        found = self.row("select * from people where id = ?", [person_id])
        if found is None:
            raise StoreError(f"no person with id {person_id}")
        return Person.from_row(found)

    def person_by_handle(self, handle: str) -> Person | None:
        found = self.row(
            "select * from people where handle = ? collate nocase", [handle.lstrip("@")]
        )
        return Person.from_row(found) if found else None

    def person_by_name(self, name: str) -> Person | None:
        found = self.row("select * from people where name = ? collate nocase", [name.strip()])
        return Person.from_row(found) if found else None

    def members(self, team_id: int) -> list[Person]:
        return [
            Person.from_row(r)
            for r in self.rows(
                "select people.* from people join memberships on people.id = person_id "
                "where team_id = ? order by people.name collate nocase",
                [team_id],
            )
        ]

    # meetings

    def meeting(self, meeting_id: int) -> Meeting:
        found = self.row("select * from meetings where id = ?", [meeting_id])
        if found is None:
            raise StoreError(f"no meeting with id {meeting_id}")
        return Meeting.from_row(found)

    def find_meeting(self, meeting_id: int) -> Meeting | None:
        found = self.row("select * from meetings where id = ?", [meeting_id])
        return Meeting.from_row(found) if found else None

    def live_meeting(self, team_id: int) -> Meeting | None:
        found = self.row("select * from meetings where team_id = ? and status = 'live'", [team_id])
        return Meeting.from_row(found) if found else None

    def last_meeting(self, team_id: int, status: str | None = None) -> Meeting | None:
        sql = "select * from meetings where team_id = ?"
        params: list[Any] = [team_id]
        if status:
            sql += " and status = ?"
            params.append(status)
        found = self.row(sql + " order by started_at desc, id desc limit 1", params)
        return Meeting.from_row(found) if found else None

    def meetings(self, team_id: int | None = None, limit: int | None = None) -> list[Meeting]:
        sql = "select * from meetings"
        params: list[Any] = []
        if team_id is not None:
            sql += " where team_id = ?"
            params.append(team_id)
        sql += " order by started_at desc, id desc"
        if limit:
            sql += f" limit {int(limit)}"
        return [Meeting.from_row(r) for r in self.rows(sql, params)]

    def recent_meeting_dates(self, team_id: int, limit: int) -> list[date]:
        """The dates of the team's last `limit` meetings, newest first."""
        return [
            date.fromisoformat(r["date"])
            for r in self.rows(
                "select date from meetings where team_id = ? order by date desc limit ?",
                [team_id, limit],
            )
        ]

    def section_runs(self, meeting_id: int) -> list[SectionRun]:
        return [
            SectionRun.from_row(r)
            for r in self.rows(
                "select * from section_runs where meeting_id = ? order by position", [meeting_id]
            )
        ]

    def count_open(self, team_id: int, kind: str) -> int:
        """Open items of one kind of a team (an indexed count: items_team_kind_status)."""
        return int(
            self.scalar(
                "select count(*) from items where team_id = ? and kind = ? and status = 'open'",
                [team_id, kind],
            )
        )

    def item(self, item_id: int) -> Item:
        found = self.row("select * from items where id = ?", [item_id])
        if found is None:
            raise StoreError(f"no item with id {item_id}")
        return Item.from_row(found)

    def events(self, item_id: int) -> list[Event]:
        return [
            Event.from_row(r)
            for r in self.rows("select * from events where item_id = ? order by id", [item_id])
        ]
