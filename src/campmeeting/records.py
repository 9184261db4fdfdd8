"""Pydantic models of the database's rows (one class per table)."""

from __future__ import annotations

import json
from typing import Any, Self

from pydantic import BaseModel


class Row(BaseModel):
    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        return cls.model_validate(row)


class Team(Row):
    id: int
    name: str
    cadence: str | None = None
    cadence_start: str | None = None
    agenda: str = "camp"
    created_at: str
    next_meeting_at: str | None = None  # wall-clock time in the team's zone (ISO, minutes)
    timezone: str | None = None  # IANA zone the team meets in; None: this machine's


class Person(Row):
    id: int
    name: str
    handle: str
    created_at: str


class Meeting(Row):
    id: int
    team_id: int
    status: str
    date: str
    started_at: str
    ended_at: str | None = None
    facilitator_id: int | None = None
    agenda_name: str
    agenda_json: str
    current_position: int = 0
    paused: bool = False
    focus_item_id: int | None = None
    next_meeting_at: str | None = None
    heartbeat_at: str | None = None

    @property
    def is_live(self) -> bool:
        return self.status == "live"


class SectionRun(Row):
    id: int
    meeting_id: int
    position: int
    title: str
    kind: str
    prompt: str | None = None
    planned_seconds: float
    actual_seconds: float = 0.0
    started_at: str | None = None
    ended_at: str | None = None


class Item(Row):
    id: int
    team_id: int
    kind: str
    text: str
    status: str
    owner_id: int | None = None
    due_date: str | None = None
    blocker_id: int | None = None
    target_team_id: int | None = None
    origin_item_id: int | None = None
    created_meeting_id: int | None = None
    created_at: str
    updated_at: str
    rank: float | None = None
    reason: str | None = None
    due_next: bool = False  # due at the next meeting: follows it while it moves
    source_item_id: int | None = None  # a blocker dropped down from this item
    source_measurable_id: int | None = None  # dropped down from this measurable


class Measurable(Row):
    """A team's weekly number (the scorecard): its goal as normalised text (`goal`) and as
    an operator with bounds (`goal_op`: >=, <=, = or ..; `goal_low`, `goal_high`)."""

    id: int
    team_id: int
    title: str
    owner_id: int | None = None
    unit: str | None = None
    goal: str
    goal_op: str
    goal_low: float | None = None
    goal_high: float | None = None
    position: int
    archived_at: str | None = None
    created_at: str

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class MeasurableValue(Row):
    """A measurable's value in one ISO week ('2026-W48')."""

    measurable_id: int
    week: str
    value: float
    recorded_at: str
    recorded_by: int | None = None
    meeting_id: int | None = None


class Event(Row):
    id: int
    item_id: int
    meeting_id: int | None = None
    at: str
    type: str
    from_status: str | None = None
    to_status: str | None = None
    detail: str | None = None

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.detail) if self.detail else {}
