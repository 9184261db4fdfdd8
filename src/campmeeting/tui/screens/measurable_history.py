"""A measurable's history (review): every week from its first to this one with the value,
on or off track or missing, who recorded it, when and where; below, every change."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from campmeeting.clock import local_today
from campmeeting.model import Track
from campmeeting.scorecard import MeasurableHistory, ScorecardError, measurable_history
from campmeeting.scorecard.history import recorded_when
from campmeeting.scorecard.view import WeekValue
from campmeeting.store import Store
from campmeeting.text import plural, short_date, status_word
from campmeeting.tui.literal import cell, literal
from campmeeting.tui.messages import OpenItem, OpenMinutes
from campmeeting.tui.widgets.scorecard_table import MeasuresTable

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp


def _where(meeting_date: str | None, today: date) -> str:
    if meeting_date is None:
        return "between meetings"
    return f"meeting {short_date(date.fromisoformat(meeting_date), today)}"


class MeasurableHistoryScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding("escape", "back", "Back", id="measurable.back"),
        Binding(
            "o",
            "open",
            "Open",
            tooltip="Open the selected week's meeting (or the blocker dropped down)",
            id="measurable.open",
        ),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="measurable.refresh"),
        Binding("j", "cursor(1)", "Down", show=False, id="measurable.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="measurable.up"),
    ]

    def __init__(self, store: Store, measurable_id: int) -> None:
        super().__init__()
        self.store = store
        self.measurable_id = measurable_id
        self.found: MeasurableHistory | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="measurable-title")
        yield MeasuresTable(id="measurable-weeks", cursor_type="row", zebra_stripes=True)
        yield Static("Changes", classes="review-label")
        yield DataTable(id="measurable-changes", cursor_type="row")
        yield Static(
            "o: open the week's meeting, or the blocker a change dropped down · Escape back",
            id="measurable-hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#measurable-weeks", MeasuresTable).add_columns(
            "Week", "Value", "By", "When", "Where"
        )
        self.query_one("#measurable-changes", DataTable).add_columns(
            "When", "Week", "Change", "By", "Where"
        )
        self.reload()
        self.query_one("#measurable-weeks", MeasuresTable).focus()

    def reload(self) -> None:
        title = self.query_one("#measurable-title", Static)
        today = local_today(self.app.source)
        try:
            found = measurable_history(self.store, self.measurable_id, today)
        except ScorecardError as error:
            title.update(literal(str(error)))
            return
        self.found = found
        measurable = found.measurable
        parts: list[Content | str] = [
            "Measurable · ",
            literal(measurable.title, 60, style="bold"),
            " · ",
            literal(found.team_name, 30),
        ]
        if found.owner_handle:
            parts += [" · ", literal(f"@{found.owner_handle}")]
        parts.append(f" · goal {found.goal_label}")
        if measurable.archived:
            parts.append(" · archived")
        parts.append(
            f" · {plural(found.recorded_weeks, 'week')} recorded, {found.off_weeks} off track"
        )
        title.update(Content.assemble(*parts))
        weeks = self.query_one("#measurable-weeks", MeasuresTable)
        weeks.clear()
        for week in found.weeks:
            shown = WeekValue(week.week, week.value, week.track, week.label)
            value = weeks.value_cell(shown)
            if week.track != Track.MISSING:
                value.append(f"  {status_word(week.track)}")
            if week.changes > 1:
                value.append(f" (changed {week.changes - 1}×)", style="italic")
            weeks.add_row(
                week.week,
                value,
                cell(f"@{week.recorded_by}") if week.recorded_by else "",
                recorded_when(week.recorded_at) if week.recorded_at else "",
                _where(week.meeting_date, today) if week.recorded_at else "",
                key=week.week,
            )
        changes = self.query_one("#measurable-changes", DataTable)
        changes.clear()
        for number, change in enumerate(reversed(found.changes)):
            changes.add_row(
                recorded_when(change.at),
                change.week or "",
                Text(change.text),
                cell(f"@{change.by}") if change.by else "",
                _where(change.meeting_date, today),
                key=str(number),
            )

    def action_cursor(self, step: int) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is not None:
            table.action_cursor_down() if step > 0 else table.action_cursor_up()

    @on(DataTable.RowSelected)
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        if self.found is None:
            return
        changes = self.query_one("#measurable-changes", DataTable)
        if changes.has_focus and self.found.changes and changes.cursor_row is not None:
            change = list(reversed(self.found.changes))[changes.cursor_row]
            if change.item_id is not None:
                self.post_message(OpenItem(change.item_id))
            elif change.meeting_id is not None:
                self.post_message(OpenMinutes(change.meeting_id))
            return
        weeks = self.query_one("#measurable-weeks", MeasuresTable)
        if not self.found.weeks or weeks.cursor_row is None:
            return
        week = self.found.weeks[min(weeks.cursor_row, len(self.found.weeks) - 1)]
        if week.meeting_id is None:
            self.notify("Recorded between meetings: no meeting to open", timeout=3)
            return
        self.post_message(OpenMinutes(week.meeting_id))

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
