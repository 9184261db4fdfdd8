"""CampApp: the modes (meeting, review, follow), the screens they open, keys and the palette,
the user's theme and keymap from the config file."""

from __future__ import annotations

import asyncio
import signal

from textual import on
from textual.app import App
from textual.binding import Binding

from campmeeting.agenda import AgendaError, load_agenda, resolve_agenda
from campmeeting.clock import SystemTime, TimeSource
from campmeeting.config import Config, ConfigError, save_theme
from campmeeting.meeting import LiveMeeting, MeetingError
from campmeeting.records import Person, Team
from campmeeting.store import Store
from campmeeting.text import visible
from campmeeting.tui import messages
from campmeeting.tui.commands import ScreenCommands, screen_keys
from campmeeting.tui.screens.follow import FollowScreen
from campmeeting.tui.screens.help import HelpScreen
from campmeeting.tui.screens.home import HomeScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.screens.review import ReviewScreen

HELP_NOTES = (
    "Quick capture: 'Ship the beta @maria due:fri'. @handle sets the owner; "
    "due: takes a weekday (the next one after today), +3d, +2w, 2026-12-01 or next "
    "(the next meeting); #TEAM hands a blocker or message to another team.\n"
    "Everything is saved as you type it. ctrl+q quits; `campmeeting` or "
    "`campmeeting run --team NAME` resumes the meeting where it was. Time while "
    "campmeeting is not running is not counted."
)

MEETING_MODE = "meeting"
REVIEW_MODE = "review"
FOLLOW_MODE = "follow"  # read-only: a participant follows a team's meeting


class CampApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "campmeeting"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
    ]
    # the screen gets -tiny/-narrow/-wide/-huge by width and -short/-regular/-tall by height;
    # app.tcss lays the live meeting out for each: 60x20 up to a wall screen
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (76, "-narrow"), (110, "-wide"), (160, "-huge")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (23, "-regular"), (42, "-tall")]

    def __init__(
        self,
        store: Store,
        source: TimeSource | None = None,
        *,
        team: Team | None = None,
        agenda_name: str | None = None,
        facilitator: Person | None = None,
        tick_seconds: float | None = 1.0,
        mode: str = MEETING_MODE,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.source = source or SystemTime()
        self.start_team = team
        self.agenda_name = agenda_name
        self.facilitator = facilitator
        self.tick_seconds = tick_seconds
        self.start_mode = mode
        self.config = config
        self.review_team = team
        self.add_mode(MEETING_MODE, lambda: HomeScreen(self.store))
        self.add_mode(REVIEW_MODE, self._review_screen)
        self.add_mode(FOLLOW_MODE, lambda: FollowScreen(self.store, self.source, team))
        if config is not None:
            if config.theme:
                self.theme = config.theme
            if config.keymap:
                self.set_keymap(config.keymap)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._listen_for_stop_signals()
        self.switch_mode(self.start_mode)
        if self.start_mode == MEETING_MODE and self.start_team is not None:
            self.open_meeting(self.start_team, self.agenda_name)

    def _remember_theme(self, theme: object) -> None:
        if self.config is None or self.is_web:  # a browser (serve) changes only its own view
            return
        try:
            save_theme(self.theme, self.config.path)
        except (ConfigError, OSError) as error:
            self.notify(visible(f"Theme not remembered: {error}"), severity="warning", markup=False)

    # -- opening screens ---------------------------------------------------------------

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
            self.notify(visible(str(error)), severity="error", markup=False, timeout=8)
            return
        self.push_screen(MeetingScreen(live))

    def _review_screen(self) -> ReviewScreen:
        return ReviewScreen(self.store, self.review_team)

    def open_review(self, team: Team | None = None) -> None:
        """Review (read-only), at the team when given."""
        self.review_team = team
        self.switch_mode(REVIEW_MODE)

    def leave_review(self) -> None:
        """Back from review: home when the app has it, else quit (`campmeeting review`).
        The review's screens are closed (and its read-only connection with them)."""
        if self.start_mode == REVIEW_MODE:
            self.exit()
            return
        self.switch_mode(MEETING_MODE)
        self.remove_mode(REVIEW_MODE)
        self.add_mode(REVIEW_MODE, self._review_screen)

    def reader(self) -> Store:
        """The store the review screens read from (read-only when it can be)."""
        screen = self.screen
        return getattr(screen, "store", self.store)

    @on(messages.OpenMinutes)
    def show_minutes(self, message: messages.OpenMinutes) -> None:
        from campmeeting.tui.screens.minutes_view import MinutesScreen

        self.push_screen(MinutesScreen(self.reader(), message.meeting_id, message.item_id))

    @on(messages.OpenItem)
    def show_item(self, message: messages.OpenItem) -> None:
        from campmeeting.tui.screens.item_history import ItemHistoryScreen

        self.push_screen(ItemHistoryScreen(self.reader(), message.item_id))

    @on(messages.OpenMeasurable)
    def show_measurable(self, message: messages.OpenMeasurable) -> None:
        from campmeeting.tui.screens.measurable_history import MeasurableHistoryScreen

        self.push_screen(MeasurableHistoryScreen(self.reader(), message.measurable_id))

    @on(messages.OpenPerson)
    def show_person(self, message: messages.OpenPerson) -> None:
        from campmeeting.tui.screens.person import PersonScreen, choose_person

        if message.person_id is None:
            choose_person(self.screen, self.reader())
        else:
            self.push_screen(PersonScreen(self.reader(), message.person_id))

    @on(messages.OpenSearch)
    def show_search(self, message: messages.OpenSearch) -> None:
        from campmeeting.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(self.reader(), message.text))

    @on(messages.MeetingEnded)
    def show_ended(self, message: messages.MeetingEnded) -> None:
        from campmeeting.tui.screens.ended import EndedScreen

        self.switch_screen(EndedScreen(self.store, message.meeting_id))

    # -- keys --------------------------------------------------------------------------

    def action_help(self) -> None:
        """Every key of the current screen: its own bindings, then the app's."""
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        keys = [(k.keys, k.description) for k in screen_keys(screen)]
        keys.extend(getattr(screen, "help_keys", list)())
        keys.append(("ctrl+p", "Command palette: every action, jump to a section"))
        title = type(screen).__name__.removesuffix("Screen").lower() or "screen"
        self.push_screen(HelpScreen(title, keys, HELP_NOTES))

    async def action_quit(self) -> None:
        self.save_before_leaving()
        self.exit()

    def save_before_leaving(self) -> None:
        """The draft being typed and the clock, saved now (not in a moment): the app is
        about to stop."""
        for screen in self.screen_stack:
            if isinstance(screen, MeetingScreen) and screen.live.meeting.is_live:
                screen.keep_draft()
                try:
                    screen.live.checkpoint()
                except MeetingError:
                    pass  # ended elsewhere meanwhile: nothing left to save

    # -- SIGTERM and SIGHUP (the terminal window closed): save, then stop ----------------

    STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def _listen_for_stop_signals(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for number in self.STOP_SIGNALS:
                loop.add_signal_handler(number, self.stop_on_signal, number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread, or a platform without them: kill -9 rules apply

    def on_unmount(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for number in self.STOP_SIGNALS:
                loop.remove_signal_handler(number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass

    def stop_on_signal(self, number: int) -> None:
        """Asked to stop (SIGTERM, or SIGHUP when the terminal closes): keep the draft
        typed a moment ago, then exit as ctrl+q does; the meeting resumes where it was."""
        self.save_before_leaving()
        self.exit(return_code=128 + number)


def run_app(
    store: Store,
    team: Team | None = None,
    agenda_name: str | None = None,
    facilitator: Person | None = None,
    mode: str = MEETING_MODE,
    config: Config | None = None,
) -> int:
    """Run the app; returns its exit code (1 when it stopped on an unexpected error)."""
    app = CampApp(
        store, team=team, agenda_name=agenda_name, facilitator=facilitator, mode=mode, config=config
    )
    app.run()
    return app.return_code or 0
