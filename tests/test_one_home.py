"""One home per rule: the live screen, the minutes and review show the same value for
the same item, because each value is said by one function (ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import datetime

from campmeeting import history, insights
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.minutes import build_minutes, render
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.text import age_label, duration, short_date, status_word, visible
from campmeeting.tui.screens.ended import EndedScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.widgets.clock_face import ClockFace
from campmeeting.tui.widgets.item_list import item_line
from campmeeting.tui.widgets.item_refs import ref_line
from campmeeting.tui.widgets.section_rail import SectionRail
from tests.tui_support import HOSTILE, make_app, seed_team, wait_for_screen, wait_until

WEEK1 = datetime(2026, 11, 24, 9, 0)


def camp_meeting(store: Store, source: FakeTime, team: Team) -> LiveMeeting:
    return LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("camp")), "camp")


def three_weeks(store: Store, source: FakeTime) -> tuple[Team, int, LiveMeeting]:
    """A blocker raised in week 1 and open in week 3 (carried twice), the week-3 meeting live."""
    source.set(WEEK1)
    team = seed_team(store, source)
    live = camp_meeting(store, source, team)
    live.go_to(3)
    blocker = live.capture(f"Vendor contract stuck {HOSTILE}").item_ids[0]
    live.end()
    source.set(datetime(2026, 12, 1, 9, 0))  # week 2: carried once
    camp_meeting(store, source, team).end()
    source.set(datetime(2026, 12, 8, 9, 0))  # week 3: carried twice
    live = camp_meeting(store, source, team)
    live.go_to(3)
    return team, blocker, live


async def test_times_carried_and_age_are_the_same_on_screen_in_the_minutes_and_in_review(
    source: FakeTime,
) -> None:
    store = Store.memory()
    team, blocker, live = three_weeks(store, source)
    view = next(v for v in live.items() if v.id == blocker)
    assert view.times_carried == 2 and view.age_days == 14
    line = item_line(view, source.now().date()).plain
    assert f"carried 2× · {age_label(14)} old" in line  # the screen
    minutes = build_minutes(store, live.meeting_id)
    entry = next(b for b in minutes.blockers if b.id == blocker)
    assert (entry.times_carried, entry.age_days) == (2, 14)  # the minutes (and JSON)
    assert f"{age_label(14)} old, carried 2 times" in render(store, live.meeting_id, "md")
    found = history.item_history(store, blocker)
    assert found is not None
    assert sum(1 for e in found.events if e.label == "carried") == 2  # review's history
    assert insights.times_carried(store, blocker, live.meeting_id) == 2


async def test_a_duration_is_the_same_live_in_the_minutes_and_after_the_meeting(
    source: FakeTime,
) -> None:
    store = Store.memory()
    source.set(WEEK1)
    team = seed_team(store, source)
    camp_meeting(store, source, team)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        source.advance(seconds=59.6)  # 59.6 s in check-in: 00:59 everywhere, never 1:00
        screen.tick()
        assert str(screen.query_one("#clock-digits", ClockFace).value) == "04:01"  # left
        # the rail shows the current section's timebox: its running time is the clock's
        assert screen.query_one(SectionRail).plain().startswith("▶ 1. Check-in\n     05:00\n")
        screen.live.go_to(1)  # on to the next section: check-in's time is on the rail
        screen.tick()
        rail = screen.query_one(SectionRail).plain()
        assert "00:59 / 05:00" in rail
        screen.live.go_to(7)
        screen.live.end()
        meeting_id = screen.live.meeting_id
        minutes = render(store, meeting_id, "md")
        assert "**Check-in:** 00:59 of 05:00 planned" in minutes
        pilot.app.push_screen(EndedScreen(store, meeting_id))
        ended = await wait_for_screen(pilot, EndedScreen)
        await wait_until(pilot, lambda: ended.query("#ended-summary"), "the summary")
        summary = str(ended.query_one("#ended-summary").render())
        assert "Time: 0:00:59 of 1:00:00 planned" in summary  # side by side: one shape
        assert duration(59.6) == "00:59"


def test_status_words_and_user_text_are_the_same_everywhere(source: FakeTime) -> None:
    store = Store.memory()
    team, blocker, live = three_weeks(store, source)
    live.go_to(2)
    priority = live.capture("Hire two engineers @bo").item_ids[0]
    live.set_status(priority, "off_track")
    view = next(v for v in live.items() if v.id == priority)
    screen_line = item_line(view, source.now().date()).plain
    word = status_word("off_track")
    assert f"[{word}]" in screen_line  # the screen
    assert f"**{word.capitalize()}:** Hire two engineers" in render(store, live.meeting_id, "md")
    ref = history.item_ref(store, priority)
    assert ref is not None and f"[{word}]" in ref_line(ref).plain  # review's lists
    # user text: shown literally, control characters visible, the same on screen and in review
    blocker_ref = history.item_ref(store, blocker)
    assert blocker_ref is not None
    assert visible(HOSTILE) in ref_line(blocker_ref).plain
    blocker_view = next(v for v in live.items(live.sections[3]) if v.id == blocker)
    assert visible(HOSTILE) in item_line(blocker_view, source.now().date()).plain


def test_due_dates_name_the_same_day_on_screen_and_in_the_minutes(source: FakeTime) -> None:
    store = Store.memory()
    source.set(WEEK1)
    team = seed_team(store, source)
    live = camp_meeting(store, source, team)
    live.go_to(5)
    item = live.capture("Draft the plan @ana due:2026-12-04").item_ids[0]
    view = next(v for v in live.items() if v.id == item)
    day = short_date(datetime(2026, 12, 4).date(), source.now().date())  # "Fri 4 Dec"
    assert f"due {day}" in item_line(view, source.now().date()).plain
    assert f"due {day} 2026" in render(store, live.meeting_id, "md")  # a record: the year too


def commitment_due_before(source: FakeTime, status: str, position: int) -> str:
    """The screen's line of a commitment due a week before this meeting, now `status`,
    as listed in the section at `position` (1 accountability, 5 commitments)."""
    store = Store.memory()
    source.set(WEEK1)
    team = seed_team(store, source)
    live = camp_meeting(store, source, team)
    live.go_to(position)
    item = live.capture("Draft the plan @ana due:2026-11-26").item_ids[0]
    with store.db.conn:  # as if it had been due a week before this meeting
        store.db.execute(
            "update items set due_date = '2026-11-17', status = ? where id = ?", [status, item]
        )
    view = next(v for v in live.items() if v.id == item)
    return item_line(view, source.now().date()).plain


def test_an_overdue_commitment_says_so_once(source: FakeTime) -> None:
    """'overdue 1 week' in red, not 'overdue 1 week  OVERDUE'."""
    line = commitment_due_before(source, "open", 1)
    assert "overdue 1 week" in line and "OVERDUE" not in line


def test_a_commitment_done_late_shows_when_it_was_due_not_overdue(source: FakeTime) -> None:
    line = commitment_due_before(source, "done", 5)  # commitments: this meeting's, all
    assert "due Tue 17 Nov" in line and "overdue" not in line
