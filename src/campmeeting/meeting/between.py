"""`campmeeting add`: an item for a team's next meeting (or its live one), from any
terminal, read exactly as the capture box of the matching section reads it."""

from __future__ import annotations

from campmeeting.capture import ProblemKind
from campmeeting.clock import TimeSource, local_today
from campmeeting.meeting import items
from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.lines import SECTION_OF_KIND, read_line
from campmeeting.meeting.teams import upcoming
from campmeeting.model import ItemKind
from campmeeting.records import Item, Team
from campmeeting.store import Store


def add_between_meetings(
    store: Store, source: TimeSource, team: Team, kind: ItemKind, line: str
) -> Item:
    """`campmeeting add`: an item for the team's next meeting (or its live one), read as
    the capture box of the matching section reads it (a #TEAM on a blocker hands it off)."""
    if kind not in SECTION_OF_KIND:
        raise MeetingError(f"add takes blocker, headline, priority or commitment, not {kind}")
    team = store.team(team.id)  # fresh: the caller's copy may predate its cadence
    nxt = upcoming(store, team, source)
    read = read_line(
        store,
        team,
        line,
        SECTION_OF_KIND[kind],
        today=local_today(source),
        next_meeting=nxt.date() if nxt else None,
        kind=kind,
    )
    problems = [p.message for p in read.problems if p.kind != ProblemKind.UNKNOWN_HANDLE]
    if read.unknown_handles:
        problems.append(
            "not a member of "
            f"{team.name}: {', '.join('@' + h for h in read.unknown_handles)} "
            f"(add with: campmeeting teams members {team.name!r} @handle)"
        )
    if problems:
        raise MeetingError("; ".join(problems))
    live = store.live_meeting(team.id)
    scope = items.Scope(store, source, team, live.id if live else None)
    with store.transaction():
        item_id = items.insert_item(
            scope,
            kind,
            read.text,
            owner_id=read.owner.id if read.owner else None,
            due=read.due,
            due_next=read.due_next,
            source_label="cli",
        )
        if kind == ItemKind.BLOCKER and read.teams:
            items.hand_off(scope, store.item(item_id), read.teams[0])
    return store.item(item_id)
