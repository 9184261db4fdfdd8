"""What a typed line becomes in a section: one grammar for the capture box and for
`campmeeting add` (INTERFACE.md: the CLI reads a line exactly as the matching section).

`read_line` parses the line (capture.py), resolves its owner and teams against the
store, and says which item it makes, or why it cannot be saved. It writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from campmeeting.capture import Capture, Problem, ProblemKind, parse_capture
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
    working: bool = True,
    commitment_days: int | None = None,
) -> Line:
    """Read a line as the capture box of `section` does (`kind` forces the item kind).

    A commitment without `due:` is due at the next meeting, as one with `due:next`: its
    due date follows the next meeting (a week from today when the team has none yet);
    an agenda's `commitment_due` ("+7d": `commitment_days` 7) makes it that many days
    from today instead. #TEAM names a team only where an item goes to one: a blocker
    handed off, a cascaded message (in cascade, or in close when the team exists; `#all`
    is every other team); elsewhere "#1 priority" is just text. In act, a line is a
    decision (a commitment with @owner or due:) on the blocker being worked, and a new
    blocker while none is (`working` False: an issue identified now)."""
    members = store.members(team.id)
    handles = [p.handle for p in members]

    def parse(takes_teams: bool) -> Capture:
        return parse_capture(
            line, today=today, handles=handles, next_meeting=next_meeting, takes_teams=takes_teams
        )

    parsed = parse(section in TEAM_SECTIONS or section == SectionKind.CLOSE)
    if section == SectionKind.CLOSE and kind is None:
        if any(_teams_named(store, team, name) for name in parsed.teams):
            kind = ItemKind.MESSAGE  # close sends messages, as cascade does
        else:  # a note: "#1" is text there
            parsed = parse(False)
    if kind is None:
        kind = CAPTURE_KIND[section]
        if section == SectionKind.ACT and not working:
            kind = ItemKind.BLOCKER
        elif section == SectionKind.ACT and (parsed.owner or parsed.due):
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
        named = _teams_named(store, team, name)
        if named is None:
            result.problems.append(Problem(ProblemKind.UNKNOWN_TEAM, f"no team named #{name}"))
        elif not named and name.casefold() == ALL_TEAMS:
            result.problems.append(Problem(ProblemKind.UNKNOWN_TEAM, "no other team to send to"))
        elif not named:
            result.problems.append(Problem(ProblemKind.OWN_TEAM, f"#{name} is this team"))
        else:
            result.teams.extend(t for t in named if t.id not in {x.id for x in result.teams})
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
        if commitment_days is not None:
            result.due = today + timedelta(days=commitment_days)
        else:
            result.due = next_meeting or today + timedelta(days=7)
            result.due_next = next_meeting is not None
    return result


ALL_TEAMS = "all"


def _teams_named(store: Store, team: Team, name: str) -> list[Team] | None:
    """The teams `#name` sends to: that team ([] when it is this one), or every other
    team for `#all` (unless a team is called "all"); None when no team has the name."""
    found = store.team_by_name(name)
    if found is not None:
        return [] if found.id == team.id else [found]
    if name.casefold() == ALL_TEAMS:
        return [other for other in store.teams() if other.id != team.id]
    return None
