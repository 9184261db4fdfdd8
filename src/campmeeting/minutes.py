"""The minutes of a meeting: Markdown, JSON, HTML and ICS (pure functions of stored data).

`build_minutes` reads one meeting from the store into a `Minutes` model, the single
source every format renders from. Nothing here reads the clock: every date and time
comes from the database, so exporting a meeting twice gives the same bytes.

Minutes show the meeting as it was when it ended: an item re-scoped, edited or resolved
in a later meeting keeps, in these minutes, the text, due date and status it had then
(the state is replayed from the item's events up to the meeting's end). A live meeting
can be exported too; its minutes are marked "in progress".

User text (item text, names, team names, even agenda titles) is always shown literally:
- Markdown: CommonMark specials are backslash-escaped and a leading block marker
  (`#`, `>`, `-`, `+`, `1.`, indentation) is neutralised, so no string can become a
  heading, a list, a link, emphasis or raw HTML;
- HTML: every string goes through `html.escape`, and the page's Content-Security-Policy
  forbids scripts anyway;
- control characters become visible symbols (a newline shows as "␊", a bell as "␇").
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from campmeeting import insights
from campmeeting.clock import parse_stamp
from campmeeting.meeting import meeting_agenda, next_meeting_at
from campmeeting.records import Item, Meeting
from campmeeting.store import Store
from campmeeting.text import visible

FORMATS = ("md", "json", "html", "ics")
SCHEMA_VERSION = 1

# --------------------------------------------------------------------------- the model


class _Model(BaseModel):
    # the published schema says additionalProperties: false
    model_config = ConfigDict(extra="forbid")


class PersonRef(_Model):
    """A person as the minutes name them."""

    name: str = Field(description="Display name.")
    handle: str = Field(description="Short handle, written @handle.")


class Attendee(PersonRef):
    present: bool = Field(description="False when marked absent.")
    rating: int | None = Field(
        default=None, description="The attendee's rating of the meeting, 1-10; null if none."
    )


class SectionTime(_Model):
    position: int = Field(description="1 for the first section of the agenda.")
    title: str
    kind: str = Field(description="The section kind (checkin, accountability, ...).")
    planned_seconds: float
    actual_seconds: float
    ratio: float | None = Field(description="actual / planned; null when nothing was planned.")


class TimeSummary(_Model):
    """Time discipline: planned vs actual, per section and in total."""

    planned_seconds: float
    actual_seconds: float
    ratio: float | None = Field(description="Total actual / total planned.")
    sections: list[SectionTime]


class ItemRef(_Model):
    id: int
    text: str


class TextEntry(_Model):
    """A headline or a note."""

    id: int
    text: str
    owner: PersonRef | None = None


class MessageReceived(_Model):
    id: int
    text: str
    from_team: str
    acknowledged: bool = Field(description="Acknowledged in this meeting (or before its end).")


class MessageSent(_Model):
    id: int
    text: str
    to_team: str
    status: Literal["pending", "acknowledged"] = Field(
        description="Whether the receiving team had acknowledged it when this meeting ended."
    )


class PriorityEntry(_Model):
    id: int
    text: str
    owner: PersonRef | None = None
    status: Literal["on_track", "off_track", "done", "dropped"] = Field(
        description="Status when the meeting ended."
    )
    status_before: str | None = Field(
        description="Status when the meeting started; null for a priority new in this meeting."
    )
    new: bool = Field(description="Set in this meeting (or added just before it).")


class ReviewEntry(_Model):
    """One record of the accountability review: a commitment due by the meeting date."""

    id: int
    text: str = Field(description="The commitment as it stood when it was reviewed.")
    owner: PersonRef | None = None
    due_date: str | None = Field(description="Due date (ISO) when it was reviewed.")
    outcome: Literal["done", "rescoped", "abandoned", "open"] | None = Field(
        description="null: not reviewed yet (the meeting is still in progress)."
    )
    overdue: bool = Field(description="Due before the meeting date.")
    times_rescoped: int = Field(description="Re-scopes up to the end of this meeting.")
    rescoped_text: str | None = Field(
        default=None, description="New text when re-scoped in this meeting."
    )
    rescoped_due_date: str | None = Field(
        default=None, description="New due date (ISO) when re-scoped in this meeting."
    )


class Accountability(_Model):
    records: list[ReviewEntry]
    done: int
    total: int = Field(description="Records with an outcome.")
    pending: int = Field(description="Records not reviewed yet (live meetings only).")
    completion_rate: float | None = Field(
        description="done / total; null (shown n/a) when nothing was due."
    )
    completion_label: str = Field(description="e.g. '2 of 3 done (67%, target 90%)'.")
    target: float = Field(description="The EOS target for the completion rate.")


class BlockerEntry(_Model):
    id: int
    text: str
    owner: PersonRef | None = None
    status: Literal["open", "resolved", "handed_off", "dropped"] = Field(
        description="Status when the meeting ended; open means carried to the next meeting."
    )
    new: bool = Field(description="Raised in this meeting or added/handed in just before it.")
    from_team: str | None = Field(default=None, description="Handed to this team by that team.")
    handed_to: str | None = Field(default=None, description="The team it was handed off to.")
    age_weeks: int = Field(description="Whole weeks from its creation to the meeting date.")
    times_carried: int = Field(description="Meetings after the one that raised it that had it.")
    created_at: str = Field(description="When it was raised (UTC, ISO 8601).")


class BlockerCounts(_Model):
    new: int
    resolved: int
    carried: int = Field(description="Still open at the end: carried to the next meeting.")
    handed_off: int
    dropped: int


class DecisionEntry(_Model):
    id: int
    text: str
    owner: PersonRef | None = None
    decided_at: str = Field(description="UTC, ISO 8601.")
    blocker: ItemRef | None = Field(description="The blocker it came from, if any.")


class CommitmentEntry(_Model):
    id: int
    text: str
    owner: PersonRef | None = None
    due_date: str | None = Field(description="ISO date.")
    status: Literal["open", "done", "abandoned"] = Field(description="When the meeting ended.")
    blocker: ItemRef | None = Field(description="The blocker it came from, if any.")


class OpenItems(_Model):
    """What the team carries into its next meeting."""

    blockers: int
    commitments: int
    priorities: int
    total: int


class Minutes(_Model):
    """The minutes of one campmeeting meeting."""

    schema_version: Literal[1] = Field(default=1, description="Bumped on incompatible changes.")
    meeting_id: int
    team: str
    team_id: int
    date: str = Field(description="The meeting's local date (ISO).")
    status: Literal["ended", "in_progress"]
    started_at: str = Field(description="UTC, ISO 8601.")
    ended_at: str | None = Field(description="UTC, ISO 8601; null while in progress.")
    agenda_name: str
    agenda_title: str
    facilitator: PersonRef | None
    attendees: list[Attendee]
    time: TimeSummary
    headlines: list[TextEntry]
    messages_received: list[MessageReceived]
    accountability: Accountability
    priorities: list[PriorityEntry]
    blockers: list[BlockerEntry] = Field(description="Every blocker this meeting had.")
    blocker_counts: BlockerCounts
    decisions: list[DecisionEntry]
    commitments: list[CommitmentEntry] = Field(description="New commitments of this meeting.")
    messages_sent: list[MessageSent] = Field(description="Cascaded messages.")
    notes: list[TextEntry]
    rating_mean: float | None = Field(description="Mean rating of attendees present; null if none.")
    rating_label: str
    next_meeting_at: str | None = Field(
        description="Local wall-clock date and time (ISO, no offset); null if none."
    )
    open_after: OpenItems


def minutes_json_schema() -> dict[str, Any]:
    """The JSON Schema of `campmeeting export --format json` (draft 2020-12)."""
    schema = Minutes.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "campmeeting minutes",
        "description": (
            "The minutes of one campmeeting meeting, as written by `campmeeting export "
            "--format json`: who was there, time per section, the accountability review, "
            "priorities, blockers, decisions, new commitments, cascaded messages, ratings "
            "and the next meeting. Texts are stored exactly as typed."
        ),
    }


# --------------------------------------------------------------------------- building


@dataclass
class _State:
    """An item as it stood at the end of the meeting."""

    item: Item
    status: str
    text: str
    due_date: str | None
    owner_id: int | None


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


def _marks(values: list[Any]) -> str:
    return ",".join("?" for _ in values)


def _states(store: Store, meeting: Meeting, items: list[Item]) -> dict[int, _State]:
    """Replay the items' events up to the end of the meeting."""
    if not items:
        return {}
    ids = [i.id for i in items]
    bound, params = _bound(meeting)
    states = {i.id: _State(i, i.status, i.text, i.due_date, i.owner_id) for i in items}
    for row in store.rows(
        f"select e.item_id, e.to_status from events e where e.item_id in ({_marks(ids)}) "
        f"and e.to_status is not null and e.type != 'reviewed' and {bound} order by e.id",
        [*ids, *params],
    ):
        states[row["item_id"]].status = row["to_status"]
    # undo text/due/owner changes made after the meeting, newest first
    for row in store.rows(
        f"select e.item_id, e.type, e.detail from events e where e.item_id in ({_marks(ids)}) "
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


def build_minutes(store: Store, meeting_id: int) -> Minutes:
    """Everything the minutes say about one meeting, read from the store."""
    meeting = store.meeting(meeting_id)
    team = store.team(meeting.team_id)
    meeting_date = date.fromisoformat(meeting.date)
    teams = {t.id: t.name for t in store.teams()}

    items = [
        Item.from_row(r)
        for r in store.rows(
            "select * from items where id in (select item_id from events where meeting_id = ?) "
            "or created_meeting_id = ? order by id",
            [meeting.id, meeting.id],
        )
    ]
    # blockers a decision or commitment links to, when this meeting did not touch them
    known = {i.id for i in items}
    extra = sorted({i.blocker_id for i in items if i.blocker_id and i.blocker_id not in known})
    if extra:
        items += [
            Item.from_row(r)
            for r in store.rows(f"select * from items where id in ({_marks(extra)})", extra)
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
            f"select id, name, handle from people where id in ({_marks(list(people_ids))})",
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
    decisions: list[DecisionEntry] = []
    commitments: list[CommitmentEntry] = []
    for item in items:
        if item.id not in known:
            continue  # only referenced by a link
        state = states[item.id]
        here = types_here(item.id)
        created_here = item.created_meeting_id == meeting.id
        if item.kind in ("headline", "note") and created_here:
            entry = TextEntry(id=item.id, text=state.text, owner=owner(state))
            (headlines if item.kind == "headline" else notes).append(entry)
        elif item.kind == "message":
            if item.team_id == team.id and created_here:
                sent.append(
                    MessageSent(
                        id=item.id,
                        text=state.text,
                        to_team=teams.get(item.target_team_id or 0, "?"),
                        status="acknowledged" if state.status == "acknowledged" else "pending",
                    )
                )
            elif item.target_team_id == team.id and here & {"delivered", "acknowledged"}:
                received.append(
                    MessageReceived(
                        id=item.id,
                        text=state.text,
                        from_team=teams.get(item.team_id, "?"),
                        acknowledged=state.status == "acknowledged",
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
                    status=state.status,  # type: ignore[arg-type]
                    status_before=before if "carried" in here else None,
                    new="carried" not in here,
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
            blockers.append(
                BlockerEntry(
                    id=item.id,
                    text=state.text,
                    owner=owner(state),
                    status=state.status,  # type: ignore[arg-type]
                    new="carried" not in here,
                    from_team=from_team,
                    handed_to=handed_to,
                    age_weeks=insights.blocker_age_weeks(item.created_at, meeting_date),
                    times_carried=insights.times_carried(store, item.id, meeting.id),
                    created_at=item.created_at,
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
                    status=state.status,  # type: ignore[arg-type]
                    blocker=blocker_ref(item),
                )
            )

    blockers.sort(
        key=lambda b: ({"resolved": 0, "handed_off": 1, "open": 2}.get(b.status, 3), b.id)
    )
    counts = BlockerCounts(
        new=sum(b.new for b in blockers),
        resolved=sum(b.status == "resolved" for b in blockers),
        carried=sum(b.status == "open" for b in blockers),
        handed_off=sum(b.status == "handed_off" for b in blockers),
        dropped=sum(b.status == "dropped" for b in blockers),
    )

    accountability = _accountability(store, meeting, meeting_date, states, events_here, owner)
    timing = insights.time_discipline(store, meeting.id)
    rating = insights.meeting_rating(store, meeting.id)
    nxt = _next_meeting(store, meeting)
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
                name=r["name"], handle=r["handle"], present=bool(r["present"]), rating=r["rating"]
            )
            for r in store.rows(
                "select people.name, people.handle, present, rating from attendance "
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
        blockers=blockers,
        blocker_counts=counts,
        decisions=decisions,
        commitments=commitments,
        messages_sent=sent,
        notes=notes,
        rating_mean=rating,
        rating_label=insights.rating_label(rating),
        next_meeting_at=nxt.isoformat(timespec="minutes") if nxt else None,
        open_after=_open_after(store, meeting),
    )


def _accountability(store, meeting, meeting_date, states, events_here, owner) -> Accountability:
    bound, params = _bound(meeting)
    reviews = store.rows(
        "select item_id, outcome from reviews where meeting_id = ? order by id", [meeting.id]
    )
    ids = [r["item_id"] for r in reviews]
    rescopes = {
        r["item_id"]: r["n"]
        for r in store.rows(
            f"select e.item_id, count(*) as n from events e where e.item_id in ({_marks(ids)}) "
            f"and e.type = 'rescoped' and {bound} group by e.item_id",
            [*ids, *params],
        )
    }
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
                rescoped_text=state.text if state.text != text else None,
                rescoped_due_date=state.due_date if state.due_date != due else None,
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


def _next_meeting(store: Store, meeting: Meeting) -> datetime | None:
    if meeting.next_meeting_at:
        return datetime.fromisoformat(meeting.next_meeting_at)
    started = parse_stamp(meeting.started_at).astimezone().replace(tzinfo=None)
    return next_meeting_at(store, store.team(meeting.team_id), started)


def _open_after(store: Store, meeting: Meeting) -> OpenItems:
    bound, params = _bound(meeting)
    counts = {
        r["kind"]: r["n"]
        for r in store.rows(
            "select i.kind, count(*) as n from items i where i.team_id = ? "
            "and i.kind in ('blocker', 'commitment', 'priority') and ("
            "select e.to_status from events e where e.item_id = i.id and e.to_status is not null "
            f"and e.type != 'reviewed' and {bound} order by e.id desc limit 1"
            ") in ('open', 'on_track', 'off_track') group by i.kind",
            [meeting.team_id, *params],
        )
    }
    blockers = counts.get("blocker", 0)
    commitments = counts.get("commitment", 0)
    priorities = counts.get("priority", 0)
    return OpenItems(
        blockers=blockers,
        commitments=commitments,
        priorities=priorities,
        total=blockers + commitments + priorities,
    )


# --------------------------------------------------------------------------- text helpers

_MD_SPECIALS = set("\\`*_[]<>!&~|#")
_MD_LIST_NUMBER = re.compile(r"(\d{1,9})([.)])")


def md_escape(text: str, start: bool = True, end: bool = True) -> str:
    """User text as CommonMark that renders as exactly that text (control characters
    made visible): no markup in it is ever interpreted. `start`: the text may begin a
    line or a list item, so a leading block marker or blank is neutralised; `end`: the
    text may end a line, so a trailing blank is kept as an entity."""
    text = visible(text)
    out = "".join("\\" + c if c in _MD_SPECIALS else c for c in text)
    if start:
        if out[:1] in ("-", "+", "="):
            out = "\\" + out
        else:
            number = _MD_LIST_NUMBER.match(out)
            if number:
                out = f"{number.group(1)}\\{number.group(2)}{out[number.end() :]}"
        # leading blanks would be indentation (code) or be dropped: keep them as an entity
        if out[:1] in (" ", "\t"):
            out = f"&#{ord(out[0])};{out[1:]}"
    if end and out[-1:] in (" ", "\t"):
        out = f"{out[:-1]}&#{ord(out[-1])};"
    return out


def html_escape(text: str) -> str:
    return html.escape(visible(text), quote=True)


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _local_time(stamp_text: str) -> str:
    return parse_stamp(stamp_text).astimezone().strftime("%H:%M")


def _person(person: PersonRef) -> str:
    return (
        f"@{person.handle}" if person.name == person.handle else f"{person.name} (@{person.handle})"
    )


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def _dur(seconds: float, signed: bool = False) -> str:
    """m:ss, or h:mm:ss from an hour; with signed a leading + or -."""
    total = round(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return (("-" if seconds < 0 else "+") if signed else "") + body


def _signed(seconds: float) -> str:
    return "on time" if abs(seconds) < 1 else _dur(seconds, signed=True)


_STATUS_WORDS = {
    "on_track": "On track",
    "off_track": "Off track",
    "done": "Done",
    "dropped": "Dropped",
    "rescoped": "Re-scoped",
    "abandoned": "Abandoned",
    "open": "Still open",
    None: "Not reviewed yet",
}


def _due(iso: str | None) -> str:
    if not iso:
        return "no due date"
    day = date.fromisoformat(iso)
    return f"due {_DAYS[day.weekday()][:3]} {day.isoformat()}"


# --------------------------------------------------------------------------- document
# The minutes as a small document tree (headings, paragraphs, lists, a table) of
# inline parts, rendered to Markdown or HTML; every str part is escaped by the writer.


@dataclass(frozen=True)
class B:
    """Strong text (our own words only)."""

    text: str


@dataclass(frozen=True)
class I:  # noqa: E742 - emphasis, like <i>
    """Emphasised text (our own words only)."""

    text: str


Inline = list[str | B | I]


@dataclass
class Heading:
    level: int
    parts: Inline


@dataclass
class Para:
    parts: Inline
    css: str = ""


@dataclass
class Bullets:
    items: list[Inline]
    css: str = ""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()


Block = Heading | Para | Bullets | Table


def _owner_part(owner: PersonRef | None) -> str:
    return f" @{owner.handle}" if owner else ""


def _document(m: Minutes) -> list[Block]:
    day = date.fromisoformat(m.date)
    doc: list[Block] = [Heading(1, [f"{m.team} camp meeting, {long_date(day)}"])]
    if m.status == "in_progress":
        doc.append(
            Para(
                [I("In progress: exported while the meeting was running; not final.")],
                "in-progress",
            )
        )
    present = [a for a in m.attendees if a.present]
    absent = [a for a in m.attendees if not a.present]
    when = f"{m.date}, {_local_time(m.started_at)}"
    when += f" to {_local_time(m.ended_at)}" if m.ended_at else " (in progress)"
    acc = m.accountability
    summary: list[Inline] = [
        [B("Team:"), " ", m.team],
        [B("Date:"), " ", when],
        [B("Agenda:"), " ", m.agenda_title],
        [B("Facilitator:"), " ", _person(m.facilitator) if m.facilitator else "not recorded"],
        [B("Present:"), " ", ", ".join(_person(a) for a in present) or "nobody recorded"],
        [B("Absent:"), " ", ", ".join(_person(a) for a in absent) or "nobody"],
        [B("Accountability:"), " ", acc.completion_label],
        [B("Meeting rating:"), " ", m.rating_label],
        [B("Time:"), " ", _time_summary(m.time)],
        [B("Next meeting:"), " ", _next_label(m)],
    ]
    doc.append(Bullets(summary, "summary"))

    doc.append(Heading(2, ["Time per section"]))
    doc.append(
        Table(
            ["Section", "Planned", "Actual", "Over (+) / under (-)"],
            [
                [
                    s.title,
                    _dur(s.planned_seconds),
                    _dur(s.actual_seconds),
                    _signed(s.actual_seconds - s.planned_seconds),
                ]
                for s in m.time.sections
            ]
            + [
                [
                    "Total",
                    _dur(m.time.planned_seconds),
                    _dur(m.time.actual_seconds),
                    _signed(m.time.actual_seconds - m.time.planned_seconds),
                ]
            ],
            numeric=(1, 2, 3),
        )
    )

    if m.headlines or m.messages_received:
        doc.append(Heading(2, ["Check-in"]))
        if m.headlines:
            doc.append(Bullets([[h.text, _owner_part(h.owner)] for h in m.headlines]))
        if m.messages_received:
            doc.append(Para([B("Messages from other teams")]))
            doc.append(
                Bullets(
                    [
                        [
                            B(f"From {msg.from_team}:"),
                            " ",
                            msg.text,
                            I(" (acknowledged)" if msg.acknowledged else " (not acknowledged)"),
                        ]
                        for msg in m.messages_received
                    ]
                )
            )

    doc.append(Heading(2, ["Accountability review"]))
    doc.append(
        Para([acc.completion_label + (f"; {acc.pending} not reviewed yet" if acc.pending else "")])
    )
    if acc.records:
        lines: list[Inline] = []
        for r in acc.records:
            line: Inline = [B(_STATUS_WORDS[r.outcome] + ":"), " ", r.text]
            line.append(f" ({_owner_part(r.owner).strip() or 'no owner'}, {_due(r.due_date)}")
            line.append(", overdue)" if r.overdue and r.outcome != "done" else ")")
            if r.rescoped_text is not None or r.rescoped_due_date is not None:
                line += ["; now: ", r.rescoped_text if r.rescoped_text is not None else r.text]
                line.append(f" ({_due(r.rescoped_due_date or r.due_date)})")
            if r.times_rescoped > (r.outcome == "rescoped"):
                line.append(I(f" (re-scoped {_plural(r.times_rescoped, 'time')} in all)"))
            lines.append(line)
        doc.append(Bullets(lines))
    else:
        doc.append(Para(["No commitments were due."]))

    doc.append(Heading(2, ["Priorities"]))
    if m.priorities:
        lines = []
        for p in m.priorities:
            line = [B(_STATUS_WORDS[p.status] + ":"), " ", p.text, _owner_part(p.owner)]
            if p.new:
                line.append(I(" (new)"))
            elif p.status_before and p.status_before != p.status:
                line.append(I(f" (was {_STATUS_WORDS[p.status_before].lower()})"))
            lines.append(line)
        doc.append(Bullets(lines))
    else:
        doc.append(Para(["No priorities."]))

    doc.append(Heading(2, ["Blockers"]))
    c = m.blocker_counts
    doc.append(
        Para(
            [
                f"{c.new} new, {c.resolved} resolved, {c.carried} carried to the next meeting, "
                f"{c.handed_off} handed off, {c.dropped} dropped."
            ]
        )
    )
    live = m.status == "in_progress"
    groups = [
        ("resolved", "Resolved"),
        ("handed_off", "Handed off"),
        ("open", "Still open" if live else "Still open, carried to the next meeting"),
        ("dropped", "Dropped"),
    ]
    for status, title in groups:
        chosen = [b for b in m.blockers if b.status == status]
        if not chosen:
            continue
        doc.append(Heading(3, [title]))
        lines = []
        for b in chosen:
            line = [b.text, _owner_part(b.owner)]
            if b.handed_to:
                line += [B(" to "), b.handed_to]
            notes_: list[str] = []
            if b.new:
                notes_.append("new")
            if b.from_team:
                notes_.append(f"from {b.from_team}")
            if not b.new or b.age_weeks:
                notes_.append(f"age {_plural(b.age_weeks, 'week')}")
            if b.times_carried:
                notes_.append(f"carried {_plural(b.times_carried, 'time')}")
            if notes_:
                line.append(I(f" ({', '.join(notes_)})"))
            lines.append(line)
        doc.append(Bullets(lines))

    doc.append(Heading(2, ["Decisions"]))
    if m.decisions:
        lines = []
        for d in m.decisions:
            line = [d.text, _owner_part(d.owner)]
            if d.blocker:
                line += [" (from the blocker: ", d.blocker.text, ")"]
            lines.append(line)
        doc.append(Bullets(lines))
    else:
        doc.append(Para(["No decisions."]))

    doc.append(Heading(2, ["New commitments"]))
    if m.commitments:
        lines = []
        for k in m.commitments:
            who = _owner_part(k.owner).strip() or "no owner"
            line = [k.text, B(f" ({who}, {_due(k.due_date)})")]
            if k.status != "open":
                line.append(I(f" ({k.status})"))
            if k.blocker:
                line += [" (from the blocker: ", k.blocker.text, ")"]
            lines.append(line)
        doc.append(Bullets(lines))
    else:
        doc.append(Para(["No new commitments."]))

    doc.append(Heading(2, ["Cascaded messages"]))
    if m.messages_sent:
        doc.append(
            Bullets(
                [
                    [B(f"To {msg.to_team}:"), " ", msg.text]
                    + ([I(" (acknowledged)")] if msg.status == "acknowledged" else [])
                    for msg in m.messages_sent
                ]
            )
        )
    else:
        doc.append(Para(["No messages for other teams."]))

    if m.notes:
        doc.append(Heading(2, ["Notes"]))
        doc.append(Bullets([[n.text, _owner_part(n.owner)] for n in m.notes]))

    doc.append(Heading(2, ["Ratings"]))
    rated = [a for a in m.attendees if a.present and a.rating is not None]
    unrated = [a for a in m.attendees if a.present and a.rating is None]
    lines = [[_person(a), f": {a.rating}/10"] for a in rated]
    lines += [[_person(a), ": no rating"] for a in unrated]
    if lines:
        doc.append(Bullets(lines))
    doc.append(Para([B("Mean:"), f" {m.rating_label}"]))

    doc.append(Heading(2, ["Next meeting"]))
    o = m.open_after
    doc.append(
        Para(
            [
                _next_label(m)
                + ". Open items carried: "
                + f"{_plural(o.blockers, 'blocker')}, {_plural(o.commitments, 'commitment')}, "
                + f"{_plural(o.priorities, 'priority', 'priorities')}."
            ]
        )
    )
    doc.append(Para([I(f"Minutes of meeting {m.meeting_id}, written by campmeeting.")], "footer"))
    return doc


def _time_summary(t: TimeSummary) -> str:
    text = f"{_dur(t.actual_seconds)} of {_dur(t.planned_seconds)} planned"
    return text + (f" ({t.ratio:.0%})" if t.ratio is not None else "")


def _next_label(m: Minutes) -> str:
    if not m.next_meeting_at:
        return "not scheduled"
    at = datetime.fromisoformat(m.next_meeting_at)
    return f"{long_date(at.date())}, {at:%H:%M}"


# --------------------------------------------------------------------------- Markdown


def _md_inline(parts: Inline) -> str:
    parts = [p for p in parts if (p.text if isinstance(p, B | I) else p)]
    out = []
    for index, part in enumerate(parts):
        if isinstance(part, B):
            out.append(_md_wrap("**", part.text))
        elif isinstance(part, I):
            out.append(_md_wrap("*", part.text))
        else:
            out.append(md_escape(part, start=index == 0, end=index == len(parts) - 1))
    return "".join(out)


def _md_wrap(mark: str, text: str) -> str:
    """Emphasis of our own words; blanks stay outside the marks (CommonMark flanking)."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{md_escape(core)}{mark}{tail}"


def to_markdown(m: Minutes) -> str:
    out: list[str] = []
    for block in _document(m):
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + _md_inline(block.parts))
        elif isinstance(block, Para):
            out.append(_md_inline(block.parts))
        elif isinstance(block, Bullets):
            out.append("\n".join("- " + _md_inline(item) for item in block.items))
        else:  # a table as a list: plain CommonMark has no tables
            out.append(
                "\n".join(
                    f"- {_md_inline([B(row[0] + ':')])} "
                    + md_escape(f"{row[2]} of {row[1]} planned ({row[3]})")
                    for row in block.rows
                )
            )
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111; background: #fff; margin: 0; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 1px solid #bbb; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
p, li, td, th { overflow-wrap: anywhere; }
ul { padding-left: 1.3rem; margin: .3rem 0; }
ul.summary { list-style: none; padding: 0; }
.in-progress { border: 2px solid #b00; padding: .4rem .6rem; color: #b00; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #ddd; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr:last-child td { font-weight: 600; border-top: 1px solid #999; }
footer { margin-top: 2rem; color: #555; font-size: .85rem; }
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2, h3 { break-after: avoid; }
  li, tr { break-inside: avoid; }
}
""".strip()


def _html_inline(parts: Inline) -> str:
    out = []
    for part in parts:
        if isinstance(part, B | I):
            tag = "strong" if isinstance(part, B) else "em"
            core = part.text.strip()
            lead = part.text[: len(part.text) - len(part.text.lstrip())]
            tail = part.text[len(part.text.rstrip()) :]
            out.append(f"{lead}<{tag}>{html_escape(core)}</{tag}>{tail}")
        else:
            out.append(html_escape(part))
    return "".join(out)


_NUM = ' class="n"'


def to_html(m: Minutes) -> str:
    doc = _document(m)
    title = html_escape(f"{m.team} camp meeting, {m.date}")
    body: list[str] = []
    for block in doc:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{_html_inline(block.parts)}</h{block.level}>")
        elif isinstance(block, Para):
            if block.css == "footer":
                body.append(f"<footer>{_html_inline(block.parts)}</footer>")
            elif block.css:
                body.append(f'<p class="{block.css}">{_html_inline(block.parts)}</p>')
            else:
                body.append(f"<p>{_html_inline(block.parts)}</p>")
        elif isinstance(block, Bullets):
            css = f' class="{block.css}"' if block.css else ""
            items = "\n".join(f"<li>{_html_inline(item)}</li>" for item in block.items)
            body.append(f"<ul{css}>\n{items}\n</ul>")
        else:
            head = "".join(
                f"<th{_NUM if i in block.numeric else ''}>{html_escape(h)}</th>"
                for i, h in enumerate(block.header)
            )
            rows = "\n".join(
                "<tr>"
                + "".join(
                    f"<td{_NUM if i in block.numeric else ''}>{html_escape(cell)}</td>"
                    for i, cell in enumerate(row)
                )
                + "</tr>"
                for row in block.rows
            )
            body.append(
                f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
            )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="campmeeting">\n'
        f"<title>{title}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- ICS


def local_zone_name() -> str | None:
    """The IANA name of the machine's time zone (TZ, else /etc/localtime), if known."""
    from zoneinfo import ZoneInfo

    candidates = []
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env:
        candidates.append(tz_env)
    else:
        try:
            target = str(Path("/etc/localtime").resolve())
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if not name or name.startswith("/") or ".." in name:
            continue
        try:
            ZoneInfo(name)
        except Exception:  # an unknown or odd name: no TZID
            continue
        return name
    return None


def to_ics(store: Store, m: Minutes) -> str:
    """A calendar with one VEVENT: the team's next meeting."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    from campmeeting.rhythm import to_utc

    if not m.next_meeting_at:
        raise ValueError(
            f"meeting {m.meeting_id} of {m.team} has no next meeting: the team has no cadence "
            "and none was set"
        )
    local = datetime.fromisoformat(m.next_meeting_at)
    zone_name = local_zone_name()
    if zone_name:
        start: datetime = local.replace(tzinfo=ZoneInfo(zone_name))
    else:
        start = to_utc(local)
    duration = timedelta(seconds=m.time.planned_seconds or 3600)
    o = m.open_after
    description = "\n".join(
        visible(line)
        for line in (
            f"Open items: {o.total} ({_plural(o.blockers, 'blocker')}, "
            f"{_plural(o.commitments, 'commitment')}, "
            f"{_plural(o.priorities, 'priority', 'priorities')}).",
            f"Agenda: {m.agenda_title}.",
            f"Previous meeting: {m.date} (meeting {m.meeting_id}).",
        )
    )
    calendar = Calendar()
    calendar.add("prodid", "-//campmeeting//minutes//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", f"{local:%Y%m%d}-{_slug(m.team)}-t{m.team_id}@campmeeting")
    stamp_at = m.ended_at or m.started_at
    event.add("dtstamp", parse_stamp(stamp_at))
    event.add("dtstart", start)
    event.add("dtend", start + duration)
    event.add("summary", visible(f"{m.team} camp meeting"))
    event.add("description", description)
    calendar.add_component(event)
    if zone_name:
        calendar.add_missing_timezones(
            first_date=date(local.year - 1, 1, 1), last_date=date(local.year + 1, 12, 31)
        )
    return calendar.to_ical().decode("utf-8")


# --------------------------------------------------------------------------- API


def render(store: Store, meeting_id: int, fmt: str) -> str:
    """The minutes of a meeting in one format: md, json, html or ics."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    minutes = build_minutes(store, meeting_id)
    if fmt == "md":
        return to_markdown(minutes)
    if fmt == "json":
        return minutes.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        return to_html(minutes)
    return to_ics(store, minutes)


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40].strip("-")
    return slug or "team"


def minutes_filename(store: Store, meeting: Meeting | int, fmt: str) -> str:
    """A stable file name of safe characters: `2026-11-24-leadership-m12.md`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if isinstance(meeting, int):
        meeting = store.meeting(meeting)
    team = store.team(meeting.team_id)
    day = re.sub(r"[^0-9-]", "", meeting.date) or "undated"
    return f"{day}-{_slug(team.name)}-m{meeting.id}.{fmt}"
