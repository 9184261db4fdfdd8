"""A team's meeting rhythm: its cadence as an RFC 5545 RRULE read and evaluated with
dateutil, typed by people as words ("every tuesday 9:00") or as an RRULE.

    rules.py   the RRULE with the meeting's domain checks; next, previous, missed meetings
    words.py   cadences and moments in words, both ways
    zones.py   wall-clock times and instants: the only place time zones appear

Every datetime is a NAIVE wall-clock datetime unless a function says otherwise: a team
that meets "every Monday at 09:00" meets at 09:00 on its wall clock whatever daylight
saving time does. Pure: no clock is read (callers pass `now`, `after`, `until`).
"""

from __future__ import annotations

from campmeeting.rhythm.rules import (
    HELD_TOLERANCE,
    MAX_MISSED_OCCURRENCES,
    MAX_OCCURRENCES,
    MISSED_LOOKBACK,
    Cadence,
    default_cadence,
    missed_meetings,
    next_meeting,
    occurrences,
    previous_meeting,
    validate_cadence,
)
from campmeeting.rhythm.words import describe_cadence, parse_cadence, parse_when
from campmeeting.rhythm.zones import (
    between_zones,
    local_zone_name,
    to_utc,
    utc_offset_hours,
    wall_time,
)

__all__ = [
    "Cadence",
    "HELD_TOLERANCE",
    "MAX_MISSED_OCCURRENCES",
    "MAX_OCCURRENCES",
    "MISSED_LOOKBACK",
    "between_zones",
    "default_cadence",
    "describe_cadence",
    "local_zone_name",
    "missed_meetings",
    "next_meeting",
    "occurrences",
    "parse_cadence",
    "parse_when",
    "previous_meeting",
    "to_utc",
    "utc_offset_hours",
    "validate_cadence",
    "wall_time",
]
