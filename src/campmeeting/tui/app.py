"""CampApp: screens, global keys, the command palette."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from campmeeting.agenda import AgendaError, load_agenda, resolve_agenda
from campmeeting.clock import SystemTime, TimeSource
from campmeeting.meeting import LiveMeeting, MeetingError
from campmeeting.records import Person, Team
from campmeeting.store import Store
from campmeeting.tui.commands import ScreenCommands
from campmeeting.tui.screens.help import HelpScreen
from campmeeting.tui.screens.home import HomeScreen
from campmeeting.tui.screens.meeting import MeetingScreen

HELP_NOTES = (
    "Quick capture: 'Ship the beta @maria due:fri'. @handle sets the owner; "
    "due: takes a weekday (the next one after today), +3d, +2w, 2026-12-01 or next "
    "(the next meeting); #TEAM hands a blocker or message to another team.\n"
    "Everything is saved as you type it. ctrl+q quits; `campmeeting` or "
    "`campmeeting run --team NAME` resumes the meeting where it was. Time while "
    "campmeeting is not running is not counted."
)


class CampApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "campmeeting"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self,
        store: Store,
        source: TimeSource | None = None,
        *,
        team: Team | None = None,
        agenda_name: str | None = None,
        facilitator: Person | None = None,
        tick_seconds: float | None = 1.0,
        review: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.source = source or SystemTime()
        self.start_team = team
        self.agenda_name = agenda_name
        self.facilitator = facilitator
        self.tick_seconds = tick_seconds
        self.review_mode = review

    def on_mount(self) -> None:
        if self.review_mode:
            from campmeeting.tui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(self.store, self.start_team))
        elif self.start_team is not None:
            self.push_screen(HomeScreen(self.store))
            self.open_meeting(self.start_team, self.agenda_name)
        else:
            self.push_screen(HomeScreen(self.store))

    def open_meeting(self, team: Team, agenda_name: str | None = None) -> None:
        """Resume the team's live meeting, or start one at its first section."""
        try:
            live = LiveMeeting.resume(self.store, self.source, team)
            if live is None:
                name = agenda_name or team.agenda
                agenda = load_agenda(resolve_agenda(name))
                live = LiveMeeting.start(
                    self.store, self.source, team, agenda, name, facilitator=self.facilitator
                )
        except (MeetingError, AgendaError) as error:
            self.notify(str(error), severity="error", markup=False, timeout=8)
            return
        self.push_screen(MeetingScreen(live))

    def open_review(self, team: Team | None = None) -> None:
        from campmeeting.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.store, team))

    def action_help(self) -> None:
        """Every key of the current screen: its own bindings, then the app's."""
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        merged: dict[tuple[str, str], list[str]] = {}
        for binding in [*type(screen).BINDINGS, *self.BINDINGS]:
            if isinstance(binding, Binding) and binding.description:
                keys = [
                    self.get_key_display(Binding(key.strip(), binding.action))
                    for key in binding.key.split(",")
                ]
                merged.setdefault((binding.action, binding.description), []).extend(keys)
        keys = [(" / ".join(dict.fromkeys(k)), desc) for (_a, desc), k in merged.items()]
        keys.extend(getattr(screen, "help_keys", list)())
        keys.append(("ctrl+p", "Command palette: every action, jump to a section"))
        title = type(screen).__name__.removesuffix("Screen").lower() or "screen"
        self.push_screen(HelpScreen(title, keys, HELP_NOTES))

    async def action_quit(self) -> None:
        screen = self.screen
        live = getattr(screen, "live", None)
        if live is not None and live.meeting.is_live:
            live.checkpoint()
        self.exit()


def run_app(
    store: Store,
    team: Team | None = None,
    agenda_name: str | None = None,
    facilitator: Person | None = None,
) -> int:
    """Run the app; returns its exit code (1 when it stopped on an unexpected error)."""
    app = CampApp(store, team=team, agenda_name=agenda_name, facilitator=facilitator)
    app.run()
    return app.return_code or 0


def run_review(store: Store, team: Team | None = None) -> int:
    app = CampApp(store, team=team, review=True)
    app.run()
    return app.return_code or 0
