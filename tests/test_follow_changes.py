"""The live screen follows what other terminals write, from its first moment.

Found by `make stress` under load: lines added by `campmeeting add` between the meeting
screen's mount and its first clock tick were never listed, because the screen took its
first reading of PRAGMA data_version at that tick, after the change.
"""

from __future__ import annotations

from campmeeting.clock import FakeTime
from campmeeting.meeting import add_between_meetings
from campmeeting.model import ItemKind
from campmeeting.store import Store
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.widgets.item_list import ItemList
from tests.tui_support import file_store, make_app, seed_team, wait_for_screen, wait_until


async def test_a_line_added_before_the_first_tick_is_listed(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        other = Store.open(tmp_path / "campmeeting.db")  # another terminal
        add_between_meetings(other, source, other.team(team.id), ItemKind.HEADLINE, "Signed Acme")
        other.close()
        screen.tick()  # the first tick (the test drives the clock)
        items = screen.query_one("#items", ItemList)
        await wait_until(pilot, lambda: items.option_count == 1, "the added line listed")
        assert "Signed Acme" in str(items.get_option_at_index(0).prompt)
    store.close()
