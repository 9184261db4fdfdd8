"""Who is here: toggle each member present or absent, at any time of the meeting."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from campmeeting.meeting import LiveMeeting, MeetingError
from campmeeting.text import visible
from campmeeting.tui.widgets.attendance_list import AttendanceList


class AttendanceScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Done", id="attendance.done")]

    def __init__(self, live: LiveMeeting) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Attendance", classes="dialog-title")
            yield AttendanceList(id="attendance-dialog")
            yield Label("Enter toggles present/absent · Escape done", classes="dialog-hint")

    def on_mount(self) -> None:
        listing = self.query_one(AttendanceList)
        listing.show_rows(self.live.attendance())
        listing.focus()

    @on(AttendanceList.OptionSelected)
    def toggled(self, event: AttendanceList.OptionSelected) -> None:
        event.stop()
        person_id = int(event.option.id or 0)
        row = next(r for r in self.live.attendance() if r.person.id == person_id)
        try:
            self.live.set_present(person_id, not row.present)
        except MeetingError as error:
            self.notify(visible(str(error)), severity="error", markup=False)
        self.query_one(AttendanceList).show_rows(self.live.attendance())
