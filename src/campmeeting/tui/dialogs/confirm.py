"""A yes/no question: Enter confirms, Escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from campmeeting.tui.literal import literal


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("enter", "dismiss(True)", "Confirm", id="confirm.yes"),
        Binding("escape", "dismiss(False)", "Back", id="confirm.no"),
    ]

    def __init__(self, title: str, message: str = "") -> None:
        super().__init__()
        self.title_text = literal(title)  # it may name a team: shown literally
        self.message = literal(message)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.message.plain:
                yield Static(self.message)
            yield Label("Enter confirm · Escape back", classes="dialog-hint")
