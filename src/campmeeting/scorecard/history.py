"""A measurable's history, as review shows it: every week from its first to the latest
(this week, or a later one with a value), the value, on or off track or missing, and
who recorded it, when, and where (in a meeting, or between meetings); then every
change of it (created, each value set or changed, archived, dropped down)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from campmeeting.clock import parse_stamp
from campmeeting.model import MeasurableEventType, Track
from campmeeting.records import Measurable
from campmeeting.scorecard.goal import parse_goal
from campmeeting.scorecard.measurables import get_measurable
from campmeeting.scorecard.values import BadValue, format_value
from campmeeting.scorecard.view import goal_of, week_value
from campmeeting.scorecard.weeks import iso_week, week_of_stamp, week_start
from campmeeting.store import Store

__all__ = ["HistoryChange", "HistoryWeek", "MeasurableHistory", "measurable_history"]

WEEK_LIMIT = 520  # ten years of weeks at most


@dataclass(frozen=True)
class HistoryWeek:
    week: str
    value: float | None
    label: str  # "–" when missing
    track: Track
    recorded_at: str | None = None  # UTC stamp
    recorded_by: str | None = None  # @handle
    meeting_id: int | None = None
    meeting_date: str | None = None
    changes: int = 0  # times the value was set or changed for the week


@dataclass(frozen=True)
class HistoryChange:
    at: str  # UTC stamp
    kind: str  # created, value, archived, restored, dropped_down
    week: str | None
    text: str  # in words: "set to 92,000", "changed 90,000 → 92,000", "dropped down as #12"
    by: str | None  # @handle
    meeting_id: int | None
    meeting_date: str | None
    item_id: int | None = None


@dataclass(frozen=True)
class MeasurableHistory:
    measurable: Measurable
    team_name: str
    owner_handle: str | None
    goal_label: str
    weeks: list[HistoryWeek]  # the newest first
    changes: list[HistoryChange] = field(default_factory=list)  # the oldest first

    @property
    def off_weeks(self) -> int:
        return sum(week.track == Track.OFF for week in self.weeks)

    @property
    def recorded_weeks(self) -> int:
        return sum(week.track != Track.MISSING for week in self.weeks)


def _words(kind: str, row: dict, unit: str | None) -> tuple[str, int | None]:
    detail = json.loads(row["detail"] or "{}")
    if kind == MeasurableEventType.VALUE:
        new = format_value(row["new_value"], unit)
        if row["old_value"] is None:
            return f"set to {new}", None
        return f"changed {format_value(row['old_value'], unit)} → {new}", None
    if kind == MeasurableEventType.CREATED:
        try:
            goal = parse_goal(str(detail.get("goal")), unit)[0].describe(unit)
        except BadValue:
            goal = str(detail.get("goal", "?"))
        return f"added, goal {goal}", None
    if kind == MeasurableEventType.DROPPED_DOWN:
        item_id = detail.get("item_id")
        return f"dropped down to the blockers as #{item_id}", item_id
    return kind, None


def measurable_history(store: Store, measurable_id: int, today: date) -> MeasurableHistory:
    """Every week of the measurable and every change of it (see the module docstring)."""
    measurable = get_measurable(store, measurable_id)
    team = store.team(measurable.team_id)
    owner = store.person(measurable.owner_id) if measurable.owner_id else None
    values = {
        row["week"]: row
        for row in store.rows(
            "select v.*, p.handle, m.date as meeting_date from measurable_values v "
            "left join people p on p.id = v.recorded_by "
            "left join meetings m on m.id = v.meeting_id where v.measurable_id = ?",
            [measurable_id],
        )
    }
    events = store.rows(
        "select e.*, p.handle, m.date as meeting_date from measurable_events e "
        "left join people p on p.id = e.person_id left join meetings m on m.id = e.meeting_id "
        "where e.measurable_id = ? order by e.id",
        [measurable_id],
    )
    counts: dict[str, int] = {}
    changes = []
    for row in events:
        if row["type"] == MeasurableEventType.VALUE and row["week"]:
            counts[row["week"]] = counts.get(row["week"], 0) + 1
        text, item_id = _words(row["type"], row, measurable.unit)
        changes.append(
            HistoryChange(
                at=row["at"],
                kind=row["type"],
                week=row["week"],
                text=text,
                by=row["handle"],
                meeting_id=row["meeting_id"],
                meeting_date=row["meeting_date"],
                item_id=item_id,
            )
        )
    first = min([week_of_stamp(measurable.created_at), *values])
    last = max([iso_week(today), *values])
    monday, end = week_start(first), week_start(last)
    weeks: list[HistoryWeek] = []
    while end >= monday and len(weeks) < WEEK_LIMIT:
        week = iso_week(end)
        got = values.get(week)
        shown = week_value(measurable, week, float(got["value"]) if got else None)
        weeks.append(
            HistoryWeek(
                week=week,
                value=shown.value,
                label=shown.label,
                track=shown.track,
                recorded_at=got["recorded_at"] if got else None,
                recorded_by=got["handle"] if got else None,
                meeting_id=got["meeting_id"] if got else None,
                meeting_date=got["meeting_date"] if got else None,
                changes=counts.get(week, 0),
            )
        )
        end -= timedelta(weeks=1)
    return MeasurableHistory(
        measurable=measurable,
        team_name=team.name,
        owner_handle=owner.handle if owner else None,
        goal_label=goal_of(measurable).describe(measurable.unit),
        weeks=weeks,
        changes=changes,
    )


def recorded_when(stamp_text: str) -> str:
    """A stored moment on this machine's clock: 'Tue 24 Nov 09:12'."""
    moment = parse_stamp(stamp_text).astimezone()
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"
