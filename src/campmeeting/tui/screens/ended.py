"""After the meeting: what it produced, its numbers, and where the minutes go."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from campmeeting import history
from campmeeting.insights import meeting_against_trend, rating_label
from campmeeting.store import Store
from campmeeting.text import durations, short_date, when_label
from campmeeting.tui.literal import literal

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp


class EndedScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding("e", "export", "Export minutes", tooltip="Export the minutes", id="ended.export"),
        Binding("enter,escape", "home", "Home", id="ended.home"),
    ]

    def __init__(self, store: Store, meeting_id: int) -> None:
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        lines = summary_lines(self.store, self.meeting_id)
        lines += ["", "Everything is saved. Open items carry into the next meeting."]
        with Vertical(id="ended"):
            yield Label("Meeting ended", classes="dialog-title")
            yield Static(Content("\n").join(literal(line) for line in lines), id="ended-summary")
            yield Static("", id="ended-status", markup=False)
        yield Footer()

    def action_export(self) -> None:
        from campmeeting.tui.screens.review import choose_export

        status = self.query_one("#ended-status", Static)
        choose_export(self, self.store, self.meeting_id, status.update)

    def action_home(self) -> None:
        self.app.pop_screen()  # back to home, which reads the teams again


def summary_lines(store: Store, meeting_id: int) -> list[str]:
    """What an ended meeting produced and its numbers (the numbers review shows too):
    here, and on a follower's screen when the meeting it follows ends."""
    meeting = store.meeting(meeting_id)
    summary = history.meeting_summary(store, meeting.id)
    assert summary is not None
    day = short_date(date.fromisoformat(meeting.date))
    trend = meeting_against_trend(store, meeting.id)  # the team's weeks before, beside
    return [
        f"{summary.team_name}: meeting of {day} ended.",
        "",
        f"Decisions: {summary.decisions} · new commitments: {summary.new_commitments} · "
        f"open blockers carried: {summary.open_blockers}",
        f"Commitments done: {summary.rate.summary()}{trend.beside(trend.completion)}",
        f"Rating: {rating_label(summary.rating)}{trend.beside(trend.rating)}",
        "Time: {} of {} planned ({}){}".format(
            *durations(summary.actual_seconds, summary.planned_seconds),
            trend.time.value_label,
            trend.beside(trend.time),
        ),
        "Next meeting: "
        + when_label(
            datetime.fromisoformat(meeting.next_meeting_at) if meeting.next_meeting_at else None
        ),
    ]
