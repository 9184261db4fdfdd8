"""The accountability review shows an owner's report as a mark and `y` accepts it."""

from __future__ import annotations

from datetime import timedelta

from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.meeting.reports import report
from campmeeting.store import Store
from campmeeting.tui.commands import screen_keys
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.widgets.item_list import ItemList
from tests.conftest import START
from tests.tui_support import make_app, seed_team, wait_until


def option_texts(screen: MeetingScreen) -> list[str]:
    items = screen.query_one("#items", ItemList)
    return [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]


async def test_y_accepts_the_report_in_accountability(source: FakeTime, camp) -> None:
    store = Store.memory()
    team = seed_team(store, source)
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.go_to(5)
    ship = live.capture("Ship the beta @ana due:fri").item_ids[0]
    hire = live.capture("Hire a designer @bo due:+14d").item_ids[0]
    live.end()
    source.set(START + timedelta(days=6, minutes=12))  # Monday 09:12
    report(store, source, "ana", ship, "done")
    report(store, source, "bo", hire, "rescoped", line="Hire a designer due:+20d")
    source.set(START + timedelta(days=7))
    LiveMeeting.start(store, source, team, camp, "camp").go_to(1)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        texts = option_texts(screen)
        assert "reported done by @ana Mon 09:12" in texts[0]
        assert "reported re-scope by @bo Mon 09:12" in texts[1]
        stats = str(screen.query_one("#section-stats").render())
        assert "2 reported by their owner (y accepts)" in stats
        keys = {k.description for k in screen_keys(screen)}
        assert any("Accept the owner's report" in k for k in keys)  # help and palette
        await pilot.press("y")
        await wait_until(pilot, lambda: store.item(ship).status == "done", "ship done")
        outcomes = {r["item_id"]: r["outcome"] for r in store.rows("select * from reviews")}
        assert outcomes[ship] == "done"
        # the selection moved to the next one to review: the re-scope, through its dialog
        assert screen.query_one("#items", ItemList).highlighted_item_id == hire
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        labels = [str(c.label) for c in app.screen.choices]
        assert labels[0] == "Accept @bo's report: re-scoped"
        app.screen.dismiss(app.screen.choices[0].value)
        await wait_until(pilot, lambda: store.item(hire).due_date == "2026-12-20", "rescoped")
        # not due at this meeting, so not a review record: the re-scope is what counts
        assert store.scalar("select count(*) from reviews where item_id = ?", [hire]) == 0
        await pilot.press("y")  # nothing left to accept: one line says why
        await wait_until(
            pilot, lambda: "Select a commitment" in str(screen.query_one("#status-line").render())
        )
