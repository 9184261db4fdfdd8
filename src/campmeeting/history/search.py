"""Full-text search over every team's items (SQLite FTS5), newest first.

Matches come out of the full-text index in rowid order, newest first, and the search
stops at the page it was asked for: a word found in most of a million items costs what
a rare one does, because nothing ranks or sorts the whole set of matches. (Item ids
grow with time, so rowid order is the order things were said in.) With a team, the
newest matches of every team are looked at until the page is full.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from campmeeting.history.refs import SEARCH_LIMIT, SEARCH_MAX, ItemRef, bounded, item_ref_of
from campmeeting.store import Store, placeholders


@dataclass(frozen=True)
class SearchHit:
    """An item that matched, and the meeting to open it in (None: not in a meeting yet)."""

    item: ItemRef
    meeting_id: int | None
    meeting_date: str | None


def fts_query(store: Store, text: str, prefix: bool = True) -> str:
    """A safe FTS5 expression for what the user typed: every word is quoted (no operator,
    column filter or bad quote can reach FTS5); with `prefix`, the last word also matches
    as the start of a longer word, so results follow as one types. '' when no word."""
    quoted = store.db.quote_fts(text.strip())
    if not quoted.strip():
        return ""
    if not prefix or text[-1:].isspace():
        return quoted
    return f"({quoted}) OR ({quoted}*)"


def search(
    store: Store, text: str, limit: int = SEARCH_LIMIT, team_id: int | None = None
) -> list[SearchHit]:
    """Items whose text matches, across all teams and meetings, newest first."""
    expression = fts_query(store, text)
    if not expression:
        return []
    params: dict[str, Any] = {"q": expression, "limit": bounded(limit, SEARCH_MAX)}
    if team_id is None:
        found = (
            "select rowid as id from items_fts where items_fts match :q "
            "order by rowid desc limit :limit"
        )
    else:
        found = (
            "select x.id from (select rowid as id from items_fts where items_fts match :q "
            "order by rowid desc) f join items x on x.id = f.id where x.team_id = :team "
            "order by f.id desc limit :limit"
        )
        params["team"] = team_id
    sql = (
        "select i.id, i.kind, i.status, i.text, i.team_id, t.name as team_name, i.owner_id, "
        "p.handle as owner_handle, p.name as owner_name, i.due_date, i.created_at, "
        "i.created_meeting_id, "
        "coalesce(i.created_meeting_id, "
        "  (select max(e.meeting_id) from events e where e.item_id = i.id)) as open_meeting_id "
        f"from ({found}) page join items i on i.id = page.id "
        "join teams t on t.id = i.team_id left join people p on p.id = i.owner_id "
        "order by i.id desc"
    )
    try:
        rows = store.rows(sql, params)
    except sqlite3.OperationalError:  # an expression FTS5 still refuses: no results
        return []
    dates = _meeting_dates(store, [r["open_meeting_id"] for r in rows if r["open_meeting_id"]])
    return [
        SearchHit(item_ref_of(row), row["open_meeting_id"], dates.get(row["open_meeting_id"]))
        for row in rows
    ]


def _meeting_dates(store: Store, meeting_ids: list[int]) -> dict[int, str]:
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    marks = placeholders(ids)
    return {
        row["id"]: row["date"]
        for row in store.rows(f"select id, date from meetings where id in ({marks})", ids)
    }
