"""Shared fixtures: a fake clock, an in-memory store, a team of three, the camp agenda.

Stable names other test modules rely on: `source`, `store`, `team`, `camp`.
TZ is pinned to Europe/Berlin below; START is local wall-clock time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from campmeeting.agenda import Agenda, load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import add_member, create_team
from campmeeting.records import Team
from campmeeting.store import Store

# Local time is Berlin in every test (the Makefile sets TZ too; this guards a bare `pytest`).
os.environ["TZ"] = "Europe/Berlin"
time.tzset()


@pytest.fixture(autouse=True)
def berlin(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Every test starts in Berlin time, and a test that changes TZ cannot leak it. The
    user's config file is a fresh one per test: nothing reads or writes the real one."""
    monkeypatch.setenv("CAMPMEETING_CONFIG", str(tmp_path_factory.mktemp("config") / "config.toml"))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# Tuesday 2026-11-24 09:00 Europe/Berlin (08:00 UTC), naive = local wall-clock time.
START = datetime(2026, 11, 24, 9, 0)
TEAM_NAME = "Core"
HANDLES = ("ana", "bo", "cy")


@pytest.fixture
def source() -> FakeTime:
    """A clock that moves only when told: `source.advance(minutes=5)`, `source.set(dt)`."""
    return FakeTime(START)


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh, fully migrated in-memory database."""
    db = Store.memory()
    yield db
    db.close()


@pytest.fixture
def team(store: Store, source: FakeTime) -> Team:
    """The team "Core" with members @ana, @bo and @cy (no cadence yet)."""
    created = create_team(store, source, TEAM_NAME)
    for handle in HANDLES:
        add_member(store, source, created, handle, handle.capitalize())
    return created


@pytest.fixture
def camp() -> Agenda:
    """The bundled 60-minute camp agenda (8 sections)."""
    return load_agenda(resolve_agenda("camp"))
