"""Attendees at the close: each gets a rating 1-10 or is marked absent. The highlight
is the person being rated; after a rating it moves on to the next who has not rated."""

from __future__ import annotations

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from campmeeting.meeting import AttendanceRow
from campmeeting.tui.literal import literal

NAME_LIMIT = 40


def attendance_line(row: AttendanceRow, name_width: int = 0, handle_width: int = 0) -> Content:
    """One attendee; names and handles padded to the widths given, so the ratings line up."""
    name = literal(row.person.name, NAME_LIMIT)
    handle = f"@{row.person.handle}"
    parts: list[Content | str | tuple[str, str]] = [
        name,
        " " * max(0, name_width - name.cell_length),
        (f"  {handle}", "$text-muted"),
        " " * max(0, handle_width - cell_len(handle)),
        "   ",
    ]
    if not row.present:
        parts.append(("absent", "italic $text-muted"))
    elif row.rating is None:
        parts.append(("to rate: type 1-9 (0 = 10)", "$text-warning"))
    else:
        parts.append((f"rated {row.rating}/10", "bold"))
        if row.reason:
            parts += ["  ", literal(f"why: {row.reason}", 120)]
    return Content.assemble(*parts)


class AttendanceList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="attendance.down"),
        Binding("k", "cursor_up", "Up", show=False, id="attendance.up"),
    ]

    rows: list[AttendanceRow] = []

    def show_rows(self, rows: list[AttendanceRow]) -> AttendanceRow | None:
        """Show everyone; keep the highlight (at first: the first who has not rated).
        Returns the highlighted row."""
        keep = self.highlighted
        self.rows = rows
        self.clear_options()
        names = max([0, *(literal(r.person.name, NAME_LIMIT).cell_length for r in rows)])
        handles = max([0, *(cell_len(f"@{r.person.handle}") for r in rows)])
        self.add_options(
            Option(attendance_line(row, names, handles), id=str(row.person.id)) for row in rows
        )
        if rows:
            if keep is None:
                unrated = [n for n, row in enumerate(rows) if row.present and row.rating is None]
                keep = unrated[0] if unrated else 0
            self.highlighted = min(keep, len(rows) - 1)
        return self.highlighted_row

    @property
    def highlighted_row(self) -> AttendanceRow | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    @property
    def highlighted_person_id(self) -> int | None:
        row = self.highlighted_row
        return row.person.id if row else None

    def to_next_unrated(self) -> None:
        """Move to the next attendee (after this one, then from the top) who is present
        and has not rated; stay when there is nobody left to rate."""
        index = self.highlighted or 0
        order = list(range(index + 1, len(self.rows))) + list(range(index))
        rows = self.rows
        for n in order:
            if rows[n].present and rows[n].rating is None:
                self.highlighted = n
                return
