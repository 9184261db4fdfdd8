"""The scorecard in a live meeting (the core): values for the meeting's week, measurables
added from a typed line, an off-track number dropped down to the blockers (linked, with
an event on both sides), and what a discard or the drift signals make of them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from campmeeting import insights, scorecard
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.insights import SignalKind
from campmeeting.meeting import LiveMeeting, MeetingError
from campmeeting.meeting.carry_over import nothing_captured
from campmeeting.model import SectionKind
from campmeeting.records import Team
from campmeeting.store import Store


def scorecard_meeting(store: Store, source: FakeTime, team: Team) -> LiveMeeting:
    live = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("level10")), "level10")
    live.go_to(1)
    assert live.section_kind == SectionKind.SCORECARD
    return live


def test_a_value_in_the_meeting_is_committed_with_its_facilitator_and_meeting(
    store: Store, source: FakeTime, team: Team
) -> None:
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100k", unit="$")
    live = LiveMeeting.start(
        store,
        source,
        team,
        load_agenda(resolve_agenda("level10")),
        "level10",
        facilitator=store.person_by_handle("bo"),
    )
    source.advance(seconds=30)
    done = live.record_measurable(revenue.id, "92k")
    assert done.changed and done.label() == "$92,000"
    row = store.row("select * from measurable_values")
    assert row is not None
    assert (row["week"], row["value"], row["meeting_id"]) == ("2026-W48", 92000.0, live.meeting_id)
    assert row["recorded_by"] == store.person_by_handle("bo").id
    event = store.row("select * from measurable_events where type = 'value'")
    assert event is not None and event["meeting_id"] == live.meeting_id
    # the clock's time went into the same commit
    assert store.scalar("select actual_seconds from section_runs where position = 0") == 30
    with pytest.raises(MeetingError, match="'abc' is not a number"):
        live.record_measurable(revenue.id, "abc")
    assert store.scalar("select count(*) from measurable_values") == 1


def test_a_measurable_added_with_a_line(store: Store, source: FakeTime, team: Team) -> None:
    live = scorecard_meeting(store, source, team)
    added = live.add_measurable_line("Revenue >= 100000 @ana $")
    assert (added.title, added.goal, added.unit) == ("Revenue", ">= 100000", "$")
    assert added.owner_id == store.person_by_handle("ana").id
    event = store.row("select * from measurable_events where type = 'created'")
    assert event is not None and event["meeting_id"] == live.meeting_id
    with pytest.raises(MeetingError, match="no goal"):
        live.add_measurable_line("Revenue is great")
    with pytest.raises(MeetingError, match="already"):
        live.add_measurable_line("revenue >= 5")
    assert [r.title for r in live.scorecard().rows] == ["Revenue"]


def test_an_off_track_number_drops_down_to_the_blockers_linked(
    store: Store, source: FakeTime, team: Team
) -> None:
    live = scorecard_meeting(store, source, team)
    revenue = live.add_measurable_line("Revenue >= 100000 @ana")
    churn = live.add_measurable_line("Churn <= 2%")
    live.record_measurable(revenue.id, "92,000")
    live.record_measurable(churn.id, "1%")
    blocker_id = live.drop_measurable(revenue.id)
    item = store.item(blocker_id)
    assert (item.kind, item.status, item.text) == (
        "blocker",
        "open",
        "Revenue: 92,000, goal >= 100,000",
    )
    assert item.source_measurable_id == revenue.id
    assert item.owner_id == store.person_by_handle("ana").id
    assert item.created_meeting_id == live.meeting_id
    created = store.events(blocker_id)[0]
    assert created.type == "created" and created.details["source"] == "from measurable: Revenue"
    dropped = store.row("select * from measurable_events where type = 'dropped_down'")
    assert dropped is not None
    assert (dropped["measurable_id"], dropped["meeting_id"], dropped["week"]) == (
        revenue.id,
        live.meeting_id,
        "2026-W48",
    )
    assert live.scorecard().find(revenue.id).issue_id == blocker_id  # type: ignore[union-attr]
    blockers = [v for v in live.items(live.sections[5]) if v.item.kind == "blocker"]
    assert [v.id for v in blockers] == [blocker_id]  # IDS works it
    with pytest.raises(MeetingError, match="already"):
        live.drop_measurable(revenue.id)
    with pytest.raises(MeetingError, match="is on track"):
        live.drop_measurable(churn.id)
    defects = live.add_measurable_line("Defects = 0")
    with pytest.raises(MeetingError, match="has no value yet"):
        live.drop_measurable(defects.id)
    assert store.scalar("select count(*) from items") == 1


def test_a_meeting_with_only_a_value_entered_is_not_discardable(
    store: Store, source: FakeTime, team: Team
) -> None:
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100")
    live = scorecard_meeting(store, source, team)
    assert nothing_captured(store, live.meeting_id)
    live.record_measurable(revenue.id, "5")
    assert not nothing_captured(store, live.meeting_id)


def test_a_value_recorded_elsewhere_shows_in_the_live_scorecard(
    store: Store, source: FakeTime, team: Team
) -> None:
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100")
    live = scorecard_meeting(store, source, team)
    assert live.scorecard().rows[0].current.value is None
    scorecard.record_value(store, source, revenue, "120", live.week)  # `scorecard record`
    assert live.scorecard().rows[0].current.value == 120


def test_drift_a_measurable_off_track_in_3_of_its_last_4_values(
    store: Store, source: FakeTime, team: Team
) -> None:
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100")
    churn = scorecard.add_measurable(store, source, team, "Churn", "<= 2")
    nps = scorecard.add_measurable(store, source, team, "NPS", "40..60")
    today = date(2026, 11, 25)
    weeks = [scorecard.iso_week(today - timedelta(weeks=n)) for n in range(6)]
    # Revenue: W48 off, W47 missing, W46 on, W45 off, W44 off -> 3 of its last 4
    for week, value in zip(weeks, [90, None, 120, 80, 70, 200], strict=True):
        if value is not None:
            scorecard.record_value(store, source, revenue, str(value), week)
    # Churn: off in 2 of the last 4 only
    for week, value in zip(weeks, [3, 1, 3, 1, 5, 5], strict=True):
        scorecard.record_value(store, source, churn, str(value), week)
    # NPS: 3 values only, all off: 3 of 3
    for week, value in zip(weeks, [30, 70, 20], strict=False):
        scorecard.record_value(store, source, nps, str(value), week)
    found = insights.build_insights(store, today, team_id=team.id)
    signal = next(s for s in found.teams[0].signals if s.kind == SignalKind.MEASURABLE_OFF_GOAL)
    assert [(i.label, i.measurable_id) for i in signal.items] == [
        ("Revenue", revenue.id),
        ("NPS", nps.id),
    ]
    assert signal.items[0].detail.startswith("off track in 3 of its last 4 values; goal >= 100")
    trend = found.teams[0].measurables[0]
    assert trend.title == "Revenue" and trend.values[-1] == 90 and trend.weeks[-1] == "2026-W48"
    assert trend.off_weeks == 3 and len(trend.values) == 13
    # a value for a later week is not counted yet; archived measurables are left out
    scorecard.record_value(store, source, revenue, "500", "2026-W49")  # next week's
    scorecard.archive_measurable(store, source, nps)
    later = insights.build_insights(store, today, team_id=team.id)
    signal = next(s for s in later.teams[0].signals if s.kind == SignalKind.MEASURABLE_OFF_GOAL)
    assert [i.label for i in signal.items] == ["Revenue"]


def test_no_signal_without_three_off_track_values(
    store: Store, source: FakeTime, team: Team
) -> None:
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100")
    source.set(datetime(2026, 11, 24, 9, 0))
    for n, value in enumerate([90, 80]):
        scorecard.record_value(store, source, revenue, str(value), f"2026-W{48 - n}")
    found = insights.build_insights(store, date(2026, 11, 25), team_id=team.id)
    assert SignalKind.MEASURABLE_OFF_GOAL not in [s.kind for s in found.teams[0].signals]


def test_the_issue_can_be_edited_as_it_drops_down(
    store: Store, source: FakeTime, team: Team
) -> None:
    live = scorecard_meeting(store, source, team)
    revenue = live.add_measurable_line("Revenue >= 100000 @ana")
    live.record_measurable(revenue.id, "92,000")
    assert live.drop_down_text(revenue.id) == "Revenue: 92,000, goal >= 100,000"
    with pytest.raises(MeetingError, match="not in the team: @zed"):
        live.drop_measurable(revenue.id, "Revenue behind plan @zed")
    assert store.scalar("select count(*) from items") == 0
    blocker_id = live.drop_measurable(revenue.id, "Revenue behind plan: 92k of 100k @bo")
    item = store.item(blocker_id)
    assert (item.text, item.owner_id) == (
        "Revenue behind plan: 92k of 100k",
        store.person_by_handle("bo").id,
    )
    assert item.source_measurable_id == revenue.id
    view = next(v for v in live.items(live.sections[5]) if v.id == blocker_id)
    assert view.source is not None and (view.source.kind, view.source.text) == (
        "measurable",
        "Revenue",
    )
