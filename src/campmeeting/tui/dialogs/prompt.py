"""A one-line question: Enter answers, Escape goes back.

With `save`, the answer is saved from inside the dialog: when the core refuses it, the
reason is shown here and the dialog stays open with the text as typed, so nothing typed
is lost to a mistake.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from campmeeting.meeting import MeetingError
from campmeeting.tui.literal import LiteralInput, literal


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Back", id="prompt.back")]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        save: Callable[[str], object] | None = None,
    ):
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            # the prefilled text is kept when typing starts: the cursor waits at its end
            yield LiteralInput(self.value, placeholder=self.placeholder, select_on_focus=False)
            yield Static("", id="prompt-error", markup=False)
            yield Label(
                (self.hint + " · " if self.hint else "") + "Enter saves · Escape back",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.save is not None:
            try:
                self.save(event.value)
            except MeetingError as error:
                self.query_one("#prompt-error", Static).update(literal(str(error)))
                return
        self.dismiss(event.value)
