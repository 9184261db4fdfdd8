"""The drift signals of DOMAIN.md ("Visibility"), each with the items behind it.

Every signal is read as of `today`, for one team:
- stuck blocker: an open blocker carried 3 or more times (`carried_counts`, hand-offs
  included: a problem passed along keeps its count);
- slipping commitment: an open commitment re-scoped 2 or more times, or reviewed open 2
  or more times (a record still pending counts as open, as everywhere);
- priority adrift: a priority off track now that was off track at the end of each of
  the team's last 2 or more meetings (consecutive: the priority is carried into every
  meeting of its team, so its meetings are the team's); counted within the window,
  its live meeting included (as it stands now);
- chronic overrun: a section (the same kind and title) over its timebox in 3 of the
  team's last 4 ended meetings of the window (3 of 3 when it has held only 3);
- honesty gap: an ended meeting of the window rated 8 or more whose completion rate is
  under 70% (a meeting with no records, "n/a", is no gap);
- broken rhythm: cadence dates of the window with no meeting held (`rhythm`: a meeting
  within 3 days either side counts), once their 3 grace days are over;
- measurable off goal: a measurable of the scorecard off track in 3 of its last 4
  values (3 of 3 with only 3; weeks without a value are skipped), `measures.off_goal`.

Open items are read through the (team_id, kind, status) index: what is open now, never
the team's closed history. Meetings and events are read for the window only.
"""

from __future__ import annotations

from datetime import date, datetime, time

from campmeeting import rhythm
from campmeeting.clock import parse_stamp
from campmeeting.insights.measures import off_goal
from campmeeting.insights.metrics import (
    SectionTiming,
    blocker_age_weeks,
    carried_counts,
    lineage,
    open_review_counts,
    rating_label,
    rescope_counts,
)
from campmeeting.insights.model import (
    SIGNAL_RULES,
    SIGNAL_TITLES,
    DriftSignal,
    OpenBlocker,
    SignalItem,
    SignalKind,
    TrendPoint,
    Window,
)
from campmeeting.insights.trends import MeetingNumbers, MeetingRow
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.text import age_label, plural, short_date

STUCK_CARRIED = 3
SLIPPING_TIMES = 2
ADRIFT_MEETINGS = 2
OVERRUN_MEETINGS, OVERRUN_OF = 3, 4
HONEST_RATING, HONEST_COMPLETION = 8.0, 0.7
# rhythm.missed_meetings looks this far back at a time; longer windows ask in steps
_RHYTHM_STEP = rhythm.MISSED_LOOKBACK


def _signal(team: Team, kind: SignalKind, items: list[SignalItem]) -> DriftSignal | None:
    if not items:
        return None
    return DriftSignal(
        kind=kind,
        team_id=team.id,
        team=team.name,
        title=SIGNAL_TITLES[kind],
        rule=SIGNAL_RULES[kind],
        items=items,
    )


def local_day(stamp: str) -> date:
    return parse_stamp(stamp).astimezone().date()


# ------------------------------------------------------------------ open blockers


def open_blockers(
    store: Store, team_id: int, today: date, team_names: dict[int, str]
) -> list[OpenBlocker]:
    """The team's open blockers in rank order, each with its age and times carried
    counted from where it was first raised (hand-offs keep both)."""
    rows = store.rows(
        "select id, text from items where team_id = ? and kind = 'blocker' and status = 'open' "
        "order by rank, id",
        [team_id],
    )
    ids = [row["id"] for row in rows]
    raised = lineage(store, ids)
    carried = carried_counts(store, ids)
    found = []
    for row in rows:
        first = raised[row["id"]]
        found.append(
            OpenBlocker(
                item_id=row["id"],
                text=row["text"],
                raised_on=local_day(first.raised_at),
                age_weeks=blocker_age_weeks(first.raised_at, today),
                times_carried=carried.get(row["id"], 0),
                from_team=team_names.get(first.team_id) if first.team_id != team_id else None,
            )
        )
    return found


def stuck_blockers(team: Team, blockers: list[OpenBlocker], today: date) -> DriftSignal | None:
    items = []
    for blocker in blockers:
        if blocker.times_carried < STUCK_CARRIED:
            continue
        age = age_label((today - blocker.raised_on).days)
        detail = f"carried {plural(blocker.times_carried, 'time')}, " + (
            "raised today" if age == "today" else f"{age} old"
        )
        if blocker.from_team:
            detail += f", from {blocker.from_team}, raised {short_date(blocker.raised_on, today)}"
        items.append(SignalItem(label=blocker.text, detail=detail, item_id=blocker.item_id))
    return _signal(team, SignalKind.STUCK_BLOCKER, items)


# ------------------------------------------------------------------ commitments


def slipping_commitments(store: Store, team: Team, today: date) -> DriftSignal | None:
    rows = store.rows(
        "select i.id, i.text, i.due_date, p.handle from items i "
        "left join people p on p.id = i.owner_id "
        "where i.team_id = ? and i.kind = 'commitment' and i.status = 'open' order by i.id",
        [team.id],
    )
    ids = [row["id"] for row in rows]
    rescoped = rescope_counts(store, ids)
    reviewed_open = open_review_counts(store, ids)
    items = []
    for row in rows:
        times_rescoped = rescoped.get(row["id"], 0)
        times_open = reviewed_open.get(row["id"], 0)
        if times_rescoped < SLIPPING_TIMES and times_open < SLIPPING_TIMES:
            continue
        parts = []
        if times_rescoped:
            parts.append(f"re-scoped {plural(times_rescoped, 'time')}")
        if times_open:
            parts.append(f"reviewed open {plural(times_open, 'time')}")
        if row["handle"]:
            parts.append(f"@{row['handle']}")
        if row["due_date"]:
            parts.append(f"due {short_date(date.fromisoformat(row['due_date']), today)}")
        items.append(SignalItem(label=row["text"], detail=", ".join(parts), item_id=row["id"]))
    return _signal(team, SignalKind.SLIPPING_COMMITMENT, items)


# ------------------------------------------------------------------ priorities


def priorities_adrift(
    store: Store, team: Team, meetings: list[MeetingRow], today: date
) -> DriftSignal | None:
    if not meetings:
        return None
    rows = store.rows(
        "select id, text from items where team_id = ? and kind = 'priority' "
        "and status = 'off_track' order by id",
        [team.id],
    )
    if not rows:
        return None
    ids = [row["id"] for row in rows]
    meeting_ids = [m.id for m in meetings]
    # the status each priority had at the end of each meeting: its last event there
    at_end: dict[tuple[int, int], str] = {}
    for event in store.rows(
        "select item_id, meeting_id, to_status from events "
        f"where item_id in ({','.join('?' for _ in ids)}) "
        f"and meeting_id in ({','.join('?' for _ in meeting_ids)}) "
        "and to_status is not null order by id",
        [*ids, *meeting_ids],
    ):
        at_end[(event["item_id"], event["meeting_id"])] = event["to_status"]
    items = []
    for row in rows:
        streak: list[MeetingRow] = []
        for meeting in reversed(meetings):
            if at_end.get((row["id"], meeting.id)) != "off_track":
                break
            streak.append(meeting)
        if len(streak) < ADRIFT_MEETINGS:
            continue
        since = short_date(streak[-1].date, today)
        items.append(
            SignalItem(
                label=row["text"],
                detail=f"off track in the last {len(streak)} meetings (since {since})",
                item_id=row["id"],
            )
        )
    return _signal(team, SignalKind.PRIORITY_ADRIFT, items)


# ------------------------------------------------------------------ time, honesty


def _minutes(seconds: float) -> str:
    return f"+{max(1, round(seconds / 60))} min"


def chronic_overrun(
    team: Team, ended: list[MeetingRow], numbers: MeetingNumbers, today: date
) -> DriftSignal | None:
    last = ended[-OVERRUN_OF:]
    overs: dict[tuple[str, str], list[tuple[MeetingRow, SectionTiming]]] = {}
    order: list[tuple[str, str]] = []
    for meeting in last:
        seen = set()
        for section in numbers.times[meeting.id].sections:
            key = (section.kind, section.title)
            if key not in order:
                order.append(key)
            if section.over and key not in seen:
                seen.add(key)
                overs.setdefault(key, []).append((meeting, section))
    items = []
    for key in order:
        found = overs.get(key, [])
        if len(found) < OVERRUN_MEETINGS:
            continue
        amounts = ", ".join(
            f"{short_date(m.date, today)} {_minutes(s.actual_seconds - s.planned_seconds)}"
            for m, s in found
        )
        items.append(
            SignalItem(
                label=key[1],
                detail=f"over its timebox in {len(found)} of the last {len(last)} meetings "
                f"({amounts})",
                meeting_id=found[-1][0].id,
                date=found[-1][0].date,
            )
        )
    return _signal(team, SignalKind.CHRONIC_OVERRUN, items)


def honesty_gap(team: Team, points: list[TrendPoint], today: date) -> DriftSignal | None:
    items = []
    for point in points:
        rate = point.completion.value
        if point.rating is None or rate is None:
            continue
        if point.rating >= HONEST_RATING and rate < HONEST_COMPLETION:
            items.append(
                SignalItem(
                    label=f"Meeting of {short_date(point.date, today)}",
                    detail=f"rated {rating_label(point.rating)}, commitments done "
                    f"{point.completion.label} ({point.completion.done} of "
                    f"{point.completion.total})",
                    meeting_id=point.meeting_id,
                    date=point.date,
                )
            )
    return _signal(team, SignalKind.HONESTY_GAP, items)


# ------------------------------------------------------------------ rhythm


def missed_in_window(store: Store, team: Team, window: Window, today: date) -> list[date]:
    """Cadence dates of the window with no meeting held, once their grace days are over
    (rhythm.missed_meetings, asked in steps of its look-back for long windows)."""
    cadence = rhythm.Cadence.of(team.cadence, team.cadence_start)
    if cadence is None:
        return []
    tolerance = rhythm.HELD_TOLERANCE
    held = [
        date.fromisoformat(r["date"])
        for r in store.rows(
            "select date from meetings where team_id = ? and date >= ? and date <= ?",
            [
                team.id,
                (window.start - 2 * tolerance).isoformat(),
                (today + 2 * tolerance).isoformat(),
            ],
        )
    ]
    until = datetime.combine(min(today, window.end), time.max) - tolerance
    first = datetime.combine(window.start, time.min)
    missed: set[date] = set()
    step_end = until
    while step_end >= first:
        missed.update(
            rhythm.missed_meetings(cadence.rule, cadence.anchor, held, step_end, cadence.since)
        )
        step_end -= _RHYTHM_STEP
    return sorted(day for day in missed if window.start <= day <= window.end)


def broken_rhythm(store: Store, team: Team, window: Window, today: date) -> DriftSignal | None:
    missed = missed_in_window(store, team, window, today)
    items = [
        SignalItem(
            label=f"No meeting on {short_date(day, today)}",
            detail=f"{rhythm.describe_cadence(team.cadence)}; {(today - day).days} days ago",
            date=day,
        )
        for day in missed
    ]
    return _signal(team, SignalKind.BROKEN_RHYTHM, items)


def measurables_off_goal(store: Store, team: Team, today: date) -> DriftSignal | None:
    """DOMAIN.md: a measurable off track in 3 of its last 4 values (insights.measures)."""
    items = [
        SignalItem(label=title, detail=detail, measurable_id=measurable_id)
        for measurable_id, title, detail in off_goal(store, team, today)
    ]
    return _signal(team, SignalKind.MEASURABLE_OFF_GOAL, items)
