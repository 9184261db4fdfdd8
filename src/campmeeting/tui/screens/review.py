"""Review: past meetings per team, newest first, read-only.

The screen reads through a read-only connection (`Store.open_readonly`): nothing here
can change the database, and it can stay open while a meeting runs in another terminal
(WAL readers never wait for the writer). ctrl+r / f5 reads again; with a ticking app it
also notices commits from elsewhere by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from io import StringIO
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from campmeeting import history
from campmeeting.clock import local_today
from campmeeting.insights import rating_label, team_velocity
from campmeeting.records import Team
from campmeeting.store import Store, StoreError
from campmeeting.text import plural, short_date
from campmeeting.tui.commands import PaletteCommand
from campmeeting.tui.dialogs.choice import Choice, ChoiceScreen
from campmeeting.tui.literal import cell, literal
from campmeeting.tui.messages import (
    OpenItem,
    OpenMeasurable,
    OpenMinutes,
    OpenPerson,
    OpenSearch,
)

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

ALL_TEAMS = "all"
EXPORT_FORMATS = [
    Choice("Markdown (.md)", "md"),
    Choice("HTML (.html)", "html"),
    Choice("JSON (.json)", "json"),
    Choice("Calendar event (.ics)", "ics"),
]
MEETING_COLUMNS = (
    "Date",
    "Team",
    "Time\nvs plan",
    "Rating",
    "Commitments\ndone",
    "Decisions",
    "New\ncommitments",
    "Open\nblockers",
)
TEAM_CELL = 14  # characters of a team name in the meetings table
PAGE = 100  # meetings read at a time: the next page when the cursor nears the end
NEAR_END = 10  # rows before the end that read the next page
POLL_SECONDS = 2.0  # how often a ticking app looks for commits from elsewhere
EMPTY = (
    "No meetings yet. Run one with `campmeeting run --team NAME`; "
    "it shows up here after a refresh (ctrl+r)."
)


def reader_for(store: Store) -> tuple[Store, bool]:
    """A read-only store on the same database, and whether it was opened here."""
    if store.readonly or store.path is None:
        return store, False
    try:
        return Store.open_readonly(store.path), True
    except StoreError:
        return store, False


def choose_export(
    screen: Screen, store: Store, meeting_id: int, done: Callable[[str], None]
) -> None:
    """Ask for a format, write the minutes to a file, report where (or why not) via `done`."""

    def chosen(fmt: str | None) -> None:
        if not fmt:
            return
        if screen.app.is_web:  # served to a browser: it downloads them, nothing is written here
            deliver(fmt)
            return
        from campmeeting.exporting import export_meeting_file

        try:
            path = export_meeting_file(store, meeting_id, fmt)
        except (OSError, ValueError, StoreError) as error:
            done(f"Not exported: {error}")
            return
        done(f"Minutes written to {path}")

    def deliver(fmt: str) -> None:
        from campmeeting.minutes import minutes_filename, render

        try:
            text, name = render(store, meeting_id, fmt), minutes_filename(store, meeting_id, fmt)
        except (ValueError, StoreError) as error:
            done(f"Not exported: {error}")
            return
        screen.app.deliver_text(StringIO(text), save_filename=name)
        done(f"Minutes sent to your browser as {name}")

    screen.app.push_screen(ChoiceScreen[str]("Export the minutes as", EXPORT_FORMATS), chosen)


def meeting_cells(summary: history.MeetingSummary) -> list[Text | str]:
    day = date.fromisoformat(summary.date)
    when = Text(short_date(day))
    if summary.is_live:
        when.append(" ● live", style="bold")
    actual = round(summary.actual_seconds / 60)
    planned = round(summary.planned_seconds / 60)
    timing = Text(f"{actual}/{planned} min")
    if summary.time_ratio is not None and summary.time_ratio > 1:
        timing.stylize("yellow")
    rate = summary.rate
    done = rate.label() if rate.value is None else f"{rate.label()} {rate.done}/{rate.total}"
    return [
        when,
        cell(summary.team_name, TEAM_CELL),
        timing,
        rating_label(summary.rating),
        done,
        str(summary.decisions),
        str(summary.new_commitments),
        str(summary.open_blockers),
    ]


def team_label(name: str, meetings: int) -> Content:
    """A team in review's list: its name on one line (cut with '…' by the list's
    text-overflow, never wrapped in two halves), its number of meetings under it."""
    return Content.assemble(literal(name), "\n", (plural(meetings, "meeting"), "$text-muted"))


class ReviewScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding(
            "enter",
            "open",
            "Open minutes",
            tooltip="Open the selected meeting's minutes",
            id="review.open",
        ),
        Binding(
            "slash", "search", "Search", tooltip="Search all teams and meetings", id="review.search"
        ),
        Binding(
            "p",
            "person",
            "Person",
            tooltip="Person: commitments and completion rate",
            id="review.person",
        ),
        Binding(
            "h",
            "history",
            "Item history",
            tooltip="Item history (an item of the selected meeting)",
            id="review.history",
        ),
        Binding(
            "s",
            "scorecard",
            "Scorecard",
            show=False,
            tooltip="A measurable's history: every week, value, on/off track, who recorded it",
            id="review.scorecard",
        ),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Export the selected meeting's minutes",
            id="review.export",
        ),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="review.refresh"),
        Binding("t", "teams", "Teams", show=False, id="review.teams"),
        Binding("escape", "back", "Back", id="review.back"),
        Binding("j", "cursor(1)", "Down", show=False, id="review.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="review.up"),
    ]

    def __init__(self, store: Store, team: Team | None = None) -> None:
        super().__init__()
        self.store, self._owns_store = reader_for(store)
        self.team_id: int | None = team.id if team else None
        self.teams: list[Team] = []
        self.summaries: list[history.MeetingSummary] = []
        self.more = False  # a full page was read: there may be older meetings
        self._data_version: int | None = None

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("campmeeting · review (read-only)", id="review-title")
        with Horizontal(id="review-body"):
            yield OptionList(id="review-teams")
            with Vertical(id="review-main"):
                yield Static("", id="review-velocity", markup=False)
                yield DataTable(
                    id="review-meetings", cursor_type="row", zebra_stripes=True, header_height=2
                )
                yield Static(EMPTY, id="review-empty", markup=False)
        yield Static("", id="review-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#review-meetings", DataTable)
        table.add_columns(*MEETING_COLUMNS)
        self.reload()
        table.focus()
        seconds = getattr(self.app, "tick_seconds", None)
        if seconds:
            self.set_interval(max(POLL_SECONDS, seconds), self.poll)

    def on_unmount(self) -> None:
        if self._owns_store:
            self.store.close()

    def on_screen_resume(self) -> None:
        """Back from minutes, search or a dialog: read again, keep the status line."""
        if self.is_mounted and self.teams:
            self.reload(announce=False)

    # -- reading -----------------------------------------------------------------------

    def poll(self) -> None:
        """Read again when another connection committed since the last look."""
        version = self.store.data_version()
        if self._data_version is not None and version != self._data_version:
            self.reload(announce=False)
        self._data_version = version

    def reload(self, announce: bool = True) -> None:
        self._data_version = self.store.data_version()
        self.teams = self.store.teams()
        if self.team_id is not None and self.team_id not in {t.id for t in self.teams}:
            self.team_id = None
        counts = history.team_meeting_counts(self.store)
        teams = self.query_one("#review-teams", OptionList)
        options = [Option(team_label("All teams", sum(counts.values())), id=ALL_TEAMS)]
        for team in self.teams:
            options.append(Option(team_label(team.name, counts.get(team.id, 0)), id=str(team.id)))
        with self.prevent(OptionList.OptionHighlighted):
            teams.set_options(options)
            teams.highlighted = teams.get_option_index(
                ALL_TEAMS if self.team_id is None else str(self.team_id)
            )
        self.reload_meetings(announce)

    def reload_meetings(self, announce: bool = True) -> None:
        table = self.query_one("#review-meetings", DataTable)
        keep = self.selected_meeting_id()
        # a refresh keeps the pages already read (as many as one read may take)
        shown = min(max(PAGE, len(self.summaries)), history.MEETING_LIMIT)
        self.summaries = history.meeting_summaries(self.store, self.team_id, limit=shown)
        self.more = len(self.summaries) == shown
        table.clear()
        for summary in self.summaries:
            table.add_row(*meeting_cells(summary), key=str(summary.meeting_id))
        ids = [s.meeting_id for s in self.summaries]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.query_one("#review-empty").display = not self.summaries
        table.display = bool(self.summaries)
        self.show_velocity()
        if not announce:
            return
        self.announce()

    def announce(self) -> None:
        shown = "all teams" if self.team_id is None else self.team_name(self.team_id)
        more = " (more as you scroll)" if self.more else ""
        self.set_status(
            f"{len(self.summaries)} meetings of {shown}{more}, newest first · Enter opens "
            "the minutes · / searches · p shows a person · e exports"
        )

    def show_velocity(self) -> None:
        """Decision velocity of the team shown (of every team), 13 weeks ending today."""
        velocity = team_velocity(self.store, self.team_id, local_today(self.app.source))
        self.query_one("#review-velocity", Static).update(f"Decision velocity: {velocity.label}")

    def read_more(self) -> None:
        """The next page of meetings, below the last one shown."""
        if not self.more or not self.summaries:
            return
        page = history.meeting_summaries(
            self.store, self.team_id, limit=PAGE, before=self.summaries[-1]
        )
        self.more = len(page) == PAGE
        table = self.query_one("#review-meetings", DataTable)
        for summary in page:
            table.add_row(*meeting_cells(summary), key=str(summary.meeting_id))
        self.summaries.extend(page)
        self.announce()

    def team_name(self, team_id: int) -> str:
        return next((t.name for t in self.teams if t.id == team_id), "?")

    def set_status(self, message: str) -> None:
        self.query_one("#review-status", Static).update(literal(message))

    def selected_meeting_id(self) -> int | None:
        table = self.query_one("#review-meetings", DataTable)
        if not self.summaries or table.cursor_row is None:
            return None
        return self.summaries[min(table.cursor_row, len(self.summaries) - 1)].meeting_id

    # -- events ------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#review-teams")
    def team_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        chosen = event.option.id
        team_id = None if chosen in (None, ALL_TEAMS) else int(chosen)
        if team_id != self.team_id:
            self.team_id = team_id
            self.summaries = []  # another team: its first page
            self.reload_meetings()

    @on(OptionList.OptionSelected, "#review-teams")
    def team_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#review-meetings", DataTable).focus()

    @on(DataTable.RowHighlighted, "#review-meetings")
    def meeting_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row >= len(self.summaries) - NEAR_END:
            self.read_more()

    @on(DataTable.RowSelected, "#review-meetings")
    def meeting_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # -- actions -----------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        teams = self.query_one("#review-teams", OptionList)
        if teams.has_focus:
            teams.action_cursor_down() if step > 0 else teams.action_cursor_up()
            return
        table = self.query_one("#review-meetings", DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def action_teams(self) -> None:
        self.query_one("#review-teams", OptionList).focus()

    def action_open(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is None:
            self.set_status("No meeting to open")
            return
        self.open_meeting(meeting_id)

    def open_meeting(self, meeting_id: int, item_id: int | None = None) -> None:
        self.post_message(OpenMinutes(meeting_id, item_id))

    def show_team(self, team_id: int | None) -> None:
        self.team_id = team_id
        self.summaries = []
        self.reload()

    def action_search(self) -> None:
        self.post_message(OpenSearch())

    def action_person(self) -> None:
        self.post_message(OpenPerson())

    def action_history(self) -> None:
        """History of an item of the selected meeting (chosen from its items)."""
        meeting_id = self.selected_meeting_id()
        if meeting_id is None:
            self.set_status("No meeting selected: / searches every item")
            return
        from campmeeting.tui.widgets.item_refs import ref_line

        refs = history.meeting_items(self.store, meeting_id)
        if not refs:
            self.set_status("This meeting has no items")
            return
        choices = [Choice(ref_line(ref), ref.id) for ref in refs]

        def chosen(item_id: int | None) -> None:
            if item_id is not None:
                self.post_message(OpenItem(item_id))

        self.app.push_screen(ChoiceScreen[int]("History of which item?", choices), chosen)

    def action_scorecard(self) -> None:
        """A measurable's history, chosen from the team's (every team's) scorecard."""
        from campmeeting.scorecard import measurables

        teams = [t for t in self.teams if self.team_id in (None, t.id)]
        choices = [
            Choice(
                Content.assemble(
                    literal(m.title, 40),
                    " (archived)" if m.archived else "",
                    " · " if self.team_id is None else "",
                    literal(team.name, 20) if self.team_id is None else "",
                ),
                m.id,
            )
            for team in teams
            for m in measurables(self.store, team.id, archived=True)
        ]
        if not choices:
            self.set_status("No measurables yet: campmeeting scorecard add --team NAME TITLE")
            return

        def chosen(measurable_id: int | None) -> None:
            if measurable_id is not None:
                self.post_message(OpenMeasurable(measurable_id))

        self.app.push_screen(ChoiceScreen[int]("History of which measurable?", choices), chosen)

    def action_export(self) -> None:
        meeting_id = self.selected_meeting_id()
        if meeting_id is None:
            self.set_status("No meeting to export")
            return
        choose_export(self, self.store, meeting_id, self.set_status)

    def action_refresh(self) -> None:
        self.reload()
        self.notify(f"Refreshed: {len(self.summaries)} meetings", timeout=3)

    def action_back(self) -> None:
        self.app.leave_review()

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [PaletteCommand("Show all teams", "review", lambda: self.show_team(None))]
        commands += [
            PaletteCommand(f"Show team: {team.name}", "review", partial(self.show_team, team.id))
            for team in self.teams
        ]
        return commands
