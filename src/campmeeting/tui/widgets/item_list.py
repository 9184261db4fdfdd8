"""The items of the current section, one line each, with their status and history marks."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from campmeeting.meeting import ItemView
from campmeeting.model import ItemKind, ReviewOutcome, Status
from campmeeting.text import age_label, due_label, outcome_word, status_word
from campmeeting.tui.literal import literal

LIST_TEXT_LIMIT = 300  # characters of an item shown in the list; the whole text in its dialog

# theme styles of the status words (the words come from text.status_word)
STATUS_STYLES: dict[str, str] = {
    Status.ON_TRACK: "$text-success",
    Status.OFF_TRACK: "$text-error",
    Status.DONE: "$text-success",
    Status.DROPPED: "$text-muted",
    Status.RESOLVED: "$text-success",
    Status.HANDED_OFF: "$text-muted",
    Status.ABANDONED: "$text-muted",
    Status.PENDING: "bold",
    Status.ACKNOWLEDGED: "$text-muted",
}

KIND_SYMBOLS: dict[str, str] = {
    ItemKind.PRIORITY: "◆",
    ItemKind.BLOCKER: "■",
    ItemKind.DECISION: "✔",
    ItemKind.COMMITMENT: "→",
    ItemKind.HEADLINE: "★",
    ItemKind.NOTE: "•",
    ItemKind.MESSAGE: "✉",
}


def status_part(status: str) -> tuple[str, str] | None:
    """'[off track] ' in its theme colour; None for items without a status word."""
    word = status_word(status)
    if not word:
        return None
    return (f"[{word}] ", f"bold {STATUS_STYLES.get(status, '')}".strip())


def item_line(view: ItemView, today: date, focus_id: int | None = None) -> Content:
    """One item as a line of the list: symbol, status, text, owner, due, carry marks."""
    item = view.item
    parts: list[Content | str | tuple[str, str]] = []
    if focus_id == item.id:
        parts.append(("▶ ", "bold"))
    parts.append(f"{KIND_SYMBOLS.get(item.kind, '•')} ")
    status = status_part(item.status)
    if view.review and item.kind == ItemKind.COMMITMENT and view.review != item.status:
        style = "$text-warning" if view.review == ReviewOutcome.RESCOPED else ""
        status = (f"[{outcome_word(view.review)}] ", f"bold {style}".strip())
    if status:
        parts.append(status)
    parts.append(literal(item.text, LIST_TEXT_LIMIT))
    marks: list[tuple[str, str]] = []
    if view.owner_handle:
        marks.append((f"@{view.owner_handle}", "bold"))
    if item.due_date and item.kind == ItemKind.COMMITMENT:
        marks.append((due_label(item.due_date, today), "$text-error" if view.overdue else ""))
    if view.overdue:
        marks.append(("OVERDUE", "bold $text-error"))
    if view.carried and item.kind in (ItemKind.BLOCKER, ItemKind.COMMITMENT, ItemKind.PRIORITY):
        marks.append((f"carried {view.times_carried}× · {age_label(view.age_days)} old", "italic"))
    if view.times_rescoped:
        marks.append((f"re-scoped {view.times_rescoped}×", "$text-warning"))
    if view.brought:
        marks.append(("NEW (added between meetings)", "bold"))
    if view.from_team:
        marks.append((f"from {view.from_team}", "bold"))
    if view.to_team and item.kind == ItemKind.MESSAGE:
        marks.append((f"to {view.to_team}", "bold"))
    elif view.to_team:
        marks.append((f"handed to {view.to_team}", ""))
    if view.due_in_review and view.review is None:
        marks.append(("to review", "bold $text-warning"))
    for mark in marks:
        parts.append("  ")
        parts.append(mark)
    for linked in view.linked:
        parts.append(f"\n     ↳ {KIND_SYMBOLS.get(linked.kind, '•')} ")
        parts.append(literal(linked.text, 120))
    return Content.assemble(*parts)


class ItemList(OptionList):
    """Items of a section; `enter` asks the screen to act on the highlighted one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="item-list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="item-list.up"),
    ]

    def show_items(
        self,
        views: list[ItemView],
        today: date,
        focus_id: int | None = None,
        select: int | None = None,
    ) -> None:
        """Show the items; keep the highlighted one, or highlight `select` (an item id)."""
        keep = str(select) if select is not None else self.highlighted_id
        self.clear_options()
        self.add_options(
            Option(item_line(view, today, focus_id), id=str(view.id)) for view in views
        )
        if views:
            ids = [str(v.id) for v in views]
            self.highlighted = ids.index(keep) if keep in ids else 0

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option else None

    @property
    def highlighted_item_id(self) -> int | None:
        found = self.highlighted_id
        return int(found) if found else None
