"""The demo's cast: `cast.toml` read into frozen dataclasses, checked.

`cast.toml` is package data, read with `importlib.resources` (so it works from a
wheel) and `tomllib`; what its keys mean is written at the top of the file. Every
dataclass below is a pydantic dataclass: unknown keys, missing keys and values of the
wrong type are refused, and so are names that lead nowhere (a priority owned by someone
who is not a member, a message to a team that does not exist) and weeks outside the
twelve. The problems are reported together as a :class:`CastError`, one line each,
naming the key (names are checked once every key is right), e.g.::

    cast.toml: teams[1].members[3].handle: is required
    cast.toml: teams[2].priorities[1].owner: 'maria' is not a member of Product

Arrays are counted from 1 in the order they appear in the file, as in agenda files.
Nothing here or in the script knows a team by its name: the file says who is who,
and the order of the teams is the order they are created in (DEMO_TEAM_NAMES).
"""

from __future__ import annotations

import re
import tomllib
from datetime import time, timedelta
from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass
from pydantic_core import ErrorDetails

from campmeeting.model import ItemKind
from campmeeting.scorecard import BadValue, ScorecardError, check_unit, parse_goal

__all__ = [
    "DEMO_TEAM_NAMES",
    "WEEKS",
    "BetweenEntry",
    "BetweenMeetings",
    "BlockerStory",
    "Cast",
    "CastError",
    "HandOff",
    "MeasurableCast",
    "Member",
    "Message",
    "Offset",
    "Priority",
    "TeamCast",
    "load_cast",
    "parse_cast",
    "read_cast",
]

WEEKS = 12  # cadence occurrences per team (one of them is missed by one team)
SOURCE = "cast.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_STRICT = ConfigDict(extra="forbid")
Text = Annotated[str, Field(pattern=r"\S")]  # not empty, not only spaces
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Week = Annotated[int, Field(ge=0, lt=WEEKS)]  # a team's meeting index, 0 = the first


class CastError(Exception):
    """`cast.toml` cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


# --------------------------------------------------------------------------- the cast


@dataclass(frozen=True, config=_STRICT)
class BlockerStory:
    """A blocker, the decision that clears it, the follow-up and a step while it is open."""

    text: Text
    decision: Text
    follow_up: Text
    progress: Text


@dataclass(frozen=True, config=_STRICT)
class Member:
    handle: Text
    name: Text


@dataclass(frozen=True, config=_STRICT)
class Priority:
    """A priority set in a team's first meeting, and the blocker that takes it off track.

    `course`: "wobble" goes off track and comes back, "done" is done in one of the last
    weeks, "maybe" wobbles or holds (a coin toss), "dropped" goes off track and is dropped.
    """

    text: Text
    owner: Text
    course: Literal["wobble", "done", "maybe", "dropped"]
    off_track: BlockerStory


@dataclass(frozen=True, config=_STRICT)
class Message:
    """A message cascaded to another team: in the meeting `week` if given, else now and then."""

    text: Text
    to: Text
    week: Week | None = None


@dataclass(frozen=True, config=_STRICT)
class MeasurableCast:
    """A measurable of the team's scorecard and how its weekly values go: `start` plus
    `weekly` per week so far, give or take up to `spread`, rounded to `decimals`; a week
    is missing now and then with `gaps` (that share of weeks)."""

    title: Text
    goal: Text
    start: float
    weekly: float
    spread: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    owner: Text | None = None
    unit: Text | None = None
    decimals: Annotated[int, Field(ge=0, le=4)] = 0
    gaps: Share = 0.0

    @model_validator(mode="after")
    def _goal_reads(self) -> MeasurableCast:
        try:
            parse_goal(self.goal, check_unit(self.unit))
        except (BadValue, ScorecardError) as error:
            raise ValueError(str(error)) from None
        return self


@dataclass(frozen=True, config=_STRICT)
class TeamCast:
    name: Text
    weekday: Annotated[int, Field(ge=0, le=6)]  # Monday = 0 (its name in the file)
    at: time
    members: Annotated[tuple[Member, ...], Field(min_length=1)]
    priorities: Annotated[tuple[Priority, ...], Field(min_length=1)]
    long_blocker: BlockerStory  # raised early, still open at the end
    blockers: tuple[BlockerStory, ...]
    commitments: Annotated[tuple[Text, ...], Field(min_length=1)]
    headlines: tuple[Text, ...]
    messages: tuple[Message, ...]
    reliability: Share  # lowest share of commitments done in a meeting
    overrun: Share  # chance that a section overruns its timebox
    measurables: Annotated[tuple[MeasurableCast, ...], Field(min_length=5, max_length=8)]

    @field_validator("weekday", mode="before")
    @classmethod
    def _weekday_by_name(cls, value: Any) -> Any:
        if isinstance(value, str):
            name = value.strip().casefold()
            if name not in WEEKDAYS:
                raise ValueError(
                    f"{value!r} is not a weekday; expected one of {', '.join(WEEKDAYS)}"
                )
            return WEEKDAYS.index(name)
        return value

    @property
    def cadence(self) -> str:
        day = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[self.weekday]
        return f"FREQ=WEEKLY;BYDAY={day};BYHOUR={self.at.hour};BYMINUTE={self.at.minute}"


@dataclass(frozen=True, config=_STRICT)
class HandOff:
    """A blocker raised in `origin`, handed to `target`, and how the receiving team clears
    it (`story_there`); the weeks are the origin team's meeting indexes."""

    origin: Text
    target: Text
    raised_week: Week
    handed_week: Week
    story: BlockerStory
    story_there: BlockerStory

    @model_validator(mode="after")
    def _order(self) -> HandOff:
        if self.origin == self.target:
            raise ValueError("origin and target must be different teams")
        if self.handed_week <= self.raised_week:
            raise ValueError("handed_week must come after raised_week")
        return self


@dataclass(frozen=True, config=_STRICT)
class Offset:
    days: Annotated[int, Field(ge=0)] = 0
    hours: Annotated[int, Field(ge=0)] = 0
    minutes: Annotated[int, Field(ge=0)] = 0

    @property
    def delta(self) -> timedelta:
        return timedelta(days=self.days, hours=self.hours, minutes=self.minutes)


@dataclass(frozen=True, config=_STRICT)
class BetweenEntry:
    """An item added with `campmeeting add` between meetings.

    It is added at the team's meeting `after_meeting` plus `offset`, or, without
    `after_meeting`, at the evening before today plus `offset`. A blocker may bring its
    story (whose text is the line): it is cleared in the meeting after the one that
    brings it.
    """

    team: Text
    kind: ItemKind
    line: Text
    after_meeting: Week | None = None
    offset: Offset = Offset()
    story: BlockerStory | None = None

    @model_validator(mode="after")
    def _story_fits(self) -> BetweenEntry:
        if self.story is not None:
            if self.kind != ItemKind.BLOCKER:
                raise ValueError("only a blocker can have a story")
            if self.story.text != self.line:
                raise ValueError("story.text must be the line")
        return self


@dataclass(frozen=True, config=_STRICT)
class BetweenMeetings:
    evening: time  # "the evening before today" is the day before today at this time
    entries: tuple[BetweenEntry, ...]


@dataclass(frozen=True, config=_STRICT)
class Cast:
    """The whole story: the teams (in the order they are created) and what they share."""

    teams: Annotated[tuple[TeamCast, ...], Field(min_length=1)]
    hand_offs: tuple[HandOff, ...]
    scope_cuts: Annotated[tuple[str, ...], Field(min_length=1)]  # appended, so " (...)"
    abandon_reasons: Annotated[tuple[Text, ...], Field(min_length=1)]
    low_rating_notes: Annotated[tuple[Text, ...], Field(min_length=1)]
    between_meetings: BetweenMeetings

    @model_validator(mode="after")
    def _references(self) -> Cast:
        """Every name the story uses leads somewhere (one line per problem, with its key)."""
        names = [team.name for team in self.teams]
        problems = [f"teams: {name!r} listed twice" for name in _twice(names)]
        for t, team in enumerate(self.teams, start=1):
            handles = [member.handle for member in team.members]
            problems += [f"teams[{t}].members: {h!r} listed twice" for h in _twice(handles)]
            for p, priority in enumerate(team.priorities, start=1):
                if priority.owner not in handles:
                    problems.append(
                        f"teams[{t}].priorities[{p}].owner: {priority.owner!r} "
                        f"is not a member of {team.name}"
                    )
            titles = [measurable.title.casefold() for measurable in team.measurables]
            for m, measurable in enumerate(team.measurables, start=1):
                if measurable.owner is not None and measurable.owner not in handles:
                    problems.append(
                        f"teams[{t}].measurables[{m}].owner: {measurable.owner!r} "
                        f"is not a member of {team.name}"
                    )
                if titles.index(measurable.title.casefold()) != m - 1:
                    problems.append(
                        f"teams[{t}].measurables[{m}].title: {measurable.title!r} listed twice"
                    )
            for m, message in enumerate(team.messages, start=1):
                if message.to not in names or message.to == team.name:
                    problems.append(
                        f"teams[{t}].messages[{m}].to: {message.to!r} is not another team"
                    )
            if all(message.week is not None for message in team.messages):
                problems.append(
                    f"teams[{t}].messages: at least one must have no week (sent now and then)"
                )
        for h, hand_off in enumerate(self.hand_offs, start=1):
            for key in ("origin", "target"):
                if getattr(hand_off, key) not in names:
                    problems.append(
                        f"hand_offs[{h}].{key}: {getattr(hand_off, key)!r} is not a team"
                    )
        for e, entry in enumerate(self.between_meetings.entries, start=1):
            if entry.team not in names:
                problems.append(f"between_meetings.entries[{e}].team: {entry.team!r} is not a team")
        if problems:
            raise ValueError("\n".join(problems))
        return self


def _twice(values: list[str]) -> list[str]:
    return sorted({value for value in values if values.count(value) > 1})


# --------------------------------------------------------------------------- reading

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ADAPTER = TypeAdapter(Cast)


def _where(loc: tuple[int | str, ...]) -> str:
    """('teams', 1, 'members', 0) -> 'teams[2].members[1]' (arrays counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        elif _BARE_KEY.match(part):
            out += f".{part}" if out else part
    return out


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    if kind == "missing":
        return "is required"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return "unknown key"
    if kind == "string_pattern_mismatch":
        return "must not be empty"
    if kind == "too_short":
        return f"needs at least {(err.get('ctx') or {}).get('min_length', 1)}"
    if kind in ("dict_type", "dataclass_type", "model_type"):
        return "must be a table"
    msg = str(err.get("msg", kind)).removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def parse_cast(data: Any, source: str = SOURCE) -> Cast:
    """The cast in a decoded `cast.toml` document; :class:`CastError` if it is not one."""
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        inside = {tuple(err["loc"])[:n] for err in errors for n in range(len(err["loc"]))}
        problems = []
        for err in errors:
            if err["type"] == "too_short" and tuple(err["loc"]) in inside:
                continue  # too short only because its broken entries are left out
            where = _where(tuple(err["loc"]))
            for line in _message(err).splitlines():  # a check may report several places
                problems.append(f"{source}: {where}: {line}" if where else f"{source}: {line}")
        raise CastError(problems) from None


def read_cast(text: str, source: str = SOURCE) -> Cast:
    """The cast in the text of a `cast.toml` file; :class:`CastError` if it is not one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CastError(f"{source}: {exc}") from None
    return parse_cast(data, source)


@cache
def load_cast() -> Cast:
    """The cast shipped with campmeeting (`campmeeting/demo/cast.toml`), read once."""
    return read_cast((files("campmeeting.demo") / SOURCE).read_text(encoding="utf-8"))


# The teams of the shipped cast, in the order they are created.
DEMO_TEAM_NAMES: tuple[str, ...] = tuple(team.name for team in load_cast().teams)
