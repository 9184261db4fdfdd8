"""The minutes as a small document tree (headings, paragraphs, lists, a table) of inline
parts, written once here and rendered by markdown.py and html.py. Every str part is user
text or our words, escaped by the writer; B and I mark our own words as strong or
emphasised. Labels come from campmeeting.text, as on the screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from campmeeting.clock import parse_stamp
from campmeeting.minutes.schema import ItemRef, MessageSent, Minutes, PersonRef, TimeSummary
from campmeeting.rhythm import wall_time
from campmeeting.scorecard import format_value
from campmeeting.text import (
    age_label,
    due_label,
    duration,
    durations,
    long_date,
    outcome_word,
    plural,
    short_date,
    status_word,
)


def _local_time(stamp_text: str, zone: str | None) -> str:
    """A stamp's time on the team's clock (the minutes read the same wherever exported)."""
    return f"{wall_time(parse_stamp(stamp_text), zone):%H:%M}"


def _person(person: PersonRef) -> str:
    return (
        f"@{person.handle}" if person.name == person.handle else f"{person.name} (@{person.handle})"
    )


def _signed(seconds: float) -> str:
    return "on time" if abs(seconds) < 1 else duration(seconds, signed=True)


def _word(status_or_outcome: str | None) -> str:
    """'On track', 'Re-scoped', 'Still open', 'To review': a line's leading word."""
    if status_or_outcome in (None, "rescoped", "open"):
        word = outcome_word(status_or_outcome)
    else:
        word = status_word(status_or_outcome)
    return word[:1].upper() + word[1:]


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
    css: str = ""  # "scorecard": a table of rows (Markdown: a pipe table), no total row


Block = Heading | Para | Bullets | Table


def _message_line(msg: MessageSent) -> Inline:
    line: Inline = [B(f"To {msg.to_team}:"), " ", msg.text, _owner_part(msg.sender)]
    if msg.status == "acknowledged":
        line.append(I(" (acknowledged)"))
    return line + _issue_part(msg.issue)


def _reason_part(reason: str | None) -> Inline:
    return ["; why: ", reason] if reason else []


def _owner_part(owner: PersonRef | None) -> str:
    return f" @{owner.handle}" if owner else ""


def _issue_part(issue: ItemRef | None) -> Inline:
    """'→ issue: Discount policy' after an item dropped down to the issues list (named by
    its text: '#' numbers the issues list's ranks)."""
    return [I(" → issue:"), " ", issue.text] if issue else []


def _worked_issues(m: Minutes) -> list[Block]:
    """Each issue worked in the meeting, in rank order, with its decisions and
    commitments (EOS: IDS)."""
    taken: dict[int, list[Inline]] = {}
    for d in m.decisions:
        if d.blocker:
            taken.setdefault(d.blocker.id, []).append([B("Decision:"), " ", d.text])
    for k in m.commitments:
        if k.blocker:
            who = _owner_part(k.owner).strip() or "no owner"
            line: Inline = [B("Commitment:"), " ", k.text, f" ({who}, {due_label(k.due_date)})"]
            taken.setdefault(k.blocker.id, []).append(line)
    worked = [b for b in m.blockers if b.id in taken]
    if not worked:
        return []
    worked.sort(key=lambda b: (b.rank is None, b.rank or 0, b.id))
    blocks: list[Block] = [Heading(3, ["Issues worked, in rank order"])]
    for b in worked:
        rank = f"#{b.rank} " if b.rank else ""
        blocks.append(Para([B(rank), b.text, I(f" ({status_word(b.status)})")]))
        blocks.append(Bullets(taken[b.id]))
    return blocks


def document(m: Minutes) -> list[Block]:
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
    when = f"{m.date}, {_local_time(m.started_at, m.timezone)}"
    when += f" to {_local_time(m.ended_at, m.timezone)}" if m.ended_at else " (in progress)"
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
                    duration(s.planned_seconds),
                    duration(s.actual_seconds),
                    _signed(s.actual_seconds - s.planned_seconds),
                ]
                for s in m.time.sections
            ]
            + [
                [
                    "Total",
                    *durations(m.time.planned_seconds, m.time.actual_seconds),
                    _signed(m.time.actual_seconds - m.time.planned_seconds),
                ]
            ],
            numeric=(1, 2, 3),
        )
    )

    if m.headlines or m.messages_received:
        doc.append(Heading(2, ["Check-in"]))
        if m.headlines:
            doc.append(
                Bullets(
                    [[h.text, _owner_part(h.owner), *_issue_part(h.issue)] for h in m.headlines]
                )
            )
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
                            *_issue_part(msg.issue),
                        ]
                        for msg in m.messages_received
                    ]
                )
            )

    if m.scorecard:
        doc += _scorecard(m)

    doc.append(Heading(2, ["Accountability review"]))
    doc.append(
        Para([acc.completion_label + (f"; {acc.pending} not reviewed yet" if acc.pending else "")])
    )
    if acc.records:
        lines: list[Inline] = []
        for r in acc.records:
            line: Inline = [B(_word(r.outcome) + ":"), " ", r.text]
            line.append(f" ({_owner_part(r.owner).strip() or 'no owner'}, {due_label(r.due_date)}")
            line.append(", overdue)" if r.overdue and r.outcome != "done" else ")")
            if r.rescoped_text is not None or r.rescoped_due_date is not None:
                line += ["; now: ", r.rescoped_text if r.rescoped_text is not None else r.text]
                line.append(f" ({due_label(r.rescoped_due_date or r.due_date)})")
            if r.times_rescoped > (r.outcome == "rescoped"):
                line.append(I(f" (re-scoped {plural(r.times_rescoped, 'time')} in all)"))
            line += _reason_part(r.reason)
            line += _issue_part(r.issue)
            if r.report is not None:  # what the owner said before the review
                line.append(I(f" ({r.report.label})"))
            lines.append(line)
        doc.append(Bullets(lines))
    else:
        doc.append(Para(["No commitments were due."]))

    doc.append(Heading(2, ["Priorities"]))
    if m.priorities:
        lines = []
        for p in m.priorities:
            line = [B(_word(p.status) + ":"), " ", p.text, _owner_part(p.owner)]
            if p.due_date:
                line.append(f" ({due_label(p.due_date)})")
            line += _reason_part(p.reason)
            if p.new:
                line.append(I(" (new)"))
            elif p.status_before and p.status_before != p.status:
                line.append(I(f" (was {_word(p.status_before).lower()})"))
            line += _issue_part(p.issue)
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
            line = [B(f"#{b.rank} ")] if b.rank and status == "open" else []
            line += [b.text, _owner_part(b.owner)]
            if b.handed_to:
                line += [B(" to "), b.handed_to]
            notes_: list[str] = []
            if b.new:
                notes_.append("new")
            if b.from_team:
                raised = wall_time(parse_stamp(b.raised_at), m.timezone).date()
                notes_.append(f"from {b.from_team}, raised {short_date(raised)}")
            if not b.new or b.age_days:
                notes_.append(f"{age_label(b.age_days)} old")
            if b.times_carried:
                notes_.append(f"carried {plural(b.times_carried, 'time')}")
            if notes_:
                line.append(I(f" ({', '.join(notes_)})"))
            if b.source:
                line += [I(f" (from {b.source.kind}: "), b.source.text, I(")")]
            if b.from_measurable is not None:  # named as a dropped-down item's source is
                line += [I(" (from measurable: "), b.from_measurable, I(")")]
            lines.append(line)
        doc.append(Bullets(lines))
    doc.extend(_worked_issues(m))

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
            line = [k.text, B(f" ({who}, {due_label(k.due_date)})")]
            if k.status != "open":
                line.append(I(f" ({k.status})"))
            line += _reason_part(k.reason)
            if k.blocker:
                line += [" (from the blocker: ", k.blocker.text, ")"]
            line += _issue_part(k.issue)
            lines.append(line)
        doc.append(Bullets(lines))
    else:
        doc.append(Para(["No new commitments."]))

    doc.append(Heading(2, ["Cascaded messages"]))
    if m.messages_sent:
        doc.append(Bullets([_message_line(msg) for msg in m.messages_sent]))
    else:
        doc.append(Para(["No messages for other teams."]))

    if m.notes:
        doc.append(Heading(2, ["Notes"]))
        doc.append(
            Bullets([[n.text, _owner_part(n.owner), *_issue_part(n.issue)] for n in m.notes])
        )

    doc.append(Heading(2, ["Ratings"]))
    rated = [a for a in m.attendees if a.present and a.rating is not None]
    unrated = [a for a in m.attendees if a.present and a.rating is None]
    lines = [
        [_person(a), f": {a.rating}/10", *(["; why: ", a.reason] if a.reason else [])]
        for a in rated
    ]
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
                + f"{plural(o.blockers, 'blocker')}, {plural(o.commitments, 'commitment')}, "
                + f"{plural(o.priorities, 'priority', 'priorities')}."
            ]
        )
    )
    doc.append(Para([I(f"Minutes of meeting {m.meeting_id}, written by campmeeting.")], "footer"))
    return doc


SCORECARD_PREVIOUS = 4  # weeks before the meeting's in the minutes' table (JSON: 13)
OFF_MARK = "✗"


def _week_cell(label: str, status: str) -> str:
    return f"{OFF_MARK} {label}" if status == "off_track" else label


def _scorecard(m: Minutes) -> list[Block]:
    """The week's scorecard: each measurable, its goal, the week's value, on or off
    track (✗, not colour alone), and the weeks before it."""
    entries = m.scorecard
    week = m.scorecard_week.split("-", 1)[-1]
    off = sum(e.status == "off_track" for e in entries)
    missing = sum(e.status == "missing" for e in entries)
    previous = [w.week for w in entries[0].previous[:SCORECARD_PREVIOUS]] if entries else []
    rows = []
    for e in entries:
        shown = {w.week: w for w in e.previous}
        rows.append(
            [
                e.title,
                _owner_part(e.owner).strip(),
                e.goal_label,
                _week_cell(e.value_label, e.status),
                status_word(e.status) if e.status != "missing" else "missing",
                *[
                    _week_cell(format_value(shown[w].value, e.unit), shown[w].status)
                    if w in shown
                    else "–"
                    for w in previous
                ],
            ]
        )
    blocks: list[Block] = [
        Heading(2, ["Scorecard"]),
        Para(
            [
                f"{m.scorecard_week}: {plural(len(entries), 'measurable')}, {off} off track "
                f"({OFF_MARK}), {missing} missing."
            ]
        ),
        Table(
            [
                "Measurable",
                "Owner",
                "Goal",
                week,
                "Status",
                *[w.split("-", 1)[-1] for w in previous],
            ],
            rows,
            numeric=(3, *range(5, 5 + len(previous))),
            css="scorecard",
        ),
    ]
    dropped = [e for e in entries if e.blocker is not None]
    if dropped:
        blocks.append(
            Bullets(
                [
                    [
                        B(f"{e.title}:"),
                        " dropped down to the issues list: ",
                        e.blocker.text,
                    ]
                    for e in dropped
                    if e.blocker is not None
                ]
            )
        )
    return blocks


def _time_summary(t: TimeSummary) -> str:
    actual, planned = durations(t.actual_seconds, t.planned_seconds)
    text = f"{actual} of {planned} planned"
    return text + (f" ({t.ratio:.0%})" if t.ratio is not None else "")


def _next_label(m: Minutes) -> str:
    if not m.next_meeting_at:
        return "not scheduled"
    at = datetime.fromisoformat(m.next_meeting_at)
    rhythm = f" ({m.cadence_words})" if m.cadence else ""
    return f"{long_date(at.date())}, {at:%H:%M}{rhythm}"
