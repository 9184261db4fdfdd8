"""Text that changes every second, redrawn cheaply.

A `Static` lays the screen out again and repaints the whole widget on every `update`.
The meeting's clock texts and its agenda rail change every second but keep their shape:
`SteadyText.set_text` skips a change that changes nothing, asks for a layout only when
the shape (the lines and their lengths) changes, and otherwise repaints only the lines
that changed (when every line fits the width: one line of text is one row). Such a
line is drawn again alone (Textual's line API, `render_line`): the other lines keep
their drawn strips. An idle meeting then redraws a few cells a second, as a bare clock
does.
"""

from __future__ import annotations

from typing import Self

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widgets import Static


class SteadyText(Static):
    """A Static whose text is set with `set_text`, as often as once a second."""

    _shown: str | Content | None = None
    _lines: list[tuple[str, tuple[object, ...]]] | None = None
    _rows: list[int] | None = None  # the rows the next refresh repaints (None: all)
    _row_contents: list[Content] | None = None  # the text's lines, when one line is one row
    _strips: dict[int, Strip] | None = None  # the rows drawn, kept until they change
    _strips_key: tuple[object, ...] | None = None  # what the kept rows were drawn for

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

    def update(self, content: object = "", *, layout: bool = True) -> None:
        rows = self._rows
        if rows is not None and self._strips is not None:
            for row in rows:  # only these lines changed: the others stay drawn
                self._strips.pop(row, None)
        else:
            self._strips = None
        self._row_contents = None
        super().update(content, layout=layout)  # type: ignore[arg-type]

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
        else:
            self._strips = None  # resized, restyled, a new text: drawn again
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def notify_style_update(self) -> None:
        self._strips = None  # a new colour or theme: every line is drawn again
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """One row: drawn alone when one line of text is one row, else as a Static."""
        contents = self._row_contents
        width, height = self.size
        if contents is None:
            visual = self.visual
            if not isinstance(visual, Content):
                return super().render_line(y)
            contents = visual.split("\n", allow_blank=True)
            self._row_contents = contents
        if (
            len(contents) > height
            or self.styles.content_align_vertical != "top"
            or self.styles.content_align_horizontal != "left"
            or self.styles.text_align not in ("start", "left")
            or any(self.styles.padding)  # a row is then not a line of text
            or self.text_selection is not None
            or any(line.cell_length > width for line in contents)
        ):
            return super().render_line(y)
        style = self.visual_style
        key = (width, height, style)
        strips = self._strips
        if strips is None or self._strips_key != key:
            strips = self._strips = {}
            self._strips_key = key
        strip = strips.get(y)
        if strip is None:
            if y < len(contents):
                strip = _line_strip(contents[y], y, width, style)
                if strip is None:
                    strip = Visual.to_strips(self, contents[y], width, 1, style, pad=True)[0]
            else:
                strip = Strip.blank(width, style.rich_style)
            strips[y] = strip
        return strip


def _line_strip(line: Content, y: int, width: int, style: Style) -> Strip | None:
    """A line that fits, drawn as Textual draws a left-aligned line of a text (each run
    of one style a segment, its offset kept for selecting text, padded with the background),
    without Textual's wrapping: the clock's texts and the rail change every second.
    None: a line Textual must draw (a tab, a control character, a link)."""
    plain = line.plain
    if "\t" in plain or not plain.isprintable():
        return None
    for span in line.spans:  # a component class, a link: Textual's own way
        if not isinstance(span.style, str) or "link" in span.style or "." in span.style:
            return None
    segments = []
    x = 0
    for text, text_style in line.render(style, end="", parse_style=_parse_style):
        segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, y)))
        x += len(text)
    return Strip(segments).extend_cell_length(width, style.background_style.rich_style)


def _parse_style(style: str | Style) -> Style:
    """A span's style, as a widget reads it (no component classes: see _line_strip)."""
    if isinstance(style, Style):
        return style
    try:  # the app's theme gives the variables ($text-muted)
        return Style.parse(style)
    except Exception:  # as Textual: a style it cannot read is no style
        return Style.null()


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
