"""The script: twelve weeks of meetings played through the real meeting core.

The history is not inserted row by row: it is played through the real meeting core
(`create_team`, `add_member`, `LiveMeeting.start/capture/review/set_status/hand_off/
rate/end`, `add_between_meetings`) on a `FakeTime`, so every event, review record and
metric is exactly what the app would have recorded had the teams met for real. Who
meets, what they work on and what gets in their way is the cast (cast.toml, read by
cast.py); this module decides when and how it happens.

Every choice comes from one `random.Random(seed)` and every moment from the fake clock
(set from `today`), so the same seed and the same `today` give the same database, row
for row, timestamps included.

A demo database is marked in the SQLite header (`PRAGMA application_id`), not in a
table: `build_demo` replaces a file only when it carries that mark (or is empty) and
refuses anything else with `StoreError`, leaving it untouched.
"""

from __future__ import annotations

import math
import os
import random
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path

from campmeeting import scorecard
from campmeeting.agenda import Agenda, bundled_agenda_dir, load_agenda
from campmeeting.clock import FakeTime, SystemTime, local_now, local_today
from campmeeting.demo.cast import (
    WEEKS,
    BetweenEntry,
    BlockerStory,
    Cast,
    MeasurableCast,
    Message,
    TeamCast,
    load_cast,
)
from campmeeting.demo.meetings import MeetingPlayer
from campmeeting.meeting import (
    LiveMeeting,
    add_between_meetings,
    add_member,
    create_team,
)
from campmeeting.model import ItemKind
from campmeeting.records import Measurable, Person, Team
from campmeeting.store import SQLITE_HEADER, Store, StoreError

__all__ = ["DEFAULT_SEED", "DEMO_APPLICATION_ID", "build_demo", "is_demo_database"]

DEMO_APPLICATION_ID = 0x434D444D  # "CMDM": campmeeting demo, in the SQLite header
DEFAULT_SEED = 7
SCORECARD_BEFORE = timedelta(hours=15)  # numbers are recorded the evening before


# --------------------------------------------------------------------------- safety


def is_demo_database(path: Path) -> bool:
    """True when the file at `path` was written by `build_demo` (reads 100 bytes only)."""
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    if len(header) < 72 or not header.startswith(SQLITE_HEADER):
        return False
    return int.from_bytes(header[68:72], "big") == DEMO_APPLICATION_ID


def check_target(path: Path) -> None:
    """Refuse to replace anything but a missing or empty file or an earlier demo."""
    if not path.exists():
        return
    if not path.is_file():
        raise StoreError(f"{path}: not a file; the demo database was not written")
    if path.stat().st_size == 0 or is_demo_database(path):
        return
    raise StoreError(
        f"{path}: not a demo database; the demo never overwrites it "
        "(leave out --db to use the demo's own file); left unchanged"
    )


def remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


@contextmanager
def built_in_place_of(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to build the demo in; when the block ends well, it
    replaces `path` (checked again: nothing else may have appeared meanwhile), else it
    goes. A half-built demo is never seen under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".building", dir=path.parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        check_target(path)
        remove_files(path)
        os.replace(temp, path)
    finally:
        remove_files(temp)


# --------------------------------------------------------------------------- building


def build_demo(path: Path, seed: int = DEFAULT_SEED, today: date | None = None) -> Store:
    """Write the demo database to `path` and return it open.

    `path` must not exist, be empty, or hold an earlier demo (which is replaced);
    anything else raises `StoreError` and is left untouched. The history is built in
    memory and copied to a temporary file beside `path`, which then replaces it, so a
    failure never leaves half a demo behind. `today` defaults to the local date; the
    twelve weekly meetings of each team are the last ones of its cadence before it.
    """
    path = Path(path)
    check_target(path)
    if today is None:
        today = local_today(SystemTime())
    store = Store.memory()
    try:
        # the scorecard's numbers have their own generator: the rest of the story is the
        # same with or without them
        numbers = random.Random(f"scorecard {seed}")
        _Builder(store, random.Random(seed), today, load_cast(), numbers).run()
        with store.transaction():
            store.db.execute(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
        with built_in_place_of(path) as temp:
            target = sqlite3.connect(temp)
            try:
                store.db.conn.backup(target)
            finally:
                target.close()
    finally:
        store.close()
    return Store.open(path)


@dataclass
class _Plan:
    """What happens to one blocker, by the team's week index (0..WEEKS-1)."""

    story: BlockerStory
    resolve_week: int | None = None
    drop_week: int | None = None
    hand_off: tuple[int, str, BlockerStory] | None = None  # (week, team, story there)
    progressed: bool = False


@dataclass
class _TeamState:
    cast: TeamCast
    team: Team
    people: list[Person]
    occurrences: list[datetime]
    missed: int | None = None
    priorities: dict[int, str] = field(default_factory=dict)  # item id -> priority text
    # priority text -> {week: new status}
    priority_moves: dict[str, dict[int, str]] = field(default_factory=dict)
    # week -> blocker stories to raise in that week's blockers section
    raise_at: dict[int, list[tuple[BlockerStory, _Plan]]] = field(default_factory=dict)
    pool: list[BlockerStory] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    measurables: list[tuple[MeasurableCast, Measurable]] = field(default_factory=list)


class _Builder(MeetingPlayer):
    absent_chance = 0.07

    def __init__(
        self, store: Store, rng: random.Random, today: date, cast: Cast, numbers: random.Random
    ) -> None:
        self.store = store
        self.rng = rng
        self.numbers = numbers
        self.today = today
        self.cast = cast
        self.agenda: Agenda = load_agenda(bundled_agenda_dir() / "camp.toml")
        self.plans: dict[int, _Plan] = {}
        self.teams: dict[str, _TeamState] = {}
        first = min(self._occurrences(team)[0] for team in cast.teams)
        # The morning of the first meeting: a cadence counts from the midnight before its
        # team was created, so an earlier day would show a meeting missed before any was.
        created = datetime.combine(first.date(), time(7, 30))
        self.source = FakeTime(created)

    # -- the calendar ----------------------------------------------------------------

    def _occurrences(self, cast: TeamCast) -> list[datetime]:
        """The team's last WEEKS cadence dates before today, earliest first."""
        back = (self.today.weekday() - cast.weekday) % 7 or 7
        last = self.today - timedelta(days=back)
        return [
            datetime.combine(last - timedelta(weeks=WEEKS - 1 - k), cast.at) for k in range(WEEKS)
        ]

    def run(self) -> None:
        self._create_teams()
        self._plan_stories()
        schedule: list[tuple[datetime, Callable[[], None]]] = []
        for state in self.teams.values():
            for week, moment in enumerate(state.occurrences):
                if week != state.missed:
                    schedule.append((moment, self._meeting_job(state, week)))
        schedule.extend(self._between_meetings())
        for state in self.teams.values():  # the numbers, the evening before each meeting
            for week, moment in enumerate(state.occurrences):
                evening = moment - SCORECARD_BEFORE
                schedule.append((evening, partial(self._numbers, state, week, evening)))
        schedule.sort(key=lambda entry: entry[0])  # stable: equal moments keep their order
        for _moment, job in schedule:
            job()

    def _meeting_job(self, state: _TeamState, week: int) -> Callable[[], None]:
        return lambda: self._meeting(state, week)

    def _create_teams(self) -> None:
        for cast in self.cast.teams:
            team = create_team(self.store, self.source, cast.name, cadence=cast.cadence)
            people = [
                add_member(self.store, self.source, team, member.handle, member.name)
                for member in cast.members
            ]
            self.source.advance(minutes=self.rng.randint(2, 9))
            self.teams[cast.name] = _TeamState(
                cast=cast,
                team=self.store.team(team.id),
                people=people,
                occurrences=self._occurrences(cast),
                measurables=[
                    (
                        measure,
                        scorecard.add_measurable(
                            self.store,
                            self.source,
                            team,
                            measure.title,
                            measure.goal,
                            owner=f"@{measure.owner}" if measure.owner else None,
                            unit=measure.unit,
                        ),
                    )
                    for measure in cast.measurables
                ],
            )
        missing = self.rng.choice(list(self.teams.values()))
        missing.missed = self.rng.randint(4, 8)

    def _plan_stories(self) -> None:
        rng = self.rng
        for state in self.teams.values():
            cast = state.cast
            state.pool = list(cast.blockers)
            rng.shuffle(state.pool)
            state.commitments = list(cast.commitments)
            rng.shuffle(state.commitments)
            state.headlines = list(cast.headlines)
            rng.shuffle(state.headlines)
            # A blocker raised in week 1 that nobody clears: open for weeks at the end.
            state.raise_at.setdefault(1, []).append((cast.long_blocker, _Plan(cast.long_blocker)))
            # Priorities follow their course (see cast.toml): off track and back, done,
            # either of those (a coin toss), or dropped.
            for priority in cast.priorities:
                text, story, kind = priority.text, priority.off_track, priority.course
                moves: dict[int, str] = {}
                if kind == "maybe" and rng.random() < 0.5:
                    kind = "wobble"
                if kind == "wobble":
                    off = rng.randint(2, 6)
                    back = off + rng.randint(1, 3)
                    moves = {off: "off_track", back: "on_track"}
                    plan = _Plan(story, resolve_week=back)
                    state.raise_at.setdefault(off, []).append((story, plan))
                elif kind == "done":
                    moves = {rng.randint(8, 11): "done"}
                elif kind == "dropped":
                    off = rng.randint(3, 5)
                    drop = rng.randint(off + 2, 10)
                    moves = {off: "off_track", drop: "dropped"}
                    state.raise_at.setdefault(off, []).append((story, _Plan(story, drop_week=drop)))
                state.priority_moves[text] = moves
        for hand_off in self.cast.hand_offs:
            plan = _Plan(
                hand_off.story,
                hand_off=(hand_off.handed_week, hand_off.target, hand_off.story_there),
            )
            raises = self.teams[hand_off.origin].raise_at.setdefault(hand_off.raised_week, [])
            raises.append((hand_off.story, plan))

    def _between_meetings(self) -> list[tuple[datetime, Callable[[], None]]]:
        """Items added with `campmeeting add` between meetings; the last ones wait for
        each team's next meeting, after the demo's history."""
        between = self.cast.between_meetings
        evening = datetime.combine(self.today - timedelta(days=1), between.evening)
        jobs: list[tuple[datetime, Callable[[], None]]] = []
        for entry in between.entries:
            state = self.teams[entry.team]
            if entry.after_meeting is None:
                moment = evening + entry.offset.delta
            else:
                moment = state.occurrences[entry.after_meeting] + entry.offset.delta

            jobs.append((moment, partial(self._add_between, moment, state, entry)))
        return jobs

    def _add_between(self, moment: datetime, state: _TeamState, entry: BetweenEntry) -> None:
        self.source.set(moment)
        item = add_between_meetings(self.store, self.source, state.team, entry.kind, entry.line)
        if entry.story is not None:
            week = self._week_after(state, moment)
            self.plans[item.id] = _Plan(entry.story, resolve_week=week + 1)

    def _numbers(self, state: _TeamState, week: int, moment: datetime) -> None:
        """Each owner records the week's numbers (`campmeeting scorecard record`) the
        evening before the meeting, for the meeting's ISO week (also in a missed week)."""
        self.source.set(moment)
        iso = scorecard.iso_week(state.occurrences[week].date())
        owners = {person.id: person for person in state.people}
        for measure, measurable in state.measurables:
            if self.numbers.random() < measure.gaps:
                continue
            value = measure.start + measure.weekly * week
            value += self.numbers.uniform(-measure.spread, measure.spread)
            value = round(value, measure.decimals)
            by = owners.get(measurable.owner_id or 0)
            scorecard.record_value(
                self.store, self.source, measurable, value, iso, by.id if by else None
            )

    @staticmethod
    def _week_after(state: _TeamState, moment: datetime) -> int:
        return next((k for k, when in enumerate(state.occurrences) if when > moment), WEEKS)

    # -- one meeting ---------------------------------------------------------------------

    def overrun(self, played: _TeamState) -> float:
        return played.cast.overrun

    def _checkin(
        self, live: LiveMeeting, state: _TeamState, week: int, present: list[Person]
    ) -> None:
        rng = self.rng
        for view in live.items():
            if view.item.kind == ItemKind.MESSAGE and view.item.status == "pending":
                self._pause(10, 40)
                if rng.random() < 0.85:
                    live.acknowledge(view.id)
        for _ in range(rng.choice([0, 1, 1, 2])):
            if state.headlines:
                self._pause(30, 90)
                self._capture(live, state.headlines.pop())

    def _accountability(
        self, live: LiveMeeting, state: _TeamState, week: int, present: list[Person]
    ) -> None:
        rng = self.rng
        due = [v for v in live.items() if v.due_in_review and v.review is None]
        if not due:
            return
        rng.shuffle(due)
        share = rng.uniform(state.cast.reliability, 1.0)
        done = max(math.ceil(len(due) / 2), round(len(due) * share))
        meeting_date = date.fromisoformat(live.meeting.date)
        for index, view in enumerate(due):
            self._pause(25, 80)
            if index < done:
                live.review(view.id, "done")
                continue
            outcome = rng.choices(["rescoped", "abandoned", "open"], weights=[5, 3, 3])[0]
            if view.times_rescoped >= 2 and outcome == "rescoped":
                outcome = "abandoned"
            if outcome == "rescoped":
                text = None
                if view.times_rescoped == 0 and rng.random() < 0.5:
                    text = view.item.text + rng.choice(self.cast.scope_cuts)
                new_due = meeting_date + timedelta(days=rng.choice([7, 7, 14]))
                live.review(view.id, "rescoped", text=text, due=new_due)
            elif outcome == "abandoned":
                live.review(view.id, "abandoned", reason=rng.choice(self.cast.abandon_reasons))
            elif rng.random() < 0.5:
                live.review(view.id, "open")
            # else: left unreviewed, recorded as open when the section ends

    def _priorities(
        self, live: LiveMeeting, state: _TeamState, week: int, present: list[Person]
    ) -> None:
        if not state.priorities:
            for priority in state.cast.priorities:
                self._pause(30, 70)
                item_id = self._capture(live, f"{priority.text} @{priority.owner}")
                state.priorities[item_id] = priority.text
            return
        for view in live.items():
            text = state.priorities.get(view.id)
            if text is None or view.item.status not in ("on_track", "off_track"):
                continue
            # the latest move whose week has come (a missed week moves it a week later)
            moves = state.priority_moves.get(text, {})
            reached = [k for k in moves if k <= week]
            if not reached or moves[max(reached)] == view.item.status:
                continue
            status = moves[max(reached)]
            self._pause(20, 60)
            reason = "Not a priority after the strategy review" if status == "dropped" else None
            live.set_status(view.id, status, reason=reason)

    def _blockers(
        self, live: LiveMeeting, state: _TeamState, week: int, present: list[Person]
    ) -> None:
        rng = self.rng
        new: list[int] = []
        raises = []
        for planned_week in sorted(state.raise_at):
            if planned_week <= week:  # a missed week raises its blockers a week later
                raises.extend(state.raise_at.pop(planned_week))
        for _ in range(rng.choices([0, 1, 2], weights=[3, 5, 2])[0]):
            if not state.pool:
                break
            story = state.pool.pop()
            lifetime = rng.choices(["now", "soon", "weeks", "drop"], weights=[3, 4, 2, 1])[0]
            plan = _Plan(story)
            if lifetime == "now":
                plan.resolve_week = week
            elif lifetime == "soon":
                plan.resolve_week = week + rng.randint(1, 2)
            elif lifetime == "weeks":
                plan.resolve_week = week + rng.randint(3, 5)
            else:
                plan.drop_week = week + rng.randint(2, 3)
            raises.append((story, plan))
        for story, plan in raises:
            self._pause(20, 60)
            item_id = self._capture(live, story.text)
            self.plans[item_id] = plan
            new.append(item_id)
        if new and rng.random() < 0.4:
            self._pause(5, 15)
            live.move_blocker(new[-1], -1)

    def _act(self, live: LiveMeeting, state: _TeamState, week: int, present: list[Person]) -> None:
        rng = self.rng
        open_blockers = [v for v in live.items() if v.item.status == "open"]
        due: list[int] = []
        others: list[int] = []
        for view in open_blockers:
            plan = self.plans.get(view.id)
            if plan is None:
                continue
            if (
                (plan.resolve_week is not None and plan.resolve_week <= week)
                or (plan.drop_week is not None and plan.drop_week <= week)
                or (plan.hand_off is not None and plan.hand_off[0] <= week)
            ):
                due.append(view.id)
            elif not plan.progressed:
                others.append(view.id)
        worked = due + others[: rng.choice([0, 1, 1, 2])]
        if rng.random() < 0.08:  # a short break: the paused clock does not count it
            live.toggle_pause()
            self.source.advance(minutes=rng.randint(3, 8))
            live.toggle_pause()
        for blocker_id in worked:
            plan = self.plans[blocker_id]
            story = plan.story
            live.focus(blocker_id)
            self._pause(120, 420)
            if plan.hand_off is not None and plan.hand_off[0] <= week:
                _week, target, story_there = plan.hand_off
                self._capture(live, story.decision)
                self._pause(20, 60)
                self._capture(live, f"{story.follow_up} @{self._owner(present)} due:+3d")
                new_id = live.hand_off(blocker_id, target)
                target_state = self.teams[target]
                arrives = self._week_after(target_state, local_now(self.source))
                self.plans[new_id] = _Plan(story_there, resolve_week=arrives + rng.randint(1, 2))
            elif plan.drop_week is not None and plan.drop_week <= week:
                live.set_status(blocker_id, "dropped", reason="No longer blocks anything")
            elif plan.resolve_week is not None and plan.resolve_week <= week:
                self._capture(live, story.decision)
                self._pause(20, 60)
                self._capture(live, f"{story.follow_up} @{self._owner(present)}")
                live.set_status(blocker_id, "resolved")
            else:
                plan.progressed = True
                self._capture(live, f"{story.progress} @{self._owner(present)}")
        live.focus(None)

    def _commitments(
        self, live: LiveMeeting, state: _TeamState, week: int, present: list[Person]
    ) -> None:
        rng = self.rng
        for _ in range(rng.choice([1, 2, 2, 3])):
            if not state.commitments:
                state.commitments = list(state.cast.commitments)
                rng.shuffle(state.commitments)
            self._pause(30, 80)
            due = rng.choice(["", "", "", " due:+2w", " due:+10d"])
            self._capture(live, f"{state.commitments.pop()} @{self._owner(present)}{due}")

    def _cascade(
        self, live: LiveMeeting, state: _TeamState, week: int, present: list[Person]
    ) -> None:
        rng = self.rng
        announced = [m for m in state.cast.messages if m.week == week]
        chosen: list[Message]
        if announced:  # sent in this meeting, whatever the dice say
            chosen = announced
        elif rng.random() < 0.3:
            chosen = [rng.choice([m for m in state.cast.messages if m.week is None])]
        else:
            return
        for message in chosen:
            self._pause(20, 50)
            self._capture(live, f"{message.text} #{message.to}")
