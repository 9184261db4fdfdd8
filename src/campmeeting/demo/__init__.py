"""`campmeeting demo`: a separate database with three teams and twelve weeks of history.

    cast.toml  the story as data: the teams, their members, priorities, blockers,
               commitments, headlines and messages, the hand-offs between teams, and
               the items added between meetings
    cast.py    reads cast.toml (package data) into frozen dataclasses, checked
    script.py  plays the weeks through the real meeting core on a fake clock and
               writes the database safely
    scale.py   `demo --teams N --weeks W`: a large history, for trying scale: a group
               of teams played through the core (play.py), copied until there are N
               teams (copies.py)

The same seed and the same `today` give the same database, row for row, timestamps
included. A demo database is marked in the SQLite header (`PRAGMA application_id`):
`build_demo` replaces only a file that carries the mark (or is empty) and refuses
anything else with `StoreError`, leaving it untouched.
"""

from __future__ import annotations

from campmeeting.demo.cast import DEMO_TEAM_NAMES, WEEKS
from campmeeting.demo.script import (
    DEFAULT_SEED,
    DEMO_APPLICATION_ID,
    build_demo,
    is_demo_database,
)

__all__ = [
    "DEFAULT_SEED",
    "DEMO_APPLICATION_ID",
    "DEMO_TEAM_NAMES",
    "WEEKS",
    "build_demo",
    "is_demo_database",
]
