"""The database schema as append-only migrations (sqlite-utils `Migrations`).

Each migration runs once per database, in the order defined here, and is recorded by
name in `_sqlite_migrations`. Never edit or reorder one that has shipped: add a new one.
`store.Store.open` backs a database up before it runs pending migrations.
"""

from __future__ import annotations

import sqlite_utils

MIGRATION_SET = "campmeeting"

migrations = sqlite_utils.Migrations(MIGRATION_SET)

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
    db.table("items").enable_fts(["text"], create_triggers=True, tokenize="porter")


@migrations()
def m003_events_item_type_index(db: sqlite_utils.Database) -> None:
    # "times carried", "times re-scoped": counted per item on every list of a live meeting;
    # a covering index keeps those counts index-only however long an item stays open.
    db.execute("CREATE INDEX events_item_type ON events(item_id, type, meeting_id)")


@migrations()
def m004_next_meeting_and_zone(db: sqlite_utils.Database) -> None:
    # The next meeting is one stored fact per team (its wall-clock time in the team's zone);
    # a commitment due "at the next meeting" follows it while it moves (due_next = 1).
    db.execute("ALTER TABLE teams ADD COLUMN next_meeting_at TEXT")
    db.execute("ALTER TABLE teams ADD COLUMN timezone TEXT")
    db.execute("ALTER TABLE items ADD COLUMN due_next INTEGER NOT NULL DEFAULT 0")


@migrations()
def m005_drafts(db: sqlite_utils.Database) -> None:
    # What is being typed in a section's capture box, kept so a crash or a closed
    # terminal loses no line; one draft per section of a meeting.
    db.execute(
        """CREATE TABLE drafts (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (meeting_id, position)
        )"""
    )


@migrations()
def m006_items_fts_reason(db: sqlite_utils.Database) -> None:
    # Search finds an item by why it was abandoned or dropped, too.
    items = db.table("items")
    items.disable_fts()
    items.enable_fts(["text", "reason"], create_triggers=True, tokenize="porter")


@migrations()
def m007_archive_order(db: sqlite_utils.Database) -> None:
    # The archive lists meetings newest first, of every team or of one: the page of
    # meetings is read from these indexes in order, never sorted from the whole table.
    db.execute("CREATE INDEX meetings_order ON meetings(date, started_at)")
    db.execute("CREATE INDEX meetings_team_order ON meetings(team_id, date, started_at)")


@migrations()
def m008_items_fts_prefixes(db: sqlite_utils.Database) -> None:
    # Search as one types: the last word matches as the start of longer words. Without
    # prefix indexes FTS5 merges the lists of every word that starts so (every t... word
    # for "t": most of the archive); with them a prefix of 1 to 3 letters is one list,
    # read newest first as far as the page needs. The columns stay those indexed now.
    columns = [row[1] for row in db.execute("PRAGMA table_info([items_fts])").fetchall()]
    listed = "".join(f'    "{column}",\n' for column in columns)
    db.execute("DROP TABLE [items_fts]")  # the triggers that keep it in step stay
    db.execute(
        f'CREATE VIRTUAL TABLE "items_fts" USING FTS5 (\n{listed}'
        "    tokenize='porter',\n    prefix='1 2 3',\n    content=\"items\"\n)"
    )
    db.execute("INSERT INTO [items_fts] ([items_fts]) VALUES ('rebuild')")
    db.execute("INSERT INTO [items_fts] ([items_fts]) VALUES ('optimize')")  # one segment
    # Merge segments a little on each write, 16 at a time, and never all at once inside
    # one capture (a "crisis merge" of a level made a capture wait hundreds of ms).
    db.execute("INSERT INTO [items_fts] ([items_fts], rank) VALUES ('automerge', 16)")
    db.execute("INSERT INTO [items_fts] ([items_fts], rank) VALUES ('crisismerge', 64)")


@migrations()
def m009_scorecard(db: sqlite_utils.Database) -> None:
    # The scorecard (DOMAIN.md, Measurable): a team's weekly numbers, each with a goal
    # (`goal` as normalised text, and its operator and bounds to compare with), one value
    # per ISO week ('2026-W48'), and an event for every value set or changed (`events`
    # belong to items, so measurables keep their own). A blocker dropped down from an
    # off-track number links to it (items.source_measurable_id).
    db.execute(
        """CREATE TABLE measurables (
            id INTEGER PRIMARY KEY,
            team_id INTEGER NOT NULL REFERENCES teams(id),
            title TEXT NOT NULL,
            owner_id INTEGER REFERENCES people(id),
            unit TEXT,
            goal TEXT NOT NULL,
            goal_op TEXT NOT NULL CHECK (goal_op IN ('>=', '<=', '=', '..')),
            goal_low REAL,
            goal_high REAL,
            position INTEGER NOT NULL,
            archived_at TEXT,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX measurables_team_title ON measurables(team_id, lower(title))")
    db.execute(
        """CREATE TABLE measurable_values (
            measurable_id INTEGER NOT NULL REFERENCES measurables(id),
            week TEXT NOT NULL,
            value REAL NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by INTEGER REFERENCES people(id),
            meeting_id INTEGER REFERENCES meetings(id),
            PRIMARY KEY (measurable_id, week)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE measurable_events (
            id INTEGER PRIMARY KEY,
            measurable_id INTEGER NOT NULL REFERENCES measurables(id),
            meeting_id INTEGER REFERENCES meetings(id),
            at TEXT NOT NULL,
            type TEXT NOT NULL,
            week TEXT,
            old_value REAL,
            new_value REAL,
            person_id INTEGER REFERENCES people(id),
            detail TEXT
        )"""
    )
    db.execute("CREATE INDEX measurable_events_measurable ON measurable_events(measurable_id, id)")
    db.execute("CREATE INDEX measurable_events_meeting ON measurable_events(meeting_id)")
    db.execute(
        "ALTER TABLE items ADD COLUMN source_measurable_id INTEGER REFERENCES measurables(id)"
    )
    db.execute(
        "CREATE INDEX items_source_measurable ON items(source_measurable_id) "
        "WHERE source_measurable_id IS NOT NULL"
    )


@migrations()
def m010_issues_list(db: sqlite_utils.Database) -> None:
    # The issues list (issue 10): a blocker dropped down from another item links to it;
    # a rating below 8 may say why.
    db.execute("ALTER TABLE items ADD COLUMN source_item_id INTEGER REFERENCES items(id)")
    db.execute("CREATE INDEX items_source ON items(source_item_id)")
    db.execute("ALTER TABLE attendance ADD COLUMN reason TEXT")


@migrations()
def m011_items_owner_kind(db: sqlite_utils.Database) -> None:
    # "Whose commitments?" counts each person's commitments: from the index alone, not
    # from every item the person ever owned.
    db.execute("CREATE INDEX items_owner_kind ON items(owner_id, kind)")


# Every migration this version knows, in order (pending() on an empty database lists them all).
KNOWN_MIGRATIONS = [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]
