"""A yes/no question: Enter confirms, Escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("enter", "dismiss(True)", "Confirm", id="confirm.yes"),
        Binding("escape", "dismiss(False)", "Back", id="confirm.no"),
    ]

    def __init__(self, title: str, message: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.message:
                yield Static(self.message, markup=False)
            yield Label("Enter confirm · Escape back", classes="dialog-hint")
