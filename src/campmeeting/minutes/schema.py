"""The minutes as one pydantic model, the single source every format renders from, and
the JSON Schema of `campmeeting export --format json` (`export --schema` prints it)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from campmeeting.model import Track


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
    reason: str | None = Field(default=None, description="Why, for a rating below 8.")


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


class SourceRef(ItemRef):
    """The item an issue was dropped down from."""

    kind: str = Field(description="headline, note, priority, commitment or message.")


def issue_field() -> Any:
    return Field(
        default=None,
        description="The issue (blocker) it was dropped down to, by the end of this meeting.",
    )


class TextEntry(_Model):
    """A headline or a note."""

    id: int
    text: str
    owner: PersonRef | None = None
    issue: ItemRef | None = issue_field()


class MessageReceived(_Model):
    id: int
    text: str
    from_team: str
    acknowledged: bool = Field(description="Acknowledged in this meeting (or before its end).")
    issue: ItemRef | None = issue_field()


class MessageSent(_Model):
    id: int
    text: str
    to_team: str
    sender: PersonRef | None = Field(default=None, description="Who sent it (@handle).")
    status: Literal["pending", "acknowledged"] = Field(
        description="Whether the receiving team had acknowledged it when this meeting ended."
    )
    issue: ItemRef | None = issue_field()


class PriorityEntry(_Model):
    id: int
    text: str
    owner: PersonRef | None = None
    due_date: str | None = Field(default=None, description="When it is due (ISO), if set.")
    reason: str | None = Field(default=None, description="Why it was dropped, if it was.")
    status: Literal["on_track", "off_track", "done", "dropped"] = Field(
        description="Status when the meeting ended."
    )
    status_before: str | None = Field(
        description="Status when the meeting started; null for a priority new in this meeting."
    )
    new: bool = Field(description="Set in this meeting (or added just before it).")
    issue: ItemRef | None = issue_field()


class ReportRef(_Model):
    """The owner's report on a commitment, made between meetings (`campmeeting todo`):
    the proposal the review saw; the record's outcome is what the meeting confirmed."""

    outcome: Literal["done", "rescoped", "abandoned"] = Field(description="What was reported.")
    by: str = Field(description="Handle of the person who reported it.")
    at: str = Field(description="When it was reported (ISO timestamp).")
    text: str | None = Field(default=None, description="Proposed new text (a re-scope).")
    due_date: str | None = Field(default=None, description="Proposed new due date (ISO).")
    reason: str | None = Field(default=None, description="Why abandon (an abandon).")
    label: str = Field(description="e.g. 'reported done by @ana Mon 23 Nov 2026 09:12'.")


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
    reason: str | None = Field(default=None, description="Why it was abandoned, if it was.")
    rescoped_text: str | None = Field(
        default=None, description="New text when re-scoped in this meeting."
    )
    rescoped_due_date: str | None = Field(
        default=None, description="New due date (ISO) when re-scoped in this meeting."
    )
    issue: ItemRef | None = issue_field()
    report: ReportRef | None = Field(
        default=None, description="The owner's report the review saw, if there was one."
    )


class Accountability(_Model):
    records: list[ReviewEntry]
    done: int
    total: int = Field(description="All records (pending ones count as open).")
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
    from_measurable: str | None = Field(
        default=None, description="Dropped down from this measurable (its title), if it was."
    )
    age_days: int = Field(description="Whole days from its creation to the meeting date.")
    age_weeks: int = Field(description="Whole weeks from its creation to the meeting date.")
    times_carried: int = Field(description="Meetings after the one that raised it that had it.")
    raised_at: str = Field(
        description="When it was first raised, in whichever team (UTC, ISO 8601)."
    )
    created_at: str = Field(description="When it was raised (UTC, ISO 8601).")
    rank: int | None = Field(
        default=None,
        description="Its place in the issues list (1 first): at the end of the meeting, or "
        "when it was resolved, handed off or dropped in it; null when not known.",
    )
    source: SourceRef | None = Field(
        default=None, description="The item it was dropped down from, if it was."
    )


class ScorecardWeek(_Model):
    week: str = Field(description="ISO week, e.g. '2026-W47'.")
    value: float | None = Field(description="null: no value that week (missing).")
    status: Track = Field(description="on_track, off_track or missing.")


class ScorecardEntry(_Model):
    """A measurable of the scorecard, in the meeting's week, as it stood when it ended."""

    id: int
    title: str
    owner: PersonRef | None = None
    unit: str | None = Field(default=None, description="e.g. '$', '%', 'h'.")
    goal: str = Field(description="Normalised: '>= 100000', '<= 5', '= 0' or '90..110'.")
    goal_label: str = Field(description="As read, with the unit: '>= $100,000'.")
    week: str = Field(description="The meeting's ISO week, e.g. '2026-W48'.")
    value: float | None = Field(description="The week's value; null: missing.")
    value_label: str = Field(description="e.g. '$92,000'; '–' when missing.")
    status: Track = Field(description="on_track, off_track or missing.")
    previous: list[ScorecardWeek] = Field(description="Up to 13 weeks before, the nearest first.")
    blocker: ItemRef | None = Field(
        default=None, description="The blocker it was dropped down as in this meeting, if any."
    )


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
    reason: str | None = Field(default=None, description="Why it was abandoned, if it was.")
    blocker: ItemRef | None = Field(description="The blocker it came from, if any.")
    issue: ItemRef | None = issue_field()


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
    scorecard_week: str = Field(default="", description="The meeting's ISO week ('2026-W48').")
    scorecard: list[ScorecardEntry] = Field(
        default_factory=list,
        description="The team's measurables in the meeting's week (empty: no scorecard).",
    )
    blockers: list[BlockerEntry] = Field(description="Every blocker this meeting had.")
    blocker_counts: BlockerCounts
    decisions: list[DecisionEntry]
    commitments: list[CommitmentEntry] = Field(description="New commitments of this meeting.")
    messages_sent: list[MessageSent] = Field(description="Cascaded messages.")
    notes: list[TextEntry]
    rating_mean: float | None = Field(description="Mean rating of attendees present; null if none.")
    rating_label: str
    timezone: str | None = Field(
        default=None,
        description="The IANA zone the team meets in; the minutes' times are on its clock.",
    )
    cadence: str | None = Field(default=None, description="The team's cadence (RRULE).")
    cadence_words: str = Field(default="", description="The cadence in words.")
    next_meeting_at: str | None = Field(
        description="On the team's clock (timezone): date and time, ISO, no offset; null if none."
    )
    next_meeting_slot: str | None = Field(
        default=None,
        description="The cadence's occurrence the next meeting takes the place of (team's "
        "clock, ISO); differs from next_meeting_at when the meeting was moved; null without "
        "a cadence.",
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
            "priorities, the scorecard, blockers, decisions, new commitments, cascaded "
            "messages, ratings "
            "and the next meeting. Texts are stored exactly as typed."
        ),
    }
