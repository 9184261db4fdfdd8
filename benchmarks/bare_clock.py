"""The floor for an idle live meeting: a bare Textual app whose clock ticks once a second.

Run by `make bench` beside `campmeeting run` for the same minute; campmeeting's idle
meeting should cost at most 1.5 times its CPU.
"""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.widgets import Digits, Footer, Static


class BareClock(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("bare clock")
        yield Digits("00:00", id="clock")
        yield Footer()

    def on_mount(self) -> None:
        self.began = time.monotonic()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        seconds = int(time.monotonic() - self.began)
        self.query_one("#clock", Digits).update(f"{seconds // 60:02d}:{seconds % 60:02d}")


if __name__ == "__main__":
    BareClock().run()
