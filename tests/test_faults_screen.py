"""The live screen when a write fails (issue 15 item 5): an I/O error while saving a
captured line is said on the status line, the line stays in the box, and the next Enter
saves it once the fault has cleared."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot

from campmeeting.clock import FakeTime
from campmeeting.store import Store
from campmeeting.tui.app import CampApp
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.widgets.capture_box import CaptureBox
from tests.faults import COMMIT, disk_full, failing, integrity, writes
from tests.tui_support import capture, file_store, make_app, seed_team, wait_for_screen


@asynccontextmanager
async def live_screen(
    store: Store, source: FakeTime
) -> AsyncIterator[tuple[CampApp, Pilot, MeetingScreen]]:
    """A team's live meeting on a file database, its screen up."""
    app = make_app(store, source, team=seed_team(store, source))
    async with app.run_test(size=(100, 30)) as pilot:
        yield app, pilot, await wait_for_screen(pilot, MeetingScreen)


async def test_a_failed_save_is_said_keeps_the_draft_and_the_next_enter_saves(
    tmp_path, source: FakeTime
) -> None:
    store = file_store(tmp_path)
    async with live_screen(store, source) as (app, pilot, screen):
        with failing(store, at=COMMIT) as fault:
            await capture(pilot, "Printer on floor 2 is down")
        assert fault.count >= 1 and app.is_running
        assert screen.query_one(CaptureBox).value == "Printer on floor 2 is down"
        assert "Not saved" in str(screen.query_one("#status-line").render())
        await pilot.press("enter")  # the fault has cleared: the same Enter saves it
        await pilot.pause()
    texts = [row["text"] for row in store.rows("select text from items")]
    assert texts == ["Printer on floor 2 is down"] and integrity(store) == "ok"


async def test_a_failing_clock_does_not_hide_the_line_that_was_not_saved(
    tmp_path, source: FakeTime
) -> None:
    store = file_store(tmp_path)
    async with live_screen(store, source) as (app, pilot, screen):
        with failing(store, at=writes) as fault:
            await capture(pilot, "Vendor contract unsigned")
            source.advance(5)
            screen.tick()  # the clock cannot be saved either
            await pilot.pause()
            status = str(screen.query_one("#status-line").render())
        assert fault.count >= 2 and app.is_running
        assert "Not saved" in status and "Vendor contract unsigned" not in status
        assert screen.query_one(CaptureBox).value == "Vendor contract unsigned"
        screen.tick()  # with the disk back, the clock saves without a word
        await pilot.pause()
    assert store.rows("select text from items") == []


async def test_ending_on_a_failing_disk_says_so_and_the_meeting_stays_live(
    tmp_path, source: FakeTime
) -> None:
    store = file_store(tmp_path)
    async with live_screen(store, source) as (app, pilot, screen):
        with failing(store, at=COMMIT):
            screen._end_confirmed(True)
            await pilot.pause()
        assert app.is_running and screen.live.meeting.is_live
        assert "Not ended" in str(screen.query_one("#status-line").render())
    assert [r["ended_at"] for r in store.rows("select ended_at from meetings")] == [None]


async def test_a_full_disk_is_said_and_once_space_is_freed_the_next_enter_saves(
    tmp_path, source: FakeTime
) -> None:
    """SQLite's own SQLITE_FULL (the file may not grow): a line too long for the pages
    the file has is refused, kept in its box, and saved by the first Enter afterwards."""
    store = file_store(tmp_path)
    line = "Printer on floor 2 is down " + "and the spare is missing " * 400
    async with live_screen(store, source) as (app, pilot, screen):
        box = screen.query_one(CaptureBox)
        with disk_full(store):
            await pilot.press("a")
            box.value = line
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running and box.value == line
            assert "Not saved: database or disk is full" in status_line(screen)
            screen.tick()  # the clock may fail too: the line's error stays
            await pilot.pause()
            assert "Not saved" in status_line(screen)
        await pilot.press("enter")  # space freed: the first Enter saves it
        await pilot.pause()
        assert box.value == "" and "Saved 1 item" in status_line(screen)
    texts = [row["text"] for row in store.rows("select text from items")]
    assert texts == [line.strip()] and integrity(store) == "ok"


def status_line(screen: MeetingScreen) -> str:
    return str(screen.query_one("#status-line").render())
