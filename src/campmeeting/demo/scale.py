"""`campmeeting demo --teams N --weeks W`: a large, consistent history, for trying scale.

A group of up to five teams (Leadership, Product, Operations, Sales, Engineering, each
meeting on its own weekday) is played week by week through the real meeting core on a
`FakeTime`, as the small demo is: priorities set each quarter, go off track and come
back, get done or dropped; blockers raised, worked, resolved, dropped or handed to
another team of the group; commitments made, reviewed (done, re-scoped, abandoned,
still open); headlines, cascaded messages read and acknowledged, items added between
meetings, ratings, the odd missed week. Its texts come from the demo's cast, with
customers and quarters woven in.

The group is then copied into the target file (copies.py) until there are N teams:
each copy is the same story under other team and people names. When N is not a
multiple of the group, the remaining teams are a second, smaller group played alongside
the first. Nothing is written but through the core and those copies, so the archive's
own checks, review, search, minutes and exports work on the result unchanged.

The same seed, sizes and `today` give the same database. It carries the demo's mark
(`PRAGMA application_id`) and, like the small demo, replaces only a demo database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

from campmeeting.clock import SystemTime, local_today
from campmeeting.demo.copies import Copy, copy_group
from campmeeting.demo.play import ROLES, People, Player
from campmeeting.demo.script import (
    DEFAULT_SEED,
    DEMO_APPLICATION_ID,
    built_in_place_of,
    check_target,
)
from campmeeting.records import Person
from campmeeting.store import Store

__all__ = ["GROUP", "MAX_TEAMS", "MAX_WEEKS", "build_scale", "team_names"]

GROUP = 5  # teams played through the core; the rest are copies of them
MAX_TEAMS = 1000
MAX_WEEKS = 1040  # twenty years


REGIONS = (
    "Lisbon Berlin Oslo Madrid Vienna Dublin Prague Warsaw Zurich Milan Lyon Porto Ghent "
    "Tallinn Riga Vilnius Krakow Bergen Malmo Turku Leeds Bristol Cork Utrecht Leiden Basel "
    "Graz Brno Bilbao Seville Nantes Lille Bremen Hamburg Munich Cologne Aarhus Odense Tartu "
    "Kaunas Gdansk Poznan Split Ljubljana Bratislava Debrecen Cluj Varna Thessaloniki Valletta"
).split()


def team_names(teams: int) -> list[str]:
    """The names of the scale demo's teams, in the order they are numbered."""
    group, copies, rest = _layout(teams)
    names = [_team_name(role, copy) for copy in range(copies) for role in range(group)]
    return names + [_team_name(role, copies) for role in range(rest)]


def _layout(teams: int) -> tuple[int, int, int]:
    """(teams in the main group, copies of it, teams in the second group)."""
    group = min(teams, GROUP)
    return group, teams // group, teams % group


def _team_name(role: int, copy: int) -> str:
    region = REGIONS[copy] if copy < len(REGIONS) else f"Region{copy + 1}"
    return f"{ROLES[role].name}-{region}"


# --------------------------------------------------------------------------- building


def build_scale(
    path: Path,
    teams: int,
    weeks: int,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write a history of `teams` teams and `weeks` weekly meetings each to `path`.

    `path` must not exist, be empty, or hold a demo database (which is replaced);
    anything else raises `StoreError` and is left untouched. The file is built beside
    `path` under a temporary name and renamed over it when complete."""
    if not 1 <= teams <= MAX_TEAMS or not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"teams must be 1..{MAX_TEAMS} and weeks 1..{MAX_WEEKS}")
    say = progress or (lambda _text: None)
    path = Path(path)
    check_target(path)
    today = today or local_today(SystemTime())
    group, copies, rest = _layout(teams)
    rng = random.Random(seed)
    people = People(rng)
    template = Store.memory()
    try:
        say(f"playing {group + rest} teams x {weeks} weeks through the meeting core")
        player = Player(template, rng, today, weeks, people)
        player.add_group([(role, _team_name(role, 0)) for role in range(group)], 0)
        if rest:
            player.add_group([(role, _team_name(role, copies)) for role in range(rest)], 1)
        player.play()
        plan = _copies(template, player, group, copies, rest, people)
        with built_in_place_of(path) as temp:
            Store.open(temp).close()  # the schema, by the migrations
            say(f"copying to {teams} teams")
            copy_group(template.db.conn, temp, player.groups, plan, say)
            _mark(temp)
    finally:
        template.close()
    return path


def _mark(path: Path) -> None:
    store = Store.open(path)
    try:
        with store.transaction():
            store.db.execute(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
    finally:
        store.close()


def _copies(
    template: Store, player: Player, group: int, copies: int, rest: int, people: People
) -> list[Copy]:
    """Copy 0 .. copies-1 of the main group, and the second group as copy `copies`."""
    members: dict[int, list[Person]] = {t.team.id: t.people for t in player.teams}
    plan = []
    for number in range(copies + (1 if rest else 0)):
        grp = 0 if number < copies else 1
        played = [t for t in player.teams if player.groups[t.team.id] == grp]
        names = {t.team.id: _team_name(t.role_index, number) for t in played}
        if number in (0, copies):
            named = {p.id: (p.name, p.handle) for t in played for p in members[t.team.id]}
        else:
            named = {p.id: people.next() for t in played for p in members[t.team.id]}
        plan.append(Copy(number, grp, names, named))
    return plan
