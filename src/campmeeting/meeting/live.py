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
from datetime import datetime, timedelta
from typing import Any

from campmeeting import rhythm
from campmeeting.agenda import Agenda
from campmeeting.clock import SectionClock, TimeSource, local_now, stamp
from campmeeting.meeting import items, views
from campmeeting.meeting.carry_over import carry_over, undo_start
from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.live_items import LiveItems
from campmeeting.meeting.scorecard import LiveScorecard
from campmeeting.meeting.teams import (
    after_meeting,
    meeting_wall_start,
    set_next_meeting,
    team_now,
)
from campmeeting.model import (
    MeetingStatus,
    SectionKind,
)
from campmeeting.records import Meeting, Person, SectionRun, Team
from campmeeting.store import Store

LOW_RATING = 8  # a rating below this is discussed: the close asks why (optional)


def meeting_agenda(meeting: Meeting) -> dict[str, Any]:
    """The agenda as it was run (a copy is kept with the meeting)."""
    return dict(json.loads(meeting.agenda_json))


class LiveMeeting(LiveItems, LiveScorecard):
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
                # DOMAIN.md: weekly on the first meeting's weekday, at its start time rounded
                # to the nearest half hour (a meeting started at 08:25 is the 08:30 meeting)
                wall = team_now(team, source)
                slot = (wall + timedelta(minutes=15)).replace(second=0, microsecond=0)
                slot = slot.replace(minute=slot.minute - slot.minute % 30)
                store.update(
                    "teams",
                    team.id,
                    {
                        "cadence": rhythm.default_cadence(slot),
                        "cadence_start": min(slot, wall).isoformat(timespec="minutes"),
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
        running = self.clock.running
        (self.clock.pause if running else self.clock.resume)()
        try:
            with self._writing():
                self.store.update("meetings", self.meeting_id, {"paused": int(running)})
        except BaseException:  # not saved (a full disk): the clock goes on as it was saved
            (self.clock.resume if running else self.clock.pause)()
            raise
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

    def issue_rank(self, blocker_id: int) -> int | None:
        """The blocker's place in this team's issues list (the '#N' shown), if open."""
        return views.issue_rank(self.store, self.team.id, blocker_id)

    def item_actions(self, view: views.ItemView) -> list[views.ItemAction]:
        return views.item_actions(
            view, self.section_kind, self.team.id, self._meeting.focus_item_id
        )

    def members(self) -> list[Person]:
        return self.store.members(self.team.id)

    def other_teams(self) -> list[Team]:
        return [t for t in self.store.teams() if t.id != self.team.id]

    def next_meeting(self) -> datetime | None:
        """The meeting after this one (the team's clock): set with N, else by the cadence,
        this meeting standing for the occurrence it is closest to (teams.after_meeting)."""
        meeting = self._meeting
        if meeting.next_meeting_at:
            return datetime.fromisoformat(meeting.next_meeting_at)
        team = self.store.team(self.team.id)
        return after_meeting(team, meeting_wall_start(team, meeting.started_at))

    # -- attendance, close -------------------------------------------------------------

    def attendance(self) -> list[views.AttendanceRow]:
        return views.attendance(self.store, self.meeting_id)

    def set_present(self, person_id: int, present: bool) -> None:
        with self._writing():
            self.store.db.execute(
                "INSERT INTO attendance (meeting_id, person_id, present) VALUES (?, ?, ?) "
                "ON CONFLICT (meeting_id, person_id) DO UPDATE SET present = excluded.present, "
                "rating = CASE WHEN excluded.present THEN rating ELSE NULL END, "
                "reason = CASE WHEN excluded.present THEN reason ELSE NULL END",
                [self.meeting_id, person_id, int(present)],
            )

    def rate(self, person_id: int, rating: int | None) -> bool:
        """A rating 1-10 from an attendee; True when it marked someone absent present (a
        rating means they were there: the screen says so)."""
        self._require_live()
        if rating is not None and not 1 <= rating <= 10:
            raise MeetingError("a rating is a whole number from 1 to 10")
        was_absent = any(
            row.person.id == person_id and not row.present for row in self.attendance()
        )
        with self._writing():
            self.store.db.execute(
                "INSERT INTO attendance (meeting_id, person_id, present, rating) "
                "VALUES (?, ?, 1, ?) ON CONFLICT (meeting_id, person_id) "
                "DO UPDATE SET rating = excluded.rating, present = 1, reason = CASE "
                "WHEN excluded.rating < ? THEN reason END",
                [self.meeting_id, person_id, rating, LOW_RATING],
            )
        return was_absent

    def rating_reason(self, person_id: int, reason: str) -> None:
        """Why a rating is below 8 (EOS: a rating under 8 is discussed), in a few words;
        an empty reason clears it."""
        row = next((r for r in self.attendance() if r.person.id == person_id), None)
        if row is None or row.rating is None or row.rating >= LOW_RATING:
            raise MeetingError("only a rating below 8 asks why")
        with self._writing():
            self.store.db.execute(
                "UPDATE attendance SET reason = ? WHERE meeting_id = ? AND person_id = ?",
                [reason.strip() or None, self.meeting_id, person_id],
            )

    # -- drafts ------------------------------------------------------------------------

    def draft(self, position: int | None = None) -> str:
        """What was being typed in a section's capture box (kept across a crash)."""
        position = self.position if position is None else position
        return str(
            self.store.scalar(
                "select text from drafts where meeting_id = ? and position = ?",
                [self.meeting_id, position],
            )
            or ""
        )

    def save_draft(self, text: str, position: int | None = None) -> None:
        """Keep what is being typed in a section's box; an empty box removes the draft.
        Does not wait for another writer (StoreBusy: the screen saves it on the next try)."""
        self._require_live()
        position = self.position if position is None else position
        with self.store.transaction(wait=False):
            if text:
                self.store.db.execute(
                    "INSERT INTO drafts (meeting_id, position, text, updated_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (meeting_id, position) "
                    "DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    [self.meeting_id, position, text, stamp(self.source)],
                )
            else:
                self.store.db.execute(
                    "DELETE FROM drafts WHERE meeting_id = ? AND position = ?",
                    [self.meeting_id, position],
                )

    def set_next_meeting(self, when: datetime) -> None:
        """N at the close: the next meeting (the team's clock), after this one and ahead of
        now; the team's next meeting and what is due at it follow."""
        team = self.store.team(self.team.id)
        if when <= team_now(team, self.source):
            raise MeetingError(f"{when:%a %d %b %H:%M} has passed; the next meeting is later")
        with self._writing():
            at = when.isoformat(timespec="minutes")
            self.store.update("meetings", self.meeting_id, {"next_meeting_at": at})
            set_next_meeting(self.store, team, when)
        self._reload_meeting()

    def set_next_meeting_text(self, text: str) -> None:
        """The next meeting from what was typed: 'tue 9:00', '2026-12-01 09:00' ..."""
        team = self.store.team(self.team.id)
        try:
            when = rhythm.parse_when(text, team_now(team, self.source))
        except ValueError as error:
            raise MeetingError(str(error)) from None
        self.set_next_meeting(when)

    def end(self, at: str | None = None) -> Meeting:
        """End the meeting: times and reviews closed, the next meeting stored for the team
        (with what is due at it). `at`: when it ended (a stale meeting ends as of its last
        activity); default now."""
        self._require_live()
        now = at or stamp(self.source)
        nxt = self.next_meeting()
        running = self.clock.running
        self.clock.pause()
        try:
            with self.store.transaction():
                self._write_time()
                self.store.update("section_runs", self.current.id, {"ended_at": now})
                items.close_reviews(self.scope)
                items.record_ranks(self.scope)
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
                set_next_meeting(self.store, self.store.team(self.team.id), nxt)
        except BaseException:  # not ended (a full disk): the meeting and its clock go on
            if running:
                self.clock.resume()
            raise
        self._meeting = self._meeting.model_copy(update={"status": MeetingStatus.ENDED})
        self._reload_meeting()
        return self._meeting

    def discard(self) -> None:
        """A meeting started by mistake, with nothing captured, is removed as if it had
        never started (carry_over.undo_start)."""
        self._require_live()
        undo_start(self.store, self.meeting_id)
        self.clock.pause()

    def _require_live(self) -> None:
        if not self._meeting.is_live:
            raise MeetingError("this meeting has ended")


def end_stale_meeting(store: Store, source: TimeSource, meeting: Meeting) -> Meeting:
    """A meeting left live (a closed laptop, a forgotten terminal) ends as of its last
    activity, not now: its time and minutes are what happened."""
    live = LiveMeeting(store, source, meeting.id)
    return live.end(at=meeting.heartbeat_at or meeting.started_at)
