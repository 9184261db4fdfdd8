"""The insights of a team, of every team (the team of teams), and of one meeting against
its team's trend.

`build_insights(store, today)` is what the screen and `campmeeting insights` show;
`meeting_against_trend(store, meeting_id)` is the close section's and the ended
screen's one line ("completion 60%, 13-week 72%, ↓"); `team_velocity` is review's.

Choices where DOMAIN.md is silent:
- with one team asked for, the team-of-teams table holds that team only, and the
  hand-offs and messages are those from or to it;
- a team's "last meeting" is its latest one, live or ended; its completion and rating
  in the table are the window's (see `trends`), like its trend;
- a hand-off's age is the blocker's age, from where it was first raised (DOMAIN.md:
  a handed-off blocker keeps its age); the days since the hand-off are shown beside;
- a message's age is whole days since it was sent, with how many meetings it was read
  out in without being acknowledged.
"""

from __future__ import annotations

from datetime import date

from campmeeting.insights import drift
from campmeeting.insights.drift import local_day
from campmeeting.insights.measures import measurable_trends
from campmeeting.insights.metrics import (
    Rate,
    Velocity,
    blocker_age_weeks,
    completion_rate,
    lineage,
    meeting_rating,
    rating_label,
    time_discipline,
)
from campmeeting.insights.model import (
    DEFAULT_WEEKS,
    Comparison,
    Completion,
    Direction,
    DriftSignal,
    HandOff,
    Insights,
    MeetingAgainstTrend,
    PendingMessage,
    TeamInsights,
    TeamOverview,
    VelocityReport,
    Window,
)
from campmeeting.insights.trends import (
    MeetingNumbers,
    team_resolutions,
    trend_points,
    window_meetings,
)
from campmeeting.records import Team
from campmeeting.store import Store, placeholders


def team_insights(
    store: Store, team: Team, window: Window, today: date, team_names: dict[int, str]
) -> tuple[TeamInsights, TeamOverview]:
    """One team over the window, and its row of the team-of-teams table."""
    meetings = window_meetings(store, team.id, window.start, window.end)
    ended = [m for m in meetings if m.ended]
    numbers = MeetingNumbers.read(store, [m.id for m in ended])
    resolved = team_resolutions(store, team.id, window)
    points = trend_points(store, ended, numbers, resolved)
    blockers = drift.open_blockers(store, team.id, today, team_names)
    found = [
        drift.stuck_blockers(team, blockers, today),
        drift.slipping_commitments(store, team, today),
        drift.priorities_adrift(store, team, meetings, today),
        drift.measurables_off_goal(store, team, today),
        drift.chronic_overrun(team, ended, numbers, today),
        drift.honesty_gap(team, points, today),
        drift.broken_rhythm(store, team, window, today),
    ]
    signals: list[DriftSignal] = [s for s in found if s is not None]
    completion = Completion.of(numbers.completion())
    rating = numbers.rating()
    insights = TeamInsights(
        team_id=team.id,
        team=team.name,
        meetings=len(ended),
        trend=points,
        completion=completion,
        rating=rating,
        time_ratio=numbers.time_ratio(),
        velocity=VelocityReport.of(Velocity.of(resolved), window),
        signals=signals,
        measurables=measurable_trends(store, team, window),
    )
    last = store.row(
        "select id, date, status from meetings where team_id = ? and date = "
        "(select max(date) from meetings where team_id = ?) "
        "order by started_at desc, id desc limit 1",
        [team.id, team.id],
    )
    overview = TeamOverview(
        team_id=team.id,
        team=team.name,
        last_meeting=date.fromisoformat(last["date"]) if last else None,
        last_meeting_id=last["id"] if last else None,
        live=bool(last and last["status"] == "live"),
        completion=completion,
        rating=rating,
        open_blockers=len(blockers),
        oldest_blocker=min(blockers, key=lambda b: (b.raised_on, b.item_id), default=None),
        signals=len(signals),
        signal_kinds=[s.kind for s in signals],
    )
    return insights, overview


def team_velocity(
    store: Store, team_id: int | None, today: date, weeks: int = DEFAULT_WEEKS
) -> VelocityReport:
    """Decision velocity of one team (None: every team) over the weeks ending today."""
    window = Window.ending(today, weeks)
    if team_id is not None:
        return VelocityReport.of(Velocity.of(team_resolutions(store, team_id, window)), window)
    resolved = [r for t in store.teams() for r in team_resolutions(store, t.id, window)]
    return VelocityReport.of(Velocity.of(resolved), window)


def hand_offs(
    store: Store, team_ids: list[int], today: date, team_names: dict[int, str]
) -> list[HandOff]:
    """Every open blocker handed to one of these teams (or handed on by one of them)."""
    marks = placeholders(team_ids)
    # CROSS JOIN keeps the order: each team's open blockers (items_team_kind_status),
    # never a scan of every item, whatever statistics the planner has
    rows = store.rows(
        "select i.id, i.text, i.team_id, i.created_at, o.team_id as from_team_id "
        "from teams t cross join items i on i.team_id = t.id and i.kind = 'blocker' "
        "and i.status = 'open' "
        "cross join items o on o.id = i.origin_item_id and o.kind = 'blocker' "
        f"where i.team_id in ({marks}) or o.team_id in ({marks}) order by i.id",
        [*team_ids, *team_ids],
    )
    raised = lineage(store, [row["id"] for row in rows])
    found = []
    for row in rows:
        first = raised[row["id"]]
        handed = local_day(row["created_at"])
        found.append(
            HandOff(
                item_id=row["id"],
                text=row["text"],
                from_team=team_names.get(row["from_team_id"], "?"),
                to_team=team_names.get(row["team_id"], "?"),
                raised_on=local_day(first.raised_at),
                handed_on=handed,
                age_weeks=blocker_age_weeks(first.raised_at, today),
                days_since_hand_off=max(0, (today - handed).days),
            )
        )
    return found


def pending_messages(
    store: Store, team_ids: list[int], today: date, team_names: dict[int, str]
) -> list[PendingMessage]:
    """Every message sent to (or by) one of these teams and not acknowledged yet."""
    marks = placeholders(team_ids)
    rows = store.rows(
        "select i.id, i.text, i.team_id, i.target_team_id, i.created_at, "
        "(select count(*) from events e where e.item_id = i.id and e.type = 'delivered') "
        "as deliveries from teams t cross join items i on i.target_team_id = t.id "
        "and i.kind = 'message' and i.status = 'pending' "
        f"where i.target_team_id in ({marks}) or i.team_id in ({marks}) order by i.id",
        [*team_ids, *team_ids],
    )
    return [
        PendingMessage(
            item_id=row["id"],
            text=row["text"],
            from_team=team_names.get(row["team_id"], "?"),
            to_team=team_names.get(row["target_team_id"], "?"),
            sent_on=local_day(row["created_at"]),
            age_days=max(0, (today - local_day(row["created_at"])).days),
            deliveries=int(row["deliveries"]),
        )
        for row in rows
    ]


def build_insights(
    store: Store, today: date, weeks: int = DEFAULT_WEEKS, team_id: int | None = None
) -> Insights:
    """Everything the insights screen and `campmeeting insights` show, over the `weeks`
    weeks ending `today` (callers pass `clock.local_today(source)`), for one team or
    for every team of the file."""
    window = Window.ending(today, weeks)
    every = store.teams()
    names = {t.id: t.name for t in every}
    chosen = [t for t in every if team_id is None or t.id == team_id]
    teams, rows = [], []
    for team in chosen:
        insight, overview = team_insights(store, team, window, today, names)
        teams.append(insight)
        rows.append(overview)
    ids = [t.id for t in chosen]
    return Insights(
        today=today,
        window=window,
        team=chosen[0].name if team_id is not None and chosen else None,
        teams=teams,
        team_of_teams=rows,
        hand_offs=hand_offs(store, ids, today, names) if ids else [],
        messages=pending_messages(store, ids, today, names) if ids else [],
    )


# ------------------------------------------------------------------ one meeting


def _direction(value: float | None, trend: float | None, digits: int) -> Direction | None:
    if value is None or trend is None:
        return None
    shown, usual = round(value, digits), round(trend, digits)
    if shown > usual:
        return Direction.UP
    if shown < usual:
        return Direction.DOWN
    return Direction.SAME


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def meeting_against_trend(
    store: Store, meeting_id: int, weeks: int = DEFAULT_WEEKS
) -> MeetingAgainstTrend:
    """A meeting's completion, rating and time discipline beside its team's values over
    the `weeks` weeks ending on the meeting's date, made of the team's ended meetings
    before this one (this one left out, so the comparison is with what came before).
    A live meeting's pending records count as open, so the close shows what the ended
    screen and the minutes will. `label()`: "completion 60%, 13-week 72%, ↓"."""
    meeting = store.meeting(meeting_id)
    day = date.fromisoformat(meeting.date)
    window = Window.ending(day, weeks)
    before = [
        m.id
        for m in window_meetings(store, meeting.team_id, window.start, window.end)
        if m.ended and m.id != meeting_id and (m.date, m.started_at) <= (day, meeting.started_at)
    ]
    numbers = MeetingNumbers.read(store, before)
    rate: Rate = completion_rate(store, meeting_id)
    usual = numbers.completion()
    rating = meeting_rating(store, meeting_id)
    usual_rating = numbers.rating()
    ratio = time_discipline(store, meeting_id).ratio
    usual_ratio = numbers.time_ratio()
    return MeetingAgainstTrend(
        meeting_id=meeting_id,
        team=store.team(meeting.team_id).name,
        date=day,
        weeks=weeks,
        meetings_before=len(before),
        completion=Comparison(
            name="completion",
            value=rate.value,
            trend=usual.value,
            value_label=rate.label(),
            trend_label=usual.label(),
            direction=_direction(rate.value, usual.value, 2),
        ),
        rating=Comparison(
            name="rating",
            value=rating,
            trend=usual_rating,
            value_label=rating_label(rating),
            trend_label=rating_label(usual_rating),
            direction=_direction(rating, usual_rating, 1),
        ),
        time=Comparison(
            name="time",
            value=ratio,
            trend=usual_ratio,
            value_label=_percent(ratio),
            trend_label=_percent(usual_ratio),
            direction=_direction(ratio, usual_ratio, 2),
        ),
    )


__all__ = [
    "build_insights",
    "hand_offs",
    "meeting_against_trend",
    "pending_messages",
    "team_insights",
    "team_velocity",
]
