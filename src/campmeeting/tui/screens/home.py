"""Home: the teams with their next meeting and open work; start or resume a meeting."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from campmeeting import rhythm
from campmeeting.agenda import AgendaError
from campmeeting.clock import local_now
from campmeeting.meeting import next_meeting_at, set_team_agenda
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.tui.literal import literal, visible

WELCOME = (
    "Welcome to campmeeting.\n\n"
    "Press t to create your team and its members, then Enter to start the meeting.\n"
    "Everything you type is saved at once; open items carry into next week."
)


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start / resume", id="home.start"),
        Binding("t", "new_team", "New team", id="home.new-team"),
        Binding("m", "members", "Members", id="home.members"),
        Binding("g", "agenda", "Agenda", id="home.agenda"),
        Binding("r", "review", "Review", id="home.review"),
        Binding("j", "cursor(1)", "Down", show=False, id="home.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="home.up"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.teams: list[Team] = []

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
        store = self.store
        self.teams = store.teams()
        table = self.query_one("#teams", DataTable)
        table.clear()
        # one indexed count per team and kind (items_team_kind_status), never a scan
        counts = {
            (team.id, kind): store.scalar(
                "select count(*) from items where team_id = ? and kind = ? and status = 'open'",
                [team.id, kind],
            )
            for team in self.teams
            for kind in ("blocker", "commitment")
        }
        now = local_now(self.app.source)
        for team in self.teams:
            nxt = next_meeting_at(store, team, now)
            live = store.live_meeting(team.id)
            if live:
                section = store.row(
                    "select title from section_runs where meeting_id = ? and position = ?",
                    [live.id, live.current_position],
                )
                status = Text("● LIVE at " + (section or {}).get("title", ""), style="bold")
            else:
                status = Text(self.missed_label(team, now))
            table.add_row(
                Text(visible(team.name)[:40]),
                f"{nxt:%a %d %b %H:%M}" if nxt else "after the first meeting",
                str(counts.get((team.id, "blocker"), 0)),
                str(counts.get((team.id, "commitment"), 0)),
                status,
                key=str(team.id),
            )
        self.query_one("#home-welcome").display = not self.teams
        table.display = bool(self.teams)
        if self.teams:
            table.focus()
            self.query_one("#home-status", Static).update(
                "Enter starts the selected team's meeting (or resumes a live one)."
            )

    def missed_label(self, team: Team, now) -> str:
        if not team.cadence or not team.cadence_start:
            return ""
        from datetime import date, datetime

        held = [
            date.fromisoformat(r["date"])
            for r in self.store.rows(
                "select date from meetings where team_id = ? order by date desc limit 30",
                [team.id],
            )
        ]
        missed = rhythm.missed_meetings(
            team.cadence,
            datetime.fromisoformat(team.cadence_start),
            held,
            now - rhythm.HELD_TOLERANCE,  # a meeting is missed once its grace days are over
        )
        if not missed:
            return ""
        return f"missed {len(missed)}: last {missed[-1]:%d %b}"

    def selected_team(self) -> Team | None:
        table = self.query_one("#teams", DataTable)
        if not self.teams or table.cursor_row is None:
            return None
        return self.teams[min(table.cursor_row, len(self.teams) - 1)]

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#teams", DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        team = self.selected_team()
        if team is None:
            self.action_new_team()
            return
        self.app.open_meeting(team)

    def action_new_team(self) -> None:
        from campmeeting.tui.screens.team_form import TeamFormScreen

        self.app.push_screen(TeamFormScreen(self.store), lambda _: self.refresh_teams())

    def action_members(self) -> None:
        team = self.selected_team()
        if team is None:
            return
        from campmeeting.tui.screens.team_form import TeamFormScreen

        self.app.push_screen(TeamFormScreen(self.store, team), lambda _: self.refresh_teams())

    def action_agenda(self) -> None:
        team = self.selected_team()
        if team is None:
            return
        from campmeeting.agenda import list_agendas
        from campmeeting.tui.screens.choice import ChoiceScreen

        choices = [(name, f"{name} ({origin})") for name, _path, origin in list_agendas()]

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

        self.app.push_screen(ChoiceScreen(f"Agenda for {team.name}", choices), chosen)

    def action_review(self) -> None:
        self.app.open_review(self.selected_team())

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("New team", "t", self.action_new_team),
            ("Review past meetings", "r", self.action_review),
        ]
        for team in self.teams:
            commands.append(
                (
                    f"Start or resume: {team.name}",
                    "meeting",
                    lambda t=team: self.app.open_meeting(t),
                )
            )
        return commands
