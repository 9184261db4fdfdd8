"""`campmeeting add`: an item for a team's next meeting (or its live one), from any
terminal, read exactly as the capture box of the matching section reads it."""

from __future__ import annotations

from datetime import timedelta

from campmeeting.capture import parse_capture
from campmeeting.clock import TimeSource, local_now, local_today
from campmeeting.meeting import items
from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.teams import next_meeting_at
from campmeeting.model import ItemKind
from campmeeting.records import Item, Team
from campmeeting.store import Store

ADD_KINDS = (ItemKind.BLOCKER, ItemKind.HEADLINE, ItemKind.PRIORITY, ItemKind.COMMITMENT)


def add_between_meetings(
    store: Store, source: TimeSource, team: Team, kind: ItemKind, line: str
) -> Item:
    """`campmeeting add`: an item for the team's next meeting (or its live one)."""
    if kind not in ADD_KINDS:
        raise MeetingError(f"add takes blocker, headline, priority or commitment, not {kind}")
    team = store.team(team.id)  # fresh: the caller's copy may predate its cadence
    members = store.members(team.id)
    nxt = next_meeting_at(team, local_now(source))
    parsed = parse_capture(
        line,
        today=local_today(source),
        handles=[p.handle for p in members],
        next_meeting=nxt.date() if nxt else None,
    )
    problems = list(parsed.messages)
    if parsed.unknown_handles:
        problems.append(
            "not a member of "
            f"{team.name}: {', '.join('@' + h for h in parsed.unknown_handles)} "
            f"(add with: campmeeting teams members {team.name!r} @handle)"
        )
    if problems:
        raise MeetingError("; ".join(problems))
    owner = store.person_by_handle(parsed.owner) if parsed.owner else None
    if kind == ItemKind.COMMITMENT and owner is None:
        raise MeetingError("a commitment needs an owner: add @handle")
    due = parsed.due
    if kind == ItemKind.COMMITMENT and due is None:  # as in capture: due by the next meeting
        due = nxt.date() if nxt else local_today(source) + timedelta(days=7)
    live = store.live_meeting(team.id)
    scope = items.Scope(store, source, team, live.id if live else None)
    with store.transaction():
        item_id = items.insert_item(
            scope,
            kind,
            parsed.text,
            owner_id=owner.id if owner else None,
            due=due,
            source_label="cli",
        )
    return store.item(item_id)
