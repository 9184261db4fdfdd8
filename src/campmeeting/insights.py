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
- 'status' events for resolutions; section_runs for timing; attendance for ratings.

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
    """Review records of the meeting with outcome done / all its records (DOMAIN.md).

    Records still pending (the commitment not reviewed yet) count as open: the close of
    a live meeting shows the rate its minutes will (DOMAIN.md); `review_pending` says how
    many are still to review. A meeting with no records has the rate n/a (`Rate.value`
    None)."""
    row = store.row(
        "select count(*) as total, coalesce(sum(outcome = 'done'), 0) as done "
        "from reviews where meeting_id = ?",
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
    store: Store, person_id: int, end: date, weeks: int | None = PERSON_WINDOW_WEEKS
) -> Rate:
    """Done records of the person's commitments / all their records, over meetings whose
    date is in the `weeks` weeks ending on `end`: the window is the 7 * `weeks` days
    end - 7*weeks + 1 .. end, both included (13 weeks = 91 days). DOMAIN.md's default
    window ends today: callers pass `clock.local_today(source)`. `weeks=None`: every
    meeting up to `end`.

    Every team's meetings count (a person may be in several teams). A commitment is the
    person's when they own it now (an owner changed later takes its records along).
    Records still pending count as open (as `completion_rate`)."""
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
    down, never negative (DOMAIN.md: blocker age)."""
    return age_days(created_at, meeting_date) // 7


CHAIN_HOPS = 20  # hand-offs followed back at most


def hand_off_chains(store: Store, item_ids: list[int]) -> dict[int, list[int]]:
    """Each item with the items it was handed off from, first raised first: a blocker
    passed from team to team keeps its history (DOMAIN.md). Items never handed over map
    to [themselves]. A bounded walk (CHAIN_HOPS) over `origin_item_id`."""
    chains = {item_id: [item_id] for item_id in item_ids}
    heads = {item_id: item_id for item_id in item_ids}  # item -> the oldest one found yet
    for _ in range(CHAIN_HOPS):
        asked = sorted(set(heads.values()))
        if not asked:
            break
        marks = ",".join("?" for _ in asked)
        origin = {
            row["id"]: row["origin_item_id"]
            for row in store.rows(
                f"select id, origin_item_id from items where id in ({marks}) "
                "and origin_item_id is not null",
                asked,
            )
        }
        moved = False
        for item_id, head in list(heads.items()):
            parent = origin.get(head)
            if parent is not None and parent not in chains[item_id]:
                chains[item_id].insert(0, parent)
                heads[item_id] = parent
                moved = True
            else:
                del heads[item_id]
        if not moved:
            break
    return chains


def first_raised(store: Store, item_ids: list[int]) -> dict[int, str]:
    """When each item was first raised (its hand-off chain's first item's created_at)."""
    chains = hand_off_chains(store, item_ids)
    roots = sorted({chain[0] for chain in chains.values()})
    if not roots:
        return {}
    marks = ",".join("?" for _ in roots)
    created = {
        row["id"]: row["created_at"]
        for row in store.rows(f"select id, created_at from items where id in ({marks})", roots)
    }
    return {item_id: created[chain[0]] for item_id, chain in chains.items()}


def carried_counts(
    store: Store, item_ids: list[int], up_to_meeting_id: int | None = None
) -> dict[int, int]:
    """Times carried of each item (DOMAIN.md): meetings, after the one that raised it,
    that started with it open, i.e. its 'carried' events. With `up_to_meeting_id`, as
    seen at that meeting (included; meeting ids grow with time). Items never carried are
    left out. Indexed queries (events_item_type) however many items.

    For an item added between meetings (`campmeeting add`), no meeting raised it: the
    first meeting it is brought into counts as raising it (it is marked new there), and
    only the meetings after that one count. A blocker handed over by another team keeps
    its history: the meetings that carried it in the teams before count, and the first
    meeting of the team that received it counts as one more (it started with it open)."""
    if not item_ids:
        return {}
    chains = hand_off_chains(store, item_ids)
    every = sorted({member for chain in chains.values() for member in chain})
    handed = {member for chain in chains.values() for member in chain[1:]}
    marks = ",".join("?" for _ in every)
    sql = (
        f"select item_id, type, count(*) as n from events where item_id in ({marks}) "
        "and type in ('carried', 'brought')"
    )
    params: list[Any] = list(every)
    if up_to_meeting_id is not None:
        sql += " and meeting_id <= ?"
        params.append(up_to_meeting_id)
    counted: dict[int, int] = {}
    for row in store.rows(sql + " group by item_id, type", params):
        if row["type"] == "carried" or row["item_id"] in handed:
            counted[row["item_id"]] = counted.get(row["item_id"], 0) + row["n"]
    found = {item_id: sum(counted.get(m, 0) for m in chain) for item_id, chain in chains.items()}
    return {item_id: n for item_id, n in found.items() if n}


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
    marks = ",".join("?" for _ in item_ids)
    sql = (
        f"select item_id, count(*) as n from events where item_id in ({marks}) "
        "and type = 'rescoped'"
    )
    params: list[Any] = list(item_ids)
    if up_to_meeting_id is not None:
        sql += " and meeting_id <= ?"
        params.append(up_to_meeting_id)
    return {row["item_id"]: row["n"] for row in store.rows(sql + " group by item_id", params)}


@dataclass(frozen=True)
class Velocity:
    """Blockers resolved in a window: how many, median days and median meetings open."""

    resolved: int
    median_days: float | None
    median_meetings: float | None


def decision_velocity(
    store: Store, start: datetime, end: datetime, team_id: int | None = None
) -> Velocity:
    """Median days from a blocker's creation to its resolution, over blockers resolved in
    [start, end) (half-open; naive datetimes are local time); also the median number of
    meetings they stayed open. `team_id` limits it to one team's blockers.

    Interpretations (DOMAIN.md is silent on these):
    - "resolved" is the status resolved only: dropped and handed-off blockers are not
      resolutions (a handed-off blocker is resolved, if ever, as the receiving team's
      blocker, and counts for that team).
    - A blocker's resolution is its last status change, and only while it is still
      resolved: a blocker resolved, re-opened and resolved again counts once, at its
      last resolution; one resolved and then re-opened does not count at all.
    - Days are elapsed time (UTC instants), in fractional days: across a DST change the
      wall clock and the elapsed time differ by an hour, and elapsed time is used.
    - Creation is the item's own creation: for a blocker handed to a team, the moment of
      the hand-off; for one added with `campmeeting add`, the moment it was added.
    - "Meetings open" = the meeting that raised it (or, for a blocker added between
      meetings or handed off, the first meeting it was brought into) plus every meeting
      it was carried into before its resolution: 1 + its 'carried' events. A blocker
      raised and resolved in the same meeting was open in 1 meeting.
    """
    sql = (
        "select i.created_at, e.at as resolved_at, "
        "(select count(*) from events c where c.item_id = i.id and c.type = 'carried' "
        "and c.id < e.id) as carried "
        "from meetings m "
        "join events e on e.meeting_id = m.id and e.type = 'status' "
        "and e.to_status = 'resolved' "
        "join items i on i.id = e.item_id and i.kind = 'blocker' and i.status = 'resolved' "
        "where m.started_at < :end and (m.ended_at is null or m.ended_at >= :start) "
        "and e.at >= :start and e.at < :end "
        "and e.id = (select max(s.id) from events s where s.item_id = i.id "
        "and s.type = 'status')"
    )
    params: dict = {"start": _utc(start), "end": _utc(end)}
    if team_id is not None:
        sql += " and m.team_id = :team and i.team_id = :team"
        params["team"] = team_id
    rows = store.rows(sql, params)
    if not rows:
        return Velocity(0, None, None)
    days = [
        (parse_stamp(r["resolved_at"]) - parse_stamp(r["created_at"])).total_seconds() / 86400
        for r in rows
    ]
    meetings = [1 + r["carried"] for r in rows]
    return Velocity(len(rows), median(days), median(meetings))


def _utc(moment: datetime) -> str:
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
    """Actual minutes / planned minutes, per section and in total. Actual time is the
    section clock's: paused time is not counted, a section never visited has 0, and
    time spent in a section on several visits adds up."""
    rows = store.rows(
        "select title, kind, planned_seconds, actual_seconds from section_runs "
        "where meeting_id = ? order by position",
        [meeting_id],
    )
    return TimeDiscipline([SectionTiming(**row) for row in rows])


def meeting_rating(store: Store, meeting_id: int) -> float | None:
    """Mean of the ratings of attendees present; None when nobody rated. A person
    present who gave no rating is left out (not counted as 0)."""
    value = store.scalar(
        "select avg(rating) from attendance where meeting_id = ? and present = 1 "
        "and rating is not null",
        [meeting_id],
    )
    return float(value) if value is not None else None


def rating_label(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}/10"
