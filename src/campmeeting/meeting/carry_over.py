"""Carry-over: when a team's meeting starts, everything open comes with it (DOMAIN.md).

- open commitments, open blockers and active priorities: a 'carried' event, or a
  'brought' event for one added between meetings or handed over (it is new here);
- headlines added between meetings: brought once;
- messages cascaded to the team and not yet acknowledged: a 'delivered' event;
- a review record for each open commitment due on or before the meeting's date.
"""

from __future__ import annotations

from datetime import date

from campmeeting.model import OPEN_STATES, EventType, ItemKind
from campmeeting.store import Store


def carry_over(store: Store, team_id: int, meeting_id: int, meeting_date: date, now: str) -> None:
    """Bring forward everything open into a starting meeting; call inside its transaction."""
    # one indexed lookup per kind, in the kinds' order (an OR of them would read every
    # item the team ever had)
    columns = "select id, kind, status, created_meeting_id, due_date from items where "
    parts = {
        str(kind): f"{columns}team_id = :t and kind = '{kind}' "
        f"and status in ({', '.join(repr(str(s)) for s in states)})"
        for kind, states in OPEN_STATES.items()
        if kind != ItemKind.MESSAGE
    }
    # a headline added between meetings (`campmeeting add`) is brought once: found among
    # the items in no meeting yet (unary +: not among all the headlines the team ever had)
    parts["headline"] = (
        f"{columns}created_meeting_id is null and +team_id = :t and +kind = 'headline'"
    )
    open_items = store.rows(
        " union all ".join(parts[kind] for kind in sorted(parts))
        + f" union all {columns}target_team_id = :t and kind = 'message' and status = 'pending'",
        {"t": team_id},
    )
    for row in open_items:
        if row["kind"] == ItemKind.MESSAGE:
            store.record_event(row["id"], EventType.DELIVERED, now, meeting_id, to_status="pending")
            continue
        if row["created_meeting_id"] is None:
            store.update("items", row["id"], {"created_meeting_id": meeting_id})
            store.record_event(
                row["id"], EventType.BROUGHT, now, meeting_id, to_status=row["status"]
            )
        else:
            store.record_event(
                row["id"], EventType.CARRIED, now, meeting_id, to_status=row["status"]
            )
        if (
            row["kind"] == ItemKind.COMMITMENT
            and row["due_date"]
            and row["due_date"] <= meeting_date.isoformat()
        ):
            store.insert("reviews", {"meeting_id": meeting_id, "item_id": row["id"]})
