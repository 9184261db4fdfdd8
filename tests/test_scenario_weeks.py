"""Six weeks of the Ops team: carry-over, the accountability loop, cadence and metrics.

The story (Europe/Berlin; summer time ends on Sunday 2026-10-25, 03:00 -> 02:00):

    Thu 01 Oct  teams Ops (no cadence yet), Platform (Thu 14:00), Sales (Mon 10:00)
    Tue 06 Oct  Ops W1   first meeting: its cadence becomes "weekly, Tuesday 09:00"
    Fri 09 Oct           `campmeeting add`: a blocker, a headline, two commitments
    Tue 13 Oct  Ops W2   review: done, re-scoped, done, unreviewed (-> open)
    Tue 20 Oct  Ops W3   review: done, abandoned (with a reason), done, done;
                         a blocker handed to #Platform; a message to #Platform #Sales
    Thu 22 Oct  Platform gets the blocker ("from Ops") and the message (not acknowledged)
    Sun 25 Oct           DST ends
    Mon 26 Oct  Sales    acknowledges the message
    Tue 27 Oct  Ops      -- skipped: the missed meeting --
    Thu 29 Oct  Platform the message again, acknowledged now; the blocker carried
    Tue 03 Nov  Ops W5   09:00 CET (08:00 UTC, it was 07:00 UTC in October)
    Thu 05 Nov  Platform resolves the handed-off blocker
    Tue 10 Nov  Ops W6   review: done, abandoned (no reason)
    Tue 17 Nov  Ops W7   review: done

Every carried item, review record and metric is asserted against numbers worked out
by hand in the comments beside the assertions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest

from campmeeting import insights, rhythm
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime, local_now
from campmeeting.meeting import (
    ItemView,
    LiveMeeting,
    add_between_meetings,
    add_member,
    create_team,
    next_meeting_at,
    section_items,
)
from campmeeting.model import ItemKind, SectionKind
from campmeeting.records import Team
from campmeeting.store import Store

CAMP = load_agenda(resolve_agenda("camp"))
TUESDAY_9 = "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0"
MINUTE = 1 / (24 * 60)  # one minute in days, for decision velocity


# ------------------------------------------------------------------------ helpers


def local(text: str) -> datetime:
    """A naive local wall-clock time, e.g. local("2026-10-06 09:00")."""
    return datetime.fromisoformat(text)


def start(store: Store, clock: FakeTime, team: Team, when: str) -> LiveMeeting:
    clock.set(local(when))
    return LiveMeeting.start(store, clock, store.team(team.id), CAMP, "camp")


@contextmanager
def section(live: LiveMeeting, kind: str, minutes: float) -> Iterator[None]:
    """Enter the section, do what the block does (at the moment of entry), spend `minutes`."""
    live.go_to([s.kind for s in live.sections].index(kind))
    yield
    live.source.advance(minutes=minutes)


def capture(live: LiveMeeting, line: str) -> int:
    result = live.capture(line)
    assert result.saved, result.problems
    assert len(result.item_ids) == 1
    return result.item_ids[0]


def rate(live: LiveMeeting, store: Store, **ratings: int | None) -> None:
    """Ratings by handle; None marks the person absent."""
    for handle, value in ratings.items():
        person = store.person_by_handle(handle)
        assert person is not None
        if value is None:
            live.set_present(person.id, False)
        else:
            live.rate(person.id, value)


def shown(live: LiveMeeting, kind: SectionKind) -> dict[int, ItemView]:
    """What the section of this kind shows in the live meeting, by item id, in order."""
    return {view.id: view for view in section_items(live.store, live.meeting, kind)}


def records(store: Store, meeting_id: int) -> dict[int, str | None]:
    """The meeting's review records: commitment id -> outcome."""
    return {
        row["item_id"]: row["outcome"]
        for row in store.rows(
            "select item_id, outcome from reviews where meeting_id = ? order by item_id",
            [meeting_id],
        )
    }


def minutes_per_section(store: Store, meeting_id: int) -> list[float]:
    return [s.actual_seconds / 60 for s in insights.time_discipline(store, meeting_id).sections]


def utc_start(store: Store, meeting_id: int) -> str:
    return store.meeting(meeting_id).started_at


def new_item_of_hand_off(store: Store, blocker_id: int) -> int:
    (event,) = [e for e in store.events(blocker_id) if e.type == "handed_off"]
    return event.details["new_item_id"]


# ---------------------------------------------------------------------- the story


def test_six_weeks_of_ops_with_a_missed_week_across_dst() -> None:
    store = Store.memory()
    clock = FakeTime(local("2026-10-01 10:00"))

    ops = create_team(store, clock, "Ops")  # no cadence: its first meeting sets it
    platform = create_team(store, clock, "Platform", cadence="FREQ=WEEKLY;BYDAY=TH;BYHOUR=14")
    sales = create_team(store, clock, "Sales", cadence="FREQ=WEEKLY;BYDAY=MO;BYHOUR=10")
    for handle in ("ana", "ben", "cy"):
        add_member(store, clock, ops, handle, handle.capitalize())
    add_member(store, clock, platform, "dee", "Dee")
    add_member(store, clock, sales, "eve", "Eve")
    ana, ben, cy = (store.person_by_handle(h).id for h in ("ana", "ben", "cy"))
    assert next_meeting_at(ops, local_now(clock)) is None  # no cadence, no date

    # ================================================================ W1 Tue 06 Oct
    # sections (minutes spent): checkin 6, accountability 4, priorities 5, blockers 5,
    # act 28, commitments 5, cascade 1, close 4 = 58 of 60 planned
    w1 = start(store, clock, ops, "2026-10-06 09:00")
    ops = store.team(ops.id)
    assert ops.cadence == TUESDAY_9  # default: weekly on the first meeting's weekday and time
    assert ops.cadence_start == "2026-10-06T09:00"  # set by the first meeting, from then on
    assert utc_start(store, w1.meeting_id) == "2026-10-06T07:00:00+00:00"  # CEST = UTC+2
    for kind in ("checkin", "accountability", "priorities", "blockers"):
        assert shown(w1, SectionKind(kind)) == {}  # a first meeting brings nothing forward

    with section(w1, "checkin", 6):  # 09:00-09:06
        h1 = capture(w1, "Won the Acme deal")
    with section(w1, "accountability", 4):  # 09:06-09:10
        assert shown(w1, SectionKind.ACCOUNTABILITY) == {}
    with section(w1, "priorities", 5):  # 09:10-09:15
        p1 = capture(w1, "Launch v2 @ana")
        p2 = capture(w1, "Hire an SRE @ben")
    with section(w1, "blockers", 5):  # 09:15-09:20
        b1 = capture(w1, "Staging is down")
        b2 = capture(w1, "No budget for load tests")
    with section(w1, "act", 28):  # 09:20-09:48
        w1.focus(b1)
        d1 = capture(w1, "Move staging to the new cluster")
        c1 = capture(w1, "Fix staging DNS @ben due:next")
    with section(w1, "commitments", 5):  # 09:48-09:53
        c2 = capture(w1, "Write the runbook @cy")  # no due: the next meeting
        c3 = capture(w1, "Draft the budget ask @ana due:+2w")
    with section(w1, "cascade", 1):  # 09:53-09:54
        pass
    with section(w1, "close", 4):  # 09:54-09:58
        rate(w1, store, ana=8, ben=7, cy=9)
    w1_ended = w1.end()

    assert store.item(d1).kind == "decision" and store.item(d1).blocker_id == b1
    assert store.item(c1).blocker_id == b1
    assert store.item(c1).due_date == "2026-10-13"  # due:next = the next Tuesday meeting
    assert store.item(c2).due_date == "2026-10-13"  # a commitment without due: next meeting
    assert store.item(c3).due_date == "2026-10-20"  # +2w from 6 Oct
    assert w1_ended.next_meeting_at == "2026-10-13T09:00"  # the next meeting, at close
    assert insights.completion_rate(store, w1.meeting_id).value is None  # 0 records -> n/a
    assert insights.completion_rate(store, w1.meeting_id).label() == "n/a"
    assert minutes_per_section(store, w1.meeting_id) == [6, 4, 5, 5, 28, 5, 1, 4]
    w1_time = insights.time_discipline(store, w1.meeting_id)
    assert w1_time.ratio == pytest.approx(58 / 60)  # 58 of 60 minutes -> 96.7%
    assert [s.ratio for s in w1_time.sections] == pytest.approx(
        [6 / 5, 4 / 10, 5 / 5, 5 / 5, 28 / 25, 5 / 5, 1 / 2, 4 / 3]
    )
    assert insights.meeting_rating(store, w1.meeting_id) == pytest.approx(8.0)  # (8+7+9)/3

    # =================================================== Fri 09 Oct, a second terminal
    clock.set(local("2026-10-09 16:00"))
    assert next_meeting_at(ops, local_now(clock)) == local("2026-10-13 09:00")  # home
    b3 = add_between_meetings(store, clock, ops, ItemKind.BLOCKER, "Laptop shortage").id
    h2 = add_between_meetings(store, clock, ops, ItemKind.HEADLINE, "Office closed Friday").id
    p3 = add_between_meetings(store, clock, ops, ItemKind.PRIORITY, "Cut cloud costs @cy").id
    c4 = add_between_meetings(
        store, clock, ops, ItemKind.COMMITMENT, "Renew the TLS cert @ben due:2026-10-12"
    ).id
    c5 = add_between_meetings(store, clock, ops, ItemKind.COMMITMENT, "Order laptops @cy due:next")
    assert c5.due_date == "2026-10-13"  # due:next from the CLI: the next Tuesday meeting
    c5 = c5.id

    # ================================================================ W2 Tue 13 Oct
    # minutes: 5, 10, 5, 5, 25, 5, 2, 3 = 60 of 60
    w2 = start(store, clock, ops, "2026-10-13 09:00")
    assert utc_start(store, w2.meeting_id) == "2026-10-13T07:00:00+00:00"

    # carry-over, with no typing
    checkin = shown(w2, SectionKind.CHECKIN)
    assert list(checkin) == [h2]  # the headline added on Friday; W1's headline is W1's
    assert checkin[h2].brought and not checkin[h2].carried  # marked as new
    assert h1 not in checkin

    acc = shown(w2, SectionKind.ACCOUNTABILITY)
    # review set first (due on or before 13 Oct), by due date: C4 (12 Oct), C1, C2, C5 (13 Oct);
    # then C3 (due 20 Oct: open, shown, not reviewed this week)
    assert list(acc) == [c4, c1, c2, c5, c3]
    assert [acc[i].due_in_review for i in (c4, c1, c2, c5, c3)] == [True] * 4 + [False]
    assert records(store, w2.meeting_id) == {c1: None, c2: None, c4: None, c5: None}
    assert acc[c1].carried and not acc[c1].brought
    assert acc[c1].age_weeks == 1  # 6 Oct -> 13 Oct: 1 week open
    assert not acc[c1].overdue  # due today is due, not overdue
    assert acc[c4].overdue  # due 12 Oct < 13 Oct
    assert acc[c4].brought and acc[c5].brought  # added on Friday: new in this meeting
    assert acc[c4].age_weeks == 0  # 9 Oct -> 13 Oct: 4 days
    assert acc[c1].owner_handle == "ben" and acc[c2].owner_handle == "cy"

    blockers = shown(w2, SectionKind.BLOCKERS)
    assert list(blockers) == [b1, b2, b3]
    assert (blockers[b1].age_weeks, blockers[b1].times_carried) == (1, 1)  # 7 days; W2
    assert (blockers[b2].age_weeks, blockers[b2].times_carried) == (1, 1)
    assert blockers[b3].brought and (blockers[b3].age_weeks, blockers[b3].times_carried) == (0, 0)

    prios = shown(w2, SectionKind.PRIORITIES)
    assert {i: v.item.status for i, v in prios.items()} == {
        p1: "on_track",
        p2: "on_track",
        p3: "on_track",
    }
    assert prios[p1].carried and prios[p3].brought  # P3 was added on Friday: new

    with section(w2, "checkin", 5):  # 09:00-09:05
        pass
    with section(w2, "accountability", 10):  # 09:05-09:15
        w2.review(c1, "done")
        w2.review(c2, "rescoped", text="Write the staging runbook", due=date(2026, 10, 20))
        w2.review(c4, "done")
        # C5 is not reviewed: it gets outcome open when the section ends
        assert records(store, w2.meeting_id)[c5] is None
    with section(w2, "priorities", 5):  # 09:15-09:20
        # the accountability section has ended: unreviewed C5 counts as open
        assert records(store, w2.meeting_id) == {
            c1: "done",
            c2: "rescoped",
            c4: "done",
            c5: "open",
        }
        w2.set_status(p1, "off_track")
    with section(w2, "blockers", 5):  # 09:20-09:25
        pass
    with section(w2, "act", 25):  # 09:25-09:50
        w2.set_status(b1, "resolved")  # B1: 6 Oct 09:15 -> 13 Oct 09:25 = 7 days 10 minutes
    with section(w2, "commitments", 5):  # 09:50-09:55
        c6 = capture(w2, "Benchmark the new cluster @ben due:2026-10-20")
    with section(w2, "cascade", 2):  # 09:55-09:57
        pass
    with section(w2, "close", 3):  # 09:57-10:00
        rate(w2, store, ana=6, ben=7, cy=None)  # Cy left early: absent, no rating
    w2.end()

    # the re-scope kept its history
    assert store.item(c2).text == "Write the staging runbook"
    assert store.item(c2).due_date == "2026-10-20"
    assert store.item(c2).status == "open"
    (rescoped,) = [e for e in store.events(c2) if e.type == "rescoped"]
    assert rescoped.meeting_id == w2.meeting_id
    assert rescoped.details["old"] == {"text": "Write the runbook", "due": "2026-10-13"}
    assert rescoped.details["new"] == {
        "text": "Write the staging runbook",
        "due_date": "2026-10-20",
    }
    assert insights.completion_rate(store, w2.meeting_id).value == pytest.approx(2 / 4)  # 50%
    assert insights.time_discipline(store, w2.meeting_id).ratio == pytest.approx(1.0)  # 60/60
    assert insights.meeting_rating(store, w2.meeting_id) == pytest.approx(6.5)  # (6+7)/2

    # ================================================================ W3 Tue 20 Oct
    # minutes: 5, 12, 5, 6, 20, 5, 2, 3 = 58 of 60
    w3 = start(store, clock, ops, "2026-10-20 09:00")
    acc = shown(w3, SectionKind.ACCOUNTABILITY)
    # review set: C5 (due 13 Oct, overdue), C2, C3, C6 (due 20 Oct); C1 and C4 are done
    assert list(acc) == [c5, c2, c3, c6]
    assert records(store, w3.meeting_id) == {c2: None, c3: None, c5: None, c6: None}
    assert acc[c5].overdue and acc[c5].age_weeks == 1  # 9 Oct -> 20 Oct: 11 days
    assert acc[c2].times_rescoped == 1 and acc[c2].age_weeks == 2  # 6 Oct -> 20 Oct
    assert acc[c2].item.text == "Write the staging runbook"
    assert not acc[c2].overdue  # re-scoped to today
    assert all(v.carried and not v.brought for v in acc.values())

    blockers = shown(w3, SectionKind.BLOCKERS)
    assert list(blockers) == [b2, b3]  # B1 was resolved
    assert (blockers[b2].age_weeks, blockers[b2].times_carried) == (2, 2)  # W2, W3
    # B3 was brought into W2 (its first meeting), carried into W3; 9 Oct -> 20 Oct: 1 week
    assert (blockers[b3].age_weeks, blockers[b3].times_carried) == (1, 1)
    assert not blockers[b3].brought and blockers[b3].carried
    prios = shown(w3, SectionKind.PRIORITIES)
    assert {i: v.item.status for i, v in prios.items()} == {
        p1: "off_track",  # its last status, set in W2
        p2: "on_track",
        p3: "on_track",
    }
    assert shown(w3, SectionKind.CHECKIN) == {}  # Friday's headline was shown once, in W2

    with section(w3, "checkin", 5):  # 09:00-09:05
        pass
    with section(w3, "accountability", 12):  # 09:05-09:17
        w3.review(c2, "done")  # re-scoped last week, done now
        w3.review(c3, "abandoned", reason="Budget freeze; no ask this quarter")
        w3.review(c5, "done")
        w3.review(c6, "done")
    with section(w3, "priorities", 5):  # 09:17-09:22
        w3.set_status(p3, "dropped", reason="Finance owns it")
    with section(w3, "blockers", 6):  # 09:22-09:28
        b4 = capture(w3, "Need a read replica #Platform")  # raised and handed off at once
    with section(w3, "act", 20):  # 09:28-09:48
        w3.set_status(b3, "resolved")  # B3: 9 Oct 16:00 -> 20 Oct 09:28 = 10 d 17 h 28 min
    with section(w3, "commitments", 5):  # 09:48-09:53
        c7 = capture(w3, "Publish the freeze calendar @cy due:next")
        c8 = capture(w3, "Load test the replica @ana due:2026-11-17")
    with section(w3, "cascade", 2):  # 09:53-09:55
        result = w3.capture("Code freeze from 1 Nov #Platform #Sales")
        assert result.saved and len(result.item_ids) == 2  # one message per target team
        m_platform, m_sales = result.item_ids
        cascade = shown(w3, SectionKind.CASCADE)
        assert [v.to_team for v in cascade.values()] == ["Platform", "Sales"]
    with section(w3, "close", 3):  # 09:55-09:58
        rate(w3, store, ana=9, ben=8, cy=7)
    w3_ended = w3.end()

    assert store.item(c3).status == "abandoned"
    assert store.item(c3).reason == "Budget freeze; no ask this quarter"
    (abandon,) = [e for e in store.events(c3) if e.type == "status"]
    assert (abandon.from_status, abandon.to_status) == ("open", "abandoned")
    assert abandon.details == {"reason": "Budget freeze; no ask this quarter"}
    assert records(store, w3.meeting_id) == {c2: "done", c3: "abandoned", c5: "done", c6: "done"}
    assert insights.completion_rate(store, w3.meeting_id).value == pytest.approx(3 / 4)  # 75%
    assert insights.completion_rate(store, w3.meeting_id).label() == "75%"
    assert insights.time_discipline(store, w3.meeting_id).ratio == pytest.approx(58 / 60)
    assert insights.meeting_rating(store, w3.meeting_id) == pytest.approx(8.0)  # (9+8+7)/3
    # the hand-off: B4 is Ops' no more; Platform has a new open blocker linked to it
    assert store.item(b4).status == "handed_off"
    assert store.item(b4).target_team_id == platform.id
    b4p = new_item_of_hand_off(store, b4)
    assert store.item(b4p).team_id == platform.id
    assert store.item(b4p).origin_item_id == b4
    assert (store.item(b4p).status, store.item(b4p).created_meeting_id) == ("open", None)
    # due:next on 20 Oct is the cadence's 27 Oct (the meeting that will be skipped)
    assert store.item(c7).due_date == "2026-10-27"
    assert w3_ended.next_meeting_at == "2026-10-27T09:00"

    # ====================================================== Platform Thu 22 Oct 14:00
    pf1 = start(store, clock, platform, "2026-10-22 14:00")
    pf_blockers = shown(pf1, SectionKind.BLOCKERS)
    assert list(pf_blockers) == [b4p]
    assert pf_blockers[b4p].from_team == "Ops"  # "from Team Ops"
    assert pf_blockers[b4p].brought  # new in Platform's meeting
    # it keeps its history (DOMAIN.md): raised in Ops' W3 on 20 Oct, and this meeting
    # started with it open: carried once
    assert (pf_blockers[b4p].age_weeks, pf_blockers[b4p].times_carried) == (0, 1)
    pf_checkin = shown(pf1, SectionKind.CHECKIN)
    assert list(pf_checkin) == [m_platform]  # delivered; not acknowledged this time
    assert pf_checkin[m_platform].item.status == "pending"
    clock.advance(minutes=30)
    pf1.end()

    # ===================================== Sun 25 Oct: DST ends; Sales Mon 26 Oct 10:00
    sa1 = start(store, clock, sales, "2026-10-26 10:00")
    assert utc_start(store, sa1.meeting_id) == "2026-10-26T09:00:00+00:00"  # CET = UTC+1
    assert list(shown(sa1, SectionKind.CHECKIN)) == [m_sales]
    sa1.acknowledge(m_sales)
    clock.advance(minutes=30)
    sa1.end()

    # ====================================== Tue 27 Oct: Ops skips. Wed 28 Oct, home screen
    clock.set(local("2026-10-28 12:00"))
    ops_dates = [date(2026, 10, 6), date(2026, 10, 13), date(2026, 10, 20)]
    assert rhythm.missed_meetings(
        ops.cadence, local(ops.cadence_start), ops_dates, local_now(clock)
    ) == [date(2026, 10, 27)]
    # the next meeting is 09:00 on the wall clock, now 08:00 UTC (it was 07:00 in October)
    assert next_meeting_at(ops, local_now(clock)) == local("2026-11-03 09:00")
    assert rhythm.to_utc(local("2026-11-03 09:00")) == datetime(2026, 11, 3, 8, 0, tzinfo=UTC)

    # ====================================================== Platform Thu 29 Oct 14:00
    pf2 = start(store, clock, platform, "2026-10-29 14:00")
    assert utc_start(store, pf2.meeting_id) == "2026-10-29T13:00:00+00:00"
    pf_checkin = shown(pf2, SectionKind.CHECKIN)
    assert list(pf_checkin) == [m_platform]  # still there: not acknowledged yet
    pf2.acknowledge(m_platform)
    pf2.acknowledge(m_platform)  # once: a second acknowledgement changes nothing
    assert shown(pf2, SectionKind.CHECKIN)[m_platform].item.status == "acknowledged"
    pf_blockers = shown(pf2, SectionKind.BLOCKERS)
    # 20 Oct 09:22 -> 29 Oct: 9 days = 1 whole week; carried twice (22 Oct, this meeting)
    assert (pf_blockers[b4p].age_weeks, pf_blockers[b4p].times_carried) == (1, 2)
    assert pf_blockers[b4p].from_team == "Ops" and pf_blockers[b4p].carried
    clock.advance(minutes=30)
    pf2.end()
    message_events = [e.type for e in store.events(m_platform)]
    assert message_events.count("delivered") == 2  # 22 Oct, 29 Oct
    assert message_events.count("acknowledged") == 1

    # ================================================================ W5 Tue 03 Nov
    # minutes: 5, 10, 5, 5, 30, 5, 2, 3 = 65 of 60
    w5 = start(store, clock, ops, "2026-11-03 09:00")
    assert utc_start(store, w5.meeting_id) == "2026-11-03T08:00:00+00:00"  # 09:00 CET
    assert w5.meeting.date == "2026-11-03"
    acc = shown(w5, SectionKind.ACCOUNTABILITY)
    # C7 was due "at the next meeting": 27 Oct was missed, so it is due at this one (its
    # due date followed the next meeting held: DOMAIN.md); C8 is due 17 Nov
    assert list(acc) == [c7, c8]
    assert records(store, w5.meeting_id) == {c7: None}
    assert store.item(c7).due_date == "2026-11-03"
    assert not acc[c7].overdue and acc[c7].age_weeks == 2  # 20 Oct -> 3 Nov = 14 days
    blockers = shown(w5, SectionKind.BLOCKERS)
    assert list(blockers) == [b2]  # B4 was handed off: it is Platform's now
    # 6 Oct -> 3 Nov = 28 days = 4 weeks; carried into W2, W3, W5 (no meeting on 27 Oct)
    assert (blockers[b2].age_weeks, blockers[b2].times_carried) == (4, 3)
    assert insights.times_carried(store, b2) == 3
    assert insights.times_carried(store, b2, up_to_meeting_id=w3.meeting_id) == 2
    assert insights.blocker_age_weeks(store.item(b2).created_at, date(2026, 11, 3)) == 4
    prios = shown(w5, SectionKind.PRIORITIES)
    assert {i: v.item.status for i, v in prios.items()} == {p1: "off_track", p2: "on_track"}
    assert shown(w5, SectionKind.CHECKIN) == {}  # Ops got no message

    with section(w5, "checkin", 5):  # 09:00-09:05
        pass
    with section(w5, "accountability", 10):  # 09:05-09:15
        w5.review(c7, "rescoped", due=date(2026, 11, 10))  # a new due date only
    with section(w5, "priorities", 5):  # 09:15-09:20
        w5.set_status(p1, "done")
    with section(w5, "blockers", 5):  # 09:20-09:25
        pass
    with section(w5, "act", 30):  # 09:25-09:55
        # B2: 6 Oct 09:15 CEST (07:15 UTC) -> 3 Nov 09:25 CET (08:25 UTC):
        # 28 days 10 minutes on the wall clock, 28 days 1 h 10 min elapsed
        w5.set_status(b2, "resolved")
    with section(w5, "commitments", 5):  # 09:55-10:00
        c9 = capture(w5, "Retire the old cluster @ben due:next")
    with section(w5, "cascade", 2):  # 10:00-10:02
        pass
    with section(w5, "close", 3):  # 10:02-10:05
        rate(w5, store, ana=7, ben=7, cy=8)
    w5.end()

    assert store.item(c7).text == "Publish the freeze calendar"  # text unchanged
    assert store.item(c7).due_date == "2026-11-10"
    assert store.item(c9).due_date == "2026-11-10"
    assert records(store, w5.meeting_id) == {c7: "rescoped"}
    assert insights.completion_rate(store, w5.meeting_id).value == 0.0  # 0 of 1 done
    assert minutes_per_section(store, w5.meeting_id) == [5, 10, 5, 5, 30, 5, 2, 3]
    assert insights.time_discipline(store, w5.meeting_id).ratio == pytest.approx(65 / 60)
    assert insights.meeting_rating(store, w5.meeting_id) == pytest.approx(22 / 3)  # 7.33

    # ====================================================== Platform Thu 05 Nov 14:00
    pf3 = start(store, clock, platform, "2026-11-05 14:00")
    assert shown(pf3, SectionKind.CHECKIN) == {}  # acknowledged last week: shown no more
    assert shown(pf3, SectionKind.BLOCKERS)[b4p].times_carried == 3  # 22, 29 Oct, 5 Nov
    assert shown(pf3, SectionKind.BLOCKERS)[b4p].age_weeks == 2  # 20 Oct -> 5 Nov = 16 days
    # B4 at Platform: 20 Oct 09:22 CEST (07:22 UTC) -> 5 Nov 14:00 CET (13:00 UTC)
    # = 16 days 5 h 38 min; open in 4 meetings (Ops W3 raised it; Platform 22 Oct,
    # 29 Oct, 5 Nov)
    pf3.set_status(b4p, "resolved")
    clock.advance(minutes=30)
    pf3.end()

    # ================================================================ W6 Tue 10 Nov
    w6 = start(store, clock, ops, "2026-11-10 09:00")
    assert list(shown(w6, SectionKind.ACCOUNTABILITY)) == [c7, c9, c8]
    assert records(store, w6.meeting_id) == {c7: None, c9: None}
    assert shown(w6, SectionKind.ACCOUNTABILITY)[c7].times_rescoped == 1
    assert not shown(w6, SectionKind.ACCOUNTABILITY)[c7].overdue  # re-scoped to today
    assert shown(w6, SectionKind.BLOCKERS) == {}  # every blocker resolved or handed off
    assert list(shown(w6, SectionKind.PRIORITIES)) == [p2]  # P1 is done
    with section(w6, "checkin", 5):
        pass
    with section(w6, "accountability", 10):
        w6.review(c7, "done")
        w6.review(c9, "abandoned")  # consciously, without a reason
    with section(w6, "priorities", 5):
        pass
    with section(w6, "blockers", 5):  # 09:20
        b5 = capture(w6, "Vendor contract expires")
    for kind, minutes in (("act", 25), ("commitments", 5), ("cascade", 2), ("close", 3)):
        with section(w6, kind, minutes):
            pass
    rate(w6, store, ana=8, ben=9, cy=10)
    w6.end()
    assert store.item(c9).status == "abandoned" and store.item(c9).reason is None
    assert records(store, w6.meeting_id) == {c7: "done", c9: "abandoned"}
    assert insights.completion_rate(store, w6.meeting_id).value == pytest.approx(1 / 2)  # 50%
    assert insights.time_discipline(store, w6.meeting_id).ratio == pytest.approx(1.0)
    assert insights.meeting_rating(store, w6.meeting_id) == pytest.approx(9.0)  # (8+9+10)/3

    # ================================================================ W7 Tue 17 Nov
    w7 = start(store, clock, ops, "2026-11-17 09:00")
    assert utc_start(store, w7.meeting_id) == "2026-11-17T08:00:00+00:00"
    assert list(shown(w7, SectionKind.ACCOUNTABILITY)) == [c8]
    assert records(store, w7.meeting_id) == {c8: None}
    blockers = shown(w7, SectionKind.BLOCKERS)
    assert (blockers[b5].age_weeks, blockers[b5].times_carried) == (1, 1)
    assert list(shown(w7, SectionKind.PRIORITIES)) == [p2]
    assert shown(w7, SectionKind.PRIORITIES)[p2].item.status == "on_track"
    for kind, minutes in (("checkin", 5), ("accountability", 10)):
        with section(w7, kind, minutes):
            if kind == "accountability":
                w7.review(c8, "done")
    for kind, minutes in (("priorities", 5), ("blockers", 5), ("act", 25)):
        with section(w7, kind, minutes):
            pass
    for kind, minutes in (("commitments", 5), ("cascade", 2), ("close", 3)):
        with section(w7, kind, minutes):
            pass
    rate(w7, store, ana=10, ben=9, cy=8)
    w7_ended = w7.end()
    assert records(store, w7.meeting_id) == {c8: "done"}
    assert insights.completion_rate(store, w7.meeting_id).value == 1.0  # 1 of 1 -> 100%
    assert insights.meeting_rating(store, w7.meeting_id) == pytest.approx(9.0)
    assert w7_ended.next_meeting_at == "2026-11-24T09:00"

    # ========================================================= looking back on 17 Nov
    # every Ops meeting started at 09:00 on the wall clock, whatever DST did
    ops_meetings = sorted(store.meetings(ops.id), key=lambda m: m.started_at)
    assert [m.date for m in ops_meetings] == [
        "2026-10-06",
        "2026-10-13",
        "2026-10-20",
        "2026-11-03",
        "2026-11-10",
        "2026-11-17",
    ]
    assert [m.started_at[11:16] for m in ops_meetings] == ["07:00"] * 3 + ["08:00"] * 3  # UTC
    assert {
        datetime.fromisoformat(m.started_at).astimezone().strftime("%H:%M") for m in ops_meetings
    } == {"09:00"}
    held = [date.fromisoformat(m.date) for m in ops_meetings]
    assert rhythm.missed_meetings(
        ops.cadence, local(ops.cadence_start), held, local("2026-11-17 10:00")
    ) == [date(2026, 10, 27)]

    # completion rates per meeting: n/a, 2/4, 3/4, 0/1, 1/2, 1/1
    rates = [insights.completion_rate(store, m.id) for m in ops_meetings]
    assert [(r.done, r.total) for r in rates] == [(0, 0), (2, 4), (3, 4), (0, 1), (1, 2), (1, 1)]
    assert [r.label() for r in rates] == ["n/a", "50%", "75%", "0%", "50%", "100%"]

    # person completion rate, 13 weeks ending 17 Nov (all six meetings are in it):
    #   ana: C3 abandoned (W3), C8 done (W7)                          -> 1 of 2 = 50%
    #   ben: C1 done, C4 done (W2), C6 done (W3), C9 abandoned (W6)   -> 3 of 4 = 75%
    #   cy:  C2 rescoped, C5 open (W2), C2 done, C5 done (W3),
    #        C7 rescoped (W5), C7 done (W6)                           -> 3 of 6 = 50%
    today = date(2026, 11, 17)
    person = {
        handle: insights.person_completion_rate(store, pid, today)
        for handle, pid in (("ana", ana), ("ben", ben), ("cy", cy))
    }
    assert {h: (r.done, r.total) for h, r in person.items()} == {
        "ana": (1, 2),
        "ben": (3, 4),
        "cy": (3, 6),
    }
    assert insights.team_person_rates(store, ops.id, today) == {
        ana: insights.Rate(1, 2),
        ben: insights.Rate(3, 4),
        cy: insights.Rate(3, 6),
    }
    # the window is the 13 weeks (91 days) ENDING on the day: on 19 Jan 2027 it covers
    # 21 Oct .. 19 Jan, so W3 (20 Oct) has just left it: W5, W6, W7 remain
    #   ana: C8 done -> 1/1; ben: C9 abandoned -> 0/1; cy: C7 rescoped, C7 done -> 1/2
    later = insights.team_person_rates(store, ops.id, date(2027, 1, 19))
    assert later == {ana: insights.Rate(1, 1), ben: insights.Rate(0, 1), cy: insights.Rate(1, 2)}
    # one day earlier, 20 Oct is still inside: W3 adds ana 0/1, ben 1/1, cy 2/2
    earlier = insights.team_person_rates(store, ops.id, date(2027, 1, 18))
    assert earlier == {ana: insights.Rate(1, 2), ben: insights.Rate(1, 2), cy: insights.Rate(3, 4)}

    # decision velocity of Ops, blockers resolved 1 Oct .. 18 Nov:
    #   B1  7 d 10 min        open in 2 meetings (W1 raised, W2)
    #   B3 10 d 17 h 28 min   open in 2 meetings (W2 brought, W3)
    #   B2 28 d  1 h 10 min   open in 4 meetings (W1 raised, W2, W3, W5)
    # median: 10 d 17 h 28 min = 10 + 1048 minutes; 2 meetings
    ops_velocity = insights.decision_velocity(
        store, local("2026-10-01 00:00"), local("2026-11-18 00:00"), team_id=ops.id
    )
    assert ops_velocity.resolved == 3
    assert ops_velocity.median_days == pytest.approx(10 + 1048 * MINUTE)
    assert ops_velocity.median_meetings == 2
    # all teams: + Platform's B4, 16 d 5 h 38 min (338 min), open in 4 meetings
    # days sorted 7.0, 10.7, 16.2, 28.0 -> median (10 d 1048 min + 16 d 338 min) / 2
    everyone = insights.decision_velocity(store, local("2026-10-01 00:00"), local("2026-11-18"))
    assert everyone.resolved == 4
    assert everyone.median_days == pytest.approx((26 + (1048 + 338) * MINUTE) / 2)
    assert everyone.median_meetings == 3  # 2, 2, 4, 4
    # the window is half-open: B3 was resolved at 20 Oct 09:28 exactly
    week = insights.decision_velocity(store, local("2026-10-13 00:00"), local("2026-10-20 09:28"))
    assert (week.resolved, week.median_days) == (1, pytest.approx(7 + 10 * MINUTE))
    week = insights.decision_velocity(store, local("2026-10-13 00:00"), local("2026-10-20 09:29"))
    assert week.resolved == 2
    platform_velocity = insights.decision_velocity(
        store, local("2026-10-01"), local("2026-11-18"), team_id=platform.id
    )
    assert platform_velocity.median_days == pytest.approx(16 + 338 * MINUTE)
    assert platform_velocity.median_meetings == 4

    # nothing open was lost: what is still open at the end
    still_open = {
        row["id"]
        for row in store.rows(
            "select id from items where status in ('open', 'on_track', 'off_track', 'pending')"
        )
    }
    assert still_open == {p2, b5}


# ------------------------------------------------------------ due:next and the cadence


def test_due_next_in_a_meeting_started_early_is_the_following_meeting() -> None:
    store = Store.memory()
    clock = FakeTime(local("2026-10-01 10:00"))
    ops = create_team(store, clock, "Ops", cadence=TUESDAY_9)
    add_member(store, clock, ops, "ana")
    # the team gathers five minutes before its 09:00 slot: this IS the 6 Oct meeting
    live = start(store, clock, ops, "2026-10-06 08:55")
    live.go_to([s.kind for s in live.sections].index("commitments"))
    job = capture(live, "Call the bank @ana due:next")
    assert store.item(job).due_date == "2026-10-13"  # not today's 09:00 slot
    assert live.next_meeting() == local("2026-10-13 09:00")
    clock.advance(minutes=2)  # a very short meeting, over at 08:57
    assert live.end().next_meeting_at == "2026-10-13T09:00"


def test_due_next_follows_a_next_meeting_date_set_by_hand() -> None:
    store = Store.memory()
    clock = FakeTime(local("2026-10-01 10:00"))
    ops = create_team(store, clock, "Ops")
    add_member(store, clock, ops, "ana")
    live = start(store, clock, ops, "2026-10-06 09:00")
    live.set_next_meeting(local("2026-10-15 11:00"))  # moved to Thursday next week
    live.go_to([s.kind for s in live.sections].index("commitments"))
    assert store.item(capture(live, "Plan @ana due:next")).due_date == "2026-10-15"
    assert live.end().next_meeting_at == "2026-10-15T11:00"
