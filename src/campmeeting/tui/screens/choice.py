"""A dialog of choices for one item: Enter picks, Escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from campmeeting.text import visible


def _plain(label: str | Content) -> Content:
    return label if isinstance(label, Content) else Content(visible(label))


class ChoiceScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", id="choice.back"),
        Binding("j", "cursor(1)", "Down", show=False, id="choice.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="choice.up"),
    ]

    def __init__(
        self, title: str, choices: list[tuple[str, str | Content]], body: Content | None = None
    ):
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.body is not None:
                with VerticalScroll(classes="dialog-body"):
                    yield Static(self.body)
            # labels can hold names typed by users: plain Content, never markup
            yield OptionList(*(Option(_plain(label), id=key) for key, label in self.choices))
            yield Label("Enter choose · Escape back", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
