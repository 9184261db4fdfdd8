"""Reports: an owner's word on a commitment between meetings (DOMAIN.md).

`campmeeting todo @ana done 12` records a `reported` event on the commitment and changes
nothing else: the item keeps its status, text and due date. The report is a proposal:
the next accountability review shows it ("reported done by @ana Mon 09:12") and
confirms it with one key; only the meeting's confirmation is the review outcome.

The event: type `reported`, no meeting, no status change (`to_status` stays null, so
every replay of statuses ignores it), and a detail of
`{"outcome": "done" | "rescoped" | "abandoned", "by": person id, "by_handle": "ana",
"text": new text, "due": "2026-12-04", "reason": why}` (text and due for a re-scope,
only what changes; reason for an abandon, when given).

A report is pending until the commitment is settled: a status change, a re-scope or a
review record made after it (in a meeting, or by anyone). A later report replaces an
earlier one. Which report a meeting's review saw: `reports_at_review`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from campmeeting.capture import ProblemKind, parse_capture
from campmeeting.clock import TimeSource, local_today, parse_stamp, stamp
from campmeeting.meeting.errors import MeetingError
from campmeeting.meeting.teams import upcoming
from campmeeting.model import EventType, ItemKind, ReviewOutcome, Status
from campmeeting.records import Item, Meeting, Person
from campmeeting.store import Store, placeholders
from campmeeting.text import report_label, status_word

# events that settle a commitment, and with it any report made before them
SETTLING = (EventType.STATUS, EventType.RESCOPED, EventType.REVIEWED)
REPORTED_OUTCOMES = (ReviewOutcome.DONE, ReviewOutcome.RESCOPED, ReviewOutcome.ABANDONED)


@dataclass(frozen=True)
class Report:
    """One owner's report on a commitment."""

    event_id: int
    item_id: int
    outcome: ReviewOutcome  # done, rescoped or abandoned
    by_handle: str
    at: datetime  # aware
    text: str | None = None  # a re-scope's new text (None: the text stays)
    due: date | None = None  # a re-scope's new due date (None: it stays)
    reason: str | None = None  # why it is abandoned

    def label(self, today: date | None = None) -> str:
        """'reported done by @ana Mon 09:12' (with `today`: a screen; without: the minutes,
        which always give the date)."""
        local = self.at.astimezone().replace(tzinfo=None)
        return report_label(
            self.outcome,
            self.by_handle,
            local,
            today,
            text=self.text,
            due=self.due,
            reason=self.reason,
        )


def _report(row: dict) -> Report:
    detail = json.loads(row["detail"] or "{}")
    return Report(
        event_id=row["id"],
        item_id=row["item_id"],
        outcome=ReviewOutcome(detail["outcome"]),
        by_handle=str(detail.get("by_handle", "?")),
        at=parse_stamp(row["at"]),
        text=detail.get("text"),
        due=date.fromisoformat(detail["due"]) if detail.get("due") else None,
        reason=detail.get("reason"),
    )


def _reported_ids(store: Store, item_ids: list[int]) -> list[int]:
    """The items among these with any report (index-only: events(item_id, type))."""
    if not item_ids:
        return []
    marks = placeholders(item_ids)
    return [
        r["item_id"]
        for r in store.rows(
            f"select distinct item_id from events where item_id in ({marks}) and type = ?",
            [*item_ids, EventType.REPORTED],
        )
    ]


def _walk(store: Store, item_ids: list[int], meeting: Meeting | None) -> dict[int, Report]:
    """Replay reports and settling events in order. Without a meeting: the reports still
    pending. With one: the report pending when that meeting settled the item (or at its
    end, if it did not), i.e. the one its review saw."""
    ids = _reported_ids(store, item_ids)
    if not ids:
        return {}
    marks = placeholders(ids)
    kinds = [EventType.REPORTED, *SETTLING]
    sql = (
        f"select * from events where item_id in ({marks}) "
        f"and type in ({','.join('?' for _ in kinds)})"
    )
    params: list[object] = [*ids, *kinds]
    if meeting is not None and meeting.ended_at:
        sql += " and (meeting_id = ? or at <= ?)"
        params += [meeting.id, meeting.ended_at]
    found: dict[int, Report] = {}
    frozen: set[int] = set()
    for row in store.rows(sql + " order by id", params):
        item_id = row["item_id"]
        if item_id in frozen:
            continue
        if row["type"] == EventType.REPORTED:
            found[item_id] = _report(row)
        elif meeting is not None and row["meeting_id"] == meeting.id:
            frozen.add(item_id)  # what this meeting saw when it settled the item
        else:
            found.pop(item_id, None)
    return found


def pending_reports(store: Store, item_ids: list[int]) -> dict[int, Report]:
    """The reports still waiting for a meeting to confirm them, by item id."""
    return _walk(store, item_ids, None)


def reports_at_review(store: Store, meeting: Meeting, item_ids: list[int]) -> dict[int, Report]:
    """For the minutes: the report each of these items had when the meeting reviewed it."""
    return _walk(store, item_ids, meeting)


def reported_done(store: Store, item_ids: list[int]) -> set[int]:
    """Items among these with a pending report of done (a starting meeting reviews them
    even when they are not due yet)."""
    return {
        item_id
        for item_id, report in pending_reports(store, item_ids).items()
        if report.outcome == ReviewOutcome.DONE
    }


# --------------------------------------------------------------------------- between meetings


@dataclass(frozen=True)
class Todo:
    """An open commitment as its owner's to-do list shows it."""

    item: Item
    team_name: str
    report: Report | None


def _person(store: Store, handle: str) -> Person:
    person = store.person_by_handle(handle)
    if person is None:
        raise MeetingError(f"no one has the handle @{handle.lstrip('@')}")
    return person


def todo_list(store: Store, handle: str, team_name: str | None = None) -> list[Todo]:
    """A person's open commitments across teams (or in one), soonest due first, each
    with its pending report."""
    person = _person(store, handle)
    sql = (
        "select i.*, t.name as team_name from items i join teams t on t.id = i.team_id "
        "where i.owner_id = ? and i.kind = 'commitment' and i.status = 'open'"
    )
    params: list[object] = [person.id]
    if team_name is not None:
        team = store.team_by_name(team_name)
        if team is None:
            raise MeetingError(f"no team named {team_name!r}")
        sql += " and i.team_id = ?"
        params.append(team.id)
    rows = store.rows(sql + " order by i.due_date is null, i.due_date, i.id", params)
    reports = pending_reports(store, [r["id"] for r in rows])
    return [
        Todo(
            Item.model_validate({k: v for k, v in r.items() if k in Item.model_fields}),
            r["team_name"],
            reports.get(r["id"]),
        )
        for r in rows
    ]


def _commitment_of(store: Store, person: Person, item_id: int) -> Item:
    """The person's open commitment, or one line saying why it cannot be reported on."""
    found = store.row("select * from items where id = ?", [item_id])
    if found is None:
        raise MeetingError(f"no commitment #{item_id}")
    item = Item.from_row(found)
    if item.kind != ItemKind.COMMITMENT:
        raise MeetingError(f"#{item_id} is a {item.kind}, not a commitment")
    if item.owner_id != person.id:
        owner = store.person(item.owner_id).handle if item.owner_id else None
        whose = f"@{owner}'s" if owner else "nobody's"
        raise MeetingError(f"#{item_id} is {whose} commitment, not @{person.handle}'s")
    if item.status != Status.OPEN:
        raise MeetingError(
            f"#{item_id} is {status_word(item.status)} already; only an open commitment "
            "can be reported on"
        )
    return item


def report(
    store: Store,
    source: TimeSource,
    handle: str,
    item_id: int,
    outcome: ReviewOutcome | str,
    *,
    line: str | None = None,
    reason: str | None = None,
) -> Report:
    """Record an owner's report on their open commitment (an event; nothing else changes).

    `outcome` done, abandoned (with an optional `reason`) or rescoped (with `line`: new
    text and/or due:WHEN, read as the capture box reads it). Refused with one line
    (MeetingError) when the commitment is unknown, not theirs or not open, or the line
    cannot be read; then nothing is written."""
    if outcome not in REPORTED_OUTCOMES:
        raise MeetingError(f"a report says done, rescope or abandon, not {outcome!r}")
    outcome = ReviewOutcome(outcome)
    person = _person(store, handle)
    item = _commitment_of(store, person, item_id)
    detail: dict[str, Any] = {"outcome": str(outcome), "by": person.id}
    detail["by_handle"] = person.handle
    if outcome == ReviewOutcome.RESCOPED:
        detail.update(_rescope_detail(store, source, item, line or ""))
    elif line:
        raise MeetingError(f"a report of {outcome} takes no new text; only rescope does")
    if reason and outcome != ReviewOutcome.ABANDONED:
        raise MeetingError("--reason goes with abandon")
    if reason and reason.strip():
        detail["reason"] = reason.strip()
    with store.transaction():
        event_id = store.record_event(item.id, EventType.REPORTED, stamp(source), **detail)
    found = store.row("select * from events where id = ?", [event_id])
    assert found is not None
    return _report(found)


def _rescope_detail(store: Store, source: TimeSource, item: Item, line: str) -> dict[str, str]:
    team = store.team(item.team_id)
    nxt = upcoming(store, team, source)
    parsed = parse_capture(
        line,
        today=local_today(source),
        handles=[p.handle for p in store.members(team.id)],
        next_meeting=nxt.date() if nxt else None,
    )
    problems = [p.message for p in parsed.problems if p.kind != ProblemKind.EMPTY]
    if parsed.owner or parsed.unknown_handles:
        problems.append("a re-scope report takes new text and due:WHEN, not an @owner")
    if problems:
        raise MeetingError("; ".join(problems))
    changes: dict[str, str] = {}
    if parsed.text and parsed.text != item.text:
        changes["text"] = parsed.text
    if parsed.due is not None and parsed.due.isoformat() != item.due_date:
        changes["due"] = parsed.due.isoformat()
    if not changes:
        raise MeetingError(
            f"re-scoping #{item.id} needs new text and/or a new due:WHEN "
            "(e.g. 'Ship to 3 pilots due:fri')"
        )
    return changes
