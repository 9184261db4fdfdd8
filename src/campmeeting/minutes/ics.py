"""The team's meetings as an iCalendar series (icalendar): the cadence as the RRULE, the
next meeting as DTSTART, on the team's clock (TZID), the team as attendees (by name:
campmeeting knows no e-mail addresses). Re-importing updates the same series (a stable
UID per team)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vRecur

from campmeeting.clock import parse_stamp
from campmeeting.minutes.schema import Minutes
from campmeeting.rhythm import to_utc
from campmeeting.text import plural, slug, visible


def to_ics(m: Minutes) -> str:
    """A calendar with one VEVENT: the team's meetings from the next one on."""
    if not m.next_meeting_at:
        raise ValueError(
            f"meeting {m.meeting_id} of {m.team} has no next meeting: the team has no cadence "
            "and none was set"
        )
    wall = datetime.fromisoformat(m.next_meeting_at)
    start: datetime = wall.replace(tzinfo=ZoneInfo(m.timezone)) if m.timezone else to_utc(wall)
    duration = timedelta(seconds=m.time.planned_seconds or 3600)
    o = m.open_after
    description = "\n".join(
        visible(line)
        for line in (
            f"Open items: {o.total} ({plural(o.blockers, 'blocker')}, "
            f"{plural(o.commitments, 'commitment')}, "
            f"{plural(o.priorities, 'priority', 'priorities')}).",
            f"Agenda: {m.agenda_title}.",
            f"Rhythm: {m.cadence_words}." if m.cadence else "",
            f"Previous meeting: {m.date} (meeting {m.meeting_id}).",
        )
        if line
    )
    calendar = Calendar()
    calendar.add("prodid", "-//campmeeting//minutes//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", f"{slug(m.team)}-t{m.team_id}-meetings@campmeeting")
    stamp_at = m.ended_at or m.started_at
    event.add("dtstamp", parse_stamp(stamp_at))
    event.add("dtstart", start)
    event.add("dtend", start + duration)
    if m.cadence:
        event.add("rrule", vRecur.from_ical(m.cadence))
    event.add("summary", visible(f"{m.team} camp meeting"))
    event.add("description", description)
    for person in m.attendees:
        attendee = vCalAddress(f"urn:campmeeting:person:{slug(person.handle)}")
        attendee.params["cn"] = visible(person.name)
        attendee.params["role"] = "REQ-PARTICIPANT"
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    if m.timezone:
        calendar.add_missing_timezones(
            first_date=date(wall.year - 1, 1, 1), last_date=date(wall.year + 1, 12, 31)
        )
    return calendar.to_ical().decode("utf-8")
