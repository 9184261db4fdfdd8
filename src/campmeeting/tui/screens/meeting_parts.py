"""What the parts of the live meeting screen (meeting_close.py, meeting_issues.py,
meeting_reports.py, meeting_scorecard.py, meeting_palette.py) use of MeetingScreen,
declared once for the type checker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from campmeeting.meeting import ItemView, LiveMeeting

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp
    from campmeeting.tui.widgets.attendance_list import AttendanceList


class MeetingParts:
    """The screen's state and helpers a part of it calls (MeetingScreen has them)."""

    app: CampApp
    live: LiveMeeting
    views: list[ItemView]

    if TYPE_CHECKING:

        def attendance_list(self) -> AttendanceList: ...

        def highlighted_view(self) -> ItemView | None: ...

        def next_target(self, item_id: int) -> int | None: ...

        def run_safely(
            self,
            action: Callable[[], object],
            saved: str | None = None,
            select: int | None = None,
        ) -> bool: ...

        def set_status(self, message: str, error: bool = False) -> None: ...

        def refresh_view(self) -> None: ...

        def refresh_items(self, select: int | None = None) -> None: ...

        def end_meeting(self) -> None: ...

        def goto_section(self, position: int) -> None: ...

        def prompt(
            self,
            title: str,
            save: Callable[[str], object],
            value: str = "",
            hint: str = "",
            select: int | None = None,
            said: str | Callable[[], str] = "Saved",
        ) -> None: ...
