"""The large clock: time left in the section (then +overtime) and the meeting's times.

The screen sets `state` (a ClockState) each second; the widget redraws from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pyfiglet import figlet_format
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive

from campmeeting.text import countdown, duration, durations
from campmeeting.tui.widgets.clock_face import ClockFace
from campmeeting.tui.widgets.steady_text import SteadyText

WARNING_SHARE = 0.8  # the clock turns to a warning when 80% of the timebox is used


@dataclass(frozen=True)
class ClockState:
    elapsed: float
    planned: float
    meeting_elapsed: float
    meeting_planned: float
    planned_end: datetime
    projected_end: datetime
    paused: bool


def big_text(text: str, font: str = "ansi_regular") -> str:
    """Text drawn in large letters (pyfiglet), for a screen read across a room."""
    return "\n".join(
        line.rstrip() for line in figlet_format(text, font=font).splitlines() if line.strip()
    )


class MeetingClock(Vertical):
    """Digits readable across a room; classes -warning, -over and -paused drive the colours."""

    # repaint=False: the watcher sets the texts, which repaint the lines that changed
    state: reactive[ClockState | None] = reactive(None, layout=False, repaint=False)
    pause_hint = "space resumes"  # a follower's clock has no key to say
    _ready = False  # its texts are looked up (on mount)
    _digits: ClockFace
    _big: SteadyText
    _caption: SteadyText
    _compact: SteadyText
    _meeting: SteadyText

    def compose(self) -> ComposeResult:
        yield ClockFace("00:00", id="clock-digits")
        yield SteadyText("", id="clock-big")  # a big shared screen: read across the room
        yield SteadyText("", id="clock-caption")  # every second: redrawn, not laid out
        yield SteadyText("", id="clock-compact")  # a small screen: the time left, one line
        # the meeting's time and its ends: one text (the screen draws every widget it
        # shows, each second); its first line changes every second and is drawn alone
        yield SteadyText("", id="clock-meeting")

    def on_mount(self) -> None:
        # looked up once: the tick sets them every second
        self._digits = self.query_one("#clock-digits", ClockFace)
        self._big = self.query_one("#clock-big", SteadyText)
        self._caption = self.query_one("#clock-caption", SteadyText)
        self._compact = self.query_one("#clock-compact", SteadyText)
        self._meeting = self.query_one("#clock-meeting", SteadyText)
        self._ready = True
        self.watch_state(self.state)

    def on_resize(self) -> None:
        """Grown to a wall screen (the big clock shows now), shrunk to a small one (the
        compact line shows) or back: draw what shows."""
        self.watch_state(self.state)

    def watch_state(self, state: ClockState | None) -> None:
        if state is None or not self._ready:
            return
        planned = state.planned
        remaining = planned - int(state.elapsed)  # as the clock face counts it
        over = remaining < 0
        warning = not over and state.elapsed >= WARNING_SHARE * planned
        self.set_class(over, "-over")
        self.set_class(warning, "-warning")
        self.set_class(state.paused, "-paused")
        face = countdown(state.elapsed, planned)
        if self._digits.value != face:  # paused: the same face, nothing to repaint
            self._digits.update(face)
        big = self._big
        if big.display:  # drawn only on a wall screen (see on_resize): figlet is not free
            big.set_text(big_text(face))
        if state.paused:
            caption = "PAUSED" + (f" · {self.pause_hint}" if self.pause_hint else "")
        elif over:
            caption = f"over its {duration(planned)}"
        else:
            caption = f"left of {duration(planned)}"
        self._caption.set_text(caption)
        compact = self._compact
        if compact.display:  # shown only on a small screen (see on_resize)
            compact.set_text(f"{face} {caption}")
        drift = (state.projected_end - state.planned_end).total_seconds()
        late = f" (+{int(drift // 60)} min)" if drift >= 60 else ""
        spent, planned_total = durations(state.meeting_elapsed, state.meeting_planned)
        self._meeting.set_text(
            f"Meeting {spent}/{planned_total}\n"
            f"Planned end {state.planned_end:%H:%M}\nProjected {state.projected_end:%H:%M}{late}"
        )
