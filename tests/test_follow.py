"""`campmeeting follow`: a participant's read-only view of a team's meeting. It waits for
the meeting, follows the facilitator through data_version, shows the summary at the end,
and cannot write (the file is byte-for-byte unchanged while nothing else writes)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from campmeeting.agenda import Agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.meeting.follow import MAX_AHEAD, Follower, Phase, team_to_follow
from campmeeting.store import Store, StoreError
from campmeeting.tui.app import FOLLOW_MODE
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.screens.follow import FollowScreen
from campmeeting.tui.widgets.item_list import ItemList
from campmeeting.tui.widgets.meeting_clock import MeetingClock
from tests.cli_support import assert_one_line_error, run_main
from tests.tui_support import make_app, seed_team, wait_for_screen, wait_until


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def files(tmp_path: Path, source: FakeTime):
    """A database file with the team Leadership; a writer (the facilitator's terminal)
    and a read-only reader (the follower)."""
    path = tmp_path / "camp.db"
    writer = Store.open(path)
    seed_team(writer, source)
    reader = Store.open_readonly(path)
    yield path, writer, reader
    reader.close()
    writer.close()


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


# --------------------------------------------------------------------------- the core


def test_the_follower_waits_follows_and_sees_the_end(files, source, camp: Agenda) -> None:
    _path, writer, reader = files
    team = reader.team_by_name("Leadership")
    follower = Follower(reader, source, team)
    assert follower.phase == Phase.WAITING
    assert not follower.poll()  # nothing changed: nothing read
    live = LiveMeeting.start(writer, source, team, camp, "camp")
    assert follower.poll() and follower.phase == Phase.LIVE
    assert follower.live is not None and follower.live.position == 0
    live.go_to(1)
    assert follower.poll() and follower.live.current.title == "Accountability"
    live.toggle_pause()
    assert follower.poll() and follower.paused
    live.toggle_pause()
    live.end()
    assert follower.poll() and follower.phase == Phase.ENDED
    assert follower.ended is not None and follower.ended.id == live.meeting_id
    # the next meeting: followed again from its start
    LiveMeeting.start(writer, source, team, camp, "camp")
    assert follower.poll() and follower.phase == Phase.LIVE


def test_the_clock_runs_on_a_little_and_never_backwards(files, source, camp) -> None:
    _path, writer, reader = files
    team = reader.team_by_name("Leadership")
    live = LiveMeeting.start(writer, source, team, camp, "camp")
    source.advance(10)
    live.checkpoint()  # the facilitator's tick writes 10 s
    follower = Follower(reader, source, team)
    assert follower.section_elapsed() == pytest.approx(10)
    source.advance(0.7)
    assert follower.section_elapsed() == pytest.approx(10.7)  # on its own clock
    source.advance(30)  # the facilitator's terminal stopped writing: it stops too
    assert follower.section_elapsed() == pytest.approx(10 + MAX_AHEAD)
    # a write by someone else (not the clock) never sets the clock back
    live.save_draft("typing")
    assert follower.poll()
    assert follower.section_elapsed() == pytest.approx(10 + MAX_AHEAD)
    live.checkpoint()  # the facilitator writes again: 40.7 s
    assert follower.poll()
    assert follower.section_elapsed() == pytest.approx(40.7)


def test_the_team_to_follow(store, source, camp) -> None:
    assert team_to_follow(store) is None  # no team
    leadership = seed_team(store, source)
    assert team_to_follow(store).id == leadership.id  # the only team
    ops = seed_team(store, source, "Ops")
    assert team_to_follow(store) is None  # a choice
    LiveMeeting.start(store, source, ops, camp, "camp")
    assert team_to_follow(store).id == ops.id  # the only live one (its cadence set by now)


# --------------------------------------------------------------------------- the screen


async def test_the_screen_follows_the_facilitator(files, source, camp) -> None:
    _path, writer, reader = files
    team = reader.team_by_name("Leadership")
    app = make_app(reader, source, team=team, mode=FOLLOW_MODE)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, FollowScreen)
        assert "Waiting for Leadership's meeting to start…" in text_of(screen, "#follow-message")
        live = LiveMeeting.start(writer, source, team, camp, "camp")
        live.capture("We closed Acme @ana")
        screen.poll()
        await wait_until(pilot, lambda: screen.query_one("#meeting-body").display)
        assert "1/8  Check-in" in text_of(screen, "#section-title")
        items = screen.query_one("#items", ItemList)
        assert "We closed Acme" in str(items.get_option_at_index(0).prompt)
        assert "05:00" in text_of(screen, "#clock-compact") + str(
            screen.query_one("#clock-digits").value
        )
        await pilot.pause()  # laid out (a list shown while hidden is drawn again once laid out)
        first = items.get_option_at_index(0)
        source.advance(1)
        live.checkpoint()  # the clock's write, once a second: the list is not redrawn
        screen.poll()
        await pilot.pause()
        assert items.get_option_at_index(0) is first
        source.advance(60)
        live.go_to(1)
        screen.poll()
        await wait_until(pilot, lambda: "Accountability" in text_of(screen, "#section-title"))
        live.toggle_pause()
        screen.poll()
        clock = screen.query_one("#clock", MeetingClock)
        await wait_until(pilot, lambda: clock.has_class("-paused"))
        assert text_of(screen, "#clock-caption") == "PAUSED"  # no key to press here
        live.end()
        screen.poll()
        await wait_until(pilot, lambda: screen.query_one("#follow-message").display)
        message = text_of(screen, "#follow-message")
        assert "Leadership: meeting of" in message and "ended." in message
        assert "Commitments done:" in message


async def test_following_never_writes(files, source, camp) -> None:
    path, writer, reader = files
    team = reader.team_by_name("Leadership")
    live = LiveMeeting.start(writer, source, team, camp, "camp")
    live.capture("Good news @ana")
    reader.close()
    writer.close()  # nothing else writes from here on
    before = digest(path)
    reader = Store.open_readonly(path)
    assert reader.readonly
    app = make_app(reader, source, team=reader.team_by_name("Leadership"), mode=FOLLOW_MODE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, FollowScreen)
        for _ in range(5):
            source.advance(1)
            screen.poll()
            await pilot.pause()
        await pilot.press("down", "enter", "a", "n", "space", "y", "1")  # keys do nothing
        await pilot.pause()
        assert isinstance(app.screen, FollowScreen)
        follower = screen.follower
        assert follower is not None and follower.live is not None
        with pytest.raises(StoreError):  # the store refuses, and SQLite refuses below it
            follower.live.checkpoint()
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.db.execute("update teams set name = 'x'")
        await pilot.press("q")
    reader.close()
    assert digest(path) == before


async def test_without_a_team_it_asks_which(tmp_path, source) -> None:
    path = tmp_path / "camp.db"
    writer = Store.open(path)
    seed_team(writer, source)
    seed_team(writer, source, "Ops")
    reader = Store.open_readonly(path)
    app = make_app(reader, source, mode=FOLLOW_MODE)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await wait_for_screen(pilot, ChoiceScreen)
        assert [c.value.name for c in dialog.choices] == ["Leadership", "Ops"]
        dialog.dismiss(dialog.choices[1].value)
        screen = await wait_for_screen(pilot, FollowScreen)
        await wait_until(pilot, lambda: "Ops's meeting" in text_of(screen, "#follow-message"))
    reader.close()
    writer.close()


# --------------------------------------------------------------------------- the command


def test_follow_refusals(capsys, tmp_path, source) -> None:
    db = tmp_path / "camp.db"
    assert_one_line_error(run_main(capsys, ["--db", str(db), "follow"]), "no such database")
    Store.open(db).close()
    assert_one_line_error(run_main(capsys, ["--db", str(db), "follow"]), "no teams yet")
    store = Store.open(db)
    seed_team(store, source)
    store.close()
    assert_one_line_error(
        run_main(capsys, ["--db", str(db), "follow", "--team", "Nope"]), "no team named 'Nope'"
    )


async def test_following_the_scorecard_shows_its_table_read_only(files, source) -> None:
    from campmeeting import scorecard
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.tui.widgets.scorecard_table import ScorecardPanel

    path, writer, reader = files
    team = reader.team_by_name("Leadership")
    revenue = scorecard.add_measurable(writer, source, team, "Revenue", ">= 100k", unit="$")
    live = LiveMeeting.start(writer, source, team, load_agenda(resolve_agenda("level10")), "l10")
    live.go_to(1)
    live.record_measurable(revenue.id, "92k")
    before = digest(path)
    app = make_app(reader, source, team=team, mode=FOLLOW_MODE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, FollowScreen)
        panel = screen.query_one(ScorecardPanel)
        await wait_until(pilot, lambda: panel.display and panel.table.row_count == 1, "table")
        assert not screen.query_one("#items", ItemList).display
        assert str(panel.table.get_row(str(revenue.id))[3]) == "✗ $92,000"
        await pilot.press("7", "enter", "i")  # nothing typed, nothing dropped down
        await pilot.pause()
        assert not panel.entering
    assert digest(path) == before
