"""The follow screen (read-only) at 80x24 and on a wall screen (200x50): the section, its
items with an owner's report, the clock; and the wait before the meeting starts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.meeting.reports import report
from campmeeting.tui.app import FOLLOW_MODE
from tests.test_snapshots import THIS_WEEK, seeded, start_this_week
from tests.tui_support import make_app, still

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((200, 50), id="200x50")]


@pytest.mark.parametrize("size", SIZES)
def test_follow_accountability(snap_compare, size, source: FakeTime) -> None:
    store = seeded(source)
    team = store.team_by_name("Leadership")
    source.set(THIS_WEEK - timedelta(hours=23, minutes=48))  # Monday 09:12
    due = store.rows("select id from items where kind = 'commitment' order by id")
    report(store, source, "ana", due[0]["id"], "done")
    source.set(THIS_WEEK)
    start_this_week(store, source)
    live = LiveMeeting.resume(store, source, team)
    live.go_to(1)
    source.advance(minutes=3, seconds=20)
    live.checkpoint()
    app = make_app(store, source, team=team, mode=FOLLOW_MODE)
    assert snap_compare(app, terminal_size=size, run_before=still)


def test_follow_waiting(snap_compare, source: FakeTime) -> None:
    store = seeded(source)
    app = make_app(store, source, team=store.team_by_name("Leadership"), mode=FOLLOW_MODE)
    assert snap_compare(app, terminal_size=(80, 24), run_before=still)
