"""The live meeting: agenda rail, the current section and its items, the big clock.

The screen is a view of the database. Every action calls the core (which commits) and
then reads again; nothing is shown that is not already saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from functools import cached_property, partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from campmeeting.clock import local_today
from campmeeting.insights import review_pending
from campmeeting.meeting import (
    ItemView,
    LiveMeeting,
    MeetingError,
    add_member,
)
from campmeeting.model import SectionKind
from campmeeting.store import StoreBusy
from campmeeting.text import plural, short_date
from campmeeting.tui.dialogs.confirm import ConfirmScreen
from campmeeting.tui.dialogs.item_actions import ItemActions
from campmeeting.tui.dialogs.prompt import PromptScreen
from campmeeting.tui.literal import literal
from campmeeting.tui.messages import MeetingEnded
from campmeeting.tui.screens.meeting_close import CloseActions
from campmeeting.tui.screens.meeting_issues import IssueActions
from campmeeting.tui.screens.meeting_palette import PaletteActions
from campmeeting.tui.screens.meeting_reports import ACCEPT_REPORT, ReportActions
from campmeeting.tui.screens.meeting_scorecard import ScorecardActions
from campmeeting.tui.widgets.attendance_list import AttendanceList
from campmeeting.tui.widgets.capture_box import CaptureBox
from campmeeting.tui.widgets.item_list import ItemList
from campmeeting.tui.widgets.layout_boxes import Column, Row
from campmeeting.tui.widgets.meeting_clock import ClockState, MeetingClock
from campmeeting.tui.widgets.section_header import EMPTY_HINTS, SectionHeader, section_stats
from campmeeting.tui.widgets.section_rail import SectionRail

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

STATUS_SECONDS = 6.0  # how long a line like "Saved 1 item" stays
DRAFT_SECONDS = 0.5  # the line being typed is kept at most this long after a key
CLOSE_ACTIONS = ("rate", "absent", "next_meeting_date")


class MeetingScreen(
    ScorecardActions, CloseActions, IssueActions, ReportActions, PaletteActions, Screen[None]
):
    app: CampApp  # the app these screens run in (for the type checker)

    BLANK = True  # nothing of its own to draw: its widgets cover it (see layout_boxes)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "capture", "Capture", tooltip="Capture an item", id="meeting.capture"),
        Binding("n", "next_section", "Next", tooltip="Next section", id="meeting.next"),
        Binding("p", "previous_section", "Prev", tooltip="Previous section", id="meeting.previous"),
        Binding(
            "space",
            "toggle_pause",
            "Pause",
            tooltip="Pause the clock",
            id="meeting.pause",
        ),
        Binding("space", "resume", "Resume", tooltip="Resume the clock", id="meeting.resume"),
        Binding(
            "enter", "act", "Act on item", tooltip="Act on the selected item", id="meeting.act"
        ),
        Binding(
            "f",
            "focus_blocker",
            "Work this blocker",
            show=False,
            tooltip="Work the selected blocker, or the top one (captures link to it)",
            id="meeting.focus",
        ),
        Binding(
            "i",
            "drop_down",
            "Drop down to issues",
            show=False,
            tooltip="Drop the selected item down to the issues (blockers) list, linked to it",
            id="meeting.drop-down",
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
        ACCEPT_REPORT,
        Binding(
            "escape",
            "close_capture",
            "",
            show=False,
            id="meeting.close-capture",
            tooltip="Close the capture box (what was typed stays as the section's draft)",
        ),
        *(
            Binding(
                str(d),
                f"rate({d or 10})",
                "",
                show=False,
                id=f"meeting.rate-{d}",
                tooltip=f"(close) Rate the attendee shown as 'Rating now' {d or 10}",
            )
            for d in range(10)
        ),
    ]

    def __init__(self, live: LiveMeeting) -> None:
        super().__init__()
        self.live = live
        self._data_version: int | None = None
        self._draft_position: int | None = None
        self._draft_timer: Timer | None = None
        self._status_timer: Timer | None = None
        self.views: list[ItemView] = []

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="meeting-title")
        with Row(id="meeting-body"):
            yield SectionRail(id="rail")
            with Column(id="section"):
                with Row(id="section-head"):
                    yield SectionHeader(id="section-text")
                    yield MeetingClock(id="clock")
                yield ItemList(id="items")
                yield AttendanceList(id="attendance")
                yield CaptureBox(id="capture")
                yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        capture = self.query_one("#capture", CaptureBox)
        capture.display = False
        # read before the first view: what another terminal writes from now on is followed
        self._data_version = self.live.store.data_version()
        self.refresh_view()
        seconds = getattr(self.app, "tick_seconds", 1.0)
        if seconds:
            self.set_interval(seconds, self.tick)
        if capture.value:  # resumed with a line being typed: back in its box
            self.action_capture()
            self.set_status("Your draft is back: Enter saves it")

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
            if not self.query_one("#status-line", Static).has_class("-error"):
                # an error already shown (a line not saved) says more: it stays
                self.set_status(f"Could not save the clock: {error}", error=True)

    def refresh_view(self) -> None:
        live = self.live
        meeting = live.meeting
        day = date.fromisoformat(meeting.date)
        self.query_one("#meeting-title", Static).update(
            literal(f"{live.team.name} · {live.agenda_title} · {short_date(day)}", style="bold")
        )
        self.query_one(SectionHeader).show(live)
        capture = self.query_one("#capture", CaptureBox)
        if self._draft_position != live.position:  # another section: its own draft
            self._draft_position = live.position
            capture.show_section(self.section_kind, live.draft())
        capture.set_handles([p.handle for p in live.members()])
        self.refresh_items()
        if self.section_kind == SectionKind.ACT:
            focus = next((v for v in self.views if v.id == meeting.focus_item_id), None)
            capture.working_on(focus.item.text if focus else None)
        self.refresh_clock()

    def refresh_items(self, select: int | None = None) -> None:
        live = self.live
        kind = self.section_kind
        items = self.query_one("#items", ItemList)
        attendance = self.query_one("#attendance", AttendanceList)
        views = live.items()
        items.show_items(views, self.today, live.meeting.focus_item_id, select=select)
        self.views = views
        closing = kind == SectionKind.CLOSE
        attendance.display = closing
        rating = None
        if closing:
            rating = attendance.show_rows(live.attendance())
        items.display = bool(views) or not closing
        if not views and EMPTY_HINTS[kind]:
            self.set_status(EMPTY_HINTS[kind])
        self.query_one(SectionHeader).show_stats(section_stats(live, views, self.today, rating))
        if not self.query_one("#capture", CaptureBox).display:
            (attendance if closing else items).focus()
        self.show_scorecard(select)

    @cached_property
    def clock(self) -> MeetingClock:  # looked up once: set every second
        return self.query_one("#clock", MeetingClock)

    @cached_property
    def rail(self) -> SectionRail:
        return self.query_one("#rail", SectionRail)

    def refresh_clock(self) -> None:
        live = self.live
        section = live.current
        elapsed = live.section_elapsed()
        self.clock.state = ClockState(
            elapsed=elapsed,
            planned=section.planned_seconds,
            meeting_elapsed=live.meeting_elapsed(),
            meeting_planned=live.planned_total(),
            planned_end=live.planned_end(),
            projected_end=live.projected_end(),
            paused=live.paused,
        )
        self.rail.show(live.sections, section.position)

    def set_status(self, message: str, error: bool = False) -> None:
        """A line for the room; it goes after a while (errors stay until the next action),
        so it never tells of a save that was long ago."""
        line = self.query_one("#status-line", Static)
        line.set_class(error, "-error")
        line.update(literal(message))
        if self._status_timer is not None:
            self._status_timer.stop()
            self._status_timer = None
        if message and not error:
            self._status_timer = self.set_timer(STATUS_SECONDS, lambda: self.set_status(""))

    # -- running the meeting -----------------------------------------------------------

    def run_safely(
        self, action: Callable[[], object], saved: str | None = None, select: int | None = None
    ) -> bool:
        """Call the core; a refusal is shown on the status line and nothing changes.
        `select`: the item to highlight afterwards (the next one to act on)."""
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
        if select is not None:
            self.refresh_items(select=select)
        return True

    def next_target(self, item_id: int) -> int | None:
        """The item to act on after this one: in accountability the next still to review
        (the list keeps its order while reviewing), elsewhere the one after it."""
        ids = [v.id for v in self.views]
        if item_id not in ids:
            return None
        index = ids.index(item_id)
        if self.section_kind == SectionKind.ACCOUNTABILITY:
            waiting = [v.id for v in self.views if v.due_in_review and v.review is None]
            after = [i for i in waiting if ids.index(i) > index] + waiting
            after = [i for i in after if i != item_id]
            if after:
                return after[0]
        later = ids[index + 1 :] or ids[:index]
        return later[0] if later else None

    def action_next_section(self) -> None:
        if self.live.is_last_section:
            unrated = [r.person.name for r in self.live.attendance() if r.present and not r.rating]
            warn = (
                f"Not rated yet: {', '.join(unrated)} (their rating stays empty). "
                if unrated
                else ""
            )
            self.app.push_screen(
                ConfirmScreen(
                    "End the meeting?",
                    f"{warn}Every item is saved. Open blockers and commitments carry into "
                    "the next meeting.",
                ),
                self._end_confirmed,
            )
            return
        self.leave_section(self.live.position + 1)

    def leave_section(self, position: int) -> None:
        """Go to another section; leaving accountability with commitments not reviewed
        asks first (they are recorded as still open)."""
        pending = review_pending(self.live.store, self.live.meeting_id)
        if self.section_kind == SectionKind.ACCOUNTABILITY and pending and position >= 0:
            self.app.push_screen(
                ConfirmScreen(
                    f"{plural(pending, 'commitment')} not reviewed yet",
                    "Leaving records them as still open. Enter leaves · Escape stays to "
                    "review them.",
                ),
                partial(self._leave_confirmed, position),
            )
            return
        self.goto_section(position)

    def _end_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            self.live.end()
        except MeetingError as error:
            self.set_status(str(error), error=True)
            return
        except (OSError, sqlite3.Error) as error:  # nothing changed: still live
            self.set_status(f"Not ended: {error} · the meeting is still live", error=True)
            return
        self.post_message(MeetingEnded(self.live.meeting_id))

    def _leave_confirmed(self, position: int, yes: bool | None) -> None:
        if yes:
            self.goto_section(position)

    def action_previous_section(self) -> None:
        if self.live.position > 0:
            self.leave_section(self.live.position - 1)

    def action_toggle_pause(self) -> None:
        self.run_safely(self.live.toggle_pause)
        self.set_status("Paused: the clock is stopped" if self.live.paused else "Resumed")
        self.refresh_bindings()  # the footer says Resume while paused

    def action_resume(self) -> None:
        self.action_toggle_pause()

    def goto_section(self, position: int) -> None:
        self.close_capture()
        self.keep_draft()
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
            capture.display = False  # an unsaved draft stays in its section's box
            self.keep_draft()
            if capture.value.strip():
                self.set_status("Draft kept in this section: press a to finish it")
            else:
                self.set_status("")
            self.section_list().focus()

    @on(Input.Changed, "#capture")
    def draft_typed(self, event: Input.Changed) -> None:
        """Keep the line being typed (within DRAFT_SECONDS): a crash loses none of it."""
        event.stop()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_SECONDS, self.keep_draft)

    def keep_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self._draft_position is None or not self.live.meeting.is_live:
            return
        text = self.query_one("#capture", CaptureBox).value
        if text == self.live.draft(self._draft_position):
            return
        try:
            self.live.save_draft(text, self._draft_position)
        except StoreBusy:  # another terminal is writing: try again in a moment
            self._draft_timer = self.set_timer(DRAFT_SECONDS, self.keep_draft)
        except (MeetingError, OSError, sqlite3.Error) as error:
            self.set_status(f"Draft not kept: {error}", error=True)

    @on(Input.Submitted, "#capture")
    def capture_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.capture_saver()(event.value)

    def save_capture(self, line: str) -> None:
        try:
            result = self.live.capture(line)
        except MeetingError as error:
            self.set_status(str(error), error=True)
            return
        except (OSError, sqlite3.Error) as error:  # a full disk, a lost file, a lock
            self.set_status(f"Not saved: {error} · the line stays here, Enter tries again", True)
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
        self.keep_draft()
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

    def attendance_list(self) -> AttendanceList:
        return self.query_one("#attendance", AttendanceList)

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
        self,
        title: str,
        save: Callable[[str], object],
        value: str = "",
        hint: str = "",
        select: int | None = None,
        said: str | Callable[[], str] = "Saved",
    ) -> None:
        """Ask for one line; `save` stores it inside the dialog (an error keeps it open);
        then the status line says what was saved (`said`)."""

        def done(answer: str | None) -> None:
            if answer is not None:  # saved inside the dialog already
                self.set_status(said if isinstance(said, str) else said())
                self.refresh_view()
                if select is not None:
                    self.refresh_items(select=select)

        self.app.push_screen(PromptScreen(title, value=value, hint=hint, save=save), done)

    # -- keys and palette ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_pause":
            return not self.live.paused  # the footer says Pause, or Resume (below)
        if action == "resume":
            return self.live.paused
        kind = self.section_kind
        if action in CLOSE_ACTIONS:
            return kind == SectionKind.CLOSE
        if action == "focus_blocker":
            return kind == SectionKind.ACT
        if action == "accept_report":
            return kind == SectionKind.ACCOUNTABILITY
        if action == "move_blocker":
            return kind in (SectionKind.BLOCKERS, SectionKind.ACT)
        return True
