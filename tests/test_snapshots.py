"""Screenshots of every screen state that a team sees, at 80x24 and at 120x40;
the screens a room reads most also at 60x20 and 200x50.

Reviewed by eye before acceptance (`make snapshot-update`, then open snapshot_report.html or
the SVGs under tests/__snapshots__). The clock is the injected FakeTime: nothing ticks.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.model import ItemKind
from campmeeting.store import Store
from tests.tui_support import HOSTILE, make_app, seed_team, still

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
# The smallest usable terminal and a wall screen, for the screens a room reads most.
EVERY_SIZE = [pytest.param((60, 20), id="60x20"), *SIZES, pytest.param((200, 50), id="200x50")]
LAST_WEEK = datetime(2026, 11, 17, 9, 0)
THIS_WEEK = datetime(2026, 11, 24, 9, 0)


def seeded(source: FakeTime) -> Store:
    """Two teams; Leadership met last week and left work open for this week."""
    store = Store.memory()
    source.set(LAST_WEEK)
    team = seed_team(store, source)
    seed_team(store, source, "Ops")
    camp = load_agenda(resolve_agenda("camp"))
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.go_to(2)
    live.capture("Launch v2 to pilot customers @ana")
    live.capture("Hire two engineers @bo")
    live.go_to(3)
    live.capture("Vendor contract stuck in legal @bo")
    live.capture(f"Printer on floor 2 {HOSTILE}")
    live.go_to(5)
    live.capture("Draft the Q1 plan @ana due:+3d")
    live.capture("Call the vendor's lawyer @bo due:+5d")
    live.capture("Book the offsite @cy due:+2w")
    for person, rating in zip(live.members(), (8, 7, 9), strict=True):
        live.rate(person.id, rating)
    live.end()
    source.set(THIS_WEEK)
    return store


def start_this_week(store: Store, source: FakeTime) -> None:
    """Start this week's meeting in the core, so the app resumes it."""
    team = store.team_by_name("Leadership")
    LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("camp")), "camp")


def app_at(source: FakeTime, position: int, setup=None):
    store = seeded(source)
    start_this_week(store, source)
    live = LiveMeeting.resume(store, source, store.team_by_name("Leadership"))
    live.go_to(position)
    if setup:
        setup(live)
    return make_app(store, source, team=store.team_by_name("Leadership"))


@pytest.mark.parametrize("size", SIZES)
def test_home_empty(snap_compare, size, source: FakeTime) -> None:
    assert snap_compare(make_app(Store.memory(), source), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_home_with_teams(snap_compare, size, source: FakeTime) -> None:
    store = seeded(source)
    assert snap_compare(make_app(store, source), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_checkin(snap_compare, size, source: FakeTime) -> None:
    def setup(live: LiveMeeting) -> None:
        live.capture("Closed the Acme deal 🎉")
        live.capture(HOSTILE)

    app = app_at(source, 0, setup)
    assert snap_compare(app, terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_accountability(snap_compare, size, source: FakeTime) -> None:
    def setup(live: LiveMeeting) -> None:
        due = [v for v in live.items() if v.due_in_review]
        live.review(due[0].id, "done")

    app = app_at(source, 1, setup)
    assert snap_compare(app, terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_priorities(snap_compare, size, source: FakeTime) -> None:
    def setup(live: LiveMeeting) -> None:
        live.set_status(live.items()[1].id, "off_track")

    assert snap_compare(app_at(source, 2, setup), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_blockers_with_carried(snap_compare, size, source: FakeTime) -> None:
    def setup(live: LiveMeeting) -> None:
        live.capture("Ops must approve the spend #Ops")
        live.capture("Laptops arrive late @cy")

    assert snap_compare(app_at(source, 3, setup), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_act_working_a_blocker(snap_compare, size, source: FakeTime) -> None:
    def setup(live: LiveMeeting) -> None:
        live.focus(live.items()[0].id)
        live.capture("Escalate to the general counsel")
        live.capture("Send the redlines @bo due:fri")

    assert snap_compare(app_at(source, 4, setup), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_commitments(snap_compare, size, source: FakeTime) -> None:
    def setup(live: LiveMeeting) -> None:
        live.capture("Publish the hiring plan @ana due:next")

    assert snap_compare(app_at(source, 5, setup), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_cascade(snap_compare, size, source: FakeTime) -> None:
    def setup(live: LiveMeeting) -> None:
        live.capture("Spend freeze until December #Ops")

    assert snap_compare(app_at(source, 6, setup), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_close_with_ratings(snap_compare, size, source: FakeTime) -> None:
    def setup(live: LiveMeeting) -> None:
        people = live.members()
        live.rate(people[0].id, 9)
        live.set_present(people[2].id, False)

    assert snap_compare(app_at(source, 7, setup), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_decisions_and_notes_sections(snap_compare, size, source: FakeTime, tmp_path) -> None:
    agenda_file = tmp_path / "short.toml"
    agenda_file.write_text(
        'name = "Decision log"\n'
        '[[sections]]\ntitle = "Decisions"\nkind = "decisions"\nminutes = 10\n'
        'prompt = "Record what was decided."\n'
        '[[sections]]\ntitle = "Notes"\nkind = "notes"\nminutes = 0.5\n',
        encoding="utf-8",
    )
    store = Store.memory()
    team = seed_team(store, source)
    live = LiveMeeting.start(store, source, team, load_agenda(agenda_file), "short")
    live.add_item(ItemKind.DECISION, "We move the launch to March")
    app = make_app(store, source, team=team)
    assert snap_compare(app, terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_section_over_time(snap_compare, size, source: FakeTime) -> None:
    app = app_at(source, 3)

    async def overrun(pilot) -> None:
        source.advance(minutes=6, seconds=12)
        pilot.app.screen.tick()
        await still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=overrun)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, size, source: FakeTime) -> None:
    assert snap_compare(app_at(source, 0), terminal_size=size, press=["f1"], run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_light_theme_over_time(snap_compare, size, source: FakeTime) -> None:
    """The same overrun on a light theme: the alert colours still read on white."""

    def setup(live: LiveMeeting) -> None:
        live.capture("Laptops arrive late @cy")

    app = app_at(source, 3, setup)

    async def light_and_late(pilot) -> None:
        pilot.app.theme = "textual-light"
        source.advance(minutes=4, seconds=30)  # 90% of the 5-minute timebox: warning
        pilot.app.screen.tick()
        await still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=light_and_late)
