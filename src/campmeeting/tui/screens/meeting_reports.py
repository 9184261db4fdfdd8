"""Owners' reports in the live meeting: a commitment its owner reported on between
meetings (`campmeeting todo`) is marked "reported done by @ana Mon 09:12"; `y` (or its
choice in the item's dialog) accepts the report as the review outcome. A part of
MeetingScreen (its actions are the screen's actions)."""

from __future__ import annotations

from textual.binding import Binding

from campmeeting.meeting import ItemView
from campmeeting.text import outcome_word
from campmeeting.tui.dialogs.item_actions import quoted
from campmeeting.tui.screens.meeting_parts import MeetingParts

ACCEPT_REPORT = Binding(
    "y",
    "accept_report",
    "Accept report",
    show=False,
    tooltip="Accept the owner's report on the selected commitment as its review outcome",
    id="meeting.accept-report",
)


class ReportActions(MeetingParts):
    """Accepting an owner's report, for MeetingScreen."""

    def action_accept_report(self) -> None:
        view = self.highlighted_view()
        if view is None or view.report is None:
            self.set_status(
                "Select a commitment its owner reported on (marked 'reported … by @…')",
                error=True,
            )
            return
        self.accept_report(view)

    def accept_report(self, view: ItemView) -> None:
        """The report becomes the outcome; the next commitment to review is selected."""
        report = view.report
        if report is None:
            return
        self.run_safely(
            lambda: self.live.accept_report(view.id),
            f"{quoted(view.item.text)}: {outcome_word(report.outcome)}, "
            f"as @{report.by_handle} reported",
            select=self.next_target(view.id),
        )
