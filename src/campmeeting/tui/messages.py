"""Messages the screens post; the app answers them (opening screens), so no screen
needs to know how another one is built."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenMinutes(Message):
    """Show a meeting's minutes, at an item when given."""

    meeting_id: int
    item_id: int | None = None


@dataclass
class OpenItem(Message):
    """Show an item's history across meetings and teams."""

    item_id: int


@dataclass
class OpenMeasurable(Message):
    """Show a measurable's history: every week, its value, on or off track, who recorded it."""

    measurable_id: int


@dataclass
class OpenPerson(Message):
    """Show a person's commitments and completion rate (None: pick someone)."""

    person_id: int | None = None


@dataclass
class OpenSearch(Message):
    """Search all teams and meetings."""

    text: str = ""


@dataclass
class CaptureSaved(Message):
    """Items were captured in the live meeting (the list shows them, selected)."""

    item_ids: list[int]


@dataclass
class MeetingEnded(Message):
    """The live meeting ended: show what it produced."""

    meeting_id: int
