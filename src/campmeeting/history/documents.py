"""The JSON documents of `campmeeting meetings` and `campmeeting search` (pydantic models:
the output and its JSON Schema, `--schema`, come from one definition)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from campmeeting.history.meetings import MeetingSummary
from campmeeting.history.search import SearchHit

_STRICT = ConfigDict(extra="forbid")


class MeetingEntry(BaseModel):
    """One meeting with its numbers, as the review list shows it."""

    model_config = _STRICT

    meeting_id: int
    team: str
    team_id: int
    date: str = Field(description="The meeting's local date, YYYY-MM-DD")
    status: Literal["live", "ended"]
    started_at: str = Field(description="UTC, ISO 8601")
    planned_minutes: float
    actual_minutes: float
    time_ratio: float | None = Field(description="actual / planned; null without a plan")
    rating: float | None = Field(description="mean rating of those present, 1-10; null: none")
    commitments_done: int
    commitments_reviewed: int
    completion_rate: float | None = Field(description="done / reviewed; null: nothing due")
    decisions: int
    new_commitments: int
    open_blockers: int = Field(description="blockers open when the meeting ended")


class MeetingList(BaseModel):
    """`campmeeting meetings --format json`: meetings newest first."""

    model_config = _STRICT

    team: str | None = Field(description="the team asked for; null: every team")
    limit: int
    meetings: list[MeetingEntry]


class SearchEntry(BaseModel):
    """An item that matched, and the meeting to open it in."""

    model_config = _STRICT

    item_id: int
    kind: str
    status: str
    text: str
    team: str
    team_id: int
    owner: str | None = Field(description="the owner's @handle, without the @")
    due_date: str | None
    created_at: str = Field(description="UTC, ISO 8601")
    meeting_id: int | None = Field(description="null: not in a meeting yet")
    meeting_date: str | None


class SearchResult(BaseModel):
    """`campmeeting search --format json`: matching items, newest first."""

    model_config = _STRICT

    query: str
    team: str | None
    limit: int
    order: Literal["newest first"] = "newest first"
    hits: list[SearchEntry]


def meeting_entry(summary: MeetingSummary) -> MeetingEntry:
    rate = summary.rate
    return MeetingEntry(
        meeting_id=summary.meeting_id,
        team=summary.team_name,
        team_id=summary.team_id,
        date=summary.date,
        status="live" if summary.is_live else "ended",
        started_at=summary.started_at,
        planned_minutes=round(summary.planned_seconds / 60, 2),
        actual_minutes=round(summary.actual_seconds / 60, 2),
        time_ratio=None if summary.time_ratio is None else round(summary.time_ratio, 4),
        rating=None if summary.rating is None else round(summary.rating, 2),
        commitments_done=rate.done,
        commitments_reviewed=rate.total,
        completion_rate=None if rate.value is None else round(rate.value, 4),
        decisions=summary.decisions,
        new_commitments=summary.new_commitments,
        open_blockers=summary.open_blockers,
    )


def search_entry(hit: SearchHit) -> SearchEntry:
    item = hit.item
    return SearchEntry(
        item_id=item.id,
        kind=item.kind,
        status=item.status,
        text=item.text,
        team=item.team_name,
        team_id=item.team_id,
        owner=item.owner_handle,
        due_date=item.due_date,
        created_at=item.created_at,
        meeting_id=hit.meeting_id,
        meeting_date=hit.meeting_date,
    )


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()
