"""The live meeting: agenda rail, the current section and its items, the big clock.

The screen is a view of the database. Every action calls the core (which commits) and
then reads again; nothing is shown that is not already saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from campmeeting.clock import local_today
from campmeeting.insights import completion_rate, meeting_rating, rating_label, review_pending
from campmeeting.meeting import (
    ItemView,
    LiveMeeting,
    MeetingError,
    add_member,
)
from campmeeting.model import ItemKind, SectionKind, Status
from campmeeting.store import StoreBusy
from campmeeting.text import plural, short_date, when_label
from campmeeting.tui.commands import PaletteCommand
from campmeeting.tui.dialogs.confirm import ConfirmScreen
from campmeeting.tui.dialogs.item_actions import ItemActions
from campmeeting.tui.dialogs.prompt import PromptScreen
from campmeeting.tui.literal import literal
from campmeeting.tui.messages import MeetingEnded
from campmeeting.tui.widgets.attendance_list import AttendanceList
from campmeeting.tui.widgets.capture_box import CaptureBox
from campmeeting.tui.widgets.item_list import ItemList
from campmeeting.tui.widgets.meeting_clock import ClockState, MeetingClock
from campmeeting.tui.widgets.section_rail import SectionRail

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

# What a quick capture makes in each section, shown as the capture box's placeholder.
CAPTURE_HINTS = {
    SectionKind.CHECKIN: "a headline or good news (Enter saves, Escape closes)",
    SectionKind.ACCOUNTABILITY: "a new commitment: text @owner due:fri",
    SectionKind.PRIORITIES: "a new priority: text @owner",
    SectionKind.BLOCKERS: "a blocker: text @owner (#TEAM hands it to another team)",
    SectionKind.ACT: "a decision; with @owner or due: it is a commitment",
    SectionKind.DECISIONS: "a decision taken",
    SectionKind.COMMITMENTS: "text @owner due:fri|+3d|next",
    SectionKind.CASCADE: "a message #TEAM (one or more teams)",
    SectionKind.CLOSE: "a closing note",
    SectionKind.NOTES: "a note",
}

EMPTY_HINTS = {
    SectionKind.CHECKIN: "No headlines yet. Press a to capture good news and headlines.",
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

CLOSE_ACTIONS = ("rate", "absent", "next_meeting_date")


class MeetingScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "capture", "Capture", tooltip="Capture an item", id="meeting.capture"),
        Binding("n", "next_section", "Next", tooltip="Next section", id="meeting.next"),
        Binding("p", "previous_section", "Prev", tooltip="Previous section", id="meeting.previous"),
        Binding(
            "space",
            "toggle_pause",
            "Pause",
            tooltip="Pause or resume the clock",
            id="meeting.pause",
        ),
        Binding(
            "enter", "act", "Act on item", tooltip="Act on the selected item", id="meeting.act"
        ),
        Binding(
            "f",
            "focus_blocker",
            "Work this blocker",
            show=False,
            tooltip="Work the selected blocker (captures link to it)",
            id="meeting.focus",
        ),
        Binding(
            "shift+up",
            "move_blocker(-1)",
            "Move up",
            show=False,
            tooltip="Move the selected blocker up",
            id="meeting.move-up",
        ),
        Binding(
            "shift+down",
            "move_blocker(1)",
            "Move down",
            show=False,
            tooltip="Move the selected blocker down",
            id="meeting.move-down",
        ),
        Binding(
            "m",
            "attendance",
            "Attendance",
            show=False,
            tooltip="Attendance: who is here",
            id="meeting.attendance",
        ),
        Binding(
            "x",
            "absent",
            "Mark absent",
            show=False,
            tooltip="Mark the selected attendee absent",
            id="meeting.absent",
        ),
        Binding(
            "N",
            "next_meeting_date",
            "Next meeting date",
            show=False,
            tooltip="Set the next meeting's date and time",
            id="meeting.next-date",
        ),
        Binding("escape", "close_capture", "", show=False, id="meeting.close-capture"),
        *(
            Binding(str(d), f"rate({d or 10})", "", show=False, id=f"meeting.rate-{d}")
            for d in range(10)
        ),
    ]

    def __init__(self, live: LiveMeeting) -> None:
        super().__init__()
        self.live = live
        self._data_version: int | None = None

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="meeting-title")
        with Horizontal(id="meeting-body"):
            yield SectionRail(id="rail")
            with Vertical(id="section"):
                with Horizontal(id="section-head"):
                    with Vertical(id="section-text"):
                        yield Static("", id="section-title")
                        yield Static("", id="section-prompt")
                        yield Static("", id="section-stats")
                    yield MeetingClock(id="clock")
                yield ItemList(id="items")
                yield AttendanceList(id="attendance")
                yield CaptureBox(id="capture")
                yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#capture", CaptureBox).display = False
        # read before the first view: what another terminal writes from now on is followed
        self._data_version = self.live.store.data_version()
        self.refresh_view()
        seconds = getattr(self.app, "tick_seconds", 1.0)
        if seconds:
            self.set_interval(seconds, self.tick)

    # -- reading -----------------------------------------------------------------------

    @property
    def section_kind(self) -> SectionKind:
        return self.live.section_kind

    @property
    def today(self) -> date:
        return local_today(self.live.source)

    def tick(self) -> None:
        """Once a second: save the clock, repaint it, and pick up changes from elsewhere."""
        try:
            version = self.live.store.data_version()
            changed = self._data_version is not None and version != self._data_version
            self._data_version = version
            if changed and self.live.sync():  # another terminal moved or paused the meeting
                self.refresh_view()
            if not self.live.meeting.is_live:
                return
            self.live.checkpoint(wait=False)
            if changed:
                self.refresh_items()
            self.refresh_clock()
        except StoreBusy:
            self.refresh_clock()  # another terminal is writing: the next tick saves it
        except Exception as error:  # a locked or lost database: say so, keep the meeting up
            self.set_status(f"Could not save the clock: {error}", error=True)

    def refresh_view(self) -> None:
        live = self.live
        section = live.current
        meeting = live.meeting
        day = date.fromisoformat(meeting.date)
        self.query_one("#meeting-title", Static).update(
            literal(f"{live.team.name} · {live.agenda_title} · {short_date(day)}", style="bold")
        )
        self.query_one("#section-title", Static).update(
            literal(f"{section.position + 1}/{len(live.sections)}  {section.title}", style="bold")
        )
        self.query_one("#section-prompt", Static).update(literal(section.prompt or ""))
        capture = self.query_one("#capture", CaptureBox)
        capture.placeholder = CAPTURE_HINTS[self.section_kind]
        capture.set_handles([p.handle for p in live.members()])
        self.refresh_items()
        self.refresh_clock()

    def refresh_items(self, select: int | None = None) -> None:
        live = self.live
        kind = self.section_kind
        items = self.query_one("#items", ItemList)
        attendance = self.query_one("#attendance", AttendanceList)
        views = live.items()
        items.show_items(views, self.today, live.meeting.focus_item_id, select=select)
        closing = kind == SectionKind.CLOSE
        attendance.display = closing
        if closing:
            attendance.show_rows(live.attendance())
        items.display = bool(views) or not closing
        if not views and EMPTY_HINTS[kind]:
            self.set_status(EMPTY_HINTS[kind])
        self.query_one("#section-stats", Static).update(self.section_stats(views))
        if not self.query_one("#capture", CaptureBox).display:
            (attendance if closing else items).focus()

    def section_stats(self, views: list[ItemView]) -> str:
        live = self.live
        kind = self.section_kind
        if kind == SectionKind.ACCOUNTABILITY:
            rate = completion_rate(live.store, live.meeting_id)
            pending = review_pending(live.store, live.meeting_id)
            if not rate.total:
                return f"Commitments due: {pending} to review" if pending else "Nothing due"
            done = rate.summary() if not pending else f"{rate.summary()} · {pending} to review"
            return f"Commitments due: {done}"
        if kind == SectionKind.CLOSE:
            rate = completion_rate(live.store, live.meeting_id)
            return (
                f"Commitments done {rate.label()} (target 90%) · "
                f"rating {rating_label(meeting_rating(live.store, live.meeting_id))}\n"
                f"Next meeting: {when_label(live.next_meeting(), self.today)} (N changes it)"
            )
        if kind in (SectionKind.BLOCKERS, SectionKind.ACT):
            open_count = sum(1 for v in views if v.item.status == Status.OPEN)
            carried = sum(1 for v in views if v.carried and v.item.status == Status.OPEN)
            extra = (
                " · f works the selected one"
                if kind == SectionKind.ACT
                else " · shift+↑/↓ orders them"
            )
            return f"{open_count} open, {carried} carried{extra}"
        if kind == SectionKind.PRIORITIES:
            off = sum(1 for v in views if v.item.status == Status.OFF_TRACK)
            return f"{len(views)} active, {off} off track"
        return plural(len(views), "item") if views else ""

    def refresh_clock(self) -> None:
        live = self.live
        section = live.current
        elapsed = live.section_elapsed()
        self.query_one("#clock", MeetingClock).state = ClockState(
            elapsed=elapsed,
            planned=section.planned_seconds,
            meeting_elapsed=live.meeting_elapsed(),
            meeting_planned=live.planned_total(),
            planned_end=live.planned_end(),
            projected_end=live.projected_end(),
            paused=live.paused,
        )
        self.query_one("#rail", SectionRail).show(live.sections, section.position, elapsed)

    def set_status(self, message: str, error: bool = False) -> None:
        line = self.query_one("#status-line", Static)
        line.set_class(error, "-error")
        line.update(literal(message))

    # -- running the meeting -----------------------------------------------------------

    def run_safely(self, action: Callable[[], object], saved: str | None = None) -> bool:
        """Call the core; a refusal is shown on the status line and nothing changes."""
        try:
            action()
        except MeetingError as error:
            self.set_status(str(error), error=True)
            return False
        except Exception as error:  # unexpected: show it, keep the meeting running
            self.set_status(f"Not saved: unexpected {type(error).__name__}: {error}", error=True)
            return False
        if saved is not None:
            self.set_status(saved)
        self.refresh_view()
        return True

    def action_next_section(self) -> None:
        if self.live.is_last_section:
            self.app.push_screen(
                ConfirmScreen(
                    "End the meeting?",
                    "Every item is saved. Open blockers and commitments carry into "
                    "the next meeting.",
                ),
                self._end_confirmed,
            )
            return
        self.close_capture()
        self.run_safely(self.live.next_section, "")

    def _end_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            self.live.end()
        except MeetingError as error:
            self.set_status(str(error), error=True)
            return
        self.post_message(MeetingEnded(self.live.meeting_id))

    def action_previous_section(self) -> None:
        self.close_capture()
        self.run_safely(self.live.previous_section, "")

    def action_toggle_pause(self) -> None:
        self.run_safely(self.live.toggle_pause)
        self.set_status("Paused: the clock is stopped" if self.live.paused else "Resumed")

    def goto_section(self, position: int) -> None:
        self.close_capture()
        self.run_safely(lambda: self.live.go_to(position), "")

    def end_meeting(self) -> None:
        self.close_capture()
        if not self.live.is_last_section:
            self.run_safely(lambda: self.live.go_to(len(self.live.sections) - 1))
        self.action_next_section()

    # -- capture -----------------------------------------------------------------------

    def action_capture(self) -> None:
        capture = self.query_one("#capture", CaptureBox)
        capture.display = True
        capture.focus()

    def action_close_capture(self) -> None:
        self.close_capture()

    def close_capture(self) -> None:
        capture = self.query_one("#capture", CaptureBox)
        if capture.display:
            capture.display = False  # an unsaved draft stays in the box for next time
            if capture.value.strip():
                self.set_status("Draft kept: press a to finish it")
            else:
                self.set_status("")
            self.query_one("#items", ItemList).focus()

    @on(Input.Submitted, "#capture")
    def capture_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.save_capture(event.value)

    def save_capture(self, line: str) -> None:
        try:
            result = self.live.capture(line)
        except MeetingError as error:
            self.set_status(str(error), error=True)
            return
        if result.only_unknown_handles:
            handles = " ".join("@" + h for h in result.unknown_handles)
            self.app.push_screen(
                ConfirmScreen(
                    f"Add {handles} to {self.live.team.name}?",
                    "They are not team members yet. Enter adds them and saves the item.",
                ),
                lambda yes: self._add_members_and_save(yes, result.unknown_handles, line),
            )
            return
        if result.problems:
            self.set_status("Not saved: " + result.message, error=True)
            return
        capture = self.query_one("#capture", CaptureBox)
        capture.value = ""
        self.set_status(
            f"Saved {plural(len(result.item_ids), 'item')} · keep typing, Escape closes"
        )
        self.refresh_view()
        self.refresh_items(select=result.item_ids[-1])
        capture.focus()

    def _add_members_and_save(self, yes: bool | None, handles: list[str], line: str) -> None:
        if not yes:
            self.set_status("Not saved: unknown handle", error=True)
            return
        try:
            for handle in handles:
                add_member(self.live.store, self.live.source, self.live.team, handle)
        except MeetingError as error:
            self.set_status(str(error), error=True)
            return
        self.save_capture(line)

    # -- acting on items ---------------------------------------------------------------

    @on(ItemList.OptionSelected, "#items")
    def item_selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_act()

    @on(AttendanceList.OptionSelected, "#attendance")
    def attendee_selected(self, event: AttendanceList.OptionSelected) -> None:
        event.stop()
        self.action_attendee()

    def highlighted_view(self) -> ItemView | None:
        item_id = self.query_one("#items", ItemList).highlighted_item_id
        if item_id is None:
            return None
        return next((view for view in self.live.items() if view.id == item_id), None)

    def action_act(self) -> None:
        if (
            self.section_kind == SectionKind.CLOSE
            and self.query_one("#attendance", AttendanceList).has_focus
        ):
            self.action_attendee()
            return
        view = self.highlighted_view()
        if view is None:
            self.set_status("Nothing selected. Press a to capture.")
            return
        ItemActions(self).open(view)

    def prompt(
        self, title: str, save: Callable[[str], object], value: str = "", hint: str = ""
    ) -> None:
        def done(answer: str | None) -> None:
            if answer is not None:  # saved inside the dialog already
                self.set_status("Saved")
                self.refresh_view()

        self.app.push_screen(PromptScreen(title, value=value, hint=hint, save=save), done)

    def action_focus_blocker(self) -> None:
        view = self.highlighted_view()
        if view is None or view.item.kind != ItemKind.BLOCKER or view.item.status != Status.OPEN:
            self.set_status("Select an open blocker to work on", error=True)
            return
        self.run_safely(
            lambda: self.live.focus(view.id),
            "Working this blocker: decisions and commitments you capture link to it",
        )

    def action_move_blocker(self, step: int) -> None:
        view = self.highlighted_view()
        if view is None:
            return
        self.run_safely(lambda: self.live.move_blocker(view.id, step))

    # -- attendance and close ------------------------------------------------------------

    def action_attendance(self) -> None:
        from campmeeting.tui.dialogs.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(self.live), lambda _: self.refresh_view())

    def action_attendee(self) -> None:
        person_id = self.query_one("#attendance", AttendanceList).highlighted_person_id
        if person_id is None:
            return
        self.app.push_screen(
            PromptScreen("Rating 1-10 (empty: absent)", hint="1 = poor, 10 = excellent"),
            lambda answer: self._rated(person_id, answer),
        )

    def _rated(self, person_id: int, answer: str | None) -> None:
        if answer is None:
            return
        answer = answer.strip()
        if not answer:
            self.run_safely(lambda: self.live.set_present(person_id, False), "Marked absent")
            return
        if not (answer.isascii() and answer.isdecimal()):
            self.set_status(f"{answer!r} is not a rating from 1 to 10", error=True)
            return
        self.run_safely(lambda: self.live.rate(person_id, int(answer)), "Rated")

    def action_rate(self, rating: int) -> None:
        person_id = self.query_one("#attendance", AttendanceList).highlighted_person_id
        if person_id is None:
            return
        if self.run_safely(lambda: self.live.rate(person_id, rating), f"Rated {rating}"):
            self.query_one("#attendance", AttendanceList).action_cursor_down()

    def action_absent(self) -> None:
        person_id = self.query_one("#attendance", AttendanceList).highlighted_person_id
        if person_id is not None:
            self.run_safely(lambda: self.live.set_present(person_id, False), "Marked absent")

    def action_next_meeting_date(self) -> None:
        nxt = self.live.next_meeting()
        self.prompt(
            "Next meeting (date and time)",
            self.live.set_next_meeting_text,
            value=f"{nxt:%Y-%m-%d %H:%M}" if nxt else "",
            hint="e.g. 2026-12-01 09:00",
        )

    # -- keys and palette ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.section_kind
        if action in CLOSE_ACTIONS:
            return kind == SectionKind.CLOSE
        if action == "focus_blocker":
            return kind == SectionKind.ACT
        if action == "move_blocker":
            return kind in (SectionKind.BLOCKERS, SectionKind.ACT)
        return True

    def export(self) -> None:
        from campmeeting.exporting import export_meeting_file

        try:
            path = export_meeting_file(self.live.store, self.live.meeting_id)
        except (OSError, ValueError) as error:
            self.set_status(f"Not exported: {error}", error=True)
            return
        self.set_status(f"Minutes so far written to {path}")

    def help_keys(self) -> list[tuple[str, str]]:
        """Keys of this screen for the help screen, beyond its bindings' descriptions."""
        return [
            ("↑ ↓ / j k", "Move in the item list"),
            ("1-9, 0", "Close: rate the selected attendee (0 = 10)"),
        ]

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand("End the meeting", "after one confirmation", self.end_meeting),
            PaletteCommand(
                "Export the minutes so far (Markdown)", "to the current folder", self.export
            ),
        ]
        for section in self.live.sections:
            commands.append(
                PaletteCommand(
                    f"Go to section {section.position + 1}: {section.title}",
                    f"{section.kind}, {section.planned_seconds / 60:g} min",
                    partial(self.goto_section, section.position),
                )
            )
        return commands
