"""Every key of the screen underneath, with what it does."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,f1,q", "dismiss(None)", "Close", id="help.close"),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str]], notes: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys
        self.notes = notes

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description in self.keys:
            table.add_row(key, description)
        with Vertical(classes="dialog help"):
            yield Label(f"Keys: {self.title_text}", classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
                if self.notes:
                    yield Static(self.notes, markup=False, classes="help-notes")
            yield Label("↑↓ PgUp PgDn scroll · Escape closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # so the keys scroll a small terminal
