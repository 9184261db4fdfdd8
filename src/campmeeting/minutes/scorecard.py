"""The scorecard of a meeting's minutes: the team's measurables in the meeting's ISO week,
each with the 13 weeks before it, read as they stood when the meeting ended (values
recorded or changed later are not in them), and the blockers dropped down in it."""

from __future__ import annotations

import json

from campmeeting import scorecard
from campmeeting.meeting.scorecard import meeting_week
from campmeeting.minutes.schema import ItemRef, PersonRef, ScorecardEntry, ScorecardWeek
from campmeeting.model import MeasurableEventType
from campmeeting.records import Meeting
from campmeeting.store import Store, placeholders


def drop_downs(store: Store, meeting_id: int) -> dict[int, ItemRef]:
    """Measurable id -> the blocker it was dropped down as in this meeting."""
    dropped = {
        row["measurable_id"]: int(json.loads(row["detail"] or "{}").get("item_id") or 0)
        for row in store.rows(
            "select measurable_id, detail from measurable_events "
            "where meeting_id = ? and type = ? order by id",
            [meeting_id, str(MeasurableEventType.DROPPED_DOWN)],
        )
    }
    ids = [item_id for item_id in dropped.values() if item_id]
    if not ids:
        return {}
    marks = placeholders(ids)
    texts = {
        row["id"]: row["text"]
        for row in store.rows(f"select id, text from items where id in ({marks})", ids)
    }
    return {
        measurable_id: ItemRef(id=item_id, text=texts[item_id])
        for measurable_id, item_id in dropped.items()
        if item_id in texts
    }


def measurable_titles(store: Store, ids: list[int]) -> dict[int, str]:
    """Measurable id -> title (for the blockers dropped down from them)."""
    if not ids:
        return {}
    marks = placeholders(ids)
    return {
        row["id"]: row["title"]
        for row in store.rows(f"select id, title from measurables where id in ({marks})", ids)
    }


def scorecard_entries(store: Store, meeting: Meeting) -> tuple[str, list[ScorecardEntry]]:
    """The meeting's week and its scorecard (see the module docstring)."""
    week = meeting_week(meeting)
    card = scorecard.build_scorecard(store, meeting.team_id, week, as_of=meeting.ended_at)
    dropped = drop_downs(store, meeting.id)
    entries = []
    for row in card.rows:
        owner = None
        if row.owner_handle:
            owner = PersonRef(name=row.owner_name or row.owner_handle, handle=row.owner_handle)
        entries.append(
            ScorecardEntry(
                id=row.id,
                title=row.title,
                owner=owner,
                unit=row.measurable.unit,
                goal=row.goal.text,
                goal_label=row.goal_label,
                week=week,
                value=row.current.value,
                value_label=row.current.label,
                status=row.current.track,
                previous=[
                    ScorecardWeek(week=w.week, value=w.value, status=w.track) for w in row.previous
                ],
                blocker=dropped.get(row.id),
            )
        )
    return week, entries
