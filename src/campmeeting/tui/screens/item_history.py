"""An item's history: every event across meetings and teams (raised, carried, re-scoped,
decided, resolved, handed off ...), oldest first."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from campmeeting import history
from campmeeting.store import Store
from campmeeting.text import due_label, short_date, when_label
from campmeeting.tui.literal import cell, literal
from campmeeting.tui.messages import OpenMinutes, OpenPerson
from campmeeting.tui.widgets.item_list import KIND_SYMBOLS, status_part

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

# rich styles (DataTable cells are rich Text)
LABEL_STYLES = {
    "raised": "bold",
    "decided": "bold green",
    "resolved": "green",
    "done": "green",
    "carried": "italic",
    "re-scoped": "yellow",
    "abandoned": "dim",
    "dropped": "dim",
    "handed off": "bold",
    "off track": "red",
}
DETAIL_LIMIT = 200  # characters of an event's detail in the table


class ItemHistoryScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("enter", "open", "Open meeting", show=False, id="history.open"),
        Binding(
            "o",
            "open",
            "Open meeting",
            tooltip="Open the selected event's meeting",
            id="history.open-meeting",
        ),
        Binding("p", "person", "Owner", tooltip="Person: the item's owner", id="history.person"),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="history.refresh"),
        Binding("j", "cursor(1)", "Down", show=False, id="history.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="history.up"),
    ]

    def __init__(self, store: Store, item_id: int) -> None:
        super().__init__()
        self.store = store
        self.item_id = item_id
        self.found: history.ItemHistory | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="history-title")
        with VerticalScroll(id="history-text-box"):
            yield Static("", id="history-text")
        yield DataTable(id="history-events", cursor_type="row", zebra_stripes=True)
        yield Static(
            "Enter or o: open the event's meeting at the item · p: the owner",
            id="history-hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#history-events", DataTable).add_columns(
            "When", "Meeting", "Team", "Event", "Detail"
        )
        self.reload()
        self.query_one("#history-events", DataTable).focus()

    def reload(self) -> None:
        found = history.item_history(self.store, self.item_id)
        self.found = found
        title = self.query_one("#history-title", Static)
        if found is None:
            title.update(f"No item #{self.item_id}")
            return
        item = found.item
        parts: list[Content | str | tuple[str, str]] = [
            f"{KIND_SYMBOLS.get(item.kind, '•')} {item.kind.capitalize()} #{item.id} · ",
            literal(item.team_name, 40),
        ]
        status = status_part(item.status)
        if status:
            parts += [" · now: ", (status[0].strip()[1:-1], status[1])]
        if item.owner_handle:
            parts += [" · ", literal(f"@{item.owner_handle}")]
        if item.due_date:
            parts.append(f" · {due_label(item.due_date)}")
        title.update(Content.assemble(*parts))
        self.query_one("#history-text", Static).update(literal(item.text))
        table = self.query_one("#history-events", DataTable)
        row = table.cursor_row
        table.clear()
        for number, event in enumerate(found.events):
            meeting = (
                short_date(date.fromisoformat(event.meeting_date))
                if event.meeting_date
                else "between meetings"
            )
            table.add_row(
                when_label(event.when.replace(tzinfo=None)),
                meeting,
                cell(event.team_name, 20),
                Text(event.label, style=LABEL_STYLES.get(event.label, "")),
                cell(event.detail, DETAIL_LIMIT),
                key=str(number),
            )
        if found.events and row:
            table.move_cursor(row=min(row, len(found.events) - 1))

    def selected_event(self) -> history.HistoryEvent | None:
        table = self.query_one("#history-events", DataTable)
        if self.found is None or not self.found.events or table.cursor_row is None:
            return None
        return self.found.events[min(table.cursor_row, len(self.found.events) - 1)]

    @on(DataTable.RowSelected, "#history-events")
    def event_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#history-events", DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def action_open(self) -> None:
        """The meeting of the selected event, at the item (or the meeting it was made in)."""
        event = self.selected_event()
        meeting_id = event.event.meeting_id if event else None
        item_id = event.item_id if event else self.item_id
        if meeting_id is None and self.found is not None:
            meeting_id = self.found.item.created_meeting_id
            item_id = self.item_id
        if meeting_id is None:
            self.notify("Not in a meeting yet", timeout=3)
            return
        self.post_message(OpenMinutes(meeting_id, item_id))

    def action_person(self) -> None:
        self.post_message(OpenPerson(self.found.item.owner_id if self.found else None))

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
