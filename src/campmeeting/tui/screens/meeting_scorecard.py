"""The scorecard section of the live meeting: values typed into the table, measurables
added with `a`, off-track numbers dropped down to the blockers. A part of MeetingScreen
(its handlers are the screen's), like meeting_close.py.

Every change is made by the core (`LiveMeeting.record_measurable`, `add_measurable_line`,
`drop_measurable`), committed, and then read again: the table shows what is saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.widget import Widget

from campmeeting.meeting import MeetingError
from campmeeting.model import SectionKind, Track
from campmeeting.text import status_word
from campmeeting.tui.literal import quoted
from campmeeting.tui.messages import OpenMeasurable
from campmeeting.tui.screens.meeting_parts import MeetingParts
from campmeeting.tui.widgets.capture_box import CaptureBox
from campmeeting.tui.widgets.scorecard_table import SCORECARD_KEYS, ScorecardPanel, scorecard_stats
from campmeeting.tui.widgets.section_header import SectionHeader

__all__ = ["SCORECARD", "ScorecardActions", "ScorecardPanel", "scorecard_stats"]

SCORECARD = SCORECARD_KEYS  # the section's keys, for the help screen


class ScorecardActions(MeetingParts):
    """The scorecard section, for MeetingScreen."""

    if TYPE_CHECKING:

        def save_capture(self, line: str) -> None: ...

    @property
    def _screen(self) -> Screen[None]:
        return cast("Screen[None]", self)

    def scorecard_panel(self) -> ScorecardPanel | None:
        found = self._screen.query("#scorecard").results(ScorecardPanel)
        return next(found, None)

    def section_list(self) -> Widget:
        """The list the section's keys work on: the scorecard's table, or the items."""
        panel = self.scorecard_panel()
        if panel is not None and self.live.section_kind == SectionKind.SCORECARD:
            return panel.table
        return self._screen.query_one("#items", Widget)

    def show_scorecard(self, select: int | None = None) -> None:
        """In a scorecard section: the table instead of the item list (read again)."""
        panel = self.scorecard_panel()
        scoring = self.live.section_kind == SectionKind.SCORECARD
        if panel is None:  # the first scorecard section: the panel goes in beside the items
            if scoring:
                items = self._screen.query_one("#items", Widget)
                items.display = False
                panel = ScorecardPanel(
                    save=self.enter_value, ready=lambda: self.refresh_items(select), id="scorecard"
                )
                self._screen.query_one("#section", Widget).mount(panel, after=items)
            return
        panel.display = scoring
        if not scoring:
            if panel.entering:
                panel.stop_entry()
            return
        self._screen.query_one("#items", Widget).display = False
        card = self.live.scorecard()
        panel.show(card, select)
        self._screen.query_one("#section-text", SectionHeader).show_stats(scorecard_stats(card))
        capture = self._screen.query_one("#capture", CaptureBox)
        if not capture.display:
            panel.table.focus()

    def capture_saver(self) -> Callable[[str], None]:
        """What a line typed in the capture box becomes: a measurable in the scorecard
        section, else an item (MeetingScreen.save_capture)."""
        if self.live.section_kind == SectionKind.SCORECARD:
            return self.save_measurable
        return self.save_capture

    def save_measurable(self, line: str) -> None:
        """`a` in the scorecard section: a new measurable, 'Revenue >= 100000 @ana $'."""
        try:
            measurable = self.live.add_measurable_line(line)
        except (MeetingError, OSError, sqlite3.Error) as error:
            self.set_status(f"Not saved: {error}", error=True)
            return
        capture = self._screen.query_one("#capture", CaptureBox)
        capture.value = ""
        self.refresh_view()
        self.show_scorecard(select=measurable.id)
        self.set_status(f"Added {measurable.title} · keep typing, Escape closes")
        capture.focus()

    def enter_value(self, measurable_id: int, text: str) -> bool:
        """A value typed in the scorecard's box (ScorecardPanel.save): committed, then
        the table read again, on the next measurable without a value."""
        panel = self.scorecard_panel()
        assert panel is not None  # it is typed into
        try:
            done = self.live.record_measurable(measurable_id, text)
        except (MeetingError, OSError, sqlite3.Error) as error:
            self.set_status(f"Not saved: {error}", error=True)
            return False
        panel.stop_entry()
        self.refresh_items()
        row = panel.card.find(measurable_id) if panel.card else None
        after = panel.next_missing(measurable_id)
        if after is not None:
            panel.select(after)
        if row is None:
            return True
        state = status_word(row.current.track)
        tail = ""
        if row.current.track == Track.OFF and row.issue_id is None:
            tail = " · i drops it to the blockers"
        elif after is None:
            tail = " · every measurable has its value"
        verb = "Saved" if done.changed else "Unchanged:"
        self.set_status(f"{verb} {row.title} {done.label()}: {state}, goal {row.goal_label}{tail}")
        return True

    def on_scorecard_panel_drop_down(self, message: ScorecardPanel.DropDown) -> None:
        """`i` on an off-track number: an issue (open blocker) linked to the measurable,
        its text offered for a quick edit ('Revenue: $92,000, goal >= $100,000')."""
        message.stop()
        try:
            text = self.live.drop_down_text(message.measurable_id)
        except MeetingError as error:
            self.set_status(str(error), error=True)
            return
        raised: list[int] = []
        measurable_id = message.measurable_id
        self.prompt(
            f"Drop {quoted(text)} down to the issues list",
            lambda line: raised.append(self.live.drop_measurable(measurable_id, line)),
            value=text,
            hint="Edit it into the issue · @owner sets who owns it",
            said=lambda: (
                f"Issue #{self.live.issue_rank(raised[-1])} on the list, "
                "from the scorecard (linked to it)"
            ),
        )

    def on_scorecard_panel_show_history(self, message: ScorecardPanel.ShowHistory) -> None:
        message.stop()
        self._screen.post_message(OpenMeasurable(message.measurable_id))
