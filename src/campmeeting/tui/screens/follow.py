"""Following a team's meeting, read-only (`campmeeting follow`, and `serve` in a browser):
the current section, its items, the big clock and the time left, as the facilitator's
screen shows them; a clear wait before the meeting starts; its summary once it ends.

The screen reads through a `Follower` (meeting/follow.py) over a read-only store and
polls the file's data_version twice a second; nothing here can write.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from campmeeting.clock import TimeSource, local_now, local_today
from campmeeting.meeting.follow import POLL_SECONDS, Follower, Phase, follow_choices
from campmeeting.model import SectionKind
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.text import short_date, when_label
from campmeeting.tui.dialogs.choice import Choice, ChoiceScreen
from campmeeting.tui.literal import literal
from campmeeting.tui.screens.ended import summary_lines
from campmeeting.tui.widgets.item_list import ItemList
from campmeeting.tui.widgets.layout_boxes import Column, Row
from campmeeting.tui.widgets.meeting_clock import ClockState, MeetingClock
from campmeeting.tui.widgets.scorecard_table import ScorecardPanel, scorecard_stats
from campmeeting.tui.widgets.section_header import SectionHeader, section_stats
from campmeeting.tui.widgets.section_rail import SectionRail

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp


class FollowScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BLANK = True  # nothing of its own to draw: its widgets cover it (see layout_boxes)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", show=False, tooltip="Stop following", id="follow.quit"),
    ]

    def __init__(self, store: Store, source: TimeSource, team: Team | None = None) -> None:
        super().__init__()
        self.store = store
        self.source = source
        self.team = team
        self.follower: Follower | None = None
        self.updated = ""  # when the file last changed, as seen here
        self._shown: tuple[object, ...] = ()  # the items last shown

    def compose(self) -> ComposeResult:
        yield Static("", id="meeting-title")
        with Row(id="meeting-body"):
            yield SectionRail(id="rail")
            with Column(id="section"):
                with Row(id="section-head"):
                    yield SectionHeader(id="section-text")
                    yield MeetingClock(id="clock")
                yield ItemList(id="items")
                yield ScorecardPanel(readonly=True, id="scorecard")
        yield Static("", id="follow-message")
        yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(MeetingClock).pause_hint = ""
        self.query_one("#meeting-body").display = False
        if self.team is not None:
            self.follow(self.team)
            return
        choices = [
            Choice(f"{c.team.name}  (live now: {c.section})" if c.section else c.team.name, c.team)
            for c in follow_choices(self.store)
        ]
        self.query_one("#follow-message", Static).update("Which team's meeting to follow?")
        self.app.push_screen(
            ChoiceScreen[Team]("Follow which team's meeting?", choices), self._chosen
        )

    def _chosen(self, team: Team | None) -> None:
        if team is None:
            self.app.exit()
            return
        self.follow(team)

    def follow(self, team: Team) -> None:
        self.team = team
        self.follower = Follower(self.store, self.source, team)
        self.updated = f"{local_now(self.source):%H:%M:%S}"
        self.refresh_view()
        if getattr(self.app, "tick_seconds", 1.0):  # tests poll by hand
            self.set_interval(POLL_SECONDS, self.poll)

    # -- reading -----------------------------------------------------------------------

    @property
    def today(self) -> date:
        return local_today(self.source)

    def poll(self) -> None:
        """Twice a second: read again when the file changed, else move the clock on."""
        if self.follower is None:
            return
        try:
            if self.follower.poll():
                self.updated = f"{local_now(self.source):%H:%M:%S}"
                self.refresh_view()
            elif self.follower.phase == Phase.LIVE:
                self.refresh_clock()
        except Exception as error:  # a lost or locked file: say so, keep following
            self.set_status(f"Cannot read the meeting: {error}", error=True)

    def refresh_view(self) -> None:
        follower = self.follower
        if follower is None:
            return
        phase = follower.phase
        team = follower.team.name
        self.query_one("#meeting-body").display = phase == Phase.LIVE
        message = self.query_one("#follow-message", Static)
        message.display = phase != Phase.LIVE
        title = self.query_one("#meeting-title", Static)
        if phase == Phase.LIVE:
            self.show_live()
        elif phase == Phase.ENDED:
            assert follower.ended is not None
            title.update(literal(f"{team} · the meeting ended · read-only", style="bold"))
            lines = summary_lines(self.store, follower.ended.id)
            lines += ["", f"This screen follows {team}'s next meeting when it starts."]
            message.update(lines_of(lines))
        else:
            nxt = follower.next_meeting()
            title.update(literal(f"{team} · following, read-only", style="bold"))
            message.update(
                lines_of(
                    [
                        f"Waiting for {team}'s meeting to start…",
                        "",
                        f"Next meeting: {when_label(nxt, self.today)}",
                        "This screen follows it as soon as the facilitator starts it. "
                        "Nothing you press here changes anything; q quits.",
                    ]
                )
            )
        self.set_status(f"Following {team} · read-only · last change seen {self.updated}")

    def show_live(self) -> None:
        follower = self.follower
        assert follower is not None and follower.live is not None
        live = follower.live
        day = date.fromisoformat(live.meeting.date)
        self.query_one("#meeting-title", Static).update(
            literal(
                f"{live.team.name} · {live.agenda_title} · {short_date(day)} · following, "
                "read-only",
                style="bold",
            )
        )
        header = self.query_one(SectionHeader)
        header.show(live)
        views = live.items()
        items = self.query_one("#items", ItemList)
        shown = (views, self.today, live.meeting.focus_item_id)
        if shown != self._shown:  # the clock's write changes no item: the list stays put
            self._shown = shown
            items.show_items(*shown)
        header.show_stats(section_stats(live, views, self.today, None, keys=False))
        scoring = live.section_kind == SectionKind.SCORECARD  # its table, read-only
        panel = self.query_one(ScorecardPanel)
        items.display, panel.display = not scoring, scoring
        if scoring:
            card = live.scorecard()
            panel.show(card)
            header.show_stats(scorecard_stats(card))
        self.refresh_clock()
        focus = panel.table if scoring else items
        if not focus.has_focus:
            focus.focus()

    @cached_property
    def clock(self) -> MeetingClock:  # looked up once: set every second
        return self.query_one("#clock", MeetingClock)

    @cached_property
    def rail(self) -> SectionRail:
        return self.query_one("#rail", SectionRail)

    def refresh_clock(self) -> None:
        follower = self.follower
        if follower is None or follower.live is None:
            return
        follower.mirror()
        live = follower.live
        elapsed = live.section_elapsed()
        self.clock.state = ClockState(
            elapsed=elapsed,
            planned=live.current.planned_seconds,
            meeting_elapsed=live.meeting_elapsed(),
            meeting_planned=live.planned_total(),
            planned_end=live.planned_end(),
            projected_end=live.projected_end(),
            paused=follower.paused,
        )
        self.rail.show(live.sections, live.position)

    def set_status(self, message: str, error: bool = False) -> None:
        line = self.query_one("#status-line", Static)
        line.set_class(error, "-error")
        line.update(literal(message))

    def help_keys(self) -> list[tuple[str, str]]:
        return [("↑ ↓ / j k", "Move in the item list (read-only: nothing changes)")]


def lines_of(lines: list[str]) -> Content:
    """Lines that may hold names users typed, each shown literally."""
    return Content("\n").join(literal(line) for line in lines)
