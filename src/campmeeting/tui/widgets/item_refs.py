"""A list of items from any team or meeting (review: a meeting's items, search results)."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from campmeeting.history import ItemRef
from campmeeting.text import due_label
from campmeeting.tui.literal import literal
from campmeeting.tui.widgets.item_list import KIND_SYMBOLS, status_part

REF_TEXT_LIMIT = 200  # characters of an item shown in a list line


def ref_line(item: ItemRef, suffix: str = "") -> Content:
    """Symbol, status, the text (literally), owner and due date; then `suffix`, muted."""
    parts: list[Content | str | tuple[str, str]] = [f"{KIND_SYMBOLS.get(item.kind, '•')} "]
    status = status_part(item.status)
    if status:
        parts.append(status)
    parts.append(literal(item.text, REF_TEXT_LIMIT))
    if item.owner_handle:
        parts += [" · ", literal(f"@{item.owner_handle}", style="bold")]
    if item.due_date and item.kind == "commitment":
        parts.append(f" · {due_label(item.due_date)}")
    if suffix:
        parts += ["\n   ", literal(suffix, style="$text-muted")]
    return Content.assemble(*parts, strip_control_codes=False)


class ItemRefList(OptionList):
    """Items, one option each (option id = item id); Enter selects, j/k move."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="item-refs.down"),
        Binding("k", "cursor_up", "Up", show=False, id="item-refs.up"),
    ]

    def show_refs(self, refs: list[tuple[ItemRef, str]], select: int | None = None) -> None:
        """Show (item, suffix) pairs; keep the highlighted item, or highlight `select`."""
        keep = select if select is not None else self.highlighted_item_id
        self.clear_options()
        self.add_options(Option(ref_line(item, suffix), id=str(item.id)) for item, suffix in refs)
        if refs:
            ids = [item.id for item, _ in refs]
            self.highlighted = ids.index(keep) if keep in ids else 0

    @property
    def highlighted_item_id(self) -> int | None:
        option = self.highlighted_option
        return int(option.id) if option and option.id else None
