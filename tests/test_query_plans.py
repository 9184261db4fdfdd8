"""Plans stay indexed: every statement of a hot path, as SQLite plans it.

Each hot path (a live meeting's section lists and carry-over, the review's summaries,
search, the minutes, a person, an item's history, the home screen's team rows) is run
on a small history with every statement traced; each traced statement is planned with
EXPLAIN QUERY PLAN. A plan fails when it scans the whole of `items` or `events` (their
size grows with the years), reads every item a team ever had (a team's items without
their status), or sorts in a temporary B-tree while it scans a whole table: what is read
must be found through an index, bounded by a meeting, a team's open work, an item or a
page.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from campmeeting import history, minutes
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.demo.scale import build_scale
from campmeeting.meeting import LiveMeeting, team_rows
from campmeeting.store import Store

TODAY = date(2026, 11, 25)
SCANNED = ("items", "events")  # never read whole: they grow with every meeting
GROWING = (*SCANNED, "meetings", "reviews", "attendance", "section_runs")  # never sorted whole
# an index on a team's items used without their status: every item the team ever had
HISTORY_WALK = re.compile(
    r"USING (?:COVERING )?INDEX items_(?:team|target)_kind_status \((?:target_)?team_id=\?"
    r"(?: AND kind=\?)?\)"
)
KEYWORDS = "on|where|join|left|inner|cross|order|group|limit|union|using|natural|and|or"
SOURCE = re.compile(
    rf"\b(?:from|join)\s+\[?(\w+)\]?(?:\s+(?:as\s+)?(?!(?:{KEYWORDS})\b)(\w+))?",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "history.db"
    build_scale(path, 6, 8, seed=11, today=TODAY)
    return path


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "history.db"
    shutil.copyfile(built, path)
    opened = Store.open(path)
    yield opened
    opened.close()


def traced(store: Store, action: Callable[[], object]) -> list[str]:
    """Every statement `action` runs (parameters filled in), in order, once each."""
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store.db.conn.set_trace_callback(None)
    reads = [s for s in dict.fromkeys(seen) if s.lstrip().lower().startswith(("select", "with"))]
    assert reads, "the action ran no query"
    return reads


def problems(store: Store, sql: str) -> list[str]:
    """What is wrong with the statement's plan: a whole scan of items or events; a sort
    in a temporary B-tree beside a whole scan of a growing table (in the same select of
    the plan tree: a sort of what an index already bounded is fine)."""
    plan = list(store.db.conn.execute("EXPLAIN QUERY PLAN " + sql))
    names = {(alias or table).lower(): table.lower() for table, alias in SOURCE.findall(sql)}
    found = []
    scans: dict[int, list[str]] = {}  # parent node -> tables scanned whole under it
    for _node, parent, _unused, line in plan:
        match = re.match(r"SCAN (\w+)", line)
        if match and "VIRTUAL TABLE" in line:  # full-text matches: never sorted all
            scans.setdefault(parent, []).append("every full-text match")
            continue
        if not match:
            continue
        table = names.get(match.group(1).lower(), match.group(1).lower())
        scans.setdefault(parent, []).append(table)
        if table in SCANNED:
            found.append(f"reads all of {table}: {line}")
    for _node, _parent, _unused, line in plan:
        if HISTORY_WALK.search(line):
            found.append(f"reads all of a team's items ever: {line}")
    for _node, parent, _unused, line in plan:
        whole = [t for t in scans.get(parent, []) if t in (*GROWING, "every full-text match")]
        if "USE TEMP B-TREE" in line and whole:
            found.append(f"{line} of all of {', '.join(whole)}: {[row[3] for row in plan]}")
    return found


def assert_indexed(store: Store, action: Callable[[], object]) -> None:
    bad = {sql: found for sql in traced(store, action) if (found := problems(store, sql))}
    assert bad == {}, "\n\n".join(f"{sql}\n  {found}" for sql, found in bad.items())


def a_team(store: Store):
    return store.teams()[0]


def last_meeting_id(store: Store) -> int:
    meeting = store.last_meeting(a_team(store).id, status="ended")
    assert meeting is not None
    return meeting.id


def live_meeting(store: Store) -> LiveMeeting:
    clock = FakeTime(datetime.combine(TODAY, time(18, 0)))
    camp = load_agenda(resolve_agenda("camp"))
    return LiveMeeting.start(store, clock, a_team(store), camp, "camp")


# --------------------------------------------------------------------------- the check


def test_the_check_sees_a_full_scan_and_a_whole_table_sort(store: Store) -> None:
    assert problems(store, "select * from items where text = 'x'")
    assert problems(store, "select * from items where team_id = 1 and kind = 'note'")
    assert problems(store, "select e.id from events e where e.detail like '%x%'")
    assert problems(store, "select * from meetings order by agenda_name")
    assert not problems(
        store, "select * from items where team_id = 1 and kind = 'blocker' and status = 'open'"
    )
    assert not problems(store, "select * from events where item_id = 3 order by id")


# --------------------------------------------------------------------------- hot paths


def test_carry_over_into_a_new_meeting(store: Store) -> None:
    assert_indexed(store, lambda: live_meeting(store))


def test_every_section_list_of_a_live_meeting(store: Store) -> None:
    live = live_meeting(store)
    for section in live.sections:
        assert_indexed(store, lambda section=section: live.items(section))


def test_review_summaries_of_one_team_and_of_all(store: Store) -> None:
    assert_indexed(store, lambda: history.meeting_summaries(store, a_team(store).id))
    assert_indexed(store, lambda: history.meeting_summaries(store))
    assert_indexed(store, lambda: history.meeting_summary(store, last_meeting_id(store)))
    assert_indexed(store, lambda: history.team_meeting_counts(store))
    first = history.meeting_summaries(store, limit=5)
    assert_indexed(store, lambda: history.meeting_summaries(store, limit=5, before=first[-1]))
    team = a_team(store).id
    assert_indexed(store, lambda: history.meeting_summaries(store, team, 5, before=first[-1]))


def test_search_of_all_teams_and_of_one(store: Store) -> None:
    assert_indexed(store, lambda: history.search(store, "customer"))
    assert_indexed(store, lambda: history.search(store, "c"))
    assert_indexed(store, lambda: history.search(store, "the", team_id=a_team(store).id))


def test_minutes_of_a_meeting(store: Store) -> None:
    assert_indexed(store, lambda: minutes.build_minutes(store, last_meeting_id(store)))


def test_a_person_and_an_item_history(store: Store) -> None:
    person = store.members(a_team(store).id)[0]
    assert_indexed(store, lambda: history.person_record(store, person.id, TODAY))
    assert_indexed(store, lambda: history.people_with_commitments(store))
    blocker = store.scalar(
        "select id from items where team_id = ? and kind = 'blocker' order by id desc limit 1",
        [a_team(store).id],
    )
    assert_indexed(store, lambda: history.item_history(store, blocker))
    assert_indexed(store, lambda: history.meeting_items(store, last_meeting_id(store)))


def test_home_team_rows(store: Store) -> None:
    now = FakeTime(datetime.combine(TODAY, time(8, 0)))
    assert_indexed(store, lambda: team_rows(store, now))


def test_the_plans_hold_on_an_analysed_file(store: Store) -> None:
    """With statistics (`PRAGMA optimize` on close gathers them) the plans stay indexed."""
    store.db.conn.execute("ANALYZE")
    live = live_meeting(store)
    assert_indexed(store, lambda: [live.items(section) for section in live.sections])
    assert_indexed(store, lambda: history.meeting_summaries(store))
    assert_indexed(store, lambda: history.search(store, "customer"))
    assert_indexed(store, lambda: minutes.build_minutes(store, last_meeting_id(store)))
    conn: sqlite3.Connection = store.db.conn
    assert conn.execute("select count(*) from sqlite_stat1").fetchone()[0] > 0
