"""The agenda rail: every section with its timebox, done / current / upcoming."""

from __future__ import annotations

from textual.content import Content

from campmeeting.records import SectionRun
from campmeeting.text import duration
from campmeeting.tui.literal import visible
from campmeeting.tui.widgets.steady_text import SteadyText


class SectionRail(SteadyText):
    """Sections of the meeting; visited ones show their actual time against the plan
    (shown again every second: redrawn only when it changed, never laid out anew)."""

    def show(self, sections: list[SectionRun], position: int, current_elapsed: float) -> None:
        parts: list[Content | str | tuple[str, str]] = []
        for section in sections:
            planned = duration(section.planned_seconds)
            current = section.position == position
            actual = current_elapsed if current else section.actual_seconds
            if current:
                marker, style = "▶", "bold reverse"
            elif section.started_at is not None:
                marker, style = "✓", "$text-muted"
            else:
                marker, style = "·", ""
            parts.append((f"{marker} {section.position + 1}. {visible(section.title)}", style))
            parts.append("\n     ")
            if section.started_at is None:
                parts.append((planned, "$text-muted"))
            else:
                over = actual > section.planned_seconds
                parts.append((duration(actual), "bold $text-error" if over else ""))
                parts.append((f" / {planned}", "$text-muted"))
            parts.append("\n")
        self.set_text(Content.assemble(*parts))
