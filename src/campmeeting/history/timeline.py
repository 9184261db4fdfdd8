"""An item's history told in words: every event across meetings and teams, its hand-off
chain, and the decisions and commitments taken on it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from campmeeting.clock import parse_stamp
from campmeeting.history.refs import (
    CHAIN_LIMIT,
    EVENT_LIMIT,
    ITEM_SELECT,
    ItemRef,
    bounded,
    item_ref,
    item_ref_of,
)
from campmeeting.records import Event
from campmeeting.store import Store, placeholders
from campmeeting.text import status_word


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


def _status_label(status: str | None) -> str:
    """A status change in words: the new status (text.status_word), 'reopened' for a
    return to open, 'acknowledged' for a message read (its status word is 'read')."""
    if status == "open":
        return "reopened"
    if status == "acknowledged":
        return "acknowledged"
    return status_word(status) if status else "status"


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
        if detail.get("from_item"):
            words.append(f"dropped down from #{detail['from_item']}")
        if detail.get("due"):
            words.append(f"due {detail['due']}")
        return label, "; ".join(words)
    if event.type == "dropped_down":
        return "dropped down", f"to the issues list as blocker #{detail.get('blocker_id', '?')}"
    if event.type == "status":
        label = _status_label(event.to_status)
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
    if event.type == "reported":  # an owner's word between meetings (meeting/reports.py)
        outcome = {"rescoped": "re-scope", "abandoned": "abandon"}.get(
            str(detail.get("outcome")), str(detail.get("outcome"))
        )
        words = [f"{outcome} by @{detail.get('by_handle', '?')}"]
        if detail.get("text"):
            words.append(f"new text: {detail['text']}")
        if detail.get("due"):
            words.append(f"due {detail['due']}")
        if detail.get("reason"):
            words.append(f"reason: {detail['reason']}")
        return "reported", "; ".join(words)
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
        marks = placeholders(frontier)
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
    marks = placeholders(chain)
    rows = store.rows(
        "select e.*, i.kind as item_kind, t.name as team_name, m.date as meeting_date "
        "from events e join items i on i.id = e.item_id join teams t on t.id = i.team_id "
        "left join meetings m on m.id = e.meeting_id "
        f"where e.type != 'ranked' and (e.item_id in ({marks}) "
        "or (e.type = 'created' and e.item_id in "
        f"(select id from items where blocker_id in ({marks})))) "
        "order by e.at, e.id limit ?",
        [*chain, *chain, bounded(limit, EVENT_LIMIT)],
    )
    linked = {
        r["id"]: item_ref_of(r)
        for r in store.rows(
            ITEM_SELECT + f" where i.blocker_id in ({marks}) order by i.id limit ?",
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
    # dropped down: the item an issue came from, and the issues raised from this one
    source = store.scalar("select source_item_id from items where id = ?", [item_id])
    if source is not None and (ref := item_ref(store, source)):
        related.append(ref)
    dropped = store.rows(
        ITEM_SELECT + " where i.source_item_id = ? order by i.id limit ?", [item_id, EVENT_LIMIT]
    )
    related += [item_ref_of(r) for r in dropped]
    return ItemHistory(item=item, events=events, related=related)
