"""A team's trend over a window: one point per ended meeting, and the window's values.

Everything is read for the meetings of the window only, through the (team_id, date)
index of meetings and the meeting_id indexes of reviews, attendance, section runs and
items: the cost follows the window, never the years of history before it.

Choices where DOMAIN.md is silent:
- a trend point is an *ended* meeting: a live one is still changing (its time, its
  ratings), so it joins the trend when it ends;
- the window's completion is pooled: all done records / all records of its meetings
  (the way DOMAIN.md counts a person's rate over a window), so a meeting with ten
  commitments weighs more than one with two;
- the window's rating is the mean of the meetings' ratings (each meeting one voice);
- the window's time discipline is all actual minutes / all planned minutes;
- "blockers raised" in a meeting: blockers it raised (typed there, or added between
  meetings and first shown there), not blockers handed over by another team (those
  were raised there, and keep their history);
- "blockers resolved" in a meeting: the resolutions `decision_velocity` counts (a
  blocker's last resolution, still standing), made in that meeting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import mean

from campmeeting.insights.metrics import (
    Rate,
    Resolution,
    TimeDiscipline,
    completion_rates,
    meeting_ratings,
    pooled,
    resolutions,
    time_disciplines,
)
from campmeeting.insights.model import Completion, TrendPoint, Window
from campmeeting.store import Store, placeholders


@dataclass(frozen=True)
class MeetingRow:
    id: int
    date: date
    status: str
    started_at: str

    @property
    def ended(self) -> bool:
        return self.status == "ended"


def window_meetings(store: Store, team_id: int, start: date, end: date) -> list[MeetingRow]:
    """The team's meetings (live ones too) dated start .. end, oldest first."""
    return [
        MeetingRow(r["id"], date.fromisoformat(r["date"]), r["status"], r["started_at"])
        for r in store.rows(
            "select id, date, status, started_at from meetings "
            "where team_id = ? and date >= ? and date <= ? order by date, started_at, id",
            [team_id, start.isoformat(), end.isoformat()],
        )
    ]


def window_moments(window: Window) -> tuple[datetime, datetime]:
    """The window as local moments [start 00:00, the day after its end 00:00)."""
    return (
        datetime.combine(window.start, time.min),
        datetime.combine(window.end + timedelta(days=1), time.min),
    )


def mean_rating(ratings: list[float | None]) -> float | None:
    """Several meetings' rating: the mean of those that have one."""
    rated = [r for r in ratings if r is not None]
    return mean(rated) if rated else None


def pooled_time(timings: list[TimeDiscipline]) -> float | None:
    """Several meetings' time discipline: all actual / all planned minutes."""
    return TimeDiscipline([s for t in timings for s in t.sections]).ratio


@dataclass
class MeetingNumbers:
    """The numbers of a set of ended meetings, read in one query each."""

    rates: dict[int, Rate]
    ratings: dict[int, float | None]
    times: dict[int, TimeDiscipline]

    @classmethod
    def read(cls, store: Store, meeting_ids: list[int]) -> MeetingNumbers:
        return cls(
            completion_rates(store, meeting_ids),
            meeting_ratings(store, meeting_ids),
            time_disciplines(store, meeting_ids),
        )

    def completion(self) -> Rate:
        return pooled(list(self.rates.values()))

    def rating(self) -> float | None:
        return mean_rating(list(self.ratings.values()))

    def time_ratio(self) -> float | None:
        return pooled_time(list(self.times.values()))


def _created_counts(store: Store, meeting_ids: list[int]) -> tuple[Counter[int], Counter[int]]:
    """Decisions taken and blockers raised in each meeting (items_created_meeting index)."""
    decisions: Counter[int] = Counter()
    raised: Counter[int] = Counter()
    if not meeting_ids:
        return decisions, raised
    marks = placeholders(meeting_ids)
    for row in store.rows(
        "select i.created_meeting_id as meeting_id, i.kind, count(*) as n from items i "
        f"where i.created_meeting_id in ({marks}) and i.kind in ('decision', 'blocker') "
        "and not (i.kind = 'blocker' and exists (select 1 from items o "
        "where o.id = i.origin_item_id and o.kind = 'blocker')) "
        "group by i.created_meeting_id, i.kind",
        list(meeting_ids),
    ):
        target = decisions if row["kind"] == "decision" else raised
        target[row["meeting_id"]] = int(row["n"])
    return decisions, raised


def trend_points(
    store: Store,
    ended: list[MeetingRow],
    numbers: MeetingNumbers,
    resolved: list[Resolution],
) -> list[TrendPoint]:
    """One point per ended meeting, oldest first."""
    decisions, raised = _created_counts(store, [m.id for m in ended])
    resolved_in = Counter(r.meeting_id for r in resolved)
    return [
        TrendPoint(
            meeting_id=m.id,
            date=m.date,
            completion=Completion.of(numbers.rates[m.id]),
            rating=numbers.ratings[m.id],
            time_ratio=numbers.times[m.id].ratio,
            decisions=decisions[m.id],
            blockers_raised=raised[m.id],
            blockers_resolved=resolved_in[m.id],
        )
        for m in ended
    ]


def team_resolutions(store: Store, team_id: int, window: Window) -> list[Resolution]:
    return resolutions(store, *window_moments(window), team_id=team_id)
