"""A team's meeting in progress: its sections, the clock, quick capture, attendance,
ratings and the end. Item changes go through `items` in the same transaction as the
clock's time, so every action is one commit, made before the screen shows it.

Time: the current section's seconds are measured by a `SectionClock` and written to
`section_runs.actual_seconds` at every action and every `checkpoint()` (the app calls
it on each one-second tick). Time while campmeeting is not running (quit or killed) is
not counted: a resumed meeting continues from the last value written, which is the
value last shown to within a second.

The meeting's row is kept here, not re-read on every call: `sync()` reads it again
when another connection changed the database (the screen polls PRAGMA data_version).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dateutil import parser as date_parser

from campmeeting import rhythm
from campmeeting.agenda import Agenda
from campmeeting.capture import Problem, ProblemKind, parse_capture
from campmeeting.clock import SectionClock, TimeSource, local_now, local_today, stamp
from campmeeting.meeting import items, views
from campmeeting.meeting.carry_over import carry_over
from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.lines import read_line
from campmeeting.meeting.teams import next_meeting_at
from campmeeting.model import (
    ItemKind,
    MeetingStatus,
    ReviewOutcome,
    SectionKind,
    Status,
)
from campmeeting.records import Item, Meeting, Person, SectionRun, Team
from campmeeting.store import Store


@dataclass
class CaptureResult:
    """What a quick capture did: the new item ids, or why nothing was saved."""

    item_ids: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown_handles: list[str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return bool(self.item_ids)

    @property
    def only_unknown_handles(self) -> bool:
        """Nothing wrong but handles that are not members yet: the screen may offer to
        add them and capture the line again."""
        return bool(self.problems) and all(
            p.kind == ProblemKind.UNKNOWN_HANDLE for p in self.problems
        )

    @property
    def message(self) -> str:
        return "; ".join(p.message for p in self.problems)


def meeting_agenda(meeting: Meeting) -> dict[str, Any]:
    """The agenda as it was run (a copy is kept with the meeting)."""
    return dict(json.loads(meeting.agenda_json))


class LiveMeeting:
    """A team's meeting in progress. Build with `start`, `resume` or `LiveMeeting(...)`."""

    def __init__(self, store: Store, source: TimeSource, meeting_id: int) -> None:
        self.store = store
        self.source = source
        self.meeting_id = meeting_id
        self._meeting = store.meeting(meeting_id)
        self.team = store.team(self._meeting.team_id)
        self.sections: list[SectionRun] = store.section_runs(meeting_id)
        # The section this screen's clock is measuring. Kept here, not re-read, so that the
        # clock's seconds are always written to the section they were spent in, even when
        # another terminal moved the meeting meanwhile (`sync` follows it).
        self._position = self._meeting.current_position
        current = self.sections[self._position]
        self.clock = SectionClock(
            source,
            current.actual_seconds,
            running=self._meeting.is_live and not self._meeting.paused,
        )
        self.scope = items.Scope(store, source, self.team, meeting_id)

    def sync(self) -> bool:
        """Follow changes made by another terminal (section, pause, end); True when the
        meeting moved. Call when the database changed under us (PRAGMA data_version)."""
        self._meeting = meeting = self.store.meeting(self.meeting_id)
        self.team = self.store.team(meeting.team_id)
        self.scope = items.Scope(self.store, self.source, self.team, self.meeting_id)
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
                    "status": MeetingStatus.LIVE,
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
            carry_over(store, team.id, meeting_id, started_local.date(), now)
        return cls(store, source, meeting_id)

    @classmethod
    def resume(cls, store: Store, source: TimeSource, team: Team) -> LiveMeeting | None:
        live = store.live_meeting(team.id)
        return cls(store, source, live.id) if live else None

    # -- state -------------------------------------------------------------------------

    @property
    def meeting(self) -> Meeting:
        """The meeting's row as this meeting last wrote or synced it."""
        return self._meeting

    def _reload_meeting(self) -> None:
        self._meeting = self.store.meeting(self.meeting_id)

    @property
    def position(self) -> int:
        return self._position

    @property
    def current(self) -> SectionRun:
        return self.sections[self.position]

    @property
    def section_kind(self) -> SectionKind:
        return SectionKind(self.current.kind)

    @property
    def paused(self) -> bool:
        return not self.clock.running

    @property
    def agenda_title(self) -> str:
        """The agenda's name as it was run (e.g. "Weekly Camp Meeting")."""
        return str(meeting_agenda(self._meeting).get("name", self._meeting.agenda_name))

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
        return datetime.fromisoformat(self._meeting.started_at).astimezone().replace(tzinfo=None)

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

    def checkpoint(self, wait: bool = True) -> None:
        """Write the current section's time (on every tick; every action writes it too).
        With `wait=False`, raises `StoreBusy` at once when another connection is writing.
        Not flushed to the disk (`durable=False`): safe when killed, and the next action's
        commit flushes it; a tick is cheap."""
        with self._writing(wait, durable=False):
            pass

    @contextmanager
    def _writing(self, wait: bool = True, durable: bool = True) -> Iterator[None]:
        """One commit: the clock's time and the change made in the block."""
        self._require_live()
        with self.store.transaction(wait, durable):
            # inside the write lock: another terminal may have ended it since we looked
            if self.store.scalar("select status from meetings where id = ?", [self.meeting_id]) != (
                MeetingStatus.LIVE
            ):
                raise MeetingError("this meeting has ended")
            self._write_time()
            yield

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
        with self._writing():
            self.store.update("meetings", self.meeting_id, {"paused": int(not self.clock.running)})
        self._reload_meeting()
        return not self.clock.running

    def go_to(self, position: int) -> None:
        self._require_live()
        if not 0 <= position < len(self.sections):
            raise MeetingError(f"there is no section {position + 1}")
        old = self.current
        if position == old.position:
            return
        now = stamp(self.source)
        with self._writing():
            self.store.update("section_runs", old.id, {"ended_at": now})
            if old.kind == SectionKind.ACCOUNTABILITY:
                items.close_reviews(self.scope)
            target = self.sections[position]
            if target.started_at is None:
                self.store.update("section_runs", target.id, {"started_at": now})
            self.store.update("meetings", self.meeting_id, {"current_position": position})
        self._position = position
        self._reload_meeting()
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

    # -- reading -----------------------------------------------------------------------

    def items(self, section: SectionRun | None = None) -> list[views.ItemView]:
        return views.section_items(self.store, self._meeting, (section or self.current).kind)

    def item_actions(self, view: views.ItemView) -> list[views.ItemAction]:
        return views.item_actions(
            view, self.section_kind, self.team.id, self._meeting.focus_item_id
        )

    def members(self) -> list[Person]:
        return self.store.members(self.team.id)

    def other_teams(self) -> list[Team]:
        return [t for t in self.store.teams() if t.id != self.team.id]

    def next_meeting(self) -> datetime | None:
        meeting = self._meeting
        if meeting.next_meeting_at:
            return datetime.fromisoformat(meeting.next_meeting_at)
        # the first cadence date after this meeting's day: a meeting started a few minutes
        # before its slot is that slot's meeting, so the next one is not later today
        day_end = datetime.combine(date.fromisoformat(meeting.date), datetime.max.time())
        after = max(local_now(self.source), day_end)
        return next_meeting_at(self.store.team(self.team.id), after)

    # -- capture -----------------------------------------------------------------------

    def capture(self, line: str, kind: ItemKind | None = None) -> CaptureResult:
        """Quick capture in the current section (INTERFACE.md); nothing saved on a problem."""
        self._require_live()
        section_kind = self.section_kind
        nxt = self.next_meeting()
        read = read_line(
            self.store,
            self.team,
            line,
            section_kind,
            today=local_today(self.source),
            next_meeting=nxt.date() if nxt else None,
            kind=kind,
        )
        result = CaptureResult(problems=read.problems, unknown_handles=read.unknown_handles)
        if read.problems:
            return result
        focus = self._meeting.focus_item_id if section_kind == SectionKind.ACT else None
        with self._writing():
            if read.kind == ItemKind.MESSAGE:
                for team in read.teams:
                    result.item_ids.append(
                        items.insert_item(self.scope, read.kind, read.text, target_team_id=team.id)
                    )
            else:
                linked = read.kind in (ItemKind.DECISION, ItemKind.COMMITMENT)
                item_id = items.insert_item(
                    self.scope,
                    read.kind,
                    read.text,
                    owner_id=read.owner.id if read.owner else None,
                    due=read.due,
                    blocker_id=focus if linked else None,
                )
                result.item_ids.append(item_id)
                if read.kind == ItemKind.BLOCKER and read.teams:
                    items.hand_off(self.scope, self.store.item(item_id), read.teams[0])
        return result

    def add_item(self, kind: ItemKind, text: str, **fields: Any) -> int:
        with self._writing():
            return items.insert_item(self.scope, kind, text, **fields)

    # -- items -------------------------------------------------------------------------

    def _editable(self, item_id: int) -> Item:
        self._require_live()
        item = self.store.item(item_id)
        if item.kind == ItemKind.DECISION and item.created_meeting_id != self.meeting_id:
            raise MeetingError("a decision of an ended meeting is a record and cannot change")
        return item

    def set_status(self, item_id: int, status: str, reason: str | None = None) -> None:
        item = self._editable(item_id)
        items.check_status(item, status)
        if status == item.status:
            return
        with self._writing():
            items.change_status(self.scope, item, status, reason)
            if item.kind == ItemKind.COMMITMENT:
                # in this meeting's review set, the new status is its outcome (done,
                # abandoned, open), whichever section the status was changed in
                items.record_review(self.scope, item_id, status)
        self._reload_meeting()

    def edit(self, item_id: int, text: str | None = None, owner_id: int | None = None) -> None:
        item = self._editable(item_id)
        with self._writing():
            items.edit(self.scope, item, text=text, owner_id=owner_id)

    def rescope(self, item_id: int, text: str | None = None, due: date | None = None) -> None:
        """A commitment gets new text and/or due date and stays open; history is kept."""
        item = self._editable(item_id)
        with self._writing():
            items.rescope(self.scope, item, text, due)

    def rescope_line(self, item_id: int, line: str, review: bool) -> None:
        """Re-scope from one typed line: new text and/or due:WHEN (and @owner); a line
        with only a due date keeps the text."""
        nxt = self.next_meeting()
        parsed = parse_capture(
            line,
            today=local_today(self.source),
            handles=[p.handle for p in self.members()],
            next_meeting=nxt.date() if nxt else None,
        )
        problems = [p.message for p in parsed.problems if p.kind != ProblemKind.EMPTY]
        if parsed.unknown_handles:
            problems.append(
                "not in the team: " + ", ".join("@" + h for h in parsed.unknown_handles)
            )
        if problems:
            raise MeetingError("; ".join(problems))
        item = self._editable(item_id)
        text = parsed.text if parsed.text and parsed.text != item.text else None
        owner = self.store.person_by_handle(parsed.owner) if parsed.owner else None
        if owner is not None and owner.id != item.owner_id:
            self.edit(item_id, owner_id=owner.id)
        if review:
            self.review(item_id, ReviewOutcome.RESCOPED, text=text, due=parsed.due)
        else:
            self.rescope(item_id, text=text, due=parsed.due)

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
        if outcome == ReviewOutcome.RESCOPED:
            self.rescope(item_id, text, due)
            return
        if outcome not in tuple(ReviewOutcome):
            raise MeetingError(f"{outcome!r} is not a review outcome")
        status = Status(outcome)  # done, abandoned, open: the same words
        with self._writing():
            if status != item.status:
                items.change_status(self.scope, item, status, reason)
            items.record_review(self.scope, item_id, outcome)

    def hand_off(self, blocker_id: int, team_name: str) -> int:
        item = self._editable(blocker_id)
        team = self.store.team_by_name(team_name.lstrip("#"))
        if team is None:
            raise MeetingError(f"no team named {team_name!r}")
        with self._writing():
            new_id = items.hand_off(self.scope, item, team)
        self._reload_meeting()
        return new_id

    def acknowledge(self, message_id: int) -> None:
        self._require_live()
        item = self.store.item(message_id)
        with self._writing():
            items.acknowledge(self.scope, item)

    def focus(self, blocker_id: int | None) -> None:
        """In `act`, the blocker being worked; captures link to it."""
        with self._writing():
            self.store.update("meetings", self.meeting_id, {"focus_item_id": blocker_id})
        self._reload_meeting()

    def link(self, item_id: int, blocker_id: int | None) -> None:
        item = self._editable(item_id)  # refuses once the meeting has ended
        with self._writing():
            items.link(self.scope, item, blocker_id)

    def move_blocker(self, blocker_id: int, step: int) -> None:
        """Triage: move an open blocker up (step -1) or down (+1) the order."""
        self._require_live()
        if blocker_id not in items.open_blocker_order(self.store, self.team.id):
            raise MeetingError("only open blockers can be ordered")
        with self._writing():
            items.move_blocker(self.scope, blocker_id, step)

    # -- attendance, close -------------------------------------------------------------

    def attendance(self) -> list[views.AttendanceRow]:
        return views.attendance(self.store, self.meeting_id)

    def set_present(self, person_id: int, present: bool) -> None:
        with self._writing():
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
        with self._writing():
            self.store.db.execute(
                "INSERT INTO attendance (meeting_id, person_id, present, rating) "
                "VALUES (?, ?, 1, ?) ON CONFLICT (meeting_id, person_id) "
                "DO UPDATE SET rating = excluded.rating, present = 1",
                [self.meeting_id, person_id, rating],
            )

    def set_next_meeting(self, when: datetime) -> None:
        if when <= local_now(self.source):
            raise MeetingError(f"{when:%a %d %b %H:%M} has passed; the next meeting is later")
        with self._writing():
            self.store.update(
                "meetings",
                self.meeting_id,
                {"next_meeting_at": when.isoformat(timespec="minutes")},
            )
        self._reload_meeting()

    def set_next_meeting_text(self, text: str) -> None:
        """The next meeting from what was typed: a date and a time ('2026-12-01 09:00')."""
        try:
            when = date_parser.parse(text)
        except (ValueError, OverflowError):
            raise MeetingError(f"{text!r} is not a date and time") from None
        self.set_next_meeting(when.replace(tzinfo=None))

    def end(self) -> Meeting:
        """End the meeting: times and reviews closed, next meeting date recorded."""
        self._require_live()
        now = stamp(self.source)
        nxt = self.next_meeting()
        self.clock.pause()
        with self.store.transaction():
            self._write_time()
            self.store.update("section_runs", self.current.id, {"ended_at": now})
            items.close_reviews(self.scope)
            self.store.update(
                "meetings",
                self.meeting_id,
                {
                    "status": MeetingStatus.ENDED,
                    "ended_at": now,
                    "paused": 0,
                    "next_meeting_at": nxt.isoformat(timespec="minutes") if nxt else None,
                },
            )
        self._reload_meeting()
        return self._meeting

    def _require_live(self) -> None:
        if not self._meeting.is_live:
            raise MeetingError("this meeting has ended")
