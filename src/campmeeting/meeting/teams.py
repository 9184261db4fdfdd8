"""Teams and their people: create, members, cadence, agenda, the next meeting's date."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from campmeeting import rhythm
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import TimeSource, local_now, stamp
from campmeeting.meeting.errors import MeetingError
from campmeeting.records import Person, Team
from campmeeting.store import Store
from campmeeting.text import visible

# Bidi embeddings, overrides and isolates reorder what follows them on screen.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_name(what: str, name: str) -> str:
    """A team or person name is one line of text shown as typed: no control characters
    (CR, LF, escape, C1 ...), line or paragraph separators, or bidi overrides."""
    for char in name:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS:
            raise MeetingError(
                f"{what} {visible(name)!r} has a control character (U+{ord(char):04X}): "
                "a name is one line of text"
            )
    return name


def clean_handle(handle: str) -> str:
    handle = handle.strip().lstrip("@")
    if not handle or not all(c.isalnum() or c in "-_." for c in handle):
        raise MeetingError(f"@{handle} is not a handle: use letters, digits, - _ or .")
    return handle


def create_team(
    store: Store,
    source: TimeSource,
    name: str,
    cadence: str | None = None,
    agenda: str = "camp",
) -> Team:
    name = check_name("team name", name).strip()
    if not name:
        raise MeetingError("a team needs a name")
    if store.team_by_name(name):
        raise MeetingError(f"a team named {name!r} exists already")
    rule = rhythm.validate_cadence(cadence) if cadence else None
    now = stamp(source)
    with store.transaction():
        team_id = store.insert(
            "teams",
            {
                "name": name,
                "cadence": rule,
                # midnight today: a rule without BYMINUTE means :00, not the minute of creation
                "cadence_start": local_now(source)
                .replace(hour=0, minute=0, second=0, microsecond=0)
                .isoformat(timespec="minutes")
                if rule
                else None,
                "agenda": agenda,
                "created_at": now,
            },
        )
    return store.team(team_id)


def set_cadence(store: Store, team: Team, cadence: str, start: datetime) -> Team:
    rule = rhythm.validate_cadence(cadence)
    with store.transaction():
        store.update(
            "teams",
            team.id,
            {"cadence": rule, "cadence_start": start.isoformat(timespec="minutes")},
        )
    return store.team(team.id)


def set_team_agenda(store: Store, team: Team, agenda_name: str) -> Team:
    """The agenda the team's next meetings run; refused when it does not load."""
    load_agenda(resolve_agenda(agenda_name))
    with store.transaction():
        store.update("teams", team.id, {"agenda": agenda_name})
    return store.team(team.id)


def add_member(
    store: Store, source: TimeSource, team: Team, handle: str, name: str | None = None
) -> Person:
    """Add a person (created when new, found by handle otherwise) to a team."""
    handle = clean_handle(handle)
    if name is not None:
        check_name("person name", name)
    with store.transaction():
        person = store.person_by_handle(handle)
        if person is None:
            display = (name or handle).strip()
            if store.person_by_name(display):
                display = f"{display} (@{handle})"
            person_id = store.insert(
                "people", {"name": display, "handle": handle, "created_at": stamp(source)}
            )
        else:
            person_id = person.id
        store.db.execute(
            "INSERT OR IGNORE INTO memberships (team_id, person_id) VALUES (?, ?)",
            [team.id, person_id],
        )
        live = store.live_meeting(team.id)
        if live:
            store.db.execute(
                "INSERT OR IGNORE INTO attendance (meeting_id, person_id, present) "
                "VALUES (?, ?, 1)",
                [live.id, person_id],
            )
    return store.person(person_id)


def remove_member(store: Store, team: Team, handle: str) -> None:
    person = store.person_by_handle(handle)
    if person is None:
        raise MeetingError(f"no one has the handle @{handle.lstrip('@')}")
    with store.transaction():
        store.db.execute(
            "DELETE FROM memberships WHERE team_id = ? AND person_id = ?", [team.id, person.id]
        )


def next_meeting_at(team: Team, after: datetime) -> datetime | None:
    """The team's next meeting by its cadence, strictly after `after` (naive local)."""
    if not team.cadence or not team.cadence_start:
        return None
    return rhythm.next_meeting(team.cadence, datetime.fromisoformat(team.cadence_start), after)
