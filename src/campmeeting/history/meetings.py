"""Past meetings with their numbers, as the review list and `campmeeting meetings` show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from campmeeting.history.refs import MEETING_LIMIT, bounded
from campmeeting.insights import Rate
from campmeeting.store import Store


@dataclass(frozen=True)
class MeetingSummary:
    """One meeting as the review list shows it."""

    meeting_id: int
    team_id: int
    team_name: str
    date: str
    status: str
    started_at: str
    planned_seconds: float
    actual_seconds: float
    rating: float | None
    rate: Rate
    decisions: int
    new_commitments: int
    open_blockers: int

    @property
    def is_live(self) -> bool:
        return self.status == "live"

    @property
    def time_ratio(self) -> float | None:
        """Actual / planned time (time discipline); None without a plan."""
        return self.actual_seconds / self.planned_seconds if self.planned_seconds else None


# The page of meetings is chosen first, by an index on the meeting order
# (meetings_order, meetings_team_order), then each meeting's numbers are counted from its
# own rows: its section runs, attendance, reviews, the items it created and its events.
# Nothing here reads a team's whole history.
#
# A blocker is open at the end of meeting M when the last status M recorded for it (it
# was raised, carried, brought, changed in M) is 'open': everything of the team open
# when M starts is carried into it, and what is added while it runs is added to it.
# (SQLite takes the bare column `to_status` from the row of max(id).)
_NUMBERS = """
select m.id, m.team_id, t.name as team_name, m.date, m.status, m.started_at,
  (select coalesce(sum(s.planned_seconds), 0) from section_runs s where s.meeting_id = m.id)
    as planned_seconds,
  (select coalesce(sum(s.actual_seconds), 0) from section_runs s where s.meeting_id = m.id)
    as actual_seconds,
  (select avg(a.rating) from attendance a where a.meeting_id = m.id and a.present = 1
     and a.rating is not null) as rating,
  (select count(*) from reviews r where r.meeting_id = m.id) as reviews_total,
  (select coalesce(sum(r.outcome = 'done'), 0) from reviews r where r.meeting_id = m.id)
    as reviews_done,
  (select count(*) from items i where i.created_meeting_id = m.id and i.kind = 'decision')
    as decisions,
  (select count(*) from items i where i.created_meeting_id = m.id and i.kind = 'commitment')
    as new_commitments,
  (select count(*) from
     (select e.item_id, e.to_status, max(e.id) from events e
        where e.meeting_id = m.id and e.to_status is not null group by e.item_id) here
     join items b on b.id = here.item_id
     where here.to_status = 'open' and b.team_id = m.team_id and b.kind = 'blocker'
  ) as open_blockers
from {page} p join meetings m on m.id = p.id join teams t on t.id = m.team_id
order by m.date desc, m.started_at desc, m.id desc
"""
_ORDER = "order by date desc, started_at desc, id desc"


def _summary(row: dict[str, Any]) -> MeetingSummary:
    return MeetingSummary(
        meeting_id=row["id"],
        team_id=row["team_id"],
        team_name=row["team_name"],
        date=row["date"],
        status=row["status"],
        started_at=row["started_at"],
        planned_seconds=float(row["planned_seconds"]),
        actual_seconds=float(row["actual_seconds"]),
        rating=float(row["rating"]) if row["rating"] is not None else None,
        rate=Rate(int(row["reviews_done"]), int(row["reviews_total"])),
        decisions=int(row["decisions"]),
        new_commitments=int(row["new_commitments"]),
        open_blockers=int(row["open_blockers"]),
    )


def meeting_summaries(
    store: Store,
    team_id: int | None = None,
    limit: int = MEETING_LIMIT,
    before: MeetingSummary | None = None,
) -> list[MeetingSummary]:
    """Meetings (of one team, or of all), newest first, with their numbers; `before`: the
    page after that meeting (the last one of the page shown), read from the index."""
    where = [] if team_id is None else ["team_id = :team"]
    params: dict[str, Any] = {"team": team_id, "limit": bounded(limit, MEETING_LIMIT)}
    if before is not None:
        where.append("(date, started_at, id) < (:date, :started, :id)")
        params.update(date=before.date, started=before.started_at, id=before.meeting_id)
    clause = f"where {' and '.join(where)} " if where else ""
    page = f"(select id from meetings {clause}{_ORDER} limit :limit)"
    return [_summary(row) for row in store.rows(_NUMBERS.format(page=page), params)]


def meeting_summary(store: Store, meeting_id: int) -> MeetingSummary | None:
    row = store.row(_NUMBERS.format(page="(select :id as id)"), {"id": meeting_id})
    return _summary(row) if row else None


def team_meeting_counts(store: Store) -> dict[int, int]:
    """How many meetings each team has held (live ones included)."""
    return {
        row["team_id"]: row["n"]
        for row in store.rows("select team_id, count(*) as n from meetings group by team_id")
    }
