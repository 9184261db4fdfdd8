"""The store: connection settings, migrations, backups, refusing foreign or damaged files."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from campmeeting import migrations as migrations_module
from campmeeting import store as store_module
from campmeeting.meeting import add_member, create_team
from campmeeting.store import KNOWN_MIGRATIONS, Store, StoreError, backup_path_for

OPENED_AT = datetime(2026, 11, 24, 9, 30, 15)


def sidecars(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """Everything that must not change when a file is refused."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def assert_refused(path: Path, *words: str) -> StoreError:
    before = snapshot(path)
    with pytest.raises(StoreError) as caught:
        Store.open(path, now=OPENED_AT)
    with pytest.raises(StoreError):
        Store.open_readonly(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert "left unchanged" in message
    for word in words:
        assert word in message
    assert snapshot(path) == before
    assert sidecars(path) == []
    return caught.value


def make_database(path: Path, source, items: int = 3) -> None:
    """A current campmeeting database with a team, a member and some items, closed."""
    db = Store.open(path, now=OPENED_AT)
    team = create_team(db, source, "Core")
    person = add_member(db, source, team, "ana", "Ana")
    with db.transaction():
        for number in range(items):
            db.insert(
                "items",
                {
                    "team_id": team.id,
                    "kind": "blocker",
                    "text": f"blocker {number} " + "padding " * 200,
                    "status": "open",
                    "owner_id": person.id,
                    "created_at": "2026-11-24T08:00:00+00:00",
                    "updated_at": "2026-11-24T08:00:00+00:00",
                },
            )
    db.close()
    assert sidecars(path) == []


# --------------------------------------------------------------------------- connections


def test_new_database_has_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "camp.db"
    db = Store.open(path, now=OPENED_AT)
    try:
        assert path.exists()
        assert db.scalar("PRAGMA journal_mode") == "wal"
        assert db.scalar("PRAGMA foreign_keys") == 1
        assert db.scalar("PRAGMA busy_timeout") == store_module.BUSY_TIMEOUT_MS
        assert db.backup is None
        assert db.readonly is False
    finally:
        db.close()


def test_memory_store_enforces_foreign_keys(store: Store) -> None:
    assert store.scalar("PRAGMA foreign_keys") == 1
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.insert("memberships", {"team_id": 999, "person_id": 999})


def test_migrations_from_empty_create_every_table(tmp_path: Path) -> None:
    path = tmp_path / "camp.db"
    db = Store.open(path, now=OPENED_AT)
    applied = [m.name for m in migrations_module.migrations.applied(db.db)]
    tables = set(db.db.table_names())
    db.close()
    assert applied == KNOWN_MIGRATIONS
    assert KNOWN_MIGRATIONS[:2] == ["m001_initial", "m002_items_fts"]
    for table in (
        "teams",
        "people",
        "memberships",
        "meetings",
        "section_runs",
        "attendance",
        "items",
        "events",
        "reviews",
        "items_fts",
    ):
        assert table in tables
    # an empty new file was not "migrated from an older schema": no backup beside it
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == []


def test_empty_file_is_treated_as_new(tmp_path: Path) -> None:
    path = tmp_path / "camp.db"
    path.write_bytes(b"")
    db = Store.open(path, now=OPENED_AT)
    assert [m.name for m in migrations_module.migrations.applied(db.db)] == KNOWN_MIGRATIONS
    db.close()


def test_reopening_a_current_database_takes_no_backup(tmp_path: Path, source) -> None:
    path = tmp_path / "camp.db"
    make_database(path, source)
    db = Store.open(path, now=OPENED_AT)
    assert db.backup is None
    assert db.team_by_name("core") is not None
    db.close()
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


def test_older_schema_is_backed_up_then_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "camp.db"
    old = sqlite_utils.Database(path)
    migrations_module.migrations.apply(old, stop_before="m002_items_fts")
    old["teams"].insert({"id": 1, "name": "Core", "created_at": "2026-11-17T08:00:00+00:00"})
    old["items"].insert(
        {
            "id": 1,
            "team_id": 1,
            "kind": "blocker",
            "text": "Pilot customers cannot log in",
            "status": "open",
            "created_at": "2026-11-17T08:00:00+00:00",
            "updated_at": "2026-11-17T08:00:00+00:00",
        }
    )
    old.close()
    assert "items_fts" not in sqlite_utils.Database(path).table_names()

    db = Store.open(path, now=OPENED_AT)
    try:
        expected_backup = backup_path_for(path, OPENED_AT)
        assert expected_backup.name == "camp.backup-20261124T093015.db"
        assert db.backup == expected_backup
        assert [m.name for m in migrations_module.migrations.applied(db.db)] == KNOWN_MIGRATIONS
        # the data survived and the new full-text index covers the old rows
        assert db.item(1).text == "Pilot customers cannot log in"
        assert db.team_by_name("core").id == 1
        found = db.rows(
            "select rowid from items_fts where items_fts match ?", ["customer"]
        )  # porter stemming: customer ~ customers
        assert [r["rowid"] for r in found] == [1]
    finally:
        db.close()

    backup = sqlite_utils.Database(expected_backup)
    try:
        assert [m.name for m in migrations_module.migrations.applied(backup)] == ["m001_initial"]
        assert "items_fts" not in backup.table_names()
        assert [r["text"] for r in backup["items"].rows] == ["Pilot customers cannot log in"]
    finally:
        backup.close()


def test_second_backup_in_the_same_second_gets_its_own_name(tmp_path: Path) -> None:
    path = tmp_path / "camp.db"
    first = backup_path_for(path, OPENED_AT)
    first.write_bytes(b"an earlier backup")
    old = sqlite_utils.Database(path)
    migrations_module.migrations.apply(old, stop_before="m002_items_fts")
    old.close()
    db = Store.open(path, now=OPENED_AT)
    db.close()
    assert first.read_bytes() == b"an earlier backup"
    assert db.backup is not None and db.backup != first and db.backup.exists()


# --------------------------------------------------------------------------- refusals


def test_refuses_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my shopping list\neggs\n")
    assert_refused(path, "not an SQLite file")


def test_refuses_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    assert_refused(path)


def test_refuses_a_truncated_campmeeting_database(tmp_path: Path, source) -> None:
    path = tmp_path / "camp.db"
    make_database(path, source, items=200)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "damaged")


def corrupt_middle_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 20
    noise = random.Random(11)
    for number in range(pages // 3, pages // 3 + 6):
        data[number * page : (number + 1) * page] = noise.randbytes(page)
    path.write_bytes(bytes(data))


def test_opening_reads_no_page_it_does_not_need_and_check_finds_corrupted_ones(
    tmp_path: Path, source
) -> None:
    """Opening stays quick on a large file (header, length and schema only); the full
    integrity check is `campmeeting check`, and it finds pages damaged mid-file."""
    path = tmp_path / "camp.db"
    make_database(path, source, items=200)
    corrupt_middle_pages(path)
    before = snapshot(path)
    reader = Store.open_readonly(path)
    try:
        assert [t.name for t in reader.teams()] == ["Core"]  # the undamaged part reads
        assert reader.check() != []
    finally:
        reader.close()
    found = store_module.integrity_problems(path)
    assert found and all(line and "\n" not in line for line in found)
    assert snapshot(path)[:2] == before[:2]  # the file itself is as it was


def test_check_says_ok_for_a_sound_file_and_reads_it_only(tmp_path: Path, source) -> None:
    path = tmp_path / "camp.db"
    make_database(path, source, items=50)
    before = snapshot(path)
    assert store_module.integrity_problems(path) == []
    assert snapshot(path) == before
    with pytest.raises(StoreError, match="no such database"):
        store_module.integrity_problems(tmp_path / "missing.db")


def test_a_damaged_file_is_never_migrated(tmp_path: Path, source) -> None:
    """Before an upgrade writes anything, the whole file is checked: a damaged one is
    refused and left as it was, without a backup of the damage."""
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations_module.migrations.apply(old, stop_before=KNOWN_MIGRATIONS[-1])
    old.executescript(
        "insert into teams (name, created_at) values ('Core', '2026-11-24T08:00:00+00:00');"
    )
    for number in range(300):
        old.execute(
            "insert into items (team_id, kind, text, status, created_at, updated_at) "
            "values (1, 'note', ?, 'info', '2026-11-24', '2026-11-24')",
            [f"note {number} " + "padding " * 200],
        )
    old.conn.commit()
    old.close()
    corrupt_middle_pages(path)
    error = assert_refused(path, "damaged")
    assert "not upgraded" in str(error) or "damaged" in str(error)
    assert not list(tmp_path.glob("*backup*"))


def test_refuses_another_apps_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table customers (id integer primary key, name text)")
    conn.execute("insert into customers (name) values ('Acme')")
    conn.commit()
    conn.close()
    assert_refused(path, "not a campmeeting database", "customers")


def test_refuses_another_sqlite_utils_apps_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite_utils.Database(path)
    theirs = sqlite_utils.Migrations("someone-else")

    @theirs()
    def m001_initial(db: sqlite_utils.Database) -> None:
        db["notes"].create({"id": int, "body": str}, pk="id")

    theirs.apply(other)
    other.close()
    assert_refused(path, "not a campmeeting database")


def test_refuses_a_database_from_a_newer_campmeeting(tmp_path: Path, source) -> None:
    path = tmp_path / "camp.db"
    make_database(path, source)
    conn = sqlite3.connect(path)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) values (?, ?, ?)",
        [migrations_module.MIGRATION_SET, "m099_from_the_future", "2027-01-01 00:00:00+00:00"],
    )
    conn.commit()
    conn.close()
    assert sidecars(path) == []
    error = assert_refused(path, "m099_from_the_future", "newer")
    assert "upgrade" in str(error)


# --------------------------------------------------------------------------- read-only


def test_readonly_refuses_writes(tmp_path: Path, source) -> None:
    path = tmp_path / "camp.db"
    make_database(path, source)
    reader = Store.open_readonly(path)
    try:
        assert reader.readonly
        with pytest.raises(StoreError, match="read-only"), reader.transaction():
            pass
        with pytest.raises(sqlite3.OperationalError):
            reader.db.execute(
                "insert into teams (name, created_at) values ('Sneaky', '2026-11-24T08:00:00')"
            )
        with pytest.raises(sqlite3.OperationalError):
            reader.db.execute("update items set text = 'changed'")
        assert reader.scalar("select count(*) from teams") == 1
    finally:
        reader.close()
    db = Store.open(path, now=OPENED_AT)
    assert [t.name for t in db.teams()] == ["Core"]
    assert db.scalar("select count(*) from items where text = 'changed'") == 0
    db.close()


def test_readonly_reads_while_another_connection_writes(tmp_path: Path, source) -> None:
    path = tmp_path / "camp.db"
    writer = Store.open(path, now=OPENED_AT)
    team = create_team(writer, source, "Core")
    reader = Store.open_readonly(path)
    try:
        assert [t.name for t in reader.teams()] == ["Core"]
        with writer.transaction():
            writer.update("teams", team.id, {"agenda": "level10"})
            # uncommitted: the reader still sees the committed state, and is not blocked
            assert reader.team(team.id).agenda == "camp"
        assert reader.team(team.id).agenda == "level10"
        create_team(writer, source, "Ops")
        assert [t.name for t in reader.teams()] == ["Core", "Ops"]
    finally:
        reader.close()
        writer.close()


def test_readonly_refuses_a_missing_file_and_an_old_schema(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store.open_readonly(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations_module.migrations.apply(old, stop_before="m002_items_fts")
    old.close()
    before = snapshot(path)
    with pytest.raises(StoreError, match="needs an upgrade"):
        Store.open_readonly(path)
    assert snapshot(path) == before


def test_transaction_rolls_back_on_error(store: Store, team) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.update("teams", team.id, {"agenda": "level10"})
        raise RuntimeError("boom")
    assert store.team(team.id).agenda == "camp"


def test_event_details_round_trip_unicode(store: Store, team) -> None:
    with store.transaction():
        item_id = store.insert(
            "items",
            {
                "team_id": team.id,
                "kind": "note",
                "text": "x",
                "status": "info",
                "created_at": "2026-11-24T08:00:00+00:00",
                "updated_at": "2026-11-24T08:00:00+00:00",
            },
        )
        store.record_event(item_id, "edited", "2026-11-24T08:00:00+00:00", note="🏕️ [bold]")
    (event,) = store.events(item_id)
    assert event.details == {"note": "🏕️ [bold]"}


def test_the_search_index_merges_a_little_at_a_time_and_has_prefixes(store: Store) -> None:
    """A capture never waits for a merge of the whole search index (no crisis merge below
    64 segments of a level; 16 merged a little on each write), and prefixes of 1 to 3
    letters have their own lists (search as one types)."""
    config = dict(store.db.execute("select k, v from items_fts_config").fetchall())
    assert config["automerge"] == 16 and config["crisismerge"] == 64
    definition = store.scalar("select sql from sqlite_master where name = 'items_fts'")
    assert "prefix='1 2 3'" in definition and 'content="items"' in definition
    assert store.db["items"].detect_fts() == "items_fts"
