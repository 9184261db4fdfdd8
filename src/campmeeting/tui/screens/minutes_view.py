"""One meeting's minutes, rendered, beside the list of the items it touched (read-only).

Opened from a search result or a history event, the screen starts at that item: it is
highlighted in the list and the minutes scroll to the paragraph that names it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from campmeeting import history
from campmeeting.store import Store, StoreError
from campmeeting.text import short_date
from campmeeting.tui.literal import literal, visible
from campmeeting.tui.messages import OpenItem, OpenPerson, OpenSearch
from campmeeting.tui.widgets.item_refs import ItemRefList

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

MATCH_CHARACTERS = 60  # how much of an item's text finds its paragraph in the minutes


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables, and no raw HTML or bare-URL links: text stays text."""
    return MarkdownIt("gfm-like", {"html": False, "linkify": False})


def shown_markdown(markdown: str) -> str:
    """Markdown with control characters made visible (line breaks kept)."""
    return "\n".join(visible(line) for line in markdown.split("\n"))


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", visible(text)).strip()


class MinutesScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding("escape", "back", "Back", id="minutes.back"),
        Binding("enter", "history", "Item history", show=False, id="minutes.open"),
        Binding(
            "h",
            "history",
            "Item history",
            tooltip="History of the selected item",
            id="minutes.history",
        ),
        Binding(
            "p",
            "person",
            "Person",
            tooltip="Person: the selected item's owner",
            id="minutes.person",
        ),
        Binding("e", "export", "Export", tooltip="Export these minutes", id="minutes.export"),
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search all teams and meetings",
            id="minutes.search",
        ),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="minutes.refresh"),
        Binding(
            "m",
            "toggle_focus",
            "Minutes / items",
            tooltip="Switch between the minutes and the item list",
            id="minutes.focus",
        ),
    ]

    def __init__(self, store: Store, meeting_id: int, item_id: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id
        self.item_id = item_id
        self.refs: list[history.ItemRef] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="minutes-title")
        with Horizontal(id="minutes-body"):
            with VerticalScroll(id="minutes-scroll"):
                yield Markdown(id="minutes-md", parser_factory=markdown_parser, open_links=False)
            with Vertical(id="minutes-side"):
                yield Static("Items of this meeting", classes="review-label")
                yield ItemRefList(id="minutes-items")
        yield Static("", id="minutes-status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload(select=self.item_id)
        self.query_one("#minutes-items", ItemRefList).focus()

    # -- reading -----------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        store = self.store
        try:
            meeting = store.meeting(self.meeting_id)
            team = store.team(meeting.team_id)
        except StoreError as error:
            self.set_status(str(error))
            return
        day = date.fromisoformat(meeting.date)
        title = Content.assemble(
            literal(f"{team.name} · {short_date(day)} · minutes", 80, style="bold"),
            (" · live: so far" if meeting.is_live else "", "bold"),
            " · read-only",
        )
        self.query_one("#minutes-title", Static).update(title)
        self.query_one("#minutes-md", Markdown).update(self.minutes_markdown())
        self.refs = history.meeting_items(store, self.meeting_id)
        items = self.query_one("#minutes-items", ItemRefList)
        with self.prevent(ItemRefList.OptionHighlighted):  # the minutes start at the top
            items.show_refs([(ref, "") for ref in self.refs], select=select)
        if not self.refs:
            self.set_status("This meeting has no items.")
        elif select is not None and select in {r.id for r in self.refs}:
            self.set_status("Found here: h shows its whole history")
        else:
            self.set_status("↑/↓ an item to find it in the minutes · h its history · e export")

    def minutes_markdown(self) -> str:
        from campmeeting.minutes import render

        try:
            return shown_markdown(render(self.store, self.meeting_id, "md"))
        except (StoreError, ValueError) as error:
            return shown_markdown(f"The minutes cannot be shown: {error}")

    def set_status(self, message: str) -> None:
        self.query_one("#minutes-status", Static).update(literal(message))

    def selected_ref(self) -> history.ItemRef | None:
        item_id = self.query_one("#minutes-items", ItemRefList).highlighted_item_id
        return next((r for r in self.refs if r.id == item_id), None)

    # -- finding an item in the minutes -----------------------------------------------

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        """The minutes are on screen: go to the item we were opened at."""
        event.stop()
        ref = self.selected_ref()
        if ref is not None and ref.id == self.item_id:
            self.call_after_refresh(self.find_in_minutes, ref)

    @on(ItemRefList.OptionHighlighted, "#minutes-items")
    def item_highlighted(self, event: ItemRefList.OptionHighlighted) -> None:
        event.stop()
        ref = self.selected_ref()
        if ref is not None:
            self.find_in_minutes(ref)

    @on(ItemRefList.OptionSelected, "#minutes-items")
    def item_chosen(self, event: ItemRefList.OptionSelected) -> None:
        event.stop()
        self.action_history()

    def find_in_minutes(self, ref: history.ItemRef) -> MarkdownBlock | None:
        """Mark and scroll to the first paragraph of the minutes that names the item."""
        markdown = self.query_one("#minutes-md", Markdown)
        for block in markdown.query(".-found"):
            block.remove_class("-found")
        wanted = [_normal(text)[:MATCH_CHARACTERS] for text in self.texts_of(ref)]
        wanted = [w for w in wanted if w]
        for block in markdown.query(MarkdownBlock):
            if block.query(MarkdownBlock):
                continue  # a container: look at its paragraphs
            content = block.content
            shown = _normal(getattr(content, "plain", str(content)))
            if any(w in shown for w in wanted):
                block.add_class("-found")
                scroll = self.query_one("#minutes-scroll", VerticalScroll)
                scroll.scroll_to_widget(block, animate=False, top=True)
                # and again once laid out: a block just rendered may have no place yet
                self.call_after_refresh(scroll.scroll_to_widget, block, animate=False, top=True)
                return block
        return None

    def texts_of(self, ref: history.ItemRef) -> list[str]:
        """The item's text now, and as first written (the minutes show it as it was)."""
        return history.item_texts(self.store, ref)

    # -- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_history(self) -> None:
        ref = self.selected_ref()
        if ref is None:
            self.set_status("No item selected")
            return
        self.post_message(OpenItem(ref.id))

    def action_person(self) -> None:
        ref = self.selected_ref()
        self.post_message(OpenPerson(ref.owner_id if ref is not None else None))

    def action_export(self) -> None:
        from campmeeting.tui.screens.review import choose_export

        choose_export(self, self.store, self.meeting_id, self.set_status)

    def action_search(self) -> None:
        self.post_message(OpenSearch())

    def action_refresh(self) -> None:
        self.reload()

    def action_toggle_focus(self) -> None:
        items = self.query_one("#minutes-items", ItemRefList)
        if items.has_focus:
            self.query_one("#minutes-scroll", VerticalScroll).focus()
        else:
            items.focus()
