"""Looking back: the archive read model (past meetings, search, people, an item's history).

    refs.py      items as lists show them (ItemRef), the bounds every read keeps
    meetings.py  past meetings with their numbers
    search.py    full-text search
    people.py    a person's commitments and completion rates
    timeline.py  an item's history in words

Pure reads for review and the CLI (which open the database read-only): bounded,
indexed queries that never write. No textual here.
"""

from __future__ import annotations

from campmeeting.history.meetings import (
    MeetingSummary,
    meeting_summaries,
    meeting_summary,
    team_meeting_counts,
)
from campmeeting.history.people import (
    PersonCommitment,
    PersonRecord,
    ReviewOutcome,
    people_with_commitments,
    person_record,
)
from campmeeting.history.refs import (
    COMMITMENT_LIMIT,
    EVENT_LIMIT,
    ITEM_LIMIT,
    MEETING_LIMIT,
    SEARCH_LIMIT,
    SEARCH_MAX,
    ItemRef,
    item_ref,
    item_texts,
    local_date,
    meeting_items,
)
from campmeeting.history.search import SearchHit, fts_query, search
from campmeeting.history.timeline import HistoryEvent, ItemHistory, describe_event, item_history

__all__ = [
    "COMMITMENT_LIMIT",
    "EVENT_LIMIT",
    "ITEM_LIMIT",
    "MEETING_LIMIT",
    "SEARCH_LIMIT",
    "SEARCH_MAX",
    "HistoryEvent",
    "ItemHistory",
    "ItemRef",
    "MeetingSummary",
    "PersonCommitment",
    "PersonRecord",
    "ReviewOutcome",
    "SearchHit",
    "describe_event",
    "fts_query",
    "item_history",
    "item_ref",
    "item_texts",
    "local_date",
    "meeting_items",
    "meeting_summaries",
    "meeting_summary",
    "people_with_commitments",
    "person_record",
    "search",
    "team_meeting_counts",
]
