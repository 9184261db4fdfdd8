"""The clock's face: the time in three rows of Textual's digit glyphs, drawn cheaply.

Textual's `Digits` renders its value through Rich each time it is drawn. The face
changes once a second and the screen draws it every second: `ClockFace` draws the
same glyphs (Textual's own 3x3 font) as three strips of one segment each, kept until
the value, the size or the style changes. Its colour and boldness come from the
stylesheet (`#clock-digits`), as a `Digits`'s do; bold picks the bold glyphs.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Size
from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widget import Widget

_REPLACEMENTS = str.maketrans({".": "•"})


def face_rows(value: str, bold: bool) -> tuple[str, str, str]:
    """The three rows of text that Textual's `Digits` shows for `value`."""
    glyphs = DIGITS3X3_BOLD if bold else DIGITS3X3
    rows: tuple[list[str], list[str], list[str]] = ([], [], [])
    for character in value.translate(_REPLACEMENTS):
        index = DIGITS.find(character)
        if index < 0:
            rows[0].append(" ")
            rows[1].append(" ")
            rows[2].append(character)
        else:
            position = index * 3
            for row in range(3):
                rows[row].append(glyphs[position + row].ljust(3))
    return ("".join(rows[0]), "".join(rows[1]), "".join(rows[2]))


class ClockFace(Widget):
    """A value (digits, ':' and '+') in large glyphs: three rows, as Textual's `Digits`."""

    DEFAULT_CSS = """
    ClockFace {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(
        self,
        value: str = "",
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._value = value
        self._strips: list[Strip] | None = None
        self._strips_key: tuple[object, ...] | None = None

    @property
    def value(self) -> str:
        """The value shown."""
        return self._value

    def update(self, value: str) -> None:
        """Show a new value; a new width lays the screen out again."""
        if value == self._value:
            return
        layout = DigitsRenderable.get_width(value) != DigitsRenderable.get_width(self._value)
        self._value = value
        self._strips = None
        self.refresh(layout=layout)

    def notify_style_update(self) -> None:
        self._strips = None  # a new colour or theme: drawn again
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style.rich_style  # cached by Textual until a style changes
        key = (width, style)
        strips = self._strips
        if strips is None or self._strips_key != key:
            strips = [
                Strip([Segment(row, style)]).adjust_cell_length(width, style)
                for row in face_rows(self._value, bool(style.bold))
            ]
            self._strips, self._strips_key = strips, key
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(width, style)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return DigitsRenderable.get_width(self._value)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3
