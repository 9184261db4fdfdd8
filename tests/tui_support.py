"""Building the app for Pilot and snapshot tests: fixed clock, no ticking, no blinking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from campmeeting.clock import FakeTime
from campmeeting.meeting import add_member, create_team
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.tui.app import CampApp
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.widgets.capture_box import CaptureBox

S = TypeVar("S")

HOSTILE = "[bold]x[/] [link=http://a]click[/link] \x1b[31mred 🎉"


def make_app(store: Store, source: FakeTime, team: Team | None = None, **kwargs) -> CampApp:
    """The app as a user runs it, but with the clock ticking only when a test says so."""
    return CampApp(store, source, team=team, tick_seconds=None, **kwargs)


def seed_team(store: Store, source: FakeTime, name: str = "Leadership") -> Team:
    team = create_team(store, source, name)
    for handle, full in (("ana", "Ana Lopez"), ("bo", "Bo Chen"), ("cy", "Cy Park")):
        add_member(store, source, team, handle, full)
    return team


def file_store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "campmeeting.db")


async def still(pilot: Pilot) -> None:
    """Stop every cursor blinking so screenshots are stable, then let the screen settle."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


async def capture(pilot: Pilot, line: str) -> None:
    """Open the capture box, type a line (as if typed) and press Enter."""
    screen = pilot.app.screen
    box = screen.query_one(CaptureBox)
    if not box.display:
        await pilot.press("a")
    box.value = line
    box.cursor_position = len(line)
    await pilot.press("enter")
    await pilot.pause()


async def wait_until(pilot: Pilot, predicate: Callable[[], object], what: str = "") -> None:
    """Let the app run (messages, workers, refreshes) until `predicate()` holds.

    Bounded: gives up with an AssertionError naming `what` after 200 turns of the loop."""
    for _ in range(200):
        try:
            if predicate():
                return
        except Exception:  # not mounted yet, no such widget yet: keep waiting
            pass
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    raise AssertionError(f"gave up waiting for {what or 'the condition'}")


async def wait_for_screen(pilot: Pilot, kind: type[S]) -> S:
    """Wait until the app shows a screen of this class, and return it."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


def choose(dialog: object, wanted: Callable[[object], bool]) -> None:
    """Pick the first choice of a ChoiceScreen whose value satisfies `wanted`."""
    assert isinstance(dialog, ChoiceScreen), dialog
    dialog.dismiss(next(c.value for c in dialog.choices if wanted(c.value)))


async def settle(pilot: Pilot) -> None:
    """Wait until the screen on top is mounted and no worker (a search) is running."""
    await wait_until(
        pilot,
        lambda: (
            pilot.app.screen.is_mounted
            and not any(worker.is_running for worker in pilot.app.workers)
        ),
        "the screen to settle",
    )


def drawn_cells(widget: Widget) -> list[list[tuple[str, object, object, bool]]]:
    """The widget's rows as they look: each cell's character, background, and for a
    visible character its colour and weight (a blank's colour shows nothing; reverse
    video swaps colour and background, as a terminal does)."""
    rows = []
    for strip in widget.render_lines(widget.size.region):
        cells = []
        for segment in strip:
            style = segment.style
            assert style is not None
            fg, bg = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
            for char in segment.text:
                shown = char != " "
                cells.append((char, bg, fg if shown else None, bool(style.bold) and shown))
        rows.append(cells)
    return rows
