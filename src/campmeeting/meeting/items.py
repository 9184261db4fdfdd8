"""An item's lifecycle: created, status changed, edited, re-scoped, reviewed, linked,
handed off, acknowledged, ordered. Every change records an event (DOMAIN.md: history,
minutes and metrics are derived from events).

The functions here write and must run inside one `store.transaction()` opened by the
caller (`LiveMeeting` writes its clock in the same transaction; `campmeeting add` has
none). `Scope` says where the change happens: a team, and its meeting if there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from campmeeting.clock import TimeSource, stamp
from campmeeting.meeting.errors import MeetingError
from campmeeting.model import DROPS_DOWN, ITEM_STATES, EventType, ItemKind, ReviewOutcome, Status
from campmeeting.records import Item, Team
from campmeeting.store import Store


@dataclass(frozen=True)
class Scope:
    """Where a change is made: a team, and the meeting it is made in (None: between
    meetings, e.g. `campmeeting add`)."""

    store: Store
    source: TimeSource
    team: Team
    meeting_id: int | None

    def now(self) -> str:
        return stamp(self.source)


def insert_item(
    scope: Scope,
    kind: ItemKind,
    text: str,
    *,
    team_id: int | None = None,
    meeting_id: int | None = None,
    owner_id: int | None = None,
    due: date | None = None,
    blocker_id: int | None = None,
    target_team_id: int | None = None,
    origin_item_id: int | None = None,
    source_item_id: int | None = None,
    source_label: str | None = None,
    due_next: bool = False,
) -> int:
    """Insert an item (for the scope's team and meeting unless given) and its 'created'
    event; a new blocker goes to the bottom of its team's open list."""
    store = scope.store
    team_id = scope.team.id if team_id is None else team_id
    if meeting_id is None and team_id == scope.team.id:
        meeting_id = scope.meeting_id
    now = scope.now()
    status = ITEM_STATES[kind][0]
    rank = None
    if kind == ItemKind.BLOCKER:
        rank = (
            store.scalar(
                "select max(rank) from items where team_id = ? and kind = 'blocker' "
                "and status = 'open'",
                [team_id],
            )
            or 0
        ) + 1
    item_id = store.insert(
        "items",
        {
            "team_id": team_id,
            "kind": str(kind),
            "text": text,
            "status": str(status),
            "owner_id": owner_id,
            "due_date": due.isoformat() if due else None,
            "blocker_id": blocker_id,
            "target_team_id": target_team_id,
            "origin_item_id": origin_item_id,
            "source_item_id": source_item_id,
            "created_meeting_id": meeting_id,
            "created_at": now,
            "updated_at": now,
            "rank": rank,
            "due_next": int(due_next and kind == ItemKind.COMMITMENT),
        },
    )
    detail: dict[str, Any] = {"text": text}
    if source_label:
        detail["source"] = source_label
    if owner_id:
        detail["owner_id"] = owner_id
    if due:
        detail["due"] = due.isoformat()
    if due_next and kind == ItemKind.COMMITMENT:
        detail["due_next"] = True
    if source_item_id:
        detail["from_item"] = source_item_id
    store.record_event(item_id, EventType.CREATED, now, meeting_id, None, status, **detail)
    if blocker_id:
        store.record_event(item_id, EventType.LINKED, now, meeting_id, blocker_id=blocker_id)
    return item_id


def check_status(item: Item, status: str) -> None:
    """Refuse a status the item's kind cannot have (hand-offs name a team: `hand_off`)."""
    kind = ItemKind(item.kind)
    if status not in ITEM_STATES[kind]:
        states = ", ".join(s.replace("_", " ") for s in ITEM_STATES[kind])
        raise MeetingError(f"a {kind} can be {states}; not {status.replace('_', ' ')!r}")
    if status == Status.HANDED_OFF:
        raise MeetingError("hand a blocker off with a team to hand it to")


def change_status(scope: Scope, item: Item, status: str, reason: str | None = None) -> None:
    """Set an item's status, with its event."""
    if status != Status.OPEN:
        rank_as_closed(scope, item)
    now = scope.now()
    changes: dict[str, Any] = {"status": status, "updated_at": now}
    if reason:
        changes["reason"] = reason
    scope.store.update("items", item.id, changes)
    detail = {"reason": reason} if reason else {}
    scope.store.record_event(
        item.id, EventType.STATUS, now, scope.meeting_id, item.status, status, **detail
    )
    if status != Status.OPEN:
        unfocus(scope, item.id)


def unfocus(scope: Scope, item_id: int) -> None:
    """A blocker that is closed or handed off is no longer the one being worked."""
    if scope.meeting_id is None:
        return
    scope.store.db.execute(
        "UPDATE meetings SET focus_item_id = NULL WHERE id = ? AND focus_item_id = ?",
        [scope.meeting_id, item_id],
    )


def record_review(scope: Scope, item_id: int, outcome: ReviewOutcome | str) -> None:
    """Set this meeting's review record of a commitment, if it is in its review set."""
    now = scope.now()
    cursor = scope.store.db.execute(
        "UPDATE reviews SET outcome = ?, at = ? WHERE meeting_id = ? AND item_id = ?",
        [str(outcome), now, scope.meeting_id, item_id],
    )
    if cursor.rowcount:
        scope.store.record_event(
            item_id, EventType.REVIEWED, now, scope.meeting_id, to_status=outcome
        )


def close_reviews(scope: Scope) -> None:
    """Records of the meeting not reviewed by now are recorded as still open."""
    scope.store.db.execute(
        "UPDATE reviews SET outcome = 'open', at = ? WHERE meeting_id = ? AND outcome IS NULL",
        [scope.now(), scope.meeting_id],
    )


def edit(scope: Scope, item: Item, text: str | None = None, owner_id: int | None = None) -> None:
    """New text and/or owner; nothing happens when neither changes."""
    changes: dict[str, Any] = {}
    if text is not None and text != item.text:
        if not text.strip():
            raise MeetingError("the text is empty")
        changes["text"] = text
    if owner_id is not None and owner_id != item.owner_id:
        changes["owner_id"] = owner_id
    if not changes:
        return
    now = scope.now()
    scope.store.update("items", item.id, {**changes, "updated_at": now})
    scope.store.record_event(
        item.id,
        EventType.EDITED,
        now,
        scope.meeting_id,
        old={k: getattr(item, k) for k in changes},
        new=changes,
    )


def rescope(scope: Scope, item: Item, text: str | None, due: date | None) -> None:
    """A commitment gets new text and/or a new due date and stays open; the old ones
    stay in its history, and its review record (if due here) says re-scoped."""
    if item.kind != ItemKind.COMMITMENT or item.status != Status.OPEN:
        raise MeetingError("only an open commitment can be re-scoped")
    changes: dict[str, Any] = {}
    if text and text != item.text:
        changes["text"] = text
    if due and due.isoformat() != item.due_date:
        changes["due_date"] = due.isoformat()
    if not changes:
        raise MeetingError("re-scoping needs new text or a new due date")
    now = scope.now()
    scope.store.update("items", item.id, {**changes, "updated_at": now})
    scope.store.record_event(
        item.id,
        EventType.RESCOPED,
        now,
        scope.meeting_id,
        old={"text": item.text, "due": item.due_date},
        new=changes,
    )
    record_review(scope, item.id, ReviewOutcome.RESCOPED)


def hand_off(scope: Scope, blocker: Item, team: Team) -> int:
    """The blocker becomes an open blocker of `team` (in its live meeting if it has
    one), linked to this one by `origin_item_id`; returns the new blocker's id."""
    if blocker.kind != ItemKind.BLOCKER or blocker.status != Status.OPEN:
        raise MeetingError("only an open blocker can be handed off")
    if team.id == blocker.team_id:
        raise MeetingError("hand a blocker to another team")
    store = scope.store
    rank_as_closed(scope, blocker)
    target_live = store.live_meeting(team.id)
    new_id = insert_item(
        scope,
        ItemKind.BLOCKER,
        blocker.text,
        team_id=team.id,
        meeting_id=target_live.id if target_live else None,
        origin_item_id=blocker.id,
        source_label=f"handed off by {scope.team.name}",
    )
    now = scope.now()
    store.update(
        "items",
        blocker.id,
        {"status": Status.HANDED_OFF, "target_team_id": team.id, "updated_at": now},
    )
    unfocus(scope, blocker.id)
    store.record_event(
        blocker.id,
        EventType.HANDED_OFF,
        now,
        scope.meeting_id,
        blocker.status,
        Status.HANDED_OFF,
        team=team.name,
        new_item_id=new_id,
    )
    return new_id


def acknowledge(scope: Scope, message: Item) -> None:
    """A message sent to this team, read to it: acknowledged once."""
    if message.kind != ItemKind.MESSAGE or message.target_team_id != scope.team.id:
        raise MeetingError("only a message sent to this team can be acknowledged here")
    if message.status == Status.ACKNOWLEDGED:
        return
    now = scope.now()
    scope.store.update("items", message.id, {"status": Status.ACKNOWLEDGED, "updated_at": now})
    scope.store.record_event(
        message.id,
        EventType.ACKNOWLEDGED,
        now,
        scope.meeting_id,
        Status.PENDING,
        Status.ACKNOWLEDGED,
        team=scope.team.name,
    )


def link(scope: Scope, item: Item, blocker_id: int | None) -> None:
    """A decision or commitment taken on a blocker (None: on none)."""
    if item.kind not in (ItemKind.DECISION, ItemKind.COMMITMENT):
        raise MeetingError("only decisions and commitments link to a blocker")
    now = scope.now()
    scope.store.update("items", item.id, {"blocker_id": blocker_id, "updated_at": now})
    scope.store.record_event(
        item.id, EventType.LINKED, now, scope.meeting_id, blocker_id=blocker_id
    )


def open_blocker_order(store: Store, team_id: int) -> list[int]:
    """The team's open blockers, in rank order (1 first)."""
    return [
        r["id"]
        for r in store.rows(
            "select id from items where team_id = ? and kind = 'blocker' and status = 'open' "
            "order by rank, id",
            [team_id],
        )
    ]


def drop_down(scope: Scope, source: Item, text: str, owner_id: int | None = None) -> int:
    """An open blocker (an issue) raised from another item, linked to it both ways: the
    blocker's `source_item_id`, and a 'dropped_down' event on the source naming it."""
    if source.kind not in DROPS_DOWN:
        raise MeetingError(f"a {source.kind} cannot be dropped down to the issues list")
    if not text.strip():
        raise MeetingError("the issue's text is empty")
    blocker_id = insert_item(
        scope, ItemKind.BLOCKER, text, owner_id=owner_id, source_item_id=source.id
    )
    scope.store.record_event(
        source.id, EventType.DROPPED_DOWN, scope.now(), scope.meeting_id, blocker_id=blocker_id
    )
    return blocker_id


def rank_as_closed(scope: Scope, item: Item) -> None:
    """An open blocker leaving the issues list in a meeting keeps its rank there (its
    minutes list the issues worked in rank order)."""
    if item.kind != ItemKind.BLOCKER or item.status != Status.OPEN or scope.meeting_id is None:
        return
    order = open_blocker_order(scope.store, scope.team.id)
    if item.id in order:
        scope.store.record_event(
            item.id, EventType.RANKED, scope.now(), scope.meeting_id, rank=order.index(item.id) + 1
        )


def record_ranks(scope: Scope) -> None:
    """The open blockers' ranks as the meeting ends (1, 2, 3 ...): its minutes keep them
    whatever later meetings reorder."""
    now = scope.now()
    for rank, item_id in enumerate(open_blocker_order(scope.store, scope.team.id), start=1):
        scope.store.record_event(item_id, EventType.RANKED, now, scope.meeting_id, rank=rank)


def move_blocker(scope: Scope, blocker_id: int, step: int) -> bool:
    """Move an open blocker up (step -1) or down (+1) the order; False when it stays."""
    order = open_blocker_order(scope.store, scope.team.id)
    if blocker_id not in order:
        raise MeetingError("only open blockers can be ordered")
    index = order.index(blocker_id)
    target = max(0, min(len(order) - 1, index + step))
    if target == index:
        return False
    order.insert(target, order.pop(index))
    for rank, item_id in enumerate(order, start=1):
        scope.store.update("items", item_id, {"rank": rank})
    return True
