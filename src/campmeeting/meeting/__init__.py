"""The meeting core: teams, the live meeting, items and their lifecycle, carry-over.

    teams.py       teams, members, cadence, agenda
    live.py        LiveMeeting: sections, the clock, capture, attendance, ratings, the end
    items.py       an item's lifecycle: status, edit, re-scope, review, hand-off, rank
    carry_over.py  what a starting meeting brings forward
    views.py       what the live screens show: a section's items, attendance, home, actions
    between.py     `campmeeting add`: an item between meetings

Every write runs in one `store.transaction()` and records an event for each change of
an item, so history, minutes and metrics can be derived from events. The screen is a
view of the database: after any call here, read again.
"""

from __future__ import annotations

from campmeeting.meeting.between import add_between_meetings
from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.live import LOW_RATING, LiveMeeting, end_stale_meeting, meeting_agenda
from campmeeting.meeting.live_items import CaptureResult
from campmeeting.meeting.teams import (
    add_member,
    clean_handle,
    create_team,
    next_meeting_at,
    remove_member,
    set_cadence,
    set_team_agenda,
)
from campmeeting.meeting.views import (
    AttendanceRow,
    ItemAction,
    ItemView,
    LiveState,
    TeamRow,
    Verb,
    section_items,
    team_rows,
)

__all__ = [
    "LOW_RATING",
    "AttendanceRow",
    "CaptureResult",
    "ItemAction",
    "ItemView",
    "LiveMeeting",
    "LiveState",
    "MeetingError",
    "TeamRow",
    "Verb",
    "add_between_meetings",
    "add_member",
    "clean_handle",
    "create_team",
    "end_stale_meeting",
    "meeting_agenda",
    "next_meeting_at",
    "remove_member",
    "section_items",
    "set_cadence",
    "set_team_agenda",
    "team_rows",
]
