"""The meeting core: teams, the live meeting, items and their lifecycle, carry-over.

Every public write runs in one `store.transaction()` and records an event for each
change of an item, so history, minutes and metrics can be derived from events.
The screen is a view of the database: after any call here, read again.

Time: the current section's seconds are measured by a `SectionClock` and written to
`section_runs.actual_seconds` at every action and every `checkpoint()` (the app calls
it on each one-second tick). Time while campmeeting is not running (quit or killed) is
not counted: a resumed meeting continues from the last value written, which is the
value last shown to within a second.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from campmeeting import rhythm
from campmeeting.agenda import Agenda, load_agenda, resolve_agenda
from campmeeting.capture import parse_capture
from campmeeting.clock import SectionClock, TimeSource, local_now, local_today, stamp
from campmeeting.model import (
    CAPTURE_KIND,
    ITEM_STATES,
    OPEN_STATES,
    ItemKind,
    SectionKind,
)
from campmeeting.records import Item, Meeting, Person, SectionRun, Team
from campmeeting.store import Store


class MeetingError(Exception):
    """An action that is refused; the message says why, in one line. Nothing changed."""


# --------------------------------------------------------------------------- teams


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
    with store.transaction():
        person = store.person_by_handle(handle)
        if person is None:
            display = (name or handle).strip()
            if store.row("select id from people where name = ? collate nocase", [display]):
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


def next_meeting_at(store: Store, team: Team, after: datetime) -> datetime | None:
    """The team's next meeting by its cadence, strictly after `after` (naive local)."""
    if not team.cadence or not team.cadence_start:
        return None
    return rhythm.next_meeting(team.cadence, datetime.fromisoformat(team.cadence_start), after)


def add_between_meetings(
    store: Store, source: TimeSource, team: Team, kind: ItemKind, line: str
) -> Item:
    """`campmeeting add`: an item for the team's next meeting (or its live one)."""
    if kind not in (ItemKind.BLOCKER, ItemKind.HEADLINE, ItemKind.PRIORITY, ItemKind.COMMITMENT):
        raise MeetingError(f"add takes blocker, headline, priority or commitment, not {kind}")
    team = store.team(team.id)  # fresh: the caller's copy may predate its cadence
    members = store.members(team.id)
    nxt = next_meeting_at(store, team, local_now(source))
    parsed = parse_capture(
        line,
        today=local_today(source),
        handles=[p.handle for p in members],
        next_meeting=nxt.date() if nxt else None,
    )
    problems = list(parsed.problems)
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
    with store.transaction():
        item_id = _insert_item(
            store,
            source,
            team_id=team.id,
            kind=kind,
            text=parsed.text,
            owner_id=owner.id if owner else None,
            due=due,
            meeting_id=live.id if live else None,
            source_label="cli",
        )
    return store.item(item_id)


def _insert_item(
    store: Store,
    source: TimeSource,
    *,
    team_id: int,
    kind: ItemKind,
    text: str,
    meeting_id: int | None,
    owner_id: int | None = None,
    due: date | None = None,
    blocker_id: int | None = None,
    target_team_id: int | None = None,
    origin_item_id: int | None = None,
    status: str | None = None,
    source_label: str | None = None,
) -> int:
    """Insert an item and its 'created' event; call inside a transaction."""
    now = stamp(source)
    status = status or ITEM_STATES[kind][0]
    rank = None
    if kind == ItemKind.BLOCKER:
        rank = (
            store.scalar(
                "select max(rank) from items where team_id = ? and kind = 'blocker' "
                "and status = 'open'",
                [team_id],
            )
            or 0
        ) + 1
    item_id = store.insert(
        "items",
        {
            "team_id": team_id,
            "kind": str(kind),
            "text": text,
            "status": status,
            "owner_id": owner_id,
            "due_date": due.isoformat() if due else None,
            "blocker_id": blocker_id,
            "target_team_id": target_team_id,
            "origin_item_id": origin_item_id,
            "created_meeting_id": meeting_id,
            "created_at": now,
            "updated_at": now,
            "rank": rank,
        },
    )
    detail: dict[str, Any] = {"text": text}
    if source_label:
        detail["source"] = source_label
    if owner_id:
        detail["owner_id"] = owner_id
    if due:
        detail["due"] = due.isoformat()
    store.record_event(item_id, "created", now, meeting_id, None, status, **detail)
    if blocker_id:
        store.record_event(item_id, "linked", now, meeting_id, blocker_id=blocker_id)
    return item_id


# --------------------------------------------------------------------------- views


@dataclass
class ItemView:
    """One item as a screen or the minutes show it within a meeting."""

    item: Item
    owner_handle: str | None = None
    owner_name: str | None = None
    carried: bool = False  # raised before this meeting
    brought: bool = False  # added between meetings (`campmeeting add`, a hand-off)
    age_weeks: int = 0
    times_carried: int = 0
    times_rescoped: int = 0
    overdue: bool = False
    from_team: str | None = None
    to_team: str | None = None
    review: str | None = None  # outcome in this meeting's accountability review
    due_in_review: bool = False  # in this meeting's review set
    linked: list[Item] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.item.id


_VIEW_SELECT = """
select i.*, p.handle as owner_handle, p.name as owner_name,
  (select count(*) from events e where e.item_id = i.id and e.type = 'carried'
     and (e.meeting_id is null or e.meeting_id <= :m)) as times_carried,
  (select count(*) from events e where e.item_id = i.id and e.type = 'rescoped') as times_rescoped,
  (select count(*) from events e where e.item_id = i.id and e.type = 'brought'
     and e.meeting_id = :m) as brought,
  ft.name as from_team, tt.name as to_team,
  r.outcome as review, r.id as review_id
from items i
left join people p on p.id = i.owner_id
left join items o on o.id = i.origin_item_id
left join teams ft on ft.id = coalesce(o.team_id,
  case when i.kind = 'message' and i.team_id != :t then i.team_id end)
left join teams tt on tt.id = i.target_team_id
left join reviews r on r.item_id = i.id and r.meeting_id = :m
"""

_ITEM_COLUMNS = set(Item.model_fields)


def _views(store: Store, meeting: Meeting, where: str, params: dict, order: str) -> list[ItemView]:
    rows = store.rows(
        _VIEW_SELECT + " where " + where + " order by " + order,
        {"m": meeting.id, "t": meeting.team_id, **params},
    )
    meeting_date = date.fromisoformat(meeting.date)
    views = []
    for row in rows:
        item = Item.model_validate({k: v for k, v in row.items() if k in _ITEM_COLUMNS})
        created = datetime.fromisoformat(item.created_at).astimezone().date()
        due = date.fromisoformat(item.due_date) if item.due_date else None
        views.append(
            ItemView(
                item=item,
                owner_handle=row["owner_handle"],
                owner_name=row["owner_name"],
                carried=item.created_meeting_id != meeting.id,
                brought=bool(row["brought"]),
                age_weeks=max(0, (meeting_date - created).days // 7),
                times_carried=row["times_carried"],
                times_rescoped=row["times_rescoped"],
                overdue=bool(due and due < meeting_date and item.status == "open"),
                from_team=row["from_team"],
                to_team=row["to_team"],
                review=row["review"],
                due_in_review=row["review_id"] is not None,
            )
        )
    return views


def _open_or_touched(kind: str, states: tuple[str, ...]) -> str:
    """Items of a kind that are open now, or changed in this meeting: two indexed lookups
    joined by UNION (an OR would scan every item of the kind the team ever had)."""
    marks = ", ".join(f"'{state}'" for state in states)
    return (
        f"i.id in (select id from items where team_id = :t and kind = '{kind}' "
        f"and status in ({marks}) union select item_id from events where meeting_id = :m) "
        f"and i.kind = '{kind}' and i.team_id = :t"
    )


def section_items(store: Store, meeting: Meeting, kind: SectionKind | str) -> list[ItemView]:
    """The items a section of this kind shows in this meeting (bounded, indexed queries)."""
    kind = SectionKind(kind)
    if kind == SectionKind.CHECKIN:
        return _views(
            store,
            meeting,
            "i.id in (select id from items where created_meeting_id = :m and kind = 'headline' "
            "union select id from items where target_team_id = :t and kind = 'message' "
            "and status = 'pending' union select e.item_id from events e "
            "join items x on x.id = e.item_id where e.meeting_id = :m and x.kind = 'message' "
            "and x.target_team_id = :t)",
            {},
            "i.kind desc, i.id",
        )
    if kind == SectionKind.ACCOUNTABILITY:
        return _views(
            store,
            meeting,
            "i.id in (select id from items where team_id = :t and kind = 'commitment' "
            "and status = 'open' union select item_id from reviews where meeting_id = :m)",
            {},
            "r.id is null, i.due_date, i.id",
        )
    if kind == SectionKind.PRIORITIES:
        return _views(
            store, meeting, _open_or_touched("priority", ("on_track", "off_track")), {}, "i.id"
        )
    if kind in (SectionKind.BLOCKERS, SectionKind.ACT):
        views = _views(
            store,
            meeting,
            _open_or_touched("blocker", ("open",)),
            {},
            "i.status != 'open', i.rank, i.id",
        )
        if kind == SectionKind.ACT and views:
            linked = linked_items(store, [v.id for v in views])
            for view in views:
                view.linked = linked.get(view.id, [])
        return views
    if kind == SectionKind.DECISIONS:
        where = "i.kind = 'decision' and i.created_meeting_id = :m"
    elif kind == SectionKind.COMMITMENTS:
        where = "i.kind = 'commitment' and i.created_meeting_id = :m"
    elif kind == SectionKind.CASCADE:
        where = "i.kind = 'message' and i.team_id = :t and i.created_meeting_id = :m"
    elif kind == SectionKind.CLOSE:
        where = "i.kind in ('decision', 'commitment') and i.created_meeting_id = :m"
    else:
        where = "i.kind = 'note' and i.created_meeting_id = :m"
    return _views(store, meeting, where, {}, "i.id")


def linked_items(store: Store, blocker_ids: list[int]) -> dict[int, list[Item]]:
    marks = ",".join("?" for _ in blocker_ids)
    found: dict[int, list[Item]] = {}
    for row in store.rows(
        f"select * from items where blocker_id in ({marks}) order by id", blocker_ids
    ):
        item = Item.from_row(row)
        found.setdefault(item.blocker_id or 0, []).append(item)
    return found


@dataclass
class AttendanceRow:
    person: Person
    present: bool
    rating: int | None


@dataclass
class CaptureResult:
    """What a quick capture did: the new item ids, or why nothing was saved."""

    item_ids: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unknown_handles: list[str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return bool(self.item_ids)


# --------------------------------------------------------------------------- live meeting


class LiveMeeting:
    """A team's meeting in progress. Build with `start`, `resume` or `load`."""

    def __init__(self, store: Store, source: TimeSource, meeting_id: int) -> None:
        self.store = store
        self.source = source
        self.meeting_id = meeting_id
        meeting = store.meeting(meeting_id)
        self.team = store.team(meeting.team_id)
        self.sections: list[SectionRun] = store.section_runs(meeting_id)
        # The section this screen's clock is measuring. Kept here, not re-read, so that the
        # clock's seconds are always written to the section they were spent in, even when
        # another terminal moved the meeting meanwhile (`sync` follows it).
        self._position = meeting.current_position
        current = self.sections[self._position]
        self.clock = SectionClock(
            source, current.actual_seconds, running=meeting.is_live and not meeting.paused
        )

    def sync(self) -> bool:
        """Follow changes made by another terminal (section, pause); True when it moved.

        Call when the database changed under us (PRAGMA data_version), before writing time.
        """
        meeting = self.meeting
        if not meeting.is_live:
            self.clock.pause()
            return True
        paused = bool(meeting.paused)
        if meeting.current_position == self._position and paused == (not self.clock.running):
            return False
        self._position = meeting.current_position
        self.sections = self.store.section_runs(self.meeting_id)
        self.clock.restart(self.sections[self._position].actual_seconds, running=not paused)
        return True

    # -- building ----------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        store: Store,
        source: TimeSource,
        team: Team,
        agenda: Agenda,
        agenda_name: str,
        facilitator: Person | None = None,
    ) -> LiveMeeting:
        """Start the team's next meeting at its first section, with carry-over."""
        if store.live_meeting(team.id):
            raise MeetingError(f"{team.name} has a live meeting already; resume it")
        team = store.team(team.id)  # the caller's copy may predate a cadence change
        now = stamp(source)
        started_local = local_now(source)
        with store.transaction():
            if not team.cadence:
                # weekly at the first meeting's weekday and time, to the nearest 5 minutes
                # (a meeting started at 09:02 is the 09:00 meeting)
                slot = (started_local + timedelta(minutes=2, seconds=30)).replace(
                    second=0, microsecond=0
                )
                slot = slot.replace(minute=slot.minute - slot.minute % 5)
                store.update(
                    "teams",
                    team.id,
                    {
                        "cadence": rhythm.default_cadence(slot),
                        "cadence_start": slot.isoformat(timespec="minutes"),
                    },
                )
            meeting_id = store.insert(
                "meetings",
                {
                    "team_id": team.id,
                    "status": "live",
                    "date": started_local.date().isoformat(),
                    "started_at": now,
                    "facilitator_id": facilitator.id if facilitator else None,
                    "agenda_name": agenda_name,
                    "agenda_json": agenda.model_dump_json(),
                    "current_position": 0,
                    "paused": 0,
                    "heartbeat_at": now,
                },
            )
            for position, section in enumerate(agenda.sections):
                store.insert(
                    "section_runs",
                    {
                        "meeting_id": meeting_id,
                        "position": position,
                        "title": section.title,
                        "kind": str(section.kind),
                        "prompt": section.prompt,
                        "planned_seconds": section.minutes * 60,
                        "actual_seconds": 0,
                        "started_at": now if position == 0 else None,
                    },
                )
            for person in store.members(team.id):
                store.insert(
                    "attendance", {"meeting_id": meeting_id, "person_id": person.id, "present": 1}
                )
            _carry_over(store, team.id, meeting_id, started_local.date(), now)
        return cls(store, source, meeting_id)

    @classmethod
    def resume(cls, store: Store, source: TimeSource, team: Team) -> LiveMeeting | None:
        live = store.live_meeting(team.id)
        return cls(store, source, live.id) if live else None

    # -- state -------------------------------------------------------------------------

    @property
    def meeting(self) -> Meeting:
        return self.store.meeting(self.meeting_id)

    @property
    def position(self) -> int:
        return self._position

    @property
    def current(self) -> SectionRun:
        return self.sections[self.position]

    @property
    def paused(self) -> bool:
        return not self.clock.running

    @property
    def agenda_title(self) -> str:
        """The agenda's name as it was run (e.g. "Weekly Camp Meeting")."""
        return meeting_agenda(self.meeting).get("name", self.meeting.agenda_name)

    @property
    def is_last_section(self) -> bool:
        return self.position == len(self.sections) - 1

    def section_elapsed(self) -> float:
        return self.clock.elapsed

    def section_remaining(self) -> float:
        return self.current.planned_seconds - self.clock.elapsed

    def planned_total(self) -> float:
        return sum(s.planned_seconds for s in self.sections)

    def meeting_elapsed(self) -> float:
        position = self.position
        recorded = sum(s.actual_seconds for s in self.sections if s.position != position)
        return recorded + self.clock.elapsed

    def started_local(self) -> datetime:
        return datetime.fromisoformat(self.meeting.started_at).astimezone().replace(tzinfo=None)

    def planned_end(self) -> datetime:
        return self.started_local() + timedelta(seconds=self.planned_total())

    def projected_end(self) -> datetime:
        """Now plus the planned time of what is left, given the overruns so far."""
        position = self.position
        left_here = max(0.0, self.section_remaining())
        later = sum(s.planned_seconds for s in self.sections if s.position > position)
        # sections visited earlier but skipped (no time yet) are not counted as left
        return local_now(self.source) + timedelta(seconds=left_here + later)

    # -- time --------------------------------------------------------------------------

    def checkpoint(self) -> None:
        """Write the current section's time (called on every tick and every action)."""
        self._require_live()
        with self.store.transaction():
            self._write_time()

    def _write_time(self) -> None:
        current = self.current
        elapsed = self.clock.elapsed
        self.store.update("section_runs", current.id, {"actual_seconds": elapsed})
        self.store.update("meetings", self.meeting_id, {"heartbeat_at": stamp(self.source)})
        self.sections[current.position] = current.model_copy(update={"actual_seconds": elapsed})

    def toggle_pause(self) -> bool:
        """Pause or resume the meeting clock; returns True when now paused."""
        self._require_live()
        if self.clock.running:
            self.clock.pause()
        else:
            self.clock.resume()
        with self.store.transaction():
            self._write_time()
            self.store.update("meetings", self.meeting_id, {"paused": int(not self.clock.running)})
        return not self.clock.running

    def go_to(self, position: int) -> None:
        self._require_live()
        if not 0 <= position < len(self.sections):
            raise MeetingError(f"there is no section {position + 1}")
        old = self.current
        if position == old.position:
            return
        now = stamp(self.source)
        with self.store.transaction():
            self._write_time()
            self.store.update("section_runs", old.id, {"ended_at": now})
            if old.kind == SectionKind.ACCOUNTABILITY:
                self._close_reviews(now)
            target = self.sections[position]
            if target.started_at is None:
                self.store.update("section_runs", target.id, {"started_at": now})
            self.store.update("meetings", self.meeting_id, {"current_position": position})
        self._position = position
        self.sections = self.store.section_runs(self.meeting_id)
        self.clock.restart(self.sections[position].actual_seconds, running=self.clock.running)

    def next_section(self) -> bool:
        """Move on; False on the last section (the caller confirms and calls `end`)."""
        if self.is_last_section:
            return False
        self.go_to(self.position + 1)
        return True

    def previous_section(self) -> bool:
        if self.position == 0:
            return False
        self.go_to(self.position - 1)
        return True

    # -- items -------------------------------------------------------------------------

    def items(self, section: SectionRun | None = None) -> list[ItemView]:
        return section_items(self.store, self.meeting, (section or self.current).kind)

    def members(self) -> list[Person]:
        return self.store.members(self.team.id)

    def next_meeting(self) -> datetime | None:
        meeting = self.meeting
        if meeting.next_meeting_at:
            return datetime.fromisoformat(meeting.next_meeting_at)
        # the first cadence date after this meeting's day: a meeting started a few minutes
        # before its slot is that slot's meeting, so the next one is not later today
        day_end = datetime.combine(date.fromisoformat(meeting.date), datetime.max.time())
        after = max(local_now(self.source), day_end)
        return next_meeting_at(self.store, self.store.team(self.team.id), after)

    def capture(self, line: str, kind: ItemKind | None = None) -> CaptureResult:
        """Quick capture in the current section (INTERFACE.md); nothing saved on a problem."""
        self._require_live()
        section_kind = SectionKind(self.current.kind)
        members = self.members()
        nxt = self.next_meeting()
        parsed = parse_capture(
            line,
            today=local_today(self.source),
            handles=[p.handle for p in members],
            next_meeting=nxt.date() if nxt else None,
            # #TEAM names a team only where an item goes to one: a new blocker handed off,
            # a cascaded message. Elsewhere "#1 priority" is just text (in act, hand the
            # worked blocker off with Enter -> Hand off).
            takes_teams=section_kind in (SectionKind.CASCADE, SectionKind.BLOCKERS),
        )
        if kind is None:
            kind = CAPTURE_KIND[section_kind] or ItemKind.NOTE
            if section_kind == SectionKind.ACT and (parsed.owner or parsed.due):
                kind = ItemKind.COMMITMENT
        result = CaptureResult(
            problems=list(parsed.problems), unknown_handles=list(parsed.unknown_handles)
        )
        if parsed.unknown_handles:
            result.problems.append(
                "not in the team: " + ", ".join("@" + h for h in parsed.unknown_handles)
            )
        teams: list[Team] = []
        for name in parsed.teams:
            found = self.store.team_by_name(name)
            if found is None:
                result.problems.append(f"no team named #{name}")
            elif found.id == self.team.id:
                result.problems.append(f"#{name} is this team")
            else:
                teams.append(found)
        if kind == ItemKind.COMMITMENT and not parsed.owner and not result.problems:
            result.problems.append("a commitment needs one owner: add @handle")
        if kind == ItemKind.BLOCKER and len(teams) > 1:
            result.problems.append("a blocker is handed to one team: keep one #TEAM")
        if kind == ItemKind.MESSAGE and not teams and not result.problems:
            result.problems.append("a message needs a team to go to: add #TEAM")
        if result.problems:
            return result
        owner = self.store.person_by_handle(parsed.owner) if parsed.owner else None
        focus = self.meeting.focus_item_id if section_kind == SectionKind.ACT else None
        if kind == ItemKind.COMMITMENT and parsed.due is None:
            due = nxt.date() if nxt else local_today(self.source) + timedelta(days=7)
        else:
            due = parsed.due
        with self.store.transaction():
            self._write_time()
            if kind == ItemKind.MESSAGE:
                for team in teams:
                    result.item_ids.append(self._insert(kind, parsed.text, target_team_id=team.id))
            else:
                item_id = self._insert(
                    kind,
                    parsed.text,
                    owner_id=owner.id if owner else None,
                    due=due if kind == ItemKind.COMMITMENT else parsed.due,
                    blocker_id=focus if kind in (ItemKind.DECISION, ItemKind.COMMITMENT) else None,
                )
                result.item_ids.append(item_id)
                if kind == ItemKind.BLOCKER and teams:
                    self._hand_off(item_id, teams[0])
        return result

    def add_item(self, kind: ItemKind, text: str, **fields: Any) -> int:
        self._require_live()
        with self.store.transaction():
            self._write_time()
            return self._insert(kind, text, **fields)

    def _insert(self, kind: ItemKind, text: str, **fields: Any) -> int:
        return _insert_item(
            self.store,
            self.source,
            team_id=self.team.id,
            kind=kind,
            text=text,
            meeting_id=self.meeting_id,
            **fields,
        )

    def _editable(self, item_id: int) -> Item:
        self._require_live()
        item = self.store.item(item_id)
        if item.kind == ItemKind.DECISION and item.created_meeting_id != self.meeting_id:
            raise MeetingError("a decision of an ended meeting is a record and cannot change")
        return item

    def set_status(self, item_id: int, status: str, reason: str | None = None) -> None:
        item = self._editable(item_id)
        kind = ItemKind(item.kind)
        if status not in ITEM_STATES[kind]:
            raise MeetingError(f"a {kind} can be {', '.join(ITEM_STATES[kind])}; not {status!r}")
        if status == "handed_off":
            raise MeetingError("hand a blocker off with a team to hand it to")
        if status == item.status:
            return
        now = stamp(self.source)
        with self.store.transaction():
            self._write_time()
            self._change_status(item, status, reason, now)
            if kind == ItemKind.COMMITMENT:
                # in this meeting's review set, the new status is its outcome (done,
                # abandoned, open), whichever section the status was changed in
                self._record_review(item_id, status, now)

    def edit(self, item_id: int, text: str | None = None, owner_id: int | None = None) -> None:
        item = self._editable(item_id)
        changes: dict[str, Any] = {}
        if text is not None and text != item.text:
            if not text.strip():
                raise MeetingError("the text is empty")
            changes["text"] = text
        if owner_id is not None and owner_id != item.owner_id:
            changes["owner_id"] = owner_id
        if not changes:
            return
        now = stamp(self.source)
        with self.store.transaction():
            self._write_time()
            self.store.update("items", item_id, {**changes, "updated_at": now})
            self.store.record_event(
                item_id,
                "edited",
                now,
                self.meeting_id,
                old={k: getattr(item, k) for k in changes},
                new=changes,
            )

    def rescope(self, item_id: int, text: str | None = None, due: date | None = None) -> None:
        """A commitment gets new text and/or due date and stays open; history is kept."""
        item = self._editable(item_id)
        if item.kind != ItemKind.COMMITMENT or item.status != "open":
            raise MeetingError("only an open commitment can be re-scoped")
        self._rescope(item, text, due)

    def _rescope(self, item: Item, text: str | None, due: date | None) -> None:
        changes: dict[str, Any] = {}
        if text and text != item.text:
            changes["text"] = text
        if due and due.isoformat() != item.due_date:
            changes["due_date"] = due.isoformat()
        if not changes:
            raise MeetingError("re-scoping needs new text or a new due date")
        now = stamp(self.source)
        with self.store.transaction():
            self._write_time()
            self.store.update("items", item.id, {**changes, "updated_at": now})
            self.store.record_event(
                item.id,
                "rescoped",
                now,
                self.meeting_id,
                old={"text": item.text, "due": item.due_date},
                new=changes,
            )
            self._record_review(item.id, "rescoped", now)

    def review(
        self,
        item_id: int,
        outcome: str,
        *,
        text: str | None = None,
        due: date | None = None,
        reason: str | None = None,
    ) -> None:
        """Accountability: done, rescoped (with text and/or due), abandoned, or open."""
        item = self._editable(item_id)
        if item.kind != ItemKind.COMMITMENT:
            raise MeetingError("only commitments are reviewed")
        if outcome == "rescoped":
            if item.status != "open":
                raise MeetingError("only an open commitment can be re-scoped")
            self._rescope(item, text, due)
            return
        status = {"done": "done", "abandoned": "abandoned", "open": "open"}.get(outcome)
        if status is None:
            raise MeetingError(f"{outcome!r} is not a review outcome")
        now = stamp(self.source)
        with self.store.transaction():
            self._write_time()
            if status != item.status:
                self._change_status(item, status, reason, now)
            self._record_review(item_id, outcome, now)

    def _change_status(self, item: Item, status: str, reason: str | None, now: str) -> None:
        """Set an item's status with its event; call inside a transaction."""
        changes: dict[str, Any] = {"status": status, "updated_at": now}
        if reason:
            changes["reason"] = reason
        self.store.update("items", item.id, changes)
        detail = {"reason": reason} if reason else {}
        self.store.record_event(
            item.id, "status", now, self.meeting_id, item.status, status, **detail
        )
        if status != "open":
            self._unfocus(item.id)

    def _unfocus(self, item_id: int) -> None:
        """A blocker that is closed or handed off is no longer the one being worked."""
        self.store.db.execute(
            "UPDATE meetings SET focus_item_id = NULL WHERE id = ? AND focus_item_id = ?",
            [self.meeting_id, item_id],
        )

    def _record_review(self, item_id: int, outcome: str, now: str) -> None:
        """Set this meeting's review record of a commitment in its review set."""
        cursor = self.store.db.execute(
            "UPDATE reviews SET outcome = ?, at = ? WHERE meeting_id = ? AND item_id = ?",
            [outcome, now, self.meeting_id, item_id],
        )
        if cursor.rowcount:
            self.store.record_event(item_id, "reviewed", now, self.meeting_id, to_status=outcome)

    def _close_reviews(self, now: str) -> None:
        self.store.db.execute(
            "UPDATE reviews SET outcome = 'open', at = ? WHERE meeting_id = ? AND outcome IS NULL",
            [now, self.meeting_id],
        )

    def hand_off(self, blocker_id: int, team_name: str) -> int:
        item = self._editable(blocker_id)
        if item.kind != ItemKind.BLOCKER or item.status != "open":
            raise MeetingError("only an open blocker can be handed off")
        team = self.store.team_by_name(team_name.lstrip("#"))
        if team is None:
            raise MeetingError(f"no team named {team_name!r}")
        if team.id == self.team.id:
            raise MeetingError("hand a blocker to another team")
        with self.store.transaction():
            self._write_time()
            return self._hand_off(blocker_id, team)

    def _hand_off(self, blocker_id: int, team: Team) -> int:
        now = stamp(self.source)
        item = self.store.item(blocker_id)
        target_live = self.store.live_meeting(team.id)
        new_id = _insert_item(
            self.store,
            self.source,
            team_id=team.id,
            kind=ItemKind.BLOCKER,
            text=item.text,
            meeting_id=target_live.id if target_live else None,
            origin_item_id=blocker_id,
            source_label=f"handed off by {self.team.name}",
        )
        self.store.update(
            "items",
            blocker_id,
            {"status": "handed_off", "target_team_id": team.id, "updated_at": now},
        )
        self._unfocus(blocker_id)
        self.store.record_event(
            blocker_id,
            "handed_off",
            now,
            self.meeting_id,
            item.status,
            "handed_off",
            team=team.name,
            new_item_id=new_id,
        )
        return new_id

    def acknowledge(self, message_id: int) -> None:
        self._require_live()
        item = self.store.item(message_id)
        if item.kind != ItemKind.MESSAGE or item.target_team_id != self.team.id:
            raise MeetingError("only a message sent to this team can be acknowledged here")
        if item.status == "acknowledged":
            return
        now = stamp(self.source)
        with self.store.transaction():
            self._write_time()
            self.store.update("items", message_id, {"status": "acknowledged", "updated_at": now})
            self.store.record_event(
                message_id,
                "acknowledged",
                now,
                self.meeting_id,
                "pending",
                "acknowledged",
                team=self.team.name,
            )

    def focus(self, blocker_id: int | None) -> None:
        """In `act`, the blocker being worked; captures link to it."""
        self._require_live()
        with self.store.transaction():
            self._write_time()
            self.store.update("meetings", self.meeting_id, {"focus_item_id": blocker_id})

    def link(self, item_id: int, blocker_id: int | None) -> None:
        item = self._editable(item_id)  # refuses once the meeting has ended
        if item.kind not in (ItemKind.DECISION, ItemKind.COMMITMENT):
            raise MeetingError("only decisions and commitments link to a blocker")
        now = stamp(self.source)
        with self.store.transaction():
            self.store.update("items", item_id, {"blocker_id": blocker_id, "updated_at": now})
            self.store.record_event(item_id, "linked", now, self.meeting_id, blocker_id=blocker_id)

    def move_blocker(self, blocker_id: int, step: int) -> None:
        """Triage: move an open blocker up (step -1) or down (+1) the order."""
        self._require_live()
        order = [
            r["id"]
            for r in self.store.rows(
                "select id from items where team_id = ? and kind = 'blocker' and status = 'open' "
                "order by rank, id",
                [self.team.id],
            )
        ]
        if blocker_id not in order:
            raise MeetingError("only open blockers can be ordered")
        index = order.index(blocker_id)
        target = max(0, min(len(order) - 1, index + step))
        if target == index:
            return
        order.insert(target, order.pop(index))
        with self.store.transaction():
            self._write_time()
            for rank, item_id in enumerate(order, start=1):
                self.store.update("items", item_id, {"rank": rank})

    # -- attendance, close -------------------------------------------------------------

    def attendance(self) -> list[AttendanceRow]:
        rows = self.store.rows(
            "select people.*, present, rating from attendance "
            "join people on people.id = person_id where meeting_id = ? "
            "order by people.name collate nocase",
            [self.meeting_id],
        )
        return [
            AttendanceRow(
                Person.model_validate({k: r[k] for k in ("id", "name", "handle", "created_at")}),
                bool(r["present"]),
                r["rating"],
            )
            for r in rows
        ]

    def set_present(self, person_id: int, present: bool) -> None:
        self._require_live()
        with self.store.transaction():
            self._write_time()
            self.store.db.execute(
                "INSERT INTO attendance (meeting_id, person_id, present) VALUES (?, ?, ?) "
                "ON CONFLICT (meeting_id, person_id) DO UPDATE SET present = excluded.present, "
                "rating = CASE WHEN excluded.present THEN rating ELSE NULL END",
                [self.meeting_id, person_id, int(present)],
            )

    def rate(self, person_id: int, rating: int | None) -> None:
        self._require_live()
        if rating is not None and not 1 <= rating <= 10:
            raise MeetingError("a rating is a whole number from 1 to 10")
        with self.store.transaction():
            self._write_time()
            self.store.db.execute(
                "INSERT INTO attendance (meeting_id, person_id, present, rating) "
                "VALUES (?, ?, 1, ?) ON CONFLICT (meeting_id, person_id) "
                "DO UPDATE SET rating = excluded.rating, present = 1",
                [self.meeting_id, person_id, rating],
            )

    def set_next_meeting(self, when: datetime) -> None:
        self._require_live()
        with self.store.transaction():
            self.store.update(
                "meetings",
                self.meeting_id,
                {"next_meeting_at": when.isoformat(timespec="minutes")},
            )

    def end(self) -> Meeting:
        """End the meeting: times and reviews closed, next meeting date recorded."""
        self._require_live()
        now = stamp(self.source)
        nxt = self.next_meeting()
        self.clock.pause()
        with self.store.transaction():
            self._write_time()
            self.store.update("section_runs", self.current.id, {"ended_at": now})
            self._close_reviews(now)
            self.store.update(
                "meetings",
                self.meeting_id,
                {
                    "status": "ended",
                    "ended_at": now,
                    "paused": 0,
                    "next_meeting_at": nxt.isoformat(timespec="minutes") if nxt else None,
                },
            )
        return self.meeting

    def _require_live(self) -> None:
        if not self.meeting.is_live:
            raise MeetingError("this meeting has ended")


def _carry_over(store: Store, team_id: int, meeting_id: int, meeting_date: date, now: str) -> None:
    """Bring forward everything open into a starting meeting (DOMAIN.md carry-over)."""
    open_items = store.rows(
        "select id, kind, status, created_meeting_id, due_date from items "
        "where team_id = ? and ("
        + " or ".join(
            f"(kind = '{kind}' and status in ({', '.join(repr(s) for s in states)}))"
            for kind, states in OPEN_STATES.items()
            if kind != ItemKind.MESSAGE
        )
        # a headline added between meetings (`campmeeting add`) is brought once
        + " or (kind = 'headline' and created_meeting_id is null)"
        + ") union all select id, kind, status, created_meeting_id, due_date from items "
        "where target_team_id = ? and kind = 'message' and status = 'pending'",
        [team_id, team_id],
    )
    for row in open_items:
        if row["kind"] == ItemKind.MESSAGE:
            store.record_event(row["id"], "delivered", now, meeting_id, to_status="pending")
            continue
        if row["created_meeting_id"] is None:
            store.update("items", row["id"], {"created_meeting_id": meeting_id})
            store.record_event(row["id"], "brought", now, meeting_id, to_status=row["status"])
        else:
            store.record_event(row["id"], "carried", now, meeting_id, to_status=row["status"])
        if (
            row["kind"] == ItemKind.COMMITMENT
            and row["due_date"]
            and row["due_date"] <= meeting_date.isoformat()
        ):
            store.insert("reviews", {"meeting_id": meeting_id, "item_id": row["id"]})


def meeting_agenda(meeting: Meeting) -> dict[str, Any]:
    return json.loads(meeting.agenda_json)
