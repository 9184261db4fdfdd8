"""The close of the live meeting: who was there, each attendee's rating, the next
meeting's date. A part of MeetingScreen (its actions are the screen's actions)."""

from __future__ import annotations

from campmeeting.clock import local_today
from campmeeting.meeting import LOW_RATING
from campmeeting.tui.dialogs.prompt import PromptScreen
from campmeeting.tui.screens.meeting_parts import MeetingParts
from campmeeting.tui.widgets.section_header import next_meeting_words


class CloseActions(MeetingParts):
    """Attendance, ratings and the next meeting's date, for MeetingScreen."""

    def action_attendance(self) -> None:
        from campmeeting.tui.dialogs.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(self.live), lambda _: self.refresh_view())

    def action_attendee(self) -> None:
        person_id = self.attendance_list().highlighted_person_id
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
        marked: list[bool] = []
        if self.run_safely(lambda: marked.append(self.live.rate(person_id, int(answer)))):
            present = " (marked present: a rating means they were here)" if any(marked) else ""
            self.set_status(f"Rated {answer}{present}")
            self.ask_why(person_id, int(answer))

    def action_rate(self, rating: int) -> None:
        """The highlighted attendee's rating; then on to the next who has not rated. A
        digit never overwrites a rating, and never rates someone marked absent (Enter on
        them does, and says it marks them present)."""
        attendance = self.attendance_list()
        row = attendance.highlighted_row
        if row is None:
            return
        if not row.present:
            self.set_status(
                f"{row.person.name} is marked absent: Enter rates them (and marks them present)",
                error=True,
            )
            return
        if row.rating is not None:
            self.set_status(
                f"{row.person.name} rated {row.rating} already: Enter on them changes it",
                error=True,
            )
            return
        if self.run_safely(lambda: self.live.rate(row.person.id, rating)):
            self.set_status(f"{row.person.name} rated {rating}")
            attendance.to_next_unrated()
            self.refresh_items()
            self.ask_why(row.person.id, rating)

    def ask_why(self, person_id: int, rating: int) -> None:
        """A rating below 8 is discussed (EOS): ask why in a few words; Escape skips."""
        if rating >= LOW_RATING:
            return
        name = next((r.person.name for r in self.live.attendance() if r.person.id == person_id), "")
        self.prompt(
            f"{name} rated {rating}: why? (a few words, optional; Escape skips)",
            lambda reason: self.live.rating_reason(person_id, reason),
            hint="i on their row drops it to the issues list",
            said=f"{name}'s reason kept",
        )

    def action_absent(self) -> None:
        person_id = self.attendance_list().highlighted_person_id
        if person_id is not None:
            self.run_safely(lambda: self.live.set_present(person_id, False), "Marked absent")

    def action_next_meeting_date(self) -> None:
        nxt = self.live.next_meeting()
        self.prompt(
            "Next meeting (date and time, on the team's clock)",
            self.live.set_next_meeting_text,
            value=f"{nxt:%Y-%m-%d %H:%M}" if nxt else "",
            hint="e.g. 'tue 9:00', 'tomorrow 14:00' or 2026-12-01 09:00",
            said=lambda: (
                "Next meeting: " + next_meeting_words(self.live, local_today(self.app.source))
            ),
        )
