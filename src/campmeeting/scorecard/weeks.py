"""Weeks of the scorecard: ISO 8601 weeks, written '2026-W48'.

A measurable has one value per ISO week (Monday to Sunday), the week of the meeting it
is read in. A meeting's week is the ISO week of its local date (`meetings.date`), never
of its UTC time: a meeting at 00:30 on a Monday in Berlin is in that Monday's week,
whatever day it was in UTC, and on either side of a daylight-saving change. The ISO
year is not always the calendar year: 2026-12-31 is in 2026-W53, 2027-01-01 too, and
2024-12-30 is in 2025-W01.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from campmeeting.clock import parse_stamp
from campmeeting.text import short_date, visible

__all__ = [
    "iso_week",
    "parse_week",
    "short_week",
    "week_label",
    "week_of_stamp",
    "week_start",
    "weeks_before",
]

_WEEK = re.compile(r"(\d{4})-?W(\d{2})", re.IGNORECASE)


def iso_week(day: date) -> str:
    """The ISO week of a day: date(2026, 12, 31) -> '2026-W53'."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """The Monday of an ISO week ('2026-W48' -> Mon 23 Nov 2026)."""
    found = _WEEK.fullmatch(week)
    if found is None:
        raise ValueError(f"{week!r} is not an ISO week (2026-W48)")
    return date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)


def parse_week(text: str) -> str:
    """A week as typed: an ISO week ('2026-W48') or any date in it ('2026-11-24')."""
    typed = text.strip()
    found = _WEEK.fullmatch(typed)
    try:
        if found:
            return iso_week(date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1))
        return iso_week(date.fromisoformat(typed))
    except ValueError:
        raise ValueError(
            f"week {visible(typed)!r}: not a date (2026-11-24) or an ISO week (2026-W48)"
        ) from None


def weeks_before(week: str, count: int) -> list[str]:
    """The `count` weeks before `week`, the nearest first."""
    monday = week_start(week)
    return [iso_week(monday - timedelta(weeks=n)) for n in range(1, count + 1)]


def week_of_stamp(stamp_text: str) -> str:
    """The ISO week of a stored moment (UTC), on this machine's local calendar."""
    return iso_week(parse_stamp(stamp_text).astimezone().date())


def short_week(week: str) -> str:
    """'2026-W48' -> 'W48' (a column head)."""
    return week.split("-", 1)[-1]


def week_label(week: str, today: date | None = None) -> str:
    """'2026-W48 (week of Mon 23 Nov)'."""
    return f"{week} (week of {short_date(week_start(week), today)})"
