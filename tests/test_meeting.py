"""The meeting core: item lifecycles and their events, capture, timing, resume, carry-over."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from campmeeting.agenda import Agenda, AgendaSection
from campmeeting.clock import FakeTime
from campmeeting.meeting import (
    LiveMeeting,
    MeetingError,
    add_between_meetings,
    add_member,
    create_team,
    section_items,
    set_cadence,
)
from campmeeting.model import ItemKind, SectionKind
from campmeeting.records import Team
from campmeeting.store import Store

CAMP_ORDER = [
    "checkin",
    "accountability",
    "priorities",
    "blockers",
    "act",
    "commitments",
    "cascade",
    "close",
]
NEXT_WEEK = datetime(2026, 12, 1, 9, 0)  # the default cadence: weekly, Tuesday 09:00


def start(store: Store, source: FakeTime, team: Team, agenda: Agenda) -> LiveMeeting:
    return LiveMeeting.start(store, source, team, agenda, "camp")


def go(live: LiveMeeting, kind: str) -> None:
    live.go_to([s.kind for s in live.sections].index(kind))


def events(store: Store, item_id: int) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.from_status, e.to_status) for e in store.events(item_id)]


def event_types(store: Store, item_id: int) -> list[str]:
    return [e.type for e in store.events(item_id)]


def handle(store: Store, person_handle: str) -> int:
    person = store.person_by_handle(person_handle)
    assert person is not None
    return person.id


def captured(live: LiveMeeting, line: str, kind: ItemKind | None = None) -> int:
    result = live.capture(line, kind)
    assert result.problems == [], result.problems
    (item_id,) = result.item_ids
    return item_id


@pytest.fixture
def ops(store: Store, source: FakeTime) -> Team:
    other = create_team(store, source, "Ops")
    add_member(store, source, other, "dee", "Dee")
    return other


@pytest.fixture
def live(store: Store, source: FakeTime, team: Team, camp: Agenda) -> LiveMeeting:
    return start(store, source, team, camp)


# --------------------------------------------------------------------------- starting


def test_start_opens_the_first_section_with_everyone_present(
    live: LiveMeeting, store: Store
) -> None:
    assert [s.kind for s in live.sections] == CAMP_ORDER
    assert live.position == 0
    assert live.meeting.is_live
    assert live.meeting.date == "2026-11-24"
    assert live.meeting.started_at == "2026-11-24T08:00:00+00:00"
    assert live.planned_total() == 60 * 60
    assert [(a.person.handle, a.present, a.rating) for a in live.attendance()] == [
        ("ana", True, None),
        ("bo", True, None),
        ("cy", True, None),
    ]
    team = store.team(live.team.id)
    assert team.cadence == "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0"
    assert live.next_meeting() == NEXT_WEEK


def test_one_live_meeting_per_team(
    live: LiveMeeting, store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    with pytest.raises(MeetingError, match="live meeting already"):
        start(store, source, team, camp)
    assert store.scalar("select count(*) from meetings") == 1
    # the database itself holds the rule too
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.insert(
            "meetings",
            {
                "team_id": team.id,
                "status": "live",
                "date": "2026-11-24",
                "started_at": "2026-11-24T08:00:00+00:00",
                "agenda_name": "camp",
                "agenda_json": "{}",
            },
        )
    assert store.scalar("select count(*) from meetings") == 1


def test_start_keeps_a_cadence_set_after_the_callers_team_was_read(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    assert team.cadence is None  # the caller's copy, read before the change
    set_cadence(store, source, team, "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10")
    live = start(store, source, team, camp)
    assert store.team(team.id).cadence == "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10"
    assert live.next_meeting() == datetime(2026, 11, 30, 10, 0)


def test_another_team_can_meet_at_the_same_time(
    live: LiveMeeting, store: Store, source: FakeTime, ops: Team, camp: Agenda
) -> None:
    other = start(store, source, ops, camp)
    assert other.meeting_id != live.meeting_id
    assert store.live_meeting(ops.id).id == other.meeting_id


# --------------------------------------------------------------------------- lifecycles


def test_priority_lifecycle(live: LiveMeeting, store: Store, source: FakeTime) -> None:
    go(live, "priorities")
    first = captured(live, "Launch the beta @ana")
    second = captured(live, "Hire a designer")
    item = store.item(first)
    assert (item.kind, item.status, item.owner_id) == ("priority", "on_track", handle(store, "ana"))
    source.advance(seconds=10)
    live.set_status(first, "off_track")
    live.set_status(first, "on_track")
    live.set_status(first, "done")
    live.set_status(second, "dropped", reason="no budget")
    assert events(store, first) == [
        ("created", None, "on_track"),
        ("status", "on_track", "off_track"),
        ("status", "off_track", "on_track"),
        ("status", "on_track", "done"),
    ]
    assert events(store, second)[-1] == ("status", "on_track", "dropped")
    assert store.item(second).reason == "no budget"
    assert store.events(second)[-1].details == {"reason": "no budget"}
    assert {e.meeting_id for e in store.events(first)} == {live.meeting_id}
    assert store.events(first)[1].at == "2026-11-24T08:00:10+00:00"
    with pytest.raises(MeetingError, match="on track, off track, done, dropped"):
        live.set_status(first, "resolved")
    # setting the same status again records nothing
    live.set_status(first, "done")
    assert len(store.events(first)) == 4


def test_blocker_resolved_and_dropped(live: LiveMeeting, store: Store) -> None:
    go(live, "blockers")
    resolved = captured(live, "CI is red")
    dropped = captured(live, "Printer jams")
    assert store.item(resolved).kind == "blocker"
    assert store.item(resolved).status == "open"
    assert (store.item(resolved).rank, store.item(dropped).rank) == (1, 2)
    live.set_status(resolved, "resolved")
    live.set_status(dropped, "dropped")
    # leaving the issues list, each keeps the rank it had (1, then 1 again)
    assert events(store, resolved) == [
        ("created", None, "open"),
        ("ranked", None, None),
        ("status", "open", "resolved"),
    ]
    assert events(store, dropped) == [
        ("created", None, "open"),
        ("ranked", None, None),
        ("status", "open", "dropped"),
    ]
    with pytest.raises(MeetingError, match="team to hand it to"):
        live.set_status(captured(live, "Third"), "handed_off")


def test_blocker_handed_off_becomes_open_blocker_of_the_other_team(
    live: LiveMeeting, store: Store, source: FakeTime, team: Team, ops: Team, camp: Agenda
) -> None:
    go(live, "blockers")
    blocker = captured(live, "Need a staging database")
    new_id = live.hand_off(blocker, "#ops")
    old = store.item(blocker)
    assert (old.status, old.target_team_id) == ("handed_off", ops.id)
    assert events(store, blocker)[-1] == ("handed_off", "open", "handed_off")
    assert store.events(blocker)[-1].details == {"team": "Ops", "new_item_id": new_id}
    new = store.item(new_id)
    assert (new.team_id, new.kind, new.status, new.text) == (
        ops.id,
        "blocker",
        "open",
        "Need a staging database",
    )
    assert new.origin_item_id == blocker
    assert new.created_meeting_id is None  # Ops has no live meeting: it waits for the next
    with pytest.raises(MeetingError, match="only an open blocker"):
        live.hand_off(blocker, "Ops")
    with pytest.raises(MeetingError, match="another team"):
        live.hand_off(captured(live, "Mine"), "Core")
    with pytest.raises(MeetingError, match="no team named"):
        live.hand_off(captured(live, "Nowhere"), "#Nobody")

    ops_meeting = start(store, source, ops, camp)
    views = {v.id: v for v in section_items(store, ops_meeting.meeting, SectionKind.BLOCKERS)}
    assert views[new_id].from_team == "Core"
    assert views[new_id].brought
    assert event_types(store, new_id) == ["created", "brought"]
    # the Core meeting shows its handed-off blocker with where it went
    core_views = {v.id: v for v in section_items(store, live.meeting, SectionKind.BLOCKERS)}
    assert core_views[blocker].to_team == "Ops"


def test_hand_off_to_a_team_in_a_live_meeting_lands_in_that_meeting(
    live: LiveMeeting, store: Store, source: FakeTime, ops: Team, camp: Agenda
) -> None:
    ops_meeting = start(store, source, ops, camp)
    go(live, "blockers")
    new_id = live.hand_off(captured(live, "Firewall rule missing"), "Ops")
    assert store.item(new_id).created_meeting_id == ops_meeting.meeting_id
    views = {v.id: v for v in section_items(store, ops_meeting.meeting, SectionKind.BLOCKERS)}
    assert views[new_id].from_team == "Core"
    assert not views[new_id].carried


def test_blocker_captured_with_a_team_is_handed_off(
    live: LiveMeeting, store: Store, ops: Team
) -> None:
    go(live, "blockers")
    blocker = captured(live, "Ops must renew the certificate #Ops")
    assert store.item(blocker).status == "handed_off"
    (copy,) = store.rows("select id from items where origin_item_id = ?", [blocker])
    assert store.item(copy["id"]).team_id == ops.id
    assert store.item(copy["id"]).text == "Ops must renew the certificate"


def test_decision_is_a_record_once_the_meeting_ends(
    live: LiveMeeting, store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    go(live, "act")
    decision = captured(live, "We ship on Fridays only", ItemKind.DECISION)
    item = store.item(decision)
    assert (item.kind, item.status) == ("decision", "decided")
    live.edit(decision, text="We ship on Thursdays only")  # still editable while live
    assert event_types(store, decision) == ["created", "edited"]
    live.end()
    with pytest.raises(MeetingError, match="ended"):
        live.edit(decision, text="changed after the end")
    source.set(NEXT_WEEK)
    later = start(store, source, team, camp)
    with pytest.raises(MeetingError, match="record"):
        later.edit(decision, text="rewritten")
    with pytest.raises(MeetingError, match="record"):
        later.set_status(decision, "decided")
    with pytest.raises(MeetingError, match="record"):
        later.link(decision, None)
    assert store.item(decision).text == "We ship on Thursdays only"
    assert event_types(store, decision) == ["created", "edited"]


def test_commitment_done_abandoned_and_rescoped(
    live: LiveMeeting, store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    go(live, "commitments")
    done = captured(live, "Send the pricing page @ana due:fri")
    abandoned = captured(live, "Call the lawyer @bo due:+3d")
    rescoped = captured(live, "Write the spec @cy due:2026-11-30")
    later_due = captured(live, "Plan the offsite @ana due:2026-12-20")
    assert store.item(done).due_date == "2026-11-27"
    assert store.item(abandoned).due_date == "2026-11-27"
    assert store.item(rescoped).owner_id == handle(store, "cy")
    live.end()

    source.set(NEXT_WEEK)
    nxt = start(store, source, team, camp)
    go(nxt, "accountability")
    views = {v.id: v for v in nxt.items()}
    assert {i for i, v in views.items() if v.due_in_review} == {done, abandoned, rescoped}
    assert views[done].overdue and not views[later_due].overdue
    nxt.review(done, "done")
    nxt.review(abandoned, "abandoned", reason="the lawyer called us")
    nxt.review(rescoped, "rescoped", text="Write the short spec", due=date(2026, 12, 8))

    assert events(store, done)[-2:] == [("status", "open", "done"), ("reviewed", None, "done")]
    assert store.item(abandoned).status == "abandoned"
    assert store.item(abandoned).reason == "the lawyer called us"
    assert store.events(abandoned)[-2].details == {"reason": "the lawyer called us"}
    item = store.item(rescoped)
    assert (item.status, item.text, item.due_date) == ("open", "Write the short spec", "2026-12-08")
    (history,) = [e for e in store.events(rescoped) if e.type == "rescoped"]
    assert history.details == {
        "old": {"text": "Write the spec", "due": "2026-11-30"},
        "new": {"text": "Write the short spec", "due_date": "2026-12-08"},
    }
    assert history.meeting_id == nxt.meeting_id
    outcomes = {
        r["item_id"]: r["outcome"]
        for r in store.rows("select * from reviews where meeting_id = ?", [nxt.meeting_id])
    }
    assert outcomes == {done: "done", abandoned: "abandoned", rescoped: "rescoped"}
    assert {v.id: v.times_rescoped for v in nxt.items()}[rescoped] == 1
    with pytest.raises(MeetingError, match="only an open commitment"):
        nxt.rescope(done, text="again")
    with pytest.raises(MeetingError, match="new text or a new due date"):
        nxt.rescope(rescoped)


def test_headline_and_note_have_no_state(live: LiveMeeting, store: Store) -> None:
    headline = captured(live, "We won the Acme deal")
    go(live, "close")
    note = captured(live, "Room booked for next week")
    assert (store.item(headline).kind, store.item(headline).status) == ("headline", "info")
    assert (store.item(note).kind, store.item(note).status) == ("note", "info")
    with pytest.raises(MeetingError):
        live.set_status(note, "done")


def test_message_is_delivered_into_the_other_teams_next_meeting_and_acknowledged_once(
    live: LiveMeeting, store: Store, source: FakeTime, ops: Team, camp: Agenda
) -> None:
    go(live, "cascade")
    message = captured(live, "The beta slips one week #Ops")
    item = store.item(message)
    assert (item.kind, item.status, item.target_team_id) == ("message", "pending", ops.id)
    with pytest.raises(MeetingError, match="sent to this team"):
        live.acknowledge(message)
    sent = section_items(store, live.meeting, SectionKind.CASCADE)
    assert [(v.id, v.from_team, v.to_team) for v in sent] == [(message, None, "Ops")]
    live.end()

    source.advance(hours=2)
    ops_meeting = start(store, source, ops, camp)
    checkin = section_items(store, ops_meeting.meeting, SectionKind.CHECKIN)
    assert [(v.id, v.from_team) for v in checkin if v.item.kind == "message"] == [(message, "Core")]
    assert events(store, message)[-1] == ("delivered", None, "pending")
    ops_meeting.acknowledge(message)
    ops_meeting.acknowledge(message)  # once: the second time changes nothing
    assert store.item(message).status == "acknowledged"
    assert event_types(store, message) == ["created", "delivered", "acknowledged"]
    # still listed in this meeting's check-in, now acknowledged
    assert [v.item.status for v in ops_meeting.items() if v.id == message] == ["acknowledged"]
    ops_meeting.end()

    source.set(NEXT_WEEK)
    again = start(store, source, ops, camp)
    assert event_types(store, message) == ["created", "delivered", "acknowledged"]
    assert message not in [v.id for v in again.items()]


def test_decisions_and_commitments_link_to_the_focused_blocker(
    live: LiveMeeting, store: Store
) -> None:
    go(live, "blockers")
    blocker = captured(live, "Vendor API is down")
    other = captured(live, "Slow builds")
    go(live, "act")
    live.focus(blocker)
    assert live.meeting.focus_item_id == blocker
    decision = captured(live, "Switch to vendor B")
    commitment = captured(live, "Sign vendor B contract @cy due:+3d")
    assert store.item(decision).kind == "decision"
    assert store.item(commitment).kind == "commitment"
    assert store.item(decision).blocker_id == blocker
    assert store.item(commitment).blocker_id == blocker
    assert event_types(store, decision) == ["created", "linked"]
    assert store.events(commitment)[-1].details == {"blocker_id": blocker}
    views = {v.id: v for v in live.items()}
    assert [i.id for i in views[blocker].linked] == [decision, commitment]
    assert views[other].linked == []
    live.focus(None)
    unlinked = captured(live, "Standup moves to 9:15", ItemKind.DECISION)
    assert store.item(unlinked).blocker_id is None
    live.link(unlinked, other)
    assert store.item(unlinked).blocker_id == other
    assert event_types(store, unlinked) == ["created", "linked"]
    with pytest.raises(MeetingError, match="only decisions and commitments"):
        live.link(other, blocker)


def test_blockers_can_be_reordered(live: LiveMeeting, store: Store) -> None:
    go(live, "blockers")
    a, b, c = (captured(live, text) for text in ("A", "B", "C"))
    live.move_blocker(c, -1)
    live.move_blocker(c, -1)
    live.move_blocker(c, -1)  # already first: nothing moves
    assert [v.id for v in live.items()] == [c, a, b]


# --------------------------------------------------------------------------- capture


ALL_KINDS = Agenda(
    name="Every kind",
    sections=[AgendaSection(title=kind.value, kind=kind, minutes=1) for kind in SectionKind],
)


@pytest.mark.parametrize(
    ("section", "line", "kind", "owner", "due"),
    [
        ("checkin", "Record month @ana", "headline", "ana", None),
        ("accountability", "Fix the build @bo due:fri", "commitment", "bo", "2026-11-27"),
        ("priorities", "Launch in Spain @cy due:2027-03-01", "priority", "cy", "2027-03-01"),
        ("blockers", "No test data @ana", "blocker", "ana", None),
        ("act", "Buy test data", "blocker", None, None),  # none worked: a new issue
        ("act", "Buy test data @bo", "blocker", "bo", None),
        ("decisions", "Freeze the API", "decision", None, None),
        ("commitments", "Ship the beta @ana due:+2w", "commitment", "ana", "2026-12-08"),
        ("commitments", "Ship the beta @Ana due:next", "commitment", "ana", "2026-12-01"),
        ("cascade", "New office from January #Ops", "message", None, None),
        ("close", "Good meeting", "note", None, None),
        ("notes", "Remember the cake @cy", "note", "cy", None),
    ],
)
def test_capture_makes_the_sections_kind_of_item(
    store: Store,
    source: FakeTime,
    team: Team,
    ops: Team,
    section: str,
    line: str,
    kind: str,
    owner: str | None,
    due: str | None,
) -> None:
    live = LiveMeeting.start(store, source, team, ALL_KINDS, "every")
    go(live, section)
    item = store.item(captured(live, line))
    assert item.kind == kind
    assert item.owner_id == (handle(store, owner) if owner else None)
    assert item.due_date == due
    assert "@" not in item.text and "due:" not in item.text and "#Ops" not in item.text
    assert item.created_meeting_id == live.meeting_id
    assert event_types(store, item.id) == ["created"]
    if kind == "message":
        assert item.target_team_id == ops.id


def test_capture_message_to_two_teams_makes_one_message_each(
    live: LiveMeeting, store: Store, source: FakeTime, ops: Team
) -> None:
    sales = create_team(store, source, "Sales")
    go(live, "cascade")
    result = live.capture("Prices rise in March #Ops #sales")
    assert result.problems == []
    assert [store.item(i).target_team_id for i in result.item_ids] == [ops.id, sales.id]


@pytest.mark.parametrize(
    ("section", "line", "problem"),
    [
        ("commitments", "Ship it @zed due:fri", "@zed"),
        ("blockers", "Ask @zed and @yan", "not in the team"),
        ("commitments", "Ship it due:fri", "needs one owner"),
        ("accountability", "Ship it", "needs one owner"),
        ("cascade", "The beta slips", "needs a team"),
        ("cascade", "The beta slips #Nobody", "no team named #Nobody"),
        ("cascade", "Note to self #Core", "is this team"),
        ("commitments", "Ship it @ana @bo", ""),
        ("commitments", "Ship it @ana due:someday", "due:someday"),
        ("checkin", "   ", ""),
    ],
)
def test_capture_with_a_problem_saves_nothing(
    live: LiveMeeting, store: Store, ops: Team, section: str, line: str, problem: str
) -> None:
    go(live, section)
    before = (
        store.scalar("select count(*) from items"),
        store.scalar("select count(*) from events"),
    )
    result = live.capture(line)
    assert not result.saved
    assert result.item_ids == []
    assert result.problems
    assert problem in result.message
    after = (
        store.scalar("select count(*) from items"),
        store.scalar("select count(*) from events"),
    )
    assert after == before


def test_capture_reports_unknown_handles(live: LiveMeeting) -> None:
    go(live, "commitments")
    result = live.capture("Ship it @Zed due:fri")
    assert result.unknown_handles == ["Zed"]


HOSTILE = [
    "[bold]x[/]",
    "[link=http://a]click[/link] <script>alert(1)</script>",
    "bell\x07 escape\x1b[31m nul\x00 del\x7f sep\x1e",
    "y" * 10_000,
    "🏕️ camp 👩‍👩‍👧 ünïcödé 日本語",
    "tab\tinside and  two  spaces",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_exactly(live: LiveMeeting, store: Store, text: str) -> None:
    go(live, "blockers")
    from_capture = captured(live, text)
    assert store.item(from_capture).text == text
    assert store.events(from_capture)[0].details["text"] == text
    direct = live.add_item(ItemKind.NOTE, "  " + text + "\n")
    assert store.item(direct).text == "  " + text + "\n"
    go(live, "commitments")
    owned = captured(live, f"{text} @ana due:fri")
    assert store.item(owned).text == text


def test_hostile_text_is_searchable(live: LiveMeeting, store: Store) -> None:
    go(live, "blockers")
    item_id = captured(live, "[bold]firewall[/] 🏕️")
    found = store.rows("select rowid from items_fts where items_fts match ?", ["firewall"])
    assert [r["rowid"] for r in found] == [item_id]


# --------------------------------------------------------------------------- time


def test_full_sixty_minute_meeting_timing(
    live: LiveMeeting, store: Store, source: FakeTime
) -> None:
    driven = [0.0] * 8

    def spend(minutes: float) -> None:
        source.advance(minutes=minutes)
        driven[live.position] += minutes * 60

    spend(5)  # check-in
    assert live.next_section()
    spend(12)  # accountability: 2 minutes over
    assert live.section_remaining() == -120
    live.next_section()
    spend(5)  # priorities
    live.next_section()
    spend(3.5)  # blockers
    assert live.previous_section()  # back to priorities for a forgotten one
    assert live.section_elapsed() == 300
    spend(1)
    live.next_section()
    assert live.section_elapsed() == 210
    spend(1.5)
    live.next_section()
    spend(25)  # act
    live.checkpoint()
    live.next_section()
    spend(5)  # commitments
    live.next_section()
    spend(2)  # cascade
    live.next_section()
    spend(3)  # close
    assert not live.next_section()  # the last section: the caller confirms and ends
    assert live.meeting_elapsed() == sum(driven) == 63 * 60
    ended = live.end()

    runs = store.section_runs(live.meeting_id)
    assert [r.actual_seconds for r in runs] == driven
    assert driven == [300, 720, 360, 300, 1500, 300, 120, 180]
    assert [r.planned_seconds for r in runs] == [300, 600, 300, 300, 1500, 300, 120, 180]
    assert all(r.started_at and r.ended_at for r in runs)
    assert runs[2].started_at == "2026-11-24T08:17:00+00:00"  # first entered at 17:00
    assert ended.status == "ended"
    assert ended.ended_at == "2026-11-24T09:03:00+00:00"
    # time after the end is not counted
    source.advance(minutes=30)
    assert live.meeting_elapsed() == 63 * 60
    with pytest.raises(MeetingError, match="ended"):
        live.previous_section()


def test_pause_stops_the_section_clock(live: LiveMeeting, store: Store, source: FakeTime) -> None:
    source.advance(seconds=90)
    assert live.toggle_pause() is True
    assert live.paused and live.meeting.paused
    source.advance(minutes=10)
    assert live.section_elapsed() == 90
    live.next_section()  # moving while paused keeps the clock stopped
    source.advance(minutes=1)
    assert live.section_elapsed() == 0
    assert live.toggle_pause() is False
    source.advance(seconds=30)
    assert live.section_elapsed() == 30
    assert live.meeting_elapsed() == 120
    live.checkpoint()
    assert [r.actual_seconds for r in store.section_runs(live.meeting_id)][:2] == [90, 30]


def test_resume_after_a_kill_continues_from_the_last_checkpoint(
    tmp_path: Path, source: FakeTime, camp: Agenda
) -> None:
    path = tmp_path / "camp.db"
    first = Store.open(path, now=datetime(2026, 11, 24, 9, 0))
    team = create_team(first, source, "Core")
    add_member(first, source, team, "ana")
    live = start(first, source, team, camp)
    source.advance(minutes=5)
    live.next_section()
    source.advance(minutes=3)
    live.next_section()
    blocker_section = live.position
    source.advance(seconds=75)
    live.capture("An item in priorities")
    source.advance(seconds=5)
    live.checkpoint()  # the last tick written: 80 s in priorities
    source.advance(seconds=0.7)  # then the process dies before the next tick
    items_before = [(v.id, v.item.text) for v in live.items()]
    # no close: a killed process closes nothing

    source.advance(minutes=20)  # time while not running is not counted
    second = Store.open(path, now=datetime(2026, 11, 24, 9, 30))
    later = LiveMeeting.resume(second, FakeTime(datetime(2026, 11, 24, 9, 30)), team)
    assert later is not None
    assert later.meeting_id == live.meeting_id
    assert later.position == blocker_section
    assert later.current.kind == "priorities"
    assert later.section_elapsed() == 80
    assert later.meeting_elapsed() == 300 + 180 + 80
    assert [(v.id, v.item.text) for v in later.items()] == items_before
    later.source.advance(seconds=10)
    assert later.section_elapsed() == 90
    first.close()
    second.close()


def test_resume_of_a_paused_meeting_stays_paused(
    live: LiveMeeting, store: Store, source: FakeTime, team: Team
) -> None:
    source.advance(seconds=40)
    live.toggle_pause()
    again = LiveMeeting.resume(store, source, team)
    source.advance(minutes=5)
    assert again.paused
    assert again.section_elapsed() == 40


def test_resume_without_a_live_meeting_is_none(store: Store, source: FakeTime, team: Team) -> None:
    assert LiveMeeting.resume(store, source, team) is None


# --------------------------------------------------------------------------- end, carry-over


def test_end_closes_unreviewed_records_as_open_and_records_the_next_meeting(
    live: LiveMeeting, store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    go(live, "commitments")
    reviewed = captured(live, "Reviewed one @ana due:fri")
    forgotten = captured(live, "Forgotten one @bo due:fri")
    live.end()
    assert live.meeting.next_meeting_at == "2026-12-01T09:00"

    source.set(NEXT_WEEK)
    nxt = start(store, source, team, camp)
    go(nxt, "accountability")
    nxt.review(reviewed, "done")
    go(nxt, "act")  # jump back and forth without leaving accountability for good
    ended = nxt.end()
    outcomes = {
        r["item_id"]: r["outcome"]
        for r in store.rows("select * from reviews where meeting_id = ?", [nxt.meeting_id])
    }
    assert outcomes == {reviewed: "done", forgotten: "open"}
    assert ended.next_meeting_at == "2026-12-08T09:00"
    assert store.item(forgotten).status == "open"


def test_end_keeps_a_next_meeting_set_by_hand(live: LiveMeeting) -> None:
    live.set_next_meeting(datetime(2026, 12, 3, 14, 30))
    assert live.end().next_meeting_at == "2026-12-03T14:30"


def test_carry_over_into_next_weeks_meeting(
    live: LiveMeeting, store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    go(live, "priorities")
    priority = captured(live, "Launch the beta @ana")
    finished_priority = captured(live, "Old priority")
    live.set_status(priority, "off_track")
    live.set_status(finished_priority, "done")
    go(live, "blockers")
    blocker = captured(live, "Vendor is slow")
    resolved = captured(live, "Solved today")
    live.set_status(resolved, "resolved")
    go(live, "commitments")
    commitment = captured(live, "Call the vendor @bo due:fri")
    later = captured(live, "Plan Q1 @cy due:2027-01-15")
    live.end()

    source.set(datetime(2026, 11, 26, 16, 0))
    added = add_between_meetings(store, source, team, ItemKind.BLOCKER, "Laptop broke @cy")
    headline = add_between_meetings(store, source, team, ItemKind.HEADLINE, "Acme signed!")
    assert added.created_meeting_id is None
    assert event_types(store, added.id) == ["created"]
    assert store.events(added.id)[0].details["source"] == "cli"

    source.set(NEXT_WEEK)
    nxt = start(store, source, team, camp)
    for item_id in (priority, blocker, commitment, later):
        assert event_types(store, item_id)[-1] == "carried"
        assert store.events(item_id)[-1].meeting_id == nxt.meeting_id
    assert store.events(priority)[-1].to_status == "off_track"
    for item_id in (finished_priority, resolved):
        assert "carried" not in event_types(store, item_id)
    for item_id in (added.id, headline.id):
        assert event_types(store, item_id) == ["created", "brought"]
        assert store.item(item_id).created_meeting_id == nxt.meeting_id

    blockers = {v.id: v for v in section_items(store, nxt.meeting, SectionKind.BLOCKERS)}
    assert set(blockers) == {blocker, added.id}
    assert blockers[blocker].carried and blockers[blocker].times_carried == 1
    assert blockers[blocker].age_weeks == 1
    assert blockers[added.id].brought and not blockers[blocker].brought
    priorities = {v.id: v for v in section_items(store, nxt.meeting, SectionKind.PRIORITIES)}
    assert set(priorities) == {priority}
    accountability = {
        v.id: v for v in section_items(store, nxt.meeting, SectionKind.ACCOUNTABILITY)
    }
    assert set(accountability) == {commitment, later}
    assert accountability[commitment].due_in_review and accountability[commitment].overdue
    assert not accountability[later].due_in_review
    checkin = section_items(store, nxt.meeting, SectionKind.CHECKIN)
    assert [v.id for v in checkin] == [headline.id]
    assert store.scalar("select count(*) from reviews where meeting_id = ?", [nxt.meeting_id]) == 1

    nxt.end()
    source.set(NEXT_WEEK + timedelta(weeks=1))
    third = start(store, source, team, camp)
    blockers = {v.id: v for v in section_items(store, third.meeting, SectionKind.BLOCKERS)}
    assert blockers[blocker].times_carried == 2
    assert blockers[blocker].age_weeks == 2
    assert blockers[added.id].times_carried == 1


def test_add_between_meetings_refusals(store: Store, source: FakeTime, team: Team) -> None:
    with pytest.raises(MeetingError, match="needs one owner"):
        add_between_meetings(store, source, team, ItemKind.COMMITMENT, "Do it due:fri")
    with pytest.raises(MeetingError, match="@zed"):
        add_between_meetings(store, source, team, ItemKind.BLOCKER, "Ask @zed")
    with pytest.raises(MeetingError, match="add takes"):
        add_between_meetings(store, source, team, ItemKind.DECISION, "Decided")
    assert store.scalar("select count(*) from items") == 0


def test_add_between_meetings_commitment_is_due_by_the_next_meeting(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    # no cadence yet: a week from today
    first = add_between_meetings(store, source, team, ItemKind.COMMITMENT, "Draft it @ana")
    assert first.due_date == "2026-12-01"
    start(store, source, team, camp).end()  # sets the default cadence: Tuesdays 09:00
    source.set(datetime(2026, 11, 26, 12, 0))
    second = add_between_meetings(store, source, team, ItemKind.COMMITMENT, "Review it @bo")
    assert second.due_date == "2026-12-01"
    explicit = add_between_meetings(store, source, team, ItemKind.COMMITMENT, "X @cy due:fri")
    assert explicit.due_date == "2026-11-27"
    source.set(NEXT_WEEK)
    nxt = start(store, source, team, camp)
    in_review = store.rows("select item_id from reviews where meeting_id = ?", [nxt.meeting_id])
    assert {r["item_id"] for r in in_review} == {first.id, second.id, explicit.id}


def test_add_between_meetings_into_a_live_meeting(
    live: LiveMeeting, store: Store, source: FakeTime, team: Team
) -> None:
    item = add_between_meetings(store, source, team, ItemKind.BLOCKER, "Urgent @ana")
    assert item.created_meeting_id == live.meeting_id
    assert item.id in [v.id for v in section_items(store, live.meeting, SectionKind.BLOCKERS)]


def test_attendance_and_ratings(live: LiveMeeting, store: Store) -> None:
    ana, bo = handle(store, "ana"), handle(store, "bo")
    live.rate(ana, 8)
    live.set_present(bo, False)
    with pytest.raises(MeetingError, match="1 to 10"):
        live.rate(ana, 11)
    rows = {a.person.handle: (a.present, a.rating) for a in live.attendance()}
    assert rows == {"ana": (True, 8), "bo": (False, None), "cy": (True, None)}


def test_two_terminals_on_one_meeting_never_write_time_into_the_wrong_section(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    first = LiveMeeting.start(store, source, team, camp, "camp")
    second = LiveMeeting.resume(store, source, team)
    assert second is not None
    source.advance(seconds=40)
    first.go_to(4)  # the first terminal moves on to Act
    source.advance(seconds=7)
    second.checkpoint()  # the second still measures check-in: it writes there, not to Act
    runs = {r.position: r.actual_seconds for r in store.section_runs(first.meeting_id)}
    assert runs[4] == 0
    assert runs[0] == 47
    assert second.sync() is True  # it follows the first terminal
    assert second.position == 4 and second.section_elapsed() == 0


def test_the_worked_blocker_is_let_go_when_it_is_resolved(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.go_to(4)
    blocker = live.add_item(ItemKind.BLOCKER, "Vendor stuck")
    live.focus(blocker)
    live.set_status(blocker, "resolved")
    assert live.meeting.focus_item_id is None
    live.capture("Escalate anyway")
    assert store.item(blocker + 1).blocker_id is None  # not linked to a closed blocker


def test_a_team_agenda_is_set_only_when_it_loads(store: Store, team: Team) -> None:
    from campmeeting.agenda import AgendaError
    from campmeeting.meeting import set_team_agenda

    assert set_team_agenda(store, team, "level10").agenda == "level10"
    with pytest.raises(AgendaError):
        set_team_agenda(store, team, "no-such-agenda")
    assert store.team(team.id).agenda == "level10"


def test_the_close_lists_what_this_meeting_decided_committed_sent_and_noted(
    live: LiveMeeting, ops: Team
) -> None:
    """A line typed in close (a note, or a #TEAM message) shows at once in its list, with
    the meeting's decisions and commitments: the recap."""
    go(live, "commitments")
    commitment = captured(live, "Book the offsite @ana")
    go(live, "cascade")
    sent_before = captured(live, "Pricing changes on Monday #Ops")
    go(live, "close")
    note = captured(live, "Good energy today")
    sent_here = captured(live, "EU support moves to a partner #Ops")
    assert [v.id for v in live.items()] == [commitment, sent_before, note, sent_here]
