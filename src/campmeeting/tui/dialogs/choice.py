"""A dialog of choices: Enter picks one, Escape goes back. Choices are typed: the
dialog returns the chosen `Choice.value` (an ItemAction, a Team, a format ...) or None."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from campmeeting.tui.literal import literal

T = TypeVar("T")


@dataclass(frozen=True)
class Choice(Generic[T]):
    """One line of the dialog and what picking it returns. A str label is shown
    literally (it may hold names users typed); Content is shown as it is."""

    label: str | Content
    value: T


class ChoiceScreen(ModalScreen[T | None], Generic[T]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", id="choice.back"),
        Binding("j", "cursor(1)", "Down", show=False, id="choice.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="choice.up"),
    ]

    def __init__(
        self, title: str | Content, choices: Sequence[Choice[T]], body: Content | None = None
    ) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Content) else literal(title)
        self.choices = list(choices)
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.body is not None:
                with VerticalScroll(classes="dialog-body"):
                    yield Static(self.body)
            yield OptionList(
                *(
                    Option(c.label if isinstance(c.label, Content) else literal(c.label), id=str(n))
                    for n, c in enumerate(self.choices)
                )
            )
            yield Label("Enter choose · Escape back", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)].value)
