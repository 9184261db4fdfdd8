"""The live screen when a write fails (issue 15 item 5, the lead's): what tests/faults.py
lets a Pilot test do, and what the screen does today.

Today an I/O error while saving a captured line escapes the screen's handler and stops
the app (the draft with it). The test below says what issue 15 asks for; it is expected
to fail until the live screen handles a failing store, and then to pass (strict: an
unexpected pass fails, so the marker goes when the fix lands).
"""

from __future__ import annotations

import pytest

from campmeeting.clock import FakeTime
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.widgets.capture_box import CaptureBox
from tests.faults import COMMIT, failing, integrity
from tests.tui_support import capture, file_store, make_app, seed_team, wait_for_screen


@pytest.mark.xfail(
    strict=True,
    reason="issue 15 item 5: an error while saving stops the app instead of being shown",
)
async def test_a_failed_save_is_said_keeps_the_draft_and_the_next_enter_saves(
    tmp_path, source: FakeTime
) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        with failing(store, at=COMMIT) as fault:
            await capture(pilot, "Printer on floor 2 is down")
        assert fault.count >= 1 and app.is_running
        assert screen.query_one(CaptureBox).value == "Printer on floor 2 is down"
        assert "Not saved" in str(screen.query_one("#status-line").render())
        await pilot.press("enter")  # the fault has cleared: the same Enter saves it
        await pilot.pause()
    texts = [row["text"] for row in store.rows("select text from items")]
    assert texts == ["Printer on floor 2 is down"] and integrity(store) == "ok"
