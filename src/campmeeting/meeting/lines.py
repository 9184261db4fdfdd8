"""What a typed line becomes in a section: one grammar for the capture box and for
`campmeeting add` (INTERFACE.md: the CLI reads a line exactly as the matching section).

`read_line` parses the line (capture.py), resolves its owner and teams against the
store, and says which item it makes, or why it cannot be saved. It writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from campmeeting.capture import Problem, ProblemKind, parse_capture
from campmeeting.model import CAPTURE_KIND, TEAM_SECTIONS, ItemKind, SectionKind
from campmeeting.records import Person, Team
from campmeeting.store import Store

# The section whose capture box reads a line of each kind `campmeeting add` takes.
SECTION_OF_KIND = {
    ItemKind.BLOCKER: SectionKind.BLOCKERS,
    ItemKind.HEADLINE: SectionKind.CHECKIN,
    ItemKind.PRIORITY: SectionKind.PRIORITIES,
    ItemKind.COMMITMENT: SectionKind.COMMITMENTS,
}


@dataclass
class Line:
    """A line read in a section: the item it makes, or its problems."""

    kind: ItemKind
    text: str
    owner: Person | None = None
    due: date | None = None
    teams: list[Team] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown_handles: list[str] = field(default_factory=list)
    due_next: bool = False  # due at the next meeting: the due date follows it


def read_line(
    store: Store,
    team: Team,
    line: str,
    section: SectionKind,
    *,
    today: date,
    next_meeting: date | None,
    kind: ItemKind | None = None,
) -> Line:
    """Read a line as the capture box of `section` does (`kind` forces the item kind).

    A commitment without `due:` is due at the next meeting, as one with `due:next`: its
    due date follows the next meeting (a week from today when the team has none yet).
    #TEAM names a team only where an item goes to one: a blocker handed off, a cascaded
    message; elsewhere "#1 priority" is just text."""
    members = store.members(team.id)
    parsed = parse_capture(
        line,
        today=today,
        handles=[p.handle for p in members],
        next_meeting=next_meeting,
        takes_teams=section in TEAM_SECTIONS,
    )
    if kind is None:
        kind = CAPTURE_KIND[section]
        if section == SectionKind.ACT and (parsed.owner or parsed.due):
            kind = ItemKind.COMMITMENT
    result = Line(
        kind=kind,
        text=parsed.text,
        due=parsed.due,
        due_next=parsed.due_is_next,
        problems=list(parsed.problems),
        unknown_handles=list(parsed.unknown_handles),
    )
    if parsed.unknown_handles:
        result.problems.append(
            Problem(
                ProblemKind.UNKNOWN_HANDLE,
                "not in the team: " + ", ".join("@" + h for h in parsed.unknown_handles),
            )
        )
    for name in parsed.teams:
        found = store.team_by_name(name)
        if found is None:
            result.problems.append(Problem(ProblemKind.UNKNOWN_TEAM, f"no team named #{name}"))
        elif found.id == team.id:
            result.problems.append(Problem(ProblemKind.OWN_TEAM, f"#{name} is this team"))
        else:
            result.teams.append(found)
    if kind == ItemKind.COMMITMENT and not parsed.owner and not result.problems:
        result.problems.append(
            Problem(ProblemKind.NO_OWNER, "a commitment needs one owner: add @handle")
        )
    if kind == ItemKind.BLOCKER and len(result.teams) > 1:
        result.problems.append(
            Problem(ProblemKind.TEAMS, "a blocker is handed to one team: keep one #TEAM")
        )
    if kind == ItemKind.MESSAGE and not result.teams and not result.problems:
        result.problems.append(
            Problem(ProblemKind.NO_TEAM, "a message needs a team to go to: add #TEAM")
        )
    if parsed.owner:
        result.owner = store.person_by_handle(parsed.owner)
    if kind == ItemKind.COMMITMENT and result.due is None:
        result.due = next_meeting or today + timedelta(days=7)
        result.due_next = next_meeting is not None
    return result
