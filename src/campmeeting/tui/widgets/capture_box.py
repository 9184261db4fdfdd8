"""The quick-capture box: one line per item, @owner completion from the team, and the
line being typed kept per section (a draft), so a crash or a section change loses none."""

from __future__ import annotations

from textual.suggester import Suggester
from textual.widgets import Input

from campmeeting.model import SectionKind
from campmeeting.scorecard import MEASURABLE_HINT
from campmeeting.tui.literal import LiteralInput, quoted

# What a quick capture makes in each section, shown as the box's placeholder.
CAPTURE_HINTS = {
    SectionKind.CHECKIN: "a headline or good news (Enter saves, Escape closes)",
    SectionKind.SCORECARD: MEASURABLE_HINT,
    SectionKind.ACCOUNTABILITY: "a new commitment: text @owner due:fri",
    SectionKind.PRIORITIES: "a new priority: text @owner due:+6w",
    SectionKind.BLOCKERS: "a blocker: text @owner (#TEAM hands it to another team)",
    SectionKind.ACT: "New issue…: text @owner (f works the top issue; then lines are decisions)",
    SectionKind.DECISIONS: "a decision taken",
    SectionKind.COMMITMENTS: "text @owner due:fri|+3d|next",
    SectionKind.CASCADE: "a message #TEAM (one or more teams) @sender",
    SectionKind.CLOSE: "a closing note; with #TEAM (or #all) a message to other teams",
    SectionKind.NOTES: "a note",
}


class HandleSuggester(Suggester):
    """Completes an @handle being typed at the end of the line from the team's members."""

    def __init__(self, handles: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.handles = sorted(handles, key=str.lower)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        if not last.startswith("@") or len(last) < 2:
            return None
        typed = last[1:].lower()
        for handle in self.handles:
            if handle.lower().startswith(typed) and handle.lower() != typed:
                prefix = f"{head} " if head else ""
                return f"{prefix}@{handle}"
        return None


class CaptureBox(LiteralInput):
    """Enter saves and keeps the box open for the next item; Escape closes it (the line
    typed stays, as the section's draft)."""

    def set_handles(self, handles: list[str]) -> None:
        self.suggester = HandleSuggester(handles)

    def show_section(self, kind: SectionKind, draft: str) -> None:
        """The box of another section: its hint and its own draft."""
        self.placeholder = CAPTURE_HINTS[kind]
        with self.prevent(Input.Changed):
            self.value = draft
            self.cursor_position = len(draft)

    def working_on(self, blocker: str | None) -> None:
        """In act: what a line becomes, a decision on the blocker being worked or a new
        issue when none is."""
        if blocker is not None:
            self.placeholder = f"Decision or @owner commitment for: {quoted(blocker, 60)[1:-1]}"
        elif self.placeholder.startswith("Decision or @owner"):
            self.placeholder = CAPTURE_HINTS[SectionKind.ACT]
