"""Time for campmeeting, from one injectable source.

No other module reads the system clock: they take a `TimeSource`. `SystemTime` is the
real one; `FakeTime` is moved by tests (`advance`), so a 90-minute meeting runs in
milliseconds.

`SectionClock` measures the time spent in the current section on the monotonic clock
(wall-clock jumps do not make it drift) on top of the seconds already recorded in the
database, and can be paused and resumed.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class TimeSource(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards."""


class SystemTime:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeTime:
    """A time source for tests and the demo: it moves only when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            start = start.astimezone()  # a naive start means local time
        self._now = start.astimezone(UTC)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float = 0, **delta: float) -> None:
        step = seconds + timedelta(**delta).total_seconds()
        self._now += timedelta(seconds=step)
        self._mono += step

    def set(self, moment: datetime) -> None:
        """Jump to a moment (for dated scenarios: next week's meeting)."""
        if moment.tzinfo is None:
            moment = moment.astimezone()
        moment = moment.astimezone(UTC)
        self._mono += max(0.0, (moment - self._now).total_seconds())
        self._now = moment


def stamp(source: TimeSource) -> str:
    """An ISO timestamp (UTC) for the database."""
    return source.now().isoformat(timespec="seconds")


def local_now(source: TimeSource) -> datetime:
    """The current local wall-clock time, naive (for cadence and display)."""
    return source.now().astimezone().replace(tzinfo=None)


def local_today(source: TimeSource) -> date:
    return source.now().astimezone().date()


def parse_stamp(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SectionClock:
    """Seconds spent in the current section: recorded seconds plus the running stretch."""

    def __init__(self, source: TimeSource, recorded: float = 0.0, running: bool = True) -> None:
        self.source = source
        self._recorded = recorded
        self._since: float | None = source.monotonic() if running else None

    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def elapsed(self) -> float:
        if self._since is None:
            return self._recorded
        return self._recorded + (self.source.monotonic() - self._since)

    def pause(self) -> None:
        if self._since is not None:
            self._recorded = self.elapsed
            self._since = None

    def resume(self) -> None:
        if self._since is None:
            self._since = self.source.monotonic()

    def restart(self, recorded: float, running: bool) -> None:
        """Switch to another section whose recorded time is `recorded`."""
        self._recorded = recorded
        self._since = self.source.monotonic() if running else None
