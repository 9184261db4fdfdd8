"""What the scorecard shows, read from the database: for a team and an ISO week, each
measurable with its owner, goal, the week's value and up to 13 weeks before it, each
week on track, off track or missing. The live section, `scorecard list`, the minutes
and the insights read it here, so a number is said the same everywhere.

With `as_of` (a stored moment), the scorecard is read as it stood then: the measurables
that existed and were not archived, and each week's value as last recorded by then
(replayed from the measurable events), so the minutes of a meeting never change.
"""

from __future__ import annotations

from dataclasses import dataclass

from campmeeting.model import MeasurableEventType, Track
from campmeeting.records import Measurable
from campmeeting.scorecard.goal import Goal
from campmeeting.scorecard.measurables import open_drop_downs
from campmeeting.scorecard.values import format_value
from campmeeting.scorecard.weeks import weeks_before
from campmeeting.store import Store, placeholders

__all__ = [
    "HISTORY_WEEKS",
    "Scorecard",
    "ScorecardRow",
    "WeekValue",
    "build_scorecard",
    "goal_of",
    "read_values",
    "spark_bars",
    "week_value",
]

HISTORY_WEEKS = 13  # DOMAIN.md: the scorecard shows the last 13 weeks
BARS = "▁▂▃▄▅▆▇█"
GAP = "·"


def spark_bars(values: list[float | None]) -> list[str]:
    """One bar per week, from the lowest value shown to the highest ('·' missing): the
    trend beside the numbers, the same on the screen and in `scorecard list`."""
    known = [v for v in values if v is not None]
    low, high = min(known, default=0.0), max(known, default=0.0)
    bars = []
    for value in values:
        if value is None:
            bars.append(GAP)
        elif high == low:
            bars.append(BARS[len(BARS) // 2])
        else:
            bars.append(BARS[round((value - low) / (high - low) * (len(BARS) - 1))])
    return bars


@dataclass(frozen=True)
class WeekValue:
    """A measurable's value in one week, against its goal."""

    week: str
    value: float | None
    track: Track
    label: str  # "$92,000"; "–" when missing

    @property
    def off(self) -> bool:
        return self.track == Track.OFF


def goal_of(measurable: Measurable) -> Goal:
    return Goal.of(measurable.goal_op, measurable.goal_low, measurable.goal_high)


def week_value(measurable: Measurable, week: str, value: float | None) -> WeekValue:
    return WeekValue(
        week=week,
        value=value,
        track=goal_of(measurable).evaluate(value),
        label=format_value(value, measurable.unit),
    )


@dataclass(frozen=True)
class ScorecardRow:
    measurable: Measurable
    goal: Goal
    goal_label: str  # ">= $100,000"
    owner_handle: str | None
    owner_name: str | None
    current: WeekValue  # the scorecard's week
    previous: list[WeekValue]  # the weeks before it, the nearest first
    issue_id: int | None = None  # an open blocker dropped down from it
    issue_rank: int | None = None  # ... its place in the issues list (the live meeting's)

    @property
    def id(self) -> int:
        return self.measurable.id

    @property
    def title(self) -> str:
        return self.measurable.title

    @property
    def trend(self) -> list[WeekValue]:
        """Oldest first, the scorecard's week last (for a sparkline)."""
        return [*reversed(self.previous), self.current]

    def issue_text(self) -> str:
        """The blocker an off-track number drops down as: 'Revenue: 92,000, goal >= 100,000'."""
        return f"{self.title}: {self.current.label}, goal {self.goal_label}"


@dataclass(frozen=True)
class Scorecard:
    team_id: int
    week: str
    previous_weeks: list[str]  # the nearest first
    rows: list[ScorecardRow]

    @property
    def off(self) -> int:
        return sum(row.current.track == Track.OFF for row in self.rows)

    @property
    def missing(self) -> int:
        return sum(row.current.track == Track.MISSING for row in self.rows)

    @property
    def on(self) -> int:
        return sum(row.current.track == Track.ON for row in self.rows)

    def find(self, measurable_id: int) -> ScorecardRow | None:
        return next((row for row in self.rows if row.id == measurable_id), None)


def read_values(
    store: Store, measurable_ids: list[int], weeks: list[str], as_of: str | None = None
) -> dict[tuple[int, str], float]:
    """(measurable id, week) -> value, now or as last recorded by `as_of`."""
    if not measurable_ids or not weeks:
        return {}
    ids = placeholders(measurable_ids)
    marks = placeholders(weeks)
    if as_of is None:
        return {
            (row["measurable_id"], row["week"]): float(row["value"])
            for row in store.rows(
                "select measurable_id, week, value from measurable_values "
                f"where measurable_id in ({ids}) and week in ({marks})",
                [*measurable_ids, *weeks],
            )
        }
    found: dict[tuple[int, str], float] = {}
    for row in store.rows(
        "select measurable_id, week, new_value from measurable_events "
        f"where measurable_id in ({ids}) and week in ({marks}) and type = ? and at <= ? "
        "order by id",
        [*measurable_ids, *weeks, str(MeasurableEventType.VALUE), as_of],
    ):
        if row["new_value"] is not None:
            found[(row["measurable_id"], row["week"])] = float(row["new_value"])
    return found


def _measurables_then(store: Store, team_id: int, as_of: str | None) -> list[Measurable]:
    if as_of is None:
        rows = store.rows(
            "select * from measurables where team_id = ? and archived_at is null "
            "order by position, id",
            [team_id],
        )
    else:
        rows = store.rows(
            "select * from measurables where team_id = ? and created_at <= ? "
            "and (archived_at is null or archived_at > ?) order by position, id",
            [team_id, as_of, as_of],
        )
    return [Measurable.from_row(row) for row in rows]


def build_scorecard(
    store: Store,
    team_id: int,
    week: str,
    history: int = HISTORY_WEEKS,
    as_of: str | None = None,
) -> Scorecard:
    """The team's scorecard for an ISO week, with `history` weeks before it."""
    found = _measurables_then(store, team_id, as_of)
    previous = weeks_before(week, history)
    ids = [m.id for m in found]
    values = read_values(store, ids, [week, *previous], as_of)
    owners = {
        row["id"]: (row["handle"], row["name"])
        for row in store.rows(
            "select id, handle, name from people where id in "
            "(select owner_id from measurables where team_id = ?)",
            [team_id],
        )
    }
    issues = open_drop_downs(store, ids) if as_of is None else {}
    rows = []
    for measurable in found:
        goal = goal_of(measurable)
        handle, name = owners.get(measurable.owner_id or 0, (None, None))
        rows.append(
            ScorecardRow(
                measurable=measurable,
                goal=goal,
                goal_label=goal.describe(measurable.unit),
                owner_handle=handle,
                owner_name=name,
                current=week_value(measurable, week, values.get((measurable.id, week))),
                previous=[
                    week_value(measurable, w, values.get((measurable.id, w))) for w in previous
                ],
                issue_id=issues.get(measurable.id),
            )
        )
    return Scorecard(team_id=team_id, week=week, previous_weeks=previous, rows=rows)
