"""Screenshots of the screens around the meeting: review, minutes, search, a person, an
item's history, the ended screen, and the dialogs (team form, attendance, choices), at
80x24 (the smallest a team should need) and 120x40.

Reviewed by eye before acceptance (`make snapshot-update`, then the SVGs under
tests/__snapshots__). The clock is the injected FakeTime: nothing ticks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from campmeeting.clock import FakeTime
from campmeeting.meeting.teams import set_cadence
from campmeeting.store import Store
from campmeeting.tui.app import REVIEW_MODE, CampApp
from campmeeting.tui.dialogs.attendance import AttendanceScreen
from campmeeting.tui.dialogs.confirm import ConfirmScreen
from campmeeting.tui.dialogs.team_form import TeamFormScreen
from campmeeting.tui.messages import OpenItem, OpenMinutes, OpenPerson, OpenSearch
from campmeeting.tui.screens.ended import EndedScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.screens.search import SearchScreen
from tests.test_history import Seeded, seed
from tests.tui_support import make_app, seed_team, settle, still, wait_for_screen, wait_until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def review(source: FakeTime) -> tuple[CampApp, Seeded]:
    store = Store.memory()
    seeded = seed(store, source)
    return make_app(store, source, mode=REVIEW_MODE), seeded


def then(*steps: Callable[[Pilot], Awaitable[None]]) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        for step in steps:
            await step(pilot)
        await still(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_review_meetings(snap_compare, size, source: FakeTime) -> None:
    app, _seeded = review(source)
    assert snap_compare(app, terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_minutes_at_an_item(snap_compare, size, source: FakeTime) -> None:
    app, seeded = review(source)

    async def open_minutes(pilot: Pilot) -> None:
        pilot.app.screen.post_message(OpenMinutes(seeded.m1, seeded.legal))
        await wait_until(pilot, lambda: pilot.app.screen.query("#minutes-md .-found"))
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#minutes-scroll").scroll_y > 0)

    assert snap_compare(app, terminal_size=size, run_before=then(open_minutes))


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, size, source: FakeTime) -> None:
    app, _seeded = review(source)

    async def search(pilot: Pilot) -> None:
        pilot.app.screen.post_message(OpenSearch("legal"))
        screen = await wait_for_screen(pilot, SearchScreen)
        await wait_until(pilot, lambda: screen.searched == "legal")

    assert snap_compare(app, terminal_size=size, run_before=then(search))


@pytest.mark.parametrize("size", SIZES)
def test_person(snap_compare, size, source: FakeTime) -> None:
    app, seeded = review(source)

    async def person(pilot: Pilot) -> None:
        pilot.app.screen.post_message(OpenPerson(seeded.bo))
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "PersonScreen")

    assert snap_compare(app, terminal_size=size, run_before=then(person))


@pytest.mark.parametrize("size", SIZES)
def test_item_history(snap_compare, size, source: FakeTime) -> None:
    app, seeded = review(source)

    async def history(pilot: Pilot) -> None:
        pilot.app.screen.post_message(OpenItem(seeded.flaky))
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "ItemHistoryScreen")

    assert snap_compare(app, terminal_size=size, run_before=then(history))


@pytest.mark.parametrize("size", SIZES)
def test_choose_a_person(snap_compare, size, source: FakeTime) -> None:
    app, _seeded = review(source)
    assert snap_compare(app, terminal_size=size, press=["p"], run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_ended_meeting(snap_compare, size, source: FakeTime) -> None:
    store = Store.memory()
    seeded = seed(store, source)
    app = make_app(store, source)

    async def ended(pilot: Pilot) -> None:
        pilot.app.push_screen(EndedScreen(store, seeded.m2))
        await wait_for_screen(pilot, EndedScreen)

    assert snap_compare(app, terminal_size=size, run_before=then(ended))


@pytest.mark.parametrize("size", SIZES)
def test_team_form(snap_compare, size, source: FakeTime) -> None:
    store = Store.memory()
    seed_team(store, source)
    app = make_app(store, source)

    async def form(pilot: Pilot) -> None:
        pilot.app.push_screen(TeamFormScreen(store))
        await wait_for_screen(pilot, TeamFormScreen)

    assert snap_compare(app, terminal_size=size, run_before=then(form))


@pytest.mark.parametrize("size", SIZES)
def test_start_question(snap_compare, size, source: FakeTime) -> None:
    """Home asks before starting; the question wraps, never cut at 80 columns."""
    store = Store.memory()
    team = seed_team(store, source, "Leadership of the Northern Region")
    set_cadence(store, source, team, "every tuesday 9:00")
    app = make_app(store, source)

    async def ask(pilot: Pilot) -> None:
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmScreen)

    assert snap_compare(app, terminal_size=size, run_before=then(ask))


@pytest.mark.parametrize("size", SIZES)
def test_attendance_and_item_dialog(snap_compare, size, source: FakeTime) -> None:
    store = Store.memory()
    team = seed_team(store, source)
    app = make_app(store, source, team=team)

    async def attendance(pilot: Pilot) -> None:
        await wait_for_screen(pilot, MeetingScreen)
        await pilot.press("m")
        await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("j", "enter")  # Bo absent

    assert snap_compare(app, terminal_size=size, run_before=then(attendance))


@pytest.mark.parametrize("size", SIZES)
def test_item_choices(snap_compare, size, source: FakeTime) -> None:
    store = Store.memory()
    team = seed_team(store, source)
    app = make_app(store, source, team=team)

    async def choices(pilot: Pilot) -> None:
        screen = await wait_for_screen(pilot, MeetingScreen)
        screen.live.go_to(2)
        screen.live.capture("Launch v2 to the pilot customers @ana")
        screen.refresh_view()
        await settle(pilot)
        screen.action_act()  # Enter on the highlighted priority
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "ChoiceScreen")

    assert snap_compare(app, terminal_size=size, run_before=then(choices))
