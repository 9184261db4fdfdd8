"""The metrics of DOMAIN.md, computed by SQL over reviews, events and section runs.

Each function runs a bounded, indexed query; nothing loads a team's whole history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from campmeeting.store import Store

COMPLETION_TARGET = 0.9  # the EOS target for commitments done
PERSON_WINDOW_WEEKS = 13


@dataclass(frozen=True)
class Rate:
    """done of total; `value` is None (shown "n/a") when there is nothing to count."""

    done: int
    total: int

    @property
    def value(self) -> float | None:
        return self.done / self.total if self.total else None

    def label(self) -> str:
        value = self.value
        return "n/a" if value is None else f"{value:.0%}"

    def summary(self) -> str:
        value = self.value
        if value is None:
            return "n/a (nothing due)"
        return f"{self.done} of {self.total} done ({value:.0%}, target {COMPLETION_TARGET:.0%})"


def completion_rate(store: Store, meeting_id: int) -> Rate:
    """Review records of the meeting with outcome done / all its records (with an outcome)."""
    row = store.row(
        "select count(*) as total, coalesce(sum(outcome = 'done'), 0) as done "
        "from reviews where meeting_id = ? and outcome is not null",
        [meeting_id],
    )
    assert row is not None
    return Rate(int(row["done"]), int(row["total"]))


def review_pending(store: Store, meeting_id: int) -> int:
    """Commitments of the meeting's review set not reviewed yet."""
    return int(
        store.scalar(
            "select count(*) from reviews where meeting_id = ? and outcome is null", [meeting_id]
        )
    )


def person_completion_rate(
    store: Store, person_id: int, end: date, weeks: int = PERSON_WINDOW_WEEKS
) -> Rate:
    """Done records of the person's commitments / all their records, over meetings whose
    date is in the `weeks` weeks ending on `end` (inclusive)."""
    start = end - timedelta(weeks=weeks)
    row = store.row(
        "select count(*) as total, coalesce(sum(r.outcome = 'done'), 0) as done "
        "from reviews r join items i on i.id = r.item_id join meetings m on m.id = r.meeting_id "
        "where i.owner_id = ? and r.outcome is not null and m.date > ? and m.date <= ?",
        [person_id, start.isoformat(), end.isoformat()],
    )
    assert row is not None
    return Rate(int(row["done"]), int(row["total"]))


def team_person_rates(
    store: Store, team_id: int, end: date, weeks: int = PERSON_WINDOW_WEEKS
) -> dict[int, Rate]:
    """Every owner's completion rate over the window, for one team's meetings."""
    start = end - timedelta(weeks=weeks)
    rows = store.rows(
        "select i.owner_id as person_id, count(*) as total, "
        "coalesce(sum(r.outcome = 'done'), 0) as done "
        "from reviews r join items i on i.id = r.item_id join meetings m on m.id = r.meeting_id "
        "where m.team_id = ? and r.outcome is not null and m.date > ? and m.date <= ? "
        "and i.owner_id is not null group by i.owner_id",
        [team_id, start.isoformat(), end.isoformat()],
    )
    return {row["person_id"]: Rate(int(row["done"]), int(row["total"])) for row in rows}


def blocker_age_weeks(created_at: str, meeting_date: date) -> int:
    """Whole weeks from the blocker's creation to the meeting's date."""
    created = datetime.fromisoformat(created_at).astimezone().date()
    return max(0, (meeting_date - created).days // 7)


def times_carried(store: Store, item_id: int, up_to_meeting_id: int | None = None) -> int:
    """Meetings, after the one that raised it, that started with the item open."""
    sql = "select count(*) from events where item_id = ? and type = 'carried'"
    params: list = [item_id]
    if up_to_meeting_id is not None:
        sql += " and meeting_id <= ?"
        params.append(up_to_meeting_id)
    return int(store.scalar(sql, params))


@dataclass(frozen=True)
class Velocity:
    resolved: int
    median_days: float | None
    median_meetings: float | None


def decision_velocity(
    store: Store, start: datetime, end: datetime, team_id: int | None = None
) -> Velocity:
    """Median days from a blocker's creation to its resolution, over blockers resolved in
    [start, end) (aware datetimes); also the median number of meetings they stayed open
    (the meeting that raised it plus every meeting it was carried into)."""
    sql = (
        "select i.created_at, e.at as resolved_at, "
        "(select count(*) from events c where c.item_id = i.id and c.type = 'carried') "
        "as carried "
        "from events e join items i on i.id = e.item_id "
        "where e.type = 'status' and e.to_status = 'resolved' and i.kind = 'blocker' "
        "and e.at >= ? and e.at < ?"
    )
    params: list = [_utc(start), _utc(end)]
    if team_id is not None:
        sql += " and i.team_id = ?"
        params.append(team_id)
    rows = store.rows(sql, params)
    if not rows:
        return Velocity(0, None, None)
    days = [
        (
            datetime.fromisoformat(r["resolved_at"]) - datetime.fromisoformat(r["created_at"])
        ).total_seconds()
        / 86400
        for r in rows
    ]
    meetings = [1 + r["carried"] for r in rows]
    return Velocity(len(rows), median(days), median(meetings))


def _utc(moment: datetime) -> str:
    from datetime import UTC

    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SectionTiming:
    title: str
    kind: str
    planned_seconds: float
    actual_seconds: float

    @property
    def ratio(self) -> float | None:
        return self.actual_seconds / self.planned_seconds if self.planned_seconds else None


@dataclass(frozen=True)
class TimeDiscipline:
    sections: list[SectionTiming]

    @property
    def planned_seconds(self) -> float:
        return sum(s.planned_seconds for s in self.sections)

    @property
    def actual_seconds(self) -> float:
        return sum(s.actual_seconds for s in self.sections)

    @property
    def ratio(self) -> float | None:
        planned = self.planned_seconds
        return self.actual_seconds / planned if planned else None


def time_discipline(store: Store, meeting_id: int) -> TimeDiscipline:
    """Actual minutes / planned minutes, per section and in total."""
    rows = store.rows(
        "select title, kind, planned_seconds, actual_seconds from section_runs "
        "where meeting_id = ? order by position",
        [meeting_id],
    )
    return TimeDiscipline([SectionTiming(**row) for row in rows])


def meeting_rating(store: Store, meeting_id: int) -> float | None:
    """Mean of the ratings of attendees present; None when nobody rated."""
    value = store.scalar(
        "select avg(rating) from attendance where meeting_id = ? and present = 1 "
        "and rating is not null",
        [meeting_id],
    )
    return float(value) if value is not None else None


def rating_label(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}/10"
