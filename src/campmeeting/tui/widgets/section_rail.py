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
        self._shown: tuple[object, ...] | None = None  # what the rail was drawn from
        self._entries: list[Content] = []
        self._text: SteadyText | None = None  # looked up once: shown every second

    def compose(self) -> ComposeResult:
        yield SteadyText("", id="rail-text")

    def show(self, sections: list[SectionRun], position: int) -> None:
        # what the rail shows: the running section's time is not part of it
        shown = tuple(
            (s.title, s.planned_seconds, s.started_at, s.position == position)
            + (() if s.position == position else (s.actual_seconds,))
            for s in sections
        )
        if shown == self._shown:  # the same second after second: nothing to draw
            return
        self._shown = shown
        self._entries = [_entry(s, s.position == position) for s in sections]
        if self._text is None:
            self._text = self.query_one("#rail-text", SteadyText)
        self._text.set_text(Content("\n").join(self._entries))

    def plain(self) -> str:
        """The rail as text (every section's two lines)."""
        return "\n".join(entry.plain for entry in self._entries)


def _entry(section: SectionRun, current: bool) -> Content:
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
        actual = section.actual_seconds
        over = actual > section.planned_seconds
        parts.append((duration(actual), "bold $text-error" if over else ""))
        parts.append((f" / {planned}", "$text-muted"))
    return Content.assemble(*parts)
