"""The insights screen, driven as a user would: `i` from home, the three tabs, a signal
opened to its items, an item opened to its history, a team chosen; and its snapshots at
80x24 and 200x50 (`make snapshot-update`, then look at the SVGs before committing)."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static, TabbedContent

from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.store import Store
from campmeeting.tui.commands import screen_commands
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.literal import visible
from campmeeting.tui.screens.home import HomeScreen
from campmeeting.tui.screens.insights import InsightsScreen
from campmeeting.tui.screens.item_history import ItemHistoryScreen
from campmeeting.tui.screens.minutes_view import MinutesScreen
from campmeeting.tui.screens.review import ReviewScreen
from campmeeting.tui.widgets.trends import TeamTrend
from tests.insights_support import CAMP, HOSTILE, story
from tests.tui_support import make_app, settle, still, wait_for_screen, wait_until


@pytest.fixture
def told() -> tuple[Store, FakeTime, dict[str, int]]:
    store = Store.memory()
    clock = FakeTime(datetime(2026, 1, 1))
    ids = story(store, clock)  # the clock is left at Tue 24 Nov 12:00
    return store, clock, ids


async def open_insights(pilot: Pilot) -> InsightsScreen:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("i")
    screen = await wait_for_screen(pilot, InsightsScreen)
    await wait_until(pilot, lambda: screen.insights is not None, "the insights")
    await settle(pilot)
    return screen


def signal_prompts(screen: InsightsScreen) -> list[str]:
    options = screen.query_one("#signals", OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_i_on_home_opens_every_teams_trends(told) -> None:
    store, clock, _ids = told
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        title = str(screen.query_one("#insights-title", Static).render())
        assert title == "Insights · every team · 13 weeks to Tue 24 Nov"
        trends = screen.query(TeamTrend)
        assert [t.team.team for t in trends] == ["Ops", "Platform"]
        assert screen.query_one("#insights-tabs", TabbedContent).active == "trends"
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)


async def test_a_signal_opens_to_its_items_and_an_item_to_its_history(told) -> None:
    store, clock, ids = told
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert screen.query_one("#insights-tabs", TabbedContent).active == "drift"
        assert signal_prompts(screen) == [
            "Stuck blockers (1) · Ops",
            "Slipping commitments (2) · Ops",
            "Priorities adrift (1) · Ops",
            "Chronic overrun (1) · Ops",
            "Honesty gap (1) · Ops",
            "Broken rhythm (1) · Ops",
            "Stuck blockers (1) · Platform",
        ]
        signals = screen.query_one("#signals", OptionList)
        items = screen.query_one("#signal-items", OptionList)
        assert signals.has_focus
        await pilot.press("enter")  # the stuck blocker's items
        await settle(pilot)
        assert items.has_focus and items.option_count == 1
        assert items.border_title == "Stuck blockers: open and carried 3 or more times"
        await pilot.press("enter")
        history = await wait_for_screen(pilot, ItemHistoryScreen)
        assert history.item_id == ids["stuck"]
        await pilot.press("escape")
        await wait_for_screen(pilot, InsightsScreen)

        # the honesty gap is a meeting: Enter opens its minutes
        items_focus = screen.query_one("#signals", OptionList)
        items_focus.focus()
        await pilot.press("down", "down", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("enter")
        minutes = await wait_for_screen(pilot, MinutesScreen)
        assert minutes.meeting_id == ids["gap"]
        await pilot.press("escape")
        await wait_for_screen(pilot, InsightsScreen)

        # a missed meeting has nothing to open: it says so and stays
        items_focus.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InsightsScreen)
        status = str(screen.query_one("#insights-status", Static).render())
        assert status == "No meeting on Tue 17 Nov: a missed meeting has nothing to open"
        # Escape: from the items back to the signals, then home
        await pilot.press("escape")
        assert signals.has_focus
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)


async def test_user_text_is_shown_literally(told) -> None:
    store, clock, _ids = told
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_insights(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("end", "enter")  # Platform's stuck blocker: the hostile text
        await settle(pilot)
        items = screen.query_one("#signal-items", OptionList)
        prompt = str(items.get_option_at_index(0).prompt)
        assert prompt.startswith(visible(f"Printer {HOSTILE}"))  # no markup read, nothing run
        assert "\x1b" not in prompt  # the escape character is made visible


async def test_teams_tab_and_choosing_a_team_and_a_window(told) -> None:
    store, clock, ids = told
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = screen.query_one("#team-table", DataTable)
        assert table.has_focus and table.row_count == 2
        assert [str(c) for c in table.get_row_at(0)] == [
            "Ops",
            "Tue 24 Nov",
            "0%",
            "7.5/10",
            "1",
            "4 weeks",
            "6",
        ]
        assert screen.query_one("#handoffs", DataTable).row_count == 1
        assert screen.query_one("#messages", DataTable).row_count == 1
        await pilot.press("down", "enter")  # Platform: its trends
        await wait_until(pilot, lambda: screen.team_id == ids["platform"], "Platform")
        await wait_until(pilot, lambda: screen.insights and screen.insights.team == "Platform")
        await settle(pilot)
        assert screen.query_one("#insights-tabs", TabbedContent).active == "trends"
        assert [t.team.team for t in screen.query(TeamTrend)] == ["Platform"]
        await pilot.press("t")
        dialog = await wait_for_screen(pilot, ChoiceScreen)
        assert [c.label for c in dialog.choices] == ["Every team", "Ops", "Platform"]
        dialog.dismiss(0)
        await wait_until(pilot, lambda: screen.insights and screen.insights.team is None)
        await pilot.press("w")
        await wait_until(pilot, lambda: screen.insights and screen.insights.window.weeks == 26)
        names = [c.name for c in screen_commands(screen)]
        assert {"Insights: every team", "Insights: Ops", "Insights window: 52 weeks"} <= set(names)
        assert "Show the drift signals" in names  # the screen's keys are in the palette


async def test_review_shows_the_teams_decision_velocity(told) -> None:
    store, clock, ids = told
    platform = store.team(ids["platform"])
    clock.set(datetime(2026, 12, 3, 16, 0))
    live = LiveMeeting.start(store, clock, platform, CAMP, "camp")
    live.set_status(ids["handed"], "resolved")  # raised by Ops on 27 Oct 09:00: 37 days
    live.end()
    app = make_app(store, clock, team=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.open_review(platform)
        review = await wait_for_screen(pilot, ReviewScreen)
        await settle(pilot)
        velocity = str(review.query_one("#review-velocity", Static).render())
        assert velocity == "Decision velocity: 37.3 days, 1 resolved, 13 weeks"
        review.show_team(ids["ops"])
        await settle(pilot)
        velocity = str(review.query_one("#review-velocity", Static).render())
        assert velocity == "Decision velocity: no blockers resolved in 13 weeks"


async def test_insights_of_an_empty_file(source: FakeTime) -> None:
    app = make_app(Store.memory(), source)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        assert signal_prompts(screen) == ["Nothing drifts in 13 weeks."]
        assert screen.query_one("#team-table", DataTable).row_count == 0


# --------------------------------------------------------------------------- snapshots

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((200, 50), id="200x50")]


def snapshot_app(keys: tuple[str, ...]):
    store = Store.memory()
    clock = FakeTime(datetime(2026, 1, 1))
    story(store, clock)
    app = make_app(store, clock)

    async def run_before(pilot: Pilot) -> None:
        await open_insights(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await still(pilot)

    return app, run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "keys",
    [
        pytest.param((), id="trends"),
        pytest.param(("2", "down"), id="drift"),
        pytest.param(("3",), id="teams"),
    ],
)
def test_insights_snapshots(snap_compare, size, keys) -> None:
    app, run_before = snapshot_app(keys)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
