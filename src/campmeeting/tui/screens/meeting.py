"""The live meeting: agenda rail, the current section and its items, the big clock.

The screen is a view of the database. Every action calls the core (which commits) and
then reads again; nothing is shown that is not already saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from dateutil import parser as date_parser
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from campmeeting.capture import parse_capture
from campmeeting.clock import local_now, local_today
from campmeeting.insights import completion_rate, meeting_rating, rating_label, review_pending
from campmeeting.meeting import ItemView, LiveMeeting, MeetingError, add_member
from campmeeting.model import ItemKind, SectionKind
from campmeeting.tui.literal import literal, visible
from campmeeting.tui.screens.choice import ChoiceScreen
from campmeeting.tui.screens.confirm import ConfirmScreen
from campmeeting.tui.screens.prompt import PromptScreen
from campmeeting.tui.widgets.attendance_list import AttendanceList
from campmeeting.tui.widgets.capture_box import CaptureBox
from campmeeting.tui.widgets.item_list import ItemList
from campmeeting.tui.widgets.meeting_clock import MeetingClock
from campmeeting.tui.widgets.section_rail import SectionRail

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


class MeetingScreen(Screen[None]):
    BINDINGS = [
        Binding("a", "capture", "Capture", id="meeting.capture"),
        Binding("n", "next_section", "Next", id="meeting.next"),
        Binding("p", "previous_section", "Prev", id="meeting.previous"),
        Binding("space", "toggle_pause", "Pause", id="meeting.pause"),
        Binding("enter", "act", "Act on item", id="meeting.act"),
        Binding("f", "focus_blocker", "Work this blocker", show=False, id="meeting.focus"),
        Binding("shift+up", "move_blocker(-1)", "Move up", show=False, id="meeting.move-up"),
        Binding("shift+down", "move_blocker(1)", "Move down", show=False, id="meeting.move-down"),
        Binding("m", "attendance", "Attendance", show=False, id="meeting.attendance"),
        Binding("x", "absent", "Mark absent", show=False, id="meeting.absent"),
        Binding("N", "next_meeting_date", "Next meeting date", show=False, id="meeting.next-date"),
        Binding("escape", "close_capture", "Close capture", show=False, id="meeting.close-capture"),
    ] + [
        Binding(str(d), f"rate({d or 10})", "", show=False, id=f"meeting.rate-{d}")
        for d in range(10)
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
        self.refresh_view()
        seconds = getattr(self.app, "tick_seconds", 1.0)
        if seconds:
            self.set_interval(seconds, self.tick)

    # -- reading -----------------------------------------------------------------------

    @property
    def section_kind(self) -> SectionKind:
        return SectionKind(self.live.current.kind)

    @property
    def today(self) -> date:
        return local_today(self.live.source)

    def tick(self) -> None:
        """Once a second: save the clock, repaint it, and pick up changes from elsewhere."""
        try:
            version = self.live.store.scalar("PRAGMA data_version")
            changed = self._data_version is not None and version != self._data_version
            self._data_version = version
            if changed and self.live.sync():  # another terminal moved or paused the meeting
                self.refresh_view()
            if not self.live.meeting.is_live:
                return
            self.live.checkpoint()
            if changed:
                self.refresh_items()
            self.refresh_clock()
        except Exception as error:  # a locked or lost database: say so, keep the meeting up
            self.set_status(f"Could not save the clock: {error}", error=True)

    def refresh_view(self) -> None:
        live = self.live
        section = live.current
        meeting = live.meeting
        title = self.query_one("#meeting-title", Static)
        day = date.fromisoformat(meeting.date)
        title.update(
            literal(f"{live.team.name} · {live.agenda_title} · {day:%a %d %b %Y}", style="bold")
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

    def refresh_items(self) -> None:
        live = self.live
        kind = self.section_kind
        items = self.query_one("#items", ItemList)
        attendance = self.query_one("#attendance", AttendanceList)
        views = live.items()
        items.show_items(views, self.today, live.meeting.focus_item_id)
        closing = kind == SectionKind.CLOSE
        attendance.display = closing
        if closing:
            attendance.show_rows(live.attendance())
        items.display = bool(views) or not closing
        if not views and EMPTY_HINTS[kind]:
            self.set_status(EMPTY_HINTS[kind], sticky=False)
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
            nxt = live.next_meeting()
            when = f"{nxt:%a %d %b %H:%M}" if nxt else "not set"
            return (
                f"Commitments done {rate.label()} (target 90%) · "
                f"rating {rating_label(meeting_rating(live.store, live.meeting_id))}\n"
                f"Next meeting: {when} (N changes it)"
            )
        if kind in (SectionKind.BLOCKERS, SectionKind.ACT):
            open_count = sum(1 for v in views if v.item.status == "open")
            carried = sum(1 for v in views if v.carried and v.item.status == "open")
            extra = (
                " · f works the selected one"
                if kind == SectionKind.ACT
                else (" · shift+↑/↓ orders them")
            )
            return f"{open_count} open, {carried} carried{extra}"
        if kind == SectionKind.PRIORITIES:
            off = sum(1 for v in views if v.item.status == "off_track")
            return f"{len(views)} active, {off} off track"
        return f"{len(views)} item{'s' if len(views) != 1 else ''}" if views else ""

    def refresh_clock(self) -> None:
        live = self.live
        section = live.current
        elapsed = live.section_elapsed()
        self.query_one("#clock", MeetingClock).show(
            elapsed=elapsed,
            planned=section.planned_seconds,
            meeting_elapsed=live.meeting_elapsed(),
            meeting_planned=live.planned_total(),
            planned_end=live.planned_end(),
            projected_end=live.projected_end(),
            paused=live.paused,
        )
        self.query_one("#rail", SectionRail).show(live.sections, section.position, elapsed)

    def set_status(self, message: str, error: bool = False, sticky: bool = True) -> None:
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
        from campmeeting.tui.screens.ended import EndedScreen

        self.app.switch_screen(EndedScreen(self.live.store, self.live.meeting_id))

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

    def on_input_submitted(self, event: CaptureBox.Submitted) -> None:
        if event.input.id != "capture":
            return
        event.stop()
        line = event.value
        if not line.strip():
            return
        self.save_capture(line)

    def save_capture(self, line: str) -> None:
        try:
            result = self.live.capture(line)
        except MeetingError as error:
            self.set_status(str(error), error=True)
            return
        if result.unknown_handles and len(result.problems) == 1:
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
            self.set_status("Not saved: " + "; ".join(result.problems), error=True)
            return
        capture = self.query_one("#capture", CaptureBox)
        capture.value = ""
        count = len(result.item_ids)
        self.set_status(
            f"Saved {count} item{'s' if count > 1 else ''} · keep typing, Escape closes"
        )
        self.refresh_view()
        items = self.query_one("#items", ItemList)
        new_id = str(result.item_ids[-1])
        for index, option in enumerate(items.options):
            if option.id == new_id:
                items.highlighted = index
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

    def on_option_list_option_selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "attendance":
            self.action_attendee()
        else:
            self.action_act()

    def highlighted_view(self) -> ItemView | None:
        item_id = self.query_one("#items", ItemList).highlighted_item_id
        if item_id is None:
            return None
        for view in self.live.items():
            if view.id == item_id:
                return view
        return None

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
        choices = self.choices_for(view)
        self.app.push_screen(
            ChoiceScreen(
                f"{view.item.kind.capitalize()} #{view.id}",
                choices,
                body=literal(view.item.text),
            ),
            lambda choice: self.apply_choice(view, choice),
        )

    def choices_for(self, view: ItemView) -> list[tuple[str, str]]:
        item = view.item
        kind = ItemKind(item.kind)
        section = self.section_kind
        choices: list[tuple[str, str]] = []
        if kind == ItemKind.PRIORITY:
            choices += [
                ("status:on_track", "On track"),
                ("status:off_track", "Off track (and raise a blocker)"),
                ("status:done", "Done"),
                ("status:dropped", "Dropped"),
            ]
        elif kind == ItemKind.BLOCKER and item.status == "open":
            if section == SectionKind.ACT:
                choices.append(("focus", "Work this blocker now (captures link to it)"))
            choices += [
                ("status:resolved", "Resolved"),
                ("carry", "Carry to next meeting (leave open)"),
                ("handoff", "Hand off to another team…"),
                ("status:dropped", "Drop"),
            ]
        elif kind == ItemKind.BLOCKER:
            choices.append(("status:open", "Reopen"))
        elif kind == ItemKind.COMMITMENT:
            if view.due_in_review or section == SectionKind.ACCOUNTABILITY:
                choices += [
                    ("review:done", "Done"),
                    ("review:rescoped", "Re-scope (new text and/or due date)…"),
                    ("review:abandoned", "Abandon (consciously)…"),
                    ("review:open", "Still open"),
                ]
            else:
                choices += [
                    ("status:done", "Done"),
                    ("rescope", "Re-scope…"),
                    ("status:abandoned", "Abandon"),
                ]
            choices.append(("owner", "Change owner…"))
        elif kind == ItemKind.MESSAGE and item.target_team_id == self.live.team.id:
            if item.status == "pending":
                choices.append(("acknowledge", "Acknowledge (read to the team)"))
            return choices + [("cancel", "Back")]
        elif kind == ItemKind.DECISION and self.live.meeting.focus_item_id:
            choices.append(("link", "Link to the blocker being worked"))
        choices.append(("edit", "Edit text…"))
        choices.append(("cancel", "Back"))
        return choices

    def apply_choice(self, view: ItemView, choice: str | None) -> None:
        if not choice or choice == "cancel":
            return
        live = self.live
        item_id = view.id
        verb, _, arg = choice.partition(":")
        if verb == "status":
            was = view.item.status
            label = arg.replace("_", " ")
            if self.run_safely(lambda: live.set_status(item_id, arg), f"Marked {label}"):
                if arg == "off_track" and was != "off_track":
                    self.prompt(
                        "Off track: raise a blocker for it? (Escape: no)",
                        lambda line: self._raise_blocker(line),
                        value=f"Off track: {visible(view.item.text)[:200]}",
                        hint="@owner sets who owns it",
                    )
        elif verb == "review":
            if arg == "rescoped":
                self.prompt(
                    "Re-scope: new text and/or due:WHEN",
                    lambda text: self._rescope(item_id, text, review=True),
                    value=view.item.text,
                    hint="e.g. 'Ship to 3 pilots due:+1w'",
                )
            elif arg == "abandoned":
                self.prompt(
                    "Abandon: why? (optional)",
                    lambda reason: live.review(item_id, "abandoned", reason=reason or None),
                )
            else:
                self.run_safely(lambda: live.review(item_id, arg), f"Reviewed: {arg}")
        elif verb == "rescope":
            self.prompt(
                "Re-scope: new text and/or due:WHEN",
                lambda text: self._rescope(item_id, text, review=False),
                value=view.item.text,
            )
        elif verb == "carry":
            self.set_status("Left open: it carries into the next meeting")
        elif verb == "handoff":
            teams = [t.name for t in live.store.teams() if t.id != live.team.id]
            if not teams:
                self.set_status(
                    "No other team to hand it to: add one from the home screen", error=True
                )
                return
            self.app.push_screen(
                ChoiceScreen("Hand off to which team?", [(name, name) for name in teams]),
                lambda name: (
                    name
                    and self.run_safely(
                        lambda: live.hand_off(item_id, name), f"Handed off to {name}"
                    )
                ),
            )
        elif verb == "focus":
            self.action_focus_blocker()
        elif verb == "acknowledge":
            self.run_safely(lambda: live.acknowledge(item_id), "Acknowledged")
        elif verb == "link":
            focus = live.meeting.focus_item_id
            self.run_safely(lambda: live.link(item_id, focus), "Linked")
        elif verb == "owner":
            members = live.members()
            self.app.push_screen(
                ChoiceScreen("New owner", [(str(p.id), f"{p.name} @{p.handle}") for p in members]),
                lambda pid: (
                    pid
                    and self.run_safely(
                        lambda: live.edit(item_id, owner_id=int(pid)), "Owner changed"
                    )
                ),
            )
        elif verb == "edit":
            self.prompt(
                "Edit text", lambda text: live.edit(item_id, text=text), value=view.item.text
            )

    def _raise_blocker(self, line: str) -> None:
        result = self.live.capture(line, kind=ItemKind.BLOCKER)
        if result.problems:
            raise MeetingError("; ".join(result.problems))

    def _rescope(self, item_id: int, line: str, review: bool) -> None:
        """New text and/or due:WHEN (and @owner); a line with only a due date keeps the text."""
        nxt = self.live.next_meeting()
        parsed = parse_capture(
            line,
            today=self.today,
            handles=[p.handle for p in self.live.members()],
            next_meeting=nxt.date() if nxt else None,
        )
        problems = [p for p in parsed.problems if p != "the text is empty"]
        if parsed.unknown_handles:
            problems.append(
                "not in the team: " + ", ".join("@" + h for h in parsed.unknown_handles)
            )
        if problems:
            raise MeetingError("; ".join(problems))
        current = self.live.store.item(item_id)
        text = parsed.text if parsed.text and parsed.text != current.text else None
        if parsed.owner:
            owner = self.live.store.person_by_handle(parsed.owner)
            if owner and owner.id != current.owner_id:
                self.live.edit(item_id, owner_id=owner.id)
        if review:
            self.live.review(item_id, "rescoped", text=text, due=parsed.due)
        else:
            self.live.rescope(item_id, text=text, due=parsed.due)

    def prompt(
        self, title: str, save: Callable[[str], object], value: str = "", hint: str = ""
    ) -> None:
        def done(answer: str | None) -> None:
            if answer is not None:  # saved inside the dialog already
                self.set_status("Saved")
                self.refresh_view()

        self.app.push_screen(PromptScreen(title, value=value, hint=hint, save=save), done)

    def action_focus_blocker(self) -> None:
        if self.section_kind != SectionKind.ACT:
            return
        view = self.highlighted_view()
        if view is None or view.item.kind != "blocker" or view.item.status != "open":
            self.set_status("Select an open blocker to work on", error=True)
            return
        self.run_safely(
            lambda: self.live.focus(view.id),
            "Working this blocker: decisions and commitments you capture link to it",
        )

    def action_move_blocker(self, step: int) -> None:
        if self.section_kind not in (SectionKind.BLOCKERS, SectionKind.ACT):
            return
        view = self.highlighted_view()
        if view is None:
            return
        self.run_safely(lambda: self.live.move_blocker(view.id, step))

    # -- attendance and close ------------------------------------------------------------

    def action_attendance(self) -> None:
        from campmeeting.tui.screens.attendance import AttendanceScreen

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
        if self.section_kind != SectionKind.CLOSE:
            return
        person_id = self.query_one("#attendance", AttendanceList).highlighted_person_id
        if person_id is None:
            return
        if self.run_safely(lambda: self.live.rate(person_id, rating), f"Rated {rating}"):
            self.query_one("#attendance", AttendanceList).action_cursor_down()

    def action_absent(self) -> None:
        if self.section_kind != SectionKind.CLOSE:
            return
        person_id = self.query_one("#attendance", AttendanceList).highlighted_person_id
        if person_id is not None:
            self.run_safely(lambda: self.live.set_present(person_id, False), "Marked absent")

    def action_next_meeting_date(self) -> None:
        nxt = self.live.next_meeting()
        self.prompt(
            "Next meeting (date and time)",
            self._set_next,
            value=f"{nxt:%Y-%m-%d %H:%M}" if nxt else "",
            hint="e.g. 2026-12-01 09:00",
        )

    def _set_next(self, text: str) -> None:
        try:
            when = date_parser.parse(text)
        except (ValueError, OverflowError):
            raise MeetingError(f"{text!r} is not a date and time") from None
        when = when.replace(tzinfo=None)
        if when <= local_now(self.live.source):
            raise MeetingError(f"{when:%a %d %b %H:%M} has passed; the next meeting is later")
        self.live.set_next_meeting(when)

    # -- keys and palette ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.section_kind
        if action in ("rate", "absent", "next_meeting_date"):
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

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("Capture an item", "a: open the capture box", self.action_capture),
            ("Next section", "n", self.action_next_section),
            ("Previous section", "p", self.action_previous_section),
            ("Pause or resume the clock", "space", self.action_toggle_pause),
            ("Act on the selected item", "enter", self.action_act),
            ("Attendance: who is here", "m", self.action_attendance),
            ("End the meeting", "after one confirmation", self.end_meeting),
            ("Export the minutes so far (Markdown)", "to the current folder", self.export),
            ("Help: every key", "? or f1", self.app.action_help),
        ]
        for section in self.live.sections:
            commands.append(
                (
                    f"Go to section {section.position + 1}: {visible(section.title)}",
                    f"{section.kind}, {section.planned_seconds / 60:g} min",
                    lambda p=section.position: self.goto_section(p),
                )
            )
        if self.section_kind == SectionKind.CLOSE:
            commands.append(("Set the next meeting date", "N", self.action_next_meeting_date))
        return commands
