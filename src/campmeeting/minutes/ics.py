"""The next meeting as an iCalendar file (icalendar), in the machine's time zone."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

from campmeeting.clock import parse_stamp
from campmeeting.minutes.schema import Minutes
from campmeeting.text import plural, slug, visible


def local_zone_name() -> str | None:
    """The IANA name of the machine's time zone (TZ, else /etc/localtime), if known."""
    from zoneinfo import ZoneInfo

    candidates = []
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env:
        candidates.append(tz_env)
    else:
        try:
            target = str(Path("/etc/localtime").resolve())
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if not name or name.startswith("/") or ".." in name:
            continue
        try:
            ZoneInfo(name)
        except Exception:  # an unknown or odd name: no TZID
            continue
        return name
    return None


def to_ics(m: Minutes) -> str:
    """A calendar with one VEVENT: the team's next meeting."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    from campmeeting.rhythm import to_utc

    if not m.next_meeting_at:
        raise ValueError(
            f"meeting {m.meeting_id} of {m.team} has no next meeting: the team has no cadence "
            "and none was set"
        )
    local = datetime.fromisoformat(m.next_meeting_at)
    zone_name = local_zone_name()
    if zone_name:
        start: datetime = local.replace(tzinfo=ZoneInfo(zone_name))
    else:
        start = to_utc(local)
    duration = timedelta(seconds=m.time.planned_seconds or 3600)
    o = m.open_after
    description = "\n".join(
        visible(line)
        for line in (
            f"Open items: {o.total} ({plural(o.blockers, 'blocker')}, "
            f"{plural(o.commitments, 'commitment')}, "
            f"{plural(o.priorities, 'priority', 'priorities')}).",
            f"Agenda: {m.agenda_title}.",
            f"Previous meeting: {m.date} (meeting {m.meeting_id}).",
        )
    )
    calendar = Calendar()
    calendar.add("prodid", "-//campmeeting//minutes//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", f"{local:%Y%m%d}-{slug(m.team)}-t{m.team_id}@campmeeting")
    stamp_at = m.ended_at or m.started_at
    event.add("dtstamp", parse_stamp(stamp_at))
    event.add("dtstart", start)
    event.add("dtend", start + duration)
    event.add("summary", visible(f"{m.team} camp meeting"))
    event.add("description", description)
    calendar.add_component(event)
    if zone_name:
        calendar.add_missing_timezones(
            first_date=date(local.year - 1, 1, 1), last_date=date(local.year + 1, 12, 31)
        )
    return calendar.to_ical().decode("utf-8")
