"""Pydantic models and vocabularies shared by every layer (no I/O here)."""

from __future__ import annotations

from enum import StrEnum


class SectionKind(StrEnum):
    CHECKIN = "checkin"
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


# The states each kind of item can be in; the first one is where a new item starts.
ITEM_STATES: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.PRIORITY: ("on_track", "off_track", "done", "dropped"),
    ItemKind.BLOCKER: ("open", "resolved", "handed_off", "dropped"),
    ItemKind.DECISION: ("decided",),
    ItemKind.COMMITMENT: ("open", "done", "abandoned"),
    ItemKind.HEADLINE: ("info",),
    ItemKind.NOTE: ("info",),
    ItemKind.MESSAGE: ("pending", "acknowledged"),
}

# States in which an item is still alive and is carried into the next meeting.
OPEN_STATES: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.PRIORITY: ("on_track", "off_track"),
    ItemKind.BLOCKER: ("open",),
    ItemKind.COMMITMENT: ("open",),
    ItemKind.MESSAGE: ("pending",),
}

# The kind of item a quick capture creates in each section kind.
CAPTURE_KIND: dict[SectionKind, ItemKind | None] = {
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

REVIEW_OUTCOMES = ("done", "rescoped", "abandoned", "open")
