"""What the live screens show, read from the database: a section's items with their
marks, who is here, the teams on the home screen, and what can be done to an item.

Pure reads over bounded, indexed queries; the screens call these and run no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from campmeeting import insights, rhythm
from campmeeting.clock import TimeSource, parse_stamp
from campmeeting.insights.drift import SLIPPING_TIMES
from campmeeting.meeting import items
from campmeeting.meeting.carry_over import nothing_captured
from campmeeting.meeting.reports import Report, pending_reports
from campmeeting.meeting.teams import cadence_of, team_now, to_local, upcoming
from campmeeting.model import (
    DROPS_DOWN,
    TOP_ISSUES,
    ItemKind,
    ReviewOutcome,
    SectionKind,
    Status,
)
from campmeeting.records import Item, Meeting, Person, Team
from campmeeting.store import Store, placeholders
from campmeeting.text import outcome_word

# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class LinkedItem:
    """A decision or commitment taken on a blocker, as the act section lists it."""

    item: Item
    owner_handle: str | None

    @property
    def id(self) -> int:
        return self.item.id

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def text(self) -> str:
        return self.item.text


@dataclass
class ItemView:
    """One item as a screen shows it within a meeting."""

    item: Item
    owner_handle: str | None = None
    owner_name: str | None = None
    carried: bool = False  # raised before this meeting
    brought: bool = False  # added between meetings (`campmeeting add`, a hand-off)
    age_days: int = 0
    age_weeks: int = 0
    times_carried: int = 0
    times_rescoped: int = 0
    overdue: bool = False
    from_team: str | None = None
    to_team: str | None = None
    review: str | None = None  # outcome in this meeting's accountability review
    due_in_review: bool = False  # in this meeting's review set
    linked: list[LinkedItem] = field(default_factory=list)
    raised_on: date | None = None  # first raised (in whichever team), local date
    rank: int | None = None  # an open blocker's place in the issues list (1 first)
    source: SourceRef | None = None  # a blocker dropped down from this item
    issue_id: int | None = None  # the issue (blocker) this item was dropped down to
    issue_text: str | None = None  # ... and its text, which names it on screen
    times_slipped: int = 0  # a commitment: re-scoped, or reviewed still open (the most)
    report: Report | None = None  # the owner's report, waiting for the review to confirm

    @property
    def id(self) -> int:
        return self.item.id

    @property
    def top_issue(self) -> bool:
        """One of the top three open blockers, worked first."""
        return self.rank is not None and self.rank <= TOP_ISSUES

    @property
    def slipped(self) -> bool:
        """A commitment re-scoped twice or reviewed open twice (EOS: a to-do that slips
        twice becomes an issue): the same rule as the slipping-commitment drift signal."""
        return self.times_slipped >= SLIPPING_TIMES


@dataclass(frozen=True)
class SourceRef:
    """The item an issue was dropped down from (or the measurable: kind "measurable")."""

    id: int
    kind: str
    text: str


_VIEW_SELECT = """
select i.*, p.handle as owner_handle, p.name as owner_name,
  exists (select 1 from events e where e.item_id = i.id and e.type = 'brought'
     and e.meeting_id = :m) as brought,
  ft.name as from_team, tt.name as to_team,
  r.outcome as review, r.id as review_id
from items i
left join people p on p.id = i.owner_id
left join items o on o.id = i.origin_item_id
left join teams ft on ft.id = coalesce(o.team_id,
  case when i.kind = 'message' and i.team_id != :t then i.team_id end)
left join teams tt on tt.id = i.target_team_id
left join reviews r on r.item_id = i.id and r.meeting_id = :m
"""

_ITEM_COLUMNS = set(Item.model_fields)


def _views(store: Store, meeting: Meeting, where: str, order: str) -> list[ItemView]:
    rows = store.rows(
        _VIEW_SELECT + " where " + where + " order by " + order,
        {"m": meeting.id, "t": meeting.team_id},
    )
    ids = [row["id"] for row in rows]
    carried = insights.carried_counts(store, ids, meeting.id)
    rescoped = insights.rescope_counts(store, ids)
    commitments = [row["id"] for row in rows if row["kind"] == ItemKind.COMMITMENT]
    open_reviews = insights.open_review_counts(store, commitments)
    sources = source_refs(store, [row["source_item_id"] for row in rows if row["source_item_id"]])
    measured = measurable_refs(
        store, [r["source_measurable_id"] for r in rows if r["source_measurable_id"]]
    )
    issues = dropped_to(store, ids)
    raised = insights.lineage(store, ids)  # a handed-off blocker keeps its age
    reports = pending_reports(
        store, [row["id"] for row in rows if row["kind"] == ItemKind.COMMITMENT]
    )
    meeting_date = date.fromisoformat(meeting.date)
    views = []
    for row in rows:
        item = Item.model_validate({k: v for k, v in row.items() if k in _ITEM_COLUMNS})
        due = date.fromisoformat(item.due_date) if item.due_date else None
        first = raised[item.id].raised_at if item.id in raised else item.created_at
        age = insights.age_days(first, meeting_date)
        views.append(
            ItemView(
                item=item,
                owner_handle=row["owner_handle"],
                owner_name=row["owner_name"],
                carried=item.created_meeting_id != meeting.id,
                brought=bool(row["brought"]),
                age_days=age,
                age_weeks=age // 7,
                times_carried=carried.get(item.id, 0),
                times_rescoped=rescoped.get(item.id, 0),
                overdue=bool(due and due < meeting_date and item.status == Status.OPEN),
                from_team=row["from_team"],
                to_team=row["to_team"],
                review=row["review"],
                due_in_review=row["review_id"] is not None,
                raised_on=parse_stamp(first).astimezone().date(),
                source=sources.get(item.source_item_id or 0)
                or measured.get(item.source_measurable_id or 0),
                issue_id=issues[item.id][0] if item.id in issues else None,
                issue_text=issues[item.id][1] if item.id in issues else None,
                times_slipped=max(rescoped.get(item.id, 0), open_reviews.get(item.id, 0))
                if item.kind == ItemKind.COMMITMENT
                else 0,
                report=reports.get(item.id),
            )
        )
    return views


def source_refs(store: Store, item_ids: list[int]) -> dict[int, SourceRef]:
    """The items issues were dropped down from, by id."""
    if not item_ids:
        return {}
    marks = placeholders(item_ids)
    return {
        row["id"]: SourceRef(row["id"], row["kind"], row["text"])
        for row in store.rows(
            f"select id, kind, text from items where id in ({marks})", list(item_ids)
        )
    }


def measurable_refs(store: Store, measurable_ids: list[int]) -> dict[int, SourceRef]:
    """The measurables issues were dropped down from (shown "from measurable: Revenue")."""
    if not measurable_ids:
        return {}
    marks = placeholders(measurable_ids)
    return {
        row["id"]: SourceRef(row["id"], "measurable", row["title"])
        for row in store.rows(
            f"select id, title from measurables where id in ({marks})", list(measurable_ids)
        )
    }


def dropped_to(store: Store, item_ids: list[int]) -> dict[int, tuple[int, str]]:
    """The latest issue dropped down from each item, as (its id, its text)
    (items_source index)."""
    if not item_ids:
        return {}
    marks = placeholders(item_ids)
    return {
        row["source_item_id"]: (row["issue"], row["text"])
        for row in store.rows(
            f"select source_item_id, max(id) as issue, text from items where source_item_id "
            f"in ({marks}) group by source_item_id",
            list(item_ids),
        )
    }


def _open_or_touched(kind: str, states: tuple[str, ...]) -> str:
    """Items of a kind that are open now, or changed in this meeting: two indexed lookups
    joined by UNION (an OR would scan every item of the kind the team ever had)."""
    marks = ", ".join(f"'{state}'" for state in states)
    return (
        f"i.id in (select id from items where team_id = :t and kind = '{kind}' "
        f"and status in ({marks}) union select item_id from events where meeting_id = :m) "
        # unary +: SQLite reads the ids above by rowid, never the team's items of the kind
        f"and +i.kind = '{kind}' and +i.team_id = :t"
    )


# The issues list's order (items.open_blocker_order): open blockers by their stored
# rank, then as raised, before those closed in this meeting. The place of an open one
# (1, 2, 3 ...) is the rank shown everywhere.
ISSUE_ORDER = "i.status != 'open', i.rank, i.id"


def issue_ranks(store: Store, team_id: int) -> dict[int, int]:
    """Each open blocker of the team -> its place in the issues list (1 first)."""
    order = items.open_blocker_order(store, team_id)
    return {item_id: rank for rank, item_id in enumerate(order, start=1)}


def issue_rank(store: Store, team_id: int, blocker_id: int) -> int | None:
    """An open blocker's place in its team's issues list; None when it is not open."""
    return issue_ranks(store, team_id).get(blocker_id)


def section_items(store: Store, meeting: Meeting, kind: SectionKind | str) -> list[ItemView]:
    """The items a section of this kind shows in this meeting (bounded, indexed queries)."""
    kind = SectionKind(kind)
    if kind == SectionKind.SCORECARD:  # measurables, not items (LiveMeeting.scorecard)
        return []
    if kind == SectionKind.CHECKIN:
        return _views(
            store,
            meeting,
            "i.id in (select id from items where created_meeting_id = :m and kind = 'headline' "
            "union select id from items where target_team_id = :t and kind = 'message' "
            "and status = 'pending' union select e.item_id from events e "
            "join items x on x.id = e.item_id where e.meeting_id = :m and x.kind = 'message' "
            "and x.target_team_id = :t)",
            "i.kind desc, i.id",
        )
    if kind == SectionKind.ACCOUNTABILITY:
        return _views(
            store,
            meeting,
            "i.id in (select id from items where team_id = :t and kind = 'commitment' "
            "and status = 'open' union select item_id from reviews where meeting_id = :m)",
            "r.id is null, r.id, i.due_date, i.id",  # the review keeps its order
        )
    if kind == SectionKind.PRIORITIES:
        return _views(
            store, meeting, _open_or_touched("priority", ("on_track", "off_track")), "i.id"
        )
    if kind in (SectionKind.BLOCKERS, SectionKind.ACT):
        views = _views(
            store,
            meeting,
            _open_or_touched("blocker", ("open",)),
            ISSUE_ORDER,
        )
        open_views = [v for v in views if v.item.status == Status.OPEN]
        for rank, view in enumerate(open_views, start=1):  # the issues list: 1, 2, 3 ...
            view.rank = rank
        if kind == SectionKind.ACT and views:
            linked = linked_items(store, [v.id for v in views])
            for view in views:
                view.linked = linked.get(view.id, [])
        return views
    if kind == SectionKind.DECISIONS:
        where = "i.kind = 'decision' and i.created_meeting_id = :m"
    elif kind == SectionKind.COMMITMENTS:
        where = "i.kind = 'commitment' and i.created_meeting_id = :m"
    elif kind == SectionKind.CASCADE:
        where = "i.kind = 'message' and i.team_id = :t and i.created_meeting_id = :m"
    elif kind == SectionKind.CLOSE:
        # the recap: what this meeting decided, committed, sent and noted (a line typed
        # here, a note or a #TEAM message, shows at once with the rest)
        where = (
            "i.kind in ('decision', 'commitment', 'message', 'note') "
            "and i.created_meeting_id = :m and +i.team_id = :t"
        )
    else:
        where = "i.kind = 'note' and i.created_meeting_id = :m"
    return _views(store, meeting, where, "i.id")


def linked_items(store: Store, blocker_ids: list[int]) -> dict[int, list[LinkedItem]]:
    """The decisions and commitments taken on each blocker, oldest first."""
    marks = placeholders(blocker_ids)
    found: dict[int, list[LinkedItem]] = {}
    for row in store.rows(
        f"select i.*, p.handle as owner_handle from items i left join people p "
        f"on p.id = i.owner_id where i.blocker_id in ({marks}) order by i.id",
        blocker_ids,
    ):
        item = Item.model_validate({k: v for k, v in row.items() if k in _ITEM_COLUMNS})
        found.setdefault(item.blocker_id or 0, []).append(LinkedItem(item, row["owner_handle"]))
    return found


# --------------------------------------------------------------------------- people


@dataclass
class AttendanceRow:
    person: Person
    present: bool
    rating: int | None
    reason: str | None = None  # why, for a rating below 8 (optional)


def attendance(store: Store, meeting_id: int) -> list[AttendanceRow]:
    """Everyone expected at the meeting: present or not, and their rating."""
    rows = store.rows(
        "select people.*, present, rating, reason from attendance "
        "join people on people.id = person_id where meeting_id = ? "
        "order by people.name collate nocase",
        [meeting_id],
    )
    return [
        AttendanceRow(
            Person.model_validate({k: r[k] for k in ("id", "name", "handle", "created_at")}),
            bool(r["present"]),
            r["rating"],
            r["reason"],
        )
        for r in rows
    ]


# --------------------------------------------------------------------------- home


STALE_AFTER = timedelta(days=1)  # a live meeting untouched this long was left by mistake


@dataclass(frozen=True)
class LiveState:
    """A team's live meeting as home shows it."""

    meeting: Meeting
    section: str  # the section it is at
    last_activity: datetime  # this machine's clock
    stale: bool  # untouched for a day: resume it, or end it as of its last activity
    discardable: bool  # nothing captured in it yet


@dataclass(frozen=True)
class TeamRow:
    """A team as the home screen lists it."""

    team: Team
    next_meeting: datetime | None  # this machine's clock
    cadence: str  # in words
    open_blockers: int
    open_commitments: int
    live: LiveState | None
    missed: list[date]
    due: bool  # the next meeting's time has come and it is not held yet


def team_rows(store: Store, source: TimeSource) -> list[TeamRow]:
    """Every team with its next meeting, open work, rhythm and live meeting."""
    rows = []
    for team in store.teams():
        nxt = upcoming(store, team, source)
        live = live_state(store, source, team)
        rows.append(
            TeamRow(
                team=team,
                next_meeting=to_local(team, nxt) if nxt else None,
                cadence=rhythm.describe_cadence(team.cadence),
                open_blockers=store.count_open(team.id, ItemKind.BLOCKER),
                open_commitments=store.count_open(team.id, ItemKind.COMMITMENT),
                live=live,
                missed=missed_meetings(store, team, team_now(team, source)),
                due=live is None and nxt is not None and nxt <= team_now(team, source),
            )
        )
    return rows


def live_state(store: Store, source: TimeSource, team: Team) -> LiveState | None:
    live = store.live_meeting(team.id)
    if live is None:
        return None
    section = store.scalar(
        "select title from section_runs where meeting_id = ? and position = ?",
        [live.id, live.current_position],
    )
    last = parse_stamp(live.heartbeat_at or live.started_at)
    return LiveState(
        meeting=live,
        section=str(section or ""),
        last_activity=last.astimezone().replace(tzinfo=None),
        stale=source.now() - last > STALE_AFTER,
        discardable=nothing_captured(store, live.id),
    )


def missed_meetings(store: Store, team: Team, now: datetime) -> list[date]:
    """Cadence dates in the recent past with no meeting held (a meeting counts as missed
    once its grace days are over); `now` on the team's clock."""
    cadence = cadence_of(team)
    if cadence is None:
        return []
    held = store.recent_meeting_dates(team.id, limit=30)
    return rhythm.missed_meetings(
        cadence.rule, cadence.anchor, held, now - rhythm.HELD_TOLERANCE, cadence.since
    )


# --------------------------------------------------------------------------- actions


class Verb(StrEnum):
    """What can be done to an item from its dialog."""

    STATUS = "status"  # set `status`
    ACCEPT_REPORT = "accept_report"  # the owner's report becomes the review outcome
    REVIEW = "review"  # accountability outcome `outcome`
    RESCOPE = "rescope"  # new text and/or due date
    CARRY = "carry"  # leave an open blocker open: it carries
    HAND_OFF = "hand_off"
    FOCUS = "focus"  # work this blocker in act
    ACKNOWLEDGE = "acknowledge"
    LINK = "link"  # link a decision to the blocker being worked
    OWNER = "owner"
    EDIT = "edit"
    DROP_DOWN = "drop_down"  # raise an issue (blocker) from it, linked


@dataclass(frozen=True)
class ItemAction:
    """One choice in an item's dialog, typed: the screen dispatches on `verb`."""

    verb: Verb
    label: str
    status: Status | None = None
    outcome: ReviewOutcome | None = None


def item_actions(
    view: ItemView, section: SectionKind, team_id: int, focus_id: int | None
) -> list[ItemAction]:
    """The choices an item offers in a section of its team's live meeting."""
    item = view.item
    kind = ItemKind(item.kind)
    A = ItemAction
    actions: list[ItemAction] = []
    if kind == ItemKind.PRIORITY:
        actions += [
            A(Verb.STATUS, "On track", status=Status.ON_TRACK),
            A(Verb.STATUS, "Off track (and raise a blocker)", status=Status.OFF_TRACK),
            A(Verb.STATUS, "Done", status=Status.DONE),
            A(Verb.STATUS, "Dropped", status=Status.DROPPED),
            A(Verb.OWNER, "Change owner…"),
        ]
    elif kind == ItemKind.BLOCKER and item.status == Status.OPEN:
        working = section == SectionKind.ACT and focus_id == item.id
        if section == SectionKind.ACT and not working:
            actions.append(A(Verb.FOCUS, "Work this blocker now (captures link to it)"))
        actions += [
            A(Verb.STATUS, "Resolved", status=Status.RESOLVED),
            A(Verb.CARRY, "Carry to next meeting (leave open)"),
            A(Verb.HAND_OFF, "Hand off to another team…"),
            A(Verb.STATUS, "Drop", status=Status.DROPPED),
            A(Verb.OWNER, "Change owner…"),
        ]
        if working:
            actions.append(A(Verb.FOCUS, "Stop working it (a line then adds a new issue)"))
    elif kind == ItemKind.BLOCKER:
        actions.append(A(Verb.STATUS, "Reopen", status=Status.OPEN))
    elif kind == ItemKind.COMMITMENT:
        if view.report is not None and item.status == Status.OPEN:
            report = view.report
            word = outcome_word(report.outcome)
            actions.append(A(Verb.ACCEPT_REPORT, f"Accept @{report.by_handle}'s report: {word}"))
        if view.due_in_review or section == SectionKind.ACCOUNTABILITY:
            actions += [
                A(Verb.REVIEW, "Done", outcome=ReviewOutcome.DONE),
                A(
                    Verb.REVIEW,
                    "Re-scope (new text and/or due date)…",
                    outcome=ReviewOutcome.RESCOPED,
                ),
                A(Verb.REVIEW, "Abandon (consciously)…", outcome=ReviewOutcome.ABANDONED),
                A(Verb.REVIEW, "Still open", outcome=ReviewOutcome.OPEN),
            ]
        else:
            actions += [
                A(Verb.STATUS, "Done", status=Status.DONE),
                A(Verb.RESCOPE, "Re-scope…"),
                A(Verb.STATUS, "Abandon", status=Status.ABANDONED),
            ]
        actions.append(A(Verb.OWNER, "Change owner…"))
    elif kind == ItemKind.MESSAGE and item.target_team_id == team_id:
        if item.status == Status.PENDING:
            actions.append(A(Verb.ACKNOWLEDGE, "Acknowledge (read to the team)"))
        actions.append(A(Verb.DROP_DOWN, "Drop down to the issues list (i)…"))
        return actions
    elif kind == ItemKind.DECISION and focus_id:
        actions.append(A(Verb.LINK, "Link to the blocker being worked"))
    if kind in DROPS_DOWN:
        actions.append(A(Verb.DROP_DOWN, "Drop down to the issues list (i)…"))
    actions.append(A(Verb.EDIT, "Edit text…"))
    return actions
