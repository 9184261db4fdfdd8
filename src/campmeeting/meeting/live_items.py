"""What the live meeting does to items: quick capture, status, edits, re-scopes, the
accountability review, hand-offs, acknowledgements, the blocker being worked, the order.

`LiveItems` is a part of `LiveMeeting` (live.py): each method checks the meeting is live,
and writes through `_writing()`, so the clock's time and the change are one commit.
"""

from __future__ import annotations

from abc import abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from campmeeting.agenda import Agenda
from campmeeting.capture import Problem, ProblemKind, parse_capture
from campmeeting.clock import TimeSource, local_today
from campmeeting.meeting import items
from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.lines import Line, read_line
from campmeeting.meeting.reports import Report, pending_reports
from campmeeting.model import ItemKind, ReviewOutcome, SectionKind, Status
from campmeeting.records import Item, Meeting, Person, Team
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


class LiveItems:
    """The item half of a live meeting (see the module docstring)."""

    store: Store
    source: TimeSource
    team: Team
    meeting_id: int
    scope: items.Scope
    _meeting: Meeting

    @property
    @abstractmethod
    def section_kind(self) -> SectionKind: ...

    @abstractmethod
    def _writing(self, wait: bool = True) -> AbstractContextManager[None]: ...

    @abstractmethod
    def _require_live(self) -> None: ...

    @abstractmethod
    def _reload_meeting(self) -> None: ...

    @abstractmethod
    def next_meeting(self) -> datetime | None: ...

    @abstractmethod
    def members(self) -> list[Person]: ...

    # -- capture -----------------------------------------------------------------------

    def capture(self, line: str, kind: ItemKind | None = None) -> CaptureResult:
        """Quick capture in the current section (INTERFACE.md); nothing saved on a problem."""
        self._require_live()
        section_kind = self.section_kind
        nxt = self.next_meeting()
        focus = self._meeting.focus_item_id if section_kind == SectionKind.ACT else None
        read = read_line(
            self.store,
            self.team,
            line,
            section_kind,
            today=local_today(self.source),
            next_meeting=nxt.date() if nxt else None,
            kind=kind,
            working=focus is not None,
            commitment_days=self.commitment_days,
        )
        result = CaptureResult(problems=read.problems, unknown_handles=read.unknown_handles)
        if read.problems:
            return result
        with self._writing():
            if read.kind == ItemKind.MESSAGE:
                for team in read.teams:
                    result.item_ids.append(
                        items.insert_item(
                            self.scope,
                            read.kind,
                            read.text,
                            owner_id=read.owner.id if read.owner else None,  # who sends it
                            target_team_id=team.id,
                        )
                    )
            else:
                linked = read.kind in (ItemKind.DECISION, ItemKind.COMMITMENT)
                item_id = items.insert_item(
                    self.scope,
                    read.kind,
                    read.text,
                    owner_id=read.owner.id if read.owner else None,
                    due=read.due,
                    due_next=read.due_next,
                    blocker_id=focus if linked else None,
                )
                result.item_ids.append(item_id)
                if read.kind == ItemKind.BLOCKER and read.teams:
                    items.hand_off(self.scope, self.store.item(item_id), read.teams[0])
        return result

    @property
    def commitment_days(self) -> int | None:
        """The agenda's default due of a commitment, in days (None: the next meeting)."""
        return Agenda.model_validate_json(self._meeting.agenda_json).commitment_due_days()

    def drop_down(self, item_id: int, line: str) -> int:
        """An issue (open blocker) raised from the item, linked to it: `line` is the
        blocker as typed (its text, @owner)."""
        self._require_live()
        source = self.store.item(item_id)
        read = self._issue_line(line)
        with self._writing():
            return items.drop_down(
                self.scope, source, read.text, owner_id=read.owner.id if read.owner else None
            )

    def add_issue(self, line: str) -> int:
        """A new issue (open blocker), read as act reads a line while none is worked."""
        self._require_live()
        read = self._issue_line(line)
        with self._writing():
            return items.insert_item(
                self.scope,
                ItemKind.BLOCKER,
                read.text,
                owner_id=read.owner.id if read.owner else None,
            )

    def _issue_line(self, line: str) -> Line:
        nxt = self.next_meeting()
        read = read_line(
            self.store,
            self.team,
            line,
            SectionKind.ACT,  # read as an issue identified in act: "#1" is text
            today=local_today(self.source),
            next_meeting=nxt.date() if nxt else None,
            kind=ItemKind.BLOCKER,
            working=False,
        )
        if read.problems:
            raise MeetingError("; ".join(p.message for p in read.problems))
        return read

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

    def edit_line(self, item_id: int, line: str) -> None:
        """Edit from one typed line, read as the capture box reads it: `@handle` sets the
        owner (it never stays in the text), the rest is the new text."""
        item = self._editable(item_id)
        parsed = parse_capture(
            line, today=local_today(self.source), handles=[p.handle for p in self.members()]
        )
        problems = [p.message for p in parsed.problems if p.kind != ProblemKind.PAST_DUE]
        if parsed.due is not None:
            problems.append("a due date is changed with re-scope")
        if parsed.unknown_handles:
            problems.append(
                "not in the team: " + ", ".join("@" + h for h in parsed.unknown_handles)
            )
        if problems:
            raise MeetingError("; ".join(problems))
        owner = self.store.person_by_handle(parsed.owner) if parsed.owner else None
        with self._writing():
            items.edit(self.scope, item, text=parsed.text, owner_id=owner.id if owner else None)

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

    def accept_report(self, item_id: int) -> Report:
        """The owner's report becomes the review outcome (one key in accountability):
        done, re-scoped with its text and due date, or abandoned with its reason. A
        commitment reported done that is not in this meeting's review set yet (reported
        after the meeting started) gets its record now, as carry-over would have given it
        (DOMAIN.md: early work counts)."""
        item = self._editable(item_id)
        report = pending_reports(self.store, [item_id]).get(item_id)
        if report is None:
            raise MeetingError("no report waiting on this commitment")
        if item.status != Status.OPEN:
            raise MeetingError("only an open commitment's report can be accepted")
        with self._writing():
            open_at_start = item.created_at <= self._meeting.started_at
            if report.outcome == ReviewOutcome.DONE and open_at_start:
                self.store.db.execute(
                    "INSERT OR IGNORE INTO reviews (meeting_id, item_id) VALUES (?, ?)",
                    [self.meeting_id, item_id],
                )
            self.review(
                item_id,
                report.outcome,
                text=report.text,
                due=report.due,
                reason=report.reason,
            )
        return report

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
