"""What both demo players share: the clock they move, a line captured as in the room,
and one meeting walked through its sections (script.py plays the cast's story, play.py
the scale demo's). Each player has a handler per section kind (`_checkin`, `_act` ...)
called with (live, team, week, present)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any, Protocol

from campmeeting.agenda import Agenda
from campmeeting.clock import FakeTime
from campmeeting.demo.cast import Cast
from campmeeting.meeting import LiveMeeting
from campmeeting.model import ItemKind, SectionKind
from campmeeting.records import Person, Team
from campmeeting.store import Store

SLOW_SECTIONS = (SectionKind.ACCOUNTABILITY, SectionKind.ACT)  # overrun twice as often


class PlayedTeam(Protocol):
    team: Team
    people: list[Person]
    occurrences: list[datetime]


class MeetingPlayer:
    store: Store
    rng: random.Random
    source: FakeTime
    agenda: Agenda
    cast: Cast
    absent_chance = 0.08  # each person but the facilitator, each meeting
    close_note_chance = 0.0  # a closing note although the ratings were fine

    def overrun(self, played: Any) -> float:
        """How often this team's sections run over their timebox (0 to 1)."""
        raise NotImplementedError

    def _pause(self, low: int = 20, high: int = 75) -> None:
        self.source.advance(seconds=self.rng.randint(low, high))

    def _owner(self, present: list[Person]) -> str:
        return self.rng.choice(present).handle

    def _capture(self, live: LiveMeeting, line: str, kind: ItemKind | None = None) -> int:
        result = live.capture(line, kind)
        if not result.saved:  # a demo script error, never the user's
            raise RuntimeError(f"demo capture refused {line!r}: {result.message}")
        return result.item_ids[0]

    def _finish_section(self, live: LiveMeeting, played: Any, slow: bool = False) -> None:
        """Spend the section's time (sometimes more than its timebox) and move on."""
        rng = self.rng
        planned = live.current.planned_seconds
        if rng.random() < self.overrun(played) * (2 if slow else 1):
            factor = rng.uniform(1.15, 1.7)
        else:
            factor = rng.uniform(0.6, 1.05)
        missing = round(planned * factor - live.section_elapsed())
        if missing > 0:
            self.source.advance(seconds=missing)
        live.next_section()

    def _close(self, live: LiveMeeting, played: Any, week: int, present: list[Person]) -> None:
        """Everyone present rates (lower when the meeting ran long); a low mean, or now and
        then (`close_note_chance`), brings a note on what would make it better."""
        rng = self.rng
        timing = live.meeting_elapsed() / live.planned_total()
        base = rng.choice([6, 7, 7, 8, 8, 8, 8, 9, 9, 10]) - (1 if timing > 1.1 else 0)
        ratings = []
        for person in present:
            self._pause(5, 15)
            rating = max(1, min(10, base + rng.choice([-1, -1, 0, 0, 0, 1])))
            live.rate(person.id, rating)
            ratings.append(rating)
        if sum(ratings) / len(ratings) < 7 or (
            self.close_note_chance and rng.random() < self.close_note_chance
        ):
            self._pause(20, 40)
            self._capture(live, rng.choice(self.cast.low_rating_notes))
        self._pause(30, 90)

    def _meeting(self, played: PlayedTeam, week: int) -> None:
        """The week's meeting: started a few minutes after its time by a facilitator in
        turn, someone absent now and then, each section's handler, then ended."""
        rng = self.rng
        self.source.set(played.occurrences[week] + timedelta(seconds=rng.randint(0, 240)))
        facilitator = played.people[week % len(played.people)]
        live = LiveMeeting.start(
            self.store, self.source, played.team, self.agenda, "camp", facilitator=facilitator
        )
        present = [
            person
            for person in played.people
            if person.id == facilitator.id or rng.random() > self.absent_chance
        ]
        for person in played.people:
            if person not in present:
                live.set_present(person.id, False)
        for section in list(live.sections):
            kind = SectionKind(section.kind)
            handler = getattr(self, f"_{kind.value}", None)
            if handler is not None:
                handler(live, played, week, present)
            if kind == SectionKind.CLOSE:
                break
            self._finish_section(live, played, slow=kind in SLOW_SECTIONS)
        live.end()
