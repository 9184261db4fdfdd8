"""The scale demo's story, played through the real meeting core (see scale.py).

A group of teams, each with its role (Leadership, Product, Operations, Sales,
Engineering: a weekday, a time, how reliable its people are, how often it overruns),
meets every week on one `FakeTime`, in time order: priorities set each quarter go off
track (raising a blocker) and come back, and end done or dropped; blockers are raised,
worked in act (a decision and a commitment), resolved, dropped or handed to another
team of the group; commitments are made and reviewed (done, re-scoped, abandoned, still
open, never open for ever); headlines, cascaded messages read and acknowledged, items
added between meetings, ratings, notes, the odd missed week. The texts come from the
demo's cast, with customers and quarters woven in. Every choice comes from the one
`random.Random` given.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from campmeeting.agenda import Agenda, bundled_agenda_dir, load_agenda
from campmeeting.clock import FakeTime
from campmeeting.demo.cast import BlockerStory, Cast, load_cast
from campmeeting.demo.meetings import MeetingPlayer
from campmeeting.meeting import LiveMeeting, add_between_meetings, add_member, create_team
from campmeeting.model import ItemKind
from campmeeting.records import Person, Team
from campmeeting.store import Store

__all__ = ["ROLES", "People", "Player"]


@dataclass(frozen=True)
class _Role:
    name: str
    weekday: int  # Monday = 0
    at: time
    reliability: float  # the lowest share of due commitments done
    overrun: float  # the chance that a section overruns


ROLES = (
    _Role("Leadership", 0, time(9, 0), 0.6, 0.2),
    _Role("Product", 1, time(10, 30), 0.5, 0.3),
    _Role("Operations", 2, time(8, 30), 0.7, 0.15),
    _Role("Sales", 3, time(9, 30), 0.55, 0.25),
    _Role("Engineering", 4, time(11, 0), 0.65, 0.2),
)
FIRST = (
    "Ada Ben Clara Dev Elif Farah Gus Hana Ines Jon Kofi Lena Mads Nia Omar Pia Quinn Rosa "
    "Sami Tara Uma Vik Wen Xavi Yara Zeno Alma Bruno Cato Dina Emil Fleur Goran Hedda Ivo "
    "Jana Karl Luz Milo Nora"
).split()
LAST = (
    "Abe Bauer Costa Dahl Eriksen Fox Garcia Hale Ito Jansen Kowal Lund Moreau Novak Olsen "
    "Park Quist Rossi Silva Toth Ueda Vance Wolff Xu Young Zima Adler Brandt Chen Duarte "
    "Engel Faber Gomez Horvat Iqbal Jovanovic Kim Larsen Meyer Nagy"
).split()
CUSTOMERS = (
    "Acme Borealis Cobalt Dunmore Everline Fjordline Granite Halvorsen Ironbridge Juniper "
    "Kettle Lumen Meridian Northwind Orchard Pinecrest Quarry Redwood Saltmarsh Tidewater "
    "Umbra Vantage Willow Xenon Yellowtail Zenith"
).split()
QUARTER_WEEKS = 13
LIFETIMES = ["now", "soon", "weeks", "drop", "hand"]  # of a blocker raised in a meeting


class People:
    """Unique names and handles (first and last names combined, in a shuffled order)."""

    def __init__(self, rng: random.Random) -> None:
        self.pairs = [(f, s) for f in FIRST for s in LAST]
        rng.shuffle(self.pairs)
        self.handles: set[str] = set()

    def next(self) -> tuple[str, str]:
        first, last = self.pairs.pop() if self.pairs else (f"P{len(self.handles)}", "Scale")
        handle = f"{first}.{last}".lower()
        number = 2
        while handle in self.handles:
            handle, number = f"{first}.{last}{number}".lower(), number + 1
        self.handles.add(handle)
        name = f"{first} {last}" if number == 2 else f"{first} {last} ({handle})"
        return name, handle


@dataclass
class _BlockerPlan:
    story: BlockerStory
    resolve_on: date | None = None
    drop_on: date | None = None
    hand_to: str | None = None
    hand_on: date | None = None
    progressed: bool = False


@dataclass
class _PriorityPlan:
    off_week: int | None  # the team's meeting index it goes off track at
    back_week: int
    end_week: int
    end: str  # done | dropped
    story: BlockerStory


@dataclass
class _TeamPlay:
    team: Team
    role_index: int
    people: list[Person]
    occurrences: list[datetime]
    group: int
    blockers: dict[int, _BlockerPlan] = field(default_factory=dict)
    priorities: dict[int, _PriorityPlan] = field(default_factory=dict)
    opens: dict[int, int] = field(default_factory=dict)  # commitment -> times left open

    @property
    def role(self) -> _Role:
        return ROLES[self.role_index]


class Player(MeetingPlayer):
    """Plays the groups' weeks through the meeting core, in time order."""

    close_note_chance = 0.5

    def __init__(
        self, store: Store, rng: random.Random, today: date, weeks: int, people: People
    ) -> None:
        self.store = store
        self.rng = rng
        self.today = today
        self.weeks = weeks
        self.people = people
        self.cast: Cast = load_cast()
        self.agenda: Agenda = load_agenda(bundled_agenda_dir() / "camp.toml")
        self.teams: list[_TeamPlay] = []
        self.groups: dict[int, int] = {}
        first = today - timedelta(weeks=weeks, days=7)
        self.source = FakeTime(datetime.combine(first, time(7, 30)))
        casts = self.cast.teams
        self.stories = [s for c in casts for s in (*c.blockers, c.long_blocker)]
        self.stories += [p.off_track for c in casts for p in c.priorities]
        self.stories += [h.story_there for h in self.cast.hand_offs]
        self.commitments = [text for c in casts for text in c.commitments]
        self.headlines = [text for c in casts for text in c.headlines]
        self.messages = [m.text for c in casts for m in c.messages]
        self.priority_texts = [p.text for c in casts for p in c.priorities]

    def add_group(self, roles: list[tuple[int, str]], group: int) -> None:
        for role_index, name in roles:
            role = ROLES[role_index]
            cadence = f"FREQ=WEEKLY;BYDAY={'MO TU WE TH FR'.split()[role.weekday]};" + (
                f"BYHOUR={role.at.hour};BYMINUTE={role.at.minute}"
            )
            team = create_team(self.store, self.source, name, cadence=cadence)
            people = []
            for _ in range(self.rng.choice([5, 6, 6, 7])):
                full, handle = self.people.next()
                people.append(add_member(self.store, self.source, team, handle, full))
            back = (self.today.weekday() - role.weekday) % 7 or 7
            last = self.today - timedelta(days=back)
            occurrences = [
                datetime.combine(last - timedelta(weeks=self.weeks - 1 - k), role.at)
                for k in range(self.weeks)
            ]
            play = _TeamPlay(self.store.team(team.id), role_index, people, occurrences, group)
            self.teams.append(play)
            self.groups[team.id] = group

    def play(self) -> None:
        schedule: list[tuple[datetime, int, Callable[[], None]]] = []
        for n, play in enumerate(self.teams):
            for week, moment in enumerate(play.occurrences):
                if week and self.rng.random() < 0.015:
                    continue  # a missed week
                schedule.append((moment, n, self._job(play, week)))
                if self.rng.random() < 0.12:
                    later = moment + timedelta(days=1, hours=self.rng.randint(1, 8))
                    schedule.append((later, n, self._between_job(play, later)))
        schedule.sort(key=lambda entry: (entry[0], entry[1]))
        for _moment, _n, job in schedule:
            job()

    def _job(self, play: _TeamPlay, week: int) -> Callable[[], None]:
        return lambda: self._meeting(play, week)

    def _between_job(self, play: _TeamPlay, moment: datetime) -> Callable[[], None]:
        return lambda: self._between(play, moment)

    # -- texts -------------------------------------------------------------------------

    def _customer(self, text: str, chance: float = 0.5) -> str:
        if self.rng.random() < chance:
            return f"{text} ({self.rng.choice(CUSTOMERS)})"
        return text

    def _story(self) -> BlockerStory:
        story = self.rng.choice(self.stories)
        text = self._customer(story.text)
        if self.rng.random() < 0.15:  # a ticket number: a word found in few items
            text += f" INC-{self.rng.randint(10000, 99999)}"
        return BlockerStory(
            text=text,
            decision=story.decision,
            follow_up=story.follow_up,
            progress=story.progress,
        )

    # -- between meetings --------------------------------------------------------------

    def _between(self, play: _TeamPlay, moment: datetime) -> None:
        self.source.set(moment)
        kind = self.rng.choices(
            [ItemKind.BLOCKER, ItemKind.HEADLINE, ItemKind.COMMITMENT], weights=[6, 2, 2]
        )[0]
        if kind == ItemKind.BLOCKER:
            story = self._story()
            item = add_between_meetings(self.store, self.source, play.team, kind, story.text)
            resolve = moment.date() + timedelta(weeks=self.rng.randint(1, 3))
            play.blockers[item.id] = _BlockerPlan(story, resolve_on=resolve)
        elif kind == ItemKind.HEADLINE:
            line = self._customer(self.rng.choice(self.headlines), 0.3)
            add_between_meetings(self.store, self.source, play.team, kind, line)
        else:
            line = (
                f"{self._customer(self.rng.choice(self.commitments))} @{self._owner(play.people)}"
            )
            add_between_meetings(self.store, self.source, play.team, kind, line)

    # -- one meeting -------------------------------------------------------------------

    def overrun(self, played: _TeamPlay) -> float:
        return played.role.overrun

    def _checkin(self, live: LiveMeeting, play: _TeamPlay, week: int, present: list) -> None:
        for view in live.items():
            if view.item.kind == ItemKind.MESSAGE and view.item.status == "pending":
                self._pause(10, 40)
                if self.rng.random() < 0.9:
                    live.acknowledge(view.id)
        for _ in range(self.rng.choice([1, 2, 2, 3, 3])):
            self._pause(30, 90)
            self._capture(live, self._customer(self.rng.choice(self.headlines), 0.3))

    def _accountability(self, live: LiveMeeting, play: _TeamPlay, week: int, present: list) -> None:
        rng = self.rng
        due = [v for v in live.items() if v.due_in_review and v.review is None]
        share = rng.uniform(play.role.reliability, 1.0)
        day = date.fromisoformat(live.meeting.date)
        for view in due:
            self._pause(25, 80)
            if rng.random() < share:
                live.review(view.id, "done")
                continue
            opens = play.opens.get(view.id, 0)
            outcome = rng.choices(["rescoped", "abandoned", "open"], weights=[5, 3, 3])[0]
            if outcome == "rescoped" and view.times_rescoped >= 2:
                outcome = "abandoned"
            if outcome == "open" and opens >= 2:
                outcome = "abandoned"
            if outcome == "rescoped":
                text = None
                if view.times_rescoped == 0 and rng.random() < 0.5:
                    text = view.item.text + rng.choice(self.cast.scope_cuts)
                live.review(view.id, "rescoped", text=text, due=day + timedelta(days=7))
            elif outcome == "abandoned":
                live.review(view.id, "abandoned", reason=rng.choice(self.cast.abandon_reasons))
            else:
                play.opens[view.id] = opens + 1
                if rng.random() < 0.5:
                    live.review(view.id, "open")

    def _priorities(self, live: LiveMeeting, play: _TeamPlay, week: int, present: list) -> None:
        rng = self.rng
        for item_id, plan in list(play.priorities.items()):
            status = None
            if week >= plan.end_week:
                status = plan.end
                del play.priorities[item_id]
            elif plan.off_week is not None and plan.off_week <= week < plan.back_week:
                status = "off_track"
            elif plan.off_week is not None and week >= plan.back_week:
                status = "on_track"
                plan.off_week = None
            if status is None:
                continue
            self._pause(20, 60)
            reason = "Not a priority after the quarterly review" if status == "dropped" else None
            before = live.store.item(item_id).status
            if before == status:
                continue
            live.set_status(item_id, status, reason=reason)
            if status == "off_track" and before == "on_track":  # it raises a blocker
                blocker = self._capture(live, plan.story.text, ItemKind.BLOCKER)
                play.blockers[blocker] = _BlockerPlan(
                    plan.story, resolve_on=self._week_date(play, plan.back_week)
                )
        if week % QUARTER_WEEKS == 0 or len(play.priorities) < 2:
            for _ in range(rng.choice([3, 3, 4]) - len(play.priorities)):
                self._pause(30, 70)
                quarter = (play.occurrences[week].month - 1) // 3 + 1
                text = (
                    f"{rng.choice(self.priority_texts)} (Q{quarter} {play.occurrences[week].year})"
                )
                item_id = self._capture(live, f"{text} @{self._owner(present)}")
                end = week + rng.randint(8, QUARTER_WEEKS + 4)
                off = week + rng.randint(2, 6) if rng.random() < 0.5 else None
                back = (off or week) + rng.randint(1, 3)
                ending = "done" if rng.random() < 0.7 else "dropped"
                play.priorities[item_id] = _PriorityPlan(off, back, end, ending, self._story())

    def _week_date(self, play: _TeamPlay, week: int) -> date:
        if week < len(play.occurrences):
            return play.occurrences[week].date()
        return play.occurrences[-1].date() + timedelta(weeks=week - len(play.occurrences) + 1)

    def _blockers(self, live: LiveMeeting, play: _TeamPlay, week: int, present: list) -> None:
        rng = self.rng
        day = play.occurrences[week].date()
        others = [t for t in self.teams if t.group == play.group and t is not play]
        for _ in range(rng.choices([0, 1, 2, 3], weights=[1, 4, 4, 2])[0]):
            story = self._story()
            plan = _BlockerPlan(story)
            lifetime = rng.choices(LIFETIMES, weights=[3, 4, 2, 1, 1])[0]
            if lifetime == "hand" and others:
                plan.hand_to = rng.choice(others).team.name
                plan.hand_on = day + timedelta(weeks=rng.randint(0, 2))
            elif lifetime == "drop":
                plan.drop_on = day + timedelta(weeks=rng.randint(2, 3))
            elif lifetime == "now":
                plan.resolve_on = day
            elif lifetime == "soon":
                plan.resolve_on = day + timedelta(weeks=rng.randint(1, 3))
            else:
                plan.resolve_on = day + timedelta(weeks=rng.randint(3, 8))
            self._pause(20, 60)
            item_id = self._capture(live, story.text)
            play.blockers[item_id] = plan
            if rng.random() < 0.3:
                live.move_blocker(item_id, -1)

    def _act(self, live: LiveMeeting, play: _TeamPlay, week: int, present: list) -> None:
        rng = self.rng
        day = date.fromisoformat(live.meeting.date)
        due, waiting = [], []
        for view in live.items():
            plan = play.blockers.get(view.id)
            if view.item.status != "open":
                continue
            if plan is None:  # not ours to plan (none left): clear it within weeks
                plan = play.blockers[view.id] = _BlockerPlan(
                    self._story(), resolve_on=day + timedelta(weeks=rng.randint(0, 3))
                )
            moment = plan.resolve_on or plan.drop_on or plan.hand_on
            if moment is not None and moment <= day:
                due.append(view.id)
            elif not plan.progressed:
                waiting.append(view.id)
        if rng.random() < 0.08:  # a short break: the paused clock does not count it
            live.toggle_pause()
            self.source.advance(minutes=rng.randint(3, 8))
            live.toggle_pause()
        for blocker_id in due + waiting[: rng.choice([0, 1, 1, 2])]:
            plan = play.blockers[blocker_id]
            live.focus(blocker_id)
            self._pause(120, 420)
            if plan.hand_to is not None and plan.hand_on is not None and plan.hand_on <= day:
                self._capture(live, f"{plan.story.follow_up} @{self._owner(present)} due:+3d")
                new_id = live.hand_off(blocker_id, plan.hand_to)
                target = next(t for t in self.teams if t.team.name == plan.hand_to)
                resolve = day + timedelta(weeks=rng.randint(1, 3))
                target.blockers[new_id] = _BlockerPlan(self._story(), resolve_on=resolve)
                del play.blockers[blocker_id]
            elif plan.drop_on is not None and plan.drop_on <= day:
                live.set_status(blocker_id, "dropped", reason="No longer blocks anything")
                del play.blockers[blocker_id]
            elif plan.resolve_on is not None and plan.resolve_on <= day:
                self._capture(live, plan.story.decision)
                self._pause(20, 60)
                self._capture(live, f"{plan.story.follow_up} @{self._owner(present)}")
                live.set_status(blocker_id, "resolved")
                del play.blockers[blocker_id]
            else:
                plan.progressed = True
                self._capture(live, f"{plan.story.progress} @{self._owner(present)}")
        live.focus(None)

    def _commitments(self, live: LiveMeeting, play: _TeamPlay, week: int, present: list) -> None:
        rng = self.rng
        for _ in range(rng.choice([2, 3, 4, 4, 5])):
            self._pause(30, 80)
            due = rng.choice(["", "", " due:+2w", " due:+3w", " due:+10d", " due:+4w"])
            text = self._customer(rng.choice(self.commitments), 0.4)
            self._capture(live, f"{text} @{self._owner(present)}{due}")

    def _cascade(self, live: LiveMeeting, play: _TeamPlay, week: int, present: list) -> None:
        others = [t for t in self.teams if t.group == play.group and t is not play]
        if others and self.rng.random() < 0.25:
            self._pause(20, 50)
            target = self.rng.choice(others).team.name
            self._capture(live, f"{self.rng.choice(self.messages)} #{target}")
