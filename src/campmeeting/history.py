"""Looking back: past meetings, search, a person's commitments, an item's history.

Pure reads for `campmeeting review` (which opens the database read-only): every
function runs bounded, indexed queries and never writes. No textual here.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from campmeeting.clock import parse_stamp
from campmeeting.insights import PERSON_WINDOW_WEEKS, Rate, person_completion_rate
from campmeeting.records import Event, Person
from campmeeting.store import Store

MEETING_LIMIT = 500  # meetings listed at most (newest first)
SEARCH_LIMIT = 50  # search results by default
SEARCH_MAX = 200  # search results at most, whatever the caller asks
ITEM_LIMIT = 500  # items of one meeting listed at most
COMMITMENT_LIMIT = 500  # a person's commitments listed at most
EVENT_LIMIT = 1000  # events of one item's history at most
CHAIN_LIMIT = 20  # hand-off hops followed at most

# The order items of one kind appear in a meeting's item list.
KIND_ORDER = ("decision", "commitment", "blocker", "priority", "headline", "message", "note")


def _bounded(limit: int, most: int) -> int:
    return max(1, min(int(limit), most))


# --------------------------------------------------------------------------- meetings


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


# A blocker is open at the end of meeting M when it took part in M (raised, carried,
# brought, handed to the team, changed) and the last status its events recorded, up to
# M's last event, is 'open'.
_SUMMARY_SELECT = """
select m.id, m.team_id, t.name as team_name, m.date, m.status, m.started_at,
  (select coalesce(sum(s.planned_seconds), 0) from section_runs s where s.meeting_id = m.id)
    as planned_seconds,
  (select coalesce(sum(s.actual_seconds), 0) from section_runs s where s.meeting_id = m.id)
    as actual_seconds,
  (select avg(a.rating) from attendance a where a.meeting_id = m.id and a.present = 1
     and a.rating is not null) as rating,
  (select count(*) from reviews r where r.meeting_id = m.id and r.outcome is not null)
    as reviews_total,
  (select coalesce(sum(r.outcome = 'done'), 0) from reviews r where r.meeting_id = m.id
     and r.outcome is not null) as reviews_done,
  (select count(*) from items i where i.created_meeting_id = m.id and i.kind = 'decision')
    as decisions,
  (select count(*) from items i where i.created_meeting_id = m.id and i.kind = 'commitment')
    as new_commitments,
  (select count(*) from items b
     where b.team_id = m.team_id and b.kind = 'blocker'
       and b.id in (select e.item_id from events e where e.meeting_id = m.id)
       and (select e2.to_status from events e2
              where e2.item_id = b.id and e2.to_status is not null
                and e2.id <= (select max(e3.id) from events e3 where e3.meeting_id = m.id)
              order by e2.id desc limit 1) = 'open'
  ) as open_blockers
from meetings m join teams t on t.id = m.team_id
"""


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
    store: Store, team_id: int | None = None, limit: int = MEETING_LIMIT
) -> list[MeetingSummary]:
    """Meetings (of one team, or of all), newest first, with their numbers."""
    sql = _SUMMARY_SELECT
    params: list[Any] = []
    if team_id is not None:
        sql += " where m.team_id = ?"
        params.append(team_id)
    sql += " order by m.date desc, m.started_at desc, m.id desc limit ?"
    params.append(_bounded(limit, MEETING_LIMIT))
    return [_summary(row) for row in store.rows(sql, params)]


def meeting_summary(store: Store, meeting_id: int) -> MeetingSummary | None:
    row = store.row(_SUMMARY_SELECT + " where m.id = ?", [meeting_id])
    return _summary(row) if row else None


def team_meeting_counts(store: Store) -> dict[int, int]:
    """How many meetings each team has held (live ones included)."""
    return {
        row["team_id"]: row["n"]
        for row in store.rows("select team_id, count(*) as n from meetings group by team_id")
    }


# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class ItemRef:
    """An item with the names a list needs."""

    id: int
    kind: str
    status: str
    text: str
    team_id: int
    team_name: str
    owner_id: int | None = None
    owner_handle: str | None = None
    owner_name: str | None = None
    due_date: str | None = None
    created_at: str = ""
    created_meeting_id: int | None = None


_ITEM_SELECT = """
select i.id, i.kind, i.status, i.text, i.team_id, t.name as team_name, i.owner_id,
  p.handle as owner_handle, p.name as owner_name, i.due_date, i.created_at,
  i.created_meeting_id
from items i join teams t on t.id = i.team_id left join people p on p.id = i.owner_id
"""

_ITEM_FIELDS = (
    "id",
    "kind",
    "status",
    "text",
    "team_id",
    "team_name",
    "owner_id",
    "owner_handle",
    "owner_name",
    "due_date",
    "created_at",
    "created_meeting_id",
)


def _item_ref(row: dict[str, Any]) -> ItemRef:
    return ItemRef(**{name: row[name] for name in _ITEM_FIELDS})


def item_ref(store: Store, item_id: int) -> ItemRef | None:
    row = store.row(_ITEM_SELECT + " where i.id = ?", [item_id])
    return _item_ref(row) if row else None


def _kind_order_sql(column: str) -> str:
    return (
        "case "
        + " ".join(f"when {column} = '{kind}' then {n}" for n, kind in enumerate(KIND_ORDER))
        + f" else {len(KIND_ORDER)} end"
    )


def meeting_items(store: Store, meeting_id: int, limit: int = ITEM_LIMIT) -> list[ItemRef]:
    """Every item the meeting touched (raised, carried, reviewed, changed), by kind."""
    rows = store.rows(
        _ITEM_SELECT + " where i.id in (select item_id from events where meeting_id = ?) "
        "or i.created_meeting_id = ? order by " + _kind_order_sql("i.kind") + ", i.id limit ?",
        [meeting_id, meeting_id, _bounded(limit, ITEM_LIMIT)],
    )
    return [_item_ref(row) for row in rows]


# --------------------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchHit:
    """An item that matched, and the meeting to open it in (None: not in a meeting yet)."""

    item: ItemRef
    meeting_id: int | None
    meeting_date: str | None


def fts_query(store: Store, text: str, prefix: bool = True) -> str:
    """A safe FTS5 expression for what the user typed: every word is quoted (no operator,
    column filter or bad quote can reach FTS5); with `prefix`, the last word also matches
    as the start of a longer word, so results follow as one types. '' when no word."""
    quoted = store.db.quote_fts(text.strip())
    if not quoted.strip():
        return ""
    if not prefix or text[-1:].isspace():
        return quoted
    return f"({quoted}) OR ({quoted}*)"


def search(
    store: Store, text: str, limit: int = SEARCH_LIMIT, team_id: int | None = None
) -> list[SearchHit]:
    """Items whose text matches, across all teams and meetings, best match first."""
    expression = fts_query(store, text)
    if not expression:
        return []
    sql = (
        "select i.id, i.kind, i.status, i.text, i.team_id, t.name as team_name, i.owner_id, "
        "p.handle as owner_handle, p.name as owner_name, i.due_date, i.created_at, "
        "i.created_meeting_id, "
        "coalesce(i.created_meeting_id, "
        "  (select max(e.meeting_id) from events e where e.item_id = i.id)) as open_meeting_id "
        "from items_fts f join items i on i.rowid = f.rowid "
        "join teams t on t.id = i.team_id left join people p on p.id = i.owner_id "
        "where items_fts match ?"
    )
    params: list[Any] = [expression]
    if team_id is not None:
        sql += " and i.team_id = ?"
        params.append(team_id)
    sql += " order by f.rank, i.id desc limit ?"
    params.append(_bounded(limit, SEARCH_MAX))
    try:
        rows = store.rows(sql, params)
    except sqlite3.OperationalError:  # an expression FTS5 still refuses: no results
        return []
    dates = _meeting_dates(store, [r["open_meeting_id"] for r in rows if r["open_meeting_id"]])
    return [
        SearchHit(_item_ref(row), row["open_meeting_id"], dates.get(row["open_meeting_id"]))
        for row in rows
    ]


def _meeting_dates(store: Store, meeting_ids: list[int]) -> dict[int, str]:
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    return {
        row["id"]: row["date"]
        for row in store.rows(f"select id, date from meetings where id in ({marks})", ids)
    }


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class ReviewOutcome:
    meeting_id: int
    meeting_date: str
    outcome: str | None  # None: in a live meeting's review set, not reviewed yet


@dataclass(frozen=True)
class PersonCommitment:
    item: ItemRef
    created_date: str  # the date of the meeting it was made in, else its local creation date
    times_rescoped: int
    reviews: list[ReviewOutcome] = field(default_factory=list)


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    commitments: list[PersonCommitment]
    rate: Rate  # over the window (DOMAIN.md: the 13 weeks ending today)
    rate_all: Rate  # every meeting
    window_weeks: int
    end: date


def people_with_commitments(store: Store) -> list[tuple[Person, int]]:
    """Everyone, with how many commitments they own; most first, then by name."""
    rows = store.rows(
        "select p.*, (select count(*) from items i where i.owner_id = p.id "
        "and i.kind = 'commitment') as n from people p order by n desc, p.name collate nocase"
    )
    return [
        (Person.model_validate({k: r[k] for k in ("id", "name", "handle", "created_at")}), r["n"])
        for r in rows
    ]


def person_record(
    store: Store,
    person_id: int,
    end: date,
    weeks: int = PERSON_WINDOW_WEEKS,
    limit: int = COMMITMENT_LIMIT,
) -> PersonRecord:
    """A person's commitments across teams and meetings (newest first), each with its
    review outcomes, and their completion rate over the window and over all meetings."""
    person = store.person(person_id)
    rows = store.rows(
        "select i.id, i.kind, i.status, i.text, i.team_id, t.name as team_name, i.owner_id, "
        "p.handle as owner_handle, p.name as owner_name, i.due_date, i.created_at, "
        "i.created_meeting_id, m.date as made_on "
        "from items i join teams t on t.id = i.team_id left join people p on p.id = i.owner_id "
        "left join meetings m on m.id = i.created_meeting_id "
        "where i.owner_id = ? and i.kind = 'commitment' "
        "order by i.created_at desc, i.id desc limit ?",
        [person_id, _bounded(limit, COMMITMENT_LIMIT)],
    )
    ids = [row["id"] for row in rows]
    reviews: dict[int, list[ReviewOutcome]] = {}
    rescoped: dict[int, int] = {}
    if ids:
        marks = ",".join("?" for _ in ids)
        for r in store.rows(
            "select r.item_id, r.meeting_id, r.outcome, m.date from reviews r "
            f"join meetings m on m.id = r.meeting_id where r.item_id in ({marks}) "
            "order by m.date, r.id",
            ids,
        ):
            reviews.setdefault(r["item_id"], []).append(
                ReviewOutcome(r["meeting_id"], r["date"], r["outcome"])
            )
        rescoped = {
            r["item_id"]: r["n"]
            for r in store.rows(
                f"select item_id, count(*) as n from events where item_id in ({marks}) "
                "and type = 'rescoped' group by item_id",
                ids,
            )
        }
    commitments = [
        PersonCommitment(
            item=_item_ref(row),
            created_date=row["made_on"] or local_date(row["created_at"]).isoformat(),
            times_rescoped=rescoped.get(row["id"], 0),
            reviews=reviews.get(row["id"], []),
        )
        for row in rows
    ]
    total = store.row(
        "select count(*) as total, coalesce(sum(r.outcome = 'done'), 0) as done "
        "from reviews r join items i on i.id = r.item_id "
        "where i.owner_id = ? and r.outcome is not null",
        [person_id],
    )
    assert total is not None
    return PersonRecord(
        person=person,
        commitments=commitments,
        rate=person_completion_rate(store, person_id, end, weeks),
        rate_all=Rate(int(total["done"]), int(total["total"])),
        window_weeks=weeks,
        end=end,
    )


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryEvent:
    """One event of an item's history, told in words."""

    event: Event
    item_id: int
    item_kind: str
    team_name: str
    meeting_date: str | None
    label: str  # raised, carried, re-scoped, decided, resolved ...
    detail: str  # may hold user text: show it literally

    @property
    def when(self) -> datetime:
        """The moment, in local time."""
        return parse_stamp(self.event.at).astimezone()


@dataclass(frozen=True)
class ItemHistory:
    item: ItemRef
    events: list[HistoryEvent]
    related: list[ItemRef]  # the items it was handed off from or to, and items linked to it


CREATED_LABELS = {
    "blocker": "raised",
    "decision": "decided",
    "commitment": "committed",
    "priority": "set",
    "headline": "shared",
    "note": "noted",
    "message": "sent",
}

STATUS_LABELS = {
    "open": "reopened",
    "resolved": "resolved",
    "dropped": "dropped",
    "handed_off": "handed off",
    "done": "done",
    "abandoned": "abandoned",
    "on_track": "on track",
    "off_track": "off track",
    "acknowledged": "acknowledged",
}


def describe_event(event: Event, kind: str) -> tuple[str, str]:
    """(label, detail) in words for an event of an item of this kind."""
    detail = event.details
    if event.type == "created":
        label = CREATED_LABELS.get(kind, "added")
        words = []
        if detail.get("source") == "cli":
            words.append("added between meetings")
        elif detail.get("source"):
            words.append(str(detail["source"]))
        if detail.get("due"):
            words.append(f"due {detail['due']}")
        return label, "; ".join(words)
    if event.type == "status":
        label = STATUS_LABELS.get(event.to_status or "", event.to_status or "status")
        words = [f"{event.from_status or '?'} → {event.to_status or '?'}"]
        if detail.get("reason"):
            words.append(f"reason: {detail['reason']}")
        return label, "; ".join(words)
    if event.type == "carried":
        return "carried", f"into this meeting, still {event.to_status or 'open'}"
    if event.type == "brought":
        return "brought in", "added between meetings, first seen in this meeting"
    if event.type == "delivered":
        return "delivered", "read out at check-in"
    if event.type == "rescoped":
        old, new = detail.get("old") or {}, detail.get("new") or {}
        words = []
        if "text" in new:
            words.append(f"was: {old.get('text') or ''}")
        if "due_date" in new:
            words.append(f"due {old.get('due') or 'none'} → {new['due_date']}")
        return "re-scoped", "; ".join(words)
    if event.type == "reviewed":
        return "reviewed", event.to_status or ""
    if event.type == "linked":
        blocker = detail.get("blocker_id")
        return ("linked", f"to blocker #{blocker}") if blocker else ("unlinked", "")
    if event.type == "handed_off":
        words = [f"to {detail.get('team', '?')}"]
        if detail.get("new_item_id"):
            words.append(f"as blocker #{detail['new_item_id']}")
        return "handed off", " ".join(words)
    if event.type == "acknowledged":
        return "acknowledged", f"by {detail.get('team', '?')}"
    if event.type == "edited":
        old = detail.get("old") or {}
        words = []
        if "text" in old:
            words.append(f"was: {old['text']}")
        if "owner_id" in old:
            words.append("owner changed")
        return "edited", "; ".join(words)
    return event.type, json.dumps(detail, ensure_ascii=False) if detail else ""


def _chain(store: Store, item_id: int) -> list[int]:
    """The item, the items it was handed off from, and those it was handed off to."""
    found = [item_id]
    current = item_id
    for _ in range(CHAIN_LIMIT):  # back to where it came from
        origin = store.scalar("select origin_item_id from items where id = ?", [current])
        if origin is None or origin in found:
            break
        found.insert(0, origin)
        current = origin
    frontier = [item_id]
    for _ in range(CHAIN_LIMIT):  # on to where it went
        if not frontier:
            break
        marks = ",".join("?" for _ in frontier)
        frontier = [
            r["id"]
            for r in store.rows(
                f"select id from items where origin_item_id in ({marks}) order by id limit 50",
                frontier,
            )
            if r["id"] not in found
        ]
        found.extend(frontier)
    return found


def item_history(store: Store, item_id: int, limit: int = EVENT_LIMIT) -> ItemHistory | None:
    """Every event of the item across meetings and teams (its hand-off chain included),
    with the decisions and commitments linked to it, oldest first."""
    item = item_ref(store, item_id)
    if item is None:
        return None
    chain = _chain(store, item_id)
    marks = ",".join("?" for _ in chain)
    rows = store.rows(
        "select e.*, i.kind as item_kind, t.name as team_name, m.date as meeting_date "
        "from events e join items i on i.id = e.item_id join teams t on t.id = i.team_id "
        "left join meetings m on m.id = e.meeting_id "
        f"where e.item_id in ({marks}) "
        "or (e.type = 'created' and e.item_id in "
        f"(select id from items where blocker_id in ({marks}))) "
        "order by e.at, e.id limit ?",
        [*chain, *chain, _bounded(limit, EVENT_LIMIT)],
    )
    linked = {
        r["id"]: _item_ref(r)
        for r in store.rows(
            _ITEM_SELECT + f" where i.blocker_id in ({marks}) order by i.id limit ?",
            [*chain, EVENT_LIMIT],
        )
    }
    # At one moment, an item comes before the items handed off from it (and linked to it).
    place = {chain_id: n for n, chain_id in enumerate(chain)}
    for r in store.rows(
        f"select id, blocker_id from items where blocker_id in ({marks}) limit ?",
        [*chain, EVENT_LIMIT],
    ):
        place.setdefault(r["id"], place.get(r["blocker_id"], 0))
    rows.sort(key=lambda r: (r["at"], place.get(r["item_id"], 0), r["id"]))
    events: list[HistoryEvent] = []
    for row in rows:
        event = Event.model_validate({k: row[k] for k in Event.model_fields})
        if event.item_id in chain:
            label, detail = describe_event(event, row["item_kind"])
            if event.item_id != item_id:
                detail = f"(as #{event.item_id} of {row['team_name']}) {detail}".strip()
        else:  # a decision or commitment taken on this blocker
            other = linked.get(event.item_id)
            label = {"decision": "decided", "commitment": "committed"}.get(
                row["item_kind"], CREATED_LABELS.get(row["item_kind"], "added")
            )
            owner = f" @{other.owner_handle}" if other and other.owner_handle else ""
            text = other.text if other else ""
            detail = f"#{event.item_id}{owner}: {text}"
        events.append(
            HistoryEvent(
                event=event,
                item_id=event.item_id,
                item_kind=row["item_kind"],
                team_name=row["team_name"],
                meeting_date=row["meeting_date"],
                label=label,
                detail=detail,
            )
        )
    related = [ref for i in chain if i != item_id and (ref := item_ref(store, i))]
    related += list(linked.values())
    return ItemHistory(item=item, events=events, related=related)


def item_texts(store: Store, item: ItemRef) -> list[str]:
    """The item's text now, and as first written when it changed since."""
    texts = [item.text]
    first = store.row(
        "select detail from events where item_id = ? and type = 'created' order by id limit 1",
        [item.id],
    )
    if first and first["detail"]:
        original = json.loads(first["detail"]).get("text")
        if isinstance(original, str) and original != item.text:
            texts.append(original)
    return texts


def local_date(stamp_text: str) -> date:
    return parse_stamp(stamp_text).astimezone().date()
