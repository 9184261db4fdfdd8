"""The items of the current section, one line each, with their status and history marks."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from campmeeting.meeting import ItemView
from campmeeting.model import ItemKind, ReviewOutcome, Status
from campmeeting.text import age_label, due_label, outcome_word, short_date, status_word
from campmeeting.tui.literal import literal, quoted, visible

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

OPEN_KINDS = (ItemKind.BLOCKER, ItemKind.COMMITMENT, ItemKind.PRIORITY)  # age and carries

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


Part = tuple[str, str]  # (text, style)


@dataclass(frozen=True)
class ItemParts:
    """An item's line, cut into the columns a wide list aligns."""

    lead: list[Part]  # focus marker, kind symbol, [status]
    text: str  # the item's text, as typed
    owner: Part | None
    due: Part | None
    marks: list[Part]
    linked: list[Content]


def item_parts(view: ItemView, today: date, focus_id: int | None = None) -> ItemParts:
    item = view.item
    lead: list[Part] = []
    if focus_id == item.id:
        lead.append(("▶ ", "bold"))
    lead.append((f"{KIND_SYMBOLS.get(item.kind, '•')} ", ""))
    if view.rank is not None:  # the issues list: the top three stand out
        lead.append(
            (f"#{view.rank} ", "bold reverse $warning" if view.top_issue else "$text-muted")
        )
    status = status_part(item.status)
    if view.review and item.kind == ItemKind.COMMITMENT and view.review != item.status:
        style = "$text-warning" if view.review == ReviewOutcome.RESCOPED else ""
        status = (f"[{outcome_word(view.review)}] ", f"bold {style}".strip())
    if status:
        lead.append(status)
    owner = (f"@{view.owner_handle}", "bold") if view.owner_handle else None
    due = None
    if item.due_date and item.kind in (ItemKind.COMMITMENT, ItemKind.PRIORITY):
        if item.status in (Status.OPEN, Status.ON_TRACK, Status.OFF_TRACK):
            # 'overdue 1 week', in bold red: said once, in the due column
            due = (due_label(item.due_date, today), "bold $text-error" if view.overdue else "")
        else:  # done or dropped: when it was due, never 'overdue'
            due = (f"due {short_date(date.fromisoformat(item.due_date), today)}", "$text-muted")
    marks: list[Part] = []
    if view.from_team and view.raised_on:  # passed along: it keeps its history
        marks.append((f"from {view.from_team}, raised {short_date(view.raised_on, today)}", "bold"))
    elif view.from_team:
        marks.append((f"from {view.from_team}", "bold"))
    elif view.brought:
        marks.append(("NEW (added between meetings)", "bold"))
    if (view.carried or view.brought) and item.kind in OPEN_KINDS:
        times = f"carried {view.times_carried}× · " if view.times_carried else ""
        marks.append((f"{times}{age_label(view.age_days)} old", "italic"))
    if view.slipped:  # EOS: a to-do that slips twice becomes an issue (i)
        marks.append((f"slipped {view.times_slipped}×: i makes it an issue", "bold $text-error"))
    elif view.times_rescoped:
        marks.append((f"re-scoped {view.times_rescoped}×", "$text-warning"))
    if view.source is not None:
        marks.append((f"from {view.source.kind}: {quoted(view.source.text)}", "italic"))
    if view.issue_text is not None:  # named by its text: ranks are what '#' numbers here
        marks.append((f"→ issue: {quoted(view.issue_text)}", "bold"))
    if view.to_team and item.kind == ItemKind.MESSAGE:
        marks.append((f"to {view.to_team}", "bold"))
    elif view.to_team:
        marks.append((f"handed to {view.to_team}", ""))
    if view.report is not None and item.status == Status.OPEN:  # the owner's word on it
        label = visible(view.report.label(today))
        marks.append((label if len(label) <= 80 else label[:79] + "…", "bold $text-accent"))
    if view.due_in_review and view.review is None:
        marks.append(("to review", "bold $text-warning"))
    linked = []
    for child in view.linked:
        pieces: list[Content | str | Part] = [
            f"↳ {KIND_SYMBOLS.get(child.kind, '•')} ",
            literal(child.text, 120),
        ]
        if child.owner_handle:
            pieces.append((f"  @{child.owner_handle}", "bold"))
        if child.item.due_date and child.item.kind == ItemKind.COMMITMENT:
            pieces.append(f"  {due_label(child.item.due_date, today)}")
        linked.append(Content.assemble(*pieces))
    return ItemParts(lead, item.text, owner, due, marks, linked)


def item_line(view: ItemView, today: date, focus_id: int | None = None) -> Content:
    """One item as a line of the list: symbol, status, text, owner, due, marks; what was
    decided or committed on it below."""
    found = item_parts(view, today, focus_id)
    parts: list[Content | str | Part] = [*found.lead, literal(found.text, LIST_TEXT_LIMIT)]
    for mark in [found.owner, found.due, *found.marks]:
        if mark is not None:
            parts += ["  ", mark]
    for child in found.linked:
        parts += ["\n     ", child]
    return Content.assemble(*parts)


# a wide list (a big shared screen) lines its columns up: lead, text, owner, due, marks
LEAD_WIDTH, OWNER_WIDTH, DUE_WIDTH = 16, 14, 18
COLUMNS_FROM = 120  # list width from which items are shown in columns


def marks_length(parts: ItemParts) -> int:
    """Cells the item's marks take on one line, two spaces after each."""
    return sum(cell_len(mark[0]) + 2 for mark in parts.marks)


def item_columns(found: ItemParts, width: int, marks_width: int) -> Content:
    """The item in aligned columns; its text wraps inside its own column, and the marks
    column is as wide as the list's longest marks (up to half the width) so they stay
    on the item's first line."""
    marks_width = min(max(24, marks_width), width // 2)
    text_width = max(20, width - LEAD_WIDTH - OWNER_WIDTH - DUE_WIDTH - marks_width - 4)
    text = visible(found.text)[:LIST_TEXT_LIMIT]
    lines = textwrap.wrap(text, text_width, break_long_words=True, replace_whitespace=False)
    lead = Content.assemble(*found.lead)
    first: list[Content | str | Part] = [
        lead.pad_right(max(0, LEAD_WIDTH - lead.cell_length)),
        literal((lines or [""])[0]).pad_right(max(0, text_width - cell_len((lines or [""])[0]))),
        "  ",
        fixed(found.owner, OWNER_WIDTH),
        fixed(found.due, DUE_WIDTH),
        Content.assemble(*[m for mark in found.marks for m in (mark, "  ")]),
    ]
    rows: list[Content | str | Part] = list(first)
    for line in lines[1:]:
        rows += ["\n" + " " * LEAD_WIDTH, literal(line)]
    for child in found.linked:
        rows += ["\n" + " " * LEAD_WIDTH, child]
    return Content.assemble(*rows)


def fixed(part: Part | None, width: int) -> Content:
    if part is None:
        return Content(" " * width)
    text = part[0][: width - 1]
    return Content.styled(text + " " * (width - cell_len(text)), part[1])


class ItemList(OptionList):
    """Items of a section; `enter` asks the screen to act on the highlighted one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="item-list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="item-list.up"),
    ]

    _shown: tuple[list[ItemView], date, int | None] | None = None
    _columns = False

    def on_resize(self, event: events.Resize) -> None:
        """Wider or narrower: lines or columns (a shared screen is often resized)."""
        if self._shown is None:
            return
        if (event.size.width - 2 >= COLUMNS_FROM) != self._columns:
            views, today, focus_id = self._shown
            self.show_items(views, today, focus_id)

    def _columns_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

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
        width = self._columns_width()
        if not width and self.display:  # not laid out yet: lay the items out once it is
            self.call_after_refresh(self.show_items, views, today, focus_id, select)
        self._columns = width >= COLUMNS_FROM
        if self._columns:
            parts = [item_parts(view, today, focus_id) for view in views]
            marks_width = max((marks_length(found) for found in parts), default=0)
            lines = [item_columns(found, width - 2, marks_width) for found in parts]
        else:
            lines = [item_line(view, today, focus_id) for view in views]
        self.add_options(
            Option(line, id=str(view.id)) for line, view in zip(lines, views, strict=True)
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
