"""The large clock: time left in the section (then +overtime) and the meeting's times.

The screen sets `state` (a ClockState) each second; the widget redraws from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits

from campmeeting.text import countdown, duration
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


class MeetingClock(Vertical):
    """Digits readable across a room; classes -warning, -over and -paused drive the colours."""

    state: reactive[ClockState | None] = reactive(None, layout=False)

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="clock-digits")
        yield SteadyText("", id="clock-caption")  # every second: redrawn, not laid out
        yield SteadyText("", id="clock-meeting")

    def watch_state(self, state: ClockState | None) -> None:
        if state is None or not self.is_mounted:
            return
        planned = state.planned
        remaining = planned - int(state.elapsed)  # as the clock face counts it
        over = remaining < 0
        warning = not over and state.elapsed >= WARNING_SHARE * planned
        self.set_class(over, "-over")
        self.set_class(warning, "-warning")
        self.set_class(state.paused, "-paused")
        self.query_one("#clock-digits", Digits).update(countdown(state.elapsed, planned))
        if state.paused:
            caption = "PAUSED · space resumes"
        elif over:
            caption = f"over the {duration(planned)} timebox"
        else:
            caption = f"left of {duration(planned)}"
        self.query_one("#clock-caption", SteadyText).set_text(caption)
        drift = (state.projected_end - state.planned_end).total_seconds()
        late = f" (+{int(drift // 60)} min)" if drift >= 60 else ""
        self.query_one("#clock-meeting", SteadyText).set_text(
            f"Meeting {duration(state.meeting_elapsed)} of {duration(state.meeting_planned)}\n"
            f"Ends {state.planned_end:%H:%M} planned · "
            f"{state.projected_end:%H:%M} projected{late}"
        )
