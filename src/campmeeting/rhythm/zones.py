"""Time zones at the edge of the rhythm: a wall-clock time becomes an instant only here.

A team meets at a time on the wall clock of its zone (DST does not move it); an instant
is shown on the wall clock of whoever looks. Naive datetimes are wall-clock times.
"""

from __future__ import annotations

import datetime as _dt
import os

from dateutil import tz as _tz

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


def local_zone_name() -> str | None:
    """The IANA name of this machine's time zone (TZ, else /etc/localtime), if known."""
    candidates = []
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env:
        candidates.append(tz_env)
    else:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        try:
            _zone(name)
        except ValueError:  # an unknown or odd name
            continue
        return name
    return None


def wall_time(moment: _dt.datetime, tzname: str | None = None) -> _dt.datetime:
    """The naive wall-clock time of an aware instant in the zone ``tzname`` (None: this
    machine's zone)."""
    if moment.tzinfo is None:
        raise ValueError("expected an aware datetime")
    return moment.astimezone(_zone(tzname)).replace(tzinfo=None)


def between_zones(
    wall: _dt.datetime, from_zone: str | None, to_zone: str | None = None
) -> _dt.datetime:
    """A wall-clock time in one zone as the wall-clock time in another (None: this
    machine's zone); the same time when both are the same zone."""
    if from_zone == to_zone:
        return wall
    return wall_time(to_utc(wall, from_zone), to_zone)


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
