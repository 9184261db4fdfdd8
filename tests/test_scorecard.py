"""The scorecard's core: goals, values as typed, ISO weeks, the store of measurables and
their values (an event for each), the scorecard of a week, a measurable's history."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from campmeeting import scorecard
from campmeeting.agenda import Agenda, load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.meeting.scorecard import default_week
from campmeeting.model import Track
from campmeeting.records import Team
from campmeeting.scorecard import BadValue, Goal, GoalOp, ScorecardError, parse_goal, parse_value
from campmeeting.store import Store

# --------------------------------------------------------------------------- goals


@pytest.mark.parametrize(
    ("goal", "value", "track"),
    [
        (">= 100", 100, Track.ON),  # the bound itself is on track
        (">= 100", 100.5, Track.ON),
        (">= 100", 99.99, Track.OFF),
        (">= -5", -5, Track.ON),
        (">= -5", -6, Track.OFF),
        ("<= 5", 5, Track.ON),
        ("<= 5", 4, Track.ON),
        ("<= 5", 5.01, Track.OFF),
        ("<= 0", -1, Track.ON),
        ("= 0", 0, Track.ON),
        ("= 0", 0.001, Track.OFF),
        ("= 0", -0.001, Track.OFF),
        ("== 7", 7, Track.ON),
        ("90..110", 90, Track.ON),  # both ends are in the range
        ("90..110", 110, Track.ON),
        ("90..110", 100, Track.ON),
        ("90..110", 89.9, Track.OFF),
        ("90..110", 110.1, Track.OFF),
        ("-10..-5", -7, Track.ON),
        ("-10..-5", -4, Track.OFF),
        ("5..5", 5, Track.ON),
        ("≥ 3", 3, Track.ON),
        ("≤ 3", 4, Track.OFF),
    ],
)
def test_a_goal_is_met_with_its_bounds_included(goal: str, value: float, track: Track) -> None:
    parsed, _unit = parse_goal(goal)
    assert parsed.evaluate(value) == track


@pytest.mark.parametrize("goal", [">= 100", "<= 5", "= 0", "90..110"])
def test_a_week_without_a_value_is_missing_for_every_goal(goal: str) -> None:
    parsed, _unit = parse_goal(goal)
    assert parsed.evaluate(None) == Track.MISSING


@pytest.mark.parametrize(
    ("typed", "unit", "text", "described", "op"),
    [
        (">= 100000", None, ">= 100000", ">= 100,000", GoalOp.AT_LEAST),
        (">=100k", None, ">= 100000", ">= 100,000", GoalOp.AT_LEAST),
        ("  <=   5 ", None, "<= 5", "<= 5", GoalOp.AT_MOST),
        ("= 0", None, "= 0", "= 0", GoalOp.EXACTLY),
        ("90..110", None, "90..110", "90..110", GoalOp.BETWEEN),
        ("90 .. 110", None, "90..110", "90..110", GoalOp.BETWEEN),
        ("<= 2.5%", None, "<= 2.5", "<= 2.5%", GoalOp.AT_MOST),
        (">= $1,200", None, ">= 1200", ">= $1,200", GoalOp.AT_LEAST),
        (">= 1200", "$", ">= 1200", ">= $1,200", GoalOp.AT_LEAST),
        ("$90..$110", None, "90..110", "$90..$110", GoalOp.BETWEEN),
        (">= 120", "h", ">= 120", ">= 120 h", GoalOp.AT_LEAST),
    ],
)
def test_goals_are_normalised_and_described_with_their_unit(
    typed: str, unit: str | None, text: str, described: str, op: GoalOp
) -> None:
    goal, found = parse_goal(typed, unit)
    assert (goal.text, goal.op) == (text, op)
    assert goal.describe(found) == described
    assert Goal.of(goal.op, goal.low, goal.high) == goal  # as stored, read back


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("> 100", "'> 100'"),
        ("< 5", "'< 5'"),
        ("!= 3", "'!= 3'"),
        ("100", "'100'"),
        ("110..90", "'110..90'"),
        ("..5", "'..5'"),
        (">= lots", "'lots'"),
        ("", "no goal"),
        ("1..2..3", "'1..2..3'"),
    ],
)
def test_a_goal_that_is_not_one_is_refused_naming_it(typed: str, named: str) -> None:
    with pytest.raises(BadValue) as refused:
        parse_goal(typed)
    assert named in str(refused.value)
    assert "\n" not in str(refused.value)


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("typed", "unit", "value"),
    [
        ("12500", None, 12500),
        ("12,500", None, 12500),
        ("1,234,567.5", None, 1234567.5),
        ("12.5", None, 12.5),
        (".5", None, 0.5),
        ("0", None, 0),
        ("-3", None, -3),
        ("+4", None, 4),
        ("\u22123", None, -3),  # the minus sign
        ("12.5k", None, 12500),
        ("12.5K", None, 12500),
        ("1.2M", None, 1_200_000),
        ("1.2m", None, 1_200_000),
        ("3b", None, 3_000_000_000),
        ("  42  ", None, 42),
        ("95%", "%", 95),
        ("-2.5%", "%", -2.5),
        ("95", "%", 95),
        ("$1,200", "$", 1200),
        ("-$1,200", "$", -1200),
        ("$-1,200", "$", -1200),
        ("$1.5k", "$", 1500),
        ("€300", "€", 300),
        ("12h", "h", 12),
        ("12 h", "h", 12),
        ("-3 days", "days", -3),
    ],
)
def test_values_as_people_type_them(typed: str, unit: str | None, value: float) -> None:
    assert parse_value(typed, unit) == value


@pytest.mark.parametrize(
    ("typed", "unit", "says"),
    [
        ("abc", None, "'abc' is not a number"),
        ("12 500", None, "'12 500' is not a number"),
        ("12,5", None, "'12,5': commas group thousands"),
        ("1,2345", None, "'1,2345': commas group thousands"),
        ("1e6", None, "'1e6' is not a number"),
        ("nan", None, "'nan' is not a number"),
        ("inf", None, "'inf' is not a number"),
        ("--3", None, "'--3' is not a number"),
        ("1.2.3", None, "'1.2.3' is not a number"),
        ("12kk", None, "'12kk' is not a number"),
        ("3 4", None, "'3 4' is not a number"),
        ("95%", None, "'95%': this measurable has no unit"),
        ("$5", None, "'$5': this measurable has no unit"),
        ("95%", "$", "'95%': the unit is $, not %"),
        ("€5", "$", "'€5': the unit is $, not €"),
        ("1" * 16, None, "too large"),
        ("", None, "no value given"),
        ("   ", "%", "no value given"),
        ("\x1b[31m5", None, "'␛[31m5' is not a number"),
    ],
)
def test_anything_else_is_refused_in_one_line_naming_it(
    typed: str, unit: str | None, says: str
) -> None:
    with pytest.raises(BadValue) as refused:
        parse_value(typed, unit)
    message = str(refused.value)
    assert says in message
    assert "\n" not in message and "\x1b" not in message


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (12500, None, "12,500"),
        (12.5, None, "12.5"),
        (1 / 3, None, "0.333"),
        (-3, None, "-3"),
        (-0.0, None, "0"),
        (1_200_000, "$", "$1,200,000"),
        (-3, "$", "-$3"),
        (95, "%", "95%"),
        (120, "h", "120 h"),
        (None, "$", "–"),
    ],
)
def test_values_are_written_back_with_their_unit(
    value: float | None, unit: str | None, shown: str
) -> None:
    assert scorecard.format_value(value, unit) == shown


# --------------------------------------------------------------------------- weeks


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 11, 24), "2026-W48"),
        (date(2026, 12, 28), "2026-W53"),
        (date(2026, 12, 31), "2026-W53"),  # 2026 has 53 ISO weeks
        (date(2027, 1, 1), "2026-W53"),  # the ISO year is not the calendar year
        (date(2027, 1, 3), "2026-W53"),
        (date(2027, 1, 4), "2027-W01"),
        (date(2024, 12, 30), "2025-W01"),
    ],
)
def test_iso_weeks_across_the_year_boundary(day: date, week: str) -> None:
    assert scorecard.iso_week(day) == week


def test_the_weeks_before_cross_the_year_and_week_53() -> None:
    assert scorecard.weeks_before("2027-W02", 3) == ["2027-W01", "2026-W53", "2026-W52"]
    assert scorecard.weeks_before("2026-W01", 1) == ["2025-W52"]
    assert scorecard.week_start("2026-W53") == date(2026, 12, 28)
    assert scorecard.parse_week("2027-01-01") == "2026-W53"
    assert scorecard.parse_week("2026-w05") == "2026-W05"
    with pytest.raises(ValueError, match="'2025-W53'"):
        scorecard.parse_week("2025-W53")  # 2025 has 52 weeks


def level10() -> Agenda:
    return load_agenda(resolve_agenda("level10"))


@pytest.mark.parametrize(
    ("local", "week"),
    [
        (datetime(2026, 12, 31, 9, 0), "2026-W53"),
        (datetime(2027, 1, 1, 9, 0), "2026-W53"),
        (datetime(2027, 1, 4, 0, 30), "2027-W01"),
        # DST starts in Berlin on Sunday 29 March 2026: Monday 00:30 local is still
        # Sunday in UTC; the meeting's week is its local date's
        (datetime(2026, 3, 29, 23, 30), "2026-W13"),
        (datetime(2026, 3, 30, 0, 30), "2026-W14"),
        # DST ends on Sunday 25 October 2026 (an hour repeats)
        (datetime(2026, 10, 25, 23, 30), "2026-W43"),
        (datetime(2026, 10, 26, 0, 30), "2026-W44"),
    ],
)
def test_a_value_entered_in_a_meeting_is_for_its_local_week(
    store: Store, team: Team, local: datetime, week: str
) -> None:
    source = FakeTime(local)
    assert source.now().tzinfo is not None
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100")
    live = LiveMeeting.start(store, source, team, level10(), "level10")
    live.go_to(1)
    assert live.week == week
    live.record_measurable(revenue.id, "90")
    rows = store.rows("select week, value, meeting_id from measurable_values")
    assert rows == [{"week": week, "value": 90.0, "meeting_id": live.meeting_id}]


# --------------------------------------------------------------------------- the store


def table(store: Store, name: str) -> list[dict]:
    return store.rows(f"select * from {name} order by 1, 2")


def test_a_measurable_is_stored_with_its_goal_owner_unit_and_an_event(
    store: Store, source: FakeTime, team: Team
) -> None:
    added = scorecard.add_measurable(store, source, team, "  Revenue ", ">= $100k", owner="@ana")
    row = store.row("select * from measurables where id = ?", [added.id])
    assert row is not None
    assert (row["title"], row["unit"], row["goal"], row["goal_op"]) == (
        "Revenue",
        "$",
        ">= 100000",
        ">=",
    )
    assert (row["goal_low"], row["goal_high"], row["position"]) == (100000.0, None, 1)
    assert row["owner_id"] == store.person_by_handle("ana").id
    events = table(store, "measurable_events")
    assert [(e["type"], e["measurable_id"]) for e in events] == [("created", added.id)]
    second = scorecard.add_measurable(store, source, team, "Churn", "<= 2", unit="%")
    assert second.position == 2 and second.unit == "%"


@pytest.mark.parametrize(
    ("title", "goal", "owner", "unit", "says"),
    [
        ("revenue", ">= 1", None, None, "has a measurable 'Revenue' already"),
        ("REVENUE", ">= 1", None, None, "has a measurable 'Revenue' already"),
        ("Cash", "> 1", None, None, "goal '> 1'"),
        ("Cash", ">= 1", "@zed", None, "owner '@zed': not a member of Core"),
        ("Cash", ">= 1", None, "two words", "unit 'two words'"),
        ("   ", ">= 1", None, None, "needs a title"),
        ("Cash", ">= 5%", None, "$", "the unit is $, not %"),
    ],
)
def test_a_measurable_that_cannot_be_added_changes_nothing(
    store: Store,
    source: FakeTime,
    team: Team,
    title: str,
    goal: str,
    owner: str | None,
    unit: str | None,
    says: str,
) -> None:
    scorecard.add_measurable(store, source, team, "Revenue", ">= 100")
    before = (table(store, "measurables"), table(store, "measurable_events"))
    with pytest.raises(ScorecardError) as refused:
        scorecard.add_measurable(store, source, team, title, goal, owner=owner, unit=unit)
    assert says in str(refused.value)
    assert (table(store, "measurables"), table(store, "measurable_events")) == before


def test_the_database_refuses_a_title_twice_in_any_case(store: Store, team: Team) -> None:
    import sqlite3

    row = {"team_id": team.id, "goal": "= 0", "goal_op": "=", "position": 1, "created_at": "x"}
    store.insert("measurables", {**row, "title": "Revenue"})
    with pytest.raises(sqlite3.IntegrityError):
        store.insert("measurables", {**row, "title": "REVENUE"})


def test_a_value_set_changed_and_typed_again_records_one_event_each_change(
    store: Store, source: FakeTime, team: Team
) -> None:
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100k", unit="$")
    ana = store.person_by_handle("ana")
    first = scorecard.record_value(store, source, revenue, "92,000", "2026-W48", ana.id)
    assert (first.old, first.new, first.changed) == (None, 92000.0, True)
    source.advance(minutes=5)
    again = scorecard.record_value(store, source, revenue, "$92k", "2026-W48")
    assert not again.changed
    changed = scorecard.record_value(store, source, revenue, "$95,000", "2026-W48")
    assert (changed.old, changed.new) == (92000.0, 95000.0)
    assert table(store, "measurable_values") == [
        {
            "measurable_id": revenue.id,
            "week": "2026-W48",
            "value": 95000.0,
            "recorded_at": "2026-11-24T08:05:00+00:00",
            "recorded_by": None,
            "meeting_id": None,
        }
    ]
    values = [e for e in table(store, "measurable_events") if e["type"] == "value"]
    assert [(e["week"], e["old_value"], e["new_value"], e["person_id"]) for e in values] == [
        ("2026-W48", None, 92000.0, ana.id),
        ("2026-W48", 92000.0, 95000.0, None),
    ]


def test_a_bad_value_names_the_measurable_and_changes_nothing(
    store: Store, source: FakeTime, team: Team
) -> None:
    churn = scorecard.add_measurable(store, source, team, "Churn", "<= 2%")
    before = (table(store, "measurable_values"), table(store, "measurable_events"))
    with pytest.raises(ScorecardError, match=r"^Churn: '2,5%': commas group"):
        scorecard.record_value(store, source, churn, "2,5%", "2026-W48")
    assert (table(store, "measurable_values"), table(store, "measurable_events")) == before


def test_archived_is_never_deleted_and_takes_no_values(
    store: Store, source: FakeTime, team: Team
) -> None:
    churn = scorecard.add_measurable(store, source, team, "Churn", "<= 2%")
    scorecard.record_value(store, source, churn, "3%", "2026-W47")
    archived = scorecard.archive_measurable(store, source, churn)
    assert archived.archived
    assert scorecard.measurables(store, team.id) == []
    assert [m.title for m in scorecard.measurables(store, team.id, archived=True)] == ["Churn"]
    with pytest.raises(ScorecardError, match="archived"):
        scorecard.record_value(store, source, archived, "1%", "2026-W48")
    with pytest.raises(ScorecardError, match="archived already"):
        scorecard.archive_measurable(store, source, archived)
    with pytest.raises(ScorecardError, match="archived"):
        scorecard.add_measurable(store, source, team, "churn", "<= 1")
    assert len(table(store, "measurable_values")) == 1  # its history stays
    restored = scorecard.archive_measurable(store, source, archived, restore=True)
    assert not restored.archived
    kinds = [e["type"] for e in table(store, "measurable_events")]
    assert kinds == ["created", "value", "archived", "restored"]


# --------------------------------------------------------------------------- the scorecard


def test_the_scorecard_of_a_week_with_thirteen_weeks_before(
    store: Store, source: FakeTime, team: Team
) -> None:
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100", owner="@bo")
    defects = scorecard.add_measurable(store, source, team, "Defects", "= 0")
    for week, value in (("2026-W48", 92), ("2026-W47", 100), ("2026-W35", 50), ("2026-W34", 1)):
        scorecard.record_value(store, source, revenue, str(value), week)
    card = scorecard.build_scorecard(store, team.id, "2026-W48")
    assert card.previous_weeks[0] == "2026-W47" and card.previous_weeks[-1] == "2026-W35"
    assert len(card.previous_weeks) == 13
    first, second = card.rows
    assert (first.title, first.owner_handle, first.goal_label) == ("Revenue", "bo", ">= 100")
    assert (first.current.value, first.current.track, first.current.label) == (
        92,
        Track.OFF,
        "92",
    )
    assert [w.track for w in first.previous[:2]] == [Track.ON, Track.MISSING]
    assert first.previous[-1].value == 50  # W34 is outside the 13 weeks
    assert first.trend[-1] == first.current and first.trend[0] == first.previous[-1]
    assert first.issue_text() == "Revenue: 92, goal >= 100"
    assert second.id == defects.id and second.current.track == Track.MISSING
    assert (card.off, card.missing, card.on) == (1, 1, 0)


def test_the_scorecard_as_it_stood_then(store: Store, source: FakeTime, team: Team) -> None:
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100")
    scorecard.record_value(store, source, revenue, "90", "2026-W48")
    then = f"{source.now().isoformat(timespec='seconds')}"
    source.advance(hours=1)
    scorecard.record_value(store, source, revenue, "120", "2026-W48")
    scorecard.add_measurable(store, source, team, "Later", ">= 1")
    old = scorecard.build_scorecard(store, team.id, "2026-W48", as_of=then)
    assert [(r.title, r.current.value) for r in old.rows] == [("Revenue", 90)]
    now = scorecard.build_scorecard(store, team.id, "2026-W48")
    assert [(r.title, r.current.value) for r in now.rows] == [("Revenue", 120), ("Later", None)]


def test_spark_bars_scale_from_low_to_high_with_gaps() -> None:
    assert scorecard.spark_bars([1, None, 3, 2]) == ["▁", "·", "█", "▅"]
    assert scorecard.spark_bars([5, 5]) == ["▅", "▅"]
    assert scorecard.spark_bars([None]) == ["·"]


# --------------------------------------------------------------------------- the line of `a`


@pytest.mark.parametrize(
    ("line", "title", "goal", "owner", "unit"),
    [
        ("Revenue >= 100000 @ana $", "Revenue", ">= 100000", "@ana", "$"),
        ("Revenue >= 100000 $ @ana", "Revenue", ">= 100000", "@ana", "$"),
        ("Churn <= 2% @bo", "Churn", "<= 2%", "@bo", None),
        ("Churn <=2 %", "Churn", "<= 2", None, "%"),
        ("Defects escaped = 0", "Defects escaped", "= 0", None, None),
        ("NPS 40..60 @cy", "NPS", "40..60", "@cy", None),
        ("A=B rate >= 5", "A=B rate", ">= 5", None, None),
        ("Billable hours >= 120 h", "Billable hours", ">= 120", None, "h"),
    ],
)
def test_the_measurable_line(
    line: str, title: str, goal: str, owner: str | None, unit: str | None
) -> None:
    read = scorecard.read_measurable_line(line)
    assert (read.title, read.goal, read.owner, read.unit) == (title, goal, owner, unit)


@pytest.mark.parametrize(
    ("line", "says"), [("Revenue", "no goal"), (">= 5", "no title"), ("X >= 5 a b", "one unit")]
)
def test_a_measurable_line_without_its_parts_is_refused(line: str, says: str) -> None:
    with pytest.raises(ScorecardError, match=says):
        scorecard.read_measurable_line(line)


# --------------------------------------------------------------------------- history, week


def test_a_measurables_history_has_every_week_and_who_recorded_it(
    store: Store, source: FakeTime, team: Team
) -> None:
    source.set(datetime(2026, 11, 10, 9, 0))  # W46
    revenue = scorecard.add_measurable(store, source, team, "Revenue", ">= 100", unit="$")
    cy = store.person_by_handle("cy")
    scorecard.record_value(store, source, revenue, "120", "2026-W46", cy.id)
    source.set(datetime(2026, 11, 24, 9, 0))  # W48
    live = LiveMeeting.start(store, source, team, level10(), "level10")
    live.record_measurable(revenue.id, "80")
    live.record_measurable(revenue.id, "85")
    found = scorecard.measurable_history(store, revenue.id, date(2026, 11, 25))
    assert [(w.week, w.label, w.track) for w in found.weeks] == [
        ("2026-W48", "$85", Track.OFF),
        ("2026-W47", "–", Track.MISSING),
        ("2026-W46", "$120", Track.ON),
    ]
    assert found.weeks[2].recorded_by == "cy" and found.weeks[2].meeting_id is None
    assert found.weeks[0].meeting_id == live.meeting_id and found.weeks[0].changes == 2
    assert [c.text for c in found.changes] == [
        "added, goal >= $100",
        "set to $120",
        "set to $80",
        "changed $80 → $85",
    ]
    assert (found.recorded_weeks, found.off_weeks) == (2, 1)


def test_the_week_a_value_from_any_terminal_is_for(store: Store, team: Team) -> None:
    from campmeeting.meeting import set_cadence

    source = FakeTime(datetime(2026, 11, 22, 20, 0))  # a Sunday evening
    set_cadence(store, source, team, "every monday 9:00")
    assert default_week(store, source, team) == "2026-W48"  # Monday's meeting, next week
    source.set(datetime(2026, 11, 23, 8, 0))
    assert default_week(store, source, team) == "2026-W48"
    source.set(datetime(2026, 11, 23, 9, 0))
    live = LiveMeeting.start(store, source, team, level10(), "level10")
    assert default_week(store, source, team) == live.week == "2026-W48"
    live.end()
    source.set(datetime(2026, 11, 25, 12, 0))  # Wednesday: for next Monday's meeting
    assert default_week(store, source, team) == "2026-W49"
    source.set(datetime(2026, 11, 26, 12, 0))
    store.update("teams", team.id, {"next_meeting_at": "2026-12-14T09:00"})  # moved away
    assert default_week(store, source, team) == "2026-W48"  # this week


def test_a_team_without_a_rhythm_records_into_this_week(store: Store, team: Team) -> None:
    source = FakeTime(datetime(2026, 12, 31, 18, 0))
    assert default_week(store, source, team) == "2026-W53"
