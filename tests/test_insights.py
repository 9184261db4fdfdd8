"""The metrics of DOMAIN.md, rule by rule, with the numbers worked out by hand.

The fixtures (tests/conftest.py): team Core (@ana, @bo, @cy), a fake clock at Tuesday
2026-11-24 09:00 Europe/Berlin, the 60-minute camp agenda.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from campmeeting import insights
from campmeeting.agenda import Agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import (
    LiveMeeting,
    add_between_meetings,
    add_member,
    create_team,
)
from campmeeting.model import ItemKind
from campmeeting.records import Team
from campmeeting.store import Store

DAY_MINUTES = 24 * 60


def start(store: Store, source: FakeTime, team: Team, camp: Agenda, when: str) -> LiveMeeting:
    source.set(datetime.fromisoformat(when))
    return LiveMeeting.start(store, source, store.team(team.id), camp, "camp")


def go(live: LiveMeeting, kind: str) -> None:
    live.go_to([s.kind for s in live.sections].index(kind))


def captured(live: LiveMeeting, line: str) -> int:
    result = live.capture(line)
    assert result.problems == [], result.problems
    (item_id,) = result.item_ids
    return item_id


def person(store: Store, handle: str) -> int:
    found = store.person_by_handle(handle)
    assert found is not None
    return found.id


def records(store: Store, meeting_id: int) -> dict[int, str | None]:
    return {
        r["item_id"]: r["outcome"]
        for r in store.rows(
            "select item_id, outcome from reviews where meeting_id = ?", [meeting_id]
        )
    }


# ------------------------------------------------------------------- review records


def test_review_set_is_open_at_start_and_due_on_or_before_the_meeting_date(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    m1 = start(store, source, team, camp, "2026-11-24 09:00")
    go(m1, "commitments")
    early = captured(m1, "Call the bank @ana due:2026-11-30")  # due before next meeting
    on_day = captured(m1, "Send the offer @bo due:2026-12-01")  # due on the meeting date
    later = captured(m1, "Plan Q1 @cy due:2026-12-02")  # due after it: not reviewed
    done = captured(m1, "Book the venue @ana due:2026-11-25")
    m1.set_status(done, "done")  # done already: not open at the next start
    today = captured(m1, "Fix the wiki @bo due:today")  # due today, made in this meeting
    assert records(store, m1.meeting_id) == {}  # none of them was open when M1 started
    m1.end()

    source.set(datetime(2026, 11, 27, 12, 0))
    between = add_between_meetings(
        store, source, team, ItemKind.COMMITMENT, "Order chairs @cy due:2026-11-28"
    ).id

    m2 = start(store, source, team, camp, "2026-12-01 09:00")
    # open at start and due on or before 1 Dec: early, on_day, today (24 Nov), between
    assert records(store, m2.meeting_id) == {early: None, on_day: None, today: None, between: None}
    go(m2, "accountability")
    go(m2, "commitments")
    # made in M2 and due in M2: open at the end, but it was not open when M2 started
    captured(m2, "Answer the auditor @ana due:today")
    m2.end()
    # left unreviewed: every record of M2 is open
    assert records(store, m2.meeting_id) == dict.fromkeys((early, on_day, today, between), "open")
    assert insights.completion_rate(store, m2.meeting_id) == insights.Rate(0, 4)
    assert later not in records(store, m2.meeting_id)


def test_a_commitment_set_done_outside_the_review_is_its_outcome(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    m1 = start(store, source, team, camp, "2026-11-24 09:00")
    go(m1, "commitments")
    first = captured(m1, "Ship the beta @ana due:next")
    second = captured(m1, "Write the notes @bo due:next")
    third = captured(m1, "Clean the backlog @cy due:next")
    m1.end()

    m2 = start(store, source, team, camp, "2026-12-01 09:00")
    go(m2, "accountability")
    m2.review(first, "open")
    go(m2, "commitments")  # the accountability section ends: second is open, unreviewed
    assert records(store, m2.meeting_id) == {first: "open", second: "open", third: "open"}
    # later in the meeting the owners say: first and third are done after all
    m2.set_status(first, "done")
    m2.set_status(third, "abandoned", reason="not needed")
    m2.end()
    assert records(store, m2.meeting_id) == {first: "done", second: "open", third: "abandoned"}
    assert insights.completion_rate(store, m2.meeting_id) == insights.Rate(1, 3)  # 33%


def test_completion_rate_and_its_labels(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    m1 = start(store, source, team, camp, "2026-11-24 09:00")
    go(m1, "commitments")
    ids = [captured(m1, f"Task {n} @ana due:next") for n in range(3)]
    m1.end()
    m2 = start(store, source, team, camp, "2026-12-01 09:00")
    go(m2, "accountability")
    # while the section runs, a record still pending counts as open (DOMAIN.md): the
    # close shows the rate the minutes will show if nothing else is reviewed
    assert insights.completion_rate(store, m2.meeting_id) == insights.Rate(0, 3)
    assert insights.completion_rate(store, m2.meeting_id).label() == "0%"
    assert insights.review_pending(store, m2.meeting_id) == 3
    m2.review(ids[0], "done")
    m2.review(ids[1], "done")
    assert insights.completion_rate(store, m2.meeting_id) == insights.Rate(2, 3)
    assert insights.review_pending(store, m2.meeting_id) == 1
    go(m2, "priorities")  # the third counts as open: 2 of 3 = 66.7%
    rate = insights.completion_rate(store, m2.meeting_id)
    assert rate.value == pytest.approx(2 / 3)
    assert rate.label() == "67%"
    assert rate.summary() == "2 of 3 done (67%, target 90%)"
    assert insights.review_pending(store, m2.meeting_id) == 0
    assert insights.Rate(0, 0).summary() == "n/a (nothing due)"


def test_person_completion_rate_counts_every_team_of_the_person(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    ops = create_team(store, source, "Ops")
    add_member(store, source, ops, "ana")
    core1 = start(store, source, team, camp, "2026-11-24 09:00")
    go(core1, "commitments")
    core_a = captured(core1, "Core job A @ana due:next")
    core_b = captured(core1, "Core job B @ana due:next")
    bo_job = captured(core1, "Core job @bo due:next")
    core1.end()
    ops1 = start(store, source, ops, camp, "2026-11-25 10:00")
    go(ops1, "commitments")
    ops_job = captured(ops1, "Ops job @ana due:next")
    ops1.end()

    core2 = start(store, source, team, camp, "2026-12-01 09:00")
    go(core2, "accountability")
    core2.review(core_a, "done")
    core2.review(core_b, "abandoned")
    core2.review(bo_job, "done")
    core2.end()
    ops2 = start(store, source, ops, camp, "2026-12-02 10:00")
    go(ops2, "accountability")
    ops2.review(ops_job, "done")
    ops2.end()

    ana, bo = person(store, "ana"), person(store, "bo")
    # ana: Core A done, Core B abandoned, Ops done -> 2 of 3
    assert insights.person_completion_rate(store, ana, date(2026, 12, 2)) == insights.Rate(2, 3)
    assert insights.person_completion_rate(store, bo, date(2026, 12, 2)) == insights.Rate(1, 1)
    # per team: Core ana 1/2, bo 1/1; Ops ana 1/1
    assert insights.team_person_rates(store, team.id, date(2026, 12, 2)) == {
        ana: insights.Rate(1, 2),
        bo: insights.Rate(1, 1),
    }
    assert insights.team_person_rates(store, ops.id, date(2026, 12, 2)) == {
        ana: insights.Rate(1, 1)
    }
    # the window ends on its day: on 1 Dec the Ops meeting of 2 Dec is not in it yet
    assert insights.person_completion_rate(store, ana, date(2026, 12, 1)) == insights.Rate(1, 2)
    # 13 weeks = 91 days: from 2 Mar 2027 the window starts after 1 Dec (Core leaves it)
    assert insights.person_completion_rate(store, ana, date(2027, 3, 2)) == insights.Rate(1, 1)
    assert insights.person_completion_rate(store, ana, date(2027, 3, 3)) == insights.Rate(0, 0)
    # a shorter window: one week ending 1 Dec holds Core's meeting only
    one_week = insights.person_completion_rate(store, ana, date(2026, 12, 1), weeks=1)
    assert one_week == insights.Rate(1, 2)


# --------------------------------------------------------------- blockers: age, carried


def test_blocker_age_is_whole_weeks_between_local_dates() -> None:
    # created Tue 24 Nov 00:30 Berlin = Mon 23 Nov 23:30 UTC: the local date is 24 Nov
    created = "2026-11-23T23:30:00+00:00"
    assert insights.blocker_age_weeks(created, date(2026, 11, 24)) == 0
    assert insights.blocker_age_weeks(created, date(2026, 11, 30)) == 0  # 6 days
    assert insights.blocker_age_weeks(created, date(2026, 12, 1)) == 1  # 7 days
    assert insights.blocker_age_weeks(created, date(2026, 12, 14)) == 2  # 20 days
    assert insights.blocker_age_weeks(created, date(2026, 12, 15)) == 3  # 21 days
    assert insights.blocker_age_weeks(created, date(2026, 11, 1)) == 0  # never negative


def test_times_carried_counts_meetings_after_the_raising_one_that_started_with_it_open(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    m1 = start(store, source, team, camp, "2026-11-24 09:00")
    go(m1, "blockers")
    raised = captured(m1, "Flaky tests")
    # `campmeeting add` while M1 is live: it belongs to M1 like a typed one
    during = add_between_meetings(store, source, team, ItemKind.BLOCKER, "Slow laptops").id
    m1.end()
    source.set(datetime(2026, 11, 27, 12, 0))
    between = add_between_meetings(store, source, team, ItemKind.BLOCKER, "No VPN").id
    assert insights.times_carried(store, raised) == 0

    m2 = start(store, source, team, camp, "2026-12-01 09:00")
    assert insights.times_carried(store, raised) == 1
    assert insights.times_carried(store, during) == 1
    assert insights.times_carried(store, between) == 0  # brought: M2 is its first meeting
    m2.set_status(raised, "resolved")
    m2_id = m2.meeting_id
    # quitting and resuming is the same meeting: nothing is carried again
    resumed = LiveMeeting.resume(store, source, store.team(team.id))
    assert resumed is not None and resumed.meeting_id == m2_id
    resumed.end()

    m3 = start(store, source, team, camp, "2026-12-08 09:00")
    assert insights.times_carried(store, raised) == 1  # resolved in M2: not carried into M3
    assert insights.times_carried(store, during) == 2
    assert insights.times_carried(store, between) == 1
    assert insights.times_carried(store, during, up_to_meeting_id=m2_id) == 1
    assert insights.times_carried(store, during, up_to_meeting_id=m3.meeting_id) == 2


# ------------------------------------------------------------------ decision velocity


def test_decision_velocity_medians_over_blockers_resolved_in_the_window(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    ops = create_team(store, source, "Ops")
    add_member(store, source, ops, "dee")
    assert insights.decision_velocity(
        store, datetime(2026, 11, 1), datetime(2027, 1, 1)
    ) == insights.Velocity(0, None, None)

    m1 = start(store, source, team, camp, "2026-11-24 09:00")
    go(m1, "blockers")
    quick = captured(m1, "Quick one")
    slow = captured(m1, "Slow one")
    reopened = captured(m1, "Comes back")
    dropped = captured(m1, "Not ours")
    handed = captured(m1, "Ops must fix it")
    source.advance(minutes=30)  # 09:30
    m1.set_status(quick, "resolved")  # 30 minutes, open in 1 meeting
    m1.set_status(reopened, "resolved")  # resolved at 09:30 ...
    m1.set_status(reopened, "open")  # ... and re-opened: it is carried on
    m1.set_status(dropped, "dropped")  # dropped is not resolved: not counted
    ops_copy = m1.hand_off(handed, "Ops")  # handed off is not resolved either
    m1.end()

    m2 = start(store, source, team, camp, "2026-12-01 09:00")
    m2.end()
    m3 = start(store, source, team, camp, "2026-12-08 09:00")
    source.advance(minutes=45)  # 09:45
    m3.set_status(slow, "resolved")  # 14 days 45 minutes, open in 3 meetings
    source.advance(minutes=15)  # 10:00
    m3.set_status(reopened, "resolved")  # 14 days 1 hour after creation, open in 3 meetings
    m3.end()

    o1 = start(store, source, ops, camp, "2026-12-09 09:00")
    source.advance(minutes=10)
    # Ops' blocker keeps its history (DOMAIN.md): 15 d 10 min from its first creation in
    # Core on 24 Nov 09:00 (not from the hand-off at 09:30); open in 2 meetings: Core's
    # M1 raised it, Ops' O1 started with it open
    o1.set_status(ops_copy, "resolved")
    o1.end()

    window = (datetime(2026, 11, 1), datetime(2027, 1, 1))
    core = insights.decision_velocity(store, *window, team_id=team.id)
    # quick 30 min (1 meeting), slow 14 d 45 min (3), reopened 14 d 60 min (3): each once,
    # the re-opened one by its last resolution. Median: slow, 14 d 45 min; 3 meetings
    assert core.resolved == 3
    assert core.median_days == pytest.approx(14 + 45 / DAY_MINUTES)
    assert core.median_meetings == 3
    everyone = insights.decision_velocity(store, *window)
    # + Ops 15 d 10 min (2 meetings): median of 4 = (14 d 45 min + 14 d 60 min) / 2
    assert everyone.resolved == 4
    assert everyone.median_days == pytest.approx(14 + 52.5 / DAY_MINUTES)
    assert everyone.median_meetings == 2.5  # 1, 2, 3, 3
    ops_only = insights.decision_velocity(store, *window, team_id=ops.id)
    assert ops_only == insights.Velocity(1, pytest.approx(15 + 10 / DAY_MINUTES), 2)
    # only November: the quick one and the first resolution of the re-opened one at 09:30
    # on 24 Nov. It was re-opened, so its resolution is the later one: only quick counts
    november = insights.decision_velocity(store, datetime(2026, 11, 1), datetime(2026, 12, 1))
    assert november == insights.Velocity(1, pytest.approx(30 / DAY_MINUTES), 1)


# --------------------------------------------------------------- time and ratings


def test_time_discipline_per_section_and_total(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    live = start(store, source, team, camp, "2026-11-24 09:00")
    source.advance(minutes=7)  # checkin 7 of 5
    go(live, "accountability")
    source.advance(minutes=4)
    live.toggle_pause()
    source.advance(minutes=20)  # paused: not meeting time
    live.toggle_pause()
    source.advance(minutes=4)  # accountability 8 of 10
    go(live, "act")  # priorities and blockers skipped: 0 of 5 each
    source.advance(minutes=30)  # act 30 of 25
    go(live, "close")
    source.advance(minutes=3)  # close 3 of 3
    live.end()
    timing = insights.time_discipline(store, live.meeting_id)
    assert [(s.kind, s.actual_seconds / 60, s.planned_seconds / 60) for s in timing.sections] == [
        ("checkin", 7, 5),
        ("accountability", 8, 10),
        ("priorities", 0, 5),
        ("blockers", 0, 5),
        ("act", 30, 25),
        ("commitments", 0, 5),
        ("cascade", 0, 2),
        ("close", 3, 3),
    ]
    assert [s.ratio for s in timing.sections] == pytest.approx(
        [1.4, 0.8, 0.0, 0.0, 1.2, 0.0, 0.0, 1.0]
    )
    # 7 + 8 + 30 + 3 = 48 minutes of 60 planned -> 80%
    assert (timing.actual_seconds, timing.planned_seconds) == (48 * 60, 60 * 60)
    assert timing.ratio == pytest.approx(0.8)


def test_meeting_rating_is_the_mean_of_present_attendees(
    store: Store, source: FakeTime, team: Team, camp: Agenda
) -> None:
    live = start(store, source, team, camp, "2026-11-24 09:00")
    assert insights.meeting_rating(store, live.meeting_id) is None  # nobody rated yet
    assert insights.rating_label(None) == "n/a"
    ana, bo, cy = person(store, "ana"), person(store, "bo"), person(store, "cy")
    live.rate(ana, 9)
    live.rate(bo, 6)
    live.rate(cy, 10)
    assert insights.meeting_rating(store, live.meeting_id) == pytest.approx(25 / 3)  # 8.33
    live.set_present(cy, False)  # absent: the rating goes with the person
    assert insights.meeting_rating(store, live.meeting_id) == pytest.approx(7.5)  # (9+6)/2
    live.rate(bo, None)  # present, did not rate
    assert insights.meeting_rating(store, live.meeting_id) == pytest.approx(9.0)
    assert insights.rating_label(7.5) == "7.5/10"
