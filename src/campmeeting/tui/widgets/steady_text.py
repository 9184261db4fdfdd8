"""Text that changes every second, redrawn cheaply.

A `Static` lays the screen out again and repaints the whole widget on every `update`.
The meeting's clock texts and its agenda rail change every second but keep their shape:
`SteadyText.set_text` skips a change that changes nothing, asks for a layout only when
the shape (the lines and their lengths) changes, and otherwise repaints only the lines
that changed (when every line fits the width: one line of text is one row). An idle
meeting then repaints a few cells a second, as a bare clock does.
"""

from __future__ import annotations

from typing import Self

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static


class SteadyText(Static):
    """A Static whose text is set with `set_text`, as often as once a second."""

    _shown: str | Content | None = None
    _lines: list[tuple[str, tuple[object, ...]]] | None = None
    _rows: list[int] | None = None  # the rows the next refresh repaints (None: all)

    def set_text(self, text: str | Content) -> None:
        lines = _lines_of(text)
        if self._shown is not None and lines == self._lines:
            return
        before = self._lines
        same_shape = before is not None and [len(t) for t, _ in lines] == [
            len(t) for t, _ in before
        ]
        if same_shape and before is not None and self._fits(lines):
            pairs = enumerate(zip(lines, before, strict=True))
            self._rows = [n for n, (new, old) in pairs if new != old]
        try:
            self.update(text, layout=not same_shape)
        finally:
            self._rows = None
        self._shown, self._lines = text, lines

    def _fits(self, lines: list[tuple[str, tuple[object, ...]]]) -> bool:
        """One row per line, nothing scrolled: a line's row is its number."""
        width = self.size.width
        return (
            self.is_mounted
            and self.scroll_offset.y == 0
            and len(lines) <= self.size.height
            and all(cell_len(line) <= width for line, _spans in lines)
        )

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        rows = self._rows
        if rows is not None and not regions and not layout and not recompose:
            if not rows:
                return self
            width = self.size.width
            regions = tuple(Region(0, row, width, 1) for row in rows)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


def _lines_of(text: str | Content) -> list[tuple[str, tuple[object, ...]]]:
    """Each line's text and the styles on it (relative to the line's start)."""
    if not isinstance(text, Content):
        return [(line, ()) for line in text.split("\n")]
    plain = text.plain
    lines: list[tuple[str, tuple[object, ...]]] = []
    start = 0
    for line in plain.split("\n"):
        end = start + len(line)
        spans = tuple(
            (max(span.start, start) - start, min(span.end, end) - start, str(span.style))
            for span in text.spans
            if span.start < end and span.end > start
        )
        lines.append((line, spans))
        start = end + 1
    return lines
