"""`campmeeting demo`: twelve weeks of history played through the real core, safely."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from campmeeting import cli, insights, rhythm
from campmeeting.clock import FakeTime
from campmeeting.demo import DEMO_TEAM_NAMES, WEEKS, build_demo, is_demo_database
from campmeeting.meeting import create_team, next_meeting_at
from campmeeting.store import Store, StoreError

TODAY = date(2026, 11, 25)  # a Wednesday
SEED = 7


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = build_demo(tmp_path_factory.mktemp("demo") / "demo.db", seed=SEED, today=TODAY)
    yield store
    store.close()


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (the migration log aside: it records the real time)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute("select name from sqlite_master where type = 'table'")
            if r[0] != "_sqlite_migrations"
        ]
        return {
            name: sorted(conn.execute(f"select * from [{name}]").fetchall(), key=repr)
            for name in sorted(names)
        }
    finally:
        conn.close()


def count(store: Store, sql: str, params: list | None = None) -> int:
    return int(store.scalar(sql, params or []))


# --------------------------------------------------------------------------- content


def test_three_teams_with_members_and_their_own_weekly_slot(demo: Store) -> None:
    teams = demo.teams()
    assert sorted(t.name for t in teams) == sorted(DEMO_TEAM_NAMES)
    for team in teams:
        assert 4 <= len(demo.members(team.id)) <= 6
        assert team.cadence and team.cadence.startswith("FREQ=WEEKLY;BYDAY=")
    assert len({t.cadence for t in teams}) == 3
    handles = [p["handle"] for p in demo.rows("select handle from people")]
    assert len(handles) == len(set(handles)) >= 12


def test_twelve_weeks_before_today_all_ended_one_week_missed(demo: Store) -> None:
    per_team = {t.name: demo.meetings(t.id) for t in demo.teams()}
    assert sorted(len(m) for m in per_team.values()) == [WEEKS - 1, WEEKS, WEEKS]
    assert count(demo, "select count(*) from meetings where status != 'ended'") == 0
    for team in demo.teams():
        meetings = per_team[team.name]
        dates = [date.fromisoformat(m.date) for m in meetings]
        assert max(dates) < TODAY and max(dates) >= TODAY - timedelta(days=7)
        assert min(dates) >= TODAY - timedelta(weeks=WEEKS)
        assert all(m.next_meeting_at for m in meetings)
        missed = rhythm.missed_meetings(
            team.cadence,
            datetime.fromisoformat(team.cadence_start),
            dates,
            datetime.combine(TODAY, datetime.min.time()),
        )
        assert len(missed) == (1 if len(meetings) == WEEKS - 1 else 0)
        # the home screen: a next meeting after today, and open work
        nxt = next_meeting_at(team, datetime.combine(TODAY, datetime.min.time()))
        assert nxt is not None and nxt.date() >= TODAY
    assert count(demo, "select count(*) from items where kind = 'blocker' and status = 'open'")
    assert count(demo, "select count(*) from items where kind = 'commitment' and status = 'open'")


def test_accountability_reviews_every_outcome_with_varied_completion(demo: Store) -> None:
    outcomes = dict(demo.db.execute("select outcome, count(*) from reviews group by outcome"))
    assert set(outcomes) == {"done", "rescoped", "abandoned", "open"}
    assert count(demo, "select count(*) from reviews where outcome is null") == 0
    rates = [insights.completion_rate(demo, m.id).value for m in demo.meetings()]
    defined = [r for r in rates if r is not None]
    assert len(defined) >= 30
    assert min(defined) >= 0.5 and min(defined) < 1.0 and max(defined) == 1.0
    assert (
        count(demo, "select count(*) from events where type = 'rescoped'") == outcomes["rescoped"]
    )
    # an overdue commitment: reviewed in a meeting after its due date
    assert count(
        demo,
        "select count(*) from reviews r join items i on i.id = r.item_id "
        "join meetings m on m.id = r.meeting_id where i.due_date < m.date",
    )


def test_blockers_carried_for_weeks_resolved_dropped_and_decided(demo: Store) -> None:
    last = {t.id: demo.last_meeting(t.id) for t in demo.teams()}
    long_open = [
        row
        for row in demo.rows("select * from items where kind = 'blocker' and status = 'open'")
        if insights.times_carried(demo, row["id"]) >= 8
        and insights.blocker_age_weeks(
            row["created_at"], date.fromisoformat(last[row["team_id"]].date)
        )
        >= 8
    ]
    assert len(long_open) >= 3  # one per team, open since the second week
    statuses = {r["status"] for r in demo.rows("select status from items where kind = 'blocker'")}
    assert {"open", "resolved", "dropped", "handed_off"} <= statuses
    linked = count(
        demo,
        "select count(*) from items d join items b on b.id = d.blocker_id "
        "where d.kind = 'decision' and b.kind = 'blocker'",
    )
    assert linked >= 10
    start = datetime.combine(TODAY - timedelta(weeks=13), datetime.min.time())
    velocity = insights.decision_velocity(demo, start, datetime.combine(TODAY, datetime.min.time()))
    assert velocity.resolved >= 10 and velocity.median_days is not None


def test_a_blocker_handed_to_another_team_is_brought_and_cleared_there(demo: Store) -> None:
    handed = demo.rows("select * from items where status = 'handed_off'")
    assert handed
    for original in handed:
        successor = demo.row("select * from items where origin_item_id = ?", [original["id"]])
        assert successor is not None
        assert successor["team_id"] == original["target_team_id"] != original["team_id"]
        assert "brought" in [e.type for e in demo.events(successor["id"])]
    assert any(
        demo.row("select status from items where origin_item_id = ?", [o["id"]])["status"]
        == "resolved"
        for o in handed
    )


def test_priorities_go_off_track_and_back_some_done_one_dropped(demo: Store) -> None:
    paths = []
    for row in demo.rows("select id from items where kind = 'priority'"):
        moves = [e.to_status for e in demo.events(row["id"]) if e.type == "status"]
        paths.append(moves)
    assert any("off_track" in m and "on_track" in m[m.index("off_track") :] for m in paths)
    assert sum("done" in m for m in paths) >= 3
    assert sum("dropped" in m for m in paths) == 1


def test_messages_cascade_and_are_acknowledged(demo: Store) -> None:
    assert count(demo, "select count(*) from events where type = 'delivered'") >= 5
    acknowledged = demo.rows(
        "select i.*, e.meeting_id from items i join events e on e.item_id = i.id "
        "where e.type = 'acknowledged'"
    )
    assert len(acknowledged) >= 5
    for row in acknowledged:  # acknowledged in a meeting of the team it was sent to
        assert demo.meeting(row["meeting_id"]).team_id == row["target_team_id"]


def test_ratings_vary_and_sections_overrun(demo: Store) -> None:
    ratings = [insights.meeting_rating(demo, m.id) for m in demo.meetings()]
    assert all(r is not None for r in ratings)
    assert max(ratings) - min(ratings) >= 2
    assert count(demo, "select count(distinct rating) from attendance") >= 4
    assert count(demo, "select count(*) from attendance where present = 0")
    overruns = count(
        demo, "select count(*) from section_runs where actual_seconds > planned_seconds * 1.15"
    )
    assert overruns >= 10
    ratios = [insights.time_discipline(demo, m.id).ratio for m in demo.meetings()]
    assert min(ratios) < 1 < max(ratios)


def test_items_added_between_meetings_some_still_waiting(demo: Store) -> None:
    added = demo.rows(
        "select i.* from items i join events e on e.item_id = i.id "
        "where e.type = 'created' and e.detail like '%\"source\": \"cli\"%'"
    )
    assert len(added) >= 3
    waiting = [r for r in added if r["created_meeting_id"] is None]
    brought = [r for r in added if r["created_meeting_id"] is not None]
    assert waiting and brought
    for row in brought:
        assert "brought" in [e.type for e in demo.events(row["id"])]


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_database_row_for_row(tmp_path: Path) -> None:
    first = build_demo(tmp_path / "a.db", seed=SEED, today=TODAY)
    second = build_demo(tmp_path / "b.db", seed=SEED, today=TODAY)
    other = build_demo(tmp_path / "c.db", seed=SEED + 1, today=TODAY)
    for store in (first, second, other):
        store.close()
    a, b, c = (dump(tmp_path / name) for name in ("a.db", "b.db", "c.db"))
    assert a["items"] and a["events"]
    assert a == b
    assert a != c


# --------------------------------------------------------------------------- safety


def test_the_file_is_marked_and_a_real_database_is_not(tmp_path: Path) -> None:
    store = build_demo(tmp_path / "demo.db", seed=SEED, today=TODAY)
    store.close()
    assert is_demo_database(tmp_path / "demo.db")
    real = Store.open(tmp_path / "real.db")
    real.close()
    assert not is_demo_database(tmp_path / "real.db")
    assert not is_demo_database(tmp_path / "missing.db")


def test_refuses_a_real_database_and_leaves_it_untouched(tmp_path: Path) -> None:
    path = tmp_path / "campmeeting.db"
    real = Store.open(path)
    create_team(real, FakeTime(datetime(2026, 11, 2, 9, 0)), "Product")  # a demo team name
    real.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    real.close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(StoreError, match="not a demo database") as refused:
        build_demo(path, seed=SEED, today=TODAY)
    assert "\n" not in str(refused.value)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_refuses_other_files_and_folders(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    with pytest.raises(StoreError):
        build_demo(notes, seed=SEED, today=TODAY)
    assert notes.read_text() == "my notes\n"
    with pytest.raises(StoreError, match="not a file"):
        build_demo(tmp_path, seed=SEED, today=TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_replaces_an_earlier_demo_and_fills_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, seed=SEED, today=TODAY).close()
    build_demo(path, seed=SEED + 1, today=TODAY).close()
    build_demo(tmp_path / "fresh.db", seed=SEED + 1, today=TODAY).close()
    assert dump(path) == dump(tmp_path / "fresh.db")
    empty = tmp_path / "empty.db"
    empty.touch()
    build_demo(empty, seed=SEED, today=TODAY).close()
    assert is_demo_database(empty)
    leftovers = [p.name for p in tmp_path.iterdir() if "building" in p.name]
    assert leftovers == []


# --------------------------------------------------------------------------- command


def run_cli(args: list[str]) -> int:
    try:
        cli.main(args)
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def test_demo_command_writes_the_given_db(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.db"
    assert run_cli(["--db", str(path), "demo", "--no-open", "--seed", "3"]) == 0
    assert is_demo_database(path)
    assert str(path) in capsys.readouterr().err
    store = Store.open_readonly(path)
    try:
        assert sorted(t.name for t in store.teams()) == sorted(DEMO_TEAM_NAMES)
        assert count(store, "select count(*) from meetings") == 3 * WEEKS - 1
    finally:
        store.close()


def test_demo_command_refuses_a_real_db_with_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "real.db"
    real = Store.open(path)
    real.close()
    capsys.readouterr()
    assert run_cli(["--db", str(path), "demo", "--no-open"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a demo database" in err
    assert not is_demo_database(path)


def test_demo_command_never_writes_into_the_database_of_the_environment(
    tmp_path: Path, monkeypatch
) -> None:
    real = tmp_path / "work.db"
    monkeypatch.setenv("CAMPMEETING_DB", str(real))
    assert run_cli(["demo", "--no-open"]) == 0
    assert not real.exists()
    assert is_demo_database(tmp_path / "campmeeting-demo.db")


@pytest.mark.parametrize("offset", range(7))
def test_on_any_weekday_only_the_skipped_week_counts_as_missed(tmp_path: Path, offset) -> None:
    today = TODAY + timedelta(days=offset)
    store = build_demo(tmp_path / "demo.db", seed=offset, today=today)
    try:
        midnight = datetime.combine(today, datetime.min.time())
        missed = []
        for team in store.teams():
            held = [date.fromisoformat(m.date) for m in store.meetings(team.id)]
            assert max(held) < today
            start = datetime.fromisoformat(team.cadence_start)
            missed += rhythm.missed_meetings(team.cadence, start, held, midnight)
            assert next_meeting_at(team, midnight).date() - max(held) <= timedelta(7)
        assert len(missed) == 1
    finally:
        store.close()


def test_each_team_has_a_scorecard_of_twelve_weeks_some_off_track(demo: Store) -> None:
    from campmeeting import scorecard
    from campmeeting.model import Track

    off = 0
    for team in demo.teams():
        measurables = scorecard.measurables(demo, team.id)
        assert 5 <= len(measurables) <= 8
        meetings = [m.date for m in demo.meetings(team.id)]
        weeks = sorted({scorecard.iso_week(date.fromisoformat(d)) for d in meetings})
        for measurable in measurables:
            rows = demo.rows(
                "select week, value, recorded_by, meeting_id from measurable_values "
                "where measurable_id = ? order by week",
                [measurable.id],
            )
            assert len(rows) >= 9, measurable.title  # 12 weeks, a gap now and then
            assert len({r["week"] for r in rows}) == len(rows) <= WEEKS
            assert {r["week"] for r in rows} <= set(weeks) | {
                scorecard.iso_week(TODAY - timedelta(days=n)) for n in range(7 * WEEKS)
            }
            assert all(r["recorded_by"] == measurable.owner_id for r in rows)
            assert all(r["meeting_id"] is None for r in rows)  # the evening before
            goal = scorecard.goal_of(measurable)
            off += sum(goal.evaluate(r["value"]) == Track.OFF for r in rows)
        card = scorecard.build_scorecard(demo, team.id, weeks[-1])
        assert card.rows and card.missing < len(card.rows)
    assert off >= 10
    found = insights.build_insights(demo, TODAY)
    assert any(s.kind == "measurable_off_goal" for s in found.signals())
    assert all(len(t.measurables) >= 5 for t in found.teams)
