"""Measurables and their weekly values in the database: add, record, archive.

Every write opens `store.transaction()` (a savepoint inside a live meeting's own
transaction) and records a measurable event: created, a week's value set or changed
(old and new value, who, in which meeting), archived, restored, dropped down. A value
typed again unchanged writes nothing. A measurable is archived, never deleted: its
history stays.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from campmeeting.clock import TimeSource, stamp
from campmeeting.model import MeasurableEventType
from campmeeting.records import Measurable, Person, Team
from campmeeting.scorecard.goal import parse_goal
from campmeeting.scorecard.values import BadValue, format_value, parse_value
from campmeeting.store import Store, placeholders
from campmeeting.text import visible

__all__ = [
    "ScorecardError",
    "Recorded",
    "add_measurable",
    "archive_measurable",
    "check_title",
    "check_unit",
    "find_measurable",
    "get_measurable",
    "measurable_titles",
    "measurables",
    "note_drop_down",
    "open_drop_downs",
    "record_value",
]

TITLE_LIMIT = 120
UNIT_LIMIT = 12


class ScorecardError(ValueError):
    """A scorecard change that cannot be made; the message is one line for the user."""


def _quoted(text: str) -> str:
    return repr(visible(text))


def measurables(store: Store, team_id: int, archived: bool = False) -> list[Measurable]:
    """The team's measurables in display order (the archived ones too with `archived`)."""
    sql = "select * from measurables where team_id = ?"
    if not archived:
        sql += " and archived_at is null"
    return [Measurable.from_row(r) for r in store.rows(sql + " order by position, id", [team_id])]


def get_measurable(store: Store, measurable_id: int) -> Measurable:
    found = store.row("select * from measurables where id = ?", [measurable_id])
    if found is None:
        raise ScorecardError(f"no measurable with id {measurable_id}")
    return Measurable.from_row(found)


def find_measurable(store: Store, team_id: int, title: str) -> Measurable | None:
    """The team's measurable of this title, in any case (archived ones included)."""
    key = title.strip().casefold()
    return next(
        (m for m in measurables(store, team_id, archived=True) if m.title.casefold() == key),
        None,
    )


def measurable_titles(store: Store, team_id: int) -> str:
    """'Revenue, Churn' (for an error line), or 'none yet'."""
    titles = [visible(m.title) for m in measurables(store, team_id)]
    return ", ".join(titles) or "none yet"


def check_title(title: str) -> str:
    """The title as stored: as typed, blanks around it trimmed; not empty."""
    title = title.strip()
    if not title:
        raise ScorecardError("a measurable needs a title")
    if len(title) > TITLE_LIMIT:
        raise ScorecardError(f"a measurable's title is {TITLE_LIMIT} characters at most")
    return title


def check_unit(unit: str | None) -> str | None:
    """A unit is short and one word: $, %, h, days, tickets ..."""
    if unit is None or not unit.strip():
        return None
    unit = unit.strip()
    if len(unit) > UNIT_LIMIT or any(c.isspace() or not c.isprintable() for c in unit):
        raise ScorecardError(f"unit {_quoted(unit)}: one short word or symbol ($, %, h, days)")
    if unit[0] in "@#+-." or unit[0].isdigit():
        raise ScorecardError(f"unit {_quoted(unit)}: a unit starts with a letter or symbol")
    return unit


def _event(
    store: Store,
    measurable_id: int,
    kind: MeasurableEventType,
    at: str,
    meeting_id: int | None = None,
    week: str | None = None,
    old_value: float | None = None,
    new_value: float | None = None,
    person_id: int | None = None,
    **detail: Any,
) -> int:
    return store.insert(
        "measurable_events",
        {
            "measurable_id": measurable_id,
            "meeting_id": meeting_id,
            "at": at,
            "type": str(kind),
            "week": week,
            "old_value": old_value,
            "new_value": new_value,
            "person_id": person_id,
            "detail": json.dumps(detail, ensure_ascii=False) if detail else None,
        },
    )


def _owner(store: Store, team: Team, handle: str | None) -> Person | None:
    if handle is None or not handle.strip():
        return None
    person = store.person_by_handle(handle.strip().lstrip("@"))
    if person is None or person.id not in {p.id for p in store.members(team.id)}:
        raise ScorecardError(
            f"owner {_quoted(handle.strip())}: not a member of {visible(team.name)} "
            f"(add with: campmeeting teams members {team.name!r} @handle)"
        )
    return person


def add_measurable(
    store: Store,
    source: TimeSource,
    team: Team,
    title: str,
    goal: str,
    owner: str | None = None,
    unit: str | None = None,
    meeting_id: int | None = None,
) -> Measurable:
    """A new measurable of the team, at the bottom of its scorecard. `goal` as typed
    (goal.py); `owner` an @handle of a member; without `unit`, the goal's own (`>= $1k`)."""
    title = check_title(title)
    unit = check_unit(unit)
    try:
        parsed, unit = parse_goal(goal, unit)
    except BadValue as error:
        raise ScorecardError(str(error)) from None
    person = _owner(store, team, owner)
    existing = find_measurable(store, team.id, title)
    if existing is not None:
        state = " (archived: campmeeting scorecard archive --restore)" if existing.archived else ""
        raise ScorecardError(
            f"{visible(team.name)} has a measurable {_quoted(existing.title)} already{state}"
        )
    now = stamp(source)
    with store.transaction():
        position = (
            store.scalar("select max(position) from measurables where team_id = ?", [team.id]) or 0
        ) + 1
        measurable_id = store.insert(
            "measurables",
            {
                "team_id": team.id,
                "title": title,
                "owner_id": person.id if person else None,
                "unit": unit,
                "goal": parsed.text,
                "goal_op": str(parsed.op),
                "goal_low": parsed.low,
                "goal_high": parsed.high,
                "position": position,
                "archived_at": None,
                "created_at": now,
            },
        )
        _event(
            store,
            measurable_id,
            MeasurableEventType.CREATED,
            now,
            meeting_id,
            title=title,
            goal=parsed.text,
            unit=unit,
        )
    return get_measurable(store, measurable_id)


@dataclass(frozen=True)
class Recorded:
    """What recording a value did: the week, the value before (None: none) and now."""

    measurable: Measurable
    week: str
    old: float | None
    new: float

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def label(self) -> str:
        return format_value(self.new, self.measurable.unit)


def record_value(
    store: Store,
    source: TimeSource,
    measurable: Measurable,
    value: str | float,
    week: str,
    person_id: int | None = None,
    meeting_id: int | None = None,
    origin: str = "cli",
) -> Recorded:
    """The measurable's value for an ISO week, as typed (values.py) or as a number; an
    event when it is set or changed; nothing written when it is the same."""
    if measurable.archived:
        raise ScorecardError(
            f"{_quoted(measurable.title)} is archived: its history stays, no new values"
        )
    if isinstance(value, str):
        try:
            number = parse_value(value, measurable.unit)
        except BadValue as error:
            raise ScorecardError(f"{visible(measurable.title)}: {error}") from None
    else:
        number = float(value)
    old = store.scalar(
        "select value from measurable_values where measurable_id = ? and week = ?",
        [measurable.id, week],
    )
    done = Recorded(measurable, week, None if old is None else float(old), number)
    if not done.changed:
        return done
    now = stamp(source)
    with store.transaction():
        store.db.execute(
            "INSERT INTO measurable_values "
            "(measurable_id, week, value, recorded_at, recorded_by, meeting_id) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (measurable_id, week) DO UPDATE SET "
            "value = excluded.value, recorded_at = excluded.recorded_at, "
            "recorded_by = excluded.recorded_by, meeting_id = excluded.meeting_id",
            [measurable.id, week, number, now, person_id, meeting_id],
        )
        _event(
            store,
            measurable.id,
            MeasurableEventType.VALUE,
            now,
            meeting_id,
            week=week,
            old_value=done.old,
            new_value=number,
            person_id=person_id,
            origin=origin,
        )
    return done


def archive_measurable(
    store: Store,
    source: TimeSource,
    measurable: Measurable,
    restore: bool = False,
    meeting_id: int | None = None,
) -> Measurable:
    """Archive (or restore) a measurable: it leaves (or rejoins) the scorecard; its
    values and events stay."""
    if measurable.archived != restore:
        state = "archived already" if measurable.archived else "not archived"
        raise ScorecardError(f"{_quoted(measurable.title)} is {state}")
    now = stamp(source)
    kind = MeasurableEventType.RESTORED if restore else MeasurableEventType.ARCHIVED
    with store.transaction():
        store.update("measurables", measurable.id, {"archived_at": None if restore else now})
        _event(store, measurable.id, kind, now, meeting_id)
    return get_measurable(store, measurable.id)


def note_drop_down(
    store: Store,
    source: TimeSource,
    measurable: Measurable,
    item_id: int,
    week: str,
    meeting_id: int | None,
) -> None:
    """The measurable's event for a blocker dropped down from it (inside the caller's
    transaction, which creates the blocker)."""
    _event(
        store,
        measurable.id,
        MeasurableEventType.DROPPED_DOWN,
        stamp(source),
        meeting_id,
        week=week,
        item_id=item_id,
    )


def open_drop_downs(store: Store, measurable_ids: list[int]) -> dict[int, int]:
    """Measurable id -> its newest open blocker dropped down from it."""
    if not measurable_ids:
        return {}
    marks = placeholders(measurable_ids)
    return {
        row["source_measurable_id"]: row["id"]
        for row in store.rows(
            f"select id, source_measurable_id from items where source_measurable_id in ({marks}) "
            "and kind = 'blocker' and status = 'open' order by id",
            measurable_ids,
        )
    }
