"""SQLite through sqlite-utils: opening safely, backups, transactions, row reads.

Rules this module keeps:
- a file that is not a campmeeting database (not SQLite, damaged, another app's tables,
  or migrations this version does not know) is refused with `StoreError` and left
  byte-for-byte unchanged: it is inspected through a read-only connection first;
- before pending migrations run on a database that has data, it is copied to a
  timestamped backup beside it;
- WAL, a busy timeout and foreign keys are on for every connection;
- every write of the app runs inside `Store.transaction()` and is committed when the
  block ends, before anything is shown.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


class StoreError(Exception):
    """The database cannot be used; the message is one line for the user."""


class StoreBusy(Exception):
    """Another connection holds the write lock; nothing was written (try again later)."""


# --------------------------------------------------------------------------- opening


def _inspect(path: Path) -> tuple[bool, list[str]]:
    """Look at an existing file without changing it.

    Returns (has_tables, applied campmeeting migrations). Raises StoreError for a file
    that is not SQLite, is damaged, or belongs to something else.
    """
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: not a campmeeting database (not an SQLite file); left unchanged")
    # immutable=1: SQLite reads the file as it is and writes nothing beside it (no -shm).
    # A database in WAL mode may have committed pages in its -wal file, so only use
    # immutable when there is no -wal file; otherwise a plain read-only open.
    wal = Path(str(path) + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    uri = f"{path.resolve().as_uri()}?{flags}"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            names = [
                r[0] for r in conn.execute("select name from sqlite_master where type='table'")
            ]
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(f"{path}: the database is damaged ({check}); left unchanged")
            applied = [m.name for m in migrations.applied(sqlite_utils.Database(conn))]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: the database is damaged ({error}); left unchanged") from None
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


@dataclass(frozen=True)
class BackupDone:
    """A backup written by `backup_to`: where, how big, what it holds."""

    path: Path
    size: int
    meetings: int
    items: int

    def summary(self) -> str:
        size = f"{self.size / 1_000_000:.1f} MB" if self.size >= 100_000 else f"{self.size} bytes"
        meetings = f"{self.meetings} meeting{'' if self.meetings == 1 else 's'}"
        items = f"{self.items} item{'' if self.items == 1 else 's'}"
        return f"{size}; {meetings}, {items}; integrity ok"


def backup_to(path: Path, target: Path, *, force: bool = False) -> BackupDone:
    """`campmeeting backup`: a consistent copy of the database at `target`, safe while a
    meeting is live and others write (SQLite's online backup API, in one step: one
    read snapshot; in WAL mode writers go on meanwhile). The copy is written beside its
    target and renamed into place once checked, so a failed backup leaves nothing
    half-written; it is a single file (no -wal) with the database's permissions.

    Refuses (StoreError, nothing written) a missing or foreign database, a target
    whose folder does not exist, a folder, the database itself, and an existing file
    unless `force`."""
    path, target = Path(path), Path(target).expanduser()
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    folder = target.parent
    if target.is_dir():
        raise StoreError(f"{target}: is a folder; give the backup's file name")
    if not folder.is_dir():
        raise StoreError(f"{target}: the folder {folder} does not exist; nothing was written")
    if target.exists():
        if os.path.samefile(path, target):
            raise StoreError(f"{target}: that is the database itself; back it up elsewhere")
        if not force:
            raise StoreError(f"{target} exists already; --force replaces it; nothing was written")
    _inspect(path)  # a campmeeting database (of any version), not damaged
    partial = folder / f".{target.name}.{os.getpid()}.partial"
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)  # pages=-1: the whole file from one snapshot
                dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                check = dest.execute("PRAGMA integrity_check").fetchone()[0]
                meetings = dest.execute("select count(*) from meetings").fetchone()[0]
                items = dest.execute("select count(*) from items").fetchone()[0]
            finally:
                dest.close()
        finally:
            source.close()
        if check != "ok":
            raise StoreError(f"{path}: the copy failed its integrity check ({check})")
        os.chmod(partial, stat.S_IMODE(path.stat().st_mode))
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: backup failed ({error}); nothing was written") from None
    except OSError as error:
        raise StoreError(f"{target}: backup failed ({error.strerror or error})") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupDone(target, target.stat().st_size, meetings, items)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


class Store:
    """One open campmeeting database."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None, readonly: bool) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly
        self.backup: Path | None = None

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, now: datetime | None = None) -> Store:
        """Open (creating or migrating) a database for reading and writing."""
        path = Path(path)
        backup = None
        if path.exists() and path.stat().st_size > 0:
            has_tables, applied = _inspect(path)
            pending = [m for m in KNOWN_MIGRATIONS if m not in applied]
            if pending and has_tables:
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
        return store

    @classmethod
    def open_readonly(cls, path: str | Path) -> Store:
        """Open an existing database so that no write can succeed (review, export)."""
        path = Path(path)
        if not path.exists():
            raise StoreError(f"{path}: no such database")
        _has_tables, applied = _inspect(path)
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
        self.db.close()

    # -- transactions ----------------------------------------------------------------

    @contextmanager
    def transaction(self, wait: bool = True) -> Iterator[sqlite_utils.Database]:
        """One atomic write: committed when the block ends, rolled back on error.

        With `wait=False` (the clock's once-a-second write), the write lock is awaited
        for a few milliseconds only: when another connection holds it, `StoreBusy` is
        raised and nothing is written, so the screen never freezes behind a writer."""
        if self.readonly:
            raise StoreError("this database is open read-only")
        if self.db.conn.in_transaction:  # nested: a savepoint
            with self.db.atomic() as db:
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
