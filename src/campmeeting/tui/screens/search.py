"""Search every team's items (decisions, blockers, commitments ...) as you type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from campmeeting import history
from campmeeting.store import Store
from campmeeting.tui.literal import literal
from campmeeting.tui.widgets.item_refs import ItemRefList

HINT = "Type to search all teams and meetings · ↓ to the results · Enter opens · Escape back"


def hit_suffix(hit: history.SearchHit) -> str:
    where = hit.item.team_name
    if hit.meeting_date:
        return f"{where} · meeting of {date.fromisoformat(hit.meeting_date):%a %d %b %Y}"
    return f"{where} · not in a meeting yet"


class SearchScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "results", "Results", show=False, id="search.results"),
        Binding("slash", "focus_input", "Search", id="search.input"),
        Binding("enter", "open", "Open", show=False, id="search.open"),
        Binding("h", "history", "Item history", id="search.history"),
        Binding("p", "person", "Person", id="search.person"),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="search.refresh"),
    ]

    def __init__(self, store: Store, query: str = "") -> None:
        super().__init__()
        self.store = store
        self.query_text = query
        self.hits: list[history.SearchHit] = []

    def compose(self) -> ComposeResult:
        yield Static("Search all teams and meetings (read-only)", id="search-title")
        yield Input(
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
        self.query_text = text
        self.hits = history.search(self.store, text) if text.strip() else []
        results = self.query_one("#search-results", ItemRefList)
        results.show_refs([(hit.item, hit_suffix(hit)) for hit in self.hits])
        if not text.strip():
            self.set_status(HINT)
        elif not self.hits:
            self.set_status(f"Nothing found for {text!r}")
        else:
            more = " (the best ones)" if len(self.hits) >= history.SEARCH_LIMIT else ""
            self.set_status(
                f"{len(self.hits)} found{more} · Enter opens the meeting at the item · "
                "h its history · p its owner"
            )

    def set_status(self, message: str) -> None:
        self.query_one("#search-status", Static).update(literal(message))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.run_search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_results()

    def on_option_list_option_selected(self, event: ItemRefList.OptionSelected) -> None:
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
        from campmeeting.tui.screens.minutes_view import MinutesScreen

        self.app.push_screen(MinutesScreen(self.store, hit.meeting_id, hit.item.id))

    def action_history(self) -> None:
        hit = self.selected_hit()
        if hit is None:
            return
        from campmeeting.tui.screens.item_history import ItemHistoryScreen

        self.app.push_screen(ItemHistoryScreen(self.store, hit.item.id))

    def action_person(self) -> None:
        from campmeeting.tui.screens.person import PersonScreen, choose_person

        hit = self.selected_hit()
        if hit is not None and hit.item.owner_id is not None:
            self.app.push_screen(PersonScreen(self.store, hit.item.owner_id))
        else:
            choose_person(self, self.store)

    def action_refresh(self) -> None:
        self.run_search(self.query_text)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [
            ("Open the meeting at the selected item", "enter", self.action_open),
            ("History of the selected item", "h", self.action_history),
            ("Person: the selected item's owner", "p", self.action_person),
            ("Type a new search", "/", self.action_focus_input),
            ("Refresh", "ctrl+r", self.action_refresh),
            ("Back", "escape", self.action_back),
        ]
