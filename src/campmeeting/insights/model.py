"""The insights as one Pydantic model: what the screen, `campmeeting insights` (text,
JSON with its schema, HTML) and the close of a meeting show. Built by `build_insights`
and `meeting_against_trend`; nothing here reads the database."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from campmeeting.insights.metrics import COMPLETION_TARGET, Rate, Velocity, rating_label
from campmeeting.model import Track

Day = date  # for fields named `date`

DEFAULT_WEEKS = 13
MAX_WEEKS = 520


class Window(BaseModel):
    """The `weeks` weeks ending on `end`: the 7 * weeks days start .. end, both included
    (13 weeks ending Tuesday 24 Nov = Wednesday 26 Aug .. Tuesday 24 Nov, 91 days)."""

    model_config = ConfigDict(frozen=True)

    weeks: int = Field(ge=1, le=MAX_WEEKS)
    start: date
    end: date

    @classmethod
    def ending(cls, end: date, weeks: int = DEFAULT_WEEKS) -> Window:
        return cls(weeks=weeks, start=end - timedelta(weeks=weeks) + timedelta(days=1), end=end)

    def label(self) -> str:
        return f"{self.weeks} week{'s' if self.weeks != 1 else ''}"


class Completion(BaseModel):
    """Done review records of all records (pending ones count as open); `value` is None
    ("n/a") when there were none."""

    done: int
    total: int
    value: float | None
    label: str

    @classmethod
    def of(cls, rate: Rate) -> Completion:
        return cls(done=rate.done, total=rate.total, value=rate.value, label=rate.label())

    @property
    def rate(self) -> Rate:
        return Rate(self.done, self.total)


class VelocityReport(BaseModel):
    """Decision velocity, always with its window and count (DOMAIN.md)."""

    weeks: int
    resolved: int
    median_days: float | None = Field(description="median elapsed days, one decimal")
    median_meetings: float | None
    label: str

    @classmethod
    def of(cls, velocity: Velocity, window: Window) -> VelocityReport:
        days = None if velocity.median_days is None else round(velocity.median_days, 1)
        if days is None:
            label = f"no blockers resolved in {window.label()}"
        else:
            label = f"{days:.1f} days, {velocity.resolved} resolved, {window.label()}"
        return cls(
            weeks=window.weeks,
            resolved=velocity.resolved,
            median_days=days,
            median_meetings=velocity.median_meetings,
            label=label,
        )


class TrendPoint(BaseModel):
    """One ended meeting of the team in the window."""

    meeting_id: int
    date: Day
    completion: Completion
    rating: float | None
    time_ratio: float | None = Field(description="total actual / planned minutes")
    decisions: int = Field(description="decisions taken in the meeting")
    blockers_raised: int
    blockers_resolved: int


class MeasurableTrend(BaseModel):
    """A measurable of the team's scorecard (not archived): its value in each ISO week of
    the window, oldest first (None: missing), each on track, off track or missing."""

    measurable_id: int
    title: str
    owner: str | None = Field(default=None, description="the owner's @handle")
    unit: str | None = None
    goal: str = Field(default="", description="the goal as people read it: '>= $100,000'")
    weeks: list[str] = Field(default_factory=list, description="ISO weeks, '2026-W48'")
    values: list[float | None]
    statuses: list[Track] = Field(default_factory=list, description="each week's")

    @property
    def latest(self) -> float | None:
        return next((v for v in reversed(self.values) if v is not None), None)

    @property
    def off_weeks(self) -> int:
        return sum(status == Track.OFF for status in self.statuses)


class SignalKind(StrEnum):
    STUCK_BLOCKER = "stuck_blocker"
    SLIPPING_COMMITMENT = "slipping_commitment"
    PRIORITY_ADRIFT = "priority_adrift"
    MEASURABLE_OFF_GOAL = "measurable_off_goal"
    CHRONIC_OVERRUN = "chronic_overrun"
    HONESTY_GAP = "honesty_gap"
    BROKEN_RHYTHM = "broken_rhythm"


SIGNAL_TITLES: dict[SignalKind, str] = {
    SignalKind.STUCK_BLOCKER: "Stuck blockers",
    SignalKind.SLIPPING_COMMITMENT: "Slipping commitments",
    SignalKind.PRIORITY_ADRIFT: "Priorities adrift",
    SignalKind.MEASURABLE_OFF_GOAL: "Measurables off goal",
    SignalKind.CHRONIC_OVERRUN: "Chronic overrun",
    SignalKind.HONESTY_GAP: "Honesty gap",
    SignalKind.BROKEN_RHYTHM: "Broken rhythm",
}

SIGNAL_RULES: dict[SignalKind, str] = {
    SignalKind.STUCK_BLOCKER: "open and carried 3 or more times",
    SignalKind.SLIPPING_COMMITMENT: "re-scoped 2 or more times, or reviewed open 2 or more times",
    SignalKind.PRIORITY_ADRIFT: "off track in 2 or more consecutive meetings",
    SignalKind.MEASURABLE_OFF_GOAL: "off track in 3 of its last 4 values",
    SignalKind.CHRONIC_OVERRUN: "the same section over its timebox in 3 of the last 4 meetings",
    SignalKind.HONESTY_GAP: "a meeting rated 8 or more with a completion rate under 70%",
    SignalKind.BROKEN_RHYTHM: "meetings missed in the window (cadence vs meetings held)",
}


class SignalItem(BaseModel):
    """One thing behind a signal: an item (opens its history), a meeting (opens its
    minutes), a measurable (opens its history) or a date (a missed meeting)."""

    label: str = Field(description="what it is, e.g. the item's text (user text)")
    detail: str = Field(description="why it is behind the signal, e.g. 'carried 4 times'")
    item_id: int | None = None
    meeting_id: int | None = None
    date: Day | None = None
    measurable_id: int | None = None


class DriftSignal(BaseModel):
    kind: SignalKind
    team_id: int
    team: str
    title: str
    rule: str
    items: list[SignalItem]

    def label(self) -> str:
        return f"{self.title} ({len(self.items)})"


class TeamInsights(BaseModel):
    """One team over the window: its trend, its numbers and its drift signals."""

    team_id: int
    team: str
    meetings: int = Field(description="ended meetings in the window")
    trend: list[TrendPoint]
    completion: Completion = Field(description="all done records / all records, pooled")
    rating: float | None = Field(description="mean of the meetings' ratings")
    time_ratio: float | None = Field(description="all actual / all planned minutes")
    velocity: VelocityReport
    signals: list[DriftSignal]
    measurables: list[MeasurableTrend] = Field(default_factory=list)

    @property
    def latest(self) -> TrendPoint | None:
        return self.trend[-1] if self.trend else None

    def rating_label(self) -> str:
        return rating_label(self.rating)


class OpenBlocker(BaseModel):
    item_id: int
    text: str
    raised_on: date
    age_weeks: int
    times_carried: int
    from_team: str | None = Field(description="the team that first raised it, when not this one")


class TeamOverview(BaseModel):
    """A team's row in the team-of-teams table."""

    team_id: int
    team: str
    last_meeting: date | None
    last_meeting_id: int | None
    live: bool = Field(description="its last meeting is live now")
    completion: Completion
    rating: float | None
    open_blockers: int
    oldest_blocker: OpenBlocker | None
    signals: int = Field(description="drift signals (kinds) now")
    signal_kinds: list[SignalKind]


class HandOff(BaseModel):
    """An open blocker one team handed to another."""

    item_id: int = Field(description="the receiving team's blocker")
    text: str
    from_team: str
    to_team: str
    raised_on: date
    handed_on: date
    age_weeks: int = Field(description="whole weeks since it was first raised")
    days_since_hand_off: int


class PendingMessage(BaseModel):
    """A cascading message not acknowledged yet by the team it was sent to."""

    item_id: int
    text: str
    from_team: str
    to_team: str
    sent_on: date
    age_days: int
    deliveries: int = Field(description="meetings it was read out in without acknowledgement")


class Insights(BaseModel):
    """Trends, decision velocity, drift signals and the team of teams (DOMAIN.md,
    "Visibility"), over a window ending on `today`."""

    today: date
    window: Window
    team: str | None = Field(description="the one team asked for; None: every team")
    completion_target: float = COMPLETION_TARGET
    teams: list[TeamInsights]
    team_of_teams: list[TeamOverview]
    hand_offs: list[HandOff]
    messages: list[PendingMessage]

    def signals(self) -> list[DriftSignal]:
        return [signal for team in self.teams for signal in team.signals]


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


ARROWS = {Direction.UP: "↑", Direction.DOWN: "↓", Direction.SAME: "→"}


class Comparison(BaseModel):
    """A meeting's number beside the team's value over the weeks before it."""

    name: str
    value: float | None
    trend: float | None
    value_label: str
    trend_label: str
    direction: Direction | None

    def label(self, weeks: int) -> str:
        return f"{self.name} {self.value_label}, {self.trend_words(weeks)}"

    def trend_words(self, weeks: int) -> str:
        """'13-week 72%, ↓': the team's value over the weeks before, and where this
        meeting's number stands against it."""
        arrow = f", {ARROWS[self.direction]}" if self.direction else ""
        return f"{weeks}-week {self.trend_label}{arrow}"


class MeetingAgainstTrend(BaseModel):
    """One meeting's numbers against its team's trend: the close section and the ended
    screen show `label()` ("completion 60%, 13-week 72%, ↓")."""

    meeting_id: int
    team: str
    date: Day
    weeks: int
    meetings_before: int = Field(description="the team's ended meetings the trend is made of")
    completion: Comparison
    rating: Comparison
    time: Comparison

    def label(self) -> str:
        return self.completion.label(self.weeks)

    @property
    def has_trend(self) -> bool:
        """Whether the team met in the weeks before (else there is nothing to compare)."""
        return self.meetings_before > 0

    def beside(self, comparison: Comparison) -> str:
        """' · 13-week 72%, ↓' after a number, or nothing when there is no trend yet."""
        return f" · {comparison.trend_words(self.weeks)}" if self.has_trend else ""

    def lines(self) -> list[str]:
        return [c.label(self.weeks) for c in (self.completion, self.rating, self.time)]
