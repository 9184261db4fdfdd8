"""ClockFace draws what Textual's Digits draws (the same glyphs, colours and weight)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Digits

from campmeeting.tui.widgets.clock_face import ClockFace
from tests.tui_support import drawn_cells, settle


class Faces(App[None]):
    CSS = """
    ClockFace, Digits { width: auto; color: $success; }
    .bold { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield ClockFace("00:00", id="face")
        yield Digits("00:00", id="digits")
        yield ClockFace("00:00", id="face-bold", classes="bold")
        yield Digits("00:00", id="digits-bold", classes="bold")


async def test_the_face_draws_what_textual_digits_draws() -> None:
    async with Faces().run_test(size=(60, 14)) as pilot:
        app = pilot.app
        for value in ("05:00", "00:07", "+01:23", "123:45", "+00:00"):
            for name in ("", "-bold"):
                app.query_one(f"#face{name}", ClockFace).update(value)
                app.query_one(f"#digits{name}", Digits).update(value)
            await settle(pilot)
            for name in ("", "-bold"):
                face, digits = app.query_one(f"#face{name}"), app.query_one(f"#digits{name}")
                assert face.size == digits.size, (value, name)
                assert drawn_cells(face) == drawn_cells(digits), (value, name)
        assert app.query_one("#face", ClockFace).value == "+00:00"
