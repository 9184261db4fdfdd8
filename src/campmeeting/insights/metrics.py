"""The metrics of DOMAIN.md, computed by SQL over reviews, events and section runs.

Each function runs a bounded, indexed query; nothing loads a team's whole history.

Where the data come from (written by campmeeting.meeting):
- review records: one `reviews` row per commitment that was open when a meeting started
  and due on or before its date, inserted at the start (carry-over); its outcome is set
  by the review (done, rescoped, abandoned, open), by any status change or re-scope of
  that commitment later in the same meeting, and is 'open' for one left unreviewed when
  the accountability section (or the meeting) ends;
- 'carried' events: one per open item per meeting that started with it open, except the
  first meeting of an item added between meetings or handed over by another team, which
  gets a 'brought' event instead (it is new there, not carried);
- 'status' events for resolutions; section_runs for timing; attendance for ratings;
- hand-offs: the receiving team's blocker is a new item whose `origin_item_id` is the
  handed-off blocker; `lineage` follows that chain back to where it was first raised.

Dates: a meeting's date is its local date; stamps are UTC. Windows over meeting dates
(person rates) are in local dates; windows over moments (decision velocity) take
datetimes, naive ones meaning local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from statistics import median
from typing import Any

from campmeeting.clock import parse_stamp
from campmeeting.store import Store, placeholders

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


def completion_rates(store: Store, meeting_ids: list[int]) -> dict[int, Rate]:
    """Each meeting's completion rate (DOMAIN.md): its review records with outcome done /
    all its records. A record still pending (the accountability section is running, the
    commitment not reviewed yet) counts as open, so a live meeting shows the rate its
    minutes will show if nothing else is reviewed. A meeting with no records has the rate
    n/a (`Rate.value` None). One query on the reviews' (meeting_id, item_id) index."""
    rates = dict.fromkeys(meeting_ids, Rate(0, 0))
    if not meeting_ids:
        return rates
    marks = placeholders(meeting_ids)
    for row in store.rows(
        "select meeting_id, count(*) as total, coalesce(sum(outcome = 'done'), 0) as done "
        f"from reviews where meeting_id in ({marks}) group by meeting_id",
        list(meeting_ids),
    ):
        rates[row["meeting_id"]] = Rate(int(row["done"]), int(row["total"]))
    return rates


def completion_rate(store: Store, meeting_id: int) -> Rate:
    """One meeting's completion rate (see `completion_rates`)."""
    return completion_rates(store, [meeting_id])[meeting_id]


def pooled(rates: list[Rate]) -> Rate:
    """Several rates as one: all their done records / all their records (the way a
    person's rate over a window counts, DOMAIN.md)."""
    return Rate(sum(r.done for r in rates), sum(r.total for r in rates))


def review_pending(store: Store, meeting_id: int) -> int:
    """Commitments of the meeting's review set not reviewed yet."""
    return int(
        store.scalar(
            "select count(*) from reviews where meeting_id = ? and outcome is null", [meeting_id]
        )
    )


def person_completion_rate(
    store: Store, person_id: int, end: date, weeks: int | None = PERSON_WINDOW_WEEKS
) -> Rate:
    """Done records of the person's commitments / all their records, over meetings whose
    date is in the `weeks` weeks ending on `end`: the window is the 7 * `weeks` days
    end - 7*weeks + 1 .. end, both included (13 weeks = 91 days). DOMAIN.md's default
    window ends today: callers pass `clock.local_today(source)`. `weeks=None`: every
    meeting up to `end`.

    Every team's meetings count (a person may be in several teams). A commitment is the
    person's when they own it now (an owner changed later takes its records along). A
    record still pending counts as open, as in `completion_rates`."""
    start = date.min if weeks is None else end - timedelta(weeks=weeks)
    row = store.row(
        "select count(*) as total, coalesce(sum(r.outcome = 'done'), 0) as done "
        "from reviews r join items i on i.id = r.item_id join meetings m on m.id = r.meeting_id "
        "where i.owner_id = ? and m.date > ? and m.date <= ?",
        [person_id, start.isoformat(), end.isoformat()],
    )
    assert row is not None
    return Rate(int(row["done"]), int(row["total"]))


def team_person_rates(
    store: Store, team_id: int, end: date, weeks: int = PERSON_WINDOW_WEEKS
) -> dict[int, Rate]:
    """Every owner's completion rate over the window (as in `person_completion_rate`),
    counting only this team's meetings; owners with no records are left out."""
    start = end - timedelta(weeks=weeks)
    rows = store.rows(
        "select i.owner_id as person_id, count(*) as total, "
        "coalesce(sum(r.outcome = 'done'), 0) as done "
        "from reviews r join items i on i.id = r.item_id join meetings m on m.id = r.meeting_id "
        "where m.team_id = ? and m.date > ? and m.date <= ? "
        "and i.owner_id is not null group by i.owner_id",
        [team_id, start.isoformat(), end.isoformat()],
    )
    return {row["person_id"]: Rate(int(row["done"]), int(row["total"])) for row in rows}


def age_days(created_at: str, on: date) -> int:
    """Whole days from an item's creation (its local date) to `on`, never negative."""
    created = parse_stamp(created_at).astimezone().date()
    return max(0, (on - created).days)


def blocker_age_weeks(created_at: str, meeting_date: date) -> int:
    """Whole weeks from the blocker's creation to the meeting's date: the days between
    the local date of creation and the meeting's (local) date, divided by 7, rounded
    down, never negative (DOMAIN.md: blocker age). For a handed-off blocker pass the
    creation of the blocker it came from (`lineage(...)[id].raised_at`): it keeps its age."""
    return age_days(created_at, meeting_date) // 7


# A blocker handed to another team is a new item there whose origin_item_id is the
# handed-off blocker; following origin_item_id from blocker to blocker leads back to where
# it was first raised. `handed` marks a link that was itself received by a hand-off (its
# first meeting, the 'brought' one, is a meeting that started with the problem open).
# Primary-key lookups only, one per hand-off along the way.
_CHAIN = """
with recursive chain(item_id, link_id, handed, depth) as (
  select i.id, i.id, i.kind = 'blocker' and exists (
    select 1 from items o where o.id = i.origin_item_id and o.kind = 'blocker'), 0
  from items i where i.id in ({marks})
  union all
  select c.item_id, i.origin_item_id, exists (
    select 1 from items o join items oo on oo.id = o.origin_item_id
    where o.id = i.origin_item_id and oo.kind = 'blocker'), c.depth + 1
  from chain c join items i on i.id = c.link_id
  where c.handed and c.depth < 100
)
"""


def _chain(item_ids: list[int]) -> str:
    return _CHAIN.format(marks=placeholders(item_ids))


@dataclass(frozen=True)
class Raised:
    """Where an item was first raised: itself, or for a blocker handed from team to
    team, the blocker it started as (DOMAIN.md: a problem passed along never looks new)."""

    root_id: int
    raised_at: str  # UTC stamp of the first creation
    team_id: int  # the team that first raised it
    hand_offs: int  # how many times it was handed along to get here


def lineage(store: Store, item_ids: list[int]) -> dict[int, Raised]:
    """Where each item was first raised (see `Raised`); unknown ids are left out."""
    if not item_ids:
        return {}
    rows = store.rows(
        _chain(item_ids) + "select c.item_id, c.depth, r.id as root_id, r.created_at, "
        "r.team_id from chain c join items r on r.id = c.link_id",
        list(item_ids),
    )
    found: dict[int, Raised] = {}
    for row in sorted(rows, key=lambda r: r["depth"]):
        found[row["item_id"]] = Raised(
            row["root_id"], row["created_at"], row["team_id"], row["depth"]
        )
    return found


def carried_counts(
    store: Store, item_ids: list[int], up_to_meeting_id: int | None = None
) -> dict[int, int]:
    """Times carried of each item (DOMAIN.md): meetings, after the one that raised it,
    that started with it open, i.e. its 'carried' events. With `up_to_meeting_id`, as
    seen at that meeting (included; meeting ids grow with time). Items never carried are
    left out. Indexed lookups (events_item_type) however many items.

    For an item added between meetings (`campmeeting add`), no meeting raised it: the
    first meeting it is brought into counts as raising it (it is marked new there), and
    only the meetings after that one count.

    A handed-off blocker keeps its history: the meetings that carried the blocker it came
    from, in whichever team, count, and so does the first meeting of each team it was
    handed to (that meeting started with the problem open, so it was carried into it)."""
    if not item_ids:
        return {}
    sql = (
        _chain(item_ids) + "select c.item_id, count(*) as n from chain c "
        "join events e on e.item_id = c.link_id "
        "and (e.type = 'carried' or (e.type = 'brought' and c.handed))"
    )
    params: list[Any] = list(item_ids)
    if up_to_meeting_id is not None:
        sql += " where e.meeting_id <= ?"
        params.append(up_to_meeting_id)
    return {row["item_id"]: row["n"] for row in store.rows(sql + " group by c.item_id", params)}


def times_carried(store: Store, item_id: int, up_to_meeting_id: int | None = None) -> int:
    """One item's times carried (see `carried_counts`)."""
    return carried_counts(store, [item_id], up_to_meeting_id).get(item_id, 0)


def rescope_counts(
    store: Store, item_ids: list[int], up_to_meeting_id: int | None = None
) -> dict[int, int]:
    """How many times each commitment was re-scoped ('rescoped' events), up to and
    including a meeting when given; commitments never re-scoped are left out."""
    if not item_ids:
        return {}
    marks = placeholders(item_ids)
    sql = (
        f"select item_id, count(*) as n from events where item_id in ({marks}) "
        "and type = 'rescoped'"
    )
    params: list[Any] = list(item_ids)
    if up_to_meeting_id is not None:
        sql += " and meeting_id <= ?"
        params.append(up_to_meeting_id)
    return {row["item_id"]: row["n"] for row in store.rows(sql + " group by item_id", params)}


def open_review_counts(store: Store, item_ids: list[int]) -> dict[int, int]:
    """How many review records of each commitment say open (a record still pending counts
    as open, as in `completion_rates`); commitments never reviewed open are left out."""
    if not item_ids:
        return {}
    marks = placeholders(item_ids)
    return {
        row["item_id"]: row["n"]
        for row in store.rows(
            f"select item_id, count(*) as n from reviews where item_id in ({marks}) "
            "and (outcome = 'open' or outcome is null) group by item_id",
            list(item_ids),
        )
    }


# ------------------------------------------------------------------ decision velocity

# A meeting's date is its local start date; a resolution in it happens at most this
# long after (a meeting left live and resumed later): the bound that keeps the search
# on the (team_id, date) index.
MEETING_SPAN = timedelta(days=7)


@dataclass(frozen=True)
class Resolution:
    """A blocker resolved in a meeting: how long it was open and in how many meetings."""

    item_id: int
    meeting_id: int
    resolved_at: str
    days: float  # elapsed, from its first creation (in whichever team)
    meetings: int  # the meeting that raised it + the meetings it was carried into


def resolutions(
    store: Store, start: datetime, end: datetime, team_id: int | None = None
) -> list[Resolution]:
    """Blockers resolved in [start, end) (half-open; naive datetimes are local time), of
    one team or of all; the rows behind `decision_velocity` and the trends' "blockers
    resolved". See `decision_velocity` for what counts."""
    start_utc, end_utc = _utc(start), _utc(end)
    low = (_local_date(start) - MEETING_SPAN).isoformat()
    high = (_local_date(end) + timedelta(days=1)).isoformat()
    team_filter = (
        "m.team_id = :team" if team_id is not None else "m.team_id in (select id from teams)"
    )
    # CROSS JOIN keeps SQLite's join order: the window's meetings first (meetings_team_date),
    # then their status events (events_meeting_type), never a team's every resolved blocker
    rows = store.rows(
        "select i.id as item_id, e.id as event_id, e.meeting_id, e.at as resolved_at "
        "from meetings m "
        "cross join events e on e.meeting_id = m.id and e.type = 'status' "
        "cross join items i on i.id = e.item_id "
        f"where {team_filter} and m.date >= :low and m.date <= :high "
        "and e.to_status = 'resolved' and e.at >= :start and e.at < :end "
        "and i.kind = 'blocker' and i.status = 'resolved' and i.team_id = m.team_id "
        "and not exists (select 1 from events s where s.item_id = e.item_id "
        "and s.type = 'status' and s.id > e.id) order by e.id",
        {"team": team_id, "low": low, "high": high, "start": start_utc, "end": end_utc},
    )
    ids = [row["item_id"] for row in rows]
    raised = lineage(store, ids)
    carried = carried_counts(store, ids)
    found = []
    for row in rows:
        first = raised[row["item_id"]].raised_at
        days = (parse_stamp(row["resolved_at"]) - parse_stamp(first)).total_seconds() / 86400
        found.append(
            Resolution(
                row["item_id"],
                row["meeting_id"],
                row["resolved_at"],
                days,
                1 + carried.get(row["item_id"], 0),
            )
        )
    return found


@dataclass(frozen=True)
class Velocity:
    """Blockers resolved in a window: how many, median days and median meetings open."""

    resolved: int
    median_days: float | None
    median_meetings: float | None

    @classmethod
    def of(cls, resolved: list[Resolution]) -> Velocity:
        if not resolved:
            return cls(0, None, None)
        return cls(
            len(resolved),
            median(r.days for r in resolved),
            median(r.meetings for r in resolved),
        )


def decision_velocity(
    store: Store, start: datetime, end: datetime, team_id: int | None = None
) -> Velocity:
    """Median days from a blocker's creation to its resolution, over blockers resolved in
    [start, end) (half-open; naive datetimes are local time); also the median number of
    meetings they stayed open. `team_id` limits it to one team's blockers.

    Interpretations (DOMAIN.md is silent on these):
    - "resolved" is the status resolved only: dropped and handed-off blockers are not
      resolutions (a handed-off blocker is resolved, if ever, as the receiving team's
      blocker, and counts for that team, DOMAIN.md).
    - A blocker's resolution is its last status change, and only while it is still
      resolved: a blocker resolved, re-opened and resolved again counts once, at its
      last resolution; one resolved and then re-opened does not count at all.
    - Only resolutions made in a meeting count (blockers change status in meetings).
    - Days are elapsed time (UTC instants), in fractional days: across a DST change the
      wall clock and the elapsed time differ by an hour, and elapsed time is used.
    - Creation is the first creation (DOMAIN.md): for a blocker handed to a team, the
      creation of the blocker it was handed on from, in whichever team (`lineage`); for
      one added with `campmeeting add`, the moment it was added.
    - "Meetings open" = the meeting that raised it (or, for a blocker added between
      meetings, the first meeting it was brought into) plus every meeting it was carried
      into before its resolution, hand-offs included: 1 + its times carried
      (`carried_counts`). A blocker raised and resolved in the same meeting was open in
      1 meeting.
    """
    return Velocity.of(resolutions(store, start, end, team_id))


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _local_date(moment: datetime) -> date:
    return (moment if moment.tzinfo is None else moment.astimezone()).date()


# ------------------------------------------------------------------ time and ratings


@dataclass(frozen=True)
class SectionTiming:
    title: str
    kind: str
    planned_seconds: float
    actual_seconds: float

    @property
    def ratio(self) -> float | None:
        return self.actual_seconds / self.planned_seconds if self.planned_seconds else None

    @property
    def over(self) -> bool:
        """Over its timebox (more time than planned)."""
        return self.actual_seconds > self.planned_seconds


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


def time_disciplines(store: Store, meeting_ids: list[int]) -> dict[int, TimeDiscipline]:
    """Actual minutes / planned minutes, per section and in total, of each meeting. Actual
    time is the section clock's: paused time is not counted, a section never visited has
    0, and time spent in a section on several visits adds up. One query on the section
    runs' (meeting_id, position) index."""
    found: dict[int, TimeDiscipline] = {m: TimeDiscipline([]) for m in meeting_ids}
    if not meeting_ids:
        return found
    marks = placeholders(meeting_ids)
    for row in store.rows(
        "select meeting_id, title, kind, planned_seconds, actual_seconds from section_runs "
        f"where meeting_id in ({marks}) order by meeting_id, position",
        list(meeting_ids),
    ):
        meeting_id = row.pop("meeting_id")
        found[meeting_id].sections.append(SectionTiming(**row))
    return found


def time_discipline(store: Store, meeting_id: int) -> TimeDiscipline:
    """One meeting's time discipline (see `time_disciplines`)."""
    return time_disciplines(store, [meeting_id])[meeting_id]


def meeting_ratings(store: Store, meeting_ids: list[int]) -> dict[int, float | None]:
    """Mean of the ratings of attendees present, per meeting; None when nobody rated. A
    person present who gave no rating is left out (not counted as 0)."""
    found: dict[int, float | None] = dict.fromkeys(meeting_ids)
    if not meeting_ids:
        return found
    marks = placeholders(meeting_ids)
    for row in store.rows(
        "select meeting_id, avg(rating) as rating from attendance "
        f"where meeting_id in ({marks}) and present = 1 and rating is not null "
        "group by meeting_id",
        list(meeting_ids),
    ):
        found[row["meeting_id"]] = float(row["rating"])
    return found


def meeting_rating(store: Store, meeting_id: int) -> float | None:
    """One meeting's rating (see `meeting_ratings`)."""
    return meeting_ratings(store, [meeting_id])[meeting_id]


def rating_label(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}/10"
