"""Reading one meeting into a `Minutes` model: the meeting as it was when it ended.

An item re-scoped, edited or resolved in a later meeting keeps, in these minutes, the
text, due date and status it had then (the state is replayed from the item's events up
to the meeting's end). A live meeting can be built too; it is marked "in progress".
Nothing here reads the clock: every date and time comes from the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from campmeeting import insights
from campmeeting.meeting import meeting_agenda
from campmeeting.meeting.items import open_blocker_order
from campmeeting.meeting.reports import Report, reports_at_review
from campmeeting.meeting.teams import after_meeting, meeting_wall_start, slot_taken
from campmeeting.minutes.schema import (
    Accountability,
    Attendee,
    BlockerCounts,
    BlockerEntry,
    CommitmentEntry,
    DecisionEntry,
    ItemRef,
    MessageReceived,
    MessageSent,
    Minutes,
    OpenItems,
    PersonRef,
    PriorityEntry,
    ReportRef,
    ReviewEntry,
    SectionTime,
    SourceRef,
    TextEntry,
    TimeSummary,
)
from campmeeting.minutes.scorecard import measurable_titles, scorecard_entries
from campmeeting.records import Item, Meeting, Team
from campmeeting.rhythm import describe_cadence
from campmeeting.store import Store, placeholders


@dataclass
class _State:
    """An item as it stood at the end of the meeting."""

    item: Item
    status: str
    text: str
    due_date: str | None
    owner_id: int | None


_STILL_OPEN = ("open", "on_track", "off_track")


def _bound(meeting: Meeting) -> tuple[str, list[Any]]:
    """SQL (over events `e`) that keeps the events up to the end of the meeting."""
    if meeting.ended_at is None:
        return "1", []
    end = meeting.ended_at
    return (
        "(e.meeting_id = ? or e.at < ? or (e.at = ? and (e.meeting_id is null "
        "or e.meeting_id < ?)))",
        [meeting.id, end, end, meeting.id],
    )


def _states(store: Store, meeting: Meeting, items: list[Item]) -> dict[int, _State]:
    """Replay the items' events up to the end of the meeting."""
    if not items:
        return {}
    ids = [i.id for i in items]
    bound, params = _bound(meeting)
    states = {i.id: _State(i, i.status, i.text, i.due_date, i.owner_id) for i in items}
    # each item's last status by the end: its events read newest first (the events_item
    # index, item then id), from the newest to the first one within the bound
    for row in store.rows(
        "select j.value as item_id, (select e.to_status from events e "
        "where e.item_id = j.value and e.to_status is not null and e.type != 'reviewed' "
        f"and {bound} order by e.id desc limit 1) as to_status from json_each(?) j",
        [*params, json.dumps(ids)],  # in the order of the ?s: the bound comes first
    ):
        if row["to_status"] is not None:
            states[row["item_id"]].status = row["to_status"]
    # undo text/due/owner changes made after the meeting, newest first
    for row in store.rows(
        "select e.item_id, e.type, e.detail from events e "
        f"where e.item_id in ({placeholders(ids)}) "
        f"and e.type in ('rescoped', 'edited') and not {bound} order by e.id desc",
        [*ids, *params],
    ):
        state = states[row["item_id"]]
        detail = json.loads(row["detail"] or "{}")
        old, new = detail.get("old") or {}, detail.get("new") or {}
        if "text" in new:
            state.text = old.get("text", state.text)
        if "due_date" in new:
            state.due_date = old.get("due", state.due_date)
        if "owner_id" in new:
            state.owner_id = old.get("owner_id", state.owner_id)
    return states


def _issues(store: Store, meeting: Meeting, ids: list[int]) -> dict[int, ItemRef]:
    """The issue each item was dropped down to, by the end of the meeting (the latest)."""
    if not ids:
        return {}
    bound, params = _bound(meeting)
    dropped: dict[int, int] = {}
    for row in store.rows(
        f"select e.item_id, e.detail from events e where e.item_id in ({placeholders(ids)}) "
        f"and e.type = 'dropped_down' and {bound} order by e.id",
        [*ids, *params],
    ):
        dropped[row["item_id"]] = int(json.loads(row["detail"] or "{}").get("blocker_id", 0))
    issue_ids = sorted(set(dropped.values()))
    if not issue_ids:
        return {}
    texts = {
        r["id"]: r["text"]
        for r in store.rows(
            f"select id, text from items where id in ({placeholders(issue_ids)})", issue_ids
        )
    }
    return {
        item_id: ItemRef(id=issue, text=texts[issue])
        for item_id, issue in dropped.items()
        if issue in texts
    }


def _sources(store: Store, blockers: list[Item]) -> dict[int, SourceRef]:
    """The item each issue was dropped down from."""
    wanted = sorted({b.source_item_id for b in blockers if b.source_item_id})
    if not wanted:
        return {}
    rows = store.rows(
        f"select id, kind, text from items where id in ({placeholders(wanted)})", list(wanted)
    )
    found = {r["id"]: SourceRef(id=r["id"], kind=r["kind"], text=r["text"]) for r in rows}
    return {b.id: found[b.source_item_id] for b in blockers if b.source_item_id in found}


def _ranks(store: Store, meeting: Meeting) -> dict[int, int]:
    """Each blocker's rank in the issues list: as it left the list in this meeting, or
    as the meeting ended (a live meeting: as it stands now)."""
    ranks = {
        row["item_id"]: int(json.loads(row["detail"] or "{}").get("rank", 0))
        for row in store.rows(
            "select item_id, detail from events where meeting_id = ? and type = 'ranked' "
            "order by id",
            [meeting.id],
        )
    }
    if meeting.is_live:
        order = open_blocker_order(store, meeting.team_id)
        ranks.update({item_id: n for n, item_id in enumerate(order, start=1)})
    return ranks


def build_minutes(store: Store, meeting_id: int) -> Minutes:
    """Everything the minutes say about one meeting, read from the store."""
    meeting = store.meeting(meeting_id)
    team = store.team(meeting.team_id)
    meeting_date = date.fromisoformat(meeting.date)
    teams = _TeamNames(store)  # only the teams these minutes name, however many there are

    items = [
        Item.from_row(r)
        for r in store.rows(
            "select * from items where id in (select item_id from events where meeting_id = ? "
            "union select id from items where created_meeting_id = ?) order by id",
            [meeting.id, meeting.id],
        )
    ]
    # blockers a decision or commitment links to, when this meeting did not touch them
    known = {i.id for i in items}
    extra = sorted({i.blocker_id for i in items if i.blocker_id and i.blocker_id not in known})
    if extra:
        items += [
            Item.from_row(r)
            for r in store.rows(f"select * from items where id in ({placeholders(extra)})", extra)
        ]
    states = _states(store, meeting, items)

    events_here: dict[int, list[dict]] = {}
    for row in store.rows("select * from events where meeting_id = ? order by id", [meeting.id]):
        events_here.setdefault(row["item_id"], []).append(row)

    def types_here(item_id: int) -> set[str]:
        return {e["type"] for e in events_here.get(item_id, [])}

    people_ids = {s.owner_id for s in states.values() if s.owner_id}
    if meeting.facilitator_id:
        people_ids.add(meeting.facilitator_id)
    people = {
        r["id"]: PersonRef(name=r["name"], handle=r["handle"])
        for r in store.rows(
            f"select id, name, handle from people where id in ({placeholders(list(people_ids))})",
            list(people_ids),
        )
    }

    def owner(state: _State) -> PersonRef | None:
        return people.get(state.owner_id) if state.owner_id else None

    def blocker_ref(item: Item) -> ItemRef | None:
        if not item.blocker_id or item.blocker_id not in states:
            return None
        return ItemRef(id=item.blocker_id, text=states[item.blocker_id].text)

    headlines: list[TextEntry] = []
    notes: list[TextEntry] = []
    received: list[MessageReceived] = []
    sent: list[MessageSent] = []
    priorities: list[PriorityEntry] = []
    blockers: list[BlockerEntry] = []
    blocker_ids = [i.id for i in items if i.kind == "blocker"]
    issues = _issues(store, meeting, [i.id for i in items if i.kind != "blocker"])
    sources = _sources(store, [i for i in items if i.kind == "blocker"])
    ranks = _ranks(store, meeting)
    lineage = insights.lineage(store, blocker_ids)  # a handed-off blocker keeps its age
    raised = {i: lineage[i].raised_at for i in blocker_ids if i in lineage}
    carried = insights.carried_counts(store, blocker_ids, meeting.id)
    measured = measurable_titles(
        store, [i.source_measurable_id for i in items if i.source_measurable_id]
    )
    decisions: list[DecisionEntry] = []
    commitments: list[CommitmentEntry] = []
    for item in items:
        if item.id not in known:
            continue  # only referenced by a link
        state = states[item.id]
        here = types_here(item.id)
        created_here = item.created_meeting_id == meeting.id
        if item.kind in ("headline", "note") and created_here:
            entry = TextEntry(
                id=item.id, text=state.text, owner=owner(state), issue=issues.get(item.id)
            )
            (headlines if item.kind == "headline" else notes).append(entry)
        elif item.kind == "message":
            if item.team_id == team.id and created_here:
                sent.append(
                    MessageSent(
                        id=item.id,
                        text=state.text,
                        to_team=teams.get(item.target_team_id or 0, "?"),
                        sender=owner(state),
                        status="acknowledged" if state.status == "acknowledged" else "pending",
                        issue=issues.get(item.id),
                    )
                )
            elif item.target_team_id == team.id and here & {"delivered", "acknowledged"}:
                received.append(
                    MessageReceived(
                        id=item.id,
                        text=state.text,
                        from_team=teams.get(item.team_id, "?"),
                        acknowledged=state.status == "acknowledged",
                        issue=issues.get(item.id),
                    )
                )
        elif item.team_id != team.id:
            continue
        elif item.kind == "priority":
            before = next(
                (
                    e["to_status"]
                    for e in events_here.get(item.id, [])
                    if e["type"] in ("carried", "brought")
                ),
                None,
            )
            priorities.append(
                PriorityEntry(
                    id=item.id,
                    text=state.text,
                    owner=owner(state),
                    due_date=state.due_date,
                    reason=closed_reason(state),
                    status=state.status,
                    status_before=before if "carried" in here else None,
                    new="carried" not in here,
                    issue=issues.get(item.id),
                )
            )
        elif item.kind == "blocker":
            handed_to = None
            if state.status == "handed_off":
                handed_to = next(
                    (
                        json.loads(e["detail"] or "{}").get("team")
                        for e in events_here.get(item.id, [])
                        if e["type"] == "handed_off"
                    ),
                    None,
                ) or teams.get(item.target_team_id or 0)
            from_team = None
            if item.origin_item_id:
                origin = store.row("select team_id from items where id = ?", [item.origin_item_id])
                from_team = teams.get(origin["team_id"]) if origin else None
            first = raised.get(item.id, item.created_at)
            blockers.append(
                BlockerEntry(
                    id=item.id,
                    text=state.text,
                    owner=owner(state),
                    status=state.status,
                    new="carried" not in here and from_team is None,  # passed on: not new
                    from_team=from_team,
                    handed_to=handed_to,
                    from_measurable=measured.get(item.source_measurable_id or 0),
                    age_days=insights.age_days(first, meeting_date),
                    age_weeks=insights.blocker_age_weeks(first, meeting_date),
                    raised_at=first,
                    times_carried=carried.get(item.id, 0),
                    created_at=item.created_at,
                    rank=ranks.get(item.id),
                    source=sources.get(item.id),
                )
            )
        elif item.kind == "decision" and created_here:
            decisions.append(
                DecisionEntry(
                    id=item.id,
                    text=state.text,
                    owner=owner(state),
                    decided_at=item.created_at,
                    blocker=blocker_ref(item),
                )
            )
        elif item.kind == "commitment" and created_here:
            commitments.append(
                CommitmentEntry(
                    id=item.id,
                    text=state.text,
                    owner=owner(state),
                    due_date=state.due_date,
                    status=state.status,
                    reason=closed_reason(state),
                    blocker=blocker_ref(item),
                    issue=issues.get(item.id),
                )
            )

    blockers.sort(  # each group in rank order (the issues list)
        key=lambda b: (
            {"resolved": 0, "handed_off": 1, "open": 2}.get(b.status, 3),
            b.rank is None,
            b.rank or 0,
            b.id,
        )
    )
    counts = BlockerCounts(
        new=sum(b.new for b in blockers),
        resolved=sum(b.status == "resolved" for b in blockers),
        carried=sum(b.status == "open" for b in blockers),
        handed_off=sum(b.status == "handed_off" for b in blockers),
        dropped=sum(b.status == "dropped" for b in blockers),
    )

    week, card = scorecard_entries(store, meeting)
    accountability = _accountability(store, meeting, meeting_date, states, events_here, owner)
    timing = insights.time_discipline(store, meeting.id)
    rating = insights.meeting_rating(store, meeting.id)
    nxt = _next_meeting(team, meeting)
    slot = slot_taken(team, nxt) if nxt else None
    return Minutes(
        meeting_id=meeting.id,
        team=team.name,
        team_id=team.id,
        date=meeting.date,
        status="in_progress" if meeting.is_live else "ended",
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        agenda_name=meeting.agenda_name,
        agenda_title=str(meeting_agenda(meeting).get("name") or meeting.agenda_name),
        facilitator=people.get(meeting.facilitator_id) if meeting.facilitator_id else None,
        attendees=[
            Attendee(
                name=r["name"],
                handle=r["handle"],
                present=bool(r["present"]),
                rating=r["rating"],
                reason=r["reason"],
            )
            for r in store.rows(
                "select people.name, people.handle, present, rating, reason from attendance "
                "join people on people.id = person_id where meeting_id = ? "
                "order by people.name collate nocase, people.id",
                [meeting.id],
            )
        ],
        time=TimeSummary(
            planned_seconds=timing.planned_seconds,
            actual_seconds=timing.actual_seconds,
            ratio=timing.ratio,
            sections=[
                SectionTime(
                    position=number,
                    title=s.title,
                    kind=s.kind,
                    planned_seconds=s.planned_seconds,
                    actual_seconds=s.actual_seconds,
                    ratio=s.ratio,
                )
                for number, s in enumerate(timing.sections, start=1)
            ],
        ),
        headlines=headlines,
        messages_received=received,
        accountability=accountability,
        priorities=priorities,
        scorecard_week=week,
        scorecard=card,
        blockers=blockers,
        blocker_counts=counts,
        decisions=decisions,
        commitments=commitments,
        messages_sent=sent,
        notes=notes,
        rating_mean=rating,
        rating_label=insights.rating_label(rating),
        timezone=team.timezone,
        cadence=team.cadence,
        cadence_words=describe_cadence(team.cadence),
        next_meeting_at=nxt.isoformat(timespec="minutes") if nxt else None,
        next_meeting_slot=slot.isoformat(timespec="minutes") if slot else None,
        open_after=_open_after(states, known, team.id),
    )


def closed_reason(state: _State) -> str | None:
    """Why an item was abandoned or dropped (as the meeting's end saw it)."""
    if state.status in ("abandoned", "dropped") and state.item.reason:
        return state.item.reason
    return None


def _accountability(
    store: Store,
    meeting: Meeting,
    meeting_date: date,
    states: dict[int, _State],
    events_here: dict[int, list[dict[str, Any]]],
    owner: Callable[[_State], PersonRef | None],
) -> Accountability:
    bound, params = _bound(meeting)
    reviews = store.rows(
        "select item_id, outcome from reviews where meeting_id = ? order by id", [meeting.id]
    )
    ids = [r["item_id"] for r in reviews]
    issues = _issues(store, meeting, ids)
    rescopes = {
        r["item_id"]: r["n"]
        for r in store.rows(
            "select e.item_id, count(*) as n from events e "
            f"where e.item_id in ({placeholders(ids)}) "
            f"and e.type = 'rescoped' and {bound} group by e.item_id",
            [*ids, *params],
        )
    }
    reports = reports_at_review(store, meeting, ids)
    records = []
    for review in reviews:
        state = states.get(review["item_id"])
        if state is None:  # not touched by the meeting: read it as it is
            item = store.item(review["item_id"])
            state = _State(item, item.status, item.text, item.due_date, item.owner_id)
        text, due = state.text, state.due_date
        rescoped_here = [
            json.loads(e["detail"] or "{}")
            for e in events_here.get(review["item_id"], [])
            if e["type"] == "rescoped"
        ]
        if rescoped_here:
            first = rescoped_here[0].get("old") or {}
            text, due = first.get("text", text), first.get("due", due)
        records.append(
            ReviewEntry(
                id=review["item_id"],
                text=text,
                owner=owner(state),
                due_date=due,
                outcome=review["outcome"],
                overdue=bool(due and due < meeting_date.isoformat()),
                times_rescoped=rescopes.get(review["item_id"], 0),
                reason=closed_reason(state) if review["outcome"] == "abandoned" else None,
                rescoped_text=state.text if state.text != text else None,
                rescoped_due_date=state.due_date if state.due_date != due else None,
                issue=issues.get(review["item_id"]),
                report=_report_ref(reports.get(review["item_id"])),
            )
        )
    rate = insights.completion_rate(store, meeting.id)
    order = {"done": 0, "rescoped": 1, "abandoned": 2, "open": 3, None: 4}
    records.sort(key=lambda r: (order[r.outcome], r.due_date or "", r.id))
    return Accountability(
        records=records,
        done=rate.done,
        total=rate.total,
        pending=insights.review_pending(store, meeting.id),
        completion_rate=rate.value,
        completion_label=rate.summary(),
        target=insights.COMPLETION_TARGET,
    )


def _report_ref(report: Report | None) -> ReportRef | None:
    if report is None:
        return None
    return ReportRef(
        outcome=report.outcome,  # done, rescoped or abandoned
        by=report.by_handle,
        at=report.at.isoformat(timespec="seconds"),
        text=report.text,
        due_date=report.due.isoformat() if report.due else None,
        reason=report.reason,
        label=report.label(),
    )


def _next_meeting(team: Team, meeting: Meeting) -> datetime | None:
    """The meeting after this one: as stored when it ended (or set with N); for a live
    one, as the cadence has it (the same rule LiveMeeting.next_meeting follows)."""
    if meeting.next_meeting_at:
        return datetime.fromisoformat(meeting.next_meeting_at)
    return after_meeting(team, meeting_wall_start(team, meeting.started_at))


def _open_after(states: dict[int, _State], touched: set[int], team_id: int) -> OpenItems:
    """The team's blockers, commitments and priorities open when the meeting ended.

    Everything of the team open when a meeting starts is carried into it, and whatever
    is added while it runs is added to it: so these are the meeting's own items (never
    a walk through the team's history), as they stood at its end."""
    counts = {"blocker": 0, "commitment": 0, "priority": 0}
    for item_id in touched:
        state = states[item_id]
        kind = state.item.kind
        if state.item.team_id == team_id and kind in counts and state.status in _STILL_OPEN:
            counts[kind] += 1
    blockers, commitments, priorities = (counts[k] for k in ("blocker", "commitment", "priority"))
    return OpenItems(
        blockers=blockers,
        commitments=commitments,
        priorities=priorities,
        total=blockers + commitments + priorities,
    )


class _TeamNames:
    """Team names by id, each read once when first asked for (the minutes name a few
    teams; a file may hold hundreds)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.names: dict[int, str | None] = {}

    def get(self, team_id: int, default: str | None = None) -> str | None:
        if team_id not in self.names:
            self.names[team_id] = self.store.scalar(
                "select name from teams where id = ?", [team_id]
            )
        name = self.names[team_id]
        return default if name is None else name
