"""Acting on the intended row, on every screen size (issue 9): the review keeps its order
and the selection moves on, ratings never overwrite, warnings before work is left, drafts
stay in their section, and the screen works from 60x20 to a wall screen."""

from __future__ import annotations

import signal
from datetime import datetime

from textual.widgets import Static

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.store import Store
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.dialogs.confirm import ConfirmScreen
from campmeeting.tui.dialogs.prompt import PromptScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.widgets.attendance_list import AttendanceList
from campmeeting.tui.widgets.capture_box import CaptureBox
from campmeeting.tui.widgets.clock_face import ClockFace
from campmeeting.tui.widgets.item_list import ItemList
from tests.tui_support import (
    capture,
    choose,
    file_store,
    make_app,
    seed_team,
    settle,
    wait_for_screen,
    wait_until,
)

LAST_WEEK = datetime(2026, 11, 17, 9, 0)
THIS_WEEK = datetime(2026, 11, 24, 9, 0)


def with_commitments_due(store: Store, source: FakeTime) -> list[int]:
    """Leadership met last week and left four commitments due by today."""
    source.set(LAST_WEEK)
    team = seed_team(store, source)
    live = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("camp")), "camp")
    live.go_to(5)
    ids = [
        live.capture(line).item_ids[0]
        for line in (
            "Draft the Q1 plan @ana due:2026-11-20",
            "Book the offsite @cy due:2026-11-21",
            "Call the lawyer @bo due:2026-11-22",
            "Send the deck @ana due:2026-11-23",
        )
    ]
    live.end()
    source.set(THIS_WEEK)
    return ids


def dialog_text(dialog: ConfirmScreen) -> str:
    return " ".join(str(widget.render()) for widget in dialog.query(Static))


def status(screen: MeetingScreen) -> str:
    return str(screen.query_one("#status-line", Static).render())


async def test_the_review_keeps_its_order_and_moves_to_the_next_to_review(
    tmp_path, source: FakeTime
) -> None:
    """Finding: after a re-scope the list re-sorted and j skipped two items to review."""
    store = file_store(tmp_path)
    ids = with_commitments_due(store, source)
    app = make_app(store, source, team=store.team_by_name("Leadership"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        await pilot.press("n")
        items = screen.query_one(ItemList)
        await wait_until(pilot, lambda: items.option_count == 4)
        assert [o.id for o in items.options] == [str(i) for i in ids]
        items.highlighted = 0
        await pilot.press("enter")
        dialog = await wait_for_screen(pilot, ChoiceScreen)
        assert "Commitment #" in str(dialog.title_text)
        choose(dialog, lambda action: action.outcome == "rescoped")
        prompt = await wait_for_screen(pilot, PromptScreen)
        assert "Re-scope 'Draft the Q1 plan'" in str(prompt.title_text)  # it names its item
        prompt.query_one("Input").value = "due:+2w"
        await pilot.press("enter")
        await wait_for_screen(pilot, MeetingScreen)
        await settle(pilot)
        assert [o.id for o in items.options] == [str(i) for i in ids]  # same order
        assert items.highlighted_item_id == ids[1]  # the next still to review
        await pilot.press("enter")
        choose(await wait_for_screen(pilot, ChoiceScreen), lambda a: a.outcome == "done")
        await wait_until(pilot, lambda: items.highlighted_item_id == ids[2])
        await pilot.press("enter")
        choose(await wait_for_screen(pilot, ChoiceScreen), lambda a: a.outcome == "abandoned")
        prompt = await wait_for_screen(pilot, PromptScreen)
        assert "Abandon 'Call the lawyer': why?" in str(prompt.title_text)
        await pilot.press("escape")
        # leaving with one still to review asks first
        await pilot.press("n")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert "2 commitments not reviewed yet" in str(confirm.title_text)
        await pilot.press("escape")
        await wait_for_screen(pilot, MeetingScreen)
        assert screen.live.position == 1


async def test_ratings_never_overwrite_and_say_who_is_left(tmp_path, source: FakeTime) -> None:
    """Finding: `8 0 j 6 j 5 j 9` overwrote one rating, skipped another and marked an
    absent person present."""
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        screen.live.set_present(store.person_by_handle("cy").id, False)
        screen.goto_section(7)
        attendance = screen.query_one(AttendanceList)
        await wait_until(pilot, lambda: attendance.option_count == 3)
        stats = screen.query_one("#section-stats", Static)
        assert "Rating now: Ana Lopez" in str(stats.render())
        await pilot.press("8", "0", "j", "6", "j", "5", "j", "9")
        await settle(pilot)
        ratings = dict(
            (r["handle"], r["rating"])
            for r in store.rows(
                "select handle, rating from attendance join people on people.id = person_id"
            )
        )
        assert ratings == {"ana": 8, "bo": 10, "cy": None}  # nobody overwritten, Cy absent
        assert "Everyone present has rated" in str(stats.render())
        # rating an absent person on purpose (Enter) marks them present, and says so
        attendance.highlighted = 2
        await pilot.press("enter")
        prompt = await wait_for_screen(pilot, PromptScreen)
        prompt.query_one("Input").value = "7"
        await pilot.press("enter")
        why = await wait_for_screen(pilot, PromptScreen)  # below 8: why? (optional)
        assert "Cy Park rated 7: why?" in str(why.query_one(".dialog-title", Static).render())
        await pilot.press("escape")
        await wait_for_screen(pilot, MeetingScreen)
        await wait_until(pilot, lambda: "marked present" in status(screen))
        await pilot.press("n")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert "Not rated yet" not in dialog_text(confirm)


async def test_ending_with_attendees_unrated_says_so(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        screen.goto_section(7)
        await pilot.press("n")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert "Not rated yet: Ana Lopez, Bo Chen, Cy Park" in dialog_text(confirm)


async def test_each_section_keeps_its_own_draft_across_a_restart(tmp_path, source) -> None:
    """Findings: a draft followed into the next section's box; drafts lived only in
    memory."""
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        await pilot.press("a", *"Half a headline")
        box = screen.query_one(CaptureBox)
        await wait_until(pilot, lambda: screen.live.draft(0) == "Half a headline", "the draft")
        await pilot.press("escape", "n")
        await wait_until(pilot, lambda: screen.live.position == 1)
        assert box.value == ""  # the accountability box is its own
        await pilot.press("p")
        await wait_until(pilot, lambda: box.value == "Half a headline")
    # as if the process died: a new app on the same file finds the draft in its box
    again = make_app(Store.open(tmp_path / "campmeeting.db"), source, team=team)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        box = screen.query_one(CaptureBox)
        await wait_until(pilot, lambda: box.display and box.value == "Half a headline")
        assert "Your draft is back" in status(screen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.live.draft(0) == "")
        assert [r["text"] for r in store.rows("select text from items")] == ["Half a headline"]


async def test_the_status_line_never_tells_of_an_old_save(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        await capture(pilot, "Closed the Acme deal")
        assert "Saved 1 item" in status(screen)
        await pilot.press("escape", "n")
        await wait_until(pilot, lambda: "Saved" not in status(screen), "the saved line to go")


async def test_the_footer_says_resume_while_paused(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        await pilot.press("space")
        await wait_until(pilot, lambda: screen.live.paused)
        footer_keys = {b.binding.description for b in screen.active_bindings.values()}
        assert "Resume" in footer_keys and "Pause" not in footer_keys
        await pilot.press("space")
        await wait_until(pilot, lambda: not screen.live.paused)


async def test_usable_at_60x20_and_big_at_200x50(tmp_path, source: FakeTime) -> None:
    """Finding: at 60x20 the item list and capture box disappeared (typing blind); at
    200x50 the clock was a small box beside an empty list."""
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        await capture(pilot, "Closed the Acme deal")
        items, box = screen.query_one(ItemList), screen.query_one(CaptureBox)
        assert items.region.height >= 3 and box.region.height >= 1  # both on screen
        assert not screen.query_one("#rail").display  # the rail gives way
        assert screen.query_one("#clock-compact").display
    app = make_app(store, source, team=team)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        big = screen.query_one("#clock-big", Static)
        await wait_until(pilot, lambda: big.display and str(big.render()).count("\n") >= 4)
        assert not screen.query_one(ClockFace).display
        assert screen.query_one("#section-title-big").display


async def test_a_stop_signal_keeps_the_draft_typed_a_moment_ago(tmp_path, source) -> None:
    """Issue 15: SIGTERM or SIGHUP (the terminal closed) lost the line being typed."""
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        await pilot.press("a", *"Typed just now")
        assert screen.live.draft(0) == ""  # not kept yet: the draft timer has not fired
        app.stop_on_signal(signal.SIGHUP)
    assert app.return_code == 128 + signal.SIGHUP
    again = LiveMeeting.resume(Store.open(tmp_path / "campmeeting.db"), source, team)
    assert again is not None and again.draft(0) == "Typed just now"
