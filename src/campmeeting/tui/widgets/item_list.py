"""The items of the current section, one line each, with their status and history marks."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from campmeeting.meeting import ItemView
from campmeeting.tui.literal import literal

LIST_TEXT_LIMIT = 300  # characters of an item shown in the list; the whole text in its dialog

STATUS_LABELS = {
    "on_track": ("on track", "$text-success"),
    "off_track": ("OFF TRACK", "$text-error"),
    "done": ("done", "$text-success"),
    "dropped": ("dropped", "$text-muted"),
    "open": ("open", ""),
    "resolved": ("resolved", "$text-success"),
    "handed_off": ("handed off", "$text-muted"),
    "abandoned": ("abandoned", "$text-muted"),
    "pending": ("new", "bold"),
    "acknowledged": ("read", "$text-muted"),
    "decided": ("decided", ""),
    "info": ("", ""),
}

KIND_SYMBOLS = {
    "priority": "◆",
    "blocker": "■",
    "decision": "✔",
    "commitment": "→",
    "headline": "★",
    "note": "•",
    "message": "✉",
}


def due_label(due: str | None, today: date) -> str:
    if not due:
        return ""
    when = date.fromisoformat(due)
    days = (when - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due {when:%a %d %b}"


def item_line(view: ItemView, today: date, focus_id: int | None = None) -> Content:
    """One item as a line of the list: symbol, status, text, owner, due, carry marks."""
    item = view.item
    parts: list[Content | str | tuple[str, str]] = []
    if focus_id == item.id:
        parts.append(("▶ ", "bold"))
    parts.append(f"{KIND_SYMBOLS.get(item.kind, '•')} ")
    label, style = STATUS_LABELS.get(item.status, (item.status, ""))
    if view.review and item.kind == "commitment" and view.review != item.status:
        label, style = {
            "rescoped": ("re-scoped", "$text-warning"),
            "open": ("still open", ""),
        }.get(view.review, (label, style))
    if label:
        parts.append((f"[{label}] ", f"bold {style}".strip()))
    parts.append(literal(item.text, LIST_TEXT_LIMIT))
    marks: list[tuple[str, str]] = []
    if view.owner_handle:
        marks.append((f"@{view.owner_handle}", "bold"))
    if item.due_date and item.kind == "commitment":
        marks.append((due_label(item.due_date, today), "$text-error" if view.overdue else ""))
    if view.overdue:
        marks.append(("OVERDUE", "bold $text-error"))
    if view.carried and item.kind in ("blocker", "commitment", "priority"):
        marks.append((f"carried {view.times_carried}× · {view.age_weeks}w old", "italic"))
    if view.times_rescoped:
        marks.append((f"re-scoped {view.times_rescoped}×", "$text-warning"))
    if view.brought:
        marks.append(("NEW (added between meetings)", "bold"))
    if view.from_team:
        marks.append((f"from {view.from_team}", "bold"))
    if view.to_team and item.kind == "message":
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

    def show_items(self, views: list[ItemView], today: date, focus_id: int | None = None) -> None:
        keep = self.highlighted_id
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
