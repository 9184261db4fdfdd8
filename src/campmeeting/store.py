"""SQLite through sqlite-utils: opening safely, migrations, transactions, row models.

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
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from pydantic import BaseModel

from campmeeting.clock import SystemTime

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATION_SET = "campmeeting"
BUSY_TIMEOUT_MS = 5000

migrations = sqlite_utils.Migrations(MIGRATION_SET)


class StoreError(Exception):
    """The database cannot be used; the message is one line for the user."""


# --------------------------------------------------------------------------- schema

_INITIAL_SCHEMA = [
    """CREATE TABLE teams (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        cadence TEXT,
        cadence_start TEXT,
        agenda TEXT NOT NULL DEFAULT 'camp',
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        handle TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE memberships (
        team_id INTEGER NOT NULL REFERENCES teams(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        PRIMARY KEY (team_id, person_id)
    )""",
    """CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        team_id INTEGER NOT NULL REFERENCES teams(id),
        status TEXT NOT NULL CHECK (status IN ('live', 'ended')),
        date TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        facilitator_id INTEGER REFERENCES people(id),
        agenda_name TEXT NOT NULL,
        agenda_json TEXT NOT NULL,
        current_position INTEGER NOT NULL DEFAULT 0,
        paused INTEGER NOT NULL DEFAULT 0,
        focus_item_id INTEGER,
        next_meeting_at TEXT,
        heartbeat_at TEXT
    )""",
    "CREATE UNIQUE INDEX meetings_one_live_per_team ON meetings(team_id) WHERE status = 'live'",
    "CREATE INDEX meetings_team_date ON meetings(team_id, date)",
    """CREATE TABLE section_runs (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        prompt TEXT,
        planned_seconds REAL NOT NULL,
        actual_seconds REAL NOT NULL DEFAULT 0,
        started_at TEXT,
        ended_at TEXT,
        UNIQUE (meeting_id, position)
    )""",
    """CREATE TABLE attendance (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        present INTEGER NOT NULL DEFAULT 1,
        rating INTEGER CHECK (rating BETWEEN 1 AND 10),
        PRIMARY KEY (meeting_id, person_id)
    )""",
    """CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        team_id INTEGER NOT NULL REFERENCES teams(id),
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL,
        owner_id INTEGER REFERENCES people(id),
        due_date TEXT,
        blocker_id INTEGER REFERENCES items(id),
        target_team_id INTEGER REFERENCES teams(id),
        origin_item_id INTEGER REFERENCES items(id),
        created_meeting_id INTEGER REFERENCES meetings(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        rank REAL,
        reason TEXT
    )""",
    "CREATE INDEX items_team_kind_status ON items(team_id, kind, status)",
    "CREATE INDEX items_target_kind_status ON items(target_team_id, kind, status)",
    "CREATE INDEX items_created_meeting ON items(created_meeting_id)",
    "CREATE INDEX items_blocker ON items(blocker_id)",
    "CREATE INDEX items_owner ON items(owner_id)",
    "CREATE INDEX items_origin ON items(origin_item_id)",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items(id),
        meeting_id INTEGER REFERENCES meetings(id),
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT,
        detail TEXT
    )""",
    "CREATE INDEX events_item ON events(item_id)",
    "CREATE INDEX events_meeting_type ON events(meeting_id, type)",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        item_id INTEGER NOT NULL REFERENCES items(id),
        outcome TEXT CHECK (outcome IN ('done', 'rescoped', 'abandoned', 'open')),
        at TEXT,
        UNIQUE (meeting_id, item_id)
    )""",
    "CREATE INDEX reviews_item ON reviews(item_id)",
]


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    for statement in _INITIAL_SCHEMA:
        db.execute(statement)


@migrations()
def m002_items_fts(db: sqlite_utils.Database) -> None:
    db["items"].enable_fts(["text"], create_triggers=True, tokenize="porter")


@migrations()
def m003_events_item_type_index(db: sqlite_utils.Database) -> None:
    # "times carried", "times re-scoped": counted per item on every list of a live meeting;
    # a covering index keeps those counts index-only however long an item stays open.
    db.execute("CREATE INDEX events_item_type ON events(item_id, type, meeting_id)")


# Every migration this version knows, in order (pending() on an empty database lists them all).
KNOWN_MIGRATIONS = [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


# --------------------------------------------------------------------------- row models


class Row(BaseModel):
    @classmethod
    def from_row(cls, row: dict[str, Any]):
        return cls.model_validate(row)


class Team(Row):
    id: int
    name: str
    cadence: str | None = None
    cadence_start: str | None = None
    agenda: str = "camp"
    created_at: str


class Person(Row):
    id: int
    name: str
    handle: str
    created_at: str


class Meeting(Row):
    id: int
    team_id: int
    status: str
    date: str
    started_at: str
    ended_at: str | None = None
    facilitator_id: int | None = None
    agenda_name: str
    agenda_json: str
    current_position: int = 0
    paused: bool = False
    focus_item_id: int | None = None
    next_meeting_at: str | None = None
    heartbeat_at: str | None = None

    @property
    def is_live(self) -> bool:
        return self.status == "live"


class SectionRun(Row):
    id: int
    meeting_id: int
    position: int
    title: str
    kind: str
    prompt: str | None = None
    planned_seconds: float
    actual_seconds: float = 0.0
    started_at: str | None = None
    ended_at: str | None = None


class Item(Row):
    id: int
    team_id: int
    kind: str
    text: str
    status: str
    owner_id: int | None = None
    due_date: str | None = None
    blocker_id: int | None = None
    target_team_id: int | None = None
    origin_item_id: int | None = None
    created_meeting_id: int | None = None
    created_at: str
    updated_at: str
    rank: float | None = None
    reason: str | None = None


class Event(Row):
    id: int
    item_id: int
    meeting_id: int | None = None
    at: str
    type: str
    from_status: str | None = None
    to_status: str | None = None
    detail: str | None = None

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.detail) if self.detail else {}


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
            applied: list[str] = []
            if "_sqlite_migrations" in names:
                applied = [
                    r[0]
                    for r in conn.execute(
                        "select name from _sqlite_migrations where migration_set = ?",
                        [MIGRATION_SET],
                    )
                ]
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
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic write: committed when the block ends, rolled back on error."""
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
        self.db.conn.execute("BEGIN IMMEDIATE")
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
        return int(cursor.lastrowid)

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

    def rows(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[dict]:
        return list(self.db.query(sql, params or []))

    def row(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

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

    def section_runs(self, meeting_id: int) -> list[SectionRun]:
        return [
            SectionRun.from_row(r)
            for r in self.rows(
                "select * from section_runs where meeting_id = ? order by position", [meeting_id]
            )
        ]

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
