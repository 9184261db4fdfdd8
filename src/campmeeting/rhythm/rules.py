"""A team's meeting rhythm: its cadence as an RFC 5545 RRULE, read and evaluated with
dateutil (`rrulestr`), typed by people as words ("every tuesday 9:00") or as an RRULE.

Wall-clock time
---------------
Every datetime here is a NAIVE LOCAL wall-clock datetime. A team that meets "every
Monday at 09:00" meets at 09:00 on the clock on the wall, whatever daylight saving time
does: across the Europe/Berlin change on 2026-10-25 the meeting stays at 09:00 local
while its UTC time moves from 07:00 to 08:00. Recurrences are therefore computed on
naive datetimes, never on UTC instants. Time zones only appear at the edge, when a
wall-clock time has to become an instant: ``to_utc`` and ``utc_offset_hours``.
Passing an aware datetime to the recurrence functions is a ``ValueError``.

This is a pure core module: it never reads the clock (``start``, ``after`` and
``until`` are always passed in) and does no I/O but reading the time zone database.

Cadence rules
-------------
A cadence is one RRULE value, e.g. ``FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0`` (an
``RRULE:`` prefix is accepted), parsed by dateutil. DTSTART is not part of it: it is
the ``start`` argument. On top of what dateutil checks, a meeting rhythm must be:

* DAILY, WEEKLY, MONTHLY or YEARLY (hourly and faster are not a meeting cadence);
* INTERVAL 1..1000, COUNT 1..10000, not COUNT and UNTIL together, each part once;
* as RFC 5545 allows, where dateutil would quietly drop a part: numbered weekdays
  (``1MO``, ``-1FR``) only MONTHLY (1..5) or YEARLY (1..53), BYWEEKNO and BYYEARDAY
  only YEARLY, BYMONTHDAY not WEEKLY and never 0;
* able to happen: a rule whose parts contradict each other (``BYMONTH=2;BYMONTHDAY=30``)
  is refused. This is checked by running it from 9970-01-01 (dateutil stops at 9999).

A date-only UNTIL (``UNTIL=20261231``) includes that whole day. WKST defaults to MO.
The normalised text is dateutil's own (``str(rrule)``), so equal cadences compare equal.

Words
-----
``parse_cadence`` also reads what people say, and ``describe_cadence`` says a rule back:

    every tuesday 9:00             every other monday 14:30
    every weekday 8:45             every mon and thu at 9am
    every 3 weeks on friday 16:00  every day 9:00
    first monday of the month 10:00    last friday of every month at 4pm

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
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dateutil import rrule as _rr

HELD_TOLERANCE = _dt.timedelta(days=3)
#: How far back ``missed_meetings`` looks.
MISSED_LOOKBACK = _dt.timedelta(weeks=26)
#: At most this many (most recent) occurrences are checked by ``missed_meetings``.
MAX_MISSED_OCCURRENCES = 200
#: Default cap on the number of datetimes ``occurrences`` returns.
MAX_OCCURRENCES = 1000

_FREQS = {"DAILY": _rr.DAILY, "WEEKLY": _rr.WEEKLY, "MONTHLY": _rr.MONTHLY, "YEARLY": _rr.YEARLY}
_TOO_FREQUENT = ("HOURLY", "MINUTELY", "SECONDLY")
_USE_FREQS = "use DAILY, WEEKLY, MONTHLY or YEARLY"
_EXAMPLE = "'every tuesday 9:00' or FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0"
_PROBE = _dt.datetime(9970, 1, 1)
_ORDINAL_RE = re.compile(r"([+-]?\d+)(MO|TU|WE|TH|FR|SA|SU)")
_DATE_ONLY_RE = re.compile(r"\d{8}")


@dataclass(frozen=True)
class _Spec:
    """A parsed cadence: its normal text, the dateutil rule, and the parts read from it."""

    text: str  # normalised RRULE value
    rule: _rr.rrule  # from _PROBE; `replace(dtstart=...)` for a team's start
    date_only_until: bool
    freq: int
    interval: int
    count: int | None
    until: _dt.datetime | None
    wkst: int
    has_setpos: bool
    given: dict[str, Any]  # the BYxxx parts as typed, by dateutil's names (byweekday ...)


def _spec_of(text: str, rule: _rr.rrule, date_only_until: bool) -> _Spec:
    """dateutil keeps a rule's parts in private attributes: read them here, once."""
    fields: Any = rule
    return _Spec(
        text=text,
        rule=rule,
        date_only_until=date_only_until,
        freq=fields._freq,
        interval=fields._interval,
        count=fields._count,
        until=fields._until,
        wkst=fields._wkst,
        has_setpos=bool(fields._bysetpos),
        given=dict(fields._original_rule),
    )


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Cadence:
    """A team's cadence: its RRULE, the midnight it counts from (the RRULE's DTSTART: a
    rule without BYMINUTE means :00, not the minute it was set), and the moment it was
    set (an occurrence before that is never missed)."""

    rule: str
    anchor: _dt.datetime
    since: _dt.datetime

    @classmethod
    def of(cls, rule: str | None, start: str | None) -> Cadence | None:
        """From a team's stored cadence and cadence_start (ISO, its wall clock)."""
        if not rule or not start:
            return None
        since = _dt.datetime.fromisoformat(start)
        return cls(rule, since.replace(hour=0, minute=0, second=0, microsecond=0), since)


def default_cadence(first: _dt.datetime) -> str:
    """Weekly on ``first``'s weekday at its hour and minute, e.g.
    ``FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=30``. A plain date means 00:00."""
    hour = getattr(first, "hour", 0)
    minute = getattr(first, "minute", 0)
    day = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[first.weekday()]
    return validate_cadence(f"FREQ=WEEKLY;BYDAY={day};BYHOUR={hour};BYMINUTE={minute}")


def validate_cadence(rule: str) -> str:
    """Return the normalised RRULE, or raise ``ValueError`` with a one-line message."""
    return _spec(rule).text


def next_meeting(rule: str, start: _dt.datetime, after: _dt.datetime) -> _dt.datetime | None:
    """The first occurrence strictly after ``after`` (None when the rule has ended).

    ``start`` is DTSTART: occurrences are never before it (and it is itself one only if
    it matches the rule)."""
    spec = _spec(rule)
    _check_naive(start=start, after=after)
    if _unreachable(spec, start):
        return None
    found: _dt.datetime | None = _rrule(spec, start, since=after).after(after)
    return found


def previous_meeting(rule: str, start: _dt.datetime, before: _dt.datetime) -> _dt.datetime | None:
    """The last occurrence at or before ``before`` (None when there is none)."""
    spec = _spec(rule)
    _check_naive(start=start, before=before)
    if before < start or _unreachable(spec, start):
        return None
    # walk from a DTSTART moved close to `before`: five weeks back holds the last one
    # of a daily, weekly or four-weekly rhythm; a year back covers every other rhythm
    found: _dt.datetime | None = None
    for back in (35, 400):
        since = max(start, before - _dt.timedelta(days=back))
        found = _rrule(spec, start, since=since).before(before, inc=True)
        if found is not None or since == start:
            break
    return found


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
    rule: str,
    start: _dt.datetime,
    held: Iterable[_dt.date],
    until: _dt.datetime,
    since: _dt.datetime | None = None,
) -> list[_dt.date]:
    """Cadence dates up to ``until`` (inclusive) on which no meeting was held; with
    ``since`` (when the cadence was set), only occurrences at or after it.

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
    low = max(start, until - MISSED_LOOKBACK, since or start)
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


# --------------------------------------------------------------------- the RRULE parts


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


def _parts(rule: str) -> dict[str, str]:
    """NAME -> VALUE of an RRULE value, upper-cased, each part given once."""
    text = rule.strip()
    if text[:6].upper() == "RRULE:":
        text = text[6:].strip()
    if not text:
        raise ValueError(f"the cadence is empty; expected something like {_EXAMPLE}")
    if ":" in text or "\n" in text or "\r" in text:
        raise ValueError("a cadence is one RRULE value, without DTSTART or other lines")
    if len(text) > 2000:
        raise ValueError("the cadence is too long to be a meeting rhythm")
    parts: dict[str, str] = {}
    for raw in filter(None, (piece.strip() for piece in text.split(";"))):
        name, sep, value = (s.strip().upper() for s in raw.partition("="))
        if not sep or not name or not value:
            raise ValueError(f"{_show(raw)} is not NAME=VALUE (e.g. FREQ=WEEKLY)")
        if name in parts:
            raise ValueError(f"{_show(name)} is given twice")
        parts[name] = value
    return parts


@lru_cache(maxsize=256)
def _parse(rule: str) -> _Spec:
    parts = _parts(rule)
    freq = parts.get("FREQ")
    if freq is None:
        raise ValueError(f"the cadence needs FREQ, e.g. {_EXAMPLE}")
    if freq in _TOO_FREQUENT:
        raise ValueError(f"FREQ={freq} is too frequent for a meeting; {_USE_FREQS}")
    if freq not in _FREQS:
        raise ValueError(f"FREQ={_show(freq)} is not a frequency; {_USE_FREQS}")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError("use COUNT or UNTIL, not both")
    until = parts.get("UNTIL", "")
    date_only_until = bool(_DATE_ONLY_RE.fullmatch(until))
    if until and not (date_only_until or re.fullmatch(r"\d{8}T\d{6}Z?", until)):
        raise ValueError(f"UNTIL={_show(until)} is not a date; use YYYYMMDD or YYYYMMDDTHHMMSS")
    parts.setdefault("WKST", "MO")  # RFC 5545's default, not calendar.firstweekday()
    text = ";".join(f"{name}={value}" for name, value in parts.items())
    try:
        parsed = _rr.rrulestr(text, dtstart=_PROBE, ignoretz=True)
    except (ValueError, TypeError, IndexError, OverflowError) as error:
        raise ValueError(f"the cadence is not valid: {_show(str(error))}") from None
    assert isinstance(parsed, _rr.rrule)
    spec = _spec_of("", parsed, date_only_until)
    _check_domain(parts, spec)
    probe = parsed.replace(count=None, until=None, interval=1)
    try:
        first = next(iter(probe), None)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"this cadence cannot be used: {error}") from None
    if first is None:
        raise ValueError("this cadence never produces a date: its parts contradict each other")
    normal = str(parsed).split("RRULE:", 1)[1]
    if date_only_until:  # dateutil writes it as midnight; it means the whole day
        normal = normal.replace(f"UNTIL={until}T000000", f"UNTIL={until}")
    return _spec_of(normal, parsed, date_only_until)


def _check_domain(parts: dict[str, str], spec: _Spec) -> None:
    """What a meeting cadence must be beyond what dateutil reads (module docstring)."""
    freq = parts["FREQ"]
    if not 1 <= spec.interval <= 1000:
        raise ValueError(f"INTERVAL={spec.interval} must be a whole number from 1 to 1000")
    if spec.count is not None and not 1 <= spec.count <= 10000:
        raise ValueError(f"COUNT={spec.count} must be a whole number from 1 to 10000")
    if "BYWEEKNO" in parts and freq != "YEARLY":
        raise ValueError("BYWEEKNO only works with FREQ=YEARLY")
    if "BYYEARDAY" in parts and freq != "YEARLY":
        raise ValueError("BYYEARDAY only works with FREQ=YEARLY")
    if "BYMONTHDAY" in parts:
        if freq == "WEEKLY":
            raise ValueError("BYMONTHDAY does not work with FREQ=WEEKLY; use BYDAY")
        if "0" in (v.strip().lstrip("+-") for v in parts["BYMONTHDAY"].split(",")):
            raise ValueError(f"BYMONTHDAY={_show(parts['BYMONTHDAY'])}: days are -31..31, not 0")
    for number, day in _ORDINAL_RE.findall(parts.get("BYDAY", "")):
        if freq not in ("MONTHLY", "YEARLY"):
            raise ValueError(
                f"numbered weekdays like {number}{day} need FREQ=MONTHLY or FREQ=YEARLY"
            )
        limit = 5 if freq == "MONTHLY" else 53
        if int(number) == 0 or abs(int(number)) > limit:
            raise ValueError(f"the number in {number}{day} must be 1..{limit} or -{limit}..-1")


def _unreachable(spec: _Spec, start: _dt.datetime) -> bool:
    """True when INTERVAL keeps the rule from ever meeting its BYDAY / BYMONTH from this
    start (e.g. FREQ=DAILY;INTERVAL=7;BYDAY=MO from a Tuesday): dateutil would otherwise
    search up to year 9999 before giving up."""
    weekdays = spec.given.get("byweekday")
    months = spec.given.get("bymonth")
    if spec.freq == _rr.DAILY and weekdays:
        days = {getattr(day, "weekday", day) for day in weekdays}
        reachable = {(start.weekday() + k * spec.interval) % 7 for k in range(7)}
        return not reachable & days
    if spec.freq == _rr.MONTHLY and months:
        reachable = {(start.month - 1 + k * spec.interval) % 12 + 1 for k in range(12)}
        return not reachable & set(months)
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
    changes: dict[str, Any] = {"dtstart": dtstart}
    if spec.date_only_until and spec.until is not None:
        changes["until"] = spec.until.replace(hour=23, minute=59, second=59)
    # dateutil fills an unset BYHOUR/BYMINUTE/BYSECOND from DTSTART: keep the rule's
    for part in ("byhour", "byminute", "bysecond"):
        if part not in spec.given:
            changes[part] = getattr(start, part[2:])
    return spec.rule.replace(**changes)
