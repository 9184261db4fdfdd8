"""Attendees at the close: each gets a rating 1-10 or is marked absent."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from campmeeting.meeting import AttendanceRow
from campmeeting.tui.literal import literal


def attendance_line(row: AttendanceRow) -> Content:
    parts: list[Content | str | tuple[str, str]] = [
        literal(row.person.name, 40),
        (f"  @{row.person.handle}", "$text-muted"),
        "   ",
    ]
    if not row.present:
        parts.append(("absent", "italic $text-muted"))
    elif row.rating is None:
        parts.append(("rating: –  (type 1-9, 0 for 10)", "$text-warning"))
    else:
        parts.append((f"rating: {row.rating}/10", "bold"))
    return Content.assemble(*parts)


class AttendanceList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="attendance.down"),
        Binding("k", "cursor_up", "Up", show=False, id="attendance.up"),
    ]

    def show_rows(self, rows: list[AttendanceRow]) -> None:
        keep = self.highlighted
        self.clear_options()
        self.add_options(Option(attendance_line(row), id=str(row.person.id)) for row in rows)
        if rows:
            self.highlighted = min(keep or 0, len(rows) - 1)

    @property
    def highlighted_person_id(self) -> int | None:
        option = self.highlighted_option
        return int(option.id) if option and option.id else None
