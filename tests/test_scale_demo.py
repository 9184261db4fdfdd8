"""`campmeeting demo --teams N --weeks W`: a large history, played once and copied.

The copies must be as good as the played teams: the archive's own reads (minutes,
review summaries, search, carry-over into a new meeting) give a copy the same numbers
as the team it copies, every reference stays inside its copy, and the file passes
SQLite's own checks.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time
from pathlib import Path

import pytest

from campmeeting import history, minutes
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.demo import is_demo_database
from campmeeting.demo.scale import build_scale, team_names
from campmeeting.meeting import LiveMeeting, create_team
from campmeeting.store import Store
from tests.cli_support import assert_one_line_error, run_main

TODAY = date(2026, 11, 25)  # a Wednesday
TEAMS = 12  # five played teams copied twice, and a second group of two
WEEKS = 10


@pytest.fixture(scope="module")
def scale(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("scale") / "scale.db"
    build_scale(path, TEAMS, WEEKS, seed=3, today=TODAY)
    store = Store.open_readonly(path)
    yield store
    store.close()


def team(store: Store, name: str) -> int:
    found = store.team_by_name(name)
    assert found is not None, name
    return found.id


def pairs(store: Store) -> list[tuple[int, int]]:
    """(played team, its copy) for every team of the second copy of the main group."""
    names = team_names(TEAMS)
    return [(team(store, names[k]), team(store, names[k + 5])) for k in range(5)]


def test_the_teams_are_named_and_counted(scale: Store) -> None:
    names = team_names(TEAMS)
    assert len(names) == len(set(names)) == TEAMS
    assert sorted(t.name for t in scale.teams()) == sorted(names)
    handles = [r["handle"] for r in scale.rows("select handle from people")]
    assert len(handles) == len({h.lower() for h in handles})
    names_of_people = [r["name"] for r in scale.rows("select name from people")]
    assert len(names_of_people) == len({n.lower() for n in names_of_people})
    for t in scale.teams():
        assert 5 <= len(scale.members(t.id)) <= 7
        ended = scale.scalar(
            "select count(*) from meetings where team_id = ? and status = 'ended'", [t.id]
        )
        assert WEEKS - 2 <= ended <= WEEKS
    assert scale.scalar("select count(*) from meetings where status = 'live'") == 0


def test_sqlite_finds_the_file_sound_and_every_reference_resolves(scale: Store) -> None:
    assert scale.scalar("PRAGMA integrity_check") == "ok"
    assert scale.rows("PRAGMA foreign_key_check") == []
    assert is_demo_database(scale.path)
    # a reference never leaves its copy: hand-offs, events, attendance
    assert (
        scale.scalar(
            "select count(*) from items i join items o on o.id = i.origin_item_id "
            "where o.target_team_id != i.team_id"
        )
        == 0
    )
    assert (
        scale.scalar(
            "select count(*) from events e join meetings m on m.id = e.meeting_id "
            "join items i on i.id = e.item_id where m.team_id != i.team_id "
            "and coalesce(i.target_team_id, -1) != m.team_id"
        )
        == 0
    )
    assert (
        scale.scalar(
            "select count(*) from attendance a join meetings m on m.id = a.meeting_id "
            "left join memberships s on s.team_id = m.team_id and s.person_id = a.person_id "
            "where s.person_id is null"
        )
        == 0
    )


def test_a_copy_has_the_numbers_of_the_team_it_copies(scale: Store) -> None:
    for played, copied in pairs(scale):
        for table, where in (
            ("meetings", "team_id = ?"),
            ("items", "team_id = ?"),
            ("events", "item_id in (select id from items where team_id = ?)"),
            ("reviews", "meeting_id in (select id from meetings where team_id = ?)"),
        ):
            a = scale.scalar(f"select count(*) from {table} where {where}", [played])
            b = scale.scalar(f"select count(*) from {table} where {where}", [copied])
            assert a == b > 0, (table, played, copied)
        mine = history.meeting_summaries(scale, played, limit=WEEKS)
        theirs = history.meeting_summaries(scale, copied, limit=WEEKS)
        assert [
            (s.date, s.rate, s.decisions, s.new_commitments, s.open_blockers, s.rating)
            for s in mine
        ] == [
            (s.date, s.rate, s.decisions, s.new_commitments, s.open_blockers, s.rating)
            for s in theirs
        ]


def numbers(store: Store, meeting_id: int) -> dict:
    """The minutes of a meeting without names and ids."""
    data = json.loads(minutes.render(store, meeting_id, "json"))
    for key in ("meeting_id", "team", "team_id", "facilitator", "attendees"):
        data.pop(key)
    text = json.dumps(data, sort_keys=True)
    return {
        "blockers": data["blocker_counts"],
        "accountability": (data["accountability"]["done"], data["accountability"]["total"]),
        "decisions": len(data["decisions"]),
        "commitments": [c["text"] for c in data["commitments"]],
        "priorities": [(p["text"], p["status"]) for p in data["priorities"]],
        "open_after": data["open_after"],
        "time": data["time"]["actual_seconds"],
        "size": len(text) > 0,
    }


def test_minutes_of_a_copy_say_what_the_played_meeting_says(scale: Store) -> None:
    for played, copied in pairs(scale):
        mine = [m.id for m in scale.meetings(played)]
        theirs = [m.id for m in scale.meetings(copied)]
        assert len(mine) == len(theirs)
        for a, b in list(zip(mine, theirs, strict=True))[::3]:
            assert numbers(scale, a) == numbers(scale, b)
            markdown = minutes.render(scale, b, "md")
            assert scale.team(copied).name in markdown


def test_hand_offs_name_the_team_and_blocker_of_their_own_copy(scale: Store) -> None:
    rows = scale.rows(
        "select e.detail, i.team_id, i.target_team_id, i.id from events e "
        "join items i on i.id = e.item_id where e.type = 'handed_off'"
    )
    assert rows, "the history hands blockers off"
    for row in rows:
        detail = json.loads(row["detail"])
        assert detail["team"] == scale.team(row["target_team_id"]).name
        new = scale.item(detail["new_item_id"])
        assert new.origin_item_id == row["id"] and new.team_id == row["target_team_id"]
        created = scale.events(new.id)[0]
        assert created.details["source"] == f"handed off by {scale.team(row['team_id']).name}"
    for row in scale.rows("select detail from events where type = 'created'"):
        owner = json.loads(row["detail"]).get("owner_id")
        if owner is not None:
            scale.person(owner)  # refers to someone in the file


def test_search_finds_the_items_of_every_copy(scale: Store) -> None:
    for played, copied in pairs(scale):
        text = scale.scalar(
            "select text from items where team_id = ? and kind = 'decision' order by id limit 1",
            [played],
        )
        found = {hit.item.team_id for hit in history.search(scale, text, limit=200)}
        assert {played, copied} <= found


def test_a_copied_team_starts_its_next_meeting_with_the_same_carry_over(
    scale: Store, tmp_path: Path
) -> None:
    path = tmp_path / "copy.db"
    with sqlite3.connect(scale.path) as source, sqlite3.connect(path) as target:
        source.backup(target)
    store = Store.open(path)
    camp = load_agenda(resolve_agenda("camp"))
    clock = FakeTime(datetime.combine(TODAY, time(18, 0)))
    try:
        for played, copied in pairs(store)[:2]:
            counts = []
            for team_id in (played, copied):
                live = LiveMeeting.start(store, clock, store.team(team_id), camp, "camp")
                counts.append([len(live.items(section)) for section in live.sections])
                live.end()
            assert counts[0] == counts[1] and sum(counts[0]) > 0
        create_team(store, clock, "Newcomers")  # the file takes new rows as any other
    finally:
        store.close()


def test_the_same_seed_gives_the_same_history(tmp_path: Path) -> None:
    dumps = []
    for name in ("a.db", "b.db"):
        path = build_scale(tmp_path / name, 7, 3, seed=5, today=TODAY)
        with sqlite3.connect(path) as conn:
            dumps.append(
                [
                    conn.execute(f"select * from {table} order by rowid").fetchall()
                    for table in ("teams", "people", "items", "events", "reviews")
                ]
            )
    assert dumps[0] == dumps[1]


def test_the_command_builds_it_and_refuses_bad_sizes_and_real_databases(
    tmp_path: Path, capsys
) -> None:
    path = tmp_path / "big.db"
    result = run_main(  # --db after demo, as a user types it from the issue
        capsys, ["demo", "--teams", "3", "--weeks", "2", "--no-open", "--db", str(path)]
    )
    assert result.code == 0, result.err
    store = Store.open_readonly(path)
    assert len(store.teams()) == 3
    store.close()
    result = run_main(capsys, ["--db", str(path), "demo", "--teams", "0", "--no-open"])
    assert_one_line_error(result, "--teams", "0")
    result = run_main(capsys, ["--db", str(path), "demo", "--weeks", "99999", "--no-open"])
    assert_one_line_error(result, "--weeks", "99999")
    real = tmp_path / "real.db"
    store = Store.open(real)
    create_team(store, FakeTime(datetime(2026, 11, 2, 9, 0)), "Core")
    store.close()
    before = real.read_bytes()
    result = run_main(
        capsys, ["--db", str(real), "demo", "--teams", "2", "--weeks", "2", "--no-open"]
    )
    assert_one_line_error(result, "not a demo database")
    assert real.read_bytes() == before
