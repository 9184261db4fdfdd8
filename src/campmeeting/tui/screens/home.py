"""Home: the teams with their next meeting and open work; start or resume a meeting."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from campmeeting.agenda import AgendaError
from campmeeting.clock import local_now, local_today
from campmeeting.meeting import TeamRow, set_team_agenda, team_rows
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.text import short_date, when_label
from campmeeting.tui.commands import PaletteCommand
from campmeeting.tui.literal import cell, literal, visible

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

WELCOME = (
    "Welcome to campmeeting.\n\n"
    "Press t to create your team and its members, then Enter to start the meeting.\n"
    "Everything you type is saved at once; open items carry into next week."
)


class HomeScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding(
            "enter",
            "start",
            "Start / resume",
            tooltip="Start or resume the selected team's meeting",
            id="home.start",
        ),
        Binding(
            "t", "new_team", "New team", tooltip="New team with its members", id="home.new-team"
        ),
        Binding(
            "m", "members", "Members", tooltip="Add members to the selected team", id="home.members"
        ),
        Binding("g", "agenda", "Agenda", tooltip="Choose the team's agenda", id="home.agenda"),
        Binding("r", "review", "Review", tooltip="Review past meetings", id="home.review"),
        Binding(
            "i",
            "insights",
            "Insights",
            show=False,  # the footer is full at 80 columns: the status line names it
            tooltip="Insights: trends, drift signals, the team of teams",
            id="home.insights",
        ),
        Binding("j", "cursor(1)", "Down", show=False, id="home.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="home.up"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.teams: list[Team] = []
        self.rows: list[TeamRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static("campmeeting · weekly camp meetings", id="home-title")
            yield Static(WELCOME, id="home-welcome", markup=False)
            yield DataTable(id="teams", cursor_type="row", zebra_stripes=True)
            yield Static("", id="home-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#teams", DataTable)
        table.add_columns("Team", "Next meeting", "Blockers", "Commitments", "Status")
        self.refresh_teams()

    def on_screen_resume(self) -> None:
        self.refresh_teams()

    def refresh_teams(self) -> None:
        self.rows = team_rows(self.store, local_now(self.app.source))
        self.teams = [row.team for row in self.rows]
        table = self.query_one("#teams", DataTable)
        table.clear()
        today = local_today(self.app.source)
        for row in self.rows:
            if row.live_section is not None:
                status = Text("● LIVE at " + visible(row.live_section), style="bold")
            elif row.missed:
                status = Text(f"missed {len(row.missed)}: last {short_date(row.missed[-1], today)}")
            else:
                status = Text("")
            table.add_row(
                cell(row.team.name, 40),
                when_label(row.next_meeting, today)
                if row.next_meeting
                else "after the first meeting",
                str(row.open_blockers),
                str(row.open_commitments),
                status,
                key=str(row.team.id),
            )
        self.query_one("#home-welcome").display = not self.teams
        table.display = bool(self.teams)
        if self.teams:
            table.focus()
            self.query_one("#home-status", Static).update(
                "Enter starts (or resumes) the selected team's meeting · i insights"
            )

    def selected_team(self) -> Team | None:
        table = self.query_one("#teams", DataTable)
        if not self.teams or table.cursor_row is None:
            return None
        return self.teams[min(table.cursor_row, len(self.teams) - 1)]

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#teams", DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    @on(DataTable.RowSelected, "#teams")
    def team_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        team = self.selected_team()
        if team is None:
            self.action_new_team()
            return
        self.app.open_meeting(team)

    def action_new_team(self) -> None:
        from campmeeting.tui.dialogs.team_form import TeamFormScreen

        self.app.push_screen(TeamFormScreen(self.store), lambda _: self.refresh_teams())

    def action_members(self) -> None:
        team = self.selected_team()
        if team is None:
            return
        from campmeeting.tui.dialogs.team_form import TeamFormScreen

        self.app.push_screen(TeamFormScreen(self.store, team), lambda _: self.refresh_teams())

    def action_agenda(self) -> None:
        team = self.selected_team()
        if team is None:
            return
        from campmeeting.agenda import list_agendas
        from campmeeting.tui.dialogs.choice import Choice, ChoiceScreen

        choices = [Choice(f"{name} ({origin})", name) for name, _path, origin in list_agendas()]

        def chosen(name: str | None) -> None:
            if not name:
                return
            status = self.query_one("#home-status", Static)
            try:
                set_team_agenda(self.store, team, name)
            except AgendaError as error:
                status.update(literal(f"Not changed: {error.problems[0]}"))
                return
            status.update(literal(f"{team.name} will run the {name} agenda"))

        self.app.push_screen(ChoiceScreen[str](f"Agenda for {team.name}", choices), chosen)

    def action_review(self) -> None:
        self.app.open_review(self.selected_team())

    def action_insights(self) -> None:
        from campmeeting.tui.screens.insights import InsightsScreen

        self.app.push_screen(InsightsScreen(self.store))

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            PaletteCommand(
                f"Start or resume: {team.name}", "meeting", partial(self.app.open_meeting, team)
            )
            for team in self.teams
        ]
