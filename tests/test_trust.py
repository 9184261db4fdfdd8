"""A meeting the room can trust (issue 9): the next meeting is one stored fact, cadences in
words, due:next follows the next meeting, the mistaken and the forgotten meeting, one
grammar, and the numbers the room sees. Each test failed on the first wave's code."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from campmeeting import history, insights
from campmeeting.agenda import Agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import (
    LiveMeeting,
    MeetingError,
    add_between_meetings,
    add_member,
    create_team,
    team_rows,
)
from campmeeting.meeting.teams import move_next_meeting, upcoming
from campmeeting.minutes import build_minutes, render
from campmeeting.model import ItemKind
from campmeeting.records import Team
from campmeeting.store import Store
from tests.cli_support import assert_one_line_error, run_main


def start(store: Store, source: FakeTime, team: Team, camp: Agenda, when: str) -> LiveMeeting:
    source.set(datetime.fromisoformat(when))
    return LiveMeeting.start(store, source, team, camp, "camp")


def go(live: LiveMeeting, kind: str) -> None:
    live.go_to(next(s.position for s in live.sections if s.kind == kind))


def wednesday_team(store: Store, source: FakeTime) -> Team:
    source.set(datetime(2026, 11, 20, 12, 0))  # a Friday
    team = create_team(store, source, "Ops", cadence="every wednesday 8:30")
    for handle in ("ana", "bo", "cy"):
        add_member(store, source, team, handle, handle.capitalize())
    return store.team(team.id)


# --------------------------------------------------------------------- the next meeting


def test_a_meeting_held_early_takes_its_occurrences_place(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    """Finding: after a meeting held on Tuesday, a Wednesday team's next meeting came out
    as Wednesday 08:25 the next day."""
    team = wednesday_team(store, source)
    assert team.next_meeting_at == "2026-11-25T08:30"  # stored when the cadence was set
    live = start(store, source, team, camp, "2026-11-24 14:00")  # Tuesday, a day early
    assert live.next_meeting() == datetime(2026, 12, 2, 8, 30)  # not tomorrow
    live.end()
    team = store.team(team.id)
    assert team.next_meeting_at == "2026-12-02T08:30"
    # home, `teams list`, the minutes and the ICS all say the same
    (row,) = team_rows(store, source)
    assert row.next_meeting == datetime(2026, 12, 2, 8, 30)
    minutes = build_minutes(store, live.meeting_id)
    assert minutes.next_meeting_at == "2026-12-02T08:30"
    (event,) = Calendar.from_ical(render(store, live.meeting_id, "ics")).walk("VEVENT")
    assert event.decoded("dtstart").replace(tzinfo=None) == datetime(2026, 12, 2, 8, 30)


def test_a_late_meeting_is_followed_by_the_next_occurrence(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    team = wednesday_team(store, source)
    live = start(store, source, team, camp, "2026-11-26 09:00")  # Thursday, a day late
    assert live.next_meeting() == datetime(2026, 12, 2, 8, 30)


def test_a_meeting_whose_time_has_come_is_still_the_next_one(
    store: Store, source: FakeTime
) -> None:
    """Found in the three-week run: at 09:00 on the day, home showed next week's date
    while the team was about to hold this one."""
    wednesday_team(store, source)
    source.set(datetime(2026, 11, 25, 8, 32))  # two minutes past its time
    (row,) = team_rows(store, source)
    assert row.next_meeting == datetime(2026, 11, 25, 8, 30)
    assert row.due
    source.set(datetime(2026, 11, 28, 21, 0))  # over half a week on: it was missed
    (row,) = team_rows(store, source)
    assert row.next_meeting == datetime(2026, 12, 2, 8, 30)
    assert not row.due


def test_an_occurrence_before_the_cadence_was_set_is_not_missed(
    store: Store, source: FakeTime
) -> None:
    """Found in the three-week run: a team added on Monday at 16:00 to meet "every other
    monday 14:30" showed "missed 1 meeting" for that same Monday a week later."""
    source.set(datetime(2026, 11, 30, 16, 0))
    create_team(store, source, "Ops", cadence="every other monday 14:30")
    source.set(datetime(2026, 12, 8, 9, 30))
    (row,) = team_rows(store, source)
    assert row.missed == []
    assert row.next_meeting == datetime(2026, 12, 14, 14, 30)
    source.set(datetime(2026, 12, 18, 9, 0))  # the 14 Dec meeting was not held
    (row,) = team_rows(store, source)
    assert [d.isoformat() for d in row.missed] == ["2026-12-14"]


def test_n_at_the_close_moves_the_next_meeting_for_every_screen(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    """Finding: N reached the ended screen and minutes, but home and `teams list` still
    showed the cadence's date."""
    team = wednesday_team(store, source)
    live = start(store, source, team, camp, "2026-11-25 08:30")
    live.set_next_meeting_text("thu 10:00")
    assert upcoming(store, team, source) == datetime(2026, 11, 26, 10, 0)
    live.end()
    assert upcoming(store, team, source) == datetime(2026, 11, 26, 10, 0)
    assert store.team(team.id).next_meeting_at == "2026-11-26T10:00"
    with pytest.raises(MeetingError, match="has passed"):
        move_next_meeting(store, source, team, datetime(2026, 11, 25, 7, 0))


def test_a_moved_next_meeting_is_an_override_of_the_series(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    """Found in the three-week run: moved to Thursday, the ICS started a Wednesday series
    on that Thursday (a DTSTART off the RRULE: calendars disagree what that means)."""
    team = wednesday_team(store, source)
    live = start(store, source, team, camp, "2026-11-25 08:30")
    live.set_next_meeting_text("2026-12-03 10:00")  # Thursday instead of Wed 2 Dec
    live.end()
    minutes = build_minutes(store, live.meeting_id)
    assert (minutes.next_meeting_at, minutes.next_meeting_slot) == (
        "2026-12-03T10:00",
        "2026-12-02T08:30",
    )
    series, moved = Calendar.from_ical(render(store, live.meeting_id, "ics")).walk("VEVENT")
    assert series.decoded("dtstart").replace(tzinfo=None) == datetime(2026, 12, 2, 8, 30)
    assert "RRULE" in series and "RECURRENCE-ID" not in series
    assert moved["uid"] == series["uid"]
    assert moved.decoded("recurrence-id").replace(tzinfo=None) == datetime(2026, 12, 2, 8, 30)
    assert moved.decoded("dtstart").replace(tzinfo=None) == datetime(2026, 12, 3, 10, 0)
    assert "RRULE" not in moved


def test_minutes_of_a_live_meeting_show_the_meeting_after_it(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    """Finding: minutes opened during a live meeting showed its own start as next."""
    team = wednesday_team(store, source)
    live = start(store, source, team, camp, "2026-11-25 08:31")
    assert build_minutes(store, live.meeting_id).next_meeting_at == "2026-12-02T08:30"


def test_the_default_cadence_is_the_first_meetings_half_hour(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    """Finding: the default was the exact minute the first meeting started (08:25)."""
    live = start(store, source, team, camp, "2026-11-24 08:25")
    assert store.team(team.id).cadence == "FREQ=WEEKLY;BYDAY=TU;BYHOUR=8;BYMINUTE=30"
    assert live.next_meeting() == datetime(2026, 12, 1, 8, 30)


# --------------------------------------------------------------------- due:next follows


def test_due_next_follows_the_next_meeting_when_it_moves(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    """Finding: moved earlier, a due:next commitment showed "due tomorrow" and skipped
    the review."""
    team = wednesday_team(store, source)
    live = start(store, source, team, camp, "2026-11-25 08:30")
    go(live, "commitments")
    k1 = live.capture("Send the plan @ana due:next").item_ids[0]
    k2 = live.capture("Call the bank @bo").item_ids[0]  # no due: the next meeting too
    k3 = live.capture("Book the room @cy due:2026-12-02").item_ids[0]  # a date: stays
    assert [store.item(k).due_date for k in (k1, k2, k3)] == ["2026-12-02"] * 3
    live.set_next_meeting(datetime(2026, 11, 30, 9, 0))  # moved earlier, to Monday
    assert [store.item(k).due_date for k in (k1, k2)] == ["2026-11-30", "2026-11-30"]
    assert store.item(k3).due_date == "2026-12-02"
    live.end()
    monday = start(store, source, team, camp, "2026-11-30 09:00")
    review = {v.id for v in monday.items(monday.sections[1]) if v.due_in_review}
    assert review == {k1, k2}  # due at this meeting: reviewed here


def test_a_missed_meeting_does_not_make_due_next_overdue(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    team = wednesday_team(store, source)
    live = start(store, source, team, camp, "2026-11-25 08:30")
    go(live, "commitments")
    k = live.capture("Send the plan @ana due:next").item_ids[0]
    live.end()
    later = start(store, source, team, camp, "2026-12-09 08:30")  # 2 Dec was missed
    (view,) = [v for v in later.items(later.sections[1]) if v.id == k]
    assert view.due_in_review and not view.overdue
    assert store.item(k).due_date == "2026-12-09"


# --------------------------------------------------------------------- mistakes, stale


def test_a_meeting_started_by_mistake_is_discarded_as_if_never_started(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    team = wednesday_team(store, source)
    first = start(store, source, team, camp, "2026-11-25 08:30")
    go(first, "commitments")
    k = first.capture("Send the plan @ana").item_ids[0]
    first.end()
    source.set(datetime(2026, 11, 27, 12, 0))
    b = add_between_meetings(store, source, team, ItemKind.BLOCKER, "Printer down").id
    oops = start(store, source, team, camp, "2026-11-27 12:05")
    oops.discard()
    assert store.live_meeting(team.id) is None
    assert store.scalar("select count(*) from meetings") == 1
    assert store.item(b).created_meeting_id is None  # waits for the next meeting again
    assert store.item(k).due_next and store.item(k).due_date == "2026-12-02"
    again = start(store, source, team, camp, "2026-12-02 08:30")
    assert b in {v.id for v in again.items(again.sections[3])}
    go(again, "blockers")
    again.capture("Now something is captured")
    with pytest.raises(MeetingError, match="holds work"):
        again.discard()


def test_a_forgotten_live_meeting_is_stale_and_ends_as_of_its_last_activity(
    store: Store, source: FakeTime, camp: Agenda
) -> None:
    from campmeeting.meeting import end_stale_meeting

    team = wednesday_team(store, source)
    live = start(store, source, team, camp, "2026-11-25 08:30")
    source.advance(minutes=40)
    live.checkpoint()
    source.set(datetime(2026, 11, 27, 9, 0))
    (row,) = team_rows(store, source)
    assert row.live is not None and row.live.stale
    assert row.live.last_activity == datetime(2026, 11, 25, 9, 10)
    ended = end_stale_meeting(store, source, row.live.meeting)
    assert ended.ended_at == "2026-11-25T08:10:00+00:00"  # 09:10 Berlin, not now


# --------------------------------------------------------------------- one grammar, the CLI


def test_the_cli_reads_cadences_in_words_and_moves_the_next_meeting(capsys, tmp_path) -> None:
    """Finding: `teams add --cadence "every tuesday 9:00"` was refused."""
    db = str(tmp_path / "c.db")
    result = run_main(
        capsys, ["--db", db, "teams", "add", "Ops", "--cadence", "every tuesday 9:00"]
    )
    assert result.code == 0, result.err
    assert "meets every Tuesday at 09:00" in result.out
    result = run_main(
        capsys, ["--db", db, "teams", "schedule", "Ops", "every", "other", "monday", "14:30"]
    )
    assert "every other Monday at 14:30" in result.out
    listing = run_main(capsys, ["--db", db, "teams", "list"])
    assert "every other Monday at 14:30" in listing.out
    assert_one_line_error(
        run_main(capsys, ["--db", db, "teams", "schedule", "Ops", "every", "funday", "9:00"]),
        "funday",
    )
    assert_one_line_error(run_main(capsys, ["--db", db, "teams", "next", "Ops", "nope"]), "nope")


def test_add_reads_a_line_as_the_section_does(capsys, tmp_path) -> None:
    """Finding: `add ... blocker "x #Sales"` kept #Sales as text."""
    db = str(tmp_path / "c.db")
    run_main(capsys, ["--db", db, "teams", "add", "Ops"])
    run_main(capsys, ["--db", db, "teams", "add", "Sales"])
    result = run_main(
        capsys, ["--db", db, "add", "--team", "Ops", "blocker", "Pricing unclear #Sales"]
    )
    assert result.code == 0, result.err
    store = Store.open(db)
    try:
        rows = store.rows("select text, status, team_id from items order by id")
        assert [(r["text"], r["status"]) for r in rows] == [
            ("Pricing unclear", "handed_off"),
            ("Pricing unclear", "open"),
        ]
    finally:
        store.close()


def test_a_db_in_a_folder_that_does_not_exist_is_refused(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "c.db"
    assert_one_line_error(
        run_main(capsys, ["--db", str(missing), "teams", "list"]), "does not exist"
    )
    assert not missing.parent.exists()


def test_export_all_to_a_file_name_is_refused(capsys, tmp_path: Path) -> None:
    from tests.minutes_fixture import build_history

    db = tmp_path / "c.db"
    store = Store.open(db)
    build_history(store)
    store.close()
    target = tmp_path / "x.json"
    result = run_main(
        capsys, ["--db", str(db), "export", "--all", "--format", "json", "-o", str(target)]
    )
    assert_one_line_error(result, "x.json", "folder")
    assert not target.exists()


# --------------------------------------------------------------------- the numbers


def test_a_skipped_review_shows_at_close_what_the_minutes_say(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    """Finding: a skipped accountability section showed n/a at close while the ended
    meeting said 0 of 3."""
    m1 = start(store, source, team, camp, "2026-11-24 09:00")
    go(m1, "commitments")
    for n in range(3):
        m1.capture(f"Task {n} @ana")
    m1.end()
    m2 = start(store, source, team, camp, "2026-12-01 09:00")
    go(m2, "close")  # accountability skipped (never entered)
    shown_at_close = insights.completion_rate(store, m2.meeting_id)
    m2.end()
    assert shown_at_close == insights.completion_rate(store, m2.meeting_id) == insights.Rate(0, 3)
    assert build_minutes(store, m2.meeting_id).accountability.completion_label.startswith(
        "0 of 3 done"
    )


def test_a_blocker_added_between_meetings_shows_its_age(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    """Finding: it showed NEW with no age though 8 days old."""
    source.set(datetime(2026, 11, 16, 10, 0))
    b = add_between_meetings(store, source, team, ItemKind.BLOCKER, "Printer down").id
    live = start(store, source, team, camp, "2026-11-24 09:00")
    (view,) = [v for v in live.items(live.sections[3]) if v.id == b]
    assert view.brought and view.age_days == 8
    from campmeeting.tui.widgets.item_list import item_line

    assert "NEW (added between meetings)  1 week old" in item_line(view, source.now().date()).plain


def test_a_handed_off_blocker_keeps_its_age_and_times_carried(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    """Finding: a handed-off blocker started over at 0 weeks in the receiving team."""
    ops = create_team(store, source, "Ops")
    m1 = start(store, source, team, camp, "2026-11-03 09:00")
    go(m1, "blockers")
    b = m1.capture("Vendor contract stuck").item_ids[0]
    m1.end()
    m2 = start(store, source, team, camp, "2026-11-10 09:00")
    m2.hand_off(b, "Ops")
    m2.end()
    ops_meeting = start(store, source, ops, camp, "2026-11-24 10:00")
    (view,) = ops_meeting.items(ops_meeting.sections[3])
    assert (view.age_weeks, view.times_carried, view.from_team) == (3, 2, "Core")
    assert view.raised_on is not None and view.raised_on.isoformat() == "2026-11-03"


def test_search_finds_why_a_commitment_was_abandoned(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    m1 = start(store, source, team, camp, "2026-11-24 09:00")
    go(m1, "commitments")
    k = m1.capture("Call the bank @ana").item_ids[0]
    m1.set_status(k, "abandoned", reason="The bank merged with another")
    assert [hit.item.id for hit in history.search(store, "merged")] == [k]
    md = render(store, m1.meeting_id, "md")
    assert "why: The bank merged with another" in md
    document = json.loads(render(store, m1.meeting_id, "json"))
    assert document["commitments"][0]["reason"] == "The bank merged with another"


def test_text_is_never_dropped(store: Store, source: FakeTime, team: Team, camp: Agenda) -> None:
    """Findings: @ana on a cascade message vanished; a priority's due date was shown
    nowhere; "Edit text… @dee" stored "@dee" as text."""
    create_team(store, source, "Ops")
    live = start(store, source, team, camp, "2026-11-24 09:00")
    go(live, "priorities")
    p = live.capture("Launch v2 @ana due:2026-12-18").item_ids[0]
    live.edit_line(p, "Launch v2 in EMEA @bo")
    assert (store.item(p).text, store.person(store.item(p).owner_id or 0).handle) == (
        "Launch v2 in EMEA",
        "bo",
    )
    go(live, "cascade")
    m = live.capture("Freeze on Friday #Ops @ana").item_ids[0]
    assert store.item(m).owner_id == store.person_by_handle("ana").id  # type: ignore[union-attr]
    document = json.loads(render(store, live.meeting_id, "json"))
    assert document["priorities"][0]["due_date"] == "2026-12-18"
    assert document["messages_sent"][0]["sender"]["handle"] == "ana"
    assert "(due Fri 18 Dec 2026)" in render(store, live.meeting_id, "md")
