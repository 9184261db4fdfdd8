"""Carry-over: when a team's meeting starts, everything open comes with it (DOMAIN.md).

- open commitments, open blockers and active priorities: a 'carried' event, or a
  'brought' event for one added between meetings or handed over (it is new here);
- headlines added between meetings: brought once;
- messages cascaded to the team and not yet acknowledged: a 'delivered' event;
- a review record for each open commitment due on or before the meeting's date (one
  due "at the next meeting" is due at this one, even when it is held early), and for
  each one its owner reported done since (early work counts; reports.py).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.reports import reported_done
from campmeeting.model import OPEN_STATES, EventType, ItemKind
from campmeeting.store import Store


def carry_over(store: Store, team_id: int, meeting_id: int, meeting_date: date, now: str) -> None:
    """Bring forward everything open into a starting meeting; call inside its transaction."""
    # due "at the next meeting": this is that meeting (even when held early)
    fixed = {
        row["id"]
        for row in store.rows(
            "select id from items where team_id = ? and kind = 'commitment' and status = 'open' "
            "and due_next = 1",
            [team_id],
        )
    }
    store.db.execute(
        "UPDATE items SET due_date = ?, due_next = 0 WHERE team_id = ? AND kind = 'commitment' "
        "AND status = 'open' AND due_next = 1",
        [meeting_date.isoformat(), team_id],
    )
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
    due_here: list[tuple[str, int]] = []
    early = reported_done(store, [r["id"] for r in open_items if r["kind"] == ItemKind.COMMITMENT])
    for row in open_items:
        if row["kind"] == ItemKind.MESSAGE:
            store.record_event(row["id"], EventType.DELIVERED, now, meeting_id, to_status="pending")
            continue
        detail: dict[str, Any] = {"due_next": True} if row["id"] in fixed else {}
        if row["created_meeting_id"] is None:
            store.update("items", row["id"], {"created_meeting_id": meeting_id})
            store.record_event(
                row["id"], EventType.BROUGHT, now, meeting_id, to_status=row["status"], **detail
            )
        else:
            store.record_event(
                row["id"], EventType.CARRIED, now, meeting_id, to_status=row["status"], **detail
            )
        if row["kind"] != ItemKind.COMMITMENT:
            continue
        if row["due_date"] and row["due_date"] <= meeting_date.isoformat():
            due_here.append((row["due_date"], row["id"]))
        elif row["id"] in early:  # reported done before it is due: reviewed too
            due_here.append((row["due_date"] or "9999", row["id"]))
    # the review's order: the longest overdue first; it stays so while reviewing
    for _due, item_id in sorted(due_here):
        store.insert("reviews", {"meeting_id": meeting_id, "item_id": item_id})


def undo_start(store: Store, meeting_id: int) -> None:
    """Remove a meeting started by mistake, with nothing captured in it: what it brought
    in waits for the next meeting again, as if it had never started."""
    if not nothing_captured(store, meeting_id):
        raise MeetingError("this meeting holds work already; end it instead")
    team_id = store.scalar("select team_id from meetings where id = ?", [meeting_id])
    nxt = store.scalar("select next_meeting_at from teams where id = ?", [team_id])
    with store.transaction():
        restored = [
            row["item_id"]
            for row in store.rows(
                "select item_id, detail from events where meeting_id = ? "
                "and type in ('carried', 'brought')",
                [meeting_id],
            )
            if row["detail"] and json.loads(row["detail"]).get("due_next")
        ]
        for item_id in restored:  # due at the next meeting again, wherever it is
            store.update("items", item_id, {"due_next": 1, "due_date": nxt[:10] if nxt else None})
        store.db.execute(
            "UPDATE items SET created_meeting_id = NULL WHERE created_meeting_id = ? "
            "AND id IN (SELECT item_id FROM events WHERE meeting_id = ? AND type = 'brought')",
            [meeting_id, meeting_id],
        )
        for table in ("events", "reviews", "attendance", "drafts", "section_runs"):
            store.db.execute(f"DELETE FROM {table} WHERE meeting_id = ?", [meeting_id])
        store.db.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])


# events a starting meeting records by itself: a meeting with only these captured nothing
_START_EVENTS = ("carried", "brought", "delivered")


def nothing_captured(store: Store, meeting_id: int) -> bool:
    """True when the meeting holds no typed or decided work: no item made, reviewed,
    changed or acknowledged in it, and no rating (a mistaken start can be discarded)."""
    marks = ", ".join(f"'{t}'" for t in _START_EVENTS)
    touched = store.scalar(
        f"select exists (select 1 from events where meeting_id = ? and type not in ({marks}))",
        [meeting_id],
    )
    rated = store.scalar(
        "select exists (select 1 from attendance where meeting_id = ? and rating is not null)",
        [meeting_id],
    )
    scored = store.scalar(  # a measurable added, a value entered or dropped down in it
        "select exists (select 1 from measurable_events where meeting_id = ?)", [meeting_id]
    )
    return not touched and not rated and not scored
