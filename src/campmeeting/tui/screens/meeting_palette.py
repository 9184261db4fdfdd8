"""The live meeting's command palette and help: end, discard, export, go to a section.
A part of MeetingScreen (its commands are the screen's)."""

from __future__ import annotations

from functools import partial

from campmeeting.tui.commands import PaletteCommand
from campmeeting.tui.dialogs.confirm import ConfirmScreen
from campmeeting.tui.screens.meeting_parts import MeetingParts
from campmeeting.tui.screens.meeting_scorecard import SCORECARD


class PaletteActions(MeetingParts):
    """What the palette offers beyond the screen's keys, and the help's extra keys."""

    def discard(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes and self.run_safely(self.live.discard):
                self.app.pop_screen()
                self.app.notify(f"Discarded the meeting of {self.live.team.name}")

        self.app.push_screen(
            ConfirmScreen(
                "Discard this meeting?",
                "It was started by mistake and nothing was captured: it is removed as if it "
                "never started; what it brought in waits for the next meeting.",
            ),
            confirmed,
        )

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
        ] + SCORECARD

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand("End the meeting", "after one confirmation", self.end_meeting),
            PaletteCommand(
                "Discard this meeting (started by mistake)",
                "only while nothing is captured",
                self.discard,
            ),
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
