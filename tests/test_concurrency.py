"""Two terminals on one database: a live meeting in the first, `campmeeting add` in the second.

Each terminal is its own `Store` (its own SQLite connection) on the same file, as two
processes would be. The item added in the second terminal must show in the live meeting
at once (the meeting screen re-reads when `PRAGMA data_version` changes, which it polls
on every tick), and neither side may lose a write or fail with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import (
    LiveMeeting,
    add_between_meetings,
    add_member,
    create_team,
    section_items,
)
from campmeeting.model import ItemKind, SectionKind
from campmeeting.records import Team
from campmeeting.store import Store

CAMP = load_agenda(resolve_agenda("camp"))
EXE = Path(sys.executable).with_name("campmeeting")
WAIT = 10  # seconds a thread handshake may take at most (never reached when all is well)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "camp.db"


@pytest.fixture
def clock() -> FakeTime:
    return FakeTime(datetime(2026, 11, 24, 9, 0))


@pytest.fixture
def first(path: Path) -> Iterator[Store]:
    """The terminal running the meeting."""
    store = Store.open(path)
    yield store
    store.close()


@pytest.fixture
def team(first: Store, clock: FakeTime) -> Team:
    team = create_team(first, clock, "Core")
    for handle in ("ana", "bo"):
        add_member(first, clock, team, handle)
    return team


@pytest.fixture
def live(first: Store, clock: FakeTime, team: Team) -> LiveMeeting:
    meeting = LiveMeeting.start(first, clock, team, CAMP, "camp")
    meeting.go_to([s.kind for s in meeting.sections].index("blockers"))
    return meeting


@pytest.fixture
def second(path: Path, live: LiveMeeting) -> Iterator[Store]:
    """Another terminal, opened while the meeting is live."""
    store = Store.open(path)
    yield store
    store.close()


def data_version(store: Store) -> int:
    return store.scalar("PRAGMA data_version")


def texts(live: LiveMeeting, kind: SectionKind) -> list[str]:
    return [view.item.text for view in section_items(live.store, live.meeting, kind)]


def test_add_from_a_second_terminal_shows_in_the_live_meeting_at_once(
    first: Store, second: Store, live: LiveMeeting, clock: FakeTime
) -> None:
    live.capture("CI is red")
    before = data_version(first)
    assert data_version(first) == before  # steady while nothing changes

    team = second.team_by_name("core")
    assert team is not None
    add_between_meetings(second, clock, team, ItemKind.BLOCKER, "VPN drops @bo")
    add_between_meetings(second, clock, team, ItemKind.HEADLINE, "New office opens")
    add_between_meetings(second, clock, team, ItemKind.COMMITMENT, "Renew certs @ana due:fri")

    # the meeting's connection notices (this is what the screen polls each tick) ...
    assert data_version(first) != before
    # ... and the same LiveMeeting object, not restarted, shows the items where they belong
    assert [view.item.text for view in live.items()] == ["CI is red", "VPN drops"]
    assert texts(live, SectionKind.CHECKIN) == ["New office opens"]
    assert texts(live, SectionKind.ACCOUNTABILITY) == ["Renew certs"]
    added = {v.item.text: v for v in live.items()}["VPN drops"]
    assert added.item.created_meeting_id == live.meeting_id  # it is this meeting's item
    assert added.owner_handle == "bo"

    # the meeting goes on writing: its own captures and its clock
    clock.advance(minutes=3)
    live.checkpoint()
    live.capture("Budget unclear")
    assert texts(live, SectionKind.BLOCKERS) == ["CI is red", "VPN drops", "Budget unclear"]
    # and the second terminal sees the meeting's writes too: nothing was lost on either side
    assert second.scalar("select count(*) from items") == 5
    assert second.section_runs(live.meeting_id)[3].actual_seconds == 3 * 60


def test_add_while_the_meeting_holds_an_open_read(
    first: Store, second: Store, live: LiveMeeting, clock: FakeTime, team: Team
) -> None:
    for n in range(3):
        live.capture(f"Blocker {n}")
    before = data_version(first)
    reading = first.db.execute("select id, text from items order by id")  # a read in progress
    assert reading.fetchone() is not None

    # the second terminal is not blocked by the meeting's open read (WAL)
    add_between_meetings(second, clock, second.team(team.id), ItemKind.BLOCKER, "Late news")
    assert second.scalar("select count(*) from items where text = 'Late news'") == 1

    # the read in progress sees the database as it was when it began, and ends normally
    assert [row[1] for row in reading.fetchall()] == ["Blocker 1", "Blocker 2"]
    assert data_version(first) != before
    assert texts(live, SectionKind.BLOCKERS)[-1] == "Late news"
    live.checkpoint()  # the meeting writes again without "database is locked"


def test_the_meeting_writes_while_a_review_terminal_holds_an_open_read(
    path: Path, first: Store, live: LiveMeeting, clock: FakeTime
) -> None:
    live.capture("Before the review")
    review = Store.open_readonly(path)  # `campmeeting review` in another terminal
    try:
        reading = review.db.execute("select text from items")
        assert reading.fetchone() == ("Before the review",)
        clock.advance(minutes=1)
        live.checkpoint()
        live.capture("During the review")
        assert texts(live, SectionKind.BLOCKERS) == ["Before the review", "During the review"]
        assert reading.fetchall() == []  # its snapshot began before the new item
        assert review.scalar("select count(*) from items") == 2  # a new read sees it
    finally:
        review.close()


def test_add_racing_a_meeting_write_waits_for_it_instead_of_failing(
    first: Store, second: Store, live: LiveMeeting, clock: FakeTime, team: Team
) -> None:
    """The meeting's tick holds the write lock for a moment just as `campmeeting add`
    starts its transaction. The add must wait for the lock and then succeed: it must not
    read a snapshot that the tick's commit makes stale (SQLITE_BUSY_SNAPSHOT, reported
    as "database is locked" at once, without waiting for the busy timeout)."""
    began = threading.Event()

    def trace(statement: str) -> None:
        if statement.upper().startswith("BEGIN"):
            began.set()

    second.db.conn.set_trace_callback(trace)
    outcome: dict[str, object] = {}

    def add() -> None:
        try:
            outcome["item"] = add_between_meetings(
                second, clock, second.team(team.id), ItemKind.BLOCKER, "From the corridor"
            )
        except sqlite3.Error as error:  # pragma: no cover - the failure this test catches
            outcome["error"] = error

    worker = threading.Thread(target=add)
    with first.transaction():  # the tick's transaction, holding the write lock
        live.capture("Typed in the meeting")
        worker.start()
        assert began.wait(WAIT), "the add never started its transaction"
    worker.join(WAIT)
    second.db.conn.set_trace_callback(None)
    assert not worker.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert texts(live, SectionKind.BLOCKERS) == ["Typed in the meeting", "From the corridor"]
    assert first.scalar("select count(*) from items") == 2


def test_two_terminals_adding_in_turn_lose_nothing(
    first: Store, second: Store, live: LiveMeeting, clock: FakeTime, team: Team
) -> None:
    team_there = second.team(team.id)
    for n in range(20):
        live.capture(f"meeting {n}")
        add_between_meetings(second, clock, team_there, ItemKind.BLOCKER, f"terminal {n}")
        clock.advance(seconds=1)
        live.checkpoint()
    shown = texts(live, SectionKind.BLOCKERS)
    assert len(shown) == 40
    assert shown[:4] == ["meeting 0", "terminal 0", "meeting 1", "terminal 1"]
    ranks = [r["rank"] for r in first.rows("select rank from items order by id")]
    assert ranks == list(range(1, 41))  # every blocker got its own place in the order


def test_campmeeting_add_in_another_process_during_the_live_meeting(
    path: Path, first: Store, live: LiveMeeting, clock: FakeTime
) -> None:
    """The real thing: `campmeeting add` run as its own process while this one has the
    meeting live and is in the middle of reading."""
    live.capture("Typed here")
    before = data_version(first)
    reading = first.db.execute("select text from items")  # a read in progress
    assert reading.fetchone() == ("Typed here",)
    done = subprocess.run(
        [str(EXE), "--db", str(path), "add", "--team", "core", "blocker", "Sent", "from", "B"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "Europe/Berlin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Added blocker #2 to the live meeting of Core")
    assert reading.fetchall() == []  # the read in progress keeps its snapshot
    assert data_version(first) != before
    assert texts(live, SectionKind.BLOCKERS) == ["Typed here", "Sent from B"]
    clock.advance(minutes=1)
    live.checkpoint()
    live.capture("Typed after")
    assert texts(live, SectionKind.BLOCKERS) == ["Typed here", "Sent from B", "Typed after"]
