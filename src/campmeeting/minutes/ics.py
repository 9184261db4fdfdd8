"""The team's meetings as an iCalendar series (icalendar): the cadence as the RRULE, the
next meeting as DTSTART, on the team's clock (TZID), the team as attendees (by name:
campmeeting knows no e-mail addresses). Re-importing updates the same series (a stable
UID per team).

A next meeting moved off its cadence (N at the close, `teams next`) is an override of
the occurrence it takes the place of (RECURRENCE-ID, RFC 5545 3.8.4.4): the series
starts at that occurrence, so DTSTART stays on the rule, and the override moves it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vRecur

from campmeeting.clock import parse_stamp
from campmeeting.minutes.schema import Minutes
from campmeeting.rhythm import to_utc
from campmeeting.text import plural, slug, visible


def to_ics(m: Minutes) -> str:
    """The team's meetings from the next one on: the series, and the next meeting's
    override when it was moved off the cadence."""
    if not m.next_meeting_at:
        raise ValueError(
            f"meeting {m.meeting_id} of {m.team} has no next meeting: the team has no cadence "
            "and none was set"
        )
    wall = datetime.fromisoformat(m.next_meeting_at)
    slot = datetime.fromisoformat(m.next_meeting_slot) if m.next_meeting_slot else wall
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
    series = meeting_event(m, slot if m.cadence else wall, duration, description)
    if m.cadence:
        series.add("rrule", vRecur.from_ical(m.cadence))
    calendar.add_component(series)
    if m.cadence and slot != wall:  # moved: this occurrence is at another time
        moved = meeting_event(m, wall, duration, description)
        moved.add("recurrence-id", on_team_clock(m, slot))
        calendar.add_component(moved)
    if m.timezone:
        calendar.add_missing_timezones(
            first_date=date(wall.year - 1, 1, 1), last_date=date(wall.year + 1, 12, 31)
        )
    return calendar.to_ical().decode("utf-8")


def on_team_clock(m: Minutes, wall: datetime) -> datetime:
    return wall.replace(tzinfo=ZoneInfo(m.timezone)) if m.timezone else to_utc(wall)


def meeting_event(m: Minutes, wall: datetime, duration: timedelta, description: str) -> Event:
    """A VEVENT of the team's meeting at `wall` (team's clock), with its attendees."""
    start = on_team_clock(m, wall)
    event = Event()
    event.add("uid", f"{slug(m.team)}-t{m.team_id}-meetings@campmeeting")
    event.add("dtstamp", parse_stamp(m.ended_at or m.started_at))
    event.add("dtstart", start)
    event.add("dtend", start + duration)
    event.add("summary", visible(f"{m.team} camp meeting"))
    event.add("description", description)
    for person in m.attendees:
        attendee = vCalAddress(f"urn:campmeeting:person:{slug(person.handle)}")
        attendee.params["cn"] = visible(person.name)
        attendee.params["role"] = "REQ-PARTICIPANT"
        event.add("attendee", attendee, encode=False)
    return event
