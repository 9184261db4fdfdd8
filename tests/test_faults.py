"""Writes that fail as a full or failing disk makes them fail: nothing half-written, the
database passes integrity_check, the live meeting's state still matches the database,
and the same write succeeds once the fault clears, without reopening anything.

The faults come from tests/faults.py: SQLite's own SQLITE_FULL (PRAGMA max_page_count)
and an I/O error raised by a wrapped connection at COMMIT or at any chosen statement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from campmeeting.clock import FakeTime
from campmeeting.meeting import (
    LiveMeeting,
    add_between_meetings,
    add_member,
    create_team,
)
from campmeeting.model import ItemKind
from campmeeting.store import Store
from tests.faults import COMMIT, disk_full, dump, failing, full_error, integrity, nth
from tests.test_history import goto, start

LONG = "Printer on floor 2 is down " + "x" * 20_000  # needs new pages wherever it goes


@dataclass
class World:
    store: Store
    source: FakeTime
    live: LiveMeeting
    priority: int


@pytest.fixture
def world(tmp_path: Path, source: FakeTime) -> World:
    store = Store.open(tmp_path / "camp.db")
    team = create_team(store, source, "Core")
    for handle in ("ana", "bo"):
        add_member(store, source, team, handle, handle.title())
    create_team(store, source, "Ops")
    live = start(store, source, team.id)
    goto(live, "priorities")
    priority = live.capture("Launch v2 @ana").item_ids[0]
    goto(live, "blockers")
    source.advance(seconds=40)
    return World(store, source, live, priority)


def consistent(world: World) -> None:
    """The live meeting in memory says what the database says."""
    store, live = world.store, world.live
    row = store.row("select * from meetings where id = ?", [live.meeting_id])
    assert row is not None
    assert live.position == row["current_position"]
    assert live.meeting.status == row["status"]
    if row["status"] == "live":
        assert live.paused == bool(row["paused"])
    fresh = LiveMeeting.resume(store, world.source, store.team(live.team.id))
    if fresh is not None:
        assert (fresh.position, fresh.paused) == (live.position, live.paused)


# Each write the app makes, as a function of the world (run again after each failure).
OPERATIONS: dict[str, Callable[[World], object]] = {
    "capture a blocker": lambda w: w.live.capture("Vendor contract stuck @bo"),
    "capture a hand-off": lambda w: w.live.capture("Ops must approve spend #Ops"),
    "add between meetings": lambda w: add_between_meetings(
        w.store, w.source, w.live.team, ItemKind.HEADLINE, "Signed Acme @ana"
    ),
    "set a status": lambda w: w.live.set_status(w.priority, "off_track"),
    "next section": lambda w: w.live.next_section(),
    "pause": lambda w: w.live.toggle_pause(),
    "the clock's write": lambda w: w.live.checkpoint(),
    "rate": lambda w: w.live.rate(w.live.members()[0].id, 8),
    "create a team": lambda w: create_team(w.store, w.source, "Sales"),
    "add a member": lambda w: add_member(w.store, w.source, w.live.team, "dee", "Dee"),
    "end the meeting": lambda w: w.live.end(),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_an_io_error_at_any_statement_writes_nothing_and_then_the_write_succeeds(
    world: World, name: str
) -> None:
    """Statement 1, 2, 3 ... fails in turn: until the write's COMMIT has gone through,
    each failure leaves every row as it was. The first failure after it (a read that
    follows the write) leaves the whole write, and the live meeting knowing it."""
    operation = OPERATIONS[name]
    store = world.store
    failures = 0
    for number in range(1, 200):
        before = dump(store)
        with failing(store, at=nth(number)) as fault:
            try:
                operation(world)
            except sqlite3.OperationalError as error:
                assert str(error) == "disk I/O error" and fault.count == 1
                failures += 1
            else:
                assert fault.count == 0, f"{name} hid a failed {fault.failed_sql}"
        assert not store.db.conn.in_transaction
        assert integrity(store) == "ok"
        consistent(world)
        if fault.commits or not fault.count:  # written: by a failure after it, or cleanly
            break
        assert dump(store) == before, f"{name}: statement {number} failing changed rows"
    else:
        pytest.fail(f"{name} never finished")
    assert failures >= 1, f"{name} ran no statement"
    assert dump(store) != before, f"{name} wrote nothing once the fault cleared"


def test_an_io_error_at_every_commit_then_recovery(world: World) -> None:
    store, live = world.store, world.live
    before = dump(store)
    with failing(store, at=COMMIT) as fault:
        for _ in range(3):  # the first Enter, a second, a third: each says it failed
            with pytest.raises(sqlite3.OperationalError):
                live.capture("Vendor contract stuck @bo")
        with pytest.raises(sqlite3.OperationalError):
            live.checkpoint()
    assert fault.count == 4
    assert dump(store) == before and integrity(store) == "ok"
    result = live.capture("Vendor contract stuck @bo")  # the next Enter after the fault
    assert result.saved
    assert store.item(result.item_ids[0]).text == "Vendor contract stuck"


def test_sqlite_full_leaves_the_file_whole_and_the_write_succeeds_after(world: World) -> None:
    store, live = world.store, world.live
    live.checkpoint()
    before = dump(store)
    with disk_full(store):
        with pytest.raises(sqlite3.OperationalError, match="full"):
            live.capture(LONG)
        with pytest.raises(sqlite3.OperationalError, match="full"):
            add_between_meetings(store, world.source, live.team, ItemKind.BLOCKER, LONG)
        assert dump(store) == before
        assert integrity(store) == "ok"
        consistent(world)
    result = live.capture(LONG)
    assert result.saved and store.item(result.item_ids[0]).text == LONG
    assert integrity(store) == "ok"


def test_a_full_disk_seen_by_another_connection_changes_nothing(
    world: World, tmp_path: Path
) -> None:
    """`campmeeting add` in another terminal while the disk is full for it."""
    other = Store.open(tmp_path / "camp.db")
    team = other.team(world.live.team.id)
    before = dump(world.store)
    with disk_full(other), pytest.raises(sqlite3.OperationalError, match="full"):
        add_between_meetings(other, world.source, team, ItemKind.BLOCKER, LONG)
    assert dump(world.store) == before and integrity(world.store) == "ok"
    item = add_between_meetings(other, world.source, team, ItemKind.BLOCKER, LONG)
    assert world.store.item(item.id).text == LONG
    other.close()


def test_the_helpers_fail_what_they_say_and_nothing_else(world: World) -> None:
    store = world.store
    with failing(store, at=COMMIT, error=full_error) as fault:
        assert store.scalar("select count(*) from teams") == 2  # reads go through
        with pytest.raises(sqlite3.OperationalError, match="full"), store.transaction():
            store.insert("teams", {"name": "X", "agenda": "camp", "created_at": "2026"})
    assert fault.count == 1 and fault.failed_sql == ["COMMIT"]
    assert store.scalar("select count(*) from teams") == 2
    with disk_full(store):
        with store.transaction():  # fits in the pages there are: not refused
            store.update("teams", 1, {"agenda": "level10"})
    assert store.team(1).agenda == "level10"
