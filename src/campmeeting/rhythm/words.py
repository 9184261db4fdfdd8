"""Cadences and moments as people say them: "every tuesday 9:00" to an RRULE and back,
"tue 9:00" to a datetime. The RRULE itself is read by dateutil (rules.py)."""

from __future__ import annotations

import datetime as _dt
import re

from dateutil import parser as _dateparser
from dateutil import rrule as _rr

from campmeeting.rhythm.rules import _EXAMPLE, _show, _spec, validate_cadence

# ------------------------------------------------------------------------------ words


def parse_when(text: str, now: _dt.datetime) -> _dt.datetime:
    """A moment as people type it, on the wall clock of ``now``: "tue 9:00" (the next
    Tuesday), "tomorrow 9:30", "2026-12-01 09:00", "dec 3 10:00". A time of day is
    required; a weekday or a date without a year that is not ahead moves forward (a week,
    a year). ValueError with a one-line message otherwise."""
    typed = " ".join(text.split())
    words = typed.lower().split()
    base = now.replace(second=0, microsecond=0)
    if words and words[0] in ("today", "tomorrow"):
        base = base + _dt.timedelta(days=1 if words[0] == "tomorrow" else 0)
        typed = " ".join(typed.split()[1:])
    if not typed:
        raise ValueError(f"{_show(text)}: give a date and a time, e.g. 'tue 9:00'")
    try:
        first = _dateparser.parse(typed, default=base.replace(hour=0, minute=1))
        second = _dateparser.parse(typed, default=base.replace(hour=1, minute=2))
    except (ValueError, OverflowError):
        raise ValueError(f"{_show(text)} is not a date and time; e.g. 'tue 9:00'") from None
    if (first.hour, first.minute) != (second.hour, second.minute):
        raise ValueError(f"{_show(text)} has no time of day; e.g. 'tue 9:00'")
    when = first.replace(tzinfo=None)
    if when <= now and any(w.rstrip(",.").startswith(d[:3]) for w in words for d in _DAY_NAMES):
        when += _dt.timedelta(weeks=1)
    return when


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
}
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_TIME_RE = re.compile(r"(?:at\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$")
_WORDS_HINT = (
    "say it like 'every tuesday 9:00', 'every other monday 14:30', 'every weekday 8:45' "
    "or 'first monday of the month 10:00', or give an RRULE"
)


def _day_code(word: str) -> str:
    word = word.strip(" ,.").lower().removesuffix("s") if len(word) > 3 else word.lower()
    for name, code in zip(_DAY_NAMES, _DAY_CODES, strict=True):
        if len(word) >= 2 and name.startswith(word):
            return code
    raise ValueError(f"{_show(word)} is not a day of the week; {_WORDS_HINT}")


def _time_parts(text: str) -> tuple[int, int]:
    """'9:00', '09:00', '9', '9am', '2:30 pm', 'at 14:30' -> (hour, minute)."""
    found = _TIME_RE.search(text.strip())
    if found is None:
        raise ValueError(f"no time of day in {_show(text)}; {_WORDS_HINT}")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    meridiem = found.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(f"{_show(found.group(0))} is not a time of day")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"{_show(found.group(0))} is not a time of day")
    return hour, minute


def _words_to_rule(typed: str) -> str:
    """An RRULE value from the words of the module docstring."""
    text = " ".join(typed.lower().split())
    time_match = _TIME_RE.search(text)
    if time_match is None:
        raise ValueError(f"no time of day in {_show(typed)}; {_WORDS_HINT}")
    hour, minute = _time_parts(time_match.group(0))
    head = text[: time_match.start()].strip().removesuffix(" at").strip()
    at = f"BYHOUR={hour};BYMINUTE={minute}"
    words = head.split()
    if words[:1] == ["the"]:  # "the first Monday of every month", as it is shown
        words = words[1:]
    if words and words[0] in _ORDINALS and " of " in f" {head} ":
        # "first monday of the month", "last friday of every month"
        ordinal = _ORDINALS[words[0]]
        day = _day_code(words[1]) if len(words) > 1 else ""
        if head.split(" of ", 1)[1] not in ("the month", "every month", "each month", "month"):
            raise ValueError(
                f"{_show(typed)}: only '... of the month' is understood; {_WORDS_HINT}"
            )
        return f"FREQ=MONTHLY;BYDAY={ordinal}{day};{at}"
    if not words or words[0] not in ("every", "each"):
        raise ValueError(f"{_show(typed)} is not a cadence; {_WORDS_HINT}")
    words = words[1:]
    interval = 1
    if words[:1] == ["other"]:
        interval, words = 2, words[1:]
    elif words and words[0].isdigit():
        interval = int(words[0])
        if words[1:2] in (["weeks"], ["week"]):
            words = [w for w in words[2:] if w != "on"]
        elif words[1:2] in (["days"], ["day"]):
            return f"FREQ=DAILY;INTERVAL={interval};{at}"
        else:
            raise ValueError(f"{_show(typed)}: every {interval} what? {_WORDS_HINT}")
    rest = " ".join(words).replace(",", " ").replace(" and ", " ").split()
    if rest in (["day"], ["days"]):
        return f"FREQ=DAILY;INTERVAL={interval};{at}"
    if rest in (["weekday"], ["weekdays"]):
        days = "MO,TU,WE,TH,FR"
    elif rest:
        days = ",".join(dict.fromkeys(_day_code(word) for word in rest))
    else:
        raise ValueError(f"{_show(typed)}: which day? {_WORDS_HINT}")
    return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={days};{at}"


def describe_cadence(rule: str | None) -> str:
    """A cadence in words ('every Tuesday at 09:00', 'every other Monday at 14:30',
    'the first Monday of every month at 10:00'); an RRULE as it is when words would not
    say it exactly. None: 'no cadence yet'."""
    if not rule:
        return "no cadence yet"
    spec = _spec(rule)
    original = spec.given
    known = {"byweekday", "byhour", "byminute"}
    if set(original) - known or spec.count or spec.until or spec.wkst:
        return f"RRULE {spec.text}"
    hours, minutes = original.get("byhour") or (0,), original.get("byminute") or (0,)
    if len(hours) != 1 or len(minutes) != 1:
        return f"RRULE {spec.text}"
    at = f"at {hours[0]:02d}:{minutes[0]:02d}"
    interval = spec.interval
    days = list(original.get("byweekday") or ())
    names = [_DAY_NAMES[d.weekday].capitalize() for d in days]
    if spec.freq == _rr.DAILY and not days:
        return f"every day {at}" if interval == 1 else f"every {interval} days {at}"
    if spec.freq == _rr.WEEKLY and days and not any(d.n for d in days):
        if [d.weekday for d in days] == [0, 1, 2, 3, 4]:
            said = "weekday"
        else:
            said = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if interval == 1:
            return f"every {said} {at}"
        if interval == 2:
            return f"every other {said} {at}"
        return f"every {interval} weeks on {said} {at}"
    if spec.freq == _rr.MONTHLY and len(days) == 1 and days[0].n in _ORDINAL_WORDS:
        if interval == 1:
            return f"the {_ORDINAL_WORDS[days[0].n]} {names[0]} of every month {at}"
    return f"RRULE {spec.text}"


def parse_cadence(text: str) -> str:
    """A cadence as people type it: words ("every other monday 14:30") or an RRULE.
    Returns the normalised RRULE; ``ValueError`` with a one-line message otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"a cadence is text like {_EXAMPLE}")
    typed = text.strip()
    if "=" in typed:
        return validate_cadence(typed)
    return validate_cadence(_words_to_rule(typed))
