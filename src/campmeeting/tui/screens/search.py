"""Search every team's items (decisions, blockers, commitments ...) as you type."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from campmeeting import history
from campmeeting.store import Store
from campmeeting.text import short_date
from campmeeting.tui.literal import LiteralInput, literal
from campmeeting.tui.messages import OpenItem, OpenMinutes, OpenPerson
from campmeeting.tui.widgets.item_refs import ItemRefList

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

TYPING_PAUSE = 0.15  # seconds without a key before the search runs
HINT = "Type to search all teams and meetings · ↓ to the results · Enter opens · Escape back"


def hit_suffix(hit: history.SearchHit) -> str:
    where = hit.item.team_name
    if hit.meeting_date:
        return f"{where} · meeting of {short_date(date.fromisoformat(hit.meeting_date))}"
    return f"{where} · not in a meeting yet"


class SearchScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "results", "Results", show=False, id="search.results"),
        Binding("slash", "focus_input", "Search", tooltip="Type a new search", id="search.input"),
        Binding(
            "enter",
            "open",
            "Open",
            show=False,
            tooltip="Open the meeting at the selected item",
            id="search.open",
        ),
        Binding(
            "h",
            "history",
            "Item history",
            tooltip="History of the selected item",
            id="search.history",
        ),
        Binding(
            "p", "person", "Person", tooltip="Person: the selected item's owner", id="search.person"
        ),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="search.refresh"),
    ]

    def __init__(self, store: Store, query: str = "") -> None:
        super().__init__()
        self.store = store
        self.query_text = query
        self.hits: list[history.SearchHit] = []
        self.searched: str | None = None  # the text the hits shown are for
        self._typing: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("Search all teams and meetings (read-only)", id="search-title")
        yield LiteralInput(
            self.query_text,
            placeholder="words from a decision, blocker, commitment, headline …",
            id="search-input",
        )
        yield ItemRefList(id="search-results")
        yield Static(HINT, id="search-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        if self.query_text:
            self.run_search(self.query_text)

    # -- searching ---------------------------------------------------------------------

    def run_search(self, text: str) -> None:
        """Search in a worker (a large archive never freezes typing); the newest wins."""
        self.query_text = text
        if not text.strip():
            self.show_hits(text, [])
            return
        self.search_worker(text)

    @work(thread=True, exclusive=True, group="search")
    def search_worker(self, text: str) -> None:
        hits = history.search(self.store, text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_hits, text, hits)

    def show_hits(self, text: str, hits: list[history.SearchHit]) -> None:
        if text != self.query_text:
            return  # typed on meanwhile: a newer search is coming
        self.hits = hits
        self.searched = text
        results = self.query_one("#search-results", ItemRefList)
        results.show_refs([(hit.item, hit_suffix(hit)) for hit in self.hits])
        if not text.strip():
            self.set_status(HINT)
        elif not self.hits:
            self.set_status(f"Nothing found for {text!r}")
        else:
            more = " (the newest)" if len(self.hits) >= history.SEARCH_LIMIT else ""
            self.set_status(
                f"{len(self.hits)} found{more} · Enter opens the meeting at the item · "
                "h its history · p its owner"
            )

    def set_status(self, message: str) -> None:
        self.query_one("#search-status", Static).update(literal(message))

    @on(Input.Changed, "#search-input")
    def typed(self, event: Input.Changed) -> None:
        """Search once typing pauses, not on every key."""
        event.stop()
        self.query_text = event.value
        if self._typing is not None:
            self._typing.stop()
        if not getattr(self.app, "tick_seconds", 1.0):  # tests drive time: search at once
            self.run_search(event.value)
            return
        self._typing = self.set_timer(TYPING_PAUSE, lambda: self.run_search(event.value))

    @on(Input.Submitted, "#search-input")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_results()

    @on(ItemRefList.OptionSelected, "#search-results")
    def chosen(self, event: ItemRefList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def selected_hit(self) -> history.SearchHit | None:
        item_id = self.query_one("#search-results", ItemRefList).highlighted_item_id
        return next((h for h in self.hits if h.item.id == item_id), None)

    # -- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_results(self) -> None:
        if self.hits:
            self.query_one("#search-results", ItemRefList).focus()

    def action_focus_input(self) -> None:
        self.query_one("#search-input", Input).focus()

    def action_open(self) -> None:
        """Open the meeting at the item; an item not in any meeting yet shows its history."""
        hit = self.selected_hit()
        if hit is None:
            return
        if hit.meeting_id is None:
            self.action_history()
            return
        self.post_message(OpenMinutes(hit.meeting_id, hit.item.id))

    def action_history(self) -> None:
        hit = self.selected_hit()
        if hit is not None:
            self.post_message(OpenItem(hit.item.id))

    def action_person(self) -> None:
        hit = self.selected_hit()
        self.post_message(OpenPerson(hit.item.owner_id if hit is not None else None))

    def action_refresh(self) -> None:
        self.run_search(self.query_text)
