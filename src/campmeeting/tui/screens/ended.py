"""After the meeting: what it produced, its numbers, and where the minutes go."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from campmeeting.clock import format_duration
from campmeeting.insights import completion_rate, meeting_rating, rating_label, time_discipline
from campmeeting.store import Store


def _when(stamp: str | None) -> str:
    return datetime.fromisoformat(stamp).strftime("%a %d %b %Y %H:%M") if stamp else "not set"


class EndedScreen(Screen[None]):
    BINDINGS = [
        Binding("e", "export", "Export minutes", id="ended.export"),
        Binding("enter,escape", "home", "Home", id="ended.home"),
    ]

    def __init__(self, store: Store, meeting_id: int) -> None:
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        store = self.store
        meeting = store.meeting(self.meeting_id)
        team = store.team(meeting.team_id)
        counts = {
            row["kind"]: row["n"]
            for row in store.rows(
                "select kind, count(*) as n from items where created_meeting_id = ? group by kind",
                [meeting.id],
            )
        }
        timing = time_discipline(store, meeting.id)
        lines = [
            f"{team.name}: meeting of {meeting.date} ended.",
            "",
            f"Decisions: {counts.get('decision', 0)} · new commitments: "
            f"{counts.get('commitment', 0)} · new blockers: {counts.get('blocker', 0)}",
            f"Commitments done: {completion_rate(store, meeting.id).summary()}",
            f"Rating: {rating_label(meeting_rating(store, meeting.id))}",
            f"Time: {format_duration(timing.actual_seconds)} of "
            f"{format_duration(timing.planned_seconds)} planned",
            f"Next meeting: {_when(meeting.next_meeting_at)}",
            "",
            "Everything is saved. Open items carry into the next meeting.",
        ]
        with Vertical(id="ended"):
            yield Label("Meeting ended", classes="dialog-title")
            yield Static("\n".join(lines), markup=False, id="ended-summary")
            yield Static("", id="ended-status", markup=False)
        yield Footer()

    def action_export(self) -> None:
        from campmeeting.tui.exporting import export_meeting_file

        path = export_meeting_file(self.store, self.meeting_id)
        self.query_one("#ended-status", Static).update(f"Minutes written to {path}")

    def action_home(self) -> None:
        from campmeeting.tui.screens.home import HomeScreen

        self.app.switch_screen(HomeScreen(self.store))
