"""The large clock: time left in the section (then +overtime) and the meeting's times."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from campmeeting.clock import format_duration

WARNING_SHARE = 0.8  # the clock turns to a warning when 80% of the timebox is used


class MeetingClock(Vertical):
    """Digits readable across a room; classes -warning, -over and -paused drive the colours."""

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="clock-digits")
        yield Static("", id="clock-caption")
        yield Static("", id="clock-meeting")

    def show(
        self,
        *,
        elapsed: float,
        planned: float,
        meeting_elapsed: float,
        meeting_planned: float,
        planned_end: datetime,
        projected_end: datetime,
        paused: bool,
    ) -> None:
        remaining = planned - elapsed
        over = remaining < 0
        warning = not over and elapsed >= WARNING_SHARE * planned
        self.set_class(over, "-over")
        self.set_class(warning, "-warning")
        self.set_class(paused, "-paused")
        digits = format_duration(-remaining, signed=True) if over else format_duration(remaining)
        self.query_one("#clock-digits", Digits).update(digits)
        if paused:
            caption = "PAUSED · space resumes"
        elif over:
            caption = f"over the {format_duration(planned)} timebox"
        else:
            caption = f"left of {format_duration(planned)}"
        self.query_one("#clock-caption", Static).update(caption)
        drift = (projected_end - planned_end).total_seconds()
        late = f" (+{int(drift // 60)} min)" if drift >= 60 else ""
        self.query_one("#clock-meeting", Static).update(
            f"Meeting {format_duration(meeting_elapsed)} of {format_duration(meeting_planned)}\n"
            f"Ends {planned_end:%H:%M} planned · {projected_end:%H:%M} projected{late}"
        )
