"""Items as the archive lists them (ItemRef), and the limits that keep every read bounded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from campmeeting.clock import parse_stamp
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


def bounded(limit: int, most: int) -> int:
    return max(1, min(int(limit), most))


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


ITEM_SELECT = """
select i.id, i.kind, i.status, i.text, i.team_id, t.name as team_name, i.owner_id,
  p.handle as owner_handle, p.name as owner_name, i.due_date, i.created_at,
  i.created_meeting_id
from items i join teams t on t.id = i.team_id left join people p on p.id = i.owner_id
"""

ITEM_FIELDS = (
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


def item_ref_of(row: dict[str, Any]) -> ItemRef:
    return ItemRef(**{name: row[name] for name in ITEM_FIELDS})


def item_ref(store: Store, item_id: int) -> ItemRef | None:
    row = store.row(ITEM_SELECT + " where i.id = ?", [item_id])
    return item_ref_of(row) if row else None


def kind_order_sql(column: str) -> str:
    return (
        "case "
        + " ".join(f"when {column} = '{kind}' then {n}" for n, kind in enumerate(KIND_ORDER))
        + f" else {len(KIND_ORDER)} end"
    )


def meeting_items(store: Store, meeting_id: int, limit: int = ITEM_LIMIT) -> list[ItemRef]:
    """Every item the meeting touched (raised, carried, reviewed, changed), by kind."""
    rows = store.rows(
        ITEM_SELECT + " where i.id in (select item_id from events where meeting_id = ?) "
        "or i.created_meeting_id = ? order by " + kind_order_sql("i.kind") + ", i.id limit ?",
        [meeting_id, meeting_id, bounded(limit, ITEM_LIMIT)],
    )
    return [item_ref_of(row) for row in rows]


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
