"""The drift signals (DOMAIN.md, "Visibility"), each on a hand-worked history, at the
edges of its rule. Ops meets on Tuesdays at 09:00 (camp agenda, 60 minutes)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from campmeeting import insights
from campmeeting.clock import FakeTime
from campmeeting.insights import drift
from campmeeting.meeting import LiveMeeting
from campmeeting.store import Store
from tests.insights_support import Crew

SignalKind = insights.SignalKind


def signal(found: insights.Insights, kind: SignalKind, team: str = "Ops") -> insights.DriftSignal:
    (match,) = [s for s in found.signals() if s.kind == kind and s.team == team]
    return match


def kinds(found: insights.Insights, team: str = "Ops") -> set[SignalKind]:
    return {s.kind for s in found.signals() if s.team == team}


TUESDAYS = [f"2026-10-{day:02d} 09:00" for day in (6, 13, 20, 27)] + [
    f"2026-11-{day:02d} 09:00" for day in (3, 10, 17)
]


def test_stuck_blocker_is_open_and_carried_three_times(store: Store, source: FakeTime) -> None:
    ops = Crew(store, source, "Ops", created="2026-10-01 08:00")
    ids: dict[str, int] = {}

    def first(live: LiveMeeting) -> None:
        ids["old"] = ops.blocker(live, "Build farm is full")
        ids["gone"] = ops.blocker(live, "Flaky VPN")

    ops.meeting(TUESDAYS[0], first)
    ops.meeting(TUESDAYS[1], lambda live: ids.update(young=ops.blocker(live, "No staging")))
    ops.meeting(TUESDAYS[2])
    # on 20 Oct: "old" carried twice (13, 20 Oct): not stuck yet
    assert SignalKind.STUCK_BLOCKER not in kinds(insights.build_insights(store, date(2026, 10, 20)))
    ops.meeting(TUESDAYS[3], lambda live: live.set_status(ids["gone"], "resolved"))
    found = insights.build_insights(store, date(2026, 10, 27))
    stuck = signal(found, SignalKind.STUCK_BLOCKER)
    # "old" carried into 13, 20, 27 Oct: 3 times; "young" twice; "gone" resolved
    assert [(i.item_id, i.label) for i in stuck.items] == [(ids["old"], "Build farm is full")]
    assert stuck.items[0].detail == "carried 3 times, 3 weeks old"
    assert stuck.label() == "Stuck blockers (1)"
    assert stuck.rule == "open and carried 3 or more times"


def test_slipping_commitment_rescoped_or_reviewed_open_twice(
    store: Store, source: FakeTime
) -> None:
    ops = Crew(store, source, "Ops", created="2026-10-01 08:00")
    ids: dict[str, int] = {}

    def plan(live: LiveMeeting) -> None:
        ids["rescoped"] = ops.commitment(live, "Rescoped twice", "ana", "2026-10-13")
        ids["open"] = ops.commitment(live, "Open twice", "bo", "2026-10-13")
        ids["mixed"] = ops.commitment(live, "Once each", "cy", "2026-10-13")
        ids["done"] = ops.commitment(live, "Rescoped twice, then done", "ana", "2026-10-13")

    def week2(live: LiveMeeting) -> None:
        live.rescope(ids["rescoped"], due=date(2026, 10, 20))
        live.review(ids["open"], "open")
        live.rescope(ids["mixed"], due=date(2026, 10, 20))
        live.rescope(ids["done"], due=date(2026, 10, 20))

    def week3(live: LiveMeeting) -> None:
        live.rescope(ids["rescoped"], due=date(2026, 10, 27))
        live.review(ids["open"], "open")
        live.review(ids["mixed"], "open")
        live.rescope(ids["done"], due=date(2026, 10, 27))
        live.review(ids["done"], "done")

    ops.meeting(TUESDAYS[0], plan)
    ops.meeting(TUESDAYS[1], week2)
    assert SignalKind.SLIPPING_COMMITMENT not in kinds(
        insights.build_insights(store, date(2026, 10, 13))
    )
    ops.meeting(TUESDAYS[2], week3)
    slipping = signal(
        insights.build_insights(store, date(2026, 10, 20)), SignalKind.SLIPPING_COMMITMENT
    )
    assert [(i.item_id, i.detail) for i in slipping.items] == [
        (ids["rescoped"], "re-scoped 2 times, @ana, due Tue 27 Oct"),
        (ids["open"], "reviewed open 2 times, @bo, due Tue 13 Oct"),
    ]


def test_a_pending_review_counts_as_open_for_a_slipping_commitment(
    store: Store, source: FakeTime
) -> None:
    ops = Crew(store, source, "Ops", created="2026-10-01 08:00")
    ids: dict[str, int] = {}
    ops.meeting(
        TUESDAYS[0], lambda live: ids.update(c=ops.commitment(live, "Hire", "ana", "2026-10-13"))
    )
    ops.meeting(TUESDAYS[1])  # left unreviewed: open once
    live = ops.start(TUESDAYS[2])  # due again, pending: shown as open (DOMAIN.md)
    found = insights.build_insights(store, date(2026, 10, 20))
    assert (
        signal(found, SignalKind.SLIPPING_COMMITMENT)
        .items[0]
        .detail.startswith("reviewed open 2 times")
    )
    live.review(ids["c"], "done")
    assert SignalKind.SLIPPING_COMMITMENT not in kinds(
        insights.build_insights(store, date(2026, 10, 20))
    )


def test_priority_adrift_off_track_in_consecutive_meetings(store: Store, source: FakeTime) -> None:
    ops = Crew(store, source, "Ops", created="2026-10-01 08:00")
    p: dict[str, int] = {}

    def week1(live: LiveMeeting) -> None:
        for name in ("steady", "wobbly", "recovered", "once"):
            p[name] = ops.priority(live, name)
        for name in ("steady", "wobbly", "recovered"):
            live.set_status(p[name], "off_track")

    def week2(live: LiveMeeting) -> None:
        live.set_status(p["wobbly"], "on_track")

    def week3(live: LiveMeeting) -> None:
        live.set_status(p["wobbly"], "off_track")
        live.set_status(p["recovered"], "on_track")
        live.set_status(p["once"], "off_track")

    ops.meeting(TUESDAYS[0], week1)
    assert SignalKind.PRIORITY_ADRIFT not in kinds(
        insights.build_insights(store, date(2026, 10, 6))
    )
    ops.meeting(TUESDAYS[1], week2)
    adrift = signal(insights.build_insights(store, date(2026, 10, 13)), SignalKind.PRIORITY_ADRIFT)
    # steady and recovered: off track at the end of 6 and 13 Oct; wobbly is on track again
    assert [i.item_id for i in adrift.items] == [p["steady"], p["recovered"]]
    ops.meeting(TUESDAYS[2], week3)
    adrift = signal(insights.build_insights(store, date(2026, 10, 20)), SignalKind.PRIORITY_ADRIFT)
    # steady: 3 meetings; wobbly and once: off track in one meeting; recovered: on track
    assert [(i.item_id, i.detail) for i in adrift.items] == [
        (p["steady"], "off track in the last 3 meetings (since Tue 6 Oct)")
    ]
    # the window bounds the streak: 1 week ending 20 Oct holds only 14 .. 20 Oct
    short = insights.build_insights(store, date(2026, 10, 20), weeks=1)
    assert SignalKind.PRIORITY_ADRIFT not in kinds(short)


def test_chronic_overrun_same_section_in_three_of_the_last_four(
    store: Store, source: FakeTime
) -> None:
    ops = Crew(store, source, "Ops", created="2026-10-01 08:00")
    # act (25 min): over on 6, 13 Oct, on time 20 Oct, over 27 Oct, 3 Nov
    # check-in (5 min): over on 6, 13, 20 Oct, then on time
    plans = [
        {"act": 30, "checkin": 6},
        {"act": 26, "checkin": 9},
        {"act": 25, "checkin": 5.5},
        {"act": 32},
        {"act": 25.5},
    ]
    for when, minutes in zip(TUESDAYS, plans, strict=False):
        ops.meeting(when, minutes=minutes)
    found = insights.build_insights(store, date(2026, 11, 3))
    overrun = signal(found, SignalKind.CHRONIC_OVERRUN)
    # the last four: 13, 20, 27 Oct, 3 Nov. Act over in 13 Oct, 27 Oct, 3 Nov: 3 of 4.
    # Check-in over in 13 and 20 Oct only: 6 Oct is no longer one of the last four
    (act,) = overrun.items
    assert act.label == "Act"
    assert act.detail == (
        "over its timebox in 3 of the last 4 meetings "
        "(Tue 13 Oct +1 min, Tue 27 Oct +7 min, Tue 3 Nov +1 min)"
    )
    assert act.meeting_id == store.meetings(ops.team.id)[0].id  # the latest: 3 Nov
    # a week earlier the last four were 6 .. 27 Oct: check-in over 3 times, act 3 times
    earlier = signal(insights.build_insights(store, date(2026, 10, 27)), SignalKind.CHRONIC_OVERRUN)
    assert [i.label for i in earlier.items] == ["Check-in", "Act"]


def point(rating: float | None, done: int, total: int) -> insights.TrendPoint:
    return insights.TrendPoint(
        meeting_id=1,
        date=date(2026, 11, 24),
        completion=insights.Completion.of(insights.Rate(done, total)),
        rating=rating,
        time_ratio=1.0,
        decisions=0,
        blockers_raised=0,
        blockers_resolved=0,
    )


@pytest.mark.parametrize(
    ("rating", "done", "total", "gap"),
    [
        (8.0, 2, 3, True),  # 8 or more, 67%: a gap
        (10.0, 0, 1, True),
        (7.9, 1, 2, False),  # rated under 8
        (8.0, 7, 10, False),  # exactly 70% is not under 70%
        (9.0, 0, 0, False),  # nothing due: n/a is no gap
        (None, 0, 3, False),  # nobody rated
    ],
)
def test_honesty_gap_rule(
    store: Store, source: FakeTime, rating: float | None, done: int, total: int, gap: bool
) -> None:
    ops = Crew(store, source, "Ops")
    found = drift.honesty_gap(ops.team, [point(rating, done, total)], date(2026, 11, 24))
    assert (found is not None) == gap


def test_broken_rhythm_counts_missed_cadence_dates_after_their_grace_days(
    store: Store, source: FakeTime
) -> None:
    ops = Crew(store, source, "Ops", created="2026-10-01 08:00")
    ops.meeting(TUESDAYS[0])
    ops.meeting(TUESDAYS[1])
    # 20 Oct skipped; 27 Oct's meeting held on Wednesday 28 Oct (within 3 days)
    ops.meeting("2026-10-28 11:00")
    found = insights.build_insights(store, date(2026, 11, 5))
    rhythm = signal(found, SignalKind.BROKEN_RHYTHM)
    # 3 Nov is still in its grace days on 5 Nov
    assert [i.date for i in rhythm.items] == [date(2026, 10, 20)]
    assert rhythm.items[0].label == "No meeting on Tue 20 Oct"
    assert rhythm.items[0].detail == "every Tuesday at 09:00; 16 days ago"
    later = signal(insights.build_insights(store, date(2026, 11, 7)), SignalKind.BROKEN_RHYTHM)
    assert [i.date for i in later.items] == [date(2026, 10, 20), date(2026, 11, 3)]
    # a window that starts after the skipped week: 1 week ending 7 Nov (1 .. 7 Nov)
    week = signal(
        insights.build_insights(store, date(2026, 11, 7), weeks=1), SignalKind.BROKEN_RHYTHM
    )
    assert [i.date for i in week.items] == [date(2026, 11, 3)]


def test_broken_rhythm_over_a_year_counts_every_missed_week(store: Store, source: FakeTime) -> None:
    """A team with a Tuesday cadence since Sat 1 Nov 2025 that never met. A 52-week
    window ending Sat 7 Nov 2026 starts Sun 9 Nov 2025: Tuesdays 11 Nov 2025 .. 3 Nov
    2026 are over their grace days (3 Nov + 3 days = 6 Nov): 357 days apart, 52 of them
    (more than rhythm's 26-week look-back, so it is asked in steps)."""
    Crew(store, source, "Ops", created="2025-11-01 08:00")
    found = insights.build_insights(store, date(2026, 11, 7), weeks=52)
    days = [i.date for i in signal(found, SignalKind.BROKEN_RHYTHM).items]
    assert days[0] == date(2025, 11, 11) and days[-1] == date(2026, 11, 3)
    assert len(days) == 52
    assert all(b - a == timedelta(weeks=1) for a, b in zip(days, days[1:], strict=False))


def test_every_signal_kind_has_a_title_and_a_rule() -> None:
    assert set(insights.SIGNAL_TITLES) == set(SignalKind) == set(insights.SIGNAL_RULES)
