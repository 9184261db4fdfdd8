"""Building hand-worked histories for the insights tests, through the real meeting core.

`Team(...).meeting(when, ...)` starts a meeting at a local wall-clock time, runs what
the test asks at its start (items are added with `add_item`, so no capture grammar is
involved), then spends each section's planned minutes (or the minutes given), rates,
and ends it. Everything an action does happens at the meeting's start time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting, add_member, create_team
from campmeeting.model import ItemKind
from campmeeting.records import Team
from campmeeting.store import Store

CAMP = load_agenda(resolve_agenda("camp"))
TUESDAY_9 = "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0"


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Crew:
    """A team and its people, with a way to hold its meetings."""

    def __init__(
        self,
        store: Store,
        clock: FakeTime,
        name: str,
        handles: tuple[str, ...] = ("ana", "bo", "cy"),
        cadence: str | None = TUESDAY_9,
        created: str = "2026-09-01 08:00",
    ) -> None:
        self.store, self.clock = store, clock
        clock.set(local(created))
        self.team: Team = create_team(store, clock, name, cadence=cadence)
        for handle in handles:
            add_member(store, clock, self.team, handle, handle.capitalize())

    def person(self, handle: str) -> int:
        found = self.store.person_by_handle(handle)
        assert found is not None
        return found.id

    def start(self, when: str) -> LiveMeeting:
        self.clock.set(local(when))
        return LiveMeeting.start(
            self.store, self.clock, self.store.team(self.team.id), CAMP, "camp"
        )

    def meeting(
        self,
        when: str,
        do: Callable[[LiveMeeting], object] | None = None,
        *,
        minutes: dict[str, float] | None = None,
        ratings: dict[str, int] | None = None,
        end: bool = True,
    ) -> LiveMeeting:
        """A meeting at `when`: `do(live)` at its start, then every section for its
        planned minutes (or `minutes[kind]`), the ratings, and the end."""
        live = self.start(when)
        if do is not None:
            do(live)
        for position, section in enumerate(live.sections):
            live.go_to(position)
            spent = (minutes or {}).get(section.kind, section.planned_seconds / 60)
            self.clock.advance(minutes=spent)
        for handle, value in (ratings or {}).items():
            live.rate(self.person(handle), value)
        if end:
            live.end()
        return live

    # items, added at the current moment of the live meeting

    def blocker(self, live: LiveMeeting, text: str) -> int:
        return live.add_item(ItemKind.BLOCKER, text)

    def decision(self, live: LiveMeeting, text: str) -> int:
        return live.add_item(ItemKind.DECISION, text)

    def priority(self, live: LiveMeeting, text: str) -> int:
        return live.add_item(ItemKind.PRIORITY, text)

    def commitment(self, live: LiveMeeting, text: str, owner: str, due: str) -> int:
        return live.add_item(
            ItemKind.COMMITMENT, text, owner_id=self.person(owner), due=date.fromisoformat(due)
        )
