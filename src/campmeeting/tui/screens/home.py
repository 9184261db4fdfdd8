"""Home: the teams with their next meeting and open work; start or resume a meeting."""

from __future__ import annotations

from datetime import date
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
from campmeeting.clock import local_today
from campmeeting.meeting import (
    LiveMeeting,
    LiveState,
    MeetingError,
    TeamRow,
    end_stale_meeting,
    set_team_agenda,
    team_rows,
)
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.text import plural, short_date, when_label
from campmeeting.tui.commands import PaletteCommand
from campmeeting.tui.dialogs.choice import Choice, ChoiceScreen
from campmeeting.tui.dialogs.confirm import ConfirmScreen
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
        table.add_columns("Team", "Next meeting", "Status", "Blockers", "Commitments")
        self.refresh_teams()

    def on_screen_resume(self) -> None:
        self.refresh_teams()

    def refresh_teams(self) -> None:
        self.rows = team_rows(self.store, self.app.source)
        self.teams = [row.team for row in self.rows]
        table = self.query_one("#teams", DataTable)
        keep = table.cursor_row
        table.clear()
        today = local_today(self.app.source)
        for row in self.rows:
            table.add_row(
                cell(row.team.name, 40),
                when_label(row.next_meeting, today)
                if row.next_meeting
                else "after the first meeting",
                self.status_cell(row, today),  # before the counts: seen at 60 columns
                str(row.open_blockers),
                str(row.open_commitments),
                key=str(row.team.id),
            )
        if self.rows and keep:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self.query_one("#home-welcome").display = not self.teams
        table.display = bool(self.teams)
        if self.teams:
            table.focus()
            self.show_selected()

    @staticmethod
    def status_cell(row: TeamRow, today: date) -> Text:
        if row.live is not None and row.live.stale:
            when = when_label(row.live.last_activity, today)
            return Text(f"● LIVE, left since {when}", style="bold")
        if row.live is not None:
            return Text("● LIVE at " + visible(row.live.section), style="bold")
        if row.due and row.next_meeting is not None:
            late = row.next_meeting.date() < today
            return Text("late: not held yet" if late else "due now", style="bold")
        if row.missed:
            missed = plural(len(row.missed), "meeting")
            return Text(f"missed {missed}: {short_date(row.missed[-1], today)}")
        return Text("")

    def show_selected(self) -> None:
        row = self.selected_row()
        status = self.query_one("#home-status", Static)
        if row is None:
            return
        if row.live is not None and row.live.stale:
            tip = "Enter: resume it, or end it as of its last activity"
        elif row.live is not None:
            tip = "Enter resumes the live meeting"
        else:
            tip = "Enter starts its meeting (after one question)"
        rhythm = (
            f" meets {row.cadence}"
            if row.team.cadence
            else ": its first meeting sets when it meets"
        )
        status.update(literal(f"{row.team.name}{rhythm} · {tip} · i insights"))

    @on(DataTable.RowHighlighted, "#teams")
    def team_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_selected()

    def selected_row(self) -> TeamRow | None:
        table = self.query_one("#teams", DataTable)
        if not self.rows or table.cursor_row is None:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def selected_team(self) -> Team | None:
        row = self.selected_row()
        return row.team if row else None

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#teams", DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    @on(DataTable.RowSelected, "#teams")
    def team_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        """Start after one question (a meeting started by mistake is a nuisance);
        resume a live one; a meeting left live for a day: resume, end or discard it."""
        row = self.selected_row()
        if row is None:
            self.action_new_team()
            return
        team = row.team
        if row.live is None:
            when = f" (planned {when_label(row.next_meeting)})" if row.next_meeting else ""
            self.app.push_screen(
                ConfirmScreen(
                    f"Start {team.name}'s meeting now?{when}",
                    f"Agenda: {team.agenda}. Everyone is marked present; open items come along.",
                ),
                partial(self.confirmed_start, team),
            )
        elif row.live.stale:
            self.ask_about_stale(row, row.live)
        else:
            self.app.open_meeting(team)

    def confirmed_start(self, team: Team, yes: bool | None) -> None:
        if yes:
            self.app.open_meeting(team)

    def ask_about_stale(self, row: TeamRow, live: LiveState) -> None:
        last = when_label(live.last_activity)
        choices = [
            Choice("Resume it where it was", "resume"),
            Choice(f"End it as of its last activity ({last})", "end"),
        ]
        if live.discardable:
            choices.append(Choice("Discard it (nothing was captured)", "discard"))

        def chosen(what: str | None) -> None:
            status = self.query_one("#home-status", Static)
            if what == "resume":
                self.app.open_meeting(row.team)
                return
            try:
                if what == "end":
                    end_stale_meeting(self.store, self.app.source, live.meeting)
                    status.update(literal(f"Ended as of {last}: its minutes are in review"))
                elif what == "discard":
                    LiveMeeting(self.store, self.app.source, live.meeting.id).discard()
                    status.update(literal(f"Discarded the meeting of {row.team.name}"))
            except MeetingError as error:
                status.update(literal(str(error)))
            self.refresh_teams()

        self.app.push_screen(
            ChoiceScreen[str](
                f"{row.team.name}'s meeting is still live, untouched since {last}", choices
            ),
            chosen,
        )

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
