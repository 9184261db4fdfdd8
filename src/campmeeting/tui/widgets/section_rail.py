"""The agenda rail: every section with its timebox, done / current / upcoming."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from campmeeting.clock import format_duration
from campmeeting.store import SectionRun
from campmeeting.tui.literal import visible


class SectionRail(Static):
    """Sections of the meeting; finished ones show their actual time against the plan."""

    def show(self, sections: list[SectionRun], position: int, current_elapsed: float) -> None:
        text = Text()
        for section in sections:
            planned = format_duration(section.planned_seconds)
            if section.position == position:
                marker, style = "▶", "bold reverse"
                actual = format_duration(current_elapsed)
            elif section.started_at is not None:
                marker, style = "✓", "dim"
                actual = format_duration(section.actual_seconds)
            else:
                marker, style = "·", ""
                actual = ""
            over = section.started_at is not None and (
                (current_elapsed if section.position == position else section.actual_seconds)
                > section.planned_seconds
            )
            line = Text(f"{marker} {section.position + 1}. ", style=style)
            line.append(visible(section.title), style=style)
            text.append(line)
            text.append("\n")
            timing = Text("     ")
            if actual:
                timing.append(actual, style="bold" if over else "")
                timing.append(f" / {planned}", style="dim")
                if over:
                    timing.append(" over", style="bold")
            else:
                timing.append(planned, style="dim")
            text.append(timing)
            text.append("\n")
        self.update(text)
