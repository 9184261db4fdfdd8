"""A team's meeting rhythm: its cadence as an RFC 5545 RRULE, evaluated with dateutil.

Wall-clock time
---------------
Every datetime here is a NAIVE LOCAL wall-clock datetime. A team that meets "every
Monday at 09:00" meets at 09:00 on the clock on the wall, whatever daylight saving time
does: across the Europe/Berlin change on 2026-10-25 the meeting stays at 09:00 local
while its UTC time moves from 07:00 to 08:00. Recurrences are therefore computed on
naive datetimes (adding a week to a naive 09:00 gives 09:00), never on UTC instants
(adding a week to 07:00 UTC would give 10:00 local after the change). Time zones only
appear at the edge, when a wall-clock time has to become an instant: ``to_utc`` and
``utc_offset_hours`` (dateutil.tz; the named zone, or the machine's local zone). Passing
an aware datetime to the recurrence functions is a ``ValueError``.

This is a pure core module: it never imports textual, never reads the clock (``start``,
``after`` and ``until`` are always passed in) and does no I/O other than dateutil.tz
reading the time zone database in ``to_utc``.

Cadence rules
-------------
A cadence is one RRULE value, e.g. ``FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0``
(an ``RRULE:`` prefix is accepted). DTSTART is not part of it: it is the ``start``
argument (the team's first meeting, or its creation time). ``validate_cadence`` is
stricter than dateutil:

* FREQ is required and must be DAILY, WEEKLY, MONTHLY or YEARLY (hourly and faster are
  not a meeting cadence);
* INTERVAL is 1..1000, COUNT 1..10000, and COUNT and UNTIL are not used together;
* every BYxxx value is range-checked; BYDAY ordinals (``1MO``, ``-1FR``) only with
  MONTHLY or YEARLY, BYWEEKNO only with YEARLY, BYYEARDAY not with DAILY, WEEKLY or
  MONTHLY, BYMONTHDAY not with WEEKLY (RFC 5545 section 3.3.10);
* a rule whose parts can never all hold (``BYMONTH=2;BYMONTHDAY=30``, ``BYDAY=MO;
  BYSETPOS=2`` weekly, ``BYWEEKNO=1;BYMONTH=6``) is rejected. This is checked by
  running the rule (INTERVAL 1, no COUNT/UNTIL) from 9970-01-01: dateutil stops at year
  9999, so the check is bounded, and 30 years cover every calendar pattern.
* UNTIL is ``YYYYMMDD`` (meaning the end of that day) or ``YYYYMMDDTHHMMSS`` with an
  optional ``Z``; it is read as local wall-clock time like everything else (a ``Z`` is
  accepted but not converted: at worst a boundary moves by the UTC offset).
* WKST defaults to MO (RFC 5545), not to the process-global ``calendar.firstweekday()``.

The normalised text has upper-case names and values, no spaces, canonical part order
(FREQ, INTERVAL, COUNT, UNTIL, WKST, BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY,
BYHOUR, BYMINUTE, BYSECOND, BYSETPOS) and canonical numbers, so equal cadences compare
equal and ``validate_cadence(default_cadence(dt)) == default_cadence(dt)``.

Bounded work
------------
dateutil walks a rule from DTSTART. For DAILY and WEEKLY rules without COUNT or BYSETPOS
the walk starts instead at DTSTART moved forward by a whole number of intervals (which
yields exactly the same occurrences), so asking about next week costs the same for a
team founded ten years ago. ``missed_meetings`` looks at most at the last
``MISSED_LOOKBACK`` (26 weeks) and ``MAX_MISSED_OCCURRENCES`` (200) occurrences;
``occurrences`` returns at most ``limit`` (default ``MAX_OCCURRENCES``) datetimes.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dateutil import rrule as _rr
from dateutil import tz as _tz

__all__ = [
    "HELD_TOLERANCE",
    "MAX_MISSED_OCCURRENCES",
    "MAX_OCCURRENCES",
    "MISSED_LOOKBACK",
    "default_cadence",
    "missed_meetings",
    "next_meeting",
    "occurrences",
    "to_utc",
    "utc_offset_hours",
    "validate_cadence",
]

#: A meeting held this close to a cadence date (either side) counts as that occurrence.
HELD_TOLERANCE = _dt.timedelta(days=3)
#: How far back ``missed_meetings`` looks.
MISSED_LOOKBACK = _dt.timedelta(weeks=26)
#: At most this many (most recent) occurrences are checked by ``missed_meetings``.
MAX_MISSED_OCCURRENCES = 200
#: Default cap on the number of datetimes ``occurrences`` returns.
MAX_OCCURRENCES = 1000

_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQS = {
    "DAILY": _rr.DAILY,
    "WEEKLY": _rr.WEEKLY,
    "MONTHLY": _rr.MONTHLY,
    "YEARLY": _rr.YEARLY,
}
_TOO_FREQUENT = ("HOURLY", "MINUTELY", "SECONDLY")
_ORDER = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "WKST",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYHOUR",
    "BYMINUTE",
    "BYSECOND",
    "BYSETPOS",
)
# name -> (rrule keyword, lowest, highest, zero allowed)
_INT_LISTS = {
    "BYMONTH": ("bymonth", 1, 12, False),
    "BYWEEKNO": ("byweekno", -53, 53, False),
    "BYYEARDAY": ("byyearday", -366, 366, False),
    "BYMONTHDAY": ("bymonthday", -31, 31, False),
    "BYHOUR": ("byhour", 0, 23, True),
    "BYMINUTE": ("byminute", 0, 59, True),
    "BYSECOND": ("bysecond", 0, 59, True),
    "BYSETPOS": ("bysetpos", -366, 366, False),
}
_INT_RE = re.compile(r"[+-]?\d{1,4}")
_BYDAY_RE = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_UNTIL_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?")
_EXAMPLE = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
_STRUCTURE_PROBE = _dt.datetime(9970, 1, 1)


@dataclass(frozen=True)
class _Spec:
    text: str
    freq: int
    interval: int
    count: int | None
    kwargs: tuple[tuple[str, object], ...]  # rrule keywords except dtstart
    weekdays: frozenset[int] | None  # BYDAY weekdays, ordinals ignored
    months: frozenset[int] | None
    has_setpos: bool


# ----------------------------------------------------------------------------- rules


def default_cadence(first: _dt.datetime) -> str:
    """Weekly on ``first``'s weekday at its hour and minute (seconds dropped), e.g.
    ``FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=30;BYSECOND=0``. A plain date means 00:00."""
    hour = getattr(first, "hour", 0)
    minute = getattr(first, "minute", 0)
    return (
        f"FREQ=WEEKLY;BYDAY={_DAY_CODES[first.weekday()]};"
        f"BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"
    )


def validate_cadence(rule: str) -> str:
    """Return the normalised rule, or raise ``ValueError`` with a one-line message."""
    return _spec(rule).text


def next_meeting(rule: str, start: _dt.datetime, after: _dt.datetime) -> _dt.datetime | None:
    """The first occurrence strictly after ``after`` (None when the rule has ended).

    ``start`` is DTSTART: occurrences are never before it (and it is itself one only if
    it matches the rule)."""
    spec = _spec(rule)
    _check_naive(start=start, after=after)
    if _unreachable(spec, start):
        return None
    return _rrule(spec, start, since=after).after(after)


def occurrences(
    rule: str,
    start: _dt.datetime,
    between: tuple[_dt.datetime, _dt.datetime],
    *,
    limit: int = MAX_OCCURRENCES,
) -> list[_dt.datetime]:
    """Occurrences ``t`` with ``between[0] <= t < between[1]`` (half-open, so adjacent
    windows never count one twice), at most ``limit`` of them, earliest first."""
    spec = _spec(rule)
    low, high = between
    _check_naive(start=start, low=low, high=high)
    if high <= low or limit <= 0 or _unreachable(spec, start):
        return []
    found: list[_dt.datetime] = []
    for occurrence in _rrule(spec, start, since=low).xafter(low, inc=True):
        if occurrence >= high:
            break
        found.append(occurrence)
        if len(found) >= limit:
            break
    return found


def missed_meetings(
    rule: str, start: _dt.datetime, held: Iterable[_dt.date], until: _dt.datetime
) -> list[_dt.date]:
    """Cadence dates up to ``until`` (inclusive) on which no meeting was held.

    Teams move meetings: a meeting held within ``HELD_TOLERANCE`` (3 days) before or
    after a cadence date counts as that occurrence being held. Each held meeting counts
    for one occurrence only (a daily team cannot cover a week with one meeting); the
    matching is greedy in date order, which holds as many occurrences as possible.
    Held dates may be later than ``until`` (a meeting moved forward). An occurrence
    still inside its grace days at ``until`` is reported if nothing was held yet; pass
    an earlier ``until`` to leave those out.

    Only the occurrences in the last ``MISSED_LOOKBACK`` (26 weeks) before ``until`` are
    checked, at most the last ``MAX_MISSED_OCCURRENCES`` (200) of them, so the work does
    not grow with the team's history. Returns the missed dates, earliest first.
    """
    spec = _spec(rule)
    _check_naive(start=start, until=until)
    if until < start or _unreachable(spec, start):
        return []
    low = max(start, until - MISSED_LOOKBACK)
    due: deque[_dt.date] = deque(maxlen=MAX_MISSED_OCCURRENCES)
    for occurrence in _rrule(spec, start, since=low).xafter(low, inc=True):
        if occurrence > until:
            break
        due.append(occurrence.date())
    if not due:
        return []

    first = due[0] - HELD_TOLERANCE
    last = due[-1] + HELD_TOLERANCE
    meetings = sorted(
        day
        for day in (d.date() if isinstance(d, _dt.datetime) else d for d in held)
        if first <= day <= last
    )

    missed: list[_dt.date] = []
    next_held = 0
    for day in due:
        while next_held < len(meetings) and meetings[next_held] < day - HELD_TOLERANCE:
            next_held += 1
        if next_held < len(meetings) and meetings[next_held] <= day + HELD_TOLERANCE:
            next_held += 1
        else:
            missed.append(day)
    return missed


# ------------------------------------------------------------------------ time zones


def to_utc(local: _dt.datetime, tzname: str | None = None) -> _dt.datetime:
    """The UTC instant (aware, ``dateutil.tz.UTC``) of a naive wall-clock datetime in
    the IANA zone ``tzname`` (``None``: the machine's local zone, ``dateutil.tz.tzlocal``).

    A wall-clock time skipped by a DST change (02:30 on a spring-forward night) is moved
    forward by the gap (03:30, ``dateutil.tz.resolve_imaginary``); a time that happens
    twice (02:30 on a fall-back night) is the first one (``fold=0``, still summer time).
    Raises ``ValueError`` for an aware datetime or an unknown zone.
    """
    return _localize(local, tzname).astimezone(_tz.UTC)


def utc_offset_hours(local: _dt.datetime, tzname: str | None = None) -> float:
    """The zone's UTC offset in hours at that wall-clock time (1.0 for 09:00 Berlin in
    winter, 2.0 in summer, -5.0 for New York in winter, 5.5 for Kolkata)."""
    offset = _localize(local, tzname).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


def _localize(local: _dt.datetime, tzname: str | None) -> _dt.datetime:
    if not isinstance(local, _dt.datetime):
        raise ValueError(f"expected a datetime, got {type(local).__name__}")
    if local.tzinfo is not None:
        raise ValueError("expected a naive local wall-clock datetime, got an aware one")
    zone = _zone(tzname)
    aware = local.replace(tzinfo=zone)
    if not _tz.datetime_exists(aware):
        aware = _tz.resolve_imaginary(aware)
    return aware


def _zone(tzname: str | None) -> _dt.tzinfo:
    if tzname is None:
        return _tz.tzlocal()
    name = tzname.strip() if isinstance(tzname, str) else ""
    # Only zone keys: no file paths, nothing that climbs out of the zoneinfo directory.
    if not name or os.path.isabs(name) or ".." in name.replace("\\", "/").split("/"):
        raise ValueError(f"unknown time zone {tzname!r}")
    try:
        zone = _tz.gettz(name)
    except (ValueError, OSError, Warning):
        zone = None
    if zone is None:
        raise ValueError(f"unknown time zone {tzname!r}")
    return zone


# ------------------------------------------------------------------------- internals


def _check_naive(**values: _dt.datetime) -> None:
    for name, value in values.items():
        if not isinstance(value, _dt.datetime):
            raise ValueError(f"{name} must be a datetime, got {type(value).__name__}")
        if value.tzinfo is not None:
            raise ValueError(f"{name} must be a naive local wall-clock datetime, not an aware one")


def _show(value: str) -> str:
    """A typed value, safe for a one-line message."""
    if len(value) <= 30 and value.isprintable():
        return value
    return repr(value[:30])


def _spec(rule: str) -> _Spec:
    if not isinstance(rule, str):
        raise ValueError(f"a cadence is text like {_EXAMPLE}, not {type(rule).__name__}")
    return _parse(rule)


@lru_cache(maxsize=256)
def _parse(rule: str) -> _Spec:
    text = rule.strip()
    if text[:6].upper() == "RRULE:":
        text = text[6:].strip()
    if not text:
        raise ValueError(f"the cadence is empty; expected something like {_EXAMPLE}")
    if ":" in text or "\n" in text or "\r" in text:
        raise ValueError(
            f"a cadence is one RRULE value like {_EXAMPLE}, without DTSTART or other lines"
        )
    if len(text) > 2000:
        raise ValueError("the cadence is too long to be a meeting rhythm")

    parts: dict[str, str] = {}
    for raw in text.split(";"):
        raw = raw.strip()
        if not raw:
            continue
        name, sep, value = raw.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if not sep or not name or not value:
            raise ValueError(f"{_show(raw)} is not NAME=VALUE (e.g. FREQ=WEEKLY)")
        if name not in _ORDER:
            raise ValueError(f"unknown rule part {_show(name)} (known: {', '.join(_ORDER)})")
        if name in parts:
            raise ValueError(f"{name} is given twice")
        parts[name] = value

    freq_name = parts.get("FREQ")
    if freq_name is None:
        raise ValueError(f"the cadence needs FREQ, e.g. {_EXAMPLE}")
    if freq_name in _TOO_FREQUENT:
        raise ValueError(
            f"FREQ={freq_name} is too frequent for a meeting; use DAILY, WEEKLY, MONTHLY or YEARLY"
        )
    if freq_name not in _FREQS:
        raise ValueError(
            f"FREQ={_show(freq_name)} is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY"
        )
    freq = _FREQS[freq_name]
    normal: dict[str, str] = {"FREQ": freq_name}
    kwargs: dict[str, object] = {"freq": freq, "wkst": 0}

    interval = 1
    if "INTERVAL" in parts:
        interval = _number("INTERVAL", parts["INTERVAL"], 1, 1000)
        normal["INTERVAL"] = str(interval)
        kwargs["interval"] = interval
    count = None
    if "COUNT" in parts:
        count = _number("COUNT", parts["COUNT"], 1, 10000)
        normal["COUNT"] = str(count)
        kwargs["count"] = count
    if "UNTIL" in parts:
        if count is not None:
            raise ValueError("use COUNT or UNTIL, not both")
        normal["UNTIL"] = parts["UNTIL"]
        kwargs["until"] = _until(parts["UNTIL"])
    if "WKST" in parts:
        if parts["WKST"] not in _DAY_CODES:
            raise ValueError(f"WKST={_show(parts['WKST'])} is not a weekday (MO..SU)")
        normal["WKST"] = parts["WKST"]
        kwargs["wkst"] = _DAY_CODES.index(parts["WKST"])

    if "BYWEEKNO" in parts and freq != _rr.YEARLY:
        raise ValueError("BYWEEKNO only works with FREQ=YEARLY")
    if "BYYEARDAY" in parts and freq != _rr.YEARLY:
        raise ValueError("BYYEARDAY only works with FREQ=YEARLY")
    if "BYMONTHDAY" in parts and freq == _rr.WEEKLY:
        raise ValueError("BYMONTHDAY does not work with FREQ=WEEKLY; use BYDAY")

    months: frozenset[int] | None = None
    for name, (keyword, low, high, zero_ok) in _INT_LISTS.items():
        if name not in parts:
            continue
        values = _number_list(name, parts[name], low, high, zero_ok)
        normal[name] = ",".join(map(str, values))
        kwargs[keyword] = tuple(values)
        if name == "BYMONTH":
            months = frozenset(values)

    weekdays: frozenset[int] | None = None
    if "BYDAY" in parts:
        days, items = _byday(parts["BYDAY"], freq)
        normal["BYDAY"] = ",".join(items)
        kwargs["byweekday"] = tuple(days)
        weekdays = frozenset(day.weekday for day in days)

    _check_producible(kwargs)
    return _Spec(
        text=";".join(f"{name}={normal[name]}" for name in _ORDER if name in normal),
        freq=freq,
        interval=interval,
        count=count,
        kwargs=tuple(kwargs.items()),
        weekdays=weekdays,
        months=months,
        has_setpos="BYSETPOS" in parts,
    )


def _number(name: str, value: str, low: int, high: int) -> int:
    if _INT_RE.fullmatch(value) is None or not low <= int(value) <= high:
        raise ValueError(f"{name}={_show(value)} must be a whole number from {low} to {high}")
    return int(value)


def _number_list(name: str, value: str, low: int, high: int, zero_ok: bool) -> list[int]:
    values = []
    for item in value.split(","):
        item = item.strip()
        number = int(item) if _INT_RE.fullmatch(item) else None
        if number is None or not low <= number <= high or (number == 0 and not zero_ok):
            allowed = f"{low}..{high}" + ("" if zero_ok else " except 0")
            raise ValueError(f"{name}={_show(value)}: each value must be in {allowed}")
        values.append(number)
    return values


def _byday(value: str, freq: int) -> tuple[list[_rr.weekday], list[str]]:
    days: list[_rr.weekday] = []
    items: list[str] = []
    for item in value.split(","):
        item = item.strip()
        m = _BYDAY_RE.fullmatch(item)
        if m is None:
            raise ValueError(
                f"BYDAY={_show(value)}: use MO, TU, WE, TH, FR, SA, SU, "
                "optionally numbered like 1MO or -1FR"
            )
        number = int(m.group(1)) if m.group(1) else None
        code = m.group(2)
        weekday = _rr.weekdays[_DAY_CODES.index(code)]
        if number is not None:
            if freq not in (_rr.MONTHLY, _rr.YEARLY):
                raise ValueError(
                    f"BYDAY={_show(value)}: numbered weekdays like {item} "
                    "need FREQ=MONTHLY or FREQ=YEARLY"
                )
            limit = 5 if freq == _rr.MONTHLY else 53
            if number == 0 or abs(number) > limit:
                raise ValueError(
                    f"BYDAY={_show(value)}: the number in {item} must be 1..{limit} or -{limit}..-1"
                )
            weekday = weekday(number)
        days.append(weekday)
        items.append(f"{number}{code}" if number is not None else code)
    return days, items


def _until(value: str) -> _dt.datetime:
    m = _UNTIL_RE.fullmatch(value)
    problem = f"UNTIL={_show(value)} is not a date; use YYYYMMDD or YYYYMMDDTHHMMSS"
    if m is None:
        raise ValueError(problem)
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        if m.group(4) is None:
            return _dt.datetime(year, month, day, 23, 59, 59)
        return _dt.datetime(year, month, day, int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError:
        raise ValueError(problem) from None


def _check_producible(kwargs: dict[str, object]) -> None:
    probe = {k: v for k, v in kwargs.items() if k not in ("interval", "count", "until")}
    try:
        first = next(iter(_rr.rrule(dtstart=_STRUCTURE_PROBE, **probe)), None)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"this cadence cannot be used: {error}") from None
    if first is None:
        raise ValueError("this cadence never produces a date: its parts contradict each other")


def _unreachable(spec: _Spec, start: _dt.datetime) -> bool:
    """True when INTERVAL keeps the rule from ever meeting its BYDAY / BYMONTH from this
    start (e.g. FREQ=DAILY;INTERVAL=7;BYDAY=MO from a Tuesday): dateutil would otherwise
    search up to year 9999 before giving up."""
    if spec.freq == _rr.DAILY and spec.weekdays is not None:
        reachable = {(start.weekday() + k * spec.interval) % 7 for k in range(7)}
        return not reachable & spec.weekdays
    if spec.freq == _rr.MONTHLY and spec.months is not None:
        reachable = {(start.month - 1 + k * spec.interval) % 12 + 1 for k in range(12)}
        return not reachable & spec.months
    return False


def _rrule(spec: _Spec, start: _dt.datetime, *, since: _dt.datetime) -> _rr.rrule:
    """The rule from ``start``; for DAILY/WEEKLY rules without COUNT or BYSETPOS,
    DTSTART is moved forward by whole intervals to at most ``since``, which keeps every
    occurrence at or after the new DTSTART exactly as it was."""
    dtstart = start
    if (
        spec.freq in (_rr.DAILY, _rr.WEEKLY)
        and spec.count is None
        and not spec.has_setpos
        and since > start
    ):
        step = _dt.timedelta(days=spec.interval * (7 if spec.freq == _rr.WEEKLY else 1))
        dtstart = start + ((since - start) // step) * step
    return _rr.rrule(dtstart=dtstart, **dict(spec.kwargs))
