"""The demo's cast: cast.toml ships as package data, loads, and a broken one says what is wrong."""

from __future__ import annotations

import copy
import tomllib
from importlib.resources import files
from typing import Any

import pytest

from campmeeting.demo import DEMO_TEAM_NAMES, WEEKS
from campmeeting.demo.cast import CastError, load_cast, parse_cast, read_cast
from campmeeting.model import ItemKind


@pytest.fixture
def data() -> dict[str, Any]:
    """The shipped cast.toml, decoded, to be broken by each test."""
    return tomllib.loads((files("campmeeting.demo") / "cast.toml").read_text(encoding="utf-8"))


def problems(data: Any) -> list[str]:
    with pytest.raises(CastError) as refused:
        parse_cast(data)
    return refused.value.problems


# --------------------------------------------------------------------------- the shipped cast


def test_the_shipped_cast_loads_once_and_is_frozen() -> None:
    cast = load_cast()
    assert load_cast() is cast
    assert tuple(team.name for team in cast.teams) == DEMO_TEAM_NAMES
    with pytest.raises(AttributeError):
        cast.teams[0].name = "Renamed"  # type: ignore[misc]


def test_every_team_has_members_owners_and_a_weekly_slot_of_its_own() -> None:
    cast = load_cast()
    assert len({team.cadence for team in cast.teams}) == len(cast.teams)
    for team in cast.teams:
        handles = {member.handle for member in team.members}
        assert 4 <= len(handles) == len(team.members) <= 6
        assert {priority.owner for priority in team.priorities} <= handles
        assert team.blockers and team.commitments and team.headlines
        assert [m for m in team.messages if m.week is None]
        assert {m.to for m in team.messages} <= set(DEMO_TEAM_NAMES) - {team.name}


def test_the_story_keeps_its_shape() -> None:
    """What the demo's tests count on: one dropped priority, a done one per team,
    hand-offs inside the twelve weeks, items waiting for the next meeting."""
    cast = load_cast()
    courses = [p.course for team in cast.teams for p in team.priorities]
    assert courses.count("dropped") == 1
    assert all("done" in [p.course for p in team.priorities] for team in cast.teams)
    assert cast.hand_offs
    for hand_off in cast.hand_offs:
        assert 0 <= hand_off.raised_week < hand_off.handed_week < WEEKS
    entries = cast.between_meetings.entries
    assert [e for e in entries if e.after_meeting is None]
    assert [e for e in entries if e.after_meeting is not None]
    assert all(e.story is None or e.kind == ItemKind.BLOCKER for e in entries)
    assert all(cut.startswith(" ") for cut in cast.scope_cuts)  # appended to a text


# --------------------------------------------------------------------------- a broken cast


def test_a_missing_or_unknown_key_is_named(data: dict[str, Any]) -> None:
    del data["teams"][0]["members"][2]["handle"]
    data["teams"][1]["colour"] = "red"
    del data["scope_cuts"]
    assert sorted(problems(data)) == [
        "cast.toml: scope_cuts: is required",
        "cast.toml: teams[1].members[3].handle: is required",
        "cast.toml: teams[2].colour: unknown key",
    ]


def test_a_wrong_value_is_named(data: dict[str, Any]) -> None:
    data["teams"][0]["weekday"] = "funday"
    data["teams"][1]["reliability"] = 1.5
    data["teams"][2]["priorities"][0]["course"] = "soon"
    data["teams"][2]["headlines"][0] = "   "
    data["hand_offs"][0]["handed_week"] = WEEKS
    data["between_meetings"]["entries"][0]["kind"] = "memo"
    found = problems(data)
    assert len(found) == 6
    wheres = [line.split(": ")[1] for line in found]
    assert sorted(wheres) == sorted(
        [
            "teams[1].weekday",
            "teams[2].reliability",
            "teams[3].priorities[1].course",
            "teams[3].headlines[1]",
            "hand_offs[1].handed_week",
            "between_meetings.entries[1].kind",
        ]
    )
    assert "'funday' is not a weekday" in found[wheres.index("teams[1].weekday")]


def test_a_name_that_leads_nowhere_is_named(data: dict[str, Any]) -> None:
    data["teams"][1]["priorities"][0]["owner"] = "maria"  # a Leadership member
    data["teams"][2]["messages"][0]["to"] = "Operations"  # its own team
    data["hand_offs"][0]["origin"] = "Sales"
    data["between_meetings"]["entries"][1]["team"] = "Sales"
    assert problems(data) == [
        "cast.toml: teams[2].priorities[1].owner: 'maria' is not a member of Product",
        "cast.toml: teams[3].messages[1].to: 'Operations' is not another team",
        "cast.toml: hand_offs[1].origin: 'Sales' is not a team",
        "cast.toml: between_meetings.entries[2].team: 'Sales' is not a team",
    ]


def test_a_story_fits_its_item(data: dict[str, Any]) -> None:
    entries = data["between_meetings"]["entries"]
    entries[1]["story"] = copy.deepcopy(entries[0]["story"])  # a commitment
    entries[0]["story"]["text"] = "Something else"
    assert problems(data) == [
        "cast.toml: between_meetings.entries[1]: story.text must be the line",
        "cast.toml: between_meetings.entries[2]: only a blocker can have a story",
    ]


def test_a_file_that_is_not_toml_says_where() -> None:
    with pytest.raises(CastError, match=r"^cast\.toml: .*line 2, column") as refused:
        read_cast('scope_cuts = [" (a)"]\nteams = = 1\n')
    assert len(refused.value.problems) == 1


def test_a_measurable_that_cannot_be_is_named(data: dict[str, Any]) -> None:
    product = copy.deepcopy(data["teams"][1]["measurables"])
    leadership = data["teams"][0]["measurables"]
    leadership[0]["goal"] = "> 5"
    leadership[1]["owner"] = "lena"  # a Product member
    leadership[2]["title"] = leadership[3]["title"].upper()
    del data["teams"][1]["measurables"][1:]  # one is not a scorecard
    found = problems(data)
    assert found[0].startswith("cast.toml: teams[1].measurables[1]: goal '> 5'")
    assert "cast.toml: teams[2].measurables: needs at least 5" in found
    data["teams"][1]["measurables"] = product  # the rest right: names are checked now
    data["teams"][0]["measurables"][0]["goal"] = ">= 5"
    assert problems(data) == [
        "cast.toml: teams[1].measurables[2].owner: 'lena' is not a member of Leadership",
        "cast.toml: teams[1].measurables[4].title: 'Gross margin' listed twice",
    ]
