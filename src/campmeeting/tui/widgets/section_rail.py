"""The agenda rail: every section with its timebox, done / current / upcoming."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content

from campmeeting.records import SectionRun
from campmeeting.text import duration
from campmeeting.tui.literal import visible
from campmeeting.tui.widgets.steady_text import SteadyText


class SectionRail(VerticalScroll, can_focus=False):
    """Sections of the meeting with their timeboxes; the sections left behind show their
    actual time against the plan. The current one shows its timebox: its running time is
    the clock's, beside it (a second number counting on the shared screen would say the
    same, and redrawing it each second would make the screen redraw its whole width).
    One text of two lines per section, one widget for all (the screen draws every widget
    it shows each second); `show` is called every second and redraws only on a change."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._keys: list[tuple[object, ...]] = []  # what each entry shows
        self._entries: list[Content] = []
        self._text: SteadyText | None = None  # looked up once: shown every second

    def compose(self) -> ComposeResult:
        yield SteadyText("", id="rail-text")

    def show(self, sections: list[SectionRun], position: int) -> None:
        if len(self._keys) != len(sections):
            self._keys = [() for _ in sections]
            self._entries = [Content("") for _ in sections]
        changed = False
        for n, section in enumerate(sections):
            current = section.position == position
            actual = section.actual_seconds
            shown = (section.title, section.planned_seconds, section.started_at, current)
            over = actual > section.planned_seconds
            time = duration(actual) if section.started_at and not current else None
            key = (*shown, time, over and not current)
            if self._keys[n] != key:  # a section moved to, left, or its time recorded
                self._entries[n] = _entry(section, current, actual)
                self._keys[n] = key
                changed = True
        if changed:
            if self._text is None:
                self._text = self.query_one("#rail-text", SteadyText)
            self._text.set_text(Content("\n").join(self._entries))

    def plain(self) -> str:
        """The rail as text (every section's two lines)."""
        return "\n".join(entry.plain for entry in self._entries)


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
    if current:
        parts.append(planned)  # its running time is the clock's
    elif section.started_at is None:
        parts.append((planned, "$text-muted"))
    else:
        over = actual > section.planned_seconds
        parts.append((duration(actual), "bold $text-error" if over else ""))
        parts.append((f" / {planned}", "$text-muted"))
    return Content.assemble(*parts)
