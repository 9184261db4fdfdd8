"""A person's commitments across teams and meetings, with their outcomes and rates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from campmeeting.history.refs import COMMITMENT_LIMIT, ItemRef, bounded, item_ref_of, local_date
from campmeeting.insights import PERSON_WINDOW_WEEKS, Rate, person_completion_rate
from campmeeting.records import Person
from campmeeting.store import Store, placeholders


@dataclass(frozen=True)
class ReviewOutcome:
    meeting_id: int
    meeting_date: str
    outcome: str | None  # None: in a live meeting's review set, not reviewed yet


@dataclass(frozen=True)
class PersonCommitment:
    item: ItemRef
    created_date: str  # the date of the meeting it was made in, else its local creation date
    times_rescoped: int
    reviews: list[ReviewOutcome] = field(default_factory=list)


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    commitments: list[PersonCommitment]
    rate: Rate  # over the window (DOMAIN.md: the 13 weeks ending today)
    rate_all: Rate  # every meeting
    window_weeks: int
    end: date


def people_with_commitments(store: Store) -> list[tuple[Person, int]]:
    """Everyone, with how many commitments they own; most first, then by name."""
    rows = store.rows(
        "select p.*, (select count(*) from items i where i.owner_id = p.id "
        "and i.kind = 'commitment') as n from people p order by n desc, p.name collate nocase"
    )
    return [
        (Person.model_validate({k: r[k] for k in ("id", "name", "handle", "created_at")}), r["n"])
        for r in rows
    ]


def person_record(
    store: Store,
    person_id: int,
    end: date,
    weeks: int = PERSON_WINDOW_WEEKS,
    limit: int = COMMITMENT_LIMIT,
) -> PersonRecord:
    """A person's commitments across teams and meetings (newest first), each with its
    review outcomes, and their completion rate over the window and over all meetings."""
    person = store.person(person_id)
    rows = store.rows(
        "select i.id, i.kind, i.status, i.text, i.team_id, t.name as team_name, i.owner_id, "
        "p.handle as owner_handle, p.name as owner_name, i.due_date, i.created_at, "
        "i.created_meeting_id, m.date as made_on "
        "from items i join teams t on t.id = i.team_id left join people p on p.id = i.owner_id "
        "left join meetings m on m.id = i.created_meeting_id "
        "where i.owner_id = ? and i.kind = 'commitment' "
        "order by i.created_at desc, i.id desc limit ?",
        [person_id, bounded(limit, COMMITMENT_LIMIT)],
    )
    ids = [row["id"] for row in rows]
    reviews: dict[int, list[ReviewOutcome]] = {}
    rescoped: dict[int, int] = {}
    if ids:
        marks = placeholders(ids)
        for r in store.rows(
            "select r.item_id, r.meeting_id, r.outcome, m.date from reviews r "
            f"join meetings m on m.id = r.meeting_id where r.item_id in ({marks}) "
            "order by m.date, r.id",
            ids,
        ):
            reviews.setdefault(r["item_id"], []).append(
                ReviewOutcome(r["meeting_id"], r["date"], r["outcome"])
            )
        rescoped = {
            r["item_id"]: r["n"]
            for r in store.rows(
                f"select item_id, count(*) as n from events where item_id in ({marks}) "
                "and type = 'rescoped' group by item_id",
                ids,
            )
        }
    commitments = [
        PersonCommitment(
            item=item_ref_of(row),
            created_date=row["made_on"] or local_date(row["created_at"]).isoformat(),
            times_rescoped=rescoped.get(row["id"], 0),
            reviews=reviews.get(row["id"], []),
        )
        for row in rows
    ]
    return PersonRecord(
        person=person,
        commitments=commitments,
        rate=person_completion_rate(store, person_id, end, weeks),
        rate_all=person_completion_rate(store, person_id, end, weeks=None),
        window_weeks=weeks,
        end=end,
    )
