"""Visibility (DOMAIN.md): per-team trends, decision velocity over a window, the team of
teams, hand-offs, messages, and one meeting against its team's trend. Every number is
worked out by hand in the comments beside it (Europe/Berlin; camp agenda, 60 minutes).
"""

from __future__ import annotations

from datetime import date

import pytest

from campmeeting import insights
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting, section_items
from campmeeting.minutes import build_minutes
from campmeeting.model import ItemKind, SectionKind
from campmeeting.store import Store
from tests.insights_support import Crew, local

WEDNESDAY_9 = "FREQ=WEEKLY;BYDAY=WE;BYHOUR=9;BYMINUTE=0"


def trend_history(store: Store, clock: FakeTime) -> dict[str, int]:
    """Core meets on Wednesdays; today is Tue 24 Nov and the window is 2 weeks:
    Wed 11 Nov .. Tue 24 Nov.

        Tue 10 Nov  M0  (the day before the window) C1, C2 due 11 Nov, C3 due 25 Nov;
                        blockers B1 (resolved here), B2; decision D0; rated 10
        Wed 11 Nov  M1  (the window's first day) C1 done, C2 unreviewed -> open: 1 of 2;
                        decisions D1, D2; blocker B3 raised; B2 resolved;
                        rated 9 and 7 = 8.0; act 35 of 25 minutes -> 70 of 60
        Wed 18 Nov  M2  C2 done: 1 of 1; B3 resolved; rated 6; 60 of 60 minutes
        Tue 24 Nov  M3  live (today): not a trend point yet
    """
    core = Crew(store, clock, "Core", cadence=WEDNESDAY_9, created="2026-11-01 10:00")
    ids: dict[str, int] = {}

    def m0(live: LiveMeeting) -> None:
        ids["c1"] = core.commitment(live, "Send the deck", "ana", "2026-11-11")
        ids["c2"] = core.commitment(live, "Fix the wiki", "bo", "2026-11-11")
        ids["c3"] = core.commitment(live, "Call the bank", "cy", "2026-11-25")
        ids["b1"] = core.blocker(live, "Printer")
        ids["b2"] = core.blocker(live, "Vendor")
        core.decision(live, "Old decision")
        live.set_status(ids["b1"], "resolved")

    core.meeting("2026-11-10 09:00", m0, ratings={"ana": 10})

    def m1(live: LiveMeeting) -> None:
        live.review(ids["c1"], "done")
        core.decision(live, "D1")
        core.decision(live, "D2")
        ids["b3"] = core.blocker(live, "Slow builds")
        live.set_status(ids["b2"], "resolved")  # 10 Nov 09:00 -> 11 Nov 09:00: 1 day

    ids["m1"] = core.meeting(
        "2026-11-11 09:00", m1, minutes={"act": 35}, ratings={"ana": 9, "bo": 7}
    ).meeting_id

    def m2(live: LiveMeeting) -> None:
        live.review(ids["c2"], "done")
        live.set_status(ids["b3"], "resolved")  # 11 Nov 09:00 -> 18 Nov 09:00: 7 days

    ids["m2"] = core.meeting("2026-11-18 09:00", m2, ratings={"cy": 6}).meeting_id
    ids["m3"] = core.start("2026-11-24 09:00").meeting_id
    ids["team"] = core.team.id
    return ids


def test_one_trend_point_per_ended_meeting_in_the_window(store: Store, source: FakeTime) -> None:
    ids = trend_history(store, source)
    found = insights.build_insights(store, date(2026, 11, 24), weeks=2)
    assert found.window == insights.Window(
        weeks=2, start=date(2026, 11, 11), end=date(2026, 11, 24)
    )
    (core,) = found.teams
    # M0 is the day before the window; M3 is live
    assert [p.meeting_id for p in core.trend] == [ids["m1"], ids["m2"]]
    first, second = core.trend
    assert (first.date, first.completion.done, first.completion.total) == (date(2026, 11, 11), 1, 2)
    assert first.completion.label == "50%"
    assert first.rating == pytest.approx(8.0)  # (9 + 7) / 2
    assert first.time_ratio == pytest.approx(70 / 60)
    assert (first.decisions, first.blockers_raised, first.blockers_resolved) == (2, 1, 1)
    assert (second.completion.done, second.completion.total) == (1, 1)
    assert second.rating == pytest.approx(6.0)
    assert second.time_ratio == pytest.approx(1.0)
    assert (second.decisions, second.blockers_raised, second.blockers_resolved) == (0, 0, 1)
    # the window's values: pooled 2 of 3; mean rating (8 + 6) / 2; 130 of 120 minutes
    assert (core.completion.done, core.completion.total, core.completion.label) == (2, 3, "67%")
    assert core.rating == pytest.approx(7.0)
    assert core.time_ratio == pytest.approx(130 / 120)
    assert core.meetings == 2
    # velocity: B2 1 day (2 meetings: M0, M1), B3 7 days (M1, M2); B1 was resolved in M0
    assert core.velocity.resolved == 2
    assert core.velocity.median_days == 4.0
    assert core.velocity.median_meetings == 2
    assert core.velocity.label == "4.0 days, 2 resolved, 2 weeks"
    # the team of teams: its last meeting is the live one; nothing open
    (row,) = found.team_of_teams
    assert (row.last_meeting, row.last_meeting_id, row.live) == (
        date(2026, 11, 24),
        ids["m3"],
        True,
    )
    assert (row.completion.label, row.open_blockers, row.oldest_blocker) == ("67%", 0, None)
    # M1 rated 8.0 with 50% done: an honesty gap; nothing else drifts
    assert [s.kind for s in core.signals] == [insights.SignalKind.HONESTY_GAP]
    (gap,) = core.signals[0].items
    assert gap.meeting_id == ids["m1"]
    assert gap.detail == "rated 8.0/10, commitments done 50% (1 of 2)"
    assert core.measurables == []  # the scorecard's seam: no measurables yet


def test_the_window_ends_on_its_day_and_starts_weeks_before(store: Store, source: FakeTime) -> None:
    ids = trend_history(store, source)
    # one day later, 12 Nov .. 25 Nov: M1 (11 Nov) has left the window
    later = insights.build_insights(store, date(2026, 11, 25), weeks=2)
    assert [p.meeting_id for p in later.teams[0].trend] == [ids["m2"]]
    # and its resolution with it: only B3 (7 days) is left
    assert later.teams[0].velocity.label == "7.0 days, 1 resolved, 2 weeks"
    # one week ending 17 Nov: M1 only (11 .. 17 Nov)
    week = insights.build_insights(store, date(2026, 11, 17), weeks=1)
    assert [p.meeting_id for p in week.teams[0].trend] == [ids["m1"]]
    assert week.window.label() == "1 week"
    # the default is 13 weeks: M0 (10 Nov) is in it, with no records (n/a)
    default = insights.build_insights(store, date(2026, 11, 24))
    assert default.window.weeks == 13 and default.window.start == date(2026, 8, 26)
    assert [p.completion.label for p in default.teams[0].trend] == ["n/a", "50%", "100%"]
    assert default.teams[0].velocity.resolved == 3  # B1 resolved at once: 0 days
    assert default.teams[0].velocity.median_days == 1.0


def test_a_team_with_one_meeting_and_a_team_with_none(store: Store, source: FakeTime) -> None:
    ops = Crew(store, source, "Ops", handles=("dee",), cadence=None, created="2026-11-01 10:00")
    Crew(store, source, "Sales", handles=("eve",), cadence=None, created="2026-11-01 10:00")
    ops.meeting("2026-11-20 10:00", minutes={"act": 40}, ratings={"dee": 9})
    found = insights.build_insights(store, date(2026, 11, 24))
    by_name = {t.team: t for t in found.teams}
    assert list(by_name) == ["Ops", "Sales"]
    one, none = by_name["Ops"], by_name["Sales"]
    assert len(one.trend) == 1 and one.trend[0].completion.label == "n/a"
    assert one.rating == pytest.approx(9.0)
    assert one.time_ratio == pytest.approx(75 / 60)
    assert one.signals == []  # one overrun is no chronic overrun; its cadence came with it
    assert none.trend == [] and none.meetings == 0
    assert (none.completion.value, none.completion.label, none.rating) == (None, "n/a", None)
    assert none.velocity.label == "no blockers resolved in 13 weeks"
    assert none.velocity.median_days is None
    assert none.signals == []  # no cadence, no meetings: nothing to miss
    rows = {r.team: r for r in found.team_of_teams}
    assert rows["Sales"].last_meeting is None and rows["Sales"].live is False
    assert rows["Ops"].last_meeting == date(2026, 11, 20)
    text = insights.insights_text(found)
    assert "Sales · 0 meetings in 13 weeks\n  No meeting ended in the window." in text
    assert "never" in text


def test_hand_offs_keep_their_age_and_messages_wait_with_theirs(
    store: Store, source: FakeTime
) -> None:
    """Ops raises a blocker on Tue 6 Oct (09:00 CEST = 07:00 UTC) and hands it to
    Platform on Tue 20 Oct; Platform (Thursdays) has it on 22 and 29 Oct (summer time
    ends on 25 Oct) and resolves it on Thu 5 Nov at 09:00 CET (08:00 UTC)."""
    ops = Crew(store, source, "Ops", handles=("ana",), created="2026-10-01 08:00")
    platform = Crew(
        store,
        source,
        "Platform",
        handles=("dee",),
        cadence="FREQ=WEEKLY;BYDAY=TH;BYHOUR=9;BYMINUTE=0",
        created="2026-10-01 08:00",
    )
    ids: dict[str, int] = {}

    def raise_it(live: LiveMeeting) -> None:
        ids["x"] = ops.blocker(live, "Build farm is full")
        ids["m_read"] = live.add_item(
            ItemKind.MESSAGE, "Freeze starts 1 Dec", target_team_id=platform.team.id
        )
        ids["m_wait"] = live.add_item(
            ItemKind.MESSAGE, "New on-call rota", target_team_id=platform.team.id
        )

    ops.meeting("2026-10-06 09:00", raise_it)
    ops.meeting("2026-10-13 09:00")
    ops.meeting("2026-10-20 09:00", lambda live: ids.update(to=live.hand_off(ids["x"], "Platform")))
    platform.meeting("2026-10-22 09:00", lambda live: live.acknowledge(ids["m_read"]))
    platform.meeting("2026-10-29 09:00")

    found = insights.build_insights(store, date(2026, 10, 30))
    (hand,) = found.hand_offs
    assert (hand.item_id, hand.from_team, hand.to_team) == (ids["to"], "Ops", "Platform")
    # raised 6 Oct: 24 days = 3 whole weeks, not the 10 days since the hand-off
    assert (hand.raised_on, hand.handed_on) == (date(2026, 10, 6), date(2026, 10, 20))
    assert (hand.age_weeks, hand.days_since_hand_off) == (3, 10)
    (message,) = found.messages  # the acknowledged one is gone
    assert (message.item_id, message.from_team, message.to_team) == (
        ids["m_wait"],
        "Ops",
        "Platform",
    )
    assert (message.sent_on, message.age_days, message.deliveries) == (date(2026, 10, 6), 24, 2)
    rows = {r.team: r for r in found.team_of_teams}
    oldest = rows["Platform"].oldest_blocker
    assert oldest is not None
    # Platform's blocker: carried into 13 Oct, 20 Oct (Ops), 22 Oct, 29 Oct (Platform)
    assert (oldest.item_id, oldest.raised_on, oldest.age_weeks, oldest.times_carried) == (
        ids["to"],
        date(2026, 10, 6),
        3,
        4,
    )
    assert oldest.from_team == "Ops"
    assert rows["Ops"].open_blockers == 0
    # the stuck blocker is Platform's now, and it says where it came from
    stuck = {s.team: s for s in found.signals() if s.kind == insights.SignalKind.STUCK_BLOCKER}
    (item,) = stuck["Platform"].items
    assert item.detail == "carried 4 times, 3 weeks old, from Ops, raised Tue 6 Oct"
    assert "Ops" not in stuck
    # only Ops: the hand-off it made and the message it sent are Ops' business too
    only_ops = insights.build_insights(store, date(2026, 10, 30), team_id=ops.team.id)
    assert [t.team for t in only_ops.teams] == ["Ops"] and only_ops.team == "Ops"
    assert [r.team for r in only_ops.team_of_teams] == ["Ops"]
    assert [h.item_id for h in only_ops.hand_offs] == [ids["to"]]
    assert [m.item_id for m in only_ops.messages] == [ids["m_wait"]]

    # the live screen and the minutes count from the same place: 6 Oct -> 5 Nov = 30 days,
    # 4 weeks; carried into 13, 20 Oct (Ops), 22, 29 Oct and 5 Nov (Platform)
    def resolve(live: LiveMeeting) -> None:
        view = {v.id: v for v in section_items(store, live.meeting, SectionKind.BLOCKERS)}
        assert (view[ids["to"]].age_days, view[ids["to"]].times_carried) == (30, 5)
        (entry,) = build_minutes(store, live.meeting_id).blockers
        assert (entry.age_weeks, entry.times_carried, entry.from_team) == (4, 5, "Ops")
        live.set_status(ids["to"], "resolved")

    # resolved on Thu 5 Nov 09:00 CET: 30 days and 1 hour after 6 Oct 09:00 CEST
    platform.meeting("2026-11-05 09:00", resolve)
    after = insights.build_insights(store, date(2026, 11, 6))
    assert after.hand_offs == []
    velocity = {t.team: t.velocity for t in after.teams}
    assert velocity["Platform"].resolved == 1
    assert velocity["Platform"].median_days == 30.0  # 30 d 1 h, one decimal
    # open in 6 meetings: Ops 6, 13, 20 Oct; Platform 22, 29 Oct, 5 Nov
    assert velocity["Platform"].median_meetings == 6
    assert velocity["Ops"].resolved == 0  # handed off is not resolved
    exact = insights.decision_velocity(
        store, local("2026-10-01 00:00"), local("2026-11-07 00:00"), platform.team.id
    )
    assert exact.median_days == pytest.approx(30 + 1 / 24)


def test_velocity_window_is_half_open_in_local_days_across_dst(
    store: Store, source: FakeTime
) -> None:
    """A window ending Sun 25 Oct (the night summer time ends) runs to midnight CET:
    a blocker resolved at 23:30 that night is in it, one resolved at 00:10 on the 26th
    (in the same meeting, dated the 25th) is in the next."""
    core = Crew(store, source, "Core", handles=("ana",), cadence=None, created="2026-10-01 08:00")
    ids: dict[str, int] = {}

    def raise_them(live: LiveMeeting) -> None:
        ids["a"] = core.blocker(live, "A")
        ids["b"] = core.blocker(live, "B")

    def late(live: LiveMeeting) -> None:
        live.set_status(ids["a"], "resolved")  # 23:30 CET = 22:30 UTC
        source.advance(minutes=40)
        live.set_status(ids["b"], "resolved")  # 00:10 on the 26th = 23:10 UTC

    core.meeting("2026-10-18 09:00", raise_them)
    core.meeting("2026-10-25 23:30", late)
    found = insights.build_insights(store, date(2026, 10, 25), weeks=1)  # 19 .. 25 Oct
    (team,) = found.teams
    # A: 18 Oct 09:00 CEST (07:00 UTC) -> 25 Oct 22:30 UTC = 7 d 15 h 30 min = 7.65 days
    assert team.velocity.resolved == 1
    assert team.velocity.median_days == 7.6
    (point,) = team.trend  # 18 Oct is before the window
    assert (point.date, point.blockers_resolved) == (date(2026, 10, 25), 1)
    # a day later (20 .. 26 Oct) B is in too: 7 d 16 h 10 min; median 7 d 15 h 50 min
    nxt = insights.build_insights(store, date(2026, 10, 26), weeks=1).teams[0]
    assert (nxt.velocity.resolved, nxt.velocity.median_days) == (2, 7.7)
    assert nxt.trend[0].blockers_resolved == 2


def test_meeting_against_trend(store: Store, source: FakeTime) -> None:
    """Three commitments a week, due at the next meeting:
    M1 (no records), M2 2 of 2 done, M3 1 of 2 done -> 13-week 3 of 4 = 75%;
    M4 (live) 1 done, 1 pending: 1 of 2 = 50%, below the trend."""
    core = Crew(store, source, "Core", created="2026-10-01 08:00")
    due: list[int] = []

    def plan(live: LiveMeeting, when: str) -> None:
        due.clear()
        due.append(core.commitment(live, "One", "ana", when))
        due.append(core.commitment(live, "Two", "bo", when))

    core.meeting("2026-11-03 09:00", lambda live: plan(live, "2026-11-10"), ratings={"ana": 8})

    def review(live: LiveMeeting, outcomes: tuple[str, str], when: str) -> None:
        for item_id, outcome in zip(list(due), outcomes, strict=True):
            live.review(item_id, outcome)
        plan(live, when)

    core.meeting(
        "2026-11-10 09:00",
        lambda live: review(live, ("done", "done"), "2026-11-17"),
        ratings={"ana": 9},
        minutes={"act": 31},
    )
    core.meeting(
        "2026-11-17 09:00",
        lambda live: review(live, ("done", "abandoned"), "2026-11-24"),
        ratings={"ana": 7},
    )
    live = core.start("2026-11-24 09:00")
    live.review(due[0], "done")  # the second is still pending: it counts as open
    ana = core.person("ana")
    live.rate(ana, 9)
    now = insights.meeting_against_trend(store, live.meeting_id)
    assert now.meetings_before == 3
    assert now.label() == "completion 50%, 13-week 75%, ↓"
    assert now.completion.direction == insights.Direction.DOWN
    # ratings 8, 9, 7 -> 8.0; this one 9.0
    assert now.rating.label(13) == "rating 9.0/10, 13-week 8.0/10, ↑"
    # time: 186 of 180 minutes before (103%); this one has used none of its 60 yet
    assert now.time.label(13) == "time 0%, 13-week 103%, ↓"
    assert now.lines()[0] == now.label()
    live.review(due[1], "done")
    live.end()
    ended = insights.meeting_against_trend(store, live.meeting_id)
    assert ended.label() == "completion 100%, 13-week 75%, ↑"
    # the first meeting has nothing before it; 2 weeks (11 .. 24 Nov) hold M3 (1 of 2)
    first = store.meetings(core.team.id)[-1].id
    assert insights.meeting_against_trend(store, first).label() == "completion n/a, 13-week n/a"
    assert (
        insights.meeting_against_trend(store, live.meeting_id, weeks=2).label()
        == "completion 100%, 2-week 50%, ↑"
    )
