"""The scorecard in a meeting: the live section's values, measurables added with `a`,
an off-track number dropped down to the blockers; and the week a value recorded from
any terminal (`campmeeting scorecard record`) is for.

`LiveScorecard` is a part of `LiveMeeting` (live.py): each write goes through
`_writing()`, so the clock's time and the value are one commit, made before the screen
shows it. A value entered in a meeting is for the meeting's ISO week and recorded by its
facilitator (when it has one).
"""

from __future__ import annotations

from abc import abstractmethod
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date

from campmeeting import scorecard
from campmeeting.clock import TimeSource
from campmeeting.meeting import items, views
from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.lines import Line
from campmeeting.meeting.teams import team_now, upcoming
from campmeeting.model import ItemKind, Track
from campmeeting.records import Measurable, Meeting, Team
from campmeeting.scorecard import Recorded, Scorecard, ScorecardError, ScorecardRow
from campmeeting.store import Store

__all__ = ["LiveScorecard", "default_week", "meeting_week"]


def meeting_week(meeting: Meeting) -> str:
    """The ISO week of a meeting: of its local date (scorecard.weeks)."""
    return scorecard.iso_week(date.fromisoformat(meeting.date))


def default_week(store: Store, source: TimeSource, team: Team) -> str:
    """The week a value recorded from any terminal is for: the live meeting's; else the
    next meeting's when it is within a week (a Sunday evening's number is for Monday's
    meeting); else this week (on the team's clock)."""
    live = store.live_meeting(team.id)
    if live is not None:
        return meeting_week(live)
    today = team_now(team, source).date()
    nxt = upcoming(store, team, source)
    if nxt is not None and 0 <= (nxt.date() - today).days < 7:
        return scorecard.iso_week(nxt.date())
    return scorecard.iso_week(today)


class LiveScorecard:
    """The scorecard half of a live meeting (see the module docstring)."""

    store: Store
    source: TimeSource
    team: Team
    meeting_id: int
    scope: items.Scope
    _meeting: Meeting

    @abstractmethod
    def _writing(self, wait: bool = True) -> AbstractContextManager[None]: ...

    @abstractmethod
    def _require_live(self) -> None: ...

    @abstractmethod
    def _issue_line(self, line: str) -> Line: ...

    @property
    def week(self) -> str:
        """The meeting's ISO week: the scorecard's 'this week'."""
        return meeting_week(self._meeting)

    def scorecard(self) -> Scorecard:
        """This week's scorecard; a number dropped down knows its issue's rank (the '#N'
        of the issues list)."""
        card = scorecard.build_scorecard(self.store, self.team.id, self.week)
        if not any(row.issue_id for row in card.rows):
            return card
        ranks = views.issue_ranks(self.store, self.team.id)
        rows = [replace(row, issue_rank=ranks.get(row.issue_id or 0)) for row in card.rows]
        return replace(card, rows=rows)

    def _measurable(self, measurable_id: int) -> Measurable:
        try:
            found = scorecard.get_measurable(self.store, measurable_id)
        except ScorecardError as error:
            raise MeetingError(str(error)) from None
        if found.team_id != self.team.id:
            raise MeetingError("that measurable belongs to another team")
        return found

    def record_measurable(self, measurable_id: int, typed: str) -> Recorded:
        """This week's value of a measurable, as typed (scorecard.values)."""
        self._require_live()
        measurable = self._measurable(measurable_id)
        try:
            with self._writing():
                return scorecard.record_value(
                    self.store,
                    self.source,
                    measurable,
                    typed,
                    self.week,
                    person_id=self._meeting.facilitator_id,
                    meeting_id=self.meeting_id,
                    origin="meeting",
                )
        except ScorecardError as error:
            raise MeetingError(str(error)) from None

    def add_measurable_line(self, line: str) -> Measurable:
        """`a` in the scorecard section: 'Revenue >= 100000 @ana $' (scorecard.line)."""
        self._require_live()
        try:
            read = scorecard.read_measurable_line(line)
            with self._writing():
                return scorecard.add_measurable(
                    self.store,
                    self.source,
                    self.team,
                    read.title,
                    read.goal,
                    owner=read.owner,
                    unit=read.unit,
                    meeting_id=self.meeting_id,
                )
        except ScorecardError as error:
            raise MeetingError(str(error)) from None

    def drop_down_text(self, measurable_id: int) -> str:
        """The issue an off-track number drops down as: 'Revenue: 92,000, goal >= 100,000'
        (MeetingError when it is not off track this week, or is on the list already)."""
        return self._off_track_row(self._measurable(measurable_id)).issue_text()

    def _off_track_row(self, measurable: Measurable) -> ScorecardRow:
        row = self.scorecard().find(measurable.id)
        if row is None:
            raise MeetingError(f"{measurable.title!r} is not on the scorecard (archived)")
        if row.current.track != Track.OFF:
            state = "has no value yet" if row.current.track == Track.MISSING else "is on track"
            raise MeetingError(
                f"{measurable.title} {state} for {scorecard.short_week(self.week)}: "
                "only an off-track number drops down"
            )
        if row.issue_id is not None:
            rank = f" as #{row.issue_rank}" if row.issue_rank else ""
            raise MeetingError(f"{measurable.title} is on the issues list{rank} already")
        return row

    def drop_measurable(self, measurable_id: int, line: str | None = None) -> int:
        """An off-track number dropped down to the blockers (the issues list): an open
        blocker, `line` as typed (its text, @owner; default `drop_down_text`, owned by
        the measurable's owner), linked to it (items.source_measurable_id), with an event
        on both sides; returns the blocker's id."""
        self._require_live()
        measurable = self._measurable(measurable_id)
        row = self._off_track_row(measurable)
        text, owner_id = row.issue_text(), measurable.owner_id
        if line is not None:
            read = self._issue_line(line)
            text, owner_id = read.text, (read.owner.id if read.owner else owner_id)
        with self._writing():
            item_id = items.insert_item(
                self.scope,
                ItemKind.BLOCKER,
                text,
                owner_id=owner_id,
                source_label=f"from measurable: {measurable.title}",
            )
            self.store.update("items", item_id, {"source_measurable_id": measurable.id})
            scorecard.note_drop_down(
                self.store, self.source, measurable, item_id, self.week, self.meeting_id
            )
        return item_id
