"""The scorecard section through Textual's Pilot, asserting on the database after each
step: type a value on a row, Enter saves it and moves to the next row without one; a
bad value is refused and saves nothing; `i` drops an off-track number down to the
blockers; `a` adds a measurable; a value recorded in another terminal shows at once;
`h` (and review's `s`) open a measurable's history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual import events
from textual.widgets import Input

from campmeeting import scorecard
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.records import Measurable
from campmeeting.store import Store
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.dialogs.prompt import PromptScreen
from campmeeting.tui.screens.measurable_history import MeasurableHistoryScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.screens.review import ReviewScreen
from campmeeting.tui.widgets.capture_box import CaptureBox
from campmeeting.tui.widgets.item_list import ItemList
from campmeeting.tui.widgets.scorecard_table import ScorecardPanel, ValueBox
from tests.tui_support import (
    capture,
    file_store,
    make_app,
    seed_team,
    wait_for_screen,
    wait_until,
)

WEEK = "2026-W48"


def setup(store: Store, source: FakeTime) -> list[Measurable]:
    """Leadership with four measurables; Churn was recorded before the meeting; the
    level10 meeting is live at its scorecard section."""
    source.set(datetime(2026, 11, 24, 9, 0))
    team = seed_team(store, source)
    found = [
        scorecard.add_measurable(store, source, team, "Revenue", ">= 100k", "@ana", "$"),
        scorecard.add_measurable(store, source, team, "Churn", "<= 2%", "@bo"),
        scorecard.add_measurable(store, source, team, "New customers", ">= 5", "@cy"),
        scorecard.add_measurable(store, source, team, "Defects escaped", "= 0"),
    ]
    scorecard.record_value(store, source, found[1], "1.5%", WEEK)
    live = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("level10")), "level10")
    live.go_to(1)
    return found


def value_of(store: Store, measurable: Measurable) -> float | None:
    found = store.scalar(
        "select value from measurable_values where measurable_id = ? and week = ?",
        [measurable.id, WEEK],
    )
    return None if found is None else float(found)


def status(screen: MeetingScreen) -> str:
    return str(screen.query_one("#status-line").render())


async def type_keys(pilot, keys: str) -> None:
    for key in keys:
        await pilot.press(
            {",": "comma", ".": "full_stop", "-": "minus", "%": "percent_sign"}.get(key, key)
        )


async def test_type_a_value_enter_saves_and_moves_to_the_next_missing_row(
    source: FakeTime,
) -> None:
    store = Store.memory()
    revenue, churn, customers, defects = setup(store, source)
    app = make_app(store, source, team=store.team_by_name("Leadership"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        panel = screen.query_one(ScorecardPanel)
        await wait_until(pilot, lambda: panel.table.row_count == 4, "the four measurables")
        assert panel.display and not screen.query_one(ItemList).display
        assert panel.table.has_focus and panel.highlighted_id == revenue.id
        assert "3 to enter" in str(screen.query_one("#section-stats").render())
        await type_keys(pilot, "92,000")
        entry = panel.query_one(ValueBox)
        assert entry.display and entry.text == "92,000" and panel.entry_for == revenue.id
        assert panel.table.has_focus  # the table keeps the focus and feeds the box
        assert value_of(store, revenue) is None  # nothing saved before Enter
        await pilot.press("enter")
        await wait_until(pilot, lambda: value_of(store, revenue) == 92000, "Revenue saved")
        # Churn has its value already: the next row without one is New customers
        assert panel.highlighted_id == customers.id and panel.table.has_focus
        assert not entry.display
        assert "Saved Revenue $92,000: off track, goal >= $100,000" in status(screen)
        assert "✗ $92,000" in str(panel.table.get_row(str(revenue.id))[3])
        await type_keys(pilot, "7")
        await pilot.press("enter")
        await wait_until(pilot, lambda: value_of(store, customers) == 7, "New customers saved")
        assert panel.highlighted_id == defects.id
        # a value that is not one: refused on the status line, nothing saved, box stays
        await type_keys(pilot, "1x")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "'1x' is not a number" in status(screen), "the refusal")
        assert value_of(store, defects) is None and entry.display and entry.text == "1x"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not entry.display, "the box closed")
        assert value_of(store, defects) is None and panel.table.has_focus
        await type_keys(pilot, "0")
        await pilot.press("enter")
        await wait_until(pilot, lambda: value_of(store, defects) == 0, "Defects saved")
        assert "every measurable has its value" in status(screen)
        # Enter on a row changes its value: the box starts with it
        panel.select(revenue.id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: entry.display, "the box")
        assert entry.text == "$92,000"
        await type_keys(pilot, "101k")  # the first key replaces the value shown
        assert entry.text == "101k"
        await pilot.press("enter")
        await wait_until(pilot, lambda: value_of(store, revenue) == 101000, "Revenue changed")
    changes = store.rows(
        "select old_value, new_value from measurable_events where measurable_id = ? "
        "and type = 'value' order by id",
        [revenue.id],
    )
    assert changes == [
        {"old_value": None, "new_value": 92000.0},
        {"old_value": 92000.0, "new_value": 101000.0},
    ]
    assert value_of(store, churn) == 1.5


async def test_i_drops_an_off_track_number_down_to_the_blockers(source: FakeTime) -> None:
    store = Store.memory()
    revenue, churn, _customers, _defects = setup(store, source)
    LiveMeeting.resume(store, source, store.team_by_name("Leadership")).record_measurable(
        revenue.id, "92,000"
    )
    app = make_app(store, source, team=store.team_by_name("Leadership"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        panel = screen.query_one(ScorecardPanel)
        await wait_until(pilot, lambda: panel.table.row_count == 4, "the measurables")
        panel.select(churn.id)  # on track: refused
        await pilot.press("i")
        await wait_until(pilot, lambda: "only an off-track number" in status(screen), "refusal")
        assert store.scalar("select count(*) from items") == 0
        panel.select(revenue.id)
        await pilot.press("i")  # the text, offered for a quick edit
        prompt = await wait_for_screen(pilot, PromptScreen)
        assert prompt.query_one(Input).value == "Revenue: $92,000, goal >= $100,000"
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: store.scalar("select count(*) from items") == 1, "the blocker"
        )
        await wait_for_screen(pilot, MeetingScreen)
        blocker = store.row("select * from items")
        assert blocker is not None
        assert (blocker["kind"], blocker["status"], blocker["text"]) == (
            "blocker",
            "open",
            "Revenue: $92,000, goal >= $100,000",
        )
        assert blocker["source_measurable_id"] == revenue.id
        assert "Issue #1 on the list, from the scorecard" in status(screen)
        assert "→ #1" in str(panel.table.get_row(str(revenue.id))[-1])
        await pilot.press("i")  # once only
        await wait_until(pilot, lambda: "already" in status(screen), "already")
        assert store.scalar("select count(*) from items") == 1
        kinds = [r["type"] for r in store.rows("select type from measurable_events")]
        assert kinds.count("dropped_down") == 1


async def test_a_adds_a_measurable_and_keeps_the_box_open(source: FakeTime) -> None:
    store = Store.memory()
    setup(store, source)
    app = make_app(store, source, team=store.team_by_name("Leadership"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        panel = screen.query_one(ScorecardPanel)
        await wait_until(pilot, lambda: panel.table.row_count == 4, "the measurables")
        box = screen.query_one(CaptureBox)
        await pilot.press("a")
        assert box.display and "Title >= 100000 @owner $" in box.placeholder
        await capture(pilot, "Cash in bank >= $1.5M @bo")
        added = store.row("select * from measurables where title = 'Cash in bank'")
        assert added is not None
        assert (added["goal"], added["unit"], added["position"]) == (">= 1500000", "$", 5)
        assert added["owner_id"] == store.person_by_handle("bo").id
        await wait_until(pilot, lambda: panel.table.row_count == 5, "the new row")
        assert panel.highlighted_id == added["id"] and box.display and box.value == ""
        await capture(pilot, "Nothing to measure here")
        assert "no goal" in status(screen) and box.value == "Nothing to measure here"
        assert store.scalar("select count(*) from measurables") == 5
        await pilot.press("escape")
        await wait_until(pilot, lambda: panel.table.has_focus, "back in the table")


async def test_a_value_recorded_in_another_terminal_shows_at_once(
    source: FakeTime, tmp_path: Path
) -> None:
    store = file_store(tmp_path)
    _revenue, _churn, customers, _defects = setup(store, source)
    app = make_app(store, source, team=store.team_by_name("Leadership"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        panel = screen.query_one(ScorecardPanel)
        await wait_until(pilot, lambda: panel.table.row_count == 4, "the measurables")
        screen.tick()  # the screen knows the file's data_version
        other = Store.open(tmp_path / "campmeeting.db")  # `campmeeting scorecard record`
        try:
            scorecard.record_value(other, source, customers, "12", WEEK)
        finally:
            other.close()
        screen.tick()
        await wait_until(
            pilot,
            lambda: str(panel.table.get_row(str(customers.id))[3]) == "12",
            "the value from elsewhere",
        )
        assert "2 to enter" in str(screen.query_one("#section-stats").render())


async def test_h_and_review_open_a_measurables_history(source: FakeTime) -> None:
    store = Store.memory()
    revenue, *_ = setup(store, source)
    app = make_app(store, source, team=store.team_by_name("Leadership"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        panel = screen.query_one(ScorecardPanel)
        await wait_until(pilot, lambda: panel.table.row_count == 4, "the measurables")
        await type_keys(pilot, "90k")
        await pilot.press("enter")
        await wait_until(pilot, lambda: value_of(store, revenue) == 90000, "saved")
        panel.select(revenue.id)
        await pilot.press("h")
        history = await wait_for_screen(pilot, MeasurableHistoryScreen)
        weeks = history.query_one("#measurable-weeks")
        await wait_until(pilot, lambda: weeks.row_count >= 1, "the weeks")
        row = [str(c) for c in weeks.get_row(WEEK)]
        assert row[0] == WEEK and row[1].startswith("✗ $90,000") and "off track" in row[1]
        assert row[4] == "meeting Tue 24 Nov"
        await pilot.press("escape")
        await wait_for_screen(pilot, MeetingScreen)
    review = make_app(store, source, mode="review")
    async with review.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, ReviewScreen)
        await pilot.press("s")
        dialog = await wait_for_screen(pilot, ChoiceScreen)
        assert [c.value for c in dialog.choices][:1] == [revenue.id]
        dialog.dismiss(revenue.id)
        history = await wait_for_screen(pilot, MeasurableHistoryScreen)
        assert history.measurable_id == revenue.id
        assert screen is not history


async def test_keys_typed_before_the_box_has_the_focus_are_kept(source: FakeTime) -> None:
    """A fast typist: '9', '2' and Enter reach the table before the box takes the focus;
    the box keeps '92' and Enter saves it."""
    store = Store.memory()
    revenue, _churn, customers, defects = setup(store, source)
    app = make_app(store, source, team=store.team_by_name("Leadership"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        panel = screen.query_one(ScorecardPanel)
        await wait_until(pilot, lambda: panel.table.row_count == 4, "the measurables")
        # no pause between the keys: the focus has not moved to the box yet
        burst = ["9", "2", ".", "5", "k", "enter", "1", "j", "backspace", "enter", "0", "enter"]
        for key in burst:  # one burst, as from a terminal: no pause between the keys
            character = {"enter": "\r", "full_stop": ".", "backspace": "\x7f"}.get(key, key)
            key = {".": "full_stop"}.get(key, key)
            pilot.app.post_message(events.Key(key, character))
        await wait_until(pilot, lambda: value_of(store, defects) == 0, "the three values")
        assert value_of(store, revenue) == 92500 and value_of(store, customers) == 1
        assert not panel.entering and panel.table.has_focus
