"""The agenda rail: every section with its timebox, done / current / upcoming."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content

from campmeeting.records import SectionRun
from campmeeting.text import duration
from campmeeting.tui.literal import visible
from campmeeting.tui.widgets.steady_text import SteadyText


class SectionRail(VerticalScroll, can_focus=False):
    """Sections of the meeting; visited ones show their actual time against the plan.
    Shown again every second: one line of text per section, so the tick redraws only
    the current section's two lines (never the whole rail, never a layout)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._keys: dict[SteadyText, tuple[object, ...]] = {}  # what each entry shows

    def show(self, sections: list[SectionRun], position: int, current_elapsed: float) -> None:
        entries = list(self.query_children(SteadyText))
        if len(entries) != len(sections):
            self.remove_children()
            self._keys.clear()
            entries = [SteadyText("", classes="rail-entry") for _ in sections]
            self.mount_all(entries)
        for entry, section in zip(entries, sections, strict=True):
            current = section.position == position
            actual = current_elapsed if current else section.actual_seconds
            shown = (section.title, section.planned_seconds, section.started_at, current)
            over = actual > section.planned_seconds
            key = (*shown, duration(actual) if section.started_at else None, over)
            if self._keys.get(entry) != key:  # most seconds change one section's time
                entry.set_text(_entry(section, current, actual))
                self._keys[entry] = key

    def plain(self) -> str:
        """The rail as text (every section's two lines)."""
        return "\n".join(str(entry.render()) for entry in self.query_children(SteadyText))


def _entry(section: SectionRun, current: bool, actual: float) -> Content:
    planned = duration(section.planned_seconds)
    if current:
        marker, style = "▶", "bold reverse"
    elif section.started_at is not None:
        marker, style = "✓", "$text-muted"
    else:
        marker, style = "·", ""
    parts: list[Content | str | tuple[str, str]] = [
        (f"{marker} {section.position + 1}. {visible(section.title)}", style),
        "\n     ",
    ]
    if section.started_at is None:
        parts.append((planned, "$text-muted"))
    else:
        over = actual > section.planned_seconds
        parts.append((duration(actual), "bold $text-error" if over else ""))
        parts.append((f" / {planned}", "$text-muted"))
    return Content.assemble(*parts)
