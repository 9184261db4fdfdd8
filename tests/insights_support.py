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


# A history with every drift signal (but the scorecard's), a hand-off and a message.
STORY_TODAY = date(2026, 11, 24)
HOSTILE = "[bold]x[/] [link=http://a]click[/link] \x1b[31mred 🎉 <script>alert(1)</script>"


def story(store: Store, clock: FakeTime) -> dict[str, int]:
    """Ops meets on Tuesdays (27 Oct, 3 and 10 Nov; 17 Nov skipped; 24 Nov), Platform on
    Thursdays (29 Oct .. 19 Nov). On 24 Nov: a stuck blocker, a slipping commitment, a
    priority adrift, act over its timebox every week, an honesty gap (3 Nov: rated 9,
    0 of 2 done), the missed 17 Nov; a blocker handed to Platform (its text hostile), a
    message Platform has not acknowledged."""
    ops = Crew(store, clock, "Ops", created="2026-10-26 08:00")
    platform = Crew(
        store,
        clock,
        "Platform",
        handles=("dee",),
        cadence="FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;BYMINUTE=0",
        created="2026-10-26 08:00",
    )
    ids: dict[str, int] = {"ops": ops.team.id, "platform": platform.team.id}

    def first(live: LiveMeeting) -> None:
        ids["stuck"] = ops.blocker(live, "Build farm is full")
        ids["hostile"] = ops.blocker(live, f"Printer {HOSTILE}")
        ids["handed"] = live.hand_off(ids["hostile"], "Platform")
        ids["adrift"] = ops.priority(live, "Launch v2")
        live.set_status(ids["adrift"], "off_track")
        ids["slipping"] = ops.commitment(live, "Hire two engineers", "ana", "2026-11-03")
        ids["plan"] = ops.commitment(live, "Write the plan", "bo", "2026-11-03")
        ids["message"] = live.add_item(
            ItemKind.MESSAGE, "Freeze starts 1 Dec", target_team_id=platform.team.id
        )
        ops.decision(live, "Buy more build machines")

    ops.meeting("2026-10-27 09:00", first, minutes={"act": 31}, ratings={"ana": 7, "bo": 8})
    platform.meeting("2026-10-29 14:00", ratings={"dee": 8})
    ids["gap"] = ops.meeting(
        "2026-11-03 09:00",
        lambda live: live.rescope(ids["slipping"], due=date(2026, 11, 10)),
        minutes={"act": 29},
        ratings={"ana": 9, "bo": 9},
    ).meeting_id
    platform.meeting("2026-11-05 14:00", ratings={"dee": 7})
    ops.meeting(
        "2026-11-10 09:00",
        lambda live: live.rescope(ids["slipping"], due=date(2026, 11, 24)),
        minutes={"act": 35},
        ratings={"ana": 6, "bo": 7},
    )
    platform.meeting("2026-11-12 14:00", ratings={"dee": 8})
    platform.meeting("2026-11-19 14:00", ratings={"dee": 9})
    ids["last"] = ops.meeting(
        "2026-11-24 09:00", minutes={"act": 40}, ratings={"ana": 8, "bo": 6}
    ).meeting_id
    clock.set(local("2026-11-24 12:00"))
    return ids
