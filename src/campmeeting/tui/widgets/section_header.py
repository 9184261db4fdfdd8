"""The section's head: its title, the facilitator's prompt, and the numbers of the moment
(commitments done, blockers open, who is still to rate, the next meeting)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from campmeeting.insights import completion_rate, meeting_against_trend, review_pending
from campmeeting.meeting import AttendanceRow, ItemView, LiveMeeting
from campmeeting.meeting.teams import to_local
from campmeeting.model import SectionKind, Status
from campmeeting.text import plural, when_label
from campmeeting.tui.literal import literal, visible
from campmeeting.tui.widgets.meeting_clock import big_text

# Shown on the status line when a section has nothing to list yet.
EMPTY_HINTS = {
    SectionKind.CHECKIN: "No headlines yet. Press a to capture good news and headlines.",
    SectionKind.SCORECARD: "",  # the scorecard says it itself (meeting_scorecard.py)
    SectionKind.ACCOUNTABILITY: "No open commitments. Press a to add one.",
    SectionKind.PRIORITIES: "No active priorities. Press a to add one: text @owner",
    SectionKind.BLOCKERS: "No open blockers. Press a to raise one.",
    SectionKind.ACT: "No open blockers to work. Press a to capture a decision.",
    SectionKind.DECISIONS: "No decisions yet. Press a to record one.",
    SectionKind.COMMITMENTS: "No new commitments yet. Press a: text @owner due:fri",
    SectionKind.CASCADE: "No messages for other teams. Press a: text #TEAM",
    SectionKind.CLOSE: "",
    SectionKind.NOTES: "No notes yet. Press a to add one.",
}


def names(people: list[AttendanceRow]) -> str:
    shown = [row.person.name for row in people[:4]]
    more = len(people) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def section_stats(
    live: LiveMeeting,
    views: list[ItemView],
    today: date,
    rating: AttendanceRow | None,
    keys: bool = True,
) -> str:
    """The numbers of the section, in one or two lines; with `keys`, the facilitator's
    keys for them (a follower, who has none, reads the numbers alone)."""
    kind = live.section_kind

    def key(hint: str) -> str:
        return hint if keys else ""

    if kind == SectionKind.ACCOUNTABILITY:
        rate = completion_rate(live.store, live.meeting_id)
        pending = review_pending(live.store, live.meeting_id)
        waiting = f" · {pending} to review" if pending else ""
        reported = sum(1 for v in views if v.report is not None and v.item.status == Status.OPEN)
        said = f" · {reported} reported by their owner{key(' (y accepts)')}" if reported else ""
        if not rate.total:
            return "Nothing due for review" + said
        return f"Commitments due: {rate.summary()}{waiting}{said}"
    if kind == SectionKind.CLOSE:
        trend = meeting_against_trend(live.store, live.meeting_id)  # this one beside before
        when = next_meeting_words(live, today)
        left = [row for row in live.attendance() if row.present and row.rating is None]
        if rating is not None and rating.present and rating.rating is None:
            who = f"Rating now: {rating.person.name}: type 1-9 (0 = 10), x if absent"
            others = [row for row in left if row.person.id != rating.person.id]
            if others:
                who += f" · then {names(others)}"
        elif left:
            who = f"Still to rate: {names(left)}"
        else:
            who = "Everyone present has rated" + key(" · n ends the meeting")
        done, rated = trend.completion, trend.rating
        usual_done = f"; {done.trend_words(trend.weeks)}" if trend.has_trend else ""
        usual_rating = f" ({rated.trend_words(trend.weeks)})" if trend.has_trend else ""
        return (
            f"Commitments done {done.value_label} (target 90%{usual_done}) · "
            f"rating {rated.value_label}{usual_rating}\n"
            f"{who}\nNext meeting: {when}{key(' (N changes it)')}"
        )
    if kind in (SectionKind.BLOCKERS, SectionKind.ACT):
        open_count = sum(1 for v in views if v.item.status == Status.OPEN)
        carried = sum(1 for v in views if v.carried and v.item.status == Status.OPEN)
        worked = next((v for v in views if v.id == live.meeting.focus_item_id), None)
        if kind == SectionKind.BLOCKERS:
            return f"{open_count} open, {carried} carried{key(' · shift+↑/↓ ranks')}"
        if worked is not None and worked.rank is not None:
            return f"{open_count} open, {carried} carried · working #{worked.rank}"
        extra = " · f works the top one" if open_count else ""
        return f"{open_count} open, {carried} carried{key(extra)}"
    if kind == SectionKind.PRIORITIES:
        off = sum(1 for v in views if v.item.status == Status.OFF_TRACK)
        return f"{plural(len(views), 'active priority', 'active priorities')}, {off} off track"
    return plural(len(views), "item") if views else ""


class SectionHeader(Vertical):
    """Title, prompt and numbers of the current section."""

    BLANK = True  # only its texts draw (see layout_boxes)

    def compose(self) -> ComposeResult:
        yield Static("", id="section-title")
        yield Static("", id="section-title-big")  # a big shared screen
        yield Static("", id="section-prompt")
        yield Static("", id="section-stats")

    def show(self, live: LiveMeeting) -> None:
        section = live.current
        self.query_one("#section-title", Static).update(
            literal(f"{section.position + 1}/{len(live.sections)}  {section.title}", style="bold")
        )
        self.query_one("#section-prompt", Static).update(literal(section.prompt or ""))
        title = visible(section.title)
        big = self.query_one("#section-title-big", Static)
        self.set_class(not (title.isascii() and title.isprintable()), "-unfit")  # figlet: ASCII
        big.update(big_text(f"{section.position + 1}. {title}", font="small"))

    def show_stats(self, text: str) -> None:
        lines = [literal(line) for line in text.split("\n")]
        self.query_one("#section-stats", Static).update(Content("\n").join(lines))


def next_meeting_words(live: LiveMeeting, today: date) -> str:
    """The meeting after this one, as the close says it."""
    nxt = live.next_meeting()
    return when_label(to_local(live.team, nxt), today) if nxt else "not scheduled"
