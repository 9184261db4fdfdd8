"""Following a team's meeting from another terminal (or a browser through serve), read-only.

A `Follower` reads through a read-only store (Store.open_readonly) and reads again only
when the file changed: the screen polls PRAGMA data_version about twice a second, so it
follows the facilitator within a second. It shows what the facilitator's screen shows,
built by the same code: a `LiveMeeting` over the read-only store, used only to read
(any write through it would fail: the connection is mode=ro and query_only).

The clock: the facilitator's terminal writes the section's seconds once a second. The
follower shows the last seconds written plus the time since it saw them, on its own
monotonic clock, at most MAX_AHEAD seconds ahead (a facilitator's terminal that quit
stops counting, DOMAIN.md), and never counts backwards within a section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from campmeeting.clock import TimeSource
from campmeeting.meeting.live import LiveMeeting
from campmeeting.meeting.teams import to_local, upcoming
from campmeeting.records import Meeting, Team
from campmeeting.store import Store

POLL_SECONDS = 0.5  # how often a follower looks at data_version
MAX_AHEAD = 2.0  # seconds the clock runs on past the facilitator's last write


class Phase(StrEnum):
    WAITING = "waiting"  # no live meeting yet
    LIVE = "live"
    ENDED = "ended"  # the meeting being followed has ended: its summary


@dataclass(frozen=True)
class FollowChoice:
    """A team that can be followed, as a choice: live now (and where), or not."""

    team: Team
    section: str | None  # the live meeting's current section; None: not live


def follow_choices(store: Store) -> list[FollowChoice]:
    """Every team, the live ones first."""
    choices = []
    for team in store.teams():
        live = store.live_meeting(team.id)
        section = None
        if live is not None:
            runs = store.section_runs(live.id)
            section = runs[live.current_position].title if runs else ""
        choices.append(FollowChoice(team, section))
    return sorted(choices, key=lambda c: c.section is None)


def team_to_follow(store: Store) -> Team | None:
    """The team to follow when none is named: the only one with a live meeting, else
    the only team; None when there is a choice to make."""
    choices = follow_choices(store)
    live = [c.team for c in choices if c.section is not None]
    if len(live) == 1:
        return live[0]
    if len(choices) == 1:
        return choices[0].team
    return None


class Follower:
    """One team's meeting as a participant follows it (see the module docstring)."""

    def __init__(self, store: Store, source: TimeSource, team: Team) -> None:
        self.store = store
        self.source = source
        self.team = team
        self.live: LiveMeeting | None = None
        self.ended: Meeting | None = None
        self._version: int | None = None
        self._base = 0.0  # seconds written for the current section when last seen
        self._seen_at = 0.0  # our monotonic clock then
        self._running = False
        self._key: tuple[int, int, bool] | None = None
        self._shown = 0.0
        self.poll()

    @property
    def phase(self) -> Phase:
        if self.live is not None:
            return Phase.LIVE
        return Phase.ENDED if self.ended is not None else Phase.WAITING

    @property
    def paused(self) -> bool:
        return self.live is not None and bool(self.live.meeting.paused)

    def poll(self) -> bool:
        """Read again when another connection committed since the last look; True when
        it did (the screen then shows everything again)."""
        version = self.store.data_version()
        if version == self._version:
            return False
        self._version = version
        self._reload()
        return True

    def _reload(self) -> None:
        self.team = self.store.team(self.team.id)
        row = self.store.live_meeting(self.team.id)
        if row is not None:
            self.live = LiveMeeting(self.store, self.source, row.id)
            self.ended = None
            self._seen()
        elif self.live is not None:  # it ended (or was discarded: back to waiting)
            self.ended = self.store.find_meeting(self.live.meeting_id)
            self.live = None

    def _seen(self) -> None:
        assert self.live is not None
        meeting = self.live.meeting
        self._running = meeting.is_live and not meeting.paused
        key = (meeting.id, self.live.position, self._running)
        if key != self._key:
            self._key, self._shown = key, 0.0
        self._base = self.live.current.actual_seconds
        self._seen_at = self.source.monotonic()
        self.mirror()

    def section_elapsed(self) -> float:
        """The seconds to show for the current section now."""
        value = self._base
        if self._running:
            value += min(MAX_AHEAD, max(0.0, self.source.monotonic() - self._seen_at))
        self._shown = max(self._shown, value)
        return self._shown

    def mirror(self) -> None:
        """Set the read-only meeting's clock to the time to show, so everything derived
        from it (the meeting's time, the projected end) agrees with the clock face."""
        if self.live is not None:
            self.live.clock.restart(self.section_elapsed(), running=False)

    def next_meeting(self) -> datetime | None:
        """The team's next meeting, on this machine's clock."""
        nxt = upcoming(self.store, self.team, self.source)
        return to_local(self.team, nxt) if nxt else None
