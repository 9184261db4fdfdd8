"""The domain's words (DOMAIN.md) as enums, and the rules that are only vocabulary.

A StrEnum member equals its string ("open" == Status.OPEN), so rows read from the
database compare with these directly. No I/O here.
"""

from __future__ import annotations

from enum import StrEnum


class SectionKind(StrEnum):
    CHECKIN = "checkin"
    SCORECARD = "scorecard"
    ACCOUNTABILITY = "accountability"
    PRIORITIES = "priorities"
    BLOCKERS = "blockers"
    ACT = "act"
    DECISIONS = "decisions"
    COMMITMENTS = "commitments"
    CASCADE = "cascade"
    CLOSE = "close"
    NOTES = "notes"


class ItemKind(StrEnum):
    PRIORITY = "priority"
    BLOCKER = "blocker"
    DECISION = "decision"
    COMMITMENT = "commitment"
    HEADLINE = "headline"
    NOTE = "note"
    MESSAGE = "message"


class Status(StrEnum):
    """Every state an item can be in (which kind may be in which: ITEM_STATES)."""

    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    DONE = "done"
    DROPPED = "dropped"
    OPEN = "open"
    RESOLVED = "resolved"
    HANDED_OFF = "handed_off"
    DECIDED = "decided"
    ABANDONED = "abandoned"
    INFO = "info"
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"


class ReviewOutcome(StrEnum):
    """The outcome of a review record (DOMAIN.md, metrics)."""

    DONE = "done"
    RESCOPED = "rescoped"
    ABANDONED = "abandoned"
    OPEN = "open"


class EventType(StrEnum):
    """What an event records about an item."""

    CREATED = "created"
    STATUS = "status"  # from_status -> to_status
    CARRIED = "carried"  # a meeting started with it open
    BROUGHT = "brought"  # first seen in a meeting (added between meetings, handed over)
    DELIVERED = "delivered"  # a message read out in the receiving team's meeting
    RESCOPED = "rescoped"
    REVIEWED = "reviewed"
    LINKED = "linked"
    HANDED_OFF = "handed_off"
    ACKNOWLEDGED = "acknowledged"
    EDITED = "edited"
    DROPPED_DOWN = "dropped_down"  # an issue (blocker) was raised from this item
    RANKED = "ranked"  # an open blocker's rank as the meeting ended
    REPORTED = "reported"  # an owner's report between meetings: a proposal (meeting.reports)


class Track(StrEnum):
    """A measurable's value in a week against its goal (DOMAIN.md, Measurable): on track,
    off track, or missing (no value that week: neither)."""

    ON = "on_track"
    OFF = "off_track"
    MISSING = "missing"


class MeasurableEventType(StrEnum):
    """What a measurable event records (the scorecard keeps its own events: `events`
    belong to items)."""

    CREATED = "created"
    VALUE = "value"  # a week's value set (old_value null) or changed
    ARCHIVED = "archived"
    RESTORED = "restored"
    DROPPED_DOWN = "dropped_down"  # an off-track number raised as a blocker (detail item_id)


class MeetingStatus(StrEnum):
    LIVE = "live"
    ENDED = "ended"


# The states each kind of item can be in; the first one is where a new item starts.
ITEM_STATES: dict[ItemKind, tuple[Status, ...]] = {
    ItemKind.PRIORITY: (Status.ON_TRACK, Status.OFF_TRACK, Status.DONE, Status.DROPPED),
    ItemKind.BLOCKER: (Status.OPEN, Status.RESOLVED, Status.HANDED_OFF, Status.DROPPED),
    ItemKind.DECISION: (Status.DECIDED,),
    ItemKind.COMMITMENT: (Status.OPEN, Status.DONE, Status.ABANDONED),
    ItemKind.HEADLINE: (Status.INFO,),
    ItemKind.NOTE: (Status.INFO,),
    ItemKind.MESSAGE: (Status.PENDING, Status.ACKNOWLEDGED),
}

# States in which an item is still alive and is carried into the next meeting.
OPEN_STATES: dict[ItemKind, tuple[Status, ...]] = {
    ItemKind.PRIORITY: (Status.ON_TRACK, Status.OFF_TRACK),
    ItemKind.BLOCKER: (Status.OPEN,),
    ItemKind.COMMITMENT: (Status.OPEN,),
    ItemKind.MESSAGE: (Status.PENDING,),
}

# The kind of item a quick capture creates in each section kind (act: see capture_kind).
CAPTURE_KIND: dict[SectionKind, ItemKind] = {
    SectionKind.CHECKIN: ItemKind.HEADLINE,
    SectionKind.ACCOUNTABILITY: ItemKind.COMMITMENT,
    SectionKind.PRIORITIES: ItemKind.PRIORITY,
    SectionKind.BLOCKERS: ItemKind.BLOCKER,
    SectionKind.ACT: ItemKind.DECISION,
    SectionKind.DECISIONS: ItemKind.DECISION,
    SectionKind.COMMITMENTS: ItemKind.COMMITMENT,
    SectionKind.CASCADE: ItemKind.MESSAGE,
    SectionKind.CLOSE: ItemKind.NOTE,
    SectionKind.NOTES: ItemKind.NOTE,
}

# Items that can be dropped down to the issues (blockers) list, linked to their source.
DROPS_DOWN = (
    ItemKind.HEADLINE,
    ItemKind.NOTE,
    ItemKind.PRIORITY,
    ItemKind.COMMITMENT,
    ItemKind.MESSAGE,
)
TOP_ISSUES = 3  # the top three are worked first (EOS)

# Sections where `#TEAM` in a captured line names a team to send the item to.
TEAM_SECTIONS = (SectionKind.BLOCKERS, SectionKind.CASCADE)
