"""Teams and their people: create, members, cadence, agenda, and the next meeting.

The next meeting is one stored fact per team (`teams.next_meeting_at`), the wall-clock
time in the team's zone (`teams.timezone`, the machine's zone when the team was made).
It follows the cadence unless the close of a meeting or the facilitator set it, and it
is always after the meeting that set it (DOMAIN.md). Every screen, command and export
reads it through `upcoming` (or a meeting's own `next_meeting_at` once it has ended).

A meeting held within half a cadence period of an occurrence takes that occurrence's
place (`after_meeting`): a Wednesday team that meets on a Tuesday next meets on the
Wednesday of the following week, not the next day.

Commitments due "at the next meeting" (`due:next`, or no due date) carry `due_next`:
their due date follows the team's next meeting whenever it is set (`set_next_meeting`),
until the meeting they are due at starts (carry-over fixes it to that meeting's date).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from campmeeting import rhythm
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import TimeSource, parse_stamp, stamp
from campmeeting.meeting.errors import MeetingError
from campmeeting.records import Person, Team
from campmeeting.store import Store


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
    name = name.strip()
    if not name:
        raise MeetingError("a team needs a name")
    if store.team_by_name(name):
        raise MeetingError(f"a team named {name!r} exists already")
    rule = parse_cadence(cadence) if cadence else None
    now = stamp(source)
    zone = rhythm.local_zone_name()
    with store.transaction():
        team_id = store.insert(
            "teams",
            {
                "name": name,
                "cadence": rule,
                "cadence_start": None,
                "agenda": agenda,
                "created_at": now,
                "timezone": zone,
            },
        )
        team = store.team(team_id)
        if rule:
            _schedule(store, source, team, rule)
    return store.team(team_id)


def parse_cadence(cadence: str) -> str:
    """Words or an RRULE, as a normalised RRULE; MeetingError (one line) otherwise."""
    try:
        return rhythm.parse_cadence(cadence)
    except ValueError as error:
        raise MeetingError(f"cadence {cadence!r}: {error}") from None


def set_cadence(store: Store, source: TimeSource, team: Team, cadence: str) -> Team:
    """`teams schedule`: a new cadence (words or an RRULE) from today on; the next
    meeting follows it (after a live meeting, the one after that meeting)."""
    rule = parse_cadence(cadence)
    with store.transaction():
        _schedule(store, source, store.team(team.id), rule)
    return store.team(team.id)


def _schedule(store: Store, source: TimeSource, team: Team, rule: str) -> None:
    """Set the cadence (from now, on the team's clock; see `cadence_of`) and the next
    meeting by it."""
    store.update(
        "teams",
        team.id,
        {"cadence": rule, "cadence_start": team_now(team, source).isoformat(timespec="minutes")},
    )
    team = store.team(team.id)
    live = store.live_meeting(team.id)
    if live is not None:
        nxt = after_meeting(team, meeting_wall_start(team, live.started_at))
    else:
        nxt = next_meeting_at(team, team_now(team, source))
    set_next_meeting(store, team, nxt)


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


def cadence_of(team: Team) -> rhythm.Cadence | None:
    return rhythm.Cadence.of(team.cadence, team.cadence_start)


def next_meeting_at(team: Team, after: datetime) -> datetime | None:
    """The team's next occurrence by its cadence, strictly after `after` (naive wall
    time in the team's zone)."""
    cadence = cadence_of(team)
    if cadence is None:
        return None
    return rhythm.next_meeting(cadence.rule, cadence.anchor, after)


def team_now(team: Team, source: TimeSource) -> datetime:
    """Now on the wall clock of the team's zone (naive)."""
    return rhythm.wall_time(source.now(), team.timezone)


def to_team_wall(team: Team, local: datetime) -> datetime:
    """A naive time on this machine's clock as a time on the team's clock."""
    return rhythm.between_zones(local, None, team.timezone)


def to_local(team: Team, wall: datetime) -> datetime:
    """A naive time on the team's clock as a time on this machine's clock (for screens)."""
    return rhythm.between_zones(wall, team.timezone, None)


def slot_taken(team: Team, held_at: datetime) -> datetime | None:
    """The cadence occurrence a meeting at `held_at` (team wall time) takes the place of:
    the one within half a period of it (DOMAIN.md; on time, late or early). None without
    a cadence, or for a meeting long before the cadence's first occurrence."""
    cadence = cadence_of(team)
    if cadence is None:
        return None
    rule, start = cadence.rule, cadence.anchor
    later = rhythm.next_meeting(rule, start, held_at)
    earlier = rhythm.previous_meeting(rule, start, held_at)
    if later is None or earlier is not None:
        if earlier is None or later is None:
            return earlier
        return earlier if held_at - earlier <= (later - earlier) / 2 else later
    after_later = rhythm.next_meeting(rule, start, later)
    if after_later is not None and later - held_at > (after_later - later) / 2:
        return None  # before the first occurrence, and not within half a period of it
    return later


def after_meeting(team: Team, held_at: datetime) -> datetime | None:
    """The team's next meeting after one held at `held_at` (team wall time): the meeting
    took the place of the occurrence within half a period of it (DOMAIN.md), so the next
    meeting is the occurrence after that one."""
    cadence = cadence_of(team)
    if cadence is None:
        return None
    slot = slot_taken(team, held_at)
    return rhythm.next_meeting(cadence.rule, cadence.anchor, slot or held_at)


def stored_next(team: Team) -> datetime | None:
    return datetime.fromisoformat(team.next_meeting_at) if team.next_meeting_at else None


def upcoming(store: Store, team: Team, source: TimeSource) -> datetime | None:
    """The team's next meeting (team wall time), as every screen and command shows it.

    During a live meeting: the one after it (set with N, or by the cadence). Otherwise
    the stored next meeting, also once its time has come and it is not held yet (a
    meeting held within half a period of its slot takes the slot's place, DOMAIN.md);
    after that it was missed, and the cadence's next occurrence is shown."""
    team = store.team(team.id)
    live = store.live_meeting(team.id)
    if live is not None:
        if live.next_meeting_at:
            return datetime.fromisoformat(live.next_meeting_at)
        return after_meeting(team, meeting_wall_start(team, live.started_at))
    now = team_now(team, source)
    stored = stored_next(team)
    if stored is not None and now < stored + still_due_for(team, stored):
        return stored
    return next_meeting_at(team, now)


def still_due_for(team: Team, slot: datetime) -> timedelta:
    """How long after its time a meeting not yet held is still the next meeting: half
    the cadence's period there (a day without a cadence)."""
    after = next_meeting_at(team, slot)
    return (after - slot) / 2 if after is not None else timedelta(days=1)


def meeting_wall_start(team: Team, started_at: str) -> datetime:
    """When a meeting started, on the team's clock."""
    return rhythm.wall_time(parse_stamp(started_at), team.timezone)


def set_next_meeting(store: Store, team: Team, when: datetime | None) -> None:
    """Store the team's next meeting and move the commitments due at it; call inside a
    transaction."""
    value = when.isoformat(timespec="minutes") if when else None
    store.update("teams", team.id, {"next_meeting_at": value})
    if when is not None:
        store.db.execute(
            "UPDATE items SET due_date = ? WHERE team_id = ? AND kind = 'commitment' "
            "AND status = 'open' AND due_next = 1",
            [when.date().isoformat(), team.id],
        )


def move_next_meeting(store: Store, source: TimeSource, team: Team, when: datetime) -> Team:
    """`teams next NAME WHEN`: the next meeting moves (team wall time); it must be ahead
    of now and after the team's last meeting."""
    team = store.team(team.id)
    if when <= team_now(team, source):
        raise MeetingError(f"{when:%a %d %b %H:%M} has passed; the next meeting is later")
    last = store.last_meeting(team.id)
    if last is not None and when <= meeting_wall_start(team, last.started_at):
        raise MeetingError("the next meeting is after the last one")
    live = store.live_meeting(team.id)
    with store.transaction():
        if live is not None:
            at = when.isoformat(timespec="minutes")
            store.update("meetings", live.id, {"next_meeting_at": at})
        set_next_meeting(store, team, when)
    return store.team(team.id)
