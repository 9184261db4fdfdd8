"""The scorecard in the insights: each measurable's weekly values over the window (a
trend), and the drift signal "measurable off goal" (DOMAIN.md: off track in 3 of its
last 4 values).

Choices where DOMAIN.md is silent:
- a measurable's trend has one point per ISO week of the window (the window's
  `weeks` weeks ending with the week of its last day), not per meeting: a value
  belongs to a week, whether or not the team met that week;
- "its last 4 values" are the last 4 weeks that have a value, up to this week (a week
  without a value is skipped, neither on nor off track; values recorded for later
  weeks are not counted yet); with only 3 values, 3 of 3 off track is the signal;
- archived measurables are left out of both.
"""

from __future__ import annotations

from datetime import date, timedelta

from campmeeting import scorecard
from campmeeting.insights.model import MeasurableTrend, Window
from campmeeting.model import Track
from campmeeting.records import Team
from campmeeting.store import Store

OFF_GOAL_VALUES, OFF_GOAL_OF = 3, 4


def window_weeks(window: Window) -> list[str]:
    """The window's ISO weeks, oldest first, the last one the week of its end."""
    ends = [window.end - timedelta(weeks=n) for n in reversed(range(window.weeks))]
    return [scorecard.iso_week(day) for day in ends]


def measurable_trends(store: Store, team: Team, window: Window) -> list[MeasurableTrend]:
    """Each measurable of the team's scorecard, with its value in each week of the window."""
    found = scorecard.measurables(store, team.id)
    weeks = window_weeks(window)
    values = scorecard.read_values(store, [m.id for m in found], weeks)
    owners = {p.id: p.handle for p in store.members(team.id)}
    trends = []
    for measurable in found:
        shown = [
            scorecard.week_value(measurable, week, values.get((measurable.id, week)))
            for week in weeks
        ]
        trends.append(
            MeasurableTrend(
                measurable_id=measurable.id,
                title=measurable.title,
                owner=owners.get(measurable.owner_id or 0),
                unit=measurable.unit,
                goal=scorecard.goal_of(measurable).describe(measurable.unit),
                weeks=weeks,
                values=[w.value for w in shown],
                statuses=[w.track for w in shown],
            )
        )
    return trends


def last_values(
    store: Store, measurable_ids: list[int], today: date, count: int = OFF_GOAL_OF
) -> dict[int, list[tuple[str, float]]]:
    """Measurable id -> its last `count` (week, value), the newest first, up to this week."""
    week = scorecard.iso_week(today)
    found: dict[int, list[tuple[str, float]]] = {}
    for measurable_id in measurable_ids:
        found[measurable_id] = [
            (row["week"], float(row["value"]))
            for row in store.rows(
                "select week, value from measurable_values where measurable_id = ? "
                "and week <= ? order by week desc limit ?",
                [measurable_id, week, count],
            )
        ]
    return found


def off_goal(store: Store, team: Team, today: date) -> list[tuple[int, str, str]]:
    """(measurable id, title, detail) of each measurable off track in 3 of its last 4
    values (3 of 3 with only 3)."""
    found = scorecard.measurables(store, team.id)
    latest = last_values(store, [m.id for m in found], today)
    out = []
    for measurable in found:
        values = latest[measurable.id]
        goal = scorecard.goal_of(measurable)
        off = [(week, value) for week, value in values if goal.evaluate(value) == Track.OFF]
        if len(values) < OFF_GOAL_VALUES or len(off) < OFF_GOAL_VALUES:
            continue
        week, value = values[0]
        newest = scorecard.format_value(value, measurable.unit)
        state = "off track" if goal.evaluate(value) == Track.OFF else "on track"
        detail = (
            f"off track in {len(off)} of its last {len(values)} values; "
            f"goal {goal.describe(measurable.unit)}, "
            f"{scorecard.short_week(week)} {newest} ({state})"
        )
        out.append((measurable.id, measurable.title, detail))
    return out
