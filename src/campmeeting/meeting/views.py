"""What the live screens show, read from the database: a section's items with their
marks, who is here, the teams on the home screen, and what can be done to an item.

Pure reads over bounded, indexed queries; the screens call these and run no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from campmeeting import insights, rhythm
from campmeeting.meeting.teams import next_meeting_at
from campmeeting.model import ItemKind, ReviewOutcome, SectionKind, Status
from campmeeting.records import Item, Meeting, Person, Team
from campmeeting.store import Store

# --------------------------------------------------------------------------- items


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
    linked: list[Item] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.item.id


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
    meeting_date = date.fromisoformat(meeting.date)
    views = []
    for row in rows:
        item = Item.model_validate({k: v for k, v in row.items() if k in _ITEM_COLUMNS})
        due = date.fromisoformat(item.due_date) if item.due_date else None
        age = insights.age_days(item.created_at, meeting_date)
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
            )
        )
    return views


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


def section_items(store: Store, meeting: Meeting, kind: SectionKind | str) -> list[ItemView]:
    """The items a section of this kind shows in this meeting (bounded, indexed queries)."""
    kind = SectionKind(kind)
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
            "r.id is null, i.due_date, i.id",
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
            "i.status != 'open', i.rank, i.id",
        )
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
        where = "i.kind in ('decision', 'commitment') and i.created_meeting_id = :m"
    else:
        where = "i.kind = 'note' and i.created_meeting_id = :m"
    return _views(store, meeting, where, "i.id")


def linked_items(store: Store, blocker_ids: list[int]) -> dict[int, list[Item]]:
    """The decisions and commitments taken on each blocker, oldest first."""
    marks = ",".join("?" for _ in blocker_ids)
    found: dict[int, list[Item]] = {}
    for row in store.rows(
        f"select * from items where blocker_id in ({marks}) order by id", blocker_ids
    ):
        item = Item.from_row(row)
        found.setdefault(item.blocker_id or 0, []).append(item)
    return found


# --------------------------------------------------------------------------- people


@dataclass
class AttendanceRow:
    person: Person
    present: bool
    rating: int | None


def attendance(store: Store, meeting_id: int) -> list[AttendanceRow]:
    """Everyone expected at the meeting: present or not, and their rating."""
    rows = store.rows(
        "select people.*, present, rating from attendance "
        "join people on people.id = person_id where meeting_id = ? "
        "order by people.name collate nocase",
        [meeting_id],
    )
    return [
        AttendanceRow(
            Person.model_validate({k: r[k] for k in ("id", "name", "handle", "created_at")}),
            bool(r["present"]),
            r["rating"],
        )
        for r in rows
    ]


# --------------------------------------------------------------------------- home


@dataclass(frozen=True)
class TeamRow:
    """A team as the home screen lists it."""

    team: Team
    next_meeting: datetime | None
    open_blockers: int
    open_commitments: int
    live_section: str | None  # the section its live meeting is at; None: not live
    missed: list[date]


def team_rows(store: Store, now: datetime) -> list[TeamRow]:
    """Every team with its next meeting, open work and rhythm (`now`: naive local)."""
    rows = []
    for team in store.teams():
        live = store.live_meeting(team.id)
        section = None
        if live is not None:
            section = store.scalar(
                "select title from section_runs where meeting_id = ? and position = ?",
                [live.id, live.current_position],
            )
        rows.append(
            TeamRow(
                team=team,
                next_meeting=next_meeting_at(team, now),
                open_blockers=store.count_open(team.id, ItemKind.BLOCKER),
                open_commitments=store.count_open(team.id, ItemKind.COMMITMENT),
                live_section=section if live is not None else None,
                missed=missed_meetings(store, team, now),
            )
        )
    return rows


def missed_meetings(store: Store, team: Team, now: datetime) -> list[date]:
    """Cadence dates in the recent past with no meeting held (a meeting counts as missed
    once its grace days are over)."""
    if not team.cadence or not team.cadence_start:
        return []
    held = store.recent_meeting_dates(team.id, limit=30)
    return rhythm.missed_meetings(
        team.cadence,
        datetime.fromisoformat(team.cadence_start),
        held,
        now - rhythm.HELD_TOLERANCE,
    )


# --------------------------------------------------------------------------- actions


class Verb(StrEnum):
    """What can be done to an item from its dialog."""

    STATUS = "status"  # set `status`
    REVIEW = "review"  # accountability outcome `outcome`
    RESCOPE = "rescope"  # new text and/or due date
    CARRY = "carry"  # leave an open blocker open: it carries
    HAND_OFF = "hand_off"
    FOCUS = "focus"  # work this blocker in act
    ACKNOWLEDGE = "acknowledge"
    LINK = "link"  # link a decision to the blocker being worked
    OWNER = "owner"
    EDIT = "edit"


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
        ]
    elif kind == ItemKind.BLOCKER and item.status == Status.OPEN:
        if section == SectionKind.ACT:
            actions.append(A(Verb.FOCUS, "Work this blocker now (captures link to it)"))
        actions += [
            A(Verb.STATUS, "Resolved", status=Status.RESOLVED),
            A(Verb.CARRY, "Carry to next meeting (leave open)"),
            A(Verb.HAND_OFF, "Hand off to another team…"),
            A(Verb.STATUS, "Drop", status=Status.DROPPED),
        ]
    elif kind == ItemKind.BLOCKER:
        actions.append(A(Verb.STATUS, "Reopen", status=Status.OPEN))
    elif kind == ItemKind.COMMITMENT:
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
        return actions
    elif kind == ItemKind.DECISION and focus_id:
        actions.append(A(Verb.LINK, "Link to the blocker being worked"))
    actions.append(A(Verb.EDIT, "Edit text…"))
    return actions
