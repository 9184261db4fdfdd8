"""A person's commitments across teams and meetings, their outcomes, their completion rate."""

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

from campmeeting import history
from campmeeting.clock import local_today
from campmeeting.insights import COMPLETION_TARGET, Rate
from campmeeting.store import Store, StoreError
from campmeeting.text import outcome_word, plural, short_date, status_word
from campmeeting.tui.dialogs.choice import Choice, ChoiceScreen
from campmeeting.tui.literal import cell, literal
from campmeeting.tui.messages import OpenItem

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

# rich styles (DataTable cells are rich Text)
OUTCOME_STYLES = {"done": "green", "rescoped": "yellow", "abandoned": "dim", "open": ""}
STATUS_STYLES = {"done": "bold green", "abandoned": "dim", "open": "bold"}


def choose_person(screen: Screen, store: Store) -> None:
    """Pick someone (most commitments first) and open their view."""
    people = history.people_with_commitments(store)
    if not people:
        screen.notify("Nobody yet: add team members first", timeout=4)
        return
    choices = [
        Choice(
            literal(f"{person.name} @{person.handle} · {plural(count, 'commitment')}", 80),
            person.id,
        )
        for person, count in people
    ]

    def chosen(person_id: int | None) -> None:
        if person_id is not None:
            screen.app.push_screen(PersonScreen(store, person_id))

    screen.app.push_screen(ChoiceScreen[int]("Whose commitments?", choices), chosen)


def rate_text(rate: Rate) -> str:
    if rate.value is None:
        return "n/a (nothing reviewed)"
    return f"{rate.value:.0%} ({rate.done} of {rate.total} done)"


def outcomes_cell(commitment: history.PersonCommitment) -> Text:
    cell = Text()
    for review in commitment.reviews:
        if cell:
            cell.append(" · ")
        day = date.fromisoformat(review.meeting_date)
        cell.append(f"{short_date(day)} ")
        cell.append(
            outcome_word(review.outcome), style=OUTCOME_STYLES.get(review.outcome or "", "bold")
        )
    return cell or Text("not reviewed yet", style="dim")


class PersonScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("enter", "history", "Item history", show=False, id="person.open"),
        Binding(
            "h",
            "history",
            "Item history",
            tooltip="History of the selected commitment",
            id="person.history",
        ),
        Binding("p", "person", "Another person", id="person.other"),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="person.refresh"),
        Binding("j", "cursor(1)", "Down", show=False, id="person.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="person.up"),
    ]

    def __init__(self, store: Store, person_id: int) -> None:
        super().__init__()
        self.store = store
        self.person_id = person_id
        self.record: history.PersonRecord | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="person-title")
        yield Static("", id="person-rates")
        yield DataTable(id="person-commitments", cursor_type="row", zebra_stripes=True)
        yield Static("Enter or h: the commitment's history · p: another person", id="person-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#person-commitments", DataTable).add_columns(
            "Made", "Team", "Commitment", "Due", "Now", "Reviews", "Re-scoped"
        )
        self.reload()
        self.query_one("#person-commitments", DataTable).focus()

    def reload(self) -> None:
        today = local_today(self.app.source)
        try:
            record = history.person_record(self.store, self.person_id, today)
        except StoreError as error:
            self.query_one("#person-title", Static).update(literal(str(error)))
            return
        self.record = record
        person = record.person
        title = Content.assemble(
            literal(f"{person.name} @{person.handle}", 80, style="bold"),
            f" · {plural(len(record.commitments), 'commitment')} across meetings",
        )
        self.query_one("#person-title", Static).update(title)
        self.query_one("#person-rates", Static).update(
            f"Completion rate, {record.window_weeks} weeks to {short_date(record.end)}: "
            f"{rate_text(record.rate)} · all meetings: {rate_text(record.rate_all)} · "
            f"target {COMPLETION_TARGET:.0%}"
        )
        table = self.query_one("#person-commitments", DataTable)
        row = table.cursor_row
        table.clear()
        for c in record.commitments:
            table.add_row(
                short_date(date.fromisoformat(c.created_date)),
                cell(c.item.team_name, 20),
                cell(c.item.text, 60),
                short_date(date.fromisoformat(c.item.due_date)) if c.item.due_date else "",
                Text(status_word(c.item.status), style=STATUS_STYLES.get(c.item.status, "")),
                outcomes_cell(c),
                str(c.times_rescoped) if c.times_rescoped else "",
                key=str(c.item.id),
            )
        if record.commitments and row:
            table.move_cursor(row=min(row, len(record.commitments) - 1))

    def selected(self) -> history.PersonCommitment | None:
        table = self.query_one("#person-commitments", DataTable)
        if self.record is None or not self.record.commitments or table.cursor_row is None:
            return None
        return self.record.commitments[min(table.cursor_row, len(self.record.commitments) - 1)]

    @on(DataTable.RowSelected, "#person-commitments")
    def commitment_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_history()

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#person-commitments", DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def action_history(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self.post_message(OpenItem(chosen.item.id))

    def action_person(self) -> None:
        choose_person(self, self.store)

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
